"""The audit log page."""

from datetime import UTC, date, datetime, time, timedelta

import sqlalchemy as sa
from flask import render_template, request
from flask_babel import gettext as _

from dialogues.admin import bp
from dialogues.admin.forms import AuditFilterForm
from dialogues.auth.models import User
from dialogues.core.access import admin_required
from dialogues.core.audit import AuditEvent
from dialogues.core.paging import beyond_the_last, page_number
from dialogues.extensions import db

PER_PAGE = 50


@bp.get("/audit")
@admin_required
def list_audit_events():
    form = AuditFilterForm(request.args)
    form.object_type.choices = [("", _("Any"))] + [(t, t) for t in _object_types()]
    query = sa.select(AuditEvent).order_by(AuditEvent.id.desc())
    if form.validate():
        query = _filtered(query, form)
    page = db.paginate(
        query, page=page_number(), per_page=PER_PAGE, max_per_page=PER_PAGE, error_out=False
    )
    if moved := beyond_the_last(page):
        return moved
    actors = _emails({event.actor_id for event in page.items} - {None})
    return render_template("admin/audit.html", form=form, page=page, actors=actors)


def _filtered(query, form: AuditFilterForm):
    if form.action.data:
        query = query.where(AuditEvent.action.startswith(form.action.data, autoescape=True))
    if form.actor.data:
        actor_ids = sa.select(User.id).where(User.email == form.actor.data.lower())
        query = query.where(AuditEvent.actor_id.in_(actor_ids))
    if form.object_type.data:
        query = query.where(AuditEvent.object_type == form.object_type.data)
    if form.programme_id.data:
        query = query.where(AuditEvent.programme_id == form.programme_id.data)
    if form.since.data:
        query = query.where(AuditEvent.created_at >= _start_of(form.since.data))
    if form.until.data and form.until.data < date.max:  # no day follows the last: no bound
        query = query.where(AuditEvent.created_at < _start_of(form.until.data + timedelta(days=1)))
    return query


def _start_of(day) -> datetime:
    return datetime.combine(day, time(), tzinfo=UTC)


def _object_types() -> list[str]:
    return sorted(db.metadata.tables)


def _emails(user_ids: set[int]) -> dict[int, str]:
    if not user_ids:
        return {}
    rows = db.session.execute(sa.select(User.id, User.email).where(User.id.in_(user_ids)))
    return dict(rows.all())
