"""Who reads a request: its applicant, a citizen the office verified as acting for the same person, the back
office of its province; never another citizen, another province's office, a representative not yet
verified, a center's staff or an outsider (404)."""

from __future__ import annotations

import pytest
from django.http import Http404

from jisr.khadamati import selectors_requests as selectors
from jisr.khadamati import services_requests as services
from jisr.khadamati.models import Representation, Request
from tests.khadamati.helpers import make_citizen, make_request_office
from tests.khadamati.test_requests import _representation, card_type, complete_draft, submitted

pytestmark = pytest.mark.django_db


def test_a_citizen_reads_their_own_requests_only(personas) -> None:  # type: ignore[no-untyped-def]
    applicant = make_citizen("p-kr-applicant")
    other = make_citizen("p-kr-other")
    draft = complete_draft(applicant)
    sent = submitted(make_citizen("p-kr-third"))
    assert list(selectors.requests_of(applicant)) == [draft]
    assert selectors.request_get(applicant, draft.pk) == draft
    for user in (other, personas.citizen, personas.outsider, personas.worker_a, personas.national):
        with pytest.raises(Http404):
            selectors.request_get(user, draft.pk)
    with pytest.raises(Http404):
        selectors.request_get(applicant, sent.pk)
    with pytest.raises(Http404):
        selectors.request_get(applicant, "not-an-id")


def test_the_office_reads_the_submitted_requests_of_its_province_only(personas) -> None:  # type: ignore[no-untyped-def]
    kr = make_request_office()
    applicant = make_citizen("p-kr-applicant")
    draft = complete_draft(make_citizen("p-kr-drafter"))
    sent = submitted(applicant)
    for user in (kr.officer, kr.medical, kr.assistant, kr.secretary):
        assert list(selectors.office_requests(user)) == [sent]
        assert selectors.office_request_get(user, sent.pk) == sent
        with pytest.raises(Http404):
            selectors.office_request_get(user, draft.pk)  # a draft stays the citizen's
    for user in (kr.officer_oujda, personas.worker_a, personas.province_agadir, personas.partner, personas.outsider,
                 applicant):  # fmt: skip
        assert not selectors.office_requests(user).exists()
        with pytest.raises(Http404):
            selectors.office_request_get(user, sent.pk)


def test_a_representative_reads_the_persons_requests_only_once_verified(personas) -> None:  # type: ignore[no-untyped-def]
    parent = make_citizen("p-kr-parent")
    guardian = make_citizen("p-kr-guardian")
    verified = _representation(parent, "verified", civil_register_id="778899")
    request = services.request_start(acting_user=parent, request_type=card_type(), representation=verified)
    pending = _representation(guardian, "pending", civil_register_id="778899")
    assert not selectors.requests_of(guardian).exists()  # nothing, even a draft, before the check
    services.request_save_step(acting_user=parent, request=request, step="person", values={"sex": "M"})
    # Once the parent's request is submitted, a second representative sees it only after verification.
    Request.objects.filter(pk=request.pk).update(status="submitted")
    assert not selectors.requests_of(guardian).exists()
    with pytest.raises(Http404):
        selectors.request_get(guardian, request.pk)
    Representation.objects.filter(pk=pending.pk).update(status="verified")
    assert selectors.request_get(guardian, request.pk) == request
    with pytest.raises(Http404):  # reading is not writing: only the applicant acts on it
        services.request_withdraw(acting_user=guardian, request=request)
    Representation.objects.filter(pk=pending.pk).update(status="refused")
    assert not selectors.requests_of(guardian).exists()
