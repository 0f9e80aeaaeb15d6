"""Data access of consultations: their content and status, responses, citizens' profiles."""
