"""LoRaWAN payload codecs, one module per device model, found by model id.

A model id is the vendor and device id of The Things Network device repository
(``vendor/device``, e.g. ``dragino/ldds75``).
"""

from polis.codecs.base import Codec, DecodeError, Quantity
from polis.codecs.lookup import all_codecs, get_codec, register

__all__ = ["Codec", "DecodeError", "Quantity", "all_codecs", "get_codec", "register"]
