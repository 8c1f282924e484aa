"""Loading the object a path names, or answering 404."""

import sqlalchemy as sa
from flask import abort

from dialogues.core.statements import built_once
from dialogues.extensions import db


def get_or_404(model, object_id: int, *, options=()):
    """The row of ``model`` with this id, or a 404 naming what was not found.

    ``options`` are loader options (``selectinload(...)``) for what the answer will need.
    """
    if options:
        found = db.session.get(model, object_id, options=options)
    else:  # the same statement each time: cheaper than Session.get's own (core/statements.py)
        found = db.session.scalar(_by_id(model), {"id": object_id})
    if found is None:
        not_found(model, object_id)
    return found


def not_found(model, object_id: int):
    """Answer 404, naming what was not found."""
    abort(404, f"There is no {_noun(model)} with id {object_id}.")


@built_once
def _by_id(model):
    (key,) = sa.inspect(model).primary_key
    return sa.select(model).where(key == sa.bindparam("id"))


def _noun(model) -> str:
    return getattr(model, "__api_noun__", model.__tablename__.replace("_", " "))
