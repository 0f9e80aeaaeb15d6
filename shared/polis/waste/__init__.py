"""Waste collection: bins, their fill level, and (later) collection routes."""
