"""Registration for programmes, the registration desk and side balance."""

from flask import Blueprint

bp = Blueprint("registrations", __name__)

from dialogues.registrations import views  # noqa: E402, F401  (routes register on import)
