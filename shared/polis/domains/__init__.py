"""Latest state and domain events of every ingestion domain but waste (``polis.waste``).

Each module has a pure ``next_state(asset, previous, reading)`` (the transition, unit-tested
alone) and ``apply_reading(device, reading)``, the ingest pipeline's state updater, which wraps it
in ``common.apply``: find the asset, read the previous state, save the new one newer-only.
"""
