"""Reading request bodies and query strings for the API (webargs, with our rules on top).

- A body that is not JSON is refused with 400 rather than read as an empty object.
- Strings the database cannot store (NUL characters, lone UTF-16 surrogates) in a JSON body
  are refused with 422 naming the field, so they never reach PostgreSQL as a 500 (query
  strings are checked for every request, pages too: ``core/storable.py``).
"""

import json

from flask import abort
from webargs import core
from webargs.flaskparser import FlaskParser, is_json_request

from dialogues.core.errors import ValidationFailed
from dialogues.core.storable import UNSTORABLE, storable


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
        except ValueError as error:
            if isinstance(error, json.JSONDecodeError):
                raise  # webargs answers it (_handle_invalid_json_error)
            abort(400, "The request body holds a number too long to read (over 4,300 digits).")
        _refuse_unstorable(_unstorable_paths(data))
        return data

    def _handle_invalid_json_error(self, error, req, *args, **kwargs):
        abort(400, f"The request body is not valid JSON ({error}).")


def _refuse_unstorable(paths: list[str]) -> None:
    if paths:
        raise ValidationFailed({path: [str(UNSTORABLE)] for path in paths})


def _unstorable_paths(value, path: str = "") -> list[str]:
    """Dotted paths (``sides.0.name``) of the strings in a JSON document we cannot store."""
    if isinstance(value, str):
        return [] if storable(value) else [path or "_schema"]
    if isinstance(value, dict):
        found = []
        for key, item in value.items():
            if not storable(key):
                found.append(path or "_schema")  # the key itself cannot name the field
            else:
                found += _unstorable_paths(item, _join(path, key))
        return found
    if isinstance(value, list):
        return [p for i, item in enumerate(value) for p in _unstorable_paths(item, _join(path, i))]
    return []


def _join(path: str, key) -> str:
    return f"{path}.{key}" if path else str(key)
