"""Generated from the OpenAPI document: every secured operation answers 401 without a token,
and every operation documents the error answers its inputs can cause."""

import re

METHODS = {"get", "post", "put", "patch", "delete"}


def operations(document):
    """``(method, path, operation)`` for every operation of the document."""
    for path, item in document["paths"].items():
        for method, operation in item.items():
            if method in METHODS:
                yield method, path, operation, item.get("parameters", [])


def concrete(path: str) -> str:
    """The path with every ``{id}`` filled with 1 (no such row in an empty database)."""
    return re.sub(r"\{[a-z_]+\}", "1", path)


def error_schema(document, response):
    """The schema name of an error answer, following ``$ref`` to a shared response."""
    if "$ref" in response:
        response = document["components"]["responses"][response["$ref"].rsplit("/", 1)[-1]]
    schema = response["content"]["application/json"]["schema"]
    return schema["$ref"].rsplit("/", 1)[-1]


def test_every_secured_operation_answers_401_without_a_token(client):
    document = client.get("/api/v1/openapi.json").json
    secured = [
        (method, path)
        for method, path, operation, _ in operations(document)
        if {"bearerAuth": []} in operation.get("security", [])
    ]
    assert len(secured) > 25
    for method, path in secured:
        response = client.open(concrete(path), method=method.upper(), json={})
        assert response.status_code == 401, (method, path, response.status_code)
        assert response.json["error"]["code"] == "unauthorized", (method, path)
        assert response.headers["WWW-Authenticate"].startswith("Bearer"), (method, path)


def test_every_operation_documents_its_error_answers(client):
    document = client.get("/api/v1/openapi.json").json
    for method, path, operation, path_parameters in operations(document):
        codes = set(operation["responses"])
        where = f"{method.upper()} {path}"
        assert "default" not in codes, where  # each status is listed: no catch-all answer
        if {"bearerAuth": []} in operation.get("security", []):
            assert "401" in codes, where
        if path_parameters:
            assert "404" in codes, where
        if "requestBody" in operation or operation.get("parameters"):
            assert "422" in codes, where
        if "requestBody" in operation:
            assert "400" in codes, where  # malformed JSON
        for code, response in operation["responses"].items():
            if int(code) >= 400:
                assert error_schema(document, response) == "Error", (where, code)


def test_operations_without_security_are_the_public_ones(client):
    document = client.get("/api/v1/openapi.json").json
    public = {
        (method, path)
        for method, path, operation, _ in operations(document)
        if not operation.get("security")
    }
    assert public == {
        ("post", "/api/v1/auth/token"),
        ("post", "/api/v1/programmes/{programme_id}/registrations"),
        ("get", "/api/v1/programmes/{programme_id}/sessions.ics"),
        ("get", "/api/v1/programmes/{programme_id}/digest"),
    }
