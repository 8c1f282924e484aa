"""Staff: adding coordinators, facilitators and liaisons by email, invitations, removal.

An unknown email gets an account without a password and an invitation link: single use,
expiring after seven days, bound to that email; only its SHA-256 is stored.
"""

from datetime import timedelta

import sqlalchemy as sa
from flask import url_for
from flask_babel import force_locale
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from werkzeug.exceptions import NotFound

from dialogues.auth.models import User, new_token, token_digest
from dialogues.auth.operations import (
    create_user,
    email_problem,
    find_user,
    normalise_email,
    too_long,
)
from dialogues.auth.passwords import hash_password, password_problem
from dialogues.core import audit
from dialogues.core.errors import Conflict, Forbidden, ValidationFailed
from dialogues.core.mail import send_mail
from dialogues.core.models import utcnow
from dialogues.extensions import db
from dialogues.programmes.models import MemberRole, Membership, Programme, StaffInvitation
from dialogues.programmes.validation import Errors
from dialogues.sessions.models import DialogueSession, session_facilitator

INVITATION_LIFETIME = timedelta(days=7)
ROLE_NAMES = {
    MemberRole.COORDINATOR: _l("coordinator"),
    MemberRole.FACILITATOR: _l("facilitator"),
    MemberRole.LIAISON: _l("government liaison"),
}


def add_member(
    programme: Programme, email: str, role: str, side_id: int | None = None, name: str | None = None
) -> Membership:
    """Give someone a staff role; an unknown email gets an account and an invitation by email."""
    email = normalise_email(email) if isinstance(email, str) else ""
    role = _check_member(programme, email, role, side_id, name)
    user = find_user(email)
    if user is not None and _has_role(programme, user, role):
        raise Conflict(
            _(
                "%(email)s is already a %(role)s of this programme.",
                email=email,
                role=ROLE_NAMES[role],
            )
        )
    invited = user is None
    if invited:
        user = create_user(email, (name or "").strip() or email.split("@")[0], None)
    membership = Membership(programme=programme, user=user, role=role, side_id=side_id)
    db.session.add(membership)
    db.session.flush()
    audit.record("membership.create", membership, user_id=user.id, role=str(role), side_id=side_id)
    if invited:
        _invite(membership)
    else:
        _notify_added(membership)
    return membership


def _check_member(programme, email: str, role, side_id, name) -> MemberRole:
    errors = Errors()
    if (problem := email_problem(email)) is not None:
        errors.add("email", problem)
    if name is not None and (not isinstance(name, str) or len(name.strip()) > 200):
        errors.add("name", too_long(200))
    try:
        role = MemberRole(role)
    except ValueError:
        errors.add(
            "role", _("Choose one of: %(choices)s.", choices="coordinator, facilitator, liaison")
        )
        role = None
    _check_side(programme, role, side_id, errors)
    if errors:
        raise ValidationFailed(errors)
    return role


def _check_side(programme: Programme, role, side_id, errors: Errors) -> None:
    if role == MemberRole.LIAISON and side_id is None:
        errors.add("side_id", "A liaison belongs to one side: choose it.")
    elif role not in (MemberRole.LIAISON, None) and side_id is not None:
        errors.add("side_id", _("Only a liaison belongs to a side; leave it empty."))
    elif side_id is not None and side_id not in {side.id for side in programme.sides}:
        errors.add("side_id", _("No side with this id in this programme."))


def _has_role(programme: Programme, user: User, role: MemberRole) -> bool:
    return (
        db.session.scalar(
            sa.select(sa.func.count()).where(
                Membership.programme_id == programme.id,
                Membership.user_id == user.id,
                Membership.role == role,
            )
        )
        > 0
    )


def remove_member(membership: Membership) -> None:
    """Refused (409) for the programme's last coordinator."""
    if membership.role == MemberRole.COORDINATOR and coordinator_count(membership) <= 1:
        raise Conflict(_("A programme keeps at least one coordinator: add another first."))
    audit.record(
        "membership.delete", membership, user_id=membership.user_id, role=str(membership.role)
    )
    db.session.delete(membership)
    db.session.flush()
    if not _still_runs_sessions(membership):
        _leave_sessions_to_come(membership)


FACILITATING = (MemberRole.COORDINATOR, MemberRole.FACILITATOR)


def _still_runs_sessions(membership: Membership) -> bool:
    """Another role of theirs in the programme that facilitates (a coordinator's, say)."""
    return db.session.scalar(
        sa.select(
            sa.exists().where(
                Membership.programme_id == membership.programme_id,
                Membership.user_id == membership.user_id,
                Membership.role.in_(FACILITATING),
            )
        )
    )


def _leave_sessions_to_come(membership: Membership) -> None:
    """They no longer facilitate the programme's sessions still to come; those held keep their
    name, the record of who ran them (with no right over them: ``is_facilitated_by``)."""
    to_come = sa.select(DialogueSession.id).where(
        DialogueSession.programme_id == membership.programme_id,
        DialogueSession.ends_at > utcnow(),
    )
    db.session.execute(
        sa.delete(session_facilitator).where(
            session_facilitator.c.user_id == membership.user_id,
            session_facilitator.c.session_id.in_(to_come),
        )
    )
    db.session.expire_all()  # loaded sessions read their facilitators afresh


def coordinator_count(membership: Membership) -> int:
    return db.session.scalar(
        sa.select(sa.func.count()).where(
            Membership.programme_id == membership.programme_id,
            Membership.role == MemberRole.COORDINATOR,
        )
    )


def resend_invitation(membership: Membership) -> StaffInvitation:
    """A fresh link for someone who has not accepted yet; earlier links stop working."""
    if membership.user.password_hash is not None:
        raise Conflict(_("This person already has an account with a password."))
    now = utcnow()
    db.session.execute(
        sa.update(StaffInvitation)
        .where(StaffInvitation.membership_id == membership.id, StaffInvitation.used_at.is_(None))
        .values(expires_at=now)
    )
    return _invite(membership)


def _invite(membership: Membership) -> StaffInvitation:
    token = new_token()
    invitation = StaffInvitation(
        membership=membership,
        email=membership.user.email,
        token_hash=token_digest(token),
        expires_at=utcnow() + INVITATION_LIFETIME,
    )
    db.session.add(invitation)
    db.session.flush()
    audit.record("invitation.create", invitation, programme_id=membership.programme_id)
    link = url_for("programmes.accept_invitation", token=token, _external=True)
    with force_locale(membership.user.locale):  # in the recipient's language
        title = membership.programme.title
        subject = _("You are invited to “%(title)s”", title=title)
        body = _invitation_text(membership, invitation, link)
    send_mail(membership.user.email, subject, body)
    return invitation


def _added_text(membership: Membership) -> str:
    return _(
        "You have been added as %(role)s of the programme “%(title)s” on Dialogues.",
        role=ROLE_NAMES[membership.role],
        title=membership.programme.title,
    )


def _invitation_text(membership: Membership, invitation: StaffInvitation, link: str) -> str:
    expires = invitation.expires_at.strftime("%Y-%m-%d %H:%M UTC")
    accept = _(
        "To accept, open this link, then choose your name and password. It works once, for "
        "this email address only, until %(expires)s:",
        expires=expires,
    )
    ignore = _("If you did not expect this message, you can ignore it.")
    return f"{_added_text(membership)}\n\n{accept}\n\n{link}\n\n{ignore}\n"


def _notify_added(membership: Membership) -> None:
    link = url_for("dashboard.show_programme", slug=membership.programme.slug, _external=True)
    with force_locale(membership.user.locale):
        subject = _("You were added to “%(title)s”", title=membership.programme.title)
        body = f"{_added_text(membership)}\n\n{_('Open it here: %(link)s', link=link)}\n"
    send_mail(membership.user.email, subject, body)


def find_invitation(token: str, user=None) -> StaffInvitation:
    """The invitation for ``token`` if it can still be used by ``user`` (None: signed out)."""
    invitation = db.session.scalar(
        sa.select(StaffInvitation).where(StaffInvitation.token_hash == token_digest(token or ""))
    )
    if invitation is None:
        raise NotFound(_("This invitation link is not valid. Check that you copied all of it."))
    if invitation.used_at is not None:
        raise Conflict(_("This invitation has already been used. Sign in instead."))
    if invitation.expires_at <= utcnow():
        raise Conflict(_("This invitation has expired. Ask the coordinator to send a new one."))
    if _signed_in(user) and normalise_email(user.email) != invitation.email:
        raise Forbidden(_("This invitation was sent to another email address than yours."))
    if invitation.membership.user.email != invitation.email:
        raise Forbidden(_("This invitation was sent to another email address."))
    return invitation


def accept_invitation(token: str, user=None, *, name=None, password=None) -> User:
    """Use an invitation; signed out, it sets the new account's name and password.

    Returns the invited person, whom the caller signs in.
    """
    invitation = find_invitation(token, user)
    invitee = invitation.membership.user
    if not _signed_in(user):
        _set_up_account(invitee, name, password)
    invitation.used_at = utcnow()
    audit.record(
        "invitation.accept",
        invitation,
        actor=invitee,
        programme_id=invitation.membership.programme_id,
    )
    return invitee


def _set_up_account(invitee: User, name, password) -> None:
    if invitee.password_hash is not None:
        raise Conflict(_("This account already has a password: sign in, then open the link again."))
    errors = Errors()
    name = name.strip() if isinstance(name, str) else ""
    if not name:
        errors.add("name", _("Enter your name."))
    elif len(name) > 200:
        errors.add("name", too_long(200))
    if not isinstance(password, str) or not password:
        errors.add("password", _("Choose a password."))
    elif (problem := password_problem(password, invitee.email)) is not None:
        errors.add("password", problem)
    if errors:
        raise ValidationFailed(errors)
    invitee.name = name
    invitee.password_hash = hash_password(password)


def _signed_in(user) -> bool:
    return user is not None and user.is_authenticated
