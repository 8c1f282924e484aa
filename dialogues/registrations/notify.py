"""The emails a registrant receives: confirmation, each decision (a reopening too), withdrawal,
erasure.

Each message concerns only its recipient: no other participant is named in it. Each is written
in the recipient's language (their profile's), whoever's request sends it.
"""

from flask import has_request_context, render_template, url_for
from flask_babel import force_locale
from flask_babel import lazy_gettext as _l

from dialogues.core.mail import send_mail
from dialogues.registrations.models import Registration, RegistrationStatus
from dialogues.registrations.rules import rule_text

SUBJECTS = {
    "registered": _l("Registration received: %(title)s"),
    "accepted": _l("You have a place: %(title)s"),
    "waitlisted": _l("You are on the waiting list: %(title)s"),
    "declined": _l("Your registration: %(title)s"),
    "withdrawn": _l("Registration withdrawn: %(title)s"),
    "reopened": _l("Registration reopened: %(title)s"),
}
ERASED_SUBJECT = _l("Your Dialogues account has been erased")


def registered(registration: Registration) -> None:
    _send(registration, "registered")


def decided(registration: Registration) -> None:
    """The decision just taken; pending again means a withdrawn registration was reopened."""
    status = registration.status
    _send(registration, "reopened" if status == RegistrationStatus.PENDING else str(status))


def withdrawn(registration: Registration) -> None:
    _send(registration, "withdrawn")


def account_erased(email: str, name: str, locale: str) -> None:
    with force_locale(locale):
        body = render_template("registrations/email/erased.txt", name=name)
        send_mail(email, str(ERASED_SUBJECT), body)


def _send(registration: Registration, event: str) -> None:
    user = registration.user
    if user is None:  # the account was erased: nobody to tell
        return
    programme = registration.programme
    with force_locale(user.locale):
        body = render_template(
            f"registrations/email/{event}.txt",
            registration=registration,
            programme=programme,
            user=user,
            rule=rule_text(programme.confidentiality),
            link=_link("registrations.show_own", slug=programme.slug),
        )
        title = " ".join(programme.title.split())  # a header holds one line
        send_mail(user.email, SUBJECTS[event] % {"title": title}, body)


def _link(endpoint: str, **values) -> str | None:
    """An absolute link, when there is a request to take the host from."""
    return url_for(endpoint, _external=True, **values) if has_request_context() else None
