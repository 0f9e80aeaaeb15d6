"""LoRaWAN uplinks as network servers deliver them, normalized to one ``Uplink``."""
