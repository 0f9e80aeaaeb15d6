"""Ingestion: an uplink from any network server, decoded, validated, stored once."""
