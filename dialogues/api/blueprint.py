"""The blueprint every feature's ``api.py`` uses: flask-smorest's, with our parser and gates."""

from dataclasses import dataclass
from functools import wraps
from http import HTTPStatus

import flask_smorest
from flask import abort
from flask_login import current_user

from dialogues.api.parser import ApiParser

API_PREFIX = "/api/v1"
BEARER = [{"bearerAuth": []}]


class Blueprint(flask_smorest.Blueprint):
    """A feature's API blueprint, mounted under ``/api/v1``.

    ``tag`` groups its operations in the OpenAPI document (default: the name without ``_api``).
    """

    ARGUMENTS_PARSER = ApiParser()

    def __init__(self, name: str, import_name: str, *, tag: str | None = None, **kwargs):
        kwargs.setdefault("url_prefix", API_PREFIX)
        super().__init__(name, import_name, **kwargs)
        self.tag = tag or name.removesuffix("_api")

    def add_url_rule(self, rule, endpoint=None, view_func=None, *args, tags=None, **options):
        super().add_url_rule(rule, endpoint, view_func, *args, tags=tags or [self.tag], **options)

    def arguments(self, schema, *, location="json", deferred=False, **kwargs):
        """``flask_smorest``'s, and a JSON body also documents 400 (malformed or not JSON).

        ``deferred=True``: the view gets ``Deferred`` arguments and reads them itself, once it
        has loaded its object (404) and checked access (403), so a caller without the right is
        refused before their input is judged (422). The document is the same either way.
        """
        if isinstance(schema, type):  # one instance, not one per request (fields deep-copied)
            schema = schema()
        parse = super().arguments(schema, location=location, **kwargs)
        if deferred:
            parse = self._deferred(parse, schema, location, kwargs)
        if location != "json":
            return parse
        return lambda view: self.errors(400)(parse(view))

    def _deferred(self, parse, schema, location: str, options: dict):
        def decorator(view):
            @wraps(view)
            def wrapper(*args, **kwargs):
                arguments = Deferred(self.ARGUMENTS_PARSER, schema, location, options)
                return view(*args, arguments, **kwargs)

            wrapper._apidoc = parse(view)._apidoc  # documented as if parsed up front
            return wrapper

        return decorator

    def login_required(self, view):
        """Answer 401 unless a valid bearer token came with the request; documents both."""

        @wraps(view)
        def wrapper(*args, **kwargs):
            if not current_user.is_authenticated:
                abort(401, "Send a valid API token: Authorization: Bearer <token>.")
            return view(*args, **kwargs)

        return self.errors(401)(self.doc(security=BEARER)(wrapper))

    def errors(self, *codes: int):
        """Document the error answers an endpoint may give (403, 404, 409, ...)."""

        def decorator(view):
            for code in codes:
                view = self.alt_response(code, response=HTTPStatus(code).name)(view)
            return view

        return decorator


@dataclass(frozen=True)
class Deferred:
    """A request's body or query string, validated by its schema when the view reads it."""

    parser: ApiParser
    schema: object
    location: str
    options: dict

    def read(self) -> dict:
        """The validated arguments, as ``@blp.arguments`` would pass them (422 if invalid)."""
        return self.parser.parse(self.schema, location=self.location, **self.options)
