"""Every page and API list asks the database the same number of questions at 10 rows or 1,000.

Two programmes of the large demo's shape sit side by side: one with 10 registrations (a few
sessions and recommendations), one with 1,000 registrations, 200 sessions, 600 recommendations
and 6,000 endorsements. Each URL is requested for the small one, then for the large one, and
the statement counts must match: no query runs per row (N+1).
"""

import pytest
import sqlalchemy as sa

from dialogues.auth.models import User
from dialogues.demo import load_demo
from dialogues.demo_large import load_large_demo
from dialogues.extensions import db
from dialogues.programmes.models import Programme, Side
from dialogues.recommendations.models import Recommendation
from dialogues.registrations.models import Registration
from dialogues.sessions.models import DialogueSession

SMALL, LARGE = ("small", 0.002), ("large", 0.2)
COORDINATOR = "coordinator@demo.dialogues.example"

PAGES = (
    "/programmes/{slug}",
    "/programmes/{slug}/registrations",
    "/programmes/{slug}/registrations?status=accepted&side={side}&page=1",
    "/programmes/{slug}/sessions",
    "/programmes/{slug}/sessions?page=1",
    "/programmes/{slug}/sessions/timeline",
    "/programmes/{slug}/sessions/new",
    "/sessions/{session}",
    "/sessions/{session}/edit",
    "/programmes/{slug}/recommendations",
    "/programmes/{slug}/recommendations?q=Recommendation",
    "/programmes/{slug}/recommendations?status=published&agreement=consensus",
    "/programmes/{slug}/recommendations/new",
    "/recommendations/{recommendation}",
    "/recommendations/{recommendation}/edit",
    "/recommendations/{recommendation}/history",
    "/programmes/{slug}/briefings",
    "/programmes/{slug}/staff",
    "/programmes/{slug}/sides",
    "/p/{slug}/digest",
    "/p/{slug}/digest.atom",
)
API_LISTS = (
    "/api/v1/programmes",
    "/api/v1/programmes/{programme}/registrations",
    "/api/v1/programmes/{programme}/registrations?status=accepted",
    "/api/v1/programmes/{programme}/sessions",
    "/api/v1/programmes/{programme}/recommendations",
    "/api/v1/programmes/{programme}/recommendations?q=Recommendation",
    "/api/v1/programmes/{programme}/members",
    "/api/v1/programmes/{programme}/balance",
    "/api/v1/programmes/{programme}/digest",
    "/api/v1/auth/tokens",
)
SKIPPED = ("BEGIN", "COMMIT", "ROLLBACK", "PRAGMA", "SAVEPOINT", "RELEASE")


@pytest.fixture
def count_statements(app):
    """``count_statements(client, url, headers)``: statements one (warmed-up) GET runs."""
    with app.app_context():
        engine = db.engine

    def count(client, url, headers=None):
        client.get(url, headers=headers)  # warm-up: sign-in bookkeeping, per-worker caches
        seen = []

        def note(_connection, _cursor, statement, *_rest):
            seen.append(statement)

        sa.event.listen(engine, "before_cursor_execute", note)
        try:
            response = client.get(url, headers=headers)
        finally:
            sa.event.remove(engine, "before_cursor_execute", note)
        assert response.status_code == 200, (url, response.status_code)
        return len([s for s in seen if not s.lstrip().upper().startswith(SKIPPED)])

    return count


def _generate(name: str, factor: float) -> dict:
    db.session.rollback()  # the requests wrote (sign-in): start from what they left
    load_large_demo(factor, slug=name)
    db.session.commit()
    programme = db.session.scalar(sa.select(Programme).where(Programme.slug == name))
    first = sa.select(sa.func.min(Recommendation.id)).where(
        Recommendation.programme_id == programme.id, Recommendation.status == "published"
    )
    return {
        "slug": name,
        "programme": programme.id,
        "side": db.session.scalar(
            sa.select(sa.func.min(Side.id)).filter_by(programme_id=programme.id)
        ),
        "session": db.session.scalar(
            sa.select(sa.func.min(DialogueSession.id)).filter_by(programme_id=programme.id)
        ),
        "recommendation": db.session.scalar(first),
    }


def _sizes(programme_id: int) -> tuple[int, int, int]:
    def count(model):
        return db.session.scalar(
            sa.select(sa.func.count()).select_from(model).filter_by(programme_id=programme_id)
        )

    return count(Registration), count(DialogueSession), count(Recommendation)


def test_pages_and_api_lists_cost_the_same_at_10_and_1000_rows(
    app_context, client, login, bearer, count_statements
):
    sign_ins, _created = load_demo()
    db.session.commit()
    coordinator = db.session.scalar(sa.select(User).filter_by(email=COORDINATOR))
    login(coordinator, sign_ins["password"])
    headers = bearer(coordinator, sign_ins["password"])
    counts = {}
    for name, factor in (SMALL, LARGE):
        ids = _generate(name, factor)
        pages = [(url.format(**ids), None) for url in PAGES]
        apis = [(url.format(**ids), headers) for url in API_LISTS]
        counts[name] = {url: count_statements(client, url, h) for url, h in pages + apis}
        counts[name]["/schedule (facilitator of every session)"] = count_statements(
            client, "/schedule"
        )
    db.session.rollback()
    for name, sizes in (("small", (10, 2, 6)), ("large", (1000, 200, 600))):
        programme_id = db.session.scalar(sa.select(Programme.id).filter_by(slug=name))
        assert _sizes(programme_id) == sizes
    assert list(counts["small"].values()) == list(counts["large"].values()), [
        (url, before, after)
        for (url, before), after in zip(
            counts["small"].items(), counts["large"].values(), strict=True
        )
        if before != after
    ]
