"""The flask-smorest ``Api``: feature blueprints, the OpenAPI document, our error format."""

import flask_smorest
from apispec.ext.marshmallow import MarshmallowPlugin

from dialogues.api.blueprint import API_PREFIX
from dialogues.api.schemas import ErrorSchema
from dialogues.core.urls import MAX_ID, IdConverter

SETTINGS = {
    "API_TITLE": "Dialogues",
    "API_VERSION": "1",
    "OPENAPI_VERSION": "3.0.3",
    "OPENAPI_URL_PREFIX": API_PREFIX,
    "OPENAPI_JSON_PATH": "openapi.json",
    # The reference page at /api/v1/docs; assets are vendored (templates/swagger_ui.html).
    "OPENAPI_SWAGGER_UI_PATH": "docs",
    "OPENAPI_SWAGGER_UI_URL": "/static/vendor/swagger-ui/",
    "API_TOKEN_LIFETIME": 30 * 24 * 60 * 60,  # seconds
}
DESCRIPTION = (
    "The Dialogues JSON API. Authenticate with `Authorization: Bearer <token>` "
    '(`POST /api/v1/auth/token`). Errors are `{"error": {"code", "message", "fields"?}}`.'
)


class DialoguesApi(flask_smorest.Api):
    ERROR_SCHEMA = ErrorSchema
    # No catch-all ``default`` answer: each operation lists the statuses it can give, so a
    # client (and the fuzz test's status-code check) can rely on the list.
    DEFAULT_ERROR_RESPONSE_NAME = None

    def __init__(self, app):
        self._tags: set[str] = set()
        plugin = MarshmallowPlugin(schema_name_resolver=schema_name)
        spec_kwargs = {"marshmallow_plugin": plugin, "info": {"description": DESCRIPTION}}
        super().__init__(app, spec_kwargs=spec_kwargs)
        self.spec.components.security_scheme(
            "bearerAuth", {"type": "http", "scheme": "bearer", "description": "An API token."}
        )
        self.register_converter(IdConverter, _id_parameter)

    def _register_pagination_header(self):
        """Nothing to do: our lists answer ``{"items", "total", ...}``, not a pagination header."""

    def _register_error_handlers(self):
        """Nothing to do: ``dialogues.core.errors`` answers errors for pages and the API alike."""

    def register_blueprint(self, blp, **options):
        """Register ``blp`` and its operations, grouped under its tag rather than its name."""
        self._app.extensions["flask-smorest"]["blp_name_to_api"][blp.name] = self
        self._app.register_blueprint(blp, **options)
        blp.register_views_in_doc(self, self._app, self.spec, name=blp.name, parameters=None)
        if blp.tag not in self._tags:
            self._tags.add(blp.tag)
            self.spec.tag({"name": blp.tag, "description": blp.description})


def schema_name(schema) -> str | None:
    """Component names: ``ProgrammeSchema`` → ``Programme``; partial loads get ``Patch``.

    Schemas narrowed with ``only``/``exclude`` are written inline instead of as components,
    so two narrowings of one class never compete for a name.
    """
    cls = schema if isinstance(schema, type) else type(schema)
    name = cls.__name__.removesuffix("Schema") or cls.__name__
    if isinstance(schema, type):
        return name
    if schema.only or schema.exclude:
        return None
    return name + "Patch" if schema.partial else name


def _id_parameter(_converter) -> dict:
    return {"type": "integer", "format": "int64", "minimum": 1, "maximum": MAX_ID}
