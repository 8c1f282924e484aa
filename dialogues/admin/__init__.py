"""Pages for administrators of the installation: the audit log."""

from flask import Blueprint

bp = Blueprint("admin", __name__, url_prefix="/admin")

from dialogues.admin import views  # noqa: E402, F401
