"""The registrations API: registering, the desk's list and decisions, withdrawing, balance."""

import sqlalchemy as sa
from flask import jsonify
from flask_login import current_user

from dialogues.api import Blueprint, get_or_404, page_of, paginate_rows
from dialogues.core.access import require
from dialogues.core.statements import built_once
from dialogues.core.throttle import limit_requests
from dialogues.programmes.queries import programme_or_404
from dialogues.registrations import operations
from dialogues.registrations.balance import programme_balance
from dialogues.registrations.models import Registration
from dialogues.registrations.schemas import (
    BalanceSchema,
    RegistrationDecisionSchema,
    RegistrationInputSchema,
    RegistrationListQuery,
    RegistrationSchema,
    registration_row,
    rows_statement,
)

blp = Blueprint(
    "registrations_api", __name__, description="Registering, deciding, withdrawing, balance."
)


@blp.route("/programmes/<id:programme_id>/registrations", methods=["POST"])
@limit_requests("registration", 30, 60 * 60)  # the same count as the page
@blp.arguments(RegistrationInputSchema, deferred=True)
@blp.response(201, RegistrationSchema)
@blp.errors(403, 404, 409, 429)
def create_registration(body, programme_id):
    """Register for a programme while its registration is open (no token needed).

    With `email` and `password`: a new account, or the existing account of that email when the
    password is its own (another password → 409, sign in instead). With a token and no `email`:
    the token's own account. Both consents must be `true`.
    """
    programme = programme_or_404(programme_id)
    operations.ensure_open(programme)  # 403 before the form is judged
    body = body.read()
    signed_in = current_user.is_authenticated and "email" not in body
    user = current_user._get_current_object() if signed_in else None
    return operations.register(programme, body, user)


@blp.route("/programmes/<id:programme_id>/registrations")
@blp.login_required
@blp.arguments(RegistrationListQuery, location="query", deferred=True)
@blp.response(200, page_of(RegistrationSchema))
@blp.errors(403, 404)
def list_registrations(query, programme_id):
    """The programme's registrations, oldest first (coordinators)."""
    programme = programme_or_404(programme_id)
    require(programme.can_manage(current_user))
    query = query.read()
    filters = tuple(name for name in LIST_FILTERS if name in query)
    params = {"programme_id": programme.id, **{name: query[name] for name in filters}}
    page = paginate_rows(_listed(filters), query, params)
    # Built as RegistrationSchema dumps it (the decorator still documents the answer).
    return jsonify({**page, "items": [registration_row(row) for row in page["items"]]})


LIST_FILTERS = ("status", "side_id")


@built_once
def _listed(filters: tuple[str, ...]) -> sa.Select:
    """The list's rows, oldest first, filtered by the programme and ``filters`` (parameters)."""
    conditions = [Registration.programme_id == sa.bindparam("programme_id")]
    conditions += [getattr(Registration, name) == sa.bindparam(name) for name in filters]
    order = (Registration.created_at, Registration.id)
    return rows_statement().where(*conditions).order_by(*order)


@blp.route("/registrations/<id:registration_id>")
@blp.login_required
@blp.response(200, RegistrationSchema)
@blp.errors(403, 404)
def show_registration(registration_id):
    """One registration: the registrant's own, or any of a programme the caller coordinates."""
    registration = get_or_404(Registration, registration_id)
    require(registration.can_view(current_user))
    return registration


@blp.route("/registrations/<id:registration_id>", methods=["PATCH"])
@blp.login_required
@blp.arguments(RegistrationDecisionSchema, deferred=True)
@blp.response(200, RegistrationSchema)
@blp.errors(403, 404, 409)
def decide_registration(body, registration_id):
    """Accept, waitlist or decline (coordinators). Past the side's capacity → 409, unchanged."""
    registration = get_or_404(Registration, registration_id)
    require(registration.can_decide(current_user))
    status = body.read()["status"]
    return operations.decide(registration, status, current_user._get_current_object())


@blp.route("/registrations/<id:registration_id>/withdraw", methods=["POST"])
@blp.login_required
@blp.response(200, RegistrationSchema)
@blp.errors(403, 404, 409)
def withdraw_registration(registration_id):
    """The registrant withdraws; a declined or withdrawn registration → 409."""
    registration = get_or_404(Registration, registration_id)
    require(registration.is_own(current_user))
    return operations.withdraw(registration, current_user)


@blp.route("/programmes/<id:programme_id>/balance")
@blp.login_required
@blp.response(200, BalanceSchema)
@blp.errors(403, 404)
def show_balance(programme_id):
    """Registrations per side and status, and the parity (coordinators)."""
    programme = programme_or_404(programme_id)
    require(programme.can_manage(current_user))
    balance = programme_balance(programme)
    return {
        "sides": balance.sides,
        "parity": balance.parity,
        "parity_threshold": programme.parity_threshold,
    }
