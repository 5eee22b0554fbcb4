"""Referrals (convergence): consent first; the partner sees only its organization's referrals and
only the fields shared; every answer is a guarded transition; pages and API with every persona."""

from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.http import Http404
from django.urls import reverse
from django.utils import timezone

from jisr.core.worklist import worklist_for
from jisr.people.models import Consent
from jisr.referrals import services
from jisr.referrals.models import Referral
from jisr.referrals.selectors import referral_list
from tests.referrals.helpers import referable_case

pytestmark = pytest.mark.django_db
JSON = "application/json"
NEVER_SEE = ("worker_b", "region_rsk", "analyst", "citizen", "outsider")


@pytest.fixture
def case(personas):  # type: ignore[no-untyped-def]
    return referable_case(personas)


def send(personas, case, **extra):  # type: ignore[no-untyped-def]
    values = {"reason": "Consultation de santé", "shared_fields": ["name", "needs"], "consent_obtained": True,
              "to_organization": personas.health_partner}  # fmt: skip
    values.update(extra)
    return services.referral_send(acting_user=personas.worker_a, case=case, **values)


def test_consent_for_this_recipient_comes_first(personas, case) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(ValidationError) as refused:
        send(personas, case, consent_obtained=False)
    assert "consent_obtained" in refused.value.message_dict and not Referral.objects.exists()
    referral = send(personas, case)
    consent = Consent.objects.get(purpose="referral")
    assert consent.recipient == personas.health_partner and referral.status == "sent"
    assert referral.due_on == timezone.localdate() + datetime.timedelta(days=15)
    consent.withdrawn_at = timezone.now()
    consent.save(update_fields=["withdrawn_at"])
    with pytest.raises(ValidationError):
        send(personas, case, consent_obtained=False)


@pytest.mark.parametrize(
    ("extra", "field"),
    [
        ({"to_organization": None}, "to_organization"),
        ({"shared_fields": ["phone"]}, "shared_fields"),
        ({"reason": " "}, "reason"),
    ],
)
def test_bad_referrals_are_refused_with_a_message(personas, case, extra, field) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(ValidationError) as refused:
        send(personas, case, **extra)
    assert field in refused.value.message_dict and not Referral.objects.exists()


def test_the_partner_answers_and_the_sender_sees_the_feedback(personas, case) -> None:  # type: ignore[no-untyped-def]
    referral = send(personas, case)
    assert list(referral_list(personas.partner, box="received")) == [referral]
    assert list(referral_list(personas.worker_a, box="sent")) == [referral]
    with pytest.raises(Http404):
        services.referral_accept(acting_user=personas.worker_b, referral=referral)
    with pytest.raises(ValidationError):
        services.referral_complete(acting_user=personas.partner, referral=referral, service_given="x")
    services.referral_accept(acting_user=personas.partner, referral=referral, note="RDV lundi")
    with pytest.raises(ValidationError):
        services.referral_accept(acting_user=personas.partner, referral=referral)
    done = services.referral_complete(acting_user=personas.partner, referral=referral,
                                      service_given="Consultation", feedback="Suivi dans 3 mois")  # fmt: skip
    assert done.status == "completed" and done.responded_by == personas.partner
    assert [e.status for e in done.events.all()] == ["sent", "accepted", "completed"]


def test_decline_needs_a_reason_and_cancel_belongs_to_the_sender(personas, case) -> None:  # type: ignore[no-untyped-def]
    referral = send(personas, case)
    with pytest.raises(ValidationError):
        services.referral_decline(acting_user=personas.partner, referral=referral, reason="other")
    with pytest.raises(Http404):
        services.referral_cancel(acting_user=personas.partner, referral=referral)
    declined = services.referral_decline(acting_user=personas.partner, referral=referral, reason="no_capacity")
    assert declined.status == "declined"
    with pytest.raises(ValidationError):
        services.referral_cancel(acting_user=personas.worker_a, referral=referral)


def test_the_partner_sees_only_the_shared_fields(personas, case, client_for) -> None:  # type: ignore[no-untyped-def]
    referral = send(personas, case)
    partner = client_for("partner")
    page = partner.get(reverse("referrals:detail", args=[referral.pk]))
    body = page.content.decode()
    assert page.status_code == 200 and "حليمة" in body
    for secret in ("+212611223344", "سبب سري للملف", "سري جدا", case.reference):
        assert secret not in body
    data = partner.get(f"/api/v1/referrals/{referral.pk}").json()
    assert data["name"] and data["needs"] and data["phone"] is None and data["case_id"] is None
    assert "سبب سري" not in str(data)
    assert partner.get(reverse("cases:detail", args=[case.pk])).status_code == 404
    assert partner.get(reverse("people:detail", args=[case.person.pk])).status_code == 404


def test_pages_and_api_are_404_for_those_who_must_not_see(personas, case, client_for) -> None:  # type: ignore[no-untyped-def]
    referral = send(personas, case)
    for name in ("worker_a", "manager_a", "province_agadir", "national", "partner"):
        assert client_for(name).get(reverse("referrals:detail", args=[referral.pk])).status_code == 200, name
    for name in NEVER_SEE:
        client = client_for(name)
        assert client.get(reverse("referrals:detail", args=[referral.pk])).status_code == 404, name
        assert client.get(f"/api/v1/referrals/{referral.pk}").status_code == 404, name
        assert client.post(f"/api/v1/referrals/{referral.pk}/accept", {}, content_type=JSON).status_code == 404, name
    for name in ("analyst", "citizen", "outsider"):
        assert client_for(name).get(reverse("referrals:inbox")).status_code == 404, name


def test_referral_between_centers_and_the_inbox(personas, case, client_for) -> None:  # type: ignore[no-untyped-def]
    referral = send(personas, case, to_organization=None, to_center=personas.center_b)
    assert list(referral_list(personas.worker_b, box="received")) == [referral]
    assert list(referral_list(personas.partner, box="received")) == []
    inbox = client_for("worker_b").get(reverse("referrals:inbox"))
    assert inbox.status_code == 200 and len(inbox.context["rows"]) == 1
    page = client_for("worker_b").get(reverse("referrals:detail", args=[referral.pk]))
    assert case.reference in page.content.decode()
    services.referral_accept(acting_user=personas.worker_b, referral=referral)


def test_overdue_referrals_are_flagged_and_on_the_work_list(personas, case, client_for) -> None:  # type: ignore[no-untyped-def]
    referral = send(personas, case, urgency="urgent")
    Referral.objects.filter(pk=referral.pk).update(due_on=timezone.localdate() - datetime.timedelta(days=1))
    assert list(referral_list(personas.partner, box="received", overdue=True)) == [referral]
    api = client_for("partner").get("/api/v1/referrals?overdue=true").json()
    assert api[0]["overdue"] is True
    items = worklist_for(personas.partner)
    assert items and items[0].overdue and items[0].kind == "referral.waiting"


def test_sending_through_the_page_and_the_api(personas, case, client_for) -> None:  # type: ignore[no-untyped-def]
    client = client_for("worker_a")
    url = reverse("referrals:send", args=[case.pk])
    assert client_for("worker_b").get(url).status_code == 404
    refused = client.post(url, {"to_organization": personas.health_partner.pk, "reason": "r", "urgency": "routine",
                                "shared_fields": ["name"]})  # fmt: skip
    assert refused.status_code == 200 and "consent_obtained" in refused.context["form"].errors
    sent = client.post(url, {"to_organization": personas.health_partner.pk, "reason": "r", "urgency": "routine",
                             "shared_fields": ["name", "phone"], "consent_obtained": "on"})  # fmt: skip
    assert sent.status_code == 302
    body = {"case_id": str(case.pk), "to_organization_id": str(personas.health_partner.pk), "reason": "again",
            "shared_fields": ["name"], "service_type": "nope"}  # fmt: skip
    assert client.post("/api/v1/referrals", body, content_type=JSON).status_code == 422
    body.pop("service_type")
    duplicate = client.post("/api/v1/referrals", body, content_type=JSON)
    assert duplicate.status_code == 422, "the page's referral to this partner is still open"
    services.referral_cancel(acting_user=personas.worker_a, referral=Referral.objects.get(reason="r"))
    created = client.post("/api/v1/referrals", body, content_type=JSON)
    assert created.status_code == 201 and created.json()["recipient"]
    answered = client_for("partner").post(
        f"/api/v1/referrals/{created.json()['id']}/decline", {"reason": "no_capacity"}, content_type=JSON
    )
    assert answered.status_code == 200 and answered.json()["status"] == "declined"


def test_inbox_query_count_is_pinned(personas, case, client_for, django_assert_max_num_queries) -> None:  # type: ignore[no-untyped-def]
    for _index in range(20):
        # One open referral per case and addressee: the earlier ones were answered.
        Referral.objects.filter(case=case).update(status=Referral.Status.COMPLETED)
        send(personas, case)
    client = client_for("partner")
    with django_assert_max_num_queries(12):
        page = client.get(reverse("referrals:inbox"))
    assert len(page.context["rows"]) == 20
