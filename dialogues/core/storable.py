"""Text the databases can store: no NUL character and no lone UTF-16 surrogate.

PostgreSQL refuses a NUL in text (an error at the first statement that binds it, a read as
much as a write) and SQLite keeps it silently; no one types either. So every request's path,
query string and form fields are checked before a view runs (``refuse_unstorable_input``), and
the API's JSON bodies by its parser (``api/parser.py``), with the same ``storable``.
"""

from flask import abort, request
from flask_babel import lazy_gettext

from dialogues.core.errors import ValidationFailed, is_api_request

FORM_TYPES = frozenset({"application/x-www-form-urlencoded", "multipart/form-data"})
UNSTORABLE = lazy_gettext("Remove the NUL character or invalid Unicode from this text.")


def storable(text: str) -> bool:
    if "\x00" in text:
        return False
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:  # a lone surrogate such as "\ud800"
        return False
    return True


def refuse_unstorable_input() -> None:
    """A path that cannot be stored names nothing here (404); query parameters and form fields
    that cannot be stored are refused (422), each named, before anything is read or written."""
    if not storable(request.path):
        abort(404)
    sources = [request.args]
    if request.mimetype in FORM_TYPES and not is_api_request():  # the API reads only JSON
        sources.append(request.form)
    names = [
        name if storable(name) else "_schema"
        for source in sources
        for name, value in source.items(multi=True)
        if not (storable(name) and storable(value))
    ]
    if names:
        raise ValidationFailed({name: [str(UNSTORABLE)] for name in names})
