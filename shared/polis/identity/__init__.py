"""Identity and access: who calls the API (a citizen or a municipality's staff) and with what roles."""
