"""Pages that act on one recommendation: workflow moves, endorsing, and the version history.

A refused move or endorsement raises from the operation (409, 403, 422) and the error page says
why; nothing was written. An endorsement of a version the reader no longer sees shows the page
again (409), with the text as it now stands.
"""

from flask import flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from dialogues.core.access import require
from dialogues.recommendations import bp, endorsements, labels, operations
from dialogues.recommendations.diff import compare_snapshots
from dialogues.recommendations.forms import ActionForm, EndorseForm, TransitionForm
from dialogues.recommendations.queries import sessions_of
from dialogues.recommendations.versions import ChangedSinceOpened, as_snapshot, versions_of
from dialogues.recommendations.views import recommendation_or_404, show_page


def _back(recommendation_id: int):
    return redirect(
        url_for("recommendations.show_recommendation", recommendation_id=recommendation_id)
    )


@bp.post("/recommendations/<id:recommendation_id>/transition")
@login_required
def transition_recommendation(recommendation_id: int):
    recommendation = recommendation_or_404(recommendation_id)
    require(recommendation.can_view(current_user))
    form = TransitionForm()
    form.validate_on_submit()  # CSRF is checked for every form; the operation checks the rest
    operations.transition(recommendation, current_user, form.to.data, form.comment.data)
    status = labels.status_word(recommendation.status)
    flash(_("The recommendation is now %(status)s.", status=status), "success")
    return _back(recommendation_id)


@bp.post("/recommendations/<id:recommendation_id>/endorse")
@login_required
def endorse_recommendation(recommendation_id: int):
    recommendation = recommendation_or_404(recommendation_id)
    require(recommendation.can_view(current_user))
    form = EndorseForm()
    form.validate_on_submit()
    try:
        endorsements.endorse(recommendation, current_user, form.opened_version())
    except ChangedSinceOpened as refusal:
        return show_page(recommendation, refusal)  # the text as it stands now, to read
    flash(_("You endorse this recommendation. Only you can see that you did."), "success")
    return _back(recommendation_id)


@bp.post("/recommendations/<id:recommendation_id>/endorse/withdraw")
@login_required
def withdraw_endorsement(recommendation_id: int):
    recommendation = recommendation_or_404(recommendation_id)
    require(recommendation.can_view(current_user))
    ActionForm().validate_on_submit()
    endorsements.withdraw(recommendation, current_user)
    flash(_("Your endorsement is withdrawn."), "success")
    return _back(recommendation_id)


@bp.post("/recommendations/<id:recommendation_id>/notice/dismiss")
@login_required
def dismiss_notice(recommendation_id: int):
    recommendation = recommendation_or_404(recommendation_id)
    require(recommendation.can_view(current_user))
    ActionForm().validate_on_submit()
    endorsements.dismiss_notice(recommendation, current_user)
    return _back(recommendation_id)


@bp.get("/recommendations/<id:recommendation_id>/history")
@login_required
def show_history(recommendation_id: int):
    """Any two versions side by side; by default the latest against the one before (a
    recommendation never edited has nothing to compare)."""
    recommendation = recommendation_or_404(recommendation_id)
    require(recommendation.can_view(current_user))
    versions = {version.version: version for version in versions_of(recommendation)}
    numbers = sorted(versions)
    default_new = numbers[-1] if numbers else None
    default_old = numbers[-2] if len(numbers) > 1 else None
    old, new, problem = _chosen(numbers, default_old, default_new)
    diffs = []
    if old is not None and new is not None:
        diffs = compare_snapshots(
            as_snapshot(versions[old]), as_snapshot(versions[new]), _names(recommendation)
        )
    context = {
        "recommendation": recommendation,
        "programme": recommendation.programme,
        "versions": [versions[n] for n in reversed(numbers)],
        "old": versions.get(old),
        "new": versions.get(new),
        "diffs": diffs,
        "problem": problem,
    }
    return render_template("recommendations/history.html", **context), 422 if problem else 200


def _chosen(numbers: list[int], default_old, default_new):
    """The versions asked for in ``?old=&new=``, or the defaults and a message."""
    picked = []
    for name, default in (("old", default_old), ("new", default_new)):
        value = request.args.get(name, "")
        if not value:
            picked.append(default)
        elif value.isascii() and value.isdigit() and int(value) in numbers:
            picked.append(int(value))
        else:
            shown = ", ".join(str(n) for n in numbers)
            message = _(
                "There is no version %(version)s: choose %(versions)s.",
                version=value[:20],
                versions=shown,
            )
            return default_old, default_new, message
    return picked[0], picked[1], None


def _names(recommendation) -> dict:
    sides = {side.id: side.name for side in recommendation.programme.sides}
    sessions = {item.id: item.title for item in sessions_of(recommendation.programme)}
    return {
        "sides": sides,
        "sessions": sessions,
        "agreement": lambda data: str(labels.AGREEMENT.get(data["agreement"], data["agreement"])),
    }
