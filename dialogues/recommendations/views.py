"""Pages for recommendations."""

from dialogues.recommendations import bp  # noqa: F401
