"""Bosch models."""
