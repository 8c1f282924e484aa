"""A person's own data: a copy of it (JSON), and erasing the account.

Erasure anonymises rather than deletes the registrations: the programme's counts, and the
endorsements and attendance that hang on them, stay true; nothing in them points to the person
any more. Applications still open (pending, waitlisted) are withdrawn: a place given to nobody
would count in the balance. The account row is scrubbed and disabled rather than deleted, so its
id is never given to someone else while audit events still mention it; the sign-in failures
counted under its email address go with it.
"""

import sqlalchemy as sa
from flask_babel import gettext as _
from flask_babel import ngettext

from dialogues.auth import account
from dialogues.auth.models import User
from dialogues.auth.operations import login_limits
from dialogues.core import audit, throttle
from dialogues.core.errors import Conflict
from dialogues.core.models import utcnow
from dialogues.extensions import db
from dialogues.programmes.models import CLOSED_STATUSES, MemberRole, Membership, Programme, Side
from dialogues.programmes.staff import coordinator_count
from dialogues.registrations import notify
from dialogues.registrations.models import Registration, RegistrationStatus

ERASED_NAME = "Erased account"
OPEN = frozenset({RegistrationStatus.PENDING, RegistrationStatus.WAITLISTED})


def export_own_data(user: User) -> dict:
    """Everything Dialogues holds about ``user`` that is theirs to see, as JSON-ready data."""
    registrations = _registrations(user)
    ids = [registration.id for registration, _programme, _side in registrations]
    return {
        "exported_at": _iso(utcnow()),
        "account": _account(user),
        "registrations": [_registration(*row) for row in registrations],
        "staff_roles": _staff_roles(user),
        # Sessions and recommendations sit above registrations in the import order, so their
        # tables are read through the shared metadata rather than their models.
        "attendance": _rows("attendance", ids, ("session_id", "status", "updated_at")),
        "endorsements": _rows("endorsement", ids, ("recommendation_id", "version", "created_at")),
    }


def _account(user: User) -> dict:
    return {
        "id": user.id,
        "name": user.name,
        "email": user.email,
        "timezone": user.timezone,
        "locale": user.locale,
        "is_admin": user.is_admin,
        "created_at": _iso(user.created_at),
        "last_login_at": _iso(user.last_login_at),
    }


def _registrations(user: User):
    return db.session.execute(
        sa.select(Registration, Programme, Side)
        .join(Programme, Registration.programme_id == Programme.id)
        .join(Side, Registration.side_id == Side.id)
        .where(Registration.user_id == user.id)
        .order_by(Registration.id)
    ).all()


def _registration(registration: Registration, programme: Programme, side: Side) -> dict:
    return {
        "id": registration.id,
        "programme": {"id": programme.id, "slug": programme.slug, "title": programme.title},
        "side": {"id": side.id, "name": side.name},
        "status": str(registration.status),
        "affiliation": registration.affiliation,
        "role": str(registration.role),
        "nationality": registration.nationality,
        "languages": list(registration.languages),
        "access_needs": registration.access_needs,
        "consented_data_processing_at": _iso(registration.consented_data_processing_at),
        "consented_rule_at": _iso(registration.consented_rule_at),
        "consent_version": registration.consent_version,
        "consents_to_attribution": registration.consents_to_attribution,
        "registered_at": _iso(registration.created_at),
        "decided_at": _iso(registration.decided_at),
    }


def _staff_roles(user: User) -> list[dict]:
    rows = db.session.execute(
        sa.select(Membership.programme_id, Membership.role, Membership.side_id)
        .where(Membership.user_id == user.id)
        .order_by(Membership.id)
    )
    return [
        {"programme_id": programme_id, "role": str(role), "side_id": side_id}
        for programme_id, role, side_id in rows
    ]


def _rows(table_name: str, registration_ids: list[int], columns: tuple[str, ...]) -> list[dict]:
    table = db.metadata.tables[table_name]
    if not registration_ids:
        return []
    query = sa.select(table.c.registration_id, *(table.c[name] for name in columns)).where(
        table.c.registration_id.in_(registration_ids)
    )
    return [
        {key: _jsonable(value) for key, value in row._mapping.items()}
        for row in db.session.execute(query.order_by(table.c.id))
    ]


def _jsonable(value):
    return _iso(value) if hasattr(value, "isoformat") else value


def _iso(instant) -> str | None:
    return instant.isoformat().replace("+00:00", "Z") if instant is not None else None


def confirm_password(user: User, password: str) -> None:
    """Ask for the password again before erasing; failures count towards the sign-in limits."""
    account.confirm_password(user, password, message=_("This is not your password."))


def erase_account(user: User) -> None:
    """Anonymise the person's registrations, remove their staff roles, scrub the account.

    Signs them out everywhere. Refused (409) while ``erase_problem`` names a reason.
    """
    if problem := erase_problem(user):
        raise Conflict(problem)
    email, name, locale = user.email, user.name, user.locale
    registrations = list(db.session.scalars(sa.select(Registration).filter_by(user_id=user.id)))
    for registration in registrations:
        anonymise_registration(registration)
    scrub_account(user)
    db.session.flush()
    audit.record("account.erase", user, actor=user, registrations=len(registrations))
    notify.account_erased(email, name, locale)


def erase_problem(user: User) -> str | None:
    """Why the account cannot be erased yet, or None.

    Administrators must first lose that right (another administrator), so an installation is
    never left without one by accident; the last coordinator of a programme still under way
    must first add another (the staff rule: a programme keeps at least one coordinator).
    """
    if user.is_admin:
        return _("An administrator's account cannot be erased. Ask another administrator.")
    if titles := [programme.title for programme in _coordinated_alone(user)]:
        return ngettext(
            "You are the only coordinator of %(titles)s. Add another coordinator to it first, "
            "or conclude it, then erase your account.",
            "You are the only coordinator of %(titles)s. Add another coordinator to each first, "
            "or conclude them, then erase your account.",
            len(titles),
            titles=", ".join(f"“{title}”" for title in titles),
        )
    return None


def _coordinated_alone(user: User) -> list[Programme]:
    """The programmes not yet concluded or archived of which ``user`` is the last coordinator."""
    memberships = db.session.scalars(
        sa.select(Membership)
        .join(Programme, Membership.programme_id == Programme.id)
        .where(
            Membership.user_id == user.id,
            Membership.role == MemberRole.COORDINATOR,
            Programme.status.not_in(CLOSED_STATUSES),
        )
        .order_by(Programme.title)
    )
    return [m.programme for m in memberships if coordinator_count(m) <= 1]


def scrub_account(user: User) -> None:
    """Sign the person out everywhere, delete what hangs on the account, scrub and disable it."""
    user.end_all_sessions()
    _delete_owned_rows(user)
    _forget_failed_sign_ins(user)
    _scrub(user)


def anonymise_registration(registration: Registration) -> None:
    """Keep the registration for the counts (side, status, role), without the person.

    An open application is withdrawn: nobody is left to accept, so no place may go to it.
    """
    if registration.status in OPEN:
        _withdraw(registration)
    registration.user = None
    registration.affiliation = ""
    registration.access_needs = ""
    registration.languages = []
    registration.nationality = ""
    registration.consents_to_attribution = False


def _withdraw(registration: Registration) -> None:
    # Not ``operations.withdraw``: that one checks the person's own right and mails them.
    previous = registration.status
    registration.status = RegistrationStatus.WITHDRAWN
    audit.record("registration.withdraw", registration, status_from=str(previous), anonymised=True)


def _forget_failed_sign_ins(user: User) -> None:
    """The sign-in limit counts failures under the email address, which must go too."""
    account_limit = login_limits(user.email, None)[0]
    throttle.counter().forget(account_limit.key)


def _delete_owned_rows(user: User) -> None:
    """Delete what would go with the account if its row were deleted (foreign keys to it with
    ``ON DELETE CASCADE``: staff roles, sessions, tokens, recovery codes, facilitator places…);
    rows that would only lose their link (``SET NULL``: authorship) keep pointing to the
    nameless account. New tables of either kind are covered without changes here."""
    for table in db.metadata.sorted_tables:
        for key in table.foreign_keys:
            if key.column.table.name == User.__tablename__ and key.ondelete == "CASCADE":
                db.session.execute(sa.delete(table).where(key.parent == user.id))


def _scrub(user: User) -> None:
    user.email = f"erased-{user.id}@erased.invalid"
    user.name = ERASED_NAME
    user.password_hash = None
    user.is_disabled = True
    user.timezone = "UTC"
    user.last_login_at = None
    user.totp_secret = None
    user.two_factor_enabled_at = None
    user.totp_last_step = None
