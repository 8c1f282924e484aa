"""Recommendations: filing, workflow, versions, endorsements and search."""

from flask import Blueprint

bp = Blueprint("recommendations", __name__)

from dialogues.recommendations import views  # noqa: E402, F401  (routes register on import)
