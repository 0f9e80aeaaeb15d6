"""Possible duplicates: open requests of the same category close by, which staff may merge.

Fifty metres: a bin, a street light or a pothole reported twice is reported from within a few
dozen metres (phone GPS in a street is good to about 5-20 m), while two bins or two lights of a
street are rarely closer than that to each other's reports.
"""

from __future__ import annotations

import math
from collections.abc import Iterable

from polis.devices.model import Location
from polis.requests.models import ServiceRequest

DUPLICATE_RADIUS_M = 50.0
_EARTH_RADIUS_M = 6_371_008.8


def distance_m(a: Location, b: Location) -> float:
    """Great-circle distance (haversine), good to well under a metre at this range."""
    lat1, lat2 = math.radians(a.latitude), math.radians(b.latitude)
    dlat = lat2 - lat1
    dlon = math.radians(b.longitude - a.longitude)
    h = math.sin(dlat / 2) ** 2 + math.cos(lat1) * math.cos(lat2) * math.sin(dlon / 2) ** 2
    return 2 * _EARTH_RADIUS_M * math.asin(min(1.0, math.sqrt(h)))


def possible_duplicates(
    request: ServiceRequest, candidates: Iterable[ServiceRequest], radius_m: float = DUPLICATE_RADIUS_M
) -> list[ServiceRequest]:
    """Open requests of its category within the radius, nearest first (the request itself excluded)."""
    near = [
        (distance_m(request.location, other.location), other)
        for other in candidates
        if other.reference != request.reference and other.is_open and other.category == request.category
    ]
    return [
        other for d, other in sorted(near, key=lambda pair: (pair[0], pair[1].reference)) if d <= radius_m
    ]
