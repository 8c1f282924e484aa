"""Programmes, their sides and staff, and the programme dashboard."""

from flask import Blueprint

bp = Blueprint("programmes", __name__)

from dialogues.programmes import views  # noqa: E402, F401  (routes register on import)
