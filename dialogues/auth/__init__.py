"""Accounts, sign-in and sign-out."""

from flask import Blueprint

bp = Blueprint("auth", __name__)

from dialogues.auth import account_views, views  # noqa: E402, F401  (routes register on import)
