"""The retention page: purging the personal data of a programme that has ended."""

from flask import flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user, login_required
from wtforms import StringField

from dialogues.core.errors import Conflict
from dialogues.core.forms import BaseForm
from dialogues.programmes import bp
from dialogues.programmes.queries import managed_programme
from dialogues.programmes.retention import purge_personal_data, purge_problem


class PurgeForm(BaseForm):
    title = StringField(_l("Type the programme's title to confirm"))


@bp.get("/programmes/<slug>/retention")
@login_required
def show_retention(slug: str):
    return _page(managed_programme(slug, current_user), PurgeForm())


@bp.post("/programmes/<slug>/retention")
@login_required
def purge_programme(slug: str):
    programme = managed_programme(slug, current_user)
    form = PurgeForm()
    if not form.validate_on_submit():
        return _page(programme, form, status=400)
    if form.title.data != programme.title.strip():
        form.title.errors.append(_("Type the title exactly as it is shown."))
        return _page(programme, form, status=422)
    try:
        summary = purge_personal_data(programme, current_user)
    except Conflict as conflict:
        return _page(programme, form, problem=conflict.message, status=409)
    flash(
        _(
            "Personal data purged. Registrations made anonymous: %(registrations)s. "
            "Accounts erased: %(erased)s.",
            registrations=summary.registrations,
            erased=summary.accounts_erased,
        ),
        "success",
    )
    return redirect(url_for("programmes.show_retention", slug=slug))


def _page(programme, form: PurgeForm, problem: str | None = None, status: int = 200):
    page = render_template(
        "programmes/retention.html",
        programme=programme,
        form=form,
        problem=problem or purge_problem(programme),
    )
    return page, status
