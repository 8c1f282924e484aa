"""Dialogue sessions: scheduling, attendance, calendars and notes."""

from flask import Blueprint

bp = Blueprint("sessions", __name__)

from dialogues.sessions import views  # noqa: E402, F401  (routes register on import)
