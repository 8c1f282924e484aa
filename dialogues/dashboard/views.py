"""Pages for the programme dashboard."""

from dialogues.dashboard import bp  # noqa: F401
