"""The large demo generator, at a fiftieth of its real size: counts and consistency."""

import sqlalchemy as sa

from dialogues.auth.models import User
from dialogues.auth.passwords import verify_password
from dialogues.demo import load_demo
from dialogues.demo_large import LARGE_SLUG, Scale, load_large_demo
from dialogues.extensions import db
from dialogues.programmes.models import Programme
from dialogues.recommendations import search
from dialogues.recommendations.models import ENDORSABLE, Endorsement, Recommendation
from dialogues.registrations.models import Registration, RegistrationStatus
from dialogues.sessions.models import DialogueSession

FACTOR = 0.02


def _count(model, *where):
    return db.session.scalar(sa.select(sa.func.count()).select_from(model).where(*where))


def _generate():
    sign_ins, _created = load_demo()
    counts = load_large_demo(FACTOR)
    db.session.commit()
    return sign_ins, counts


def test_counts_match_the_scale(app_context):
    _sign_ins, counts = _generate()
    scale = Scale().times(FACTOR)
    large = db.session.scalar(sa.select(Programme.id).where(Programme.slug == LARGE_SLUG))
    assert _count(Registration, Registration.programme_id == large) == scale.registrations
    assert _count(DialogueSession, DialogueSession.programme_id == large) == scale.sessions
    assert _count(Recommendation, Recommendation.programme_id == large) == scale.recommendations
    in_large = Endorsement.recommendation_id.in_(
        sa.select(Recommendation.id).where(Recommendation.programme_id == large)
    )
    assert _count(Endorsement, in_large) == scale.endorsements
    assert counts["programmes"] == scale.small_programmes + 1
    assert _count(Programme) == scale.small_programmes + 1 + 2  # and the small demo's two


def test_endorsements_come_from_accepted_people_of_the_same_programme(app_context):
    _generate()
    wrong = (
        sa.select(sa.func.count())
        .select_from(Endorsement)
        .join(Recommendation, Recommendation.id == Endorsement.recommendation_id)
        .join(Registration, Registration.id == Endorsement.registration_id)
        .where(
            sa.or_(
                Registration.programme_id != Recommendation.programme_id,
                Registration.status != RegistrationStatus.ACCEPTED,
                Recommendation.status.not_in(list(ENDORSABLE)),
            )
        )
    )
    assert db.session.scalar(wrong) == 0


def test_names_in_four_scripts_and_one_password(app_context):
    sign_ins, _counts = _generate()
    names = " ".join(db.session.scalars(sa.select(User.name).where(User.email.like("p%@people.%"))))
    for sample in ("Emily", "李", "Анна", "فاطمة"):
        assert sample in names
    someone = db.session.scalar(sa.select(User).where(User.email.like("p7.%@people.%")))
    assert verify_password(someone.password_hash, sign_ins["password"])


def test_generated_recommendations_are_in_the_search_index(app_context):
    _generate()
    for query in ("hotline", "热线", "горячая линия", "الإنذار"):
        hits = search.matching(query)
        found = db.session.scalar(sa.select(sa.func.count()).select_from(hits))
        assert found > 0, query
    every = search.matching("Recommendation")
    total = db.session.scalar(sa.select(sa.func.count()).select_from(every))
    assert total == _count(Recommendation, Recommendation.title.like("Recommendation %"))


def test_a_second_run_changes_nothing(app_context):
    _generate()
    before = _count(Registration), _count(Endorsement)
    assert load_large_demo(FACTOR) is None
    assert (_count(Registration), _count(Endorsement)) == before


def test_demo_size_large_on_the_command_line(runner, app_context):
    result = runner.invoke(args=["demo", "--size", "large", "--scale", "0.01"])
    assert result.exit_code == 0, result.output
    assert "Large demo generated in" in result.output
    assert "50 registrations" in result.output
    assert "coordinator@demo.dialogues.example" in result.output
    again = runner.invoke(args=["demo", "--size", "large", "--scale", "0.01"])
    assert "already present" in again.output
    wrong = runner.invoke(args=["demo", "--size", "huge"])
    assert wrong.exit_code == 2
    assert "--size" in wrong.output


def test_the_planner_has_statistics_of_the_large_demo(runner, app_context):
    runner.invoke(args=["demo", "--size", "large", "--scale", "0.01"])
    rows = {
        "sqlite": "SELECT count(*) FROM sqlite_stat1 WHERE tbl = 'registration'",
        "postgresql": "SELECT count(*) FROM pg_stats WHERE tablename = 'registration'",
    }[db.engine.dialect.name]
    assert db.session.scalar(sa.text(rows)) > 0
    if db.engine.dialect.name == "postgresql":  # vacuumed: index-only scans skip the table
        visible = "SELECT relallvisible FROM pg_class WHERE relname = 'registration'"
        assert db.session.scalar(sa.text(visible)) > 0
