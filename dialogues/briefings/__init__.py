"""Briefings for each side's government, and the public digest."""

from flask import Blueprint

bp = Blueprint("briefings", __name__)

from dialogues.briefings import views  # noqa: E402, F401  (routes register on import)
