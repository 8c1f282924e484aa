"""Fixtures for the dashboard: the programmes' cast (``statements`` is shared)."""

from tests.programmes.conftest import cast, sign_in  # noqa: F401  (shared fixtures)
