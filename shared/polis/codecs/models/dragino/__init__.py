"""Dragino models: each model has its own fPort-specific frame, see ``polis.codecs.dragino``."""
