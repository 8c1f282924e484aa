"""Lists: ``?page=`` and ``?per_page=`` in, ``{"items", "total", "page", "per_page"}`` out."""

from functools import cache

import sqlalchemy as sa
from marshmallow import Schema, fields, post_load, validate

from dialogues.extensions import db

DEFAULT_PER_PAGE = 50
MAX_PER_PAGE = 200
MAX_PAGE = 10**9  # keeps the offset well inside 64 bits


class PageQuery(Schema):
    """The paging query parameters; subclass it to add a list's filters."""

    page = fields.Integer(load_default=1, validate=validate.Range(min=1, max=MAX_PAGE))
    per_page = fields.Integer(
        load_default=DEFAULT_PER_PAGE,
        validate=validate.Range(min=1),
        metadata={"description": f"Items per page; above {MAX_PER_PAGE} counts as {MAX_PER_PAGE}."},
    )

    @post_load
    def clamp_per_page(self, data, **_kwargs):
        data["per_page"] = min(data["per_page"], MAX_PER_PAGE)
        return data


@cache
def page_of(item_schema: type[Schema]) -> type[Schema]:
    """The answer schema for one page of ``item_schema`` (one class per item schema)."""
    name = item_schema.__name__.removesuffix("Schema") + "PageSchema"
    return type(
        name,
        (Schema,),
        {
            "items": fields.List(fields.Nested(item_schema), required=True),
            "total": fields.Integer(required=True),
            "page": fields.Integer(required=True),
            "per_page": fields.Integer(required=True),
        },
    )


def paginate(statement: sa.Select, query: dict) -> dict:
    """One page of an ordered ``select(Model)``, with the total count of the whole list."""
    page, per_page = query["page"], query["per_page"]
    items = db.session.scalars(statement.limit(per_page).offset((page - 1) * per_page))
    return {"items": items.unique().all(), **_counted(statement, page, per_page)}


def paginate_rows(statement: sa.Select, query: dict) -> dict:
    """One page of an ordered select of columns, as rows (no ORM object per item)."""
    page, per_page = query["page"], query["per_page"]
    rows = db.session.execute(statement.limit(per_page).offset((page - 1) * per_page))
    return {"items": rows.all(), **_counted(statement, page, per_page)}


def _counted(statement: sa.Select, page: int, per_page: int) -> dict:
    counted = sa.select(sa.func.count()).select_from(statement.order_by(None).subquery())
    return {"total": db.session.scalar(counted), "page": page, "per_page": per_page}
