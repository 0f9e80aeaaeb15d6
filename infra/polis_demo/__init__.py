"""The demo city on the local platform: seed data and the simulated device fleet."""
