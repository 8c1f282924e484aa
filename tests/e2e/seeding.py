"""Data for the browser tests, written straight into the live server's database through the
app's own operations (and the test factories where an operation has no say), so a test can set
up a programme with many rows, or with odd text, without clicking through every form.

``with seeding(server_env):`` gives an app context on the server's database and instance folder
(the same note and two-factor keys), so what is written here reads back in the server alike.
"""

from contextlib import contextmanager

import pyotp

from dialogues import create_app
from dialogues.auth.operations import create_user
from dialogues.config import normalise_database_url
from dialogues.core.crypto import seal
from dialogues.core.models import utcnow
from dialogues.extensions import db

PASSWORD = "a long seeded password"


@contextmanager
def seeding(server_env: dict):
    """An app context on the live server's database; commits what the block wrote."""
    instance = server_env["DIALOGUES_INSTANCE"]
    url = server_env.get("DATABASE_URL")
    config = {
        "PRODUCTION": False,
        "SECRET_KEY": server_env["SECRET_KEY"],
        "INSTANCE_PATH": instance,
        "SQLALCHEMY_DATABASE_URI": (
            normalise_database_url(url) if url else f"sqlite:///{instance}/dialogues.sqlite3"
        ),
        "SERVER_NAME": "127.0.0.1",  # links in the emails the operations send
        "PREFERRED_URL_SCHEME": "http",
    }
    app = create_app(config)
    with app.app_context():
        try:
            yield app
            db.session.commit()
        finally:
            db.session.remove()
            db.engine.dispose()


def person(email: str, name: str, *, is_admin: bool = False):
    """An account with ``PASSWORD`` (created by the auth operation)."""
    user = create_user(email, name, PASSWORD, is_admin=is_admin)
    db.session.flush()
    return user


def administrator(email: str, name: str) -> tuple:
    """An administrator with two-factor already on; returns the user and the TOTP secret."""
    from dialogues.auth import two_factor

    user = person(email, name, is_admin=True)
    secret = pyotp.random_base32()
    user.totp_secret = seal(two_factor._key(), two_factor._context(user), secret)
    user.two_factor_enabled_at = utcnow()
    return user, secret
