"""A referral's three declared sides (sender, receiving center, receiving organization): the selectors and
the services read them from the model's declaration, and whoever stands at none of them gets a 404."""

from __future__ import annotations

import pytest
from django.http import Http404

from jisr.centers import selectors as centers
from jisr.core.scope import anchor_fields, in_scope
from jisr.referrals import selectors, services
from jisr.referrals.models import RECEIVING_CENTER, RECEIVING_ORGANIZATION, SENDER, Referral, ReferralEvent
from tests.referrals.helpers import referable_case

pytestmark = pytest.mark.django_db
SIDES = (SENDER, RECEIVING_CENTER, RECEIVING_ORGANIZATION)


@pytest.fixture
def case(personas):  # type: ignore[no-untyped-def]
    return referable_case(personas)


def send(personas, case, **recipient):  # type: ignore[no-untyped-def]
    return services.referral_send(acting_user=personas.worker_a, case=case, reason="r", shared_fields=["name"],
                                  consent_obtained=True, **recipient)  # fmt: skip


def test_each_side_is_declared_once_and_the_events_follow_their_referral() -> None:
    assert anchor_fields(Referral) == anchor_fields(Referral, SENDER)
    assert anchor_fields(Referral, SENDER).center == "from_center_id"
    assert anchor_fields(Referral, RECEIVING_CENTER).center == "to_center_id"
    assert anchor_fields(Referral, RECEIVING_ORGANIZATION).organization == "to_organization_id"
    for side in SIDES:
        assert anchor_fields(ReferralEvent, side) == anchor_fields(Referral, side).through("referral")


def test_to_a_partner_each_side_sees_what_it_should(personas, case) -> None:  # type: ignore[no-untyped-def]
    referral = selectors.referral_get(
        personas.worker_a, send(personas, case, to_organization=personas.health_partner).pk
    )
    assert selectors.sees_full_referral(personas.worker_a, referral)
    assert not selectors.sees_full_referral(personas.partner, referral)
    assert selectors.may_respond(personas.partner, referral) and not selectors.may_respond(personas.worker_a, referral)
    assert selectors.may_cancel(personas.worker_a, referral) and not selectors.may_cancel(personas.partner, referral)
    assert selectors.referral_get(personas.partner, referral.pk) == referral
    assert list(selectors.sent_referrals(personas.worker_a)) == [referral]
    assert list(selectors.received_referrals(personas.partner)) == [referral]
    assert list(selectors.visible_referrals(personas.national)) == [referral]
    for name in ("worker_b", "region_rsk", "analyst", "citizen", "outsider"):
        with pytest.raises(Http404):
            selectors.referral_get(getattr(personas, name), referral.pk)
    with pytest.raises(Http404):  # the sender does not answer for the partner
        services.referral_accept(acting_user=personas.worker_a, referral=referral)
    with pytest.raises(Http404):  # nor does the partner cancel for the sender
        services.referral_cancel(acting_user=personas.partner, referral=referral)
    assert [event.status for event in in_scope(personas.partner, "referrals.respond_referral", ReferralEvent,
                                               anchor=RECEIVING_ORGANIZATION)] == ["sent"]  # fmt: skip


def test_to_a_center_its_staff_see_it_whole_and_answer(personas, case) -> None:  # type: ignore[no-untyped-def]
    referral = selectors.referral_get(personas.worker_b, send(personas, case, to_center=personas.center_b).pk)
    assert selectors.sees_full_referral(personas.worker_b, referral)
    assert selectors.may_respond(personas.worker_b, referral) and not selectors.may_cancel(personas.worker_b, referral)
    assert not selectors.may_respond(personas.partner, referral)
    assert list(selectors.received_referrals(personas.partner)) == []
    assert list(selectors.received_referrals(personas.worker_a)) == []
    with pytest.raises(Http404):
        selectors.referral_get(personas.partner, referral.pk)
    services.referral_accept(acting_user=personas.worker_b, referral=referral)


def test_the_partner_list_is_national_and_provincial_organizations(personas, case) -> None:  # type: ignore[no-untyped-def]
    partners = list(centers.partners_for_province(case.province_id))
    assert personas.health_partner in partners and personas.entraide in partners
    assert centers.open_center_by_code(personas.center_b.code) == personas.center_b
    assert centers.open_center_by_code("no-such-center") is None
