"""When a referral is overdue: the answer delay counts from the sending day in Morocco's time zone
(Africa/Casablanca), and a referral is overdue only once that delay has passed — never on the day
it is sent, nor on its last day."""

from __future__ import annotations

import datetime
from unittest import mock

import pytest
from django.utils import timezone

from jisr.referrals import services
from jisr.referrals.models import Referral
from jisr.referrals.selectors import is_overdue, overdue_condition, referral_list
from jisr.referrals.services import RESPONSE_DAYS, answer_due_on
from tests.referrals.helpers import referable_case

pytestmark = pytest.mark.django_db
UTC = datetime.UTC


def _at(text: str) -> datetime.datetime:
    """A moment given in UTC (Casablanca is UTC+1 outside Ramadan)."""
    return datetime.datetime.fromisoformat(text).replace(tzinfo=UTC)


def _send_at(personas, moment: datetime.datetime, urgency: str = "routine") -> Referral:  # type: ignore[no-untyped-def]
    case = referable_case(personas)
    with mock.patch("django.utils.timezone.now", return_value=moment):
        return services.referral_send(
            acting_user=personas.worker_a, case=case, reason="Consultation", shared_fields=["name"],
            consent_obtained=True, to_organization=personas.health_partner, urgency=urgency,
        )  # fmt: skip


@pytest.mark.parametrize(
    ("sent_at_utc", "sending_day"),
    [
        ("2026-05-10T23:30", "2026-05-11"),  # 00:30 in Casablanca: already the 11th there
        ("2026-05-10T22:59", "2026-05-10"),  # 23:59 in Casablanca: still the 10th
        ("2026-05-10T00:00", "2026-05-10"),  # 01:00 in Casablanca
    ],
)
@pytest.mark.parametrize("urgency", list(RESPONSE_DAYS))
def test_the_delay_counts_from_the_sending_day_in_casablanca(sent_at_utc: str, sending_day: str, urgency: str) -> None:
    due = answer_due_on(_at(sent_at_utc), urgency)
    assert due == datetime.date.fromisoformat(sending_day) + datetime.timedelta(days=RESPONSE_DAYS[urgency])


def test_a_referral_sent_after_midnight_in_casablanca_is_due_from_that_day(personas) -> None:  # type: ignore[no-untyped-def]
    referral = _send_at(personas, _at("2026-05-10T23:30"), urgency="urgent")
    assert referral.due_on == datetime.date(2026, 5, 13)
    assert timezone.localdate(referral.created_at) == datetime.date(2026, 5, 11)


@pytest.mark.parametrize("urgency", list(RESPONSE_DAYS))
def test_overdue_only_once_the_delay_has_passed(personas, urgency: str) -> None:  # type: ignore[no-untyped-def]
    referral = _send_at(personas, _at("2026-05-10T23:30"), urgency=urgency)
    sending_day = datetime.date(2026, 5, 11)
    last_day = sending_day + datetime.timedelta(days=RESPONSE_DAYS[urgency])
    for today, overdue in [(sending_day, False), (last_day, False), (last_day + datetime.timedelta(days=1), True)]:
        assert is_overdue(referral, today) is overdue, today
        assert Referral.objects.filter(overdue_condition(today)).exists() is overdue, today


def test_a_referral_sent_today_is_not_flagged_overdue(personas, client_for) -> None:  # type: ignore[no-untyped-def]
    referral = services.referral_send(
        acting_user=personas.worker_a, case=referable_case(personas), reason="Consultation", shared_fields=["name"],
        consent_obtained=True, to_organization=personas.health_partner, urgency="urgent",
    )  # fmt: skip
    assert not is_overdue(referral)
    assert list(referral_list(personas.partner, box="received", overdue=True)) == []
    assert client_for("partner").get("/api/v1/referrals").json()[0]["overdue"] is False
    assert "text-bg-danger" not in client_for("partner").get("/referrals/").content.decode()
