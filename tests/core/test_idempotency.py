"""Creates are safe to repeat: the one-time token of each create page, and the API's `Idempotency-Key`
(documented in the OpenAPI, validated, kept 24 hours). The referral races are in
tests/referrals/test_double_submit.py."""

from __future__ import annotations

import datetime
import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from django.contrib.messages import get_messages
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.db.models import Model
from django.urls import reverse
from django.utils import timezone

from jisr.cases.models import Case
from jisr.centers.models import CenterImport
from jisr.core.idempotency import FORM_TOKEN_FIELD, idempotency_keys_purge
from jisr.core.models import IdempotencyKey
from jisr.core.tasks import purge_idempotency_keys
from jisr.people.models import Person
from jisr.referrals.models import Referral
from jisr.registry.models import ImportJob
from tests.people.helpers import register
from tests.personas import AGADIR_COMMUNE
from tests.referrals.helpers import referable_case

pytestmark = pytest.mark.django_db
EXAMPLES = Path(__file__).resolve().parents[2] / "docs" / "examples"
CENTERS_CSV = (
    "code,name_ar,name_fr,organization,kind,commune_code,capacity,latitude,services\n"
    f"page-center,مركز,Centre,EN,women,{AGADIR_COMMUNE},10,,\n"
)
Page = tuple[str, str, Callable[[], dict[str, Any]], type[Model]]


def _referral_page(personas: Any) -> Page:
    case = referable_case(personas)
    data = {"to_organization": personas.health_partner.pk, "reason": "r", "urgency": "routine",
            "shared_fields": ["name"], "consent_obtained": "on"}  # fmt: skip
    return "worker_a", reverse("referrals:send", args=[case.pk]), lambda: data, Referral


def _case_page(personas: Any) -> Page:
    person = register(personas, first_name_ar="سعاد", last_name_ar="بناني", sex="F")
    data = {"center": personas.center_a.pk, "reason": "x", "channel": "walk_in", "urgency": "routine",
            "consent_obtained": "on"}  # fmt: skip
    return "worker_a", reverse("cases:open", args=[person.pk]), lambda: data, Case


def _person_page(personas: Any) -> Page:
    data = {"center": personas.center_a.pk, "first_name_latin": "Nadia", "last_name_latin": "Tazi", "sex": "F",
            "birth_date": "1990-05-06"}  # fmt: skip
    return "worker_a", reverse("people:create"), lambda: data, Person


def _registry_page(personas: Any) -> Page:
    content = (EXAMPLES / "registry-households.csv").read_bytes()
    return ("national", reverse("registry:imports"),
            lambda: {"file": SimpleUploadedFile("r.csv", content), "policy": "refuse"}, ImportJob)  # fmt: skip


def _centers_page(personas: Any) -> Page:
    return ("province_agadir", reverse("centers:import"),
            lambda: {"file": SimpleUploadedFile("c.csv", CENTERS_CSV.encode())}, CenterImport)  # fmt: skip


@pytest.mark.parametrize("page", [_referral_page, _case_page, _person_page, _registry_page, _centers_page],
                         ids=["referral", "case", "person", "registry-import", "centers-import"])  # fmt: skip
def test_a_create_form_sent_twice_creates_once_and_the_second_goes_to_what_the_first_created(  # type: ignore[no-untyped-def]
    personas, client_for, settings, tmp_path, page
) -> None:
    settings.VAR_DIR = tmp_path  # uploads are stored there
    persona, url, data, model = page(personas)
    client = client_for(persona)
    token = client.get(url).context["form"][FORM_TOKEN_FIELD].value()
    assert token, "the form carries its one-time token"
    before = model.objects.count()
    first = client.post(url, {**data(), FORM_TOKEN_FIELD: token})
    second = client.post(url, {**data(), FORM_TOKEN_FIELD: token}, HTTP_ACCEPT_LANGUAGE="en")
    assert first.status_code == 302, getattr(first, "context", None) and first.context["form"].errors
    assert (second.status_code, second["Location"]) == (302, first["Location"])
    assert model.objects.count() == before + 1
    assert "This form had already been sent: here is what it created." in [
        str(message) for message in get_messages(second.wsgi_request)
    ]


def test_a_form_shown_again_with_errors_keeps_a_token_that_still_works(personas, client_for) -> None:  # type: ignore[no-untyped-def]
    _persona, url, data, _model = _referral_page(personas)
    client = client_for("worker_a")
    token = client.get(url).context["form"][FORM_TOKEN_FIELD].value()
    refused = client.post(url, {**data(), "consent_obtained": "", FORM_TOKEN_FIELD: token})
    assert refused.status_code == 200 and refused.context["form"][FORM_TOKEN_FIELD].value() == token
    assert client.post(url, {**data(), FORM_TOKEN_FIELD: token}).status_code == 302
    assert Referral.objects.count() == 1


def test_each_showing_of_a_form_issues_a_new_token(personas, client_for) -> None:  # type: ignore[no-untyped-def]
    _persona, url, _data, _model = _referral_page(personas)
    client = client_for("worker_a")
    tokens = {client.get(url).context["form"][FORM_TOKEN_FIELD].value() for _ in range(2)}
    assert len(tokens) == 2


CREATES = [("post", "/api/v1/referrals"), ("post", "/api/v1/cases"), ("post", "/api/v1/cases/{case_id}/listening"),
           ("post", "/api/v1/people"), ("post", "/api/v1/registry/imports"), ("post", "/api/v1/centers")]  # fmt: skip


def test_the_openapi_documents_the_header_on_every_create(client_for) -> None:  # type: ignore[no-untyped-def]
    paths = client_for(None).get("/api/v1/openapi.json").json()["paths"]
    for method, path in CREATES:
        parameters = paths[path][method]["parameters"]
        assert [p for p in parameters if p["in"] == "header" and p["name"] == "Idempotency-Key"], path
    assert not [p for p in paths["/api/v1/referrals"]["get"].get("parameters", []) if p["in"] == "header"]


@pytest.mark.parametrize("key", ["", "x" * 256, "bad\x01key"], ids=["empty", "too-long", "control-character"])
def test_a_malformed_key_is_refused(personas, client_for, key) -> None:  # type: ignore[no-untyped-def]
    case = referable_case(personas)
    body = {"case_id": str(case.pk), "to_organization_id": str(personas.health_partner.pk), "reason": "r",
            "consent_obtained": True}  # fmt: skip
    answer = client_for("worker_a").post(
        "/api/v1/referrals", body, content_type="application/json", headers={"Idempotency-Key": key}
    )
    assert answer.status_code == 422 and "Idempotency-Key" in answer.json()["errors"]
    assert not Referral.objects.exists() and not IdempotencyKey.objects.exists()


def test_keys_expire_after_a_day_and_are_purged(personas, client_for) -> None:  # type: ignore[no-untyped-def]
    case = referable_case(personas)
    body = {"case_id": str(case.pk), "to_organization_id": str(personas.health_partner.pk), "reason": "r",
            "consent_obtained": True}  # fmt: skip
    client = client_for("worker_a")
    headers = {"Idempotency-Key": "old-key"}
    assert client.post("/api/v1/referrals", body, content_type="application/json", headers=headers).status_code == 201
    IdempotencyKey.objects.update(created_at=timezone.now() - datetime.timedelta(hours=25))
    Referral.objects.update(status=Referral.Status.CANCELLED)
    again = client.post("/api/v1/referrals", body, content_type="application/json", headers=headers)
    assert again.status_code == 201 and "Idempotent-Replayed" not in again.headers, "an expired key is free again"
    assert Referral.objects.count() == 2
    IdempotencyKey.objects.update(created_at=timezone.now() - datetime.timedelta(hours=25))
    call_command("purge_idempotency_keys", verbosity=0)
    assert not IdempotencyKey.objects.exists()
    assert idempotency_keys_purge() == 0 and purge_idempotency_keys.delay().get() == 0


def test_an_upload_sent_twice_with_one_key_queues_one_import(personas, client_for, settings, tmp_path) -> None:  # type: ignore[no-untyped-def]
    settings.VAR_DIR = tmp_path
    content = (EXAMPLES / "registry-households.csv").read_bytes()
    client = client_for("national")

    def upload(data: bytes) -> Any:
        return client.post("/api/v1/registry/imports", {"file": SimpleUploadedFile("r.csv", data), "policy": "refuse"},
                           headers={"Idempotency-Key": "upload-1"})  # fmt: skip

    first, second = upload(content), upload(content)
    assert (first.status_code, second.status_code) == (202, 202)
    assert second.json()["id"] == first.json()["id"] and second.headers["Idempotent-Replayed"] == "true"
    assert ImportJob.objects.count() == 1
    assert upload(content.replace(b"\n", b"\r\n")).status_code == 422, "another file under the same key"
    assert ImportJob.objects.count() == 1


def test_the_stored_answer_is_encrypted_at_rest(personas, client_for) -> None:  # type: ignore[no-untyped-def]
    from django.db import connection

    case = referable_case(personas)
    body = {"case_id": str(case.pk), "to_organization_id": str(personas.health_partner.pk), "reason": "r",
            "consent_obtained": True}  # fmt: skip
    client_for("worker_a").post("/api/v1/referrals", body, content_type="application/json",
                                headers={"Idempotency-Key": "secret"})  # fmt: skip
    with connection.cursor() as cursor:
        cursor.execute("SELECT response_body FROM core_idempotencykey")
        [(stored,)] = cursor.fetchall()
    assert stored.startswith("fernet:") and str(case.pk) not in stored
    assert json.loads(IdempotencyKey.objects.get().response_body)["name"] == "حليمة أمغار"
