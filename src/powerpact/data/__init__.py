"""Embedded systems and the synthesis of their input series."""
