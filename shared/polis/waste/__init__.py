"""Waste collection: bins and their fill, trucks and disposal sites, and the daily route plans."""
