"""The JSON API's shared plumbing: blueprint, tokens, errors, pagination, the OpenAPI document.

Each feature keeps its endpoints in ``dialogues/<feature>/api.py`` (a ``blp`` built with
``dialogues.api.Blueprint``); ``init_app`` mounts those that exist. See README.md here.
"""

import importlib

from dialogues.api.blueprint import API_PREFIX, Blueprint
from dialogues.api.fields import CountryCode, Id, Instant, TimeZone, instant_text
from dialogues.api.loading import get_or_404
from dialogues.api.pagination import PageQuery, page_of, paginate, paginate_rows

FEATURES = ("programmes", "registrations", "sessions", "recommendations", "briefings")

__all__ = [
    "API_PREFIX",
    "Blueprint",
    "CountryCode",
    "Id",
    "Instant",
    "PageQuery",
    "TimeZone",
    "get_or_404",
    "init_app",
    "instant_text",
    "page_of",
    "paginate",
    "paginate_rows",
]


def init_app(app) -> None:
    """Create the ``Api``, authenticate API requests by token, mount every feature's API."""
    from dialogues.api import auth, endpoints, models  # noqa: F401  (models: the token table)
    from dialogues.api.extension import SETTINGS, DialoguesApi
    from dialogues.extensions import csrf, login_manager

    for key, value in SETTINGS.items():
        app.config.setdefault(key, value)
    app.session_interface = auth.ApiAwareSessionInterface()
    login_manager.request_loader(auth.load_bearer_user)
    app.after_request(auth.add_bearer_challenge)
    api = DialoguesApi(app)
    for blp in (endpoints.blp, *feature_blueprints()):
        csrf.exempt(blp)  # bearer tokens only, no cookie: nothing to forge
        login_manager.blueprint_login_views[blp.name] = None  # login_required → 401, not a redirect
        api.register_blueprint(blp)


def feature_blueprints() -> list:
    """The ``blp`` of each feature's ``api.py``; a feature without one yet is skipped."""
    found = []
    for feature in FEATURES:
        name = f"dialogues.{feature}.api"
        try:
            module = importlib.import_module(name)
        except ModuleNotFoundError as error:
            if error.name != name:
                raise
            continue
        if getattr(module, "blp", None) is not None:
            found.append(module.blp)
    return found
