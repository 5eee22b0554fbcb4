"""Each signal fires on generated data, not below its minimum count, once per condition, and only where it should."""

from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import ValidationError

from jisr.cases.models import Assessment, CaseStatusChange, Protocol
from jisr.core import watch_signals
from jisr.notifications.models import Notification
from jisr.watch import services
from jisr.watch.models import Alert
from tests.personas import AGADIR_PROVINCE, OUJDA_PROVINCE
from tests.watch.helpers import TODAY, at, case, rule, violence_cases

pytestmark = pytest.mark.django_db

MARCH_2026, MARCH_2025, MARCH_2024 = datetime.date(2026, 3, 1), datetime.date(2025, 3, 1), datetime.date(2024, 3, 1)


def _surge_in_agadir(personas):  # type: ignore[no-untyped-def]
    violence_cases(personas, count=8, month=MARCH_2026)
    violence_cases(personas, count=2, month=MARCH_2025)
    violence_cases(personas, count=2, month=MARCH_2024)


def test_violence_surge_fires_in_the_province_above_the_average_of_the_same_month(personas):  # type: ignore[no-untyped-def]
    _surge_in_agadir(personas)
    violence_cases(personas, count=9, month=datetime.date(2026, 2, 1))  # another month: not this month's count
    surge = rule(personas)
    assert services.evaluate_rules(today=TODAY) == {"rules": 1, "raised": 1, "resolved": 0, "skipped": 0}
    alert = Alert.objects.get()
    assert (alert.rule, alert.level, alert.province_code, alert.region_code) == (surge, "province", AGADIR_PROVINCE,
                                                                                    "09")  # fmt: skip
    assert alert.figures == {"this_month": 8, "average": 2.0}
    assert list(alert.events.values_list("kind", flat=True)) == ["raised"]


def test_violence_surge_counts_only_women_recorded_as_victims(personas):  # type: ignore[no-untyped-def]
    violence_cases(personas, count=6, month=MARCH_2026, sex="M")
    violence_cases(personas, count=6, month=MARCH_2026, victim=False)
    rule(personas)
    assert services.evaluate_rules(today=TODAY)["raised"] == 0


def test_the_diagnosis_answer_marks_a_violence_case(personas):  # type: ignore[no-untyped-def]
    protocol = Protocol.objects.get(code="jisr-social-diagnosis", status="published")
    for index in range(5):
        opened = case(personas, opened=MARCH_2026.replace(day=index + 1), victim=False)
        answer = "current" if index % 2 else "past"
        Assessment.objects.create(case=opened, protocol=protocol, assessed_by=personas.worker_a, assessed_at=at(TODAY),
                                  answers={"violence": answer}, priority="high")  # fmt: skip
    never = case(personas, opened=MARCH_2026, victim=False)
    Assessment.objects.create(case=never, protocol=protocol, assessed_by=personas.worker_a, assessed_at=at(TODAY),
                              answers={"violence": "no"}, priority="low")  # fmt: skip
    rule(personas, min_count=5)
    services.evaluate_rules(today=TODAY)
    assert Alert.objects.get().value == 5


def test_violence_surge_not_below_its_minimum_count(personas):  # type: ignore[no-untyped-def]
    violence_cases(personas, count=4, month=MARCH_2026)  # four times nothing, but fewer than five
    rule(personas, min_count=5)
    assert services.evaluate_rules(today=TODAY)["raised"] == 0
    violence_cases(personas, count=1, month=MARCH_2026)
    assert services.evaluate_rules(today=TODAY)["raised"] == 1


def test_violence_surge_not_when_the_month_is_as_usual(personas):  # type: ignore[no-untyped-def]
    for month in (MARCH_2026, MARCH_2025, MARCH_2024):
        violence_cases(personas, count=6, month=month)
    rule(personas, increase_percent=50)
    assert services.evaluate_rules(today=TODAY)["raised"] == 0


def test_a_condition_raises_one_open_alert_and_again_after_closing(personas):  # type: ignore[no-untyped-def]
    _surge_in_agadir(personas)
    rule(personas)
    assert services.evaluate_rules(today=TODAY)["raised"] == 1
    assert services.evaluate_rules(today=TODAY)["raised"] == 0
    assert services.evaluate_rules(today=TODAY + datetime.timedelta(days=1))["raised"] == 0
    alert = Alert.objects.get()
    assert alert.last_seen_at >= alert.raised_at
    services.alert_close(acting_user=personas.province_agadir, alert=alert, note="Visite des centres")
    assert services.evaluate_rules(today=TODAY)["raised"] == 1
    assert Alert.objects.filter(status="open").count() == 1 and Alert.objects.count() == 2


def test_the_database_refuses_a_second_open_alert_of_the_same_condition(personas):  # type: ignore[no-untyped-def]
    from django.db import IntegrityError, transaction

    _surge_in_agadir(personas)
    rule(personas)
    services.evaluate_rules(today=TODAY)
    alert = Alert.objects.get()
    alert.pk = None
    alert.id = None
    with pytest.raises(IntegrityError), transaction.atomic():
        Alert.objects.create(**{f.attname: getattr(alert, f.attname) for f in Alert._meta.concrete_fields
                                if f.attname != "id"})  # fmt: skip


def test_the_province_coordinator_is_told_not_another_territory(personas):  # type: ignore[no-untyped-def]
    _surge_in_agadir(personas)
    rule(personas)
    services.evaluate_rules(today=TODAY)
    told = set(Notification.objects.filter(kind="watch.alert_raised").values_list("user__username", flat=True))
    assert told == {"p-province-agadir"}


def test_a_region_level_rule_fires_for_the_region(personas):  # type: ignore[no-untyped-def]
    _surge_in_agadir(personas)
    rule(personas, level="region")
    services.evaluate_rules(today=TODAY)
    alert = Alert.objects.get()
    assert (alert.level, alert.condition_key, alert.province_code) == ("region", "region:09", "")


def _waiting(personas, *, days_ago: int, center=None, status: str = "reception"):  # type: ignore[no-untyped-def]
    opened = case(personas, opened=TODAY - datetime.timedelta(days=days_ago + 5), center=center, status=status)
    CaseStatusChange.objects.create(
        case=opened,
        to_status=status,
        changed_by=personas.worker_a,
        changed_at=at(TODAY - datetime.timedelta(days=days_ago)),
        center=opened.center,
        province=opened.province,
        region_code=opened.region_code,
    )
    return opened


def test_waiting_list_counts_cases_in_their_stage_longer_than_n_days(personas):  # type: ignore[no-untyped-def]
    for days in (20, 30, 16):
        _waiting(personas, days_ago=days)
    _waiting(personas, days_ago=20, status="listening")
    _waiting(personas, days_ago=10)  # not long enough
    _waiting(personas, days_ago=40, status="diagnosis")  # past the waiting stages
    _waiting(personas, days_ago=40, center=personas.center_b)  # another center, alone
    rule(personas, signal="cases.waiting", level="center", days=15, min_count=4)
    services.evaluate_rules(today=TODAY)
    alert = Alert.objects.get()
    assert (alert.center_id, alert.value, alert.province_code) == (personas.center_a.pk, 4, AGADIR_PROVINCE)


def test_waiting_list_not_below_its_minimum_count(personas):  # type: ignore[no-untyped-def]
    for days in (20, 30, 16):
        _waiting(personas, days_ago=days)
    rule(personas, signal="cases.waiting", level="center", days=15, min_count=4)
    assert services.evaluate_rules(today=TODAY)["raised"] == 0


def test_overdue_referrals_fire_where_they_were_sent_from(personas):  # type: ignore[no-untyped-def]
    from jisr.referrals.models import Referral

    for index in range(3):
        opened = case(personas, opened=TODAY - datetime.timedelta(days=60), center=personas.center_b)
        Referral.objects.create(case=opened, person=opened.person, from_center=personas.center_b,
                                to_center=personas.center_a, reason="-", sent_by=personas.worker_b,
                                due_on=TODAY - datetime.timedelta(days=3 + index))  # fmt: skip
    answered = Referral.objects.first()
    Referral.objects.filter(pk=answered.pk).update(status="completed")
    rule(personas, signal="referrals.overdue", level="province", min_count=2)
    services.evaluate_rules(today=TODAY)
    alert = Alert.objects.get()
    assert (alert.province_code, alert.value) == (OUJDA_PROVINCE, 2)
    rule(personas, signal="referrals.overdue", level="center", min_count=3)
    assert services.evaluate_rules(today=TODAY)["raised"] == 0


def test_coverage_below_a_rate_reads_the_stored_figures(personas):  # type: ignore[no-untyped-def]
    from jisr.programs import services as programs
    from jisr.socialmap.models import Indicator, IndicatorValue

    programs.program_save(acting_user=personas.national, code="dsa", name_ar="دعم", name_fr="Appui", name_en="Support",
                          rule={"all": [{"field": "size", "op": ">=", "value": 1}]})  # fmt: skip
    for key, unit in (("programs.dsa.coverage", "percent"), ("programs.dsa.eligible_households", "households")):
        Indicator.objects.create(key=key, kind="use", topic="programs", name_ar=key, name_fr=key, name_en=key,
                                 unit=unit, source="Jisr")  # fmt: skip
    figures = {AGADIR_PROVINCE: (30.0, 100), OUJDA_PROVINCE: (30.0, 10), "04.421": (80.0, 100)}
    for code, (rate, eligible) in figures.items():
        IndicatorValue.objects.create(indicator_id="programs.dsa.coverage", level="province", code=code, year=2026,
                                      value=rate)  # fmt: skip
        IndicatorValue.objects.create(indicator_id="programs.dsa.eligible_households", level="province", code=code,
                                      year=2026, value=eligible)  # fmt: skip
    IndicatorValue.objects.create(
        indicator_id="programs.dsa.coverage", level="province", code="04.421", year=2025, value=10.0
    )  # an older year: not the latest figure
    rule(personas, signal="programs.coverage_below", program="dsa", rate=50, min_eligible=20)
    services.evaluate_rules(today=TODAY)
    alert = Alert.objects.get()
    assert (alert.province_code, alert.region_code, alert.value) == (AGADIR_PROVINCE, "09", 30.0)


def test_rule_parameters_are_validated_by_the_signal_all_errors_at_once(personas):  # type: ignore[no-untyped-def]
    with pytest.raises(ValidationError) as refused:
        services.rule_save(acting_user=personas.national, name="", signal="cases.violence_surge", level="center",
                           severity="danger", is_active=True,
                           params={"min_count": "0", "increase_percent": "beaucoup", "years": "2.5"})  # fmt: skip
    assert set(refused.value.message_dict) == {"name", "level", "min_count", "increase_percent", "years"}
    with pytest.raises(ValidationError) as unknown:
        services.rule_save(acting_user=personas.national, name="x", signal="os.system", level="province",
                           severity="danger", is_active=True, params={})  # fmt: skip
    assert "signal" in unknown.value.message_dict


def test_a_rule_whose_signal_is_gone_is_skipped_and_says_why(personas):  # type: ignore[no-untyped-def]
    surge = rule(personas)
    type(surge).objects.filter(pk=surge.pk).update(signal="strategy.gone")
    assert services.evaluate_rules(today=TODAY) == {"rules": 0, "raised": 0, "resolved": 0, "skipped": 1}
    surge.refresh_from_db()
    assert surge.last_error


def test_only_national_officers_write_rules(personas):  # type: ignore[no-untyped-def]
    from django.http import Http404

    for user in (personas.province_agadir, personas.region_rsk, personas.analyst, personas.worker_a):
        with pytest.raises(Http404):
            services.rule_save(acting_user=user, name="x", signal="cases.waiting", level="center", severity="warning",
                               is_active=True, params={"days": 15, "min_count": 3})  # fmt: skip


def test_registering_a_signal_with_an_unknown_level_is_refused() -> None:
    with pytest.raises(ValueError, match="levels"):
        watch_signals.register_signal(watch_signals.Signal(code="x.y", label="x", description="", params=(),
                                                           levels=("commune",), evaluate=lambda *a: []))  # fmt: skip


def test_every_operational_signal_is_registered() -> None:
    codes = {signal.code for signal in watch_signals.registered_signals()}
    assert {"referrals.overdue", "cases.waiting", "cases.violence_surge", "programs.coverage_below"} <= codes


def test_the_beat_schedule_runs_the_evaluation(settings) -> None:  # type: ignore[no-untyped-def]
    from jisr.watch.tasks import evaluate_rules

    assert settings.CELERY_BEAT_SCHEDULE["watch-evaluate"]["task"] == evaluate_rules.name
