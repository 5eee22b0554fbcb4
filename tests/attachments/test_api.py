"""`/api/v1/…/attachments`: the same rules as the pages — type by content, size cap (413, nothing stored),
scope (404 for an outsider), every download audited — and the operations in the OpenAPI schema."""

from __future__ import annotations

import json

import pytest
from ninja.responses import NinjaJSONEncoder

from config.api import api
from jisr.attachments.models import Attachment
from jisr.core.models import AuditLog
from tests.attachments.conftest import JPEG, PDF, stored_files, upload

pytestmark = pytest.mark.django_db
NEVER_SEE = ("worker_b", "partner", "analyst", "region_rsk", "citizen", "outsider")


def test_upload_list_download_and_remove_a_case_document(client_for, personas, case) -> None:  # type: ignore[no-untyped-def]
    client = client_for("worker_a")
    created = client.post(f"/api/v1/cases/{case.pk}/attachments",
                          {"file": upload("bilan.pdf", PDF, "application/pdf"), "kind": "medical"})  # fmt: skip
    assert created.status_code == 201, created.content
    body = created.json()
    assert (body["case_id"], body["content_type"], body["size"], body["title"]) == (str(case.pk), "application/pdf",
                                                                                   len(PDF), "bilan.pdf")  # fmt: skip
    listed = client.get(f"/api/v1/cases/{case.pk}/attachments").json()
    assert [item["id"] for item in listed] == [body["id"]]
    content = client.get(body["content_url"])
    assert content.status_code == 200 and content.content == PDF and content["Content-Type"] == "application/pdf"
    assert AuditLog.objects.filter(action="view", object_id=body["id"], actor=personas.worker_a).count() == 1
    for name in NEVER_SEE:
        other = client_for(name)
        assert other.get(body["content_url"]).status_code == 404, name
        assert other.get(f"/api/v1/cases/{case.pk}/attachments").status_code == 404, name
        assert other.get(f"/api/v1/attachments/{body['id']}").status_code == 404, name
        assert other.post(f"/api/v1/cases/{case.pk}/attachments",
                          {"file": upload("x.pdf", PDF), "kind": "other"}).status_code == 404, name  # fmt: skip
    assert AuditLog.objects.filter(action="view", object_id=body["id"]).count() == 1
    removed = client.post(f"/api/v1/attachments/{body['id']}/remove", {"reason": "doublon"},
                          content_type="application/json")  # fmt: skip
    assert removed.status_code == 200 and removed.json()["content_url"] is None
    assert client.get(body["content_url"]).status_code == 404


def test_the_api_refuses_a_disguised_or_oversized_file(client_for, personas, person, case, settings,  # type: ignore[no-untyped-def]
                                                       documents_folder) -> None:  # fmt: skip
    client = client_for("worker_a")
    client.cookies["jisr_language"] = "en"
    disguised = client.post(f"/api/v1/people/{person.pk}/attachments",
                            {"file": upload("cin.jpg", PDF, "image/jpeg"), "kind": "identity"})  # fmt: skip
    assert disguised.status_code == 422 and "PDF" in " ".join(disguised.json()["errors"]["file"])
    settings.JISR_ATTACHMENT_MAX_MB = 1
    for extra in (100 * 1024, 3 * 1024 * 1024):  # dropped while streaming / refused on the announced length
        too_big = upload("gros.pdf", PDF + b"0" * (1024 * 1024 + extra))
        big = client.post(f"/api/v1/cases/{case.pk}/attachments", {"file": too_big, "kind": "medical"})
        assert big.status_code == 413 and "1 MB" in big.json()["detail"]
    assert not Attachment.objects.exists() and stored_files(documents_folder) == []
    ok = client.post(f"/api/v1/people/{person.pk}/attachments", {"file": upload("cin.jpg", JPEG), "kind": "identity"})
    assert (
        ok.status_code == 201 and client.get(f"/api/v1/people/{person.pk}/attachments").json()[0]["kind"] == "identity"
    )


def test_the_operations_are_in_the_openapi_schema() -> None:
    paths = json.loads(json.dumps(api.get_openapi_schema(), cls=NinjaJSONEncoder))["paths"]  # as served
    for path, method in [("/api/v1/people/{person_id}/attachments", "get"), ("/api/v1/people/{person_id}/attachments",
                         "post"), ("/api/v1/cases/{case_id}/attachments", "post"),
                         ("/api/v1/attachments/{attachment_id}/content", "get")]:  # fmt: skip
        assert method in paths[path], path
    upload_doc = paths["/api/v1/cases/{case_id}/attachments"]["post"]
    assert "multipart/form-data" in upload_doc["requestBody"]["content"] and "413" in upload_doc["responses"]
    assert (
        "application/pdf" in paths["/api/v1/attachments/{attachment_id}/content"]["get"]["responses"]["200"]["content"]
    )
