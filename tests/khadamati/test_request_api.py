"""`/api/v1/khadamati/requests`: the same draft, steps, documents and submission as the pages, in the OpenAPI;
another citizen and the staff get 404."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from tests.khadamati.helpers import pdf_bytes, png_bytes, sign_up
from tests.personas import AGADIR_PROVINCE

pytestmark = pytest.mark.django_db
API = "/api/v1/khadamati"


def test_a_citizen_files_a_request_through_the_api(citizen_client, client_for, commit) -> None:  # type: ignore[no-untyped-def]
    types = citizen_client.get(f"{API}/request-types").json()
    assert [item["code"] for item in types][:4] == ["card-first", "card-renewal", "card-change", "card-replacement"]
    created = citizen_client.post(f"{API}/requests", {"request_type": "card-first"}, content_type="application/json")
    assert created.status_code == 201, created.content
    request_id = created.json()["id"]
    assert created.json()["status"] == "draft" and created.json()["current_step"] == "person"
    wrong = citizen_client.put(f"{API}/requests/{request_id}/steps/person", {"values": {"cin": "1", "sex": "X"}},
                               content_type="application/json")  # fmt: skip
    assert wrong.status_code == 422 and set(wrong.json()["errors"]) == {"cin", "sex"}
    person = {"first_name": "Amina", "last_name": "B", "birth_date": "1990-04-02", "sex": "F", "cin": "JB123456",
              "province": AGADIR_PROVINCE}  # fmt: skip
    saved = citizen_client.put(f"{API}/requests/{request_id}/steps/person", {"values": person},
                               content_type="application/json")  # fmt: skip
    assert saved.status_code == 200 and saved.json()["current_step"] == "situation"
    citizen_client.put(f"{API}/requests/{request_id}/steps/situation", {"values": {"disability_kind": "hearing"}},
                       content_type="application/json")  # fmt: skip
    early = citizen_client.post(f"{API}/requests/{request_id}/submit")
    assert early.status_code == 422 and set(early.json()["errors"]) == {"documents", "review"}
    for code, name, content in (("identity", "cin.png", png_bytes()), ("medical_report", "r.pdf", pdf_bytes())):
        joined = citizen_client.post(f"{API}/requests/{request_id}/documents",
                                     {"code": code, "file": SimpleUploadedFile(name, content)})  # fmt: skip
        assert joined.status_code == 201 and joined.json()["status"] == "received"
    renamed = citizen_client.post(f"{API}/requests/{request_id}/documents",
                                  {"code": "identity", "file": SimpleUploadedFile("x.jpg", pdf_bytes())})  # fmt: skip
    assert renamed.status_code == 422
    citizen_client.put(f"{API}/requests/{request_id}/steps/review", {"values": {"consent": True, "declared": True}},
                       content_type="application/json")  # fmt: skip
    sent = citizen_client.post(f"{API}/requests/{request_id}/submit")
    assert sent.status_code == 200 and sent.json()["status"] == "submitted"
    detail = citizen_client.get(f"{API}/requests/{request_id}").json()
    assert [event["kind"] for event in detail["events"]] == ["started", "submitted"]
    assert len(detail["documents"]) == 2 and detail["decision"] is None
    assert [item["id"] for item in citizen_client.get(f"{API}/requests").json()] == [request_id]
    other = Client()
    sign_up(other, commit, "0662223344")
    assert other.get(f"{API}/requests/{request_id}").status_code == 404
    assert other.get(f"{API}/requests").json() == []
    for name in ("worker_a", "national", "outsider"):
        assert client_for(name).get(f"{API}/requests/{request_id}").status_code == 404, name
        assert client_for(name).post(f"{API}/requests", {"request_type": "card-first"},
                                     content_type="application/json").status_code == 404, name  # fmt: skip


def test_the_requests_are_in_the_openapi(client_for) -> None:  # type: ignore[no-untyped-def]
    paths = client_for("national").get("/api/v1/openapi.json").json()["paths"]
    for path in ("", "/{request_id}", "/{request_id}/steps/{step}", "/{request_id}/submit", "/{request_id}/documents"):
        assert f"/api/v1/khadamati/requests{path}" in paths, path
