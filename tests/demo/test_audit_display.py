"""The demo data set's loading reads, in the audit log, as counts named in the reader's language."""

from __future__ import annotations

from django.utils import timezone

from jisr.core import audit
from jisr.core.models import AuditLog
from jisr.demo.models import DemoDataset


def _csv_row(client) -> str:  # type: ignore[no-untyped-def]
    response = client.get("/accounts/audit/export.csv", {"object_type": "demo.demodataset"})
    return b"".join(response.streaming_content).decode("utf-8-sig")


def test_the_demo_counts_are_named_in_french_and_in_arabic(personas, client_for) -> None:  # type: ignore[no-untyped-def]
    marker = DemoDataset.objects.create(version=1, variant=DemoDataset.Variant.SMALL, loaded_at=timezone.now())
    changes = {"opening_hours": 17895, "members_already_beneficiaries": 12, "enrolled": {"amo-tadamon": 13866}}
    audit.record(actor=None, action=AuditLog.Action.IMPORT, obj=marker, changes=changes)
    client = client_for("national")
    client.cookies["jisr_language"] = "fr"
    french = _csv_row(client)
    assert "horaires d'ouverture" in french.lower() and "Members already" not in french  # no key spelled out
    assert "amo-tadamon: 13" in french
    client.cookies["jisr_language"] = "ar"
    arabic = _csv_row(client)
    assert "أوقات العمل" in arabic and "opening" not in arabic.lower() and "enrolled" not in arabic.lower()
