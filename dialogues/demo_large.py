"""The large demo: one programme at real scale plus twenty smaller ones, for the benchmark.

At full scale the largest programme has 5,000 registrations, 1,000 sessions and 3,000
recommendations with 30,000 endorsements. Rows go in with bulk inserts (Core ``insert()`` with a
list of dicts) and every generated account shares one password hash (the demo password), so a
full run takes well under a minute on SQLite. The recommendation search index is filled by the
database's own triggers (migration 0005), as for rows written by the app. ``factor`` shrinks
every count, for tests.
"""

import random
from dataclasses import dataclass
from datetime import date, timedelta

import sqlalchemy as sa

from dialogues.auth.models import User
from dialogues.demo import DOMAIN, PATHS
from dialogues.demo_names import PEOPLE
from dialogues.extensions import db
from dialogues.programmes.models import Membership, Programme, Side
from dialogues.recommendations.models import ENDORSABLE, RecommendationStatus

LARGE_SLUG = "global-security-dialogue"
PEOPLE_DOMAIN = f"people.{DOMAIN}"
# Share of recommendations in each state, in the order they are dealt out.
STATUS_MIX = (
    (RecommendationStatus.PUBLISHED, 25),
    (RecommendationStatus.ADOPTED, 25),
    (RecommendationStatus.SUBMITTED, 20),
    (RecommendationStatus.DRAFT, 15),
    (RecommendationStatus.RETURNED, 10),
    (RecommendationStatus.WITHDRAWN, 5),
)
REGISTRATION_MIX = (("accepted", 60), ("pending", 20), ("waitlisted", 10), ("declined", 10))


@dataclass(frozen=True)
class Scale:
    registrations: int = 5000
    sessions: int = 1000
    recommendations: int = 3000
    endorsements: int = 30000
    small_programmes: int = 20
    small_registrations: int = 150

    def times(self, factor: float) -> "Scale":
        return Scale(*(max(1, round(value * factor)) for value in vars(self).values()))


def deal(mix: tuple, number: int):
    """The number-th item of a repeating deck with each item's share of 100 cards."""
    card = (number * 37) % 100  # 37 is prime to 100: spreads the states through the list
    for item, share in mix:
        if card < share:
            return item
        card -= share
    raise AssertionError("shares must add up to 100")


def load_large_demo(factor: float = 1.0, slug: str = LARGE_SLUG) -> dict | None:
    """Generate everything; ``None`` when the large programme is already there.

    Needs the small demo (its staff run the large programme); every generated account gets
    their password hash, so the demo password signs in anyone. Another ``slug`` generates a
    second, independent set (tests compare two sizes side by side).
    """
    from dialogues.demo_large_content import fill_programme

    if db.session.scalar(sa.select(Programme.id).where(Programme.slug == slug)):
        return None
    scale = Scale().times(factor)
    # Demo data, not secrets: a seeded generator makes every run the same.
    rng = random.Random(2026)  # noqa: S311  # nosec B311
    staff, password_hash = _staff()
    people = _people(scale.registrations, password_hash, slug)
    counts = {"users": sum(len(ids) for ids in people)}
    large = _programme(slug, "Global Security Dialogue", range(len(PEOPLE)), staff)
    counts |= fill_programme(large, people, scale, rng, staff)
    for number in range(scale.small_programmes):
        sides = (number % 4, (number + 1) % 4)
        programme = _programme(
            f"{slug}-regional-{number + 1}", f"Regional Dialogue {number + 1}", sides, staff
        )
        small = Scale(scale.small_registrations, 10, 20, 100, 0, 0)
        fill_programme(programme, [people[side] for side in sides], small, rng, staff)
    counts["programmes"] = scale.small_programmes + 1
    return counts


def _people(count: int, password_hash: str, slug: str) -> list[list[int]]:
    """Accounts for ``count`` people spread over the four pools; their ids, pool by pool."""
    from dialogues.demo_names import person_name

    rows = [
        {
            "email": f"p{number}.{slug}@{PEOPLE_DOMAIN}",
            "name": person_name(number % len(PEOPLE), number // len(PEOPLE)),
            "password_hash": password_hash,
            "timezone": ("America/New_York", "Asia/Shanghai", "Europe/Moscow", "Asia/Riyadh")[
                number % len(PEOPLE)
            ],
        }
        for number in range(count)
    ]
    ids = insert_returning(User, rows)
    return [ids[pool :: len(PEOPLE)] for pool in range(len(PEOPLE))]


def _staff() -> tuple[dict[str, int], str]:
    """The small demo's staff ids by local part, and their (shared) password hash."""
    locals_ = ("coordinator", "facilitator", "liaison.us", "liaison.cn", "liaison.gulf")
    found = db.session.execute(
        sa.select(User.email, User.id, User.password_hash).where(
            User.email.in_([f"{local}@{DOMAIN}" for local in locals_])
        )
    ).all()
    ids = {email.partition("@")[0]: id_ for email, id_, _hash in found}
    return ids, found[0].password_hash


def _programme(slug: str, title: str, pools, staff: dict) -> dict:
    """A running programme with sides for the given pools and the demo staff as members."""
    starts = date(2026, 1, 12)
    programme = Programme(
        slug=slug,
        title=title,
        kind="dialogue_series",
        status="running",
        timezone="Europe/Vienna",
        confidentiality="chatham_house",
        starts_on=starts,
        ends_on=starts + timedelta(days=730),
        description="Experts from every side on crisis management, in several languages.",
        registration_open=True,
    )
    programme.sides = [
        Side(name=PEOPLE[pool][0], slug=f"side-{pool}", countries=PEOPLE[pool][1], capacity=None)
        for pool in pools
    ]
    db.session.add(programme)
    db.session.flush()
    _memberships(programme, staff)
    return {"id": programme.id, "sides": [(side.id, side.name) for side in programme.sides]}


def _memberships(programme: Programme, staff: dict) -> None:
    liaisons = {"United States": "liaison.us", "China": "liaison.cn", "Gulf states": "liaison.gulf"}
    rows = [
        {"programme_id": programme.id, "user_id": staff[role], "role": role, "side_id": None}
        for role in ("coordinator", "facilitator")
    ]
    rows += [
        {
            "programme_id": programme.id,
            "user_id": staff[liaisons[side.name]],
            "role": "liaison",
            "side_id": side.id,
        }
        for side in programme.sides
        if side.name in liaisons
    ]
    db.session.execute(sa.insert(Membership), rows)


def insert_returning(model, rows: list[dict]) -> list[int]:
    """Insert every row in as few statements as the driver allows; the new ids, in row order."""
    if not rows:
        return []
    statement = sa.insert(model).returning(model.id, sort_by_parameter_order=True)
    return list(db.session.scalars(statement, rows))


def endorsable(status: RecommendationStatus) -> bool:
    return status in ENDORSABLE


def transitions(recommendation_id: int, status, actors: dict) -> list[dict]:
    """The workflow steps that led to ``status``, as transition rows."""
    rows, previous = [], RecommendationStatus.DRAFT
    for step in PATHS[status]:
        actor = (
            actors["facilitator"] if step in {"submitted", "withdrawn"} else actors["coordinator"]
        )
        rows.append(
            {
                "recommendation_id": recommendation_id,
                "from_status": previous,
                "to_status": step,
                "comment": "Please add each side's position." if step == "returned" else "",
                "actor_id": actor,
            }
        )
        previous = RecommendationStatus(step)
    return rows
