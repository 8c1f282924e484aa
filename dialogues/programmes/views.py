"""Pages for programmes."""

from dialogues.programmes import bp  # noqa: F401
