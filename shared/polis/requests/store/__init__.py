"""Data access of service requests: the requests, their categories and photos."""
