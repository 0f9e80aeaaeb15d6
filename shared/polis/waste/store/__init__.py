"""Data access of waste collection: bins, trucks and sites, route plans, routing runs and their files."""
