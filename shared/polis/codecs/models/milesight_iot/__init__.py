"""Milesight models: each a channel table for the shared record format in ``polis.codecs.milesight``."""
