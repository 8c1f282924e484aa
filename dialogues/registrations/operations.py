"""Registering, deciding, withdrawing and editing: the rules the pages, the API and imports share.

Each operation checks everything first (``ValidationFailed``, ``Conflict``, ``Forbidden``), then
changes, flushes, records the audit event and sends the person's email; the request commits.
"""

import sqlalchemy as sa
from flask import has_request_context, request
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlalchemy.exc import IntegrityError

from dialogues.auth.models import User
from dialogues.auth.operations import authenticate, create_user, email_problem, find_user
from dialogues.auth.passwords import password_problem
from dialogues.core import audit
from dialogues.core.errors import Conflict, Forbidden, ValidationFailed
from dialogues.core.i18n import current_language
from dialogues.core.models import utcnow
from dialogues.extensions import db
from dialogues.programmes.models import Programme, Side
from dialogues.registrations import notify, validation
from dialogues.registrations.decisions import decide, decide_many  # noqa: F401  (one entry point)
from dialogues.registrations.labels import status_label
from dialogues.registrations.models import Registration, RegistrationStatus
from dialogues.registrations.privacy import erase_account, export_own_data  # noqa: F401
from dialogues.registrations.rules import attribution_asked, consent_version

CONSENTS = {
    "consent_data_processing": _l("Agree to the processing of your data to register."),
    "accepts_confidentiality_rule": _l("Accept the programme's confidentiality rule to register."),
}
SIGN_IN_INSTEAD = _l(
    "An account with this email already exists and the password does not match it. "
    "Sign in instead, then register."
)
ALREADY_REGISTERED = _l("You have already registered for this programme.")


def register(programme: Programme, data, current_user=None) -> Registration:
    """Register a person on one side: the signed-in ``current_user``, or an account by email.

    An email with an account joins it when the password is that account's (else Conflict: sign
    in instead); a new email gets an account under the password policy.
    """
    ensure_open(programme)
    errors: dict[str, list[str]] = {}
    details = validation.clean(data, validation.DETAILS, errors)
    side = side_of(programme, data.get("side_id"), errors)
    check_consents(data, errors)
    account = None if current_user else _account_fields(data, errors)
    if errors:
        raise ValidationFailed(errors)
    user = current_user or _account(account)
    # The rule was read in the language of this request (the API's is English).
    return create_registration(programme, side, user, details, rule_language=current_language())


def ensure_open(programme: Programme) -> None:
    """``Forbidden`` unless the programme takes registrations now."""
    if not programme.accepts_registrations:
        raise Forbidden(_("Registration for this programme is closed."))


def create_registration(
    programme: Programme,
    side: Side,
    user: User,
    details: dict,
    *,
    notify_person: bool = True,
    rule_language: str = "en",
) -> Registration:
    """The registration itself, once everything is checked (also used by the CSV import).

    ``rule_language`` is the language the person read the confidentiality rule in.
    """
    if _registration_of(programme, user) is not None:
        raise Conflict(str(ALREADY_REGISTERED))
    details = _asked_consents_only(programme, details)
    now = utcnow()
    registration = Registration(
        programme_id=programme.id,  # not programme=: its collection is write-only
        side_id=side.id,
        user=user,
        status=RegistrationStatus.PENDING,
        consented_data_processing_at=now,
        consented_rule_at=now,
        consent_version=consent_version(programme.confidentiality, rule_language),
        **details,
    )
    _insert(registration)
    audit.record("registration.create", registration, side_id=side.id)
    if notify_person:
        notify.registered(registration)
    return registration


def side_of(programme: Programme, side_id, errors: dict) -> Side | None:
    side = next((side for side in programme.sides if str(side.id) == str(side_id)), None)
    if side is None:
        errors["side_id"] = [_("Choose one of this programme's sides.")]
    return side


def check_consents(data, errors: dict) -> None:
    for key, message in CONSENTS.items():
        try:
            given = validation.flag(data.get(key))
        except validation.Invalid:
            given = False
        if not given:
            errors[key] = [str(message)]


def _account_fields(data, errors: dict) -> dict:
    """Name, email and password for a new account, or email and password for an existing one."""
    fields = {}
    email = data.get("email")
    email = email.strip().lower() if isinstance(email, str) else ""
    if (problem := email_problem(email)) is not None:
        errors["email"] = [problem]
    fields["email"] = email
    password = data.get("password")
    if not isinstance(password, str) or not password:
        errors["password"] = [_("Enter a password.")]
        return fields
    fields["password"] = password
    if "email" in errors or find_user(email) is not None:
        return fields  # the existing account's password is checked once all else is valid
    fields["name"] = validation.clean(data, {"name": validation.name}, errors).get("name")
    if (problem := password_problem(password, email)) is not None:
        errors["password"] = [problem]
    return fields


def _account(fields: dict) -> User:
    if "name" in fields:
        return _new_account(fields)
    address = request.remote_addr if has_request_context() else None
    user = authenticate(fields["email"], fields["password"], address)
    if user is None:
        # The answer rolls the request back: keep the failure count (and its audit event),
        # or the form would let anyone guess passwords past the sign-in limits.
        db.session.commit()
        raise Conflict(str(SIGN_IN_INSTEAD))
    return user


def _new_account(fields: dict) -> User:
    """A new account; the same email registered at the same moment by another request (a double
    submission) is a Conflict, as a duplicate registration is."""
    try:
        with db.session.begin_nested():
            return create_user(fields["email"], fields["name"], fields["password"])
    except IntegrityError:
        raise Conflict(str(ALREADY_REGISTERED)) from None


def _registration_of(programme: Programme, user: User) -> Registration | None:
    if user.id is None:
        return None
    return db.session.scalar(
        sa.select(Registration).where(
            Registration.programme_id == programme.id, Registration.user_id == user.id
        )
    )


def _insert(registration: Registration) -> None:
    """Flush; a registration made at the same moment by another request is a Conflict."""
    try:
        with db.session.begin_nested():
            db.session.add(registration)
    except IntegrityError:
        raise Conflict(str(ALREADY_REGISTERED)) from None


def update_own_details(registration: Registration, user, data) -> Registration:
    """The person edits their own name and details; only the fields present are changed."""
    if not registration.is_own(user):
        raise Forbidden()
    if registration.status == RegistrationStatus.WITHDRAWN:
        raise Conflict(_("This registration was withdrawn; it can no longer be changed."))
    errors: dict[str, list[str]] = {}
    details = validation.clean(data, validation.DETAILS, errors, partial=True)
    name = validation.clean(data, {"name": validation.name}, errors, partial=True)
    if errors:
        raise ValidationFailed(errors)
    details = _asked_consents_only(registration.programme, details)
    changed = _assign(registration, details) + _assign(registration.user, name)
    if changed:
        db.session.flush()
        audit.record("registration.update", registration, fields=sorted(changed))
    return registration


def _asked_consents_only(programme: Programme, details: dict) -> dict:
    """``details`` without a consent to be named where none is asked (``attribution_asked``):
    the pages do not offer it there, and the API and the import follow. Withdrawing a consent
    is always possible."""
    if details.get("consents_to_attribution") and not attribution_asked(programme):
        return {key: value for key, value in details.items() if key != "consents_to_attribution"}
    return details


def _assign(obj, values: dict) -> list[str]:
    changed = [key for key, value in values.items() if getattr(obj, key) != value]
    for key in changed:
        setattr(obj, key, values[key])
    return changed


def withdraw(registration: Registration, user) -> Registration:
    """The person withdraws; an accepted place frees up for the waitlist."""
    if not registration.is_own(user):
        raise Forbidden()
    db.session.refresh(registration, with_for_update=True)
    if not registration.can_withdraw(user):
        raise Conflict(_withdrawal_refusal(registration))
    previous = registration.status
    registration.status = RegistrationStatus.WITHDRAWN
    db.session.flush()
    audit.record("registration.withdraw", registration, status_from=str(previous))
    notify.withdrawn(registration)
    return registration


def _withdrawal_refusal(registration: Registration) -> str:
    if registration.programme_has_ended:
        return _("The programme has ended: its registrations can no longer be withdrawn.")
    return _(
        "A %(status)s registration cannot be withdrawn.",
        status=status_label(registration.status),
    )
