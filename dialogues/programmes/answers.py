"""The programmes API's list, read as rows: a page of programmes and their sides.

``ProgrammeSchema`` documents the answer and dumps one programme; a page is read as columns
and built here in the same shape, without an ORM object per programme or side or the schema's
dispatch per field (``tests/programmes/test_api_answers.py`` holds the two to the same output).
"""

from collections import defaultdict

import sqlalchemy as sa

from dialogues.api import instant_text, paginate_rows
from dialogues.core.id_lists import among
from dialogues.core.statements import built_once
from dialogues.extensions import db
from dialogues.programmes.models import Programme, Side

COLUMNS = (
    Programme.id,
    Programme.slug,
    Programme.title,
    Programme.kind,
    Programme.status,
    Programme.description,
    Programme.public_summary,
    Programme.starts_on,
    Programme.ends_on,
    Programme.timezone,
    Programme.confidentiality,
    Programme.registration_open,
    Programme.parity_threshold,
    Programme.created_at,
    Programme.updated_at,
)
SIDE_COLUMNS = (Side.id, Side.name, Side.slug, Side.countries, Side.capacity)
SIDE_FIELDS = ("id", "name", "slug", "countries", "capacity")


def programme_page(statement: sa.Select, params: dict, query: dict) -> dict:
    """One page of ``statement`` (an ordered ``select(Programme)``) as the API answers it."""
    page = paginate_rows(_columns_of(statement), query, params)
    sides = _sides_of([row.id for row in page["items"]])
    return {**page, "items": [_programme(row, sides[row.id]) for row in page["items"]]}


@built_once
def _columns_of(statement: sa.Select) -> sa.Select:
    return statement.with_only_columns(*COLUMNS)


def _programme(row, sides: list[dict]) -> dict:
    return {
        "id": row.id,
        "slug": row.slug,
        "title": row.title,
        "kind": row.kind.value,
        "status": row.status.value,
        "description": row.description,
        "public_summary": row.public_summary,
        "starts_on": row.starts_on.isoformat(),
        "ends_on": row.ends_on.isoformat(),
        "timezone": row.timezone,
        "confidentiality": row.confidentiality.value,
        "registration_open": row.registration_open,
        "parity_threshold": row.parity_threshold,
        "sides": sides,
        "created_at": instant_text(row.created_at),
        "updated_at": instant_text(row.updated_at),
    }


def _sides_of(programme_ids: list[int]) -> dict[int, list[dict]]:
    found = defaultdict(list)
    rows = db.session.execute(_sides(), {"programme_ids": programme_ids})
    for programme_id, *side in rows:
        found[programme_id].append(dict(zip(SIDE_FIELDS, side, strict=True)))
    return found


@built_once
def _sides() -> sa.Select:
    return (
        sa.select(Side.programme_id, *SIDE_COLUMNS)
        .where(among(Side.programme_id, "programme_ids"))
        .order_by(Side.id)
    )
