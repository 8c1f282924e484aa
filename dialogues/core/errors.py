"""Errors the operations raise, and how pages and the API answer them.

Pages get an error page in the site's look; paths under ``/api/`` get
``{"error": {"code", "message", "fields"?}}`` as the API contract fixes.
"""

import logging

from flask import g, jsonify, render_template, request
from flask_babel import gettext, lazy_gettext
from werkzeug.exceptions import HTTPException

from dialogues.core import audit
from dialogues.extensions import db

log = logging.getLogger(__name__)
# Parts of a path that are secrets, never recorded (see ``_recordable_path``).
SECRET_ARGUMENTS = frozenset({"token"})

CODES = {
    400: "bad_request",
    401: "unauthorized",
    403: "forbidden",
    404: "not_found",
    405: "method_not_allowed",
    409: "conflict",
    413: "payload_too_large",
    422: "validation_error",
    429: "rate_limited",
    500: "server_error",
    503: "unavailable",
}
PAGE_TEMPLATES = {400, 403, 404, 429, 500}


class DialoguesError(Exception):
    status = 400
    # Lazy: read when raised, in the request's language (English for the API and outside requests).
    message = lazy_gettext("The request could not be processed.")

    def __init__(self, message: str | None = None):
        message = str(message or self.message)
        super().__init__(message)
        self.message = message

    def extra(self) -> dict:
        return {}


class ValidationFailed(DialoguesError):
    """Bad input: messages per field name. Raised before anything is written."""

    status = 422
    message = lazy_gettext("Some fields need attention.")

    def __init__(self, fields: dict[str, list[str]], message: str | None = None):
        super().__init__(message)
        self.fields = fields

    def extra(self) -> dict:
        return {"fields": self.fields}


class Conflict(DialoguesError):
    status = 409
    message = lazy_gettext("This conflicts with the current state.")


class Forbidden(DialoguesError):
    status = 403
    message = lazy_gettext("You do not have access to this.")


class RateLimited(DialoguesError):
    status = 429
    message = lazy_gettext("Too many attempts. Try again later.")

    def __init__(self, retry_after: int, message: str | None = None):
        super().__init__(message)
        self.retry_after = retry_after


def is_api_request() -> bool:
    return request.path.startswith("/api/")


def error_response(status: int, message: str, extra: dict | None = None, headers=None):
    if status >= 500:
        _undo_the_request()
    if status == 403:
        _record_denied()
    if is_api_request():
        body = {"code": CODES.get(status, "error"), "message": message, **(extra or {})}
        response = jsonify(error=body)
    else:
        template = f"errors/{status if status in PAGE_TEMPLATES else 'generic'}.html"
        response = render_template(template, status=status, message=message, **(extra or {}))
    return response, status, headers or {}


def _undo_the_request() -> None:
    """Roll back before the error page is drawn: after a failed statement or commit the session
    refuses every read (the page reads the signed-in user) until it is rolled back."""
    db.session.rollback()


def _record_denied() -> None:
    audit.record_refusal("access.denied", path=_recordable_path(), method=request.method)


def _recordable_path() -> str:
    """The path, or for one that carries a secret (a staff invitation's or a password reset's
    token, still usable) its rule: the audit log keeps it for good."""
    if request.url_rule is not None and SECRET_ARGUMENTS.intersection(request.view_args or ()):
        return request.url_rule.rule
    return request.path


def handle_http_exception(error: HTTPException):
    headers = {}
    if error.code == 405 and error.valid_methods:
        headers["Allow"] = ", ".join(error.valid_methods)
    if error.code == 429 and getattr(error, "retry_after", None):
        headers["Retry-After"] = str(error.retry_after)
    fields = _parser_messages(error)
    if fields:  # the API's request parser (webargs) found bad input
        return handle_dialogues_error(ValidationFailed(fields))
    return error_response(error.code or 500, _description(error), headers=headers)


def _description(error: HTTPException) -> str:
    """What went wrong; a page leaves out werkzeug's stock English (its heading says it)."""
    if not is_api_request() and error.description == type(error).description:
        return ""
    return error.description or ""


def _parser_messages(error: HTTPException) -> dict[str, list[str]]:
    """webargs attaches marshmallow's messages per location: ``{"json": {"sides": {0: …}}}``."""
    messages = (getattr(error, "data", None) or {}).get("messages")
    if error.code != 422 or not isinstance(messages, dict):
        return {}
    fields: dict[str, list[str]] = {}
    for location_messages in messages.values():
        fields.update(flatten_messages(location_messages))
    return fields


def flatten_messages(messages, path: str = "") -> dict[str, list[str]]:
    """Nested marshmallow messages as dotted field names: ``{"sides.0.countries": [...]}``.

    Messages about a whole object (marshmallow's ``_schema``) go under that object's name.
    """
    if isinstance(messages, dict):
        flat: dict[str, list[str]] = {}
        for key, value in messages.items():
            name = path if key == "_schema" and path else f"{path}.{key}" if path else str(key)
            for field, texts in flatten_messages(value, name).items():
                flat.setdefault(field, []).extend(texts)
        return flat
    texts = messages if isinstance(messages, list) else [messages]
    return {path or "_schema": [str(text) for text in texts]}


def handle_dialogues_error(error: DialoguesError):
    headers = {}
    if isinstance(error, RateLimited):
        headers["Retry-After"] = str(error.retry_after)
    return error_response(error.status, error.message, error.extra(), headers)


def handle_unexpected(error: Exception):
    log.exception("unhandled error (request %s)", g.get("request_id"))
    _undo_the_request()  # before the message is translated: the locale is the user's
    return error_response(500, gettext("Something went wrong on our side. It has been logged."))


def init_app(app) -> None:
    app.register_error_handler(HTTPException, handle_http_exception)
    app.register_error_handler(DialoguesError, handle_dialogues_error)
    app.register_error_handler(Exception, handle_unexpected)
