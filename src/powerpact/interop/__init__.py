"""Converters between powerpact systems and other tools' formats (PyPSA networks)."""
