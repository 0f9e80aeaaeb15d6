"""The device fleet: the registry of devices, their health, the scheduled silence check."""
