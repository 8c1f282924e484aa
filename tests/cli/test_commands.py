"""The ``dialogues`` command: init, users create, demo — including bad input."""

import sqlalchemy as sa

from dialogues.auth.models import User
from dialogues.auth.passwords import verify_password
from dialogues.extensions import db
from dialogues.programmes.models import Programme
from dialogues.recommendations.models import Recommendation, RecommendationStatus
from dialogues.registrations.models import Registration


def test_init_twice_is_harmless(runner):
    for _ in range(2):
        result = runner.invoke(args=["init"])
        assert result.exit_code == 0, result.output
        assert "up to date" in result.output


def test_users_create_with_password_from_stdin(runner, app_context):
    result = runner.invoke(
        args=["users", "create", "Chair@Example.org", "--name", "Наталья Иванова", "--admin",
              "--password-stdin"],
        input="a long admin password\n",
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    user = db.session.scalar(sa.select(User).where(User.email == "chair@example.org"))
    assert user.name == "Наталья Иванова"
    assert user.is_admin
    assert user.password_hash.startswith("$argon2id$")
    assert verify_password(user.password_hash, "a long admin password")


def test_users_create_prompts_for_the_password(runner, app_context):
    result = runner.invoke(
        args=["users", "create", "p@example.org", "--name", "P"],
        input="a long password here\na long password here\n",
    )
    assert result.exit_code == 0, result.output
    assert db.session.scalar(sa.select(User.id).where(User.email == "p@example.org"))


def _create(runner, email, name, password):
    return runner.invoke(
        args=["users", "create", email, "--name", name, "--password-stdin"], input=password + "\n"
    )


def test_users_create_names_every_bad_field(runner, app_context):
    result = _create(runner, "not-an-email", " ", "short")
    assert result.exit_code == 1
    assert "email: Enter a valid email address" in result.output
    assert "name: Enter a name." in result.output
    assert "password: Use at least 10 characters." in result.output
    assert db.session.scalar(sa.select(sa.func.count()).select_from(User)) == 0


def test_users_create_refuses_common_passwords_and_duplicates(runner, make):
    make.user(email="taken@example.org")
    assert "too common" in _create(runner, "new@example.org", "N", "password123").output
    result = _create(runner, "TAKEN@example.org", "T", "a long password here")
    assert result.exit_code == 1
    assert "already exists" in result.output


def test_users_create_requires_a_name(runner):
    result = runner.invoke(args=["users", "create", "x@example.org"])
    assert result.exit_code == 2
    assert "--name" in result.output


def test_demo_loads_once_and_prints_sign_ins(runner, app_context):
    first = runner.invoke(args=["demo"])
    assert first.exit_code == 0, first.output
    assert "Demo data loaded." in first.output
    assert "admin@demo.dialogues.example" in first.output
    password = first.output.split("password: ")[1].split()[0]
    counts = _counts()
    second = runner.invoke(args=["demo"])
    assert "already present" in second.output
    assert password in second.output
    assert _counts() == counts
    admin = db.session.scalar(sa.select(User).where(User.email == "admin@demo.dialogues.example"))
    assert verify_password(admin.password_hash, password)


def test_demo_is_rich(runner, app_context):
    runner.invoke(args=["demo"])
    titles = set(db.session.scalars(sa.select(Programme.title)))
    assert any("US–China" in title for title in titles)
    assert any("Gulf–Iran" in title for title in titles)
    names = set(db.session.scalars(sa.select(User.name)))
    assert {"李伟", "فاطمة الزهراء", "Emily Carter"} <= names
    statuses = set(db.session.scalars(sa.select(Recommendation.status)))
    assert statuses == set(RecommendationStatus)
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Registration)) >= 10


def _counts():
    return [
        db.session.scalar(sa.select(sa.func.count()).select_from(model))
        for model in (User, Programme, Registration, Recommendation)
    ]
