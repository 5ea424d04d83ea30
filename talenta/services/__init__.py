"""Writes of talent management, one transaction per business change (services by subject)."""
