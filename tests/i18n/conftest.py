"""The security tests' world (a programme with a person in every role) for the language tests."""

from tests.security.conftest import as_role, world  # noqa: F401  (fixtures)
