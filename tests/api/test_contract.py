"""The contract of /work/shared/API.md, table by table, against ``GET /api/v1/openapi.json``.

Each row is one call of the contract: its method, its path, the fields its answer must carry and
the status codes the contract names for it. Extra fields and extra endpoints are allowed (the
contract says so); a missing one fails here.
"""

import pytest

PROGRAMME = {
    "id",
    "slug",
    "title",
    "kind",
    "status",
    "description",
    "starts_on",
    "ends_on",
    "timezone",
    "confidentiality",
    "registration_open",
    "sides",
}
SESSION = {
    "id",
    "programme_id",
    "title",
    "format",
    "starts_at",
    "ends_at",
    "venue",
    "online_url",
    "confidentiality",
    "facilitator_ids",
    "agenda",
}
RECOMMENDATION = {"id", "status", "version", "endorsements", "title", "summary", "body"}
REGISTERED = {"201", "403", "409", "422"}
PAGE = {"items", "total", "page", "per_page"}
REGISTRATION = {"id", "status", "side_id"}

# (method, path under /api/v1, answer fields, status codes named by the contract)
CONTRACT = [
    ("post", "/auth/token", {"token", "expires_at"}, {"201", "401", "429"}),
    ("get", "/me", {"id", "email", "name", "is_admin", "timezone"}, {"200", "401"}),
    ("post", "/programmes", PROGRAMME, {"201", "403", "422"}),
    ("get", "/programmes", PAGE, {"200"}),
    ("get", "/programmes/{programme_id}", PROGRAMME, {"200", "404"}),
    ("patch", "/programmes/{programme_id}", PROGRAMME, {"200", "403", "409", "422"}),
    ("delete", "/programmes/{programme_id}/sides/{side_id}", set(), {"409"}),
    (
        "post",
        "/programmes/{programme_id}/members",
        {"id", "user_id", "email", "role", "side_id"},
        {"201", "403", "422"},
    ),
    ("post", "/programmes/{programme_id}/registrations", REGISTRATION, REGISTERED),
    ("get", "/programmes/{programme_id}/registrations", PAGE, {"200", "403", "422"}),
    ("patch", "/registrations/{registration_id}", REGISTRATION, {"200", "403", "409"}),
    ("post", "/registrations/{registration_id}/withdraw", {"status"}, {"200"}),
    ("get", "/programmes/{programme_id}/balance", {"sides", "parity"}, {"200", "403"}),
    ("post", "/programmes/{programme_id}/sessions", SESSION, {"201", "403", "409", "422"}),
    ("get", "/programmes/{programme_id}/sessions", PAGE, {"200"}),
    ("get", "/sessions/{session_id}", SESSION, {"200", "404"}),
    ("patch", "/sessions/{session_id}", SESSION, {"200", "403", "409", "422"}),
    ("delete", "/sessions/{session_id}", set(), {"403", "404"}),
    ("get", "/programmes/{programme_id}/sessions.ics", set(), {"200"}),
    (
        "put",
        "/sessions/{session_id}/attendance/{registration_id}",
        {"status"},
        {"200", "403", "422"},
    ),
    ("post", "/programmes/{programme_id}/recommendations", RECOMMENDATION, {"201", "403", "422"}),
    ("get", "/programmes/{programme_id}/recommendations", PAGE, {"200", "422"}),
    ("get", "/recommendations/{recommendation_id}", RECOMMENDATION, {"200", "404"}),
    ("patch", "/recommendations/{recommendation_id}", RECOMMENDATION, {"200", "403", "422"}),
    ("post", "/recommendations/{recommendation_id}/transition", RECOMMENDATION, {"200", "409"}),
    ("post", "/recommendations/{recommendation_id}/endorsements", {"endorsements"}, {"201", "409"}),
    ("get", "/programmes/{programme_id}/briefings/{side_id}", set(), {"200", "403", "422"}),
    ("get", "/programmes/{programme_id}/digest", {"programme", "recommendations"}, {"200", "404"}),
]


@pytest.fixture(scope="module")
def document(migrated, tmp_path_factory):
    """The OpenAPI document, built once for the module."""
    from dialogues import create_app

    instance = tmp_path_factory.mktemp("contract")
    config = {"TESTING": True, "SECRET_KEY": "contract", "REDIS_URL": None}
    config |= {"SQLALCHEMY_DATABASE_URI": migrated, "INSTANCE_PATH": str(instance)}
    app = create_app(config)
    return app.test_client().get("/api/v1/openapi.json").json


def answer_schema(document, operation):
    """The properties of the JSON schema of an operation's 2xx answer (empty if it has none)."""
    for code, response in operation["responses"].items():
        if code.startswith("2") and "application/json" in response.get("content", {}):
            schema = response["content"]["application/json"]["schema"]
            while "$ref" in schema:
                schema = document["components"]["schemas"][schema["$ref"].rsplit("/", 1)[-1]]
            return set(schema.get("properties", {}))
    return set()


@pytest.mark.parametrize(
    ("method", "path", "fields", "codes"), CONTRACT, ids=[f"{m} {p}" for m, p, *_ in CONTRACT]
)
def test_contract_call_is_documented(document, method, path, fields, codes):
    operation = document["paths"].get(f"/api/v1{path}", {}).get(method)
    assert operation is not None, f"{method.upper()} /api/v1{path} is missing"
    assert codes <= set(operation["responses"]), f"undocumented codes {codes - set(operation)}"
    assert fields <= answer_schema(document, operation)


def test_every_contract_path_parameter_is_an_integer_id(document):
    for _method, path, *_ in CONTRACT:
        for parameter in document["paths"][f"/api/v1{path}"].get("parameters", []):
            if parameter["in"] == "path":
                assert parameter["schema"]["type"] == "integer", (path, parameter["name"])
