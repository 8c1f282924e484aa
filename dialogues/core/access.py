"""Coarse gates for views; per-object rules live on the models."""

from functools import wraps

from flask import abort
from flask_login import current_user, login_required


def admin_required(view):
    @wraps(view)
    @login_required
    def wrapper(*args, **kwargs):
        if not current_user.is_admin:
            abort(403)
        return view(*args, **kwargs)

    return wrapper


def require(allowed: bool) -> None:
    """Refuse the request (403) unless the permission check passed."""
    if not allowed:
        abort(403)
