"""Reading request bodies and query strings for the API (webargs, with our rules on top).

- A body that is not JSON is refused with 400 rather than read as an empty object.
- Strings the database cannot store (NUL characters, lone UTF-16 surrogates) are refused
  with 422 naming the field, so they never reach PostgreSQL as a 500.
"""

from flask import abort
from webargs import core
from webargs.flaskparser import FlaskParser, is_json_request

from dialogues.core.errors import ValidationFailed

UNSTORABLE = "Remove the NUL character or invalid Unicode from this text."


class ApiParser(FlaskParser):
    def _raw_load_json(self, req):
        body = req.get_data(cache=True)
        if not is_json_request(req):
            if body:
                abort(400, "Send the body as JSON, with the header Content-Type: application/json.")
            return core.missing
        try:
            data = core.parse_json(body)
        except RecursionError:
            abort(400, "The request body is nested too deeply.")
        _refuse_unstorable(_unstorable_paths(data))
        return data

    def _handle_invalid_json_error(self, error, req, *args, **kwargs):
        abort(400, f"The request body is not valid JSON ({error}).")

    def load_querystring(self, req, schema):
        _refuse_unstorable(
            [name for name, value in req.args.items(multi=True) if not _storable(value)]
        )
        return super().load_querystring(req, schema)


def _refuse_unstorable(paths: list[str]) -> None:
    if paths:
        raise ValidationFailed({path: [UNSTORABLE] for path in paths})


def _unstorable_paths(value, path: str = "") -> list[str]:
    """Dotted paths (``sides.0.name``) of the strings in a JSON document we cannot store."""
    if isinstance(value, str):
        return [] if _storable(value) else [path or "_schema"]
    if isinstance(value, dict):
        found = []
        for key, item in value.items():
            if not _storable(key):
                found.append(path or "_schema")  # the key itself cannot name the field
            else:
                found += _unstorable_paths(item, _join(path, key))
        return found
    if isinstance(value, list):
        return [p for i, item in enumerate(value) for p in _unstorable_paths(item, _join(path, i))]
    return []


def _join(path: str, key) -> str:
    return f"{path}.{key}" if path else str(key)


def _storable(text: str) -> bool:
    if "\x00" in text:
        return False
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:  # a lone surrogate such as "\ud800"
        return False
    return True
