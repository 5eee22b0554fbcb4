"""The case summary PDF: the pathway's facts in the page's language (Arabic shaped, French), the person's
identity kept minimal, the confidential listening notes only for a reader who may read them on the case
page, referrals with their answers, every summary audited, 404 outside the reader's scope."""

from __future__ import annotations

import io
from typing import Any

import pytest
from django.urls import reverse
from django.utils import timezone, translation
from pypdf import PdfReader

from jisr.cases import services as case_services
from jisr.cases.models import Case
from jisr.core.models import AuditLog
from jisr.referrals.services import referral_accept, referral_complete, referral_send
from tests.cases.helpers import to_pathway
from tests.people.helpers import register

pytestmark = pytest.mark.django_db
NOTE = "تعرضت للعنف من طرف الزوج"  # a confidential listening note
NEVER_SEE = ("worker_b", "partner", "analyst", "region_rsk", "citizen", "outsider")


@pytest.fixture
def case(personas: Any) -> Case:
    person = register(personas, first_name_ar="زينب", last_name_ar="المراكشي", first_name_latin="Zineb",
                      last_name_latin="El Marrakchi", sex="F", cin="JK445566", phone="0661234567")  # fmt: skip
    case = case_services.case_open(acting_user=personas.worker_a, person=person, center=personas.center_a,
                                   reason="تبحث عن عمل قار", channel="walk_in", consent_obtained=True)  # fmt: skip
    case_services.listening_record(acting_user=personas.worker_a, case=case, needs=["safety"], notes=NOTE)
    to_pathway(personas, case)
    referral = referral_send(acting_user=personas.worker_a, case=case, reason="فحص طبي", shared_fields=["name"],
                             consent_obtained=True, to_organization=personas.health_partner)  # fmt: skip
    referral_accept(acting_user=personas.partner, referral=referral)
    referral_complete(acting_user=personas.partner, referral=referral, service_given="Consultation générale",
                      feedback="Suivi dans trois mois")  # fmt: skip
    return case


def pdf_text(client: Any, case: Case, language: str | None = None) -> str:
    if language:
        client.cookies["jisr_language"] = language
    answer = client.get(reverse("cases:summary_pdf", args=[case.pk]))
    assert answer.status_code == 200 and answer["Content-Type"] == "application/pdf"
    assert answer["Content-Disposition"].startswith("attachment")
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(answer.content)).pages)


def test_the_arabic_summary_is_shaped_text_with_the_pathway_and_the_confidential_notes_for_the_worker(  # type: ignore[no-untyped-def]
    client_for, personas, case
) -> None:
    text = pdf_text(client_for("worker_a"), case)
    for expected in ("زينب", "المراكشي", "تبحث عن عمل قار", "فحص طبي", NOTE, case.reference, "Consultation générale",
                     "Suivi dans trois mois", "Trouver un emploi", "Formation certifiante"):  # fmt: skip
        assert expected in text, expected
    with translation.override("ar"):  # the labels in the page's language
        assert translation.gettext("Orientation plan") in text and translation.gettext("Diagnosis") in text
    opened = timezone.localtime(case.opened_at).strftime("%d/%m/%Y")
    assert opened in text  # day/month/year
    assert "JK445566" not in text and "0661234567" not in text and "661234567" not in text  # identity kept minimal
    exports = AuditLog.objects.filter(action=AuditLog.Action.EXPORT, object_id=str(case.pk), actor=personas.worker_a)
    assert exports.count() == 1 and exports.get().changes["summary_pdf"]["confidential_notes"] is True


def test_a_reader_who_may_not_read_the_notes_gets_the_summary_without_them(client_for, personas, case) -> None:  # type: ignore[no-untyped-def]
    coordinator = client_for("province_agadir")  # sees the province's cases, not their listening records
    assert coordinator.get(reverse("cases:detail", args=[case.pk])).status_code == 200
    text = pdf_text(coordinator, case)
    assert NOTE not in text and "العنف" not in text
    assert "زينب" in text and "فحص طبي" in text  # the rest of the summary is there
    entry = AuditLog.objects.get(action=AuditLog.Action.EXPORT, object_id=str(case.pk))
    assert entry.actor == personas.province_agadir and entry.changes["summary_pdf"]["confidential_notes"] is False


def test_the_french_summary(client_for, personas, case) -> None:  # type: ignore[no-untyped-def]
    text = pdf_text(client_for("manager_a"), case, "fr")
    with translation.override("fr"):
        for label in ("Orientation plan", "Referrals", "Follow-up", "Outcomes", "Diagnosis"):
            assert translation.gettext(label) in text, label
    assert "Zineb El Marrakchi" in text and NOTE in text  # the manager reads listening records
    assert timezone.localtime(case.opened_at).strftime("%d/%m/%Y") in text


def test_outsiders_get_404_and_nothing_is_audited(client_for, personas, case) -> None:  # type: ignore[no-untyped-def]
    for name in NEVER_SEE:
        assert client_for(name).get(reverse("cases:summary_pdf", args=[case.pk])).status_code == 404, name
    assert not AuditLog.objects.filter(action=AuditLog.Action.EXPORT, object_id=str(case.pk)).exists()


def test_the_case_page_links_to_the_summary(client_for, case) -> None:  # type: ignore[no-untyped-def]
    page = client_for("worker_a").get(reverse("cases:detail", args=[case.pk])).content.decode()
    assert reverse("cases:summary_pdf", args=[case.pk]) in page
