"""GET /api/v1/openapi.json: a valid OpenAPI 3 document describing the API."""

from openapi_spec_validator import validate

from dialogues.core.urls import MAX_ID


def test_document_validates(client):
    response = client.get("/api/v1/openapi.json")
    assert response.status_code == 200
    document = response.json
    validate(document)
    assert document["openapi"].startswith("3.")


def test_document_describes_tokens_errors_and_security(client):
    document = client.get("/api/v1/openapi.json").json
    paths = document["paths"]
    assert "post" in paths["/api/v1/auth/token"]
    assert paths["/api/v1/me"]["get"]["security"] == [{"bearerAuth": []}]
    assert "401" in paths["/api/v1/me"]["get"]["responses"]
    revoke = paths["/api/v1/auth/tokens/{token_id}"]["delete"]
    assert {"403", "404"} <= set(revoke["responses"])
    assert document["components"]["securitySchemes"]["bearerAuth"]["scheme"] == "bearer"
    error = document["components"]["schemas"]["Error"]
    assert error["required"] == ["error"]


def test_path_ids_are_documented_with_the_range_of_a_primary_key(client):
    document = client.get("/api/v1/openapi.json").json
    (parameter,) = document["paths"]["/api/v1/auth/tokens/{token_id}"]["parameters"]
    assert parameter["schema"]["type"] == "integer"
    assert parameter["schema"]["maximum"] == MAX_ID == 2**31 - 1


def test_list_parameters_are_documented(client):
    document = client.get("/api/v1/openapi.json").json
    listing = document["paths"]["/api/v1/auth/tokens"]["get"]
    names = {parameter["name"] for parameter in listing["parameters"]}
    assert names == {"page", "per_page", "state"}
    page = document["components"]["schemas"]["TokenInfoPage"]
    assert set(page["required"]) == {"items", "total", "page", "per_page"}
