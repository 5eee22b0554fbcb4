"""`/api/v1/centers`: authentication required (401), scope (404), translated field errors (422)."""

from __future__ import annotations

import json

import pytest

from jisr.centers.models import Center
from jisr.core.models import AuditLog
from tests.personas import AGADIR_COMMUNE, OUJDA_COMMUNE

pytestmark = pytest.mark.django_db
BASE = "/api/v1/centers"


def _send(client, method: str, url: str, payload: dict, language: str = "en"):  # type: ignore[no-untyped-def]
    return getattr(client, method)(
        url, data=json.dumps(payload), content_type="application/json", HTTP_ACCEPT_LANGUAGE=language
    )


def test_anonymous_gets_401(client, personas) -> None:  # type: ignore[no-untyped-def]
    assert client.get(BASE).status_code == 401
    assert client.get(f"{BASE}/{personas.center_a.pk}").status_code == 401
    assert _send(client, "post", BASE, {}).status_code == 401


def test_list_filters_and_paginates(client_for, personas) -> None:  # type: ignore[no-untyped-def]
    client = client_for("worker_a")
    body = client.get(BASE, {"region": "09"}).json()
    assert body["count"] == 1
    assert body["results"][0]["code"] == "test-agadir"
    assert body["results"][0]["commune_code"] == AGADIR_COMMUNE
    page = client.get(BASE, {"page_size": 2, "page": 2}).json()
    assert (page["count"], len(page["results"])) == (3, 1)


def test_detail_organizations_and_service_types(client_for, personas) -> None:  # type: ignore[no-untyped-def]
    client = client_for("citizen")
    assert client.get(f"{BASE}/{personas.center_b.pk}").json()["code"] == "test-oujda"
    assert client.get(f"{BASE}/00000000-0000-0000-0000-000000000000").status_code == 404
    assert "EN" in {organization["acronym"] for organization in client.get(f"{BASE}/organizations").json()}
    codes = {service["code"] for service in client.get(f"{BASE}/service-types").json()}
    assert {"reception", "listening", "literacy", "legal-aid"} <= codes


def _payload(personas, commune_code: str = AGADIR_COMMUNE) -> dict:  # type: ignore[no-untyped-def]
    return {
        "code": "api-center",
        "name_ar": "مركز",
        "name_fr": "Centre API",
        "organization_id": str(personas.entraide.pk),
        "kind": "women",
        "commune_code": commune_code,
        "capacity": 40,
    }


def test_create_in_scope(client_for, personas) -> None:  # type: ignore[no-untyped-def]
    response = _send(client_for("province_agadir"), "post", BASE, _payload(personas))
    assert response.status_code == 201, response.content
    assert response.json()["province_code"] == "09.001"
    assert AuditLog.objects.filter(action="create", object_id=response.json()["id"]).exists()


def test_create_outside_scope_is_404(client_for, personas) -> None:  # type: ignore[no-untyped-def]
    response = _send(client_for("province_agadir"), "post", BASE, _payload(personas, OUJDA_COMMUNE))
    assert response.status_code == 404
    assert not Center.objects.filter(code="api-center").exists()


def test_create_with_bad_fields_is_422_in_the_users_language(client_for, personas) -> None:  # type: ignore[no-untyped-def]
    payload = _payload(personas) | {"kind": "castle", "latitude": "60"}
    errors = _send(client_for("national"), "post", BASE, payload, language="en").json()["errors"]
    assert set(errors) == {"kind", "latitude"}
    assert errors["kind"] == ["Value 'castle' is not a valid choice."]
    french = _send(client_for("national"), "post", BASE, payload, language="fr").json()["errors"]
    assert "choix valide" in french["kind"][0]
    unknown = _payload(personas) | {"organization_id": str(personas.center_a.pk)}
    response = _send(client_for("national"), "post", BASE, unknown)
    assert response.status_code == 422
    assert response.json()["errors"] == {"organization_id": ["No organization has this id."]}
    assert not Center.objects.filter(code="api-center").exists()


def test_patch_in_scope_and_404_outside(client_for, personas) -> None:  # type: ignore[no-untyped-def]
    url = f"{BASE}/{personas.center_a.pk}"
    assert _send(client_for("worker_b"), "patch", url, {"capacity": 5}).status_code == 404
    assert _send(client_for("analyst"), "patch", url, {"capacity": 5}).status_code == 404
    response = _send(client_for("manager_a"), "patch", url, {"capacity": 5})
    assert response.status_code == 200
    assert response.json()["capacity"] == 5
    bad = _send(client_for("manager_a"), "patch", url, {"email": "not-an-email"})
    assert bad.status_code == 422
    assert "email" in bad.json()["errors"]
    assert Center.objects.get(pk=personas.center_a.pk).email == ""
