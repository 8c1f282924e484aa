"""The paths the benchmark loads, with the ids of the large demo and the sign-ins they need."""

import sqlalchemy as sa

from bench.client import api_token, session_cookie
from bench.load import Target
from dialogues.config import normalise_database_url

SLUG = "global-security-dialogue"
COORDINATOR = "coordinator@demo.dialogues.example"


def ids(database_url: str) -> dict:
    """The programme, its first side and its most endorsed published recommendation."""
    engine = sa.create_engine(normalise_database_url(database_url))
    with engine.connect() as connection:
        programme = connection.execute(
            sa.text("SELECT id FROM programme WHERE slug = :slug"), {"slug": SLUG}
        ).scalar_one()
        side = connection.execute(
            sa.text("SELECT min(id) FROM side WHERE programme_id = :id"), {"id": programme}
        ).scalar_one()
        recommendation = connection.execute(
            sa.text(
                "SELECT r.id FROM recommendation r JOIN endorsement e ON e.recommendation_id = r.id"
                " WHERE r.programme_id = :id AND r.status = 'published'"
                " GROUP BY r.id ORDER BY count(*) DESC, r.id LIMIT 1"
            ),
            {"id": programme},
        ).scalar_one()
    engine.dispose()
    return {"programme": programme, "side": side, "recommendation": recommendation}


def targets_for(base_url: str, database_url: str, password: str) -> list[Target]:
    found = ids(database_url)
    page = {"Cookie": session_cookie(base_url, COORDINATOR, password)}
    api = {"Authorization": f"Bearer {api_token(base_url, COORDINATOR, password)}"}
    programme = f"/programmes/{SLUG}"
    endpoint = f"/api/v1/programmes/{found['programme']}"
    return [
        Target("dashboard", programme, "html", page),
        Target(
            "registration desk",
            f"{programme}/registrations?status=accepted&side={found['side']}&page=3",
            "html",
            page,
        ),
        Target("schedule", f"{programme}/sessions", "html", page),
        Target("recommendations", f"{programme}/recommendations?page=2", "html", page),
        Target("recommendation search", f"{programme}/recommendations?q=hotline", "html", page),
        Target("recommendation", f"/recommendations/{found['recommendation']}", "html", page),
        Target("public digest", f"/p/{SLUG}/digest", "html"),
        Target("api programmes", "/api/v1/programmes", "api", api),
        Target("api registrations", f"{endpoint}/registrations?status=accepted", "api", api),
        Target("api sessions", f"{endpoint}/sessions", "api", api),
        Target("api recommendations", f"{endpoint}/recommendations", "api", api),
        Target("api members", f"{endpoint}/members", "api", api),
    ]
