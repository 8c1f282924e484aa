"""The programme dashboard: what the programme is, and for its staff the key figures and balance.

The figures are one query, so the page costs the same for two sides or fifty.
"""

from flask import render_template
from flask_login import current_user, login_required

from dialogues.core.access import require
from dialogues.core.markdown import render_markdown
from dialogues.dashboard import bp
from dialogues.dashboard.chart import balance_chart
from dialogues.dashboard.figures import session_counts, staff_figures
from dialogues.programmes.models import Programme
from dialogues.programmes.queries import programme_by_slug
from dialogues.registrations.balance import Balance


@bp.get("/programmes/<slug>")
@login_required
def show_programme(slug: str):
    programme = programme_by_slug(slug)
    require(programme.can_view(current_user))
    return render_template(
        "dashboard/programme.html",
        programme=programme,
        access=programme.access_for(current_user),
        description=render_markdown(programme.description),
        **_figures(programme),
    )


def _figures(programme: Programme) -> dict:
    """Staff see every figure and the balance (drafts counted as the list shows them: a
    facilitator counts their own); accepted participants the sessions; others none."""
    if programme.can_facilitate(current_user):
        balance, sessions, recommendations = staff_figures(programme, current_user)
        return {
            "balance": balance,
            "parity": parity_state(balance, programme.parity_threshold),
            "chart": balance_chart(balance),
            "sessions": sessions,
            "recommendations": recommendations,
        }
    if programme.can_read_content(current_user):
        return {"sessions": session_counts(programme)}
    return {}


def parity_state(balance: Balance, threshold: float) -> str:
    """``empty`` before anyone is accepted, ``low`` below the threshold, else ``ok``."""
    if not any(side.accepted for side in balance.sides):
        return "empty"
    return "low" if balance.parity < threshold else "ok"
