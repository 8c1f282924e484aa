"""Pages for sessions."""

from dialogues.sessions import bp  # noqa: F401
