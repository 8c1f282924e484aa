"""The coordinator's registration desk: filter, decide (one or many), promote from the waitlist."""

from urllib.parse import parse_qs

from flask import flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import ngettext
from flask_login import current_user, login_required

from dialogues.core.access import require
from dialogues.core.errors import Conflict
from dialogues.core.paging import beyond_the_last
from dialogues.extensions import db
from dialogues.registrations import bp
from dialogues.registrations.advice import parity_warning
from dialogues.registrations.balance import programme_balance
from dialogues.registrations.decisions import DECISIONS, Outcome, capacity_problem, decide_many
from dialogues.registrations.desk_panel import desk_panel
from dialogues.registrations.desk_rows import desk_page
from dialogues.registrations.forms import DECISION_LABELS, DecisionForm, DeskFilterForm
from dialogues.registrations.labels import status_label
from dialogues.registrations.models import RegistrationStatus as Status
from dialogues.registrations.queries import (
    DESK_FILTERS,
    programme_by_slug,
    registrations_by_ids,
)

PER_PAGE = 50


def managed_programme(slug: str):
    """The programme, if the signed-in person coordinates it (404 unknown, 403 otherwise)."""
    programme = programme_by_slug(slug)
    require(programme.can_manage(current_user))
    return programme


def valid_filters(form: DeskFilterForm) -> dict:
    """The filters that make sense; a bad one is shown as an error on its field and ignored."""
    form.validate()
    return {name: form[name].data for name in DESK_FILTERS if not form[name].errors}


@bp.get("/programmes/<slug>/registrations")
@login_required
def list_registrations(slug):
    programme = managed_programme(slug)
    connection = db.session.connection()
    balance, offers = desk_panel(connection, programme)
    sides = {side.side_id: side.name for side in balance.sides}
    filters = DeskFilterForm(request.args, programme, sides)
    chosen = valid_filters(filters)
    page = desk_page(connection, programme, chosen, sides, PER_PAGE)
    if moved := beyond_the_last(page):
        return moved
    return render_template(
        "registrations/desk.html",
        programme=programme,
        filters=filters,
        page=page,
        balance=balance,
        offers=offers,
        # The decision form's fields as plain values: binding a DecisionForm per page cost more
        # than the rest of the form (it is read by ``decide_registrations``).
        return_query=request.query_string.decode(),
        decisions=_decisions(page.items),
    )


def _decisions(rows) -> list[tuple[str, str]]:
    """The buttons over the table: "Reopen" only when a row on the page can be reopened (a
    withdrawal, not an erasure)."""
    reopenable = any(row.status == Status.WITHDRAWN and row.name is not None for row in rows)
    return [
        (status.value, str(DECISION_LABELS[status.value]))
        for status in DECISIONS
        if status != Status.PENDING or reopenable
    ]


@bp.post("/programmes/<slug>/registrations/decide")
@login_required
def decide_registrations(slug):
    programme = managed_programme(slug)
    form = DecisionForm()
    back = desk_url(programme, form.return_query.data)
    if not form.validate() or not form.registration_ids.data:
        flash(_refusal(form), "error")
        return redirect(back)
    status = form.status.data
    selected = registrations_by_ids(programme, form.registration_ids.data)
    refused = capacity_problem(programme, selected, status)  # refuse before warning
    if refused is None and form.confirm_parity.data != "yes":
        warning = parity_warning(programme, selected, status)
        if warning is not None:
            return _confirm_parity(programme, form, selected, warning)
    try:
        outcome = decide_many(programme, form.registration_ids.data, status, current_user)
    except Conflict as error:
        flash(error.message, "error")
        return redirect(back)
    flash(_summary(outcome, status), "success")
    return redirect(back)


def _refusal(form: DecisionForm) -> str:
    """Why the decision was not taken: an unknown registration, else a missing choice."""
    unknown = form.registration_ids.errors
    return unknown[0] if unknown else _("Select at least one registration and a decision.")


def _confirm_parity(programme, form, selected, warning):
    form.confirm_parity.data = "yes"
    return render_template(
        "registrations/confirm_parity.html",
        programme=programme,
        form=form,
        selected=selected,
        warning=warning,
        balance=programme_balance(programme),
        sides={side.id: side for side in programme.sides},
        action=DECISION_LABELS[form.status.data],
        back=desk_url(programme, form.return_query.data),
    )


def _summary(outcome: Outcome, status: str) -> str:
    label = status_label(status)
    text = ngettext(
        "%(num)d registration %(status)s; each person has been told by email.",
        "%(num)d registrations %(status)s; each person has been told by email.",
        len(outcome.changed),
        status=label,
    )
    if not outcome.unchanged:
        return text
    unchanged = ngettext(
        "%(num)d already %(status)s left as it was.",
        "%(num)d already %(status)s left as they were.",
        outcome.unchanged,
        status=label,
    )
    return _("%(changed)s %(unchanged)s", changed=text, unchanged=unchanged)


def desk_url(programme, query: str | None) -> str:
    """Back to the desk with the same filters and page (only those: nothing else is echoed)."""
    args = parse_qs(query or "")
    kept = {key: args[key][0] for key in (*DESK_FILTERS, "page") if args.get(key)}
    return url_for("registrations.list_registrations", slug=programme.slug, **kept)
