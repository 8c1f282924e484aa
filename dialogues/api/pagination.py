"""Lists: ``?page=`` and ``?per_page=`` in, ``{"items", "total", "page", "per_page"}`` out."""

from functools import cache

import sqlalchemy as sa
from marshmallow import Schema, fields, post_load, validate

from dialogues.core.statements import page_and_count, page_values, page_with_total
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


def paginate(statement: sa.Select, query: dict, params: dict | None = None) -> dict:
    """One page of an ordered ``select(Model)``, with the total count of the whole list.

    ``params`` are the values of the statement's bound parameters, if it has any.
    """
    paged, counted = page_and_count(statement)
    items = db.session.scalars(paged, page_values(query["page"], query["per_page"], params))
    return {"items": items.unique().all(), **_counted(counted, query, params)}


def paginate_rows(statement: sa.Select, query: dict, params: dict | None = None) -> dict:
    """One page of an ordered select of columns, as rows (no ORM object per item), each row
    ending with the whole list's ``total``: page and count in one statement, the count alone
    only past the last page. Run on the connection, as rows of columns need nothing of the ORM.
    """
    paged, counted = page_with_total(statement)
    connection = db.session.connection()
    rows = connection.execute(paged, page_values(query["page"], query["per_page"], params)).all()
    total = rows[0].total if rows else connection.execute(counted, params or {}).scalar_one()
    return {"items": rows, **_page(total, query)}


def _counted(counted: sa.Select, query: dict, params: dict | None) -> dict:
    return _page(db.session.scalar(counted, params or {}), query)


def _page(total: int, query: dict) -> dict:
    return {"total": total, "page": query["page"], "per_page": query["per_page"]}
