"""Configuration: defaults, then ``instance/config.py``, then the environment, then test config."""

import os
import secrets
from pathlib import Path

ENVIRONMENT_KEYS = (
    "DATABASE_URL",
    "SECRET_KEY",
    "REDIS_URL",
    "PROXY_COUNT",
    "MAIL_SERVER",
    "MAIL_PORT",
    "MAIL_USERNAME",
    "MAIL_PASSWORD",
    "MAIL_SENDER",
    "ORGANISATION_NAME",
)


class Defaults:
    """Settings that hold unless the instance, the environment or a test overrides them."""

    SQLALCHEMY_DATABASE_URI = None  # filled in with the instance folder's SQLite file
    # A failed statement's values (names, emails, notes) stay out of error messages and logs.
    SQLALCHEMY_ENGINE_OPTIONS: dict = {"hide_parameters": True}
    SESSION_COOKIE_HTTPONLY = True
    SESSION_COOKIE_SAMESITE = "Lax"
    SESSION_COOKIE_NAME = "dialogues_session"
    PREFERRED_URL_SCHEME = "https"
    WTF_CSRF_TIME_LIMIT = None  # a form stays valid as long as its sign-in session does
    MAX_CONTENT_LENGTH = 2 * 1024 * 1024
    # A form field's limit (Flask's default: 500 kB). The CSV import's preview accepts files of
    # up to 1 MB and its confirmation posts the file back as a field: just above that.
    MAX_FORM_MEMORY_SIZE = 1024 * 1024 + 64 * 1024
    REDIS_URL = None
    MAIL_SERVER = None  # no server: mail goes to instance/outbox/ as .eml files
    MAIL_PORT = 587
    MAIL_SENDER = "Dialogues <no-reply@dialogues.invalid>"
    ORGANISATION_NAME = "Dialogues"  # the NGO: named as author in exported files, never a person
    PROXY_COUNT = 0  # reverse proxies in front of the app whose X-Forwarded-* headers we trust
    LOGIN_ACCOUNT_LIMIT = 10  # failures per account ...
    LOGIN_ACCOUNT_WINDOW = 15 * 60  # ... within this many seconds
    LOGIN_ADDRESS_LIMIT = 50  # failures per client address ...
    LOGIN_ADDRESS_WINDOW = 60 * 60  # ... within this many seconds
    SESSION_IDLE_TIMEOUT = 8 * 60 * 60
    SESSION_ABSOLUTE_TIMEOUT = 7 * 24 * 60 * 60
    # Administrators and coordinators must use two-factor; None: yes in production mode, no in
    # development (so `make run`'s demo accounts sign in at once).
    TWO_FACTOR_REQUIRED = None
    PRODUCTION = True  # development server and tests switch it off


def load(app, test_config=None):
    """Apply the layers in order; later layers win."""
    app.config.from_object(Defaults)
    app.config.from_pyfile("config.py", silent=True)
    for key in ENVIRONMENT_KEYS:
        if os.environ.get(key):
            app.config[key] = os.environ[key]
    if os.environ.get("DATABASE_URL"):
        app.config["SQLALCHEMY_DATABASE_URI"] = normalise_database_url(os.environ["DATABASE_URL"])
    if os.environ.get("DIALOGUES_PRODUCTION") == "0":
        app.config["PRODUCTION"] = False
    if os.environ.get("TWO_FACTOR_REQUIRED"):
        app.config["TWO_FACTOR_REQUIRED"] = os.environ["TWO_FACTOR_REQUIRED"] not in {"0", "false"}
    if test_config:
        app.config.update(test_config)
    if app.config.get("DATABASE_URL") and not app.config.get("SQLALCHEMY_DATABASE_URI"):
        app.config["SQLALCHEMY_DATABASE_URI"] = normalise_database_url(app.config["DATABASE_URL"])
    if not app.config.get("SQLALCHEMY_DATABASE_URI"):
        path = Path(app.instance_path) / "dialogues.sqlite3"
        app.config["SQLALCHEMY_DATABASE_URI"] = f"sqlite:///{path}"
    if not app.config.get("SECRET_KEY"):
        app.config["SECRET_KEY"] = instance_secret(app.instance_path, "secret_key")
    if app.config["TWO_FACTOR_REQUIRED"] is None:
        app.config["TWO_FACTOR_REQUIRED"] = app.config["PRODUCTION"]
    if app.config["PRODUCTION"] and app.debug:
        raise RuntimeError("Refusing to start: DEBUG is on in production mode.")


def normalise_database_url(url: str) -> str:
    """Let plain ``postgresql://`` URLs use psycopg 3, the driver we install."""
    for prefix in ("postgres://", "postgresql://"):
        if url.startswith(prefix):
            return "postgresql+psycopg://" + url[len(prefix) :]
    return url


def instance_secret(instance_path: str, name: str, nbytes: int = 32) -> str:
    """Read a secret kept in the instance folder, creating it once (atomically) if missing.

    Every worker reads the same file, so they all sign cookies with the same key.
    """
    folder = Path(instance_path)
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / name
    if not path.exists():
        candidate = folder / f".{name}.{os.getpid()}.tmp"
        candidate.write_text(secrets.token_hex(nbytes))
        candidate.chmod(0o600)
        try:
            os.link(candidate, path)  # fails if another worker won the race
        except FileExistsError:
            pass
        finally:
            candidate.unlink()
    return path.read_text().strip()
