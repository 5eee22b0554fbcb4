"""The `/api/v1/` OpenAPI document tells the truth: one schema per name, bodies are JSON objects, and every
operation documents the errors it can answer (400, 401 and 403 unless public, 404, 422)."""

from __future__ import annotations

import json
from typing import Any

import pytest
from ninja.openapi.schema import OpenAPISchema
from ninja.params.models import BodyModel

from config.api import api
from jisr.core.api_schemas import Input

PREFIX = "/api/v1/"


def _document() -> dict[str, Any]:
    """The OpenAPI document as served (JSON keys: status codes are strings)."""
    return json.loads(json.dumps(api.get_openapi_schema(path_prefix=PREFIX), default=str))


def _operations() -> list[tuple[str, Any]]:
    """Every bound operation of the API with its path (the ones the URLs serve and OpenAPI describes)."""
    found = []
    for bound in api._get_bound_routers():
        for path, path_view in bound.path_operations.items():
            found.extend((f"{bound.prefix}{path}", operation) for operation in path_view.operations)
    return found


def test_no_two_different_schemas_share_a_name(monkeypatch) -> None:  # type: ignore[no-untyped-def]
    # ninja merges each operation's schema definitions into one `components.schemas` by name, so a second class
    # with the same name silently replaces the first: record every definition as it is added.
    seen: dict[str, list[dict[str, Any]]] = {}
    original = OpenAPISchema.add_schema_definitions

    def record(self: OpenAPISchema, definitions: dict[str, Any]) -> None:
        for name, definition in definitions.items():
            versions = seen.setdefault(name, [])
            if definition not in versions:
                versions.append(definition)
        original(self, definitions)

    monkeypatch.setattr(OpenAPISchema, "add_schema_definitions", record)
    document = api.get_openapi_schema(path_prefix=PREFIX)
    assert len(seen) > 50 and "Message" in document["components"]["schemas"]
    clashes = {name: [v.get("properties", v).keys() for v in versions] for name, versions in seen.items()
               if len(versions) > 1}  # fmt: skip
    assert clashes == {}


def test_training_programs_are_documented_with_the_training_schema() -> None:
    document = _document()
    listed = document["paths"][f"{PREFIX}training/programs"]["get"]["responses"]["200"]["content"]
    name = listed["application/json"]["schema"]["items"]["$ref"].rsplit("/", 1)[1]
    assert {"center_id", "starts_on", "module_ids"} <= set(document["components"]["schemas"][name]["properties"])


def test_every_request_body_is_an_input_schema() -> None:
    """A body declared with ninja's plain `Schema` accepts any JSON value (it reads fields with getattr)."""
    loose = []
    for path, operation in _operations():
        for model in operation.models:
            if not issubclass(model, BodyModel):
                continue
            for name, field in model.model_fields.items():
                annotation = field.annotation
                if isinstance(annotation, type) and not issubclass(annotation, Input):
                    loose.append(f"{path} {name}: {annotation.__name__}")
    assert loose == []


@pytest.mark.django_db
@pytest.mark.parametrize("body", [[], [{"name_fr": "x"}], "text", 7, None])
def test_center_patch_refuses_a_body_that_is_not_an_object(client_for, personas, body) -> None:  # type: ignore[no-untyped-def]
    client = client_for("national")
    url = f"{PREFIX}centers/{personas.center_a.pk}"
    response = client.patch(url, data=json.dumps(body), content_type="application/json")
    assert response.status_code == 422
    assert set(response.json()) == {"detail", "errors"}
    assert (
        client.patch(url, data=json.dumps({"name_fr": "Centre A"}), content_type="application/json").status_code == 200
    )


@pytest.mark.django_db
@pytest.mark.parametrize("body", [[], ["x"], "text", 7])
def test_duplicate_check_refuses_a_body_that_is_not_an_object(client_for, personas, body) -> None:  # type: ignore[no-untyped-def]
    client = client_for("worker_a")
    url = f"{PREFIX}people/duplicates"
    assert client.post(url, data=json.dumps(body), content_type="application/json").status_code == 422
    assert client.post(url, data=json.dumps({"cin": "AB123"}), content_type="application/json").status_code == 200


def test_every_operation_documents_its_errors() -> None:
    document = _document()
    missing = []
    for path, methods in document["paths"].items():
        for method, operation in methods.items():
            expected = {"400", "404", "422"} | ({"401", "403"} if operation.get("security") else set())
            undocumented = expected - set(operation["responses"])
            if undocumented:
                missing.append(f"{method.upper()} {path}: {sorted(undocumented)}")
    assert missing == []
    token = document["paths"][f"{PREFIX}auth/token"]["post"]["responses"]
    assert token["422"]["content"]["application/json"]["schema"]["$ref"].endswith("/Invalid")


@pytest.mark.django_db
def test_a_post_with_a_revoked_token_answers_401_not_a_csrf_403(personas) -> None:  # type: ignore[no-untyped-def]
    from django.test import Client

    from jisr.accounts.tokens import token_issue, token_revoke

    token, raw = token_issue(user=personas.national, name="test")
    token_revoke(acting_user=personas.national, token=token)
    client = Client(enforce_csrf_checks=True)  # as a real client: Django's test client skips CSRF by default
    response = client.post(f"{PREFIX}auth/token/revoke", HTTP_AUTHORIZATION=f"Bearer {raw}")
    assert response.status_code == 401
    assert client.post(f"{PREFIX}centers", data="{}", content_type="application/json").status_code == 401


@pytest.mark.django_db
def test_a_logged_in_session_still_needs_its_csrf_token(client_for, personas) -> None:  # type: ignore[no-untyped-def]
    from django.test import Client

    client = Client(enforce_csrf_checks=True)
    client.force_login(personas.national)
    assert client.post(f"{PREFIX}centers", data="{}", content_type="application/json").status_code == 403


@pytest.mark.django_db
def test_a_null_character_anywhere_in_the_request_is_a_422(client_for, personas) -> None:  # type: ignore[no-untyped-def]
    # PostgreSQL text cannot hold NUL: these answered 500 there (and were stored or searched on SQLite).
    client = client_for("national")
    assert client.get(f"{PREFIX}territories/%00").status_code == 422
    assert client.get(f"{PREFIX}people", {"q": "Fatima\x00"}).status_code == 422
    body = json.dumps({"cin": "AB\x00123"})
    assert client.post(f"{PREFIX}people/duplicates", data=body, content_type="application/json").status_code == 422
    assert client.get(f"{PREFIX}people", {"q": "Fatima"}).status_code == 200
