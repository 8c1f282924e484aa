"""Dialogues: software for the NGOs that run Track II diplomacy."""

import os
import re
import uuid
from pathlib import Path

from flask import Flask, g, request

from dialogues import api, config
from dialogues.core.escaping import TemplateEnvironment
from dialogues.core.json_provider import JSONProvider
from dialogues.core.storable import refuse_unstorable_input
from dialogues.extensions import csrf, db, login_manager, migrate

PACKAGE = Path(__file__).resolve().parent
# A source checkout keeps templates/, static/ and migrations/ beside the package; an installed
# wheel carries them inside it.
ROOT = PACKAGE.parent if (PACKAGE.parent / "migrations").is_dir() else PACKAGE


def create_app(test_config: dict | None = None) -> Flask:
    """Build the application: defaults, ``instance/config.py``, environment, ``test_config``."""
    app = Flask(
        __name__,
        instance_path=_instance_path(test_config),
        instance_relative_config=True,
        template_folder=str(ROOT / "templates"),
        static_folder=str(ROOT / "static"),
    )
    app.jinja_environment = TemplateEnvironment  # before anything reads app.jinja_env
    app.before_request(_assign_request_id)
    app.before_request(refuse_unstorable_input)  # before any other hook reads the request
    config.load(app, test_config)
    app.json = JSONProvider(app)
    _init_extensions(app)
    _register_blueprints(app)
    api.init_app(app)
    _register_commands(app)
    _register_policies(app)
    app.after_request(_finish_request)
    return app


def _instance_path(test_config: dict | None) -> str:
    path = (test_config or {}).get("INSTANCE_PATH") or os.environ.get("DIALOGUES_INSTANCE")
    return str(Path(path).resolve()) if path else str(ROOT / "instance")


def _init_extensions(app: Flask) -> None:
    from dialogues import models  # noqa: F401  (every table known to the metadata)
    from dialogues.auth.operations import load_session_user
    from dialogues.core import (
        cookies,
        database,
        errors,
        headers,
        i18n,
        logs,
        templating,
        throttle,
        urls,
    )

    db.init_app(app)
    migrate.init_app(app, db, directory=str(ROOT / "migrations"), render_as_batch=True)
    csrf.init_app(app)
    login_manager.init_app(app)
    login_manager.login_view = "auth.login"
    login_manager.session_protection = None  # server-side session rows do this job
    login_manager.user_loader(load_session_user)
    with app.app_context():
        database.configure_engine(app, db.engine)
    errors.init_app(app)
    logs.init_app(app)
    throttle.init_app(app)
    i18n.init_app(app)
    templating.init_app(app)
    cookies.init_app(app)
    urls.init_app(app)
    headers.init_app(app)


def _register_blueprints(app: Flask) -> None:
    from dialogues import (
        admin,
        auth,
        briefings,
        dashboard,
        home,
        programmes,
        recommendations,
        registrations,
        sessions,
    )
    from dialogues.core.views import bp as core_bp

    features = (
        auth,
        home,
        admin,
        programmes,
        registrations,
        sessions,
        recommendations,
        briefings,
        dashboard,
    )
    app.register_blueprint(core_bp)
    for feature in features:
        app.register_blueprint(feature.bp)


def _register_policies(app: Flask) -> None:
    from dialogues.programmes import two_factor_policy

    two_factor_policy.init_app(app)


def _register_commands(app: Flask) -> None:
    from dialogues import cli

    cli.init_app(app)


# What a load balancer's request id may look like; anything else (a NUL, a line break that
# would forge a log line) is replaced by our own.
REQUEST_ID = re.compile(r"[A-Za-z0-9._:-]{1,64}")


def _assign_request_id() -> None:
    incoming = request.headers.get("X-Request-ID", "")
    g.request_id = incoming if REQUEST_ID.fullmatch(incoming) else uuid.uuid4().hex


def _finish_request(response):
    """One commit per request: kept when it succeeded, rolled back otherwise."""
    if response.status_code < 400:
        db.session.commit()
    else:
        db.session.rollback()
    response.headers["X-Request-ID"] = g.get("request_id", "")
    return response
