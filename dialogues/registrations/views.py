"""Pages for registrations."""

from dialogues.registrations import bp  # noqa: F401
