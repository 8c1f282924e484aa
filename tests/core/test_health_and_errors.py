"""The health check, error pages in the site's look, and the JSON error format under /api/."""

import sqlalchemy as sa

from dialogues import create_app
from dialogues.core.audit import AuditEvent
from dialogues.extensions import db


def test_healthz_ok(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.get_json() == {"status": "ok", "database": "ok"}


def test_healthz_reports_an_unreachable_database(tmp_path):
    app = create_app(
        {
            "INSTANCE_PATH": str(tmp_path),
            "PRODUCTION": False,
            "SECRET_KEY": "x",
            "SQLALCHEMY_DATABASE_URI": "postgresql+psycopg://nobody@127.0.0.1:1/none",
        }
    )
    response = app.test_client().get("/healthz")
    assert response.status_code == 503
    assert response.get_json()["database"] == "unreachable"


def test_not_found_page_in_site_look(client):
    response = client.get("/no/such/page")
    assert response.status_code == 404
    page = response.get_data(as_text=True)
    assert "Not found" in page
    assert "dialogues.css" in page


def test_api_errors_are_json(client):
    response = client.get("/api/v1/no-such-endpoint")
    assert response.status_code == 404
    assert response.get_json()["error"]["code"] == "not_found"


def test_forbidden_page_is_audited(client, make, login):
    user = make.user()
    login(user)
    response = client.get("/admin/audit")
    assert response.status_code == 403
    assert "Not allowed" in response.get_data(as_text=True)
    event = db.session.scalar(sa.select(AuditEvent).where(AuditEvent.action == "access.denied"))
    assert event.actor_id == user.id
    assert event.detail == {"path": "/admin/audit", "method": "GET"}


def test_server_error_page_hides_details(app, client):
    @app.get("/boom")
    def boom():
        raise RuntimeError("secret internals")

    response = client.get("/boom")
    assert response.status_code == 500
    page = response.get_data(as_text=True)
    assert "Something went wrong" in page
    assert "secret internals" not in page


def test_request_id_is_echoed(client):
    response = client.get("/healthz", headers={"X-Request-ID": "abc123"})
    assert response.headers["X-Request-ID"] == "abc123"
