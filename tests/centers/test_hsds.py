"""The `/hsds/` API: every response validates against the official Open Referral HSDS 3.0 schemas
in standards/hsds-3.0/ (the official schemas, CC BY-SA 4.0; a missing folder fails the test), with pagination, filters,
languages and 404s, and nothing unpublished or personal leaks."""

from __future__ import annotations

import json
import uuid
from datetime import time
from pathlib import Path
from typing import Any

import pytest
from django.test import Client
from jsonschema import Draft202012Validator
from referencing import Registry, Resource
from referencing.jsonschema import DRAFT202012

from jisr.centers.hsds.selectors import TAXONOMY_ID
from jisr.centers.models import Center, CenterService, OpeningHours, ServiceType

SCHEMAS = Path(__file__).resolve().parents[2] / "standards" / "hsds-3.0"
BASE = "https://raw.githubusercontent.com/openreferral/specification/3.0/schema/"

pytestmark = pytest.mark.django_db


def _registry() -> Registry:
    assert SCHEMAS.is_dir(), f"the HSDS 3.0 schemas are missing at {SCHEMAS}"
    resources = []
    for path in SCHEMAS.glob("*.json"):
        if path.name == "openapi.json":
            continue
        contents = json.loads(path.read_text(encoding="utf-8"))
        resource = Resource.from_contents(contents, default_specification=DRAFT202012)
        resources += [(BASE + path.name, resource), (BASE + "compiled/" + path.name, resource)]
    return Registry().with_resources(resources)


REGISTRY = None


def assert_valid(instance: Any, schema_name: str) -> None:
    global REGISTRY
    REGISTRY = REGISTRY or _registry()
    validator = Draft202012Validator(
        {"$ref": BASE + schema_name}, registry=REGISTRY, format_checker=Draft202012Validator.FORMAT_CHECKER
    )
    errors = sorted(validator.iter_errors(instance), key=lambda error: list(error.path))
    assert not errors, "\n".join(f"{list(e.path)}: {e.message}" for e in errors[:10])


PAGE_KEYS = {"total_items", "total_pages", "page_number", "size", "first_page", "last_page", "empty", "contents"}


def assert_page(body: dict[str, Any], item_schema: str) -> None:
    assert set(body) == PAGE_KEYS
    assert isinstance(body["total_items"], int) and isinstance(body["empty"], bool)
    assert body["size"] == len(body["contents"])
    for item in body["contents"]:
        assert_valid(item, item_schema)


@pytest.fixture
def directory(personas):  # type: ignore[no-untyped-def]
    """Services at the three persona centers, with hours; one inactive service, one closed center."""
    types = {
        code: ServiceType.objects.get_or_create(
            code=code, defaults={"name_ar": f"خدمة {code}", "name_fr": f"Service {code}", "name_en": f"{code} service"}
        )[0]
        for code in ["reception", "listening", "legal-aid"]
    }
    center_a, center_b, center_rabat = personas.center_a, personas.center_b, personas.center_rabat
    Center.objects.filter(pk=center_a.pk).update(
        phone="+212 5 28 00 00 00", latitude=30.42, longitude=-9.59, wheelchair_accessible=True, address="Av. Hassan II"
    )
    for center in (center_a, center_b, center_rabat):
        for code in ("reception", "listening"):
            CenterService.objects.create(center=center, service_type=types[code], languages=["ar", "zgh", "fr"])
        OpeningHours.objects.create(center=center, weekday=1, opens_at=time(8, 30), closes_at=time(16, 30))
    hidden = CenterService.objects.create(
        center=center_a, service_type=types["legal-aid"], status=CenterService.Status.INACTIVE
    )
    Center.objects.filter(pk=center_rabat.pk).update(status=Center.Status.INACTIVE)
    return {"types": types, "hidden": hidden, "center_a": center_a, "center_rabat": center_rabat}


def test_metadata(client: Client) -> None:
    body = client.get("/hsds/").json()
    assert body["version"] == "3.0"
    assert body["openapi_url"].endswith("/hsds/openapi.json")
    assert client.get("/hsds/openapi.json").status_code == 200


def test_services_list_validates_and_hides_unpublished(client: Client, directory) -> None:  # type: ignore[no-untyped-def]
    body = client.get("/hsds/services").json()
    assert_page(body, "service_list.json")
    ids = {item["id"] for item in body["contents"]}
    assert body["total_items"] == 4  # 2 services × 2 open centers; inactive and closed are hidden
    assert str(directory["hidden"].id) not in ids
    full = client.get("/hsds/services", {"full": "true"}).json()
    assert_page(full, "service.json")


def test_service_detail_validates_with_location_schedules_and_taxonomy(client: Client, directory) -> None:  # type: ignore[no-untyped-def]
    service = CenterService.objects.filter(center=directory["center_a"], status="active").first()
    body = client.get(f"/hsds/services/{service.id}").json()
    assert_valid(body, "service.json")
    location = body["service_at_locations"][0]["location"]
    assert location["latitude"] == pytest.approx(30.42)
    assert location["schedules"][0]["byday"] == "MO"
    assert location["schedules"][0]["opens_at"].startswith("08:30")
    assert location["accessibility"][0]["description"] == "Wheelchair accessible"
    assert body["attributes"][0]["taxonomy_term"]["taxonomy_id"] == str(TAXONOMY_ID)
    assert {language["code"] for language in body["languages"]} == {"ar", "zgh", "fr"}


def test_names_follow_the_requested_language(client: Client, directory) -> None:  # type: ignore[no-untyped-def]
    service = CenterService.objects.filter(center=directory["center_a"], service_type__code="reception").first()
    arabic = client.get(f"/hsds/services/{service.id}").json()
    french = client.get(f"/hsds/services/{service.id}", {"lang": "fr"}).json()
    reception = directory["types"]["reception"]
    assert arabic["name"] == f"{reception.name_ar} — مركز test-agadir"
    assert french["name"] == f"{reception.name_fr} — Centre test-agadir"
    assert french["alternate_name"] == reception.name_ar
    assert arabic["alternate_name"] == reception.name_fr


def test_service_at_locations_validate(client: Client, directory) -> None:  # type: ignore[no-untyped-def]
    body = client.get("/hsds/service_at_locations").json()
    assert_page(body, "service_at_location_list.json")
    full = client.get("/hsds/service_at_locations", {"full": "1"}).json()
    assert_page(full, "service_at_location.json")
    one = body["contents"][0]
    detail = client.get(f"/hsds/service_at_locations/{one['id']}").json()
    assert_valid(detail, "service_at_location.json")
    assert_valid(detail["location"], "location.json")
    assert_valid(detail["service"], "service_list.json")


def test_organizations_validate(client: Client, directory, personas) -> None:  # type: ignore[no-untyped-def]
    body = client.get("/hsds/organizations").json()
    assert_page(body, "organization_list.json")
    assert body["total_items"] == 2
    detail = client.get(f"/hsds/organizations/{personas.entraide.id}", {"full_service": "true"}).json()
    assert_valid(detail, "organization.json")
    assert len(detail["services"]) == 4
    for item in detail["services"]:
        assert_valid(item, "service.json")


def test_taxonomies_and_terms_validate(client: Client, directory) -> None:  # type: ignore[no-untyped-def]
    taxonomies = client.get("/hsds/taxonomies").json()
    assert_page(taxonomies, "taxonomy.json")
    assert taxonomies["contents"][0]["id"] == str(TAXONOMY_ID)
    assert_valid(client.get(f"/hsds/taxonomies/{TAXONOMY_ID}").json(), "taxonomy.json")
    terms = client.get("/hsds/taxonomy_terms", {"per_page": 100}).json()
    assert_page(terms, "taxonomy_term.json")
    term = directory["types"]["listening"]
    assert_valid(client.get(f"/hsds/taxonomy_terms/{term.id}").json(), "taxonomy_term.json")
    assert client.get("/hsds/taxonomy_terms", {"taxonomy_id": str(uuid.uuid4())}).json()["total_items"] == 0


def test_pagination_envelope(client: Client, directory) -> None:  # type: ignore[no-untyped-def]
    first = client.get("/hsds/services", {"per_page": 3}).json()
    second = client.get("/hsds/services", {"per_page": 3, "page": 2}).json()
    beyond = client.get("/hsds/services", {"per_page": 3, "page": 9}).json()
    assert (first["total_pages"], first["first_page"], first["last_page"], first["size"]) == (2, True, False, 3)
    assert (second["page_number"], second["last_page"], second["size"]) == (2, True, 1)
    assert {i["id"] for i in first["contents"]}.isdisjoint({i["id"] for i in second["contents"]})
    assert beyond["empty"] is True and beyond["contents"] == []


@pytest.mark.parametrize(
    ("parameter", "value"),
    [("page", "0"), ("page", "x"), ("per_page", "1000"), ("organization_id", "nope"), ("modified_after", "yesterday")],
)
def test_bad_parameters_get_a_clear_422(client: Client, directory, parameter: str, value: str) -> None:  # type: ignore[no-untyped-def]
    response = client.get("/hsds/services", {parameter: value}, HTTP_ACCEPT_LANGUAGE="fr")
    assert response.status_code == 422
    assert parameter in response.json()["errors"]


def test_filters(client: Client, directory, personas) -> None:  # type: ignore[no-untyped-def]
    term = directory["types"]["listening"]
    by_term = client.get("/hsds/services", {"taxonomy_term_id": str(term.id)}).json()
    assert by_term["total_items"] == 2
    assert client.get("/hsds/services", {"taxonomy_id": str(TAXONOMY_ID)}).json()["total_items"] == 4
    assert client.get("/hsds/services", {"taxonomy_id": str(uuid.uuid4())}).json()["total_items"] == 0
    by_org = client.get("/hsds/services", {"organization_id": str(personas.health_partner.id)}).json()
    assert by_org["total_items"] == 0
    assert client.get("/hsds/services", {"search": "no-such-center"}).json()["total_items"] == 0
    assert client.get("/hsds/services", {"search": "Centre test-oujda"}).json()["total_items"] == 2
    future = client.get("/hsds/services", {"modified_after": "2999-01-01T00:00:00+00:00"}).json()
    assert future["total_items"] == 0


@pytest.mark.parametrize(
    "path",
    ["/hsds/services/{}", "/hsds/service_at_locations/{}", "/hsds/organizations/{}", "/hsds/taxonomy_terms/{}"],
)
def test_unknown_or_malformed_ids_are_404(client: Client, directory, path: str) -> None:  # type: ignore[no-untyped-def]
    assert client.get(path.format(uuid.uuid4())).status_code == 404
    assert client.get(path.format("not-a-uuid")).status_code == 404


def test_unpublished_records_are_404(client: Client, directory) -> None:  # type: ignore[no-untyped-def]
    assert client.get(f"/hsds/services/{directory['hidden'].id}").status_code == 404
    closed = CenterService.objects.filter(center=directory["center_rabat"]).first()
    assert client.get(f"/hsds/services/{closed.id}").status_code == 404


def test_no_personal_data_is_published(client: Client, directory, personas) -> None:  # type: ignore[no-untyped-def]
    everything = "".join(
        client.get(url, {"full": "true", "per_page": 200}).content.decode()
        for url in ["/hsds/services", "/hsds/service_at_locations", "/hsds/organizations"]
    )
    for user in personas.all_users().values():
        assert user.username not in everything
        assert user.email not in everything


def test_list_query_counts_are_pinned(client: Client, directory, django_assert_max_num_queries) -> None:  # type: ignore[no-untyped-def]
    from tests.personas import make_center

    for index in range(30):
        center = make_center(
            code=f"bulk-{index}", commune_code="09.001.01.01", organization=directory["center_a"].organization
        )
        CenterService.objects.create(center=center, service_type=directory["types"]["reception"])
        OpeningHours.objects.create(center=center, weekday=2, opens_at=time(9), closes_at=time(12))
    # count, the page's keys, the page's rows (+ opening hours when nested): never one per row
    with django_assert_max_num_queries(3):
        client.get("/hsds/services", {"per_page": 50})
    with django_assert_max_num_queries(4):
        client.get("/hsds/services", {"per_page": 50, "full": "true"})
    with django_assert_max_num_queries(4):
        client.get("/hsds/service_at_locations", {"per_page": 50})


def test_the_schema_check_is_not_vacuous() -> None:
    with pytest.raises(AssertionError):
        assert_valid({"id": "not-a-uuid", "status": "open"}, "service.json")
    with pytest.raises(AssertionError):
        assert_valid({"id": str(uuid.uuid4()), "location_type": "physical", "phones": [{"number": 5}]}, "location.json")
