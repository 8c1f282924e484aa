"""The home page: a signed-in person's programmes; for the public, the published digests."""

from flask import Blueprint

bp = Blueprint("home", __name__)

from dialogues.home import views  # noqa: E402, F401
