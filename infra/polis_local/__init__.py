"""The embedded local platform: moto as AWS, an in-process MQTT broker as IoT Core."""
