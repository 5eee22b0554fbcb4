"""Khadamati's demo requests: the citizen's draft and granted card, the parent acting for a minor, a few
hundred requests in every state across several provinces, the same at each load, and removed by the reset."""

from __future__ import annotations

from collections import Counter

import pytest
from django.test import Client

from jisr.accounts.models import User
from jisr.demo.khadamati import DEMO_REQUESTS
from jisr.demo.loader import load_demo, reset_demo
from jisr.khadamati import selectors_requests, services_requests
from jisr.khadamati.models import Card, Request, RequestStatus

pytestmark = pytest.mark.django_db


def test_the_demo_requests(demo_settings) -> None:  # type: ignore[no-untyped-def]
    load_demo(small=True)
    citizen = User.objects.get(username="citizen")
    mine = Counter(Request.objects.filter(applicant=citizen).values_list("request_type__kind", "status"))
    assert mine[("card", "granted")] == 1 and mine[("card", "draft")] == 1
    # a refusal the citizen may have reconsidered, and a document to replace
    refused = Request.objects.get(applicant=citizen, status="refused")
    assert services_requests.reconsideration_until(refused) is not None
    assert refused.decisions.get().reasons in refused.events.get(to_status="refused").public_note
    to_replace = Request.objects.get(applicant=citizen, status="submitted")
    assert to_replace.request_documents.filter(status="refused").exclude(refusal_reason="").count() == 1
    parent = User.objects.get(username="citizen-parent")
    for_child = Request.objects.get(applicant=parent)
    assert for_child.representation is not None and for_child.representation.relation == "minor_child"
    assert for_child.status == "submitted"
    assert list(selectors_requests.requests_of(parent)) == [for_child]
    bulk = Request.objects.filter(applicant__username__startswith="demo-applicant-")
    assert bulk.count() == DEMO_REQUESTS
    assert set(bulk.values_list("status", flat=True)) == set(RequestStatus.values)
    assert bulk.values("province").distinct().count() >= 5
    officer = User.objects.get(username="khadamati-officer-agadir")
    seen = selectors_requests.office_requests(officer)
    assert seen.count() > 50 and set(seen.values_list("province_id", flat=True)) == {"09.001"}
    issued = bulk.filter(status="card_issued")
    cards = Card.objects.filter(request__in=issued)
    assert cards.count() == issued.count() > 0  # each issued card exists, to download and to verify
    card = cards.select_related("request").first()
    assert card is not None and card.number == card.request.card_number and card.status == "active"
    assert Client().get(f"/khadamati/card/{card.verification_code}/").status_code == 200
    fingerprint = sorted(bulk.values_list("first_name", "status", "province_id", "cin"))
    reset_demo()
    assert not Card.objects.exists()
    assert not Request.objects.exists() and not User.objects.filter(username__startswith="demo-applicant-").exists()
    load_demo(small=True)
    again = Request.objects.filter(applicant__username__startswith="demo-applicant-")
    assert sorted(again.values_list("first_name", "status", "province_id", "cin")) == fingerprint
