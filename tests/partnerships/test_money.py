"""The ledger: exact sums, reversals, four eyes, earmarks, shares, and the figures by dimension."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.http import Http404

from jisr.core.models import AuditLog
from jisr.partnerships import center_money, figures, selectors, services
from jisr.partnerships.models import Convention, Transaction
from jisr.partnerships.services import TerritoryShare
from tests.partnerships.conftest import DAY, World, party
from tests.personas import RSK_REGION, Personas

COMMITMENT, DISBURSEMENT, EXPENDITURE = 2, 3, 4


def record(world: World, user, kind: int, organization, amount: str, **extra):  # type: ignore[no-untyped-def]
    return services.transaction_record(acting_user=user, convention=world.rsk, kind=kind,
                                       party=party(world.rsk, organization), amount=Decimal(amount),
                                       value_date=extra.pop("value_date", DAY), **extra)  # fmt: skip


def test_sums_are_exact_decimals_and_reversals_net_out(world: World, personas: Personas) -> None:
    national = personas.national
    record(world, national, COMMITMENT, world.ministry, "10000000.10")
    record(world, national, COMMITMENT, world.council, "6000000.20")
    wrong = record(world, national, COMMITMENT, world.wilaya, "0.10")
    services.transaction_reverse(acting_user=national, entry=wrong, reason="typo")
    money = figures.of_convention(world.rsk.pk)
    assert money.committed == Decimal("16000000.30")
    assert isinstance(money.committed, Decimal)
    # the reversal is an entry of its own; the original stays
    assert Transaction.objects.filter(convention=world.rsk).count() == 4
    with pytest.raises(ValidationError):
        services.transaction_reverse(acting_user=national, entry=wrong, reason="again")
    reversal = Transaction.objects.get(reverses=wrong)
    assert reversal.amount == Decimal("-0.10")
    with pytest.raises(ValidationError):
        services.transaction_reverse(acting_user=national, entry=reversal, reason="undo")
    assert AuditLog.objects.filter(object_type="partnerships.transaction").count() == 4


def test_amount_with_more_than_two_decimals_is_refused(world: World, personas: Personas) -> None:
    with pytest.raises(ValidationError) as error:
        record(world, personas.national, COMMITMENT, world.ministry, "10.001")
    assert "amount" in error.value.message_dict
    with pytest.raises(ValidationError):
        record(world, personas.national, COMMITMENT, world.ministry, "-5")


def test_four_eyes_above_the_configured_amount(world: World, personas: Personas) -> None:
    record(world, personas.national, COMMITMENT, world.ministry, "5000000")
    small = record(world, personas.national, DISBURSEMENT, world.ministry, "1000000", receiver=party(
        world.rsk, personas.entraide))  # fmt: skip
    large = record(world, personas.national, DISBURSEMENT, world.ministry, "1000000.01",
                   receiver=party(world.rsk, personas.entraide))  # fmt: skip
    assert small.status == Transaction.Status.VALIDATED
    assert large.status == Transaction.Status.PENDING
    assert figures.of_convention(world.rsk.pk).disbursed == Decimal("1000000.00")
    with pytest.raises(ValidationError):
        services.transaction_validate(acting_user=personas.national, entry=large)
    assert list(selectors.pending_for(personas.national)) == []
    assert list(selectors.pending_for(world.officer)) == [large]
    services.transaction_validate(acting_user=world.officer, entry=large)
    assert figures.of_convention(world.rsk.pk).disbursed == Decimal("2000000.01")
    per_party = figures.per_party(world.rsk.pk)
    assert per_party[party(world.rsk, personas.entraide).pk]["received"] == Decimal("2000000.01")


def test_disbursement_needs_another_party_and_expenditure_a_category(world: World, personas: Personas) -> None:
    with pytest.raises(ValidationError) as error:
        record(world, personas.national, DISBURSEMENT, world.ministry, "10")
    assert "receiver" in error.value.message_dict
    with pytest.raises(ValidationError) as error:
        record(world, personas.national, EXPENDITURE, world.ministry, "10")
    assert "category" in error.value.message_dict
    other = world.souss.parties.first()
    with pytest.raises(ValidationError) as error:
        services.transaction_record(acting_user=personas.national, convention=world.rsk, kind=COMMITMENT,
                                    party=other, amount=Decimal(1), value_date=DAY)  # fmt: skip
    assert "party" in error.value.message_dict


def test_earmark_is_checked_when_spending(world: World, personas: Personas) -> None:
    national = personas.national
    commitment = record(world, national, COMMITMENT, world.ministry, "10000000")
    women = services.earmark_add(acting_user=national, commitment=commitment, target="women", amount=Decimal(6000000))
    with pytest.raises(ValidationError):
        services.earmark_add(acting_user=national, commitment=commitment, target="youth", amount=Decimal("4000000.01"))
    record(world, national, EXPENDITURE, world.ministry, "900000", category="training", earmark=women)
    with pytest.raises(ValidationError) as error:
        record(world, national, EXPENDITURE, world.ministry, "5100000.01", category="training", earmark=women)
    assert "amount" in error.value.message_dict
    assert figures.earmark_spent([women.pk]) == {women.pk: Decimal("900000.00")}
    with pytest.raises(ValidationError):  # spending is charged to it: the commitment cannot be reversed first
        services.transaction_reverse(acting_user=national, entry=commitment, reason="x")


def test_shares_must_sum_to_100_and_split_the_money(world: World, personas: Personas) -> None:
    with pytest.raises(ValidationError) as error:
        services.coverage_set(acting_user=personas.national, convention=world.rsk, territories=[
            TerritoryShare("region", "04", Decimal(60)), TerritoryShare("region", "01", Decimal(30))])  # fmt: skip
    assert "territories" in error.value.message_dict
    shares = [TerritoryShare("region", "04", Decimal("66.67")), TerritoryShare("region", "01", Decimal("33.33"))]
    services.coverage_set(acting_user=personas.national, convention=world.rsk, territories=shares)
    record(world, personas.national, COMMITMENT, world.ministry, "300")
    record(world, personas.national, COMMITMENT, world.ministry, "100", value_date=datetime.date(2026, 1, 5))
    by_region = figures.by("region")
    assert by_region["04"].committed == Decimal("266.68")
    assert by_region["01"].committed == Decimal("133.32")
    assert figures.by("region", year=2026)["04"].committed == Decimal("66.67")
    assert figures.by("year", convention_ids=[world.rsk.pk])[2025].committed == Decimal("300.00")
    assert figures.by("party")[world.ministry.pk].committed == Decimal("400.00")


def test_project_with_own_territory_and_center_money(world: World, personas: Personas) -> None:
    project = services.project_create(acting_user=personas.national, convention=world.rsk, code="P1",
                                      title_ar="تأهيل", title_fr="Réhabilitation", centers=[personas.center_rabat],
                                      territories=[TerritoryShare("province", "04.421", Decimal(100))])  # fmt: skip
    record(world, personas.national, COMMITMENT, world.ministry, "1000", project=project)
    record(world, personas.national, EXPENDITURE, world.ministry, "250", project=project, category="works")
    assert figures.by("province")["04.421"].committed == Decimal("1000.00")
    money = center_money.money_per_center([personas.center_rabat.pk, personas.center_a.pk])
    assert money == {personas.center_rabat.pk: center_money.CenterMoney(
        committed=Decimal("1000.00"), disbursed=Decimal("0.00"), spent=Decimal("250.00"))}  # fmt: skip
    # the works page's links: the project, for those who see its convention only
    links = center_money.projects_of_center(personas.national, personas.center_rabat.pk)
    assert [link.url for link in links] == [f"/partnerships/{world.rsk.pk}/"] and "P1" in links[0].label
    assert center_money.projects_of_center(personas.region_rsk, personas.center_rabat.pk) == links
    assert center_money.projects_of_center(personas.partner, personas.center_rabat.pk) == []
    assert center_money.projects_of_center(personas.manager_a, personas.center_rabat.pk) == []


def test_status_workflow(world: World, personas: Personas) -> None:
    convention = services.convention_set_status(acting_user=personas.national, convention=world.rsk,
                                                status=Convention.Status.IN_FORCE)  # fmt: skip
    with pytest.raises(ValidationError):
        services.convention_set_status(acting_user=personas.national, convention=convention, status="draft")
    with pytest.raises(ValidationError):  # a draft needs a signature date to be signed
        services.convention_set_status(acting_user=personas.national, convention=world.souss, status="signed")
    services.convention_set_status(acting_user=personas.national, convention=convention, status="closed")
    with pytest.raises(ValidationError):
        record(world, personas.national, COMMITMENT, world.ministry, "1")


def test_personas_see_their_conventions_only(world: World, personas: Personas) -> None:
    numbers = lambda user: sorted(c.number for c in selectors.conventions(user))  # noqa: E731
    assert numbers(personas.national) == ["CV-RSK-1", "CV-SM-1"]
    assert numbers(world.program) == ["CV-RSK-1", "CV-SM-1"]
    assert numbers(personas.region_rsk) == ["CV-RSK-1"]
    assert numbers(personas.partner) == ["CV-SM-1"]  # the health partner is party to Souss-Massa only
    with pytest.raises(Http404):
        selectors.convention_get(personas.partner, world.rsk.pk)
    with pytest.raises(Http404):
        selectors.convention_get(personas.region_rsk, world.souss.pk)
    for outsider in (personas.outsider, personas.worker_a, personas.citizen):
        with pytest.raises(Http404):
            selectors.conventions(outsider)
    with pytest.raises(Http404):  # the partner may see, not record
        record(world, personas.partner, COMMITMENT, world.ministry, "1")
    # the regional coordinator records on their region's convention, not elsewhere
    record(world, personas.region_rsk, COMMITMENT, world.council, "6000000")
    with pytest.raises(Http404):
        services.transaction_record(acting_user=personas.region_rsk, convention=world.souss, kind=COMMITMENT,
                                    party=world.souss.parties.first(), amount=Decimal(1), value_date=DAY)  # fmt: skip
    assert RSK_REGION in figures.by("region", convention_ids=selectors.convention_ids(personas.region_rsk))


def test_roll_up_equals_the_ledger(world: World, personas: Personas) -> None:
    national = personas.national
    record(world, national, COMMITMENT, world.ministry, "10000000")
    large = record(world, national, DISBURSEMENT, world.ministry, "2000000", receiver=party(world.rsk, world.wilaya))
    services.transaction_validate(acting_user=world.officer, entry=large)
    reversal = services.transaction_reverse(acting_user=national, entry=large, reason="wrong payee")
    pending = record(world, national, EXPENDITURE, world.ministry, "3000000", category="staff")
    services.transaction_validate(acting_user=world.officer, entry=pending, approve=False, reason="no invoice")
    incremental = figures.by("year")
    figures.rebuild_totals()
    assert figures.by("year") == incremental
    assert incremental[2025].disbursed == Decimal("2000000.00")  # the reversal, above the amount, awaits validation
    assert incremental[2025].spent == Decimal("0.00")  # rejected
    services.transaction_validate(acting_user=world.officer, entry=reversal)
    assert figures.by("year")[2025].disbursed == Decimal("0.00")
