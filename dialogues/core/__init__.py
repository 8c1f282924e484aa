"""Shared foundations: base types, access helpers, forms, errors and the audit log."""
