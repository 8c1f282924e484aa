"""The home page."""

from flask import render_template
from flask_login import current_user

from dialogues.home import bp
from dialogues.home.queries import programmes_for, programmes_with_digest


@bp.get("/")
def index():
    if current_user.is_authenticated:
        return render_template("home/index.html", programmes=programmes_for(current_user))
    return render_template("home/public.html", programmes=programmes_with_digest())
