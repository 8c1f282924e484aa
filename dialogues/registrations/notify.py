"""The emails a registrant receives: confirmation, each decision, withdrawal, erasure.

Each message concerns only its recipient: no other participant is named in it.
"""

from flask import has_request_context, render_template, url_for

from dialogues.core.mail import send_mail
from dialogues.registrations.models import Registration
from dialogues.registrations.rules import rule_text

SUBJECTS = {
    "registered": "Registration received: {title}",
    "accepted": "You have a place: {title}",
    "waitlisted": "You are on the waiting list: {title}",
    "declined": "Your registration: {title}",
    "withdrawn": "Registration withdrawn: {title}",
}


def registered(registration: Registration) -> None:
    _send(registration, "registered")


def decided(registration: Registration) -> None:
    _send(registration, str(registration.status))


def withdrawn(registration: Registration) -> None:
    _send(registration, "withdrawn")


def account_erased(email: str, name: str) -> None:
    body = render_template("registrations/email/erased.txt", name=name)
    send_mail(email, "Your Dialogues account has been erased", body)


def _send(registration: Registration, event: str) -> None:
    user = registration.user
    if user is None:  # the account was erased: nobody to tell
        return
    programme = registration.programme
    body = render_template(
        f"registrations/email/{event}.txt",
        registration=registration,
        programme=programme,
        user=user,
        rule=rule_text(programme.confidentiality),
        link=_link("registrations.show_own", slug=programme.slug),
    )
    title = " ".join(programme.title.split())  # a header holds one line
    send_mail(user.email, SUBJECTS[event].format(title=title), body)


def _link(endpoint: str, **values) -> str | None:
    """An absolute link, when there is a request to take the host from."""
    return url_for(endpoint, _external=True, **values) if has_request_context() else None
