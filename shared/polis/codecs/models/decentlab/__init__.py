"""Decentlab models: each a sensor table for the shared protocol in ``polis.codecs.decentlab``."""
