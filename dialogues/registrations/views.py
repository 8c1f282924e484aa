"""Pages for registering and for the participant's own registration.

The coordinator's desk is in ``desk_views``; the person's data and erasure in ``account_views``.
"""

from flask import abort, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from dialogues.auth.operations import find_user, start_session
from dialogues.core.errors import Conflict, ValidationFailed
from dialogues.core.i18n import current_language
from dialogues.core.throttle import limit_requests
from dialogues.registrations import bp, operations
from dialogues.registrations.forms import ROLE_LABELS, DetailsForm, RegistrationForm, show_errors
from dialogues.registrations.labels import status_label
from dialogues.registrations.queries import own_registration, programme_by_slug
from dialogues.registrations.rules import attribution_asked, consent_version, rule_text
from dialogues.registrations.validation import language_name


@bp.app_template_filter("registration_status")
def registration_status(status) -> str:
    """A registration's status in the reader's language: ``{{ status|registration_status }}``."""
    return status_label(status)


@bp.route("/p/<slug>/register", methods=["GET", "POST"])
@limit_requests("registration", 30, 60 * 60)  # generous: a delegation may share one address
def register(slug):
    programme = programme_by_slug(slug)
    if not programme.accepts_registrations:
        return render_template("registrations/closed.html", programme=programme), 403
    user = current_user._get_current_object() if current_user.is_authenticated else None
    if own_registration(programme, user) is not None:
        flash(_("You have already registered for this programme."), "info")
        return redirect(url_for("registrations.show_own", slug=slug))
    form = RegistrationForm(programme, signed_in=user is not None)
    status = 200
    if form.validate_on_submit():
        new_account = user is None and find_user(form.email.data) is None
        try:
            registration = operations.register(programme, form.operation_data(), user)
        except ValidationFailed as error:
            show_errors(form, error)
        except Conflict as error:
            form.form_errors.append(error.message)
            status = 409
        else:
            return _registered(registration, new_account=new_account)
    if form.errors and status == 200:
        status = 422
    return _registration_page(programme, form, status)


def _registration_page(programme, form, status):
    return (
        render_template(
            "registrations/register.html",
            programme=programme,
            form=form,
            rule=rule_text(programme.confidentiality),
            version=consent_version(programme.confidentiality, current_language()),
        ),
        status,
    )


def _registered(registration, *, new_account: bool):
    """Sign a new account in; an existing one signs in the usual way (with its second factor)."""
    flash(
        _("Thank you: your registration is in. We have sent you a confirmation email."), "success"
    )
    own_page = url_for("registrations.show_own", slug=registration.programme.slug)
    if new_account:
        start_session(registration.user)
    elif not current_user.is_authenticated:
        flash(_("Sign in to see your registration."), "info")
        return redirect(url_for("auth.login", next=own_page))
    return redirect(own_page)


@bp.get("/programmes/<slug>/my-registration")
@login_required
def show_own(slug):
    programme = programme_by_slug(slug)
    registration = _own_or_404(programme)
    return render_template(
        "registrations/own.html",
        programme=programme,
        registration=registration,
        rule=rule_text(programme.confidentiality),
        language_name=language_name,
        role_labels=ROLE_LABELS,
        asks_attribution=_asks_attribution(registration),
    )


def _asks_attribution(registration) -> bool:
    """Show the consent to be named where it is asked, and wherever it was given (to withdraw)."""
    return registration.consents_to_attribution or attribution_asked(registration.programme)


@bp.route("/programmes/<slug>/my-registration/edit", methods=["GET", "POST"])
@login_required
def edit_own(slug):
    programme = programme_by_slug(slug)
    registration = _own_or_404(programme)
    form = DetailsForm(obj=registration, asks_attribution=_asks_attribution(registration))
    if not form.is_submitted():
        form.name.data = registration.user.name
    if form.validate_on_submit():
        try:
            operations.update_own_details(registration, current_user, form.details())
        except ValidationFailed as error:
            show_errors(form, error)
        else:
            flash(_("Your details are saved."), "success")
            return redirect(url_for("registrations.show_own", slug=slug))
    template = "registrations/edit_own.html"
    page = render_template(template, programme=programme, registration=registration, form=form)
    return page, 422 if form.errors else 200


@bp.post("/programmes/<slug>/my-registration/withdraw")
@login_required
def withdraw_own(slug):
    programme = programme_by_slug(slug)
    registration = _own_or_404(programme)
    operations.withdraw(registration, current_user)
    flash(_("You have withdrawn your registration. We have sent you a confirmation."), "success")
    return redirect(url_for("registrations.show_own", slug=slug))


def _own_or_404(programme):
    registration = own_registration(programme, current_user)
    if registration is None:
        abort(404)
    return registration
