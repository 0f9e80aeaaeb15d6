"""Polis: a serverless smart-city platform for municipalities."""

__version__ = "0.1.0"
