"""Data access: every DynamoDB read and write of the platform goes through this package.

One table holds every municipal record (single-table design). Keys start with the municipality,
so a query can never cross into another municipality's records. Access patterns are listed
beside each item in ``items.py``; no request path scans.
"""
