"""Configuration layers: defaults < instance/config.py < environment < test config."""

import pytest

from dialogues import create_app


@pytest.fixture
def instance(tmp_path):
    folder = tmp_path / "instance"
    folder.mkdir()
    (folder / "config.py").write_text(
        "LOGIN_ACCOUNT_LIMIT = 3\nREDIS_URL = 'redis://instance'\nSECRET_KEY = 'from-instance'\n"
    )
    return folder


def test_defaults_use_sqlite_in_the_instance_folder(tmp_path):
    app = create_app({"INSTANCE_PATH": str(tmp_path), "PRODUCTION": False})
    assert app.config["SQLALCHEMY_DATABASE_URI"] == f"sqlite:///{tmp_path / 'dialogues.sqlite3'}"
    assert app.config["LOGIN_ACCOUNT_LIMIT"] == 10


def test_instance_config_overrides_defaults(instance):
    app = create_app({"INSTANCE_PATH": str(instance)})
    assert app.config["LOGIN_ACCOUNT_LIMIT"] == 3
    assert app.config["SECRET_KEY"] == "from-instance"


def test_environment_overrides_instance(instance, monkeypatch):
    monkeypatch.setenv("SECRET_KEY", "from-env")
    monkeypatch.setenv("REDIS_URL", "redis://env")
    monkeypatch.setenv("DATABASE_URL", "postgresql://u@db.internal/dialogues")
    app = create_app({"INSTANCE_PATH": str(instance)})
    assert app.config["SECRET_KEY"] == "from-env"
    assert app.config["REDIS_URL"] == "redis://env"
    assert app.config["SQLALCHEMY_DATABASE_URI"] == "postgresql+psycopg://u@db.internal/dialogues"


def test_test_config_overrides_environment(instance, monkeypatch):
    monkeypatch.setenv("SECRET_KEY", "from-env")
    app = create_app({"INSTANCE_PATH": str(instance), "SECRET_KEY": "from-test"})
    assert app.config["SECRET_KEY"] == "from-test"


def test_instance_folder_from_environment(tmp_path, monkeypatch):
    monkeypatch.setenv("DIALOGUES_INSTANCE", str(tmp_path / "elsewhere"))
    app = create_app()
    assert app.instance_path == str(tmp_path / "elsewhere")


def test_secret_key_is_made_once_and_shared(tmp_path, monkeypatch):
    monkeypatch.delenv("SECRET_KEY", raising=False)
    first = create_app({"INSTANCE_PATH": str(tmp_path)})
    second = create_app({"INSTANCE_PATH": str(tmp_path)})
    assert len(first.config["SECRET_KEY"]) == 64
    assert first.config["SECRET_KEY"] == second.config["SECRET_KEY"]
    assert (tmp_path / "secret_key").stat().st_mode & 0o077 == 0


def test_secret_keys_differ_between_installations(tmp_path, monkeypatch):
    monkeypatch.delenv("SECRET_KEY", raising=False)
    one = create_app({"INSTANCE_PATH": str(tmp_path / "one")})
    two = create_app({"INSTANCE_PATH": str(tmp_path / "two")})
    assert one.config["SECRET_KEY"] != two.config["SECRET_KEY"]


def test_refuses_debug_in_production(tmp_path, monkeypatch):
    monkeypatch.setenv("FLASK_DEBUG", "1")
    with pytest.raises(RuntimeError, match="DEBUG"):
        create_app({"INSTANCE_PATH": str(tmp_path)})


def test_debug_allowed_in_development(tmp_path, monkeypatch):
    monkeypatch.setenv("FLASK_DEBUG", "1")
    monkeypatch.setenv("DIALOGUES_PRODUCTION", "0")
    assert create_app({"INSTANCE_PATH": str(tmp_path)}).debug


def test_two_factor_required_in_production_only_by_default(tmp_path, monkeypatch):
    assert create_app({"INSTANCE_PATH": str(tmp_path)}).config["TWO_FACTOR_REQUIRED"] is True
    development = create_app({"INSTANCE_PATH": str(tmp_path), "PRODUCTION": False})
    assert development.config["TWO_FACTOR_REQUIRED"] is False
    monkeypatch.setenv("TWO_FACTOR_REQUIRED", "1")
    forced = create_app({"INSTANCE_PATH": str(tmp_path), "PRODUCTION": False})
    assert forced.config["TWO_FACTOR_REQUIRED"] is True
