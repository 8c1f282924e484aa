"""The blueprint every feature's ``api.py`` uses: flask-smorest's, with our parser and gates."""

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

    def arguments(self, schema, *, location="json", **kwargs):
        """``flask_smorest``'s, and a JSON body also documents 400 (malformed or not JSON)."""
        parse = super().arguments(schema, location=location, **kwargs)
        if location != "json":
            return parse
        return lambda view: self.errors(400)(parse(view))

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
