"""Accounts, sign-in and sign-out."""

from flask import Blueprint

bp = Blueprint("auth", __name__)

from dialogues.auth import account_views, token_views, two_factor_views, views  # noqa: E402, F401

bp.before_app_request(two_factor_views.require_two_factor_setup)
