"""Service requests: what citizens report (a full bin, a dark street light, a pothole) and its handling.

A request belongs to one municipality and one of its categories, whose department works it.
``lifecycle`` holds the rules of its states (submitted, acknowledged, assigned, in progress,
resolved or rejected, or merged into a duplicate); ``desk`` is what the API calls to carry them
out, store them and tell the reporter; ``open311`` is the GeoReport v2 face of the same requests.
"""
