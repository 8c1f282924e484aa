"""Pages for briefings."""

from dialogues.briefings import bp  # noqa: F401
