"""Registration for programmes, the registration desk and side balance."""

from flask import Blueprint

bp = Blueprint("registrations", __name__)

# Routes register on import.
from dialogues.registrations import (  # noqa: E402, F401
    account_views,
    csv_views,
    desk_views,
    views,
)
