"""Loading the object a path names, or answering 404."""

from flask import abort

from dialogues.extensions import db


def get_or_404(model, object_id: int, *, options=()):
    """The row of ``model`` with this id, or a 404 naming what was not found.

    ``options`` are loader options (``selectinload(...)``) for what the answer will need.
    """
    found = db.session.get(model, object_id, options=options)
    if found is None:
        abort(404, f"There is no {_noun(model)} with id {object_id}.")
    return found


def _noun(model) -> str:
    return getattr(model, "__api_noun__", model.__tablename__.replace("_", " "))
