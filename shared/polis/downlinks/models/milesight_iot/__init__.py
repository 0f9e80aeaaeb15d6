"""Milesight models."""
