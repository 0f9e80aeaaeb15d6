"""Numbers as the vendors' JavaScript decoders produce them.

JavaScript has a single number type and writes a whole one as ``220``, where Python writes the
float ``220.0``. Decoders return whole results as ``int`` so a decoded object serializes to the
same JSON text as the vendor's; the values are the same IEEE doubles either way.
"""

from __future__ import annotations


def js_number(value: float) -> int | float:
    if isinstance(value, float) and value.is_integer():
        return int(value)
    return value


def scaled(raw: int, divisor: float) -> int | float:
    """``raw / divisor`` as the vendor computes it: one correctly rounded double division."""
    return js_number(raw / divisor)
