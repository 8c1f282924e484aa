"""The person's own data: their registrations, a copy of everything (JSON), erasing the account."""

import json

from flask import Response, flash, redirect, render_template, session, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required, logout_user

from dialogues.core import audit
from dialogues.core.errors import Conflict, ValidationFailed
from dialogues.core.throttle import limit_requests
from dialogues.registrations import bp, privacy
from dialogues.registrations.forms import EraseForm, show_errors
from dialogues.registrations.queries import registrations_of


@bp.get("/account/data")
@login_required
def show_account_data():
    return render_template(
        "registrations/account.html",
        registrations=registrations_of(current_user),
        form=EraseForm(),
    )


@bp.post("/account/data/export")
@login_required
@limit_requests("export", 60, 60 * 60)
def export_account_data():
    user = current_user._get_current_object()
    data = privacy.export_own_data(user)
    audit.record("account.export", user)
    return Response(
        json.dumps(data, ensure_ascii=False, indent=2),
        mimetype="application/json",
        headers={
            "Content-Disposition": 'attachment; filename="my-dialogues-data.json"',
            "Cache-Control": "no-store",
        },
    )


@bp.route("/account/data/erase", methods=["GET", "POST"])
@login_required
def erase_account():
    user = current_user._get_current_object()
    form = EraseForm()
    problem = privacy.erase_problem(user)
    if problem is None and form.validate_on_submit():
        try:
            privacy.confirm_password(user, form.password.data)
            privacy.erase_account(user)
        except ValidationFailed as error:
            show_errors(form, error)
        except Conflict as error:
            problem = error.message
        else:
            logout_user()
            session.clear()
            flash(_("Your account has been erased and you have been signed out."), "success")
            return redirect(url_for("home.index"))
    page = render_template("registrations/erase.html", form=form, problem=problem)
    return page, _erase_status(form, problem)


def _erase_status(form: EraseForm, problem: str | None) -> int:
    if problem is not None:
        return 409 if form.is_submitted() else 200
    return 422 if form.errors else 200
