"""Reads of talent management, each filtered by talenta.permissions (selectors by subject)."""
