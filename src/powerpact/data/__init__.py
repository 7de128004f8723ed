"""Embedded systems: the Serbia default (``serbia-2025``), its derived tables and costs."""
