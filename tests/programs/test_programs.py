"""Programs: rules compiled to queries (an invalid rule is an error, never "everyone"), idempotent
bulk enrolment, re-check, manual inclusion with approval, exits, and coverage recomputed independently."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.http import Http404

from jisr.programs import services
from jisr.programs.coverage import coverage
from jisr.programs.models import Program, ProgramEnrollment
from jisr.programs.rules import compile_rule, eligible
from jisr.registry.models import RegistryHousehold
from jisr.registry.pmt import model_import, score_all
from jisr.registry.synthetic import generate, write

pytestmark = pytest.mark.django_db
DOCS = Path(__file__).resolve().parents[2] / "docs" / "examples"
AMO = {"all": [{"field": "pmt_index", "op": "<=", "value": 9.3264284}]}


@pytest.fixture
def registry(db, tmp_path):  # type: ignore[no-untyped-def]
    from jisr.registry.importing import import_households

    call_command("load_territories", verbosity=0)
    write(generate(households=600, seed=11, duplicates=0, errors=0), tmp_path / "r.csv")
    import_households(tmp_path / "r.csv", update=False)
    score_all(model_import(acting_user=None, definition=json.loads((DOCS / "pmt-illustrative.json").read_text())))


@pytest.fixture
def amo(registry, personas):  # type: ignore[no-untyped-def]
    return services.program_save(acting_user=personas.national, code="amo", name_ar="أمو تضامن", name_fr="AMO Tadamon",
                                 name_en="AMO Tadamon", rule=AMO)  # fmt: skip


@pytest.mark.parametrize(
    ("rule", "where"),
    [
        ({}, "rule"),
        ({"all": []}, "rule"),
        ({"all": [{"field": "salary", "op": "<", "value": 3}]}, "rule.all.0"),
        ({"all": [{"field": "pmt_index", "op": "in", "value": [1]}]}, "rule.all.0"),
        ({"any": [{"field": "size", "op": ">=", "value": "five"}]}, "rule.any.0"),
        (
            {"all": [{"field": "area", "op": "=", "value": "rural"}, {"not_in_program": "nope"}]},
            "rule.all.1.not_in_program",
        ),
        ({"all": [{"field": "head_sex", "op": "=", "value": "F", "extra": 1}]}, "rule.all.0"),
    ],
)
def test_a_rule_that_cannot_be_evaluated_is_an_error(registry, rule, where) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(ValidationError) as refused:
        compile_rule(rule)
    assert where in refused.value.message_dict


def test_rules_select_what_they_say(registry) -> None:  # type: ignore[no-untyped-def]
    rule = {"all": [{"field": "pmt_index", "op": "<=", "value": 9.743001},
                    {"any": [{"field": "members_with_disability", "op": ">=", "value": 1},
                             {"field": "head_sex", "op": "=", "value": "F"}]},
                    {"field": "area", "op": "in", "value": ["rural"]}]}  # fmt: skip
    expected = {
        h.household_id for h in RegistryHousehold.objects.all()
        if h.pmt_index <= 9.743001 and (h.members_with_disability >= 1 or h.head_sex == "F") and h.area == "rural"
    }  # fmt: skip
    assert set(eligible(rule).values_list("household_id", flat=True)) == expected and expected


def test_enrolment_is_idempotent_and_rechecked(personas, amo) -> None:  # type: ignore[no-untyped-def]
    expected = eligible(AMO).count()
    assert services.enroll_eligible(acting_user=personas.national, program=amo) == expected > 0
    assert services.enroll_eligible(acting_user=personas.national, program=amo) == 0
    with pytest.raises(Http404):
        services.enroll_eligible(acting_user=personas.worker_a, program=amo)
    richer = ProgramEnrollment.objects.filter(program=amo).first()
    RegistryHousehold.objects.filter(household_id=richer.household_id).update(pmt_index=12.0)
    assert services.recheck(acting_user=personas.national, program=amo) == {"paused": 1, "resumed": 0}
    RegistryHousehold.objects.filter(household_id=richer.household_id).update(pmt_index=8.0)
    assert services.recheck(acting_user=personas.national, program=amo) == {"paused": 0, "resumed": 1}


def test_manual_inclusion_needs_a_justification_and_another_approver(personas, amo) -> None:  # type: ignore[no-untyped-def]
    outside = RegistryHousehold.objects.exclude(pk__in=eligible(AMO).values("pk")).first()
    with pytest.raises(ValidationError):
        services.include_manually(
            acting_user=personas.national, program=amo, household_id=outside.pk, justification=" "
        )
    request = services.include_manually(acting_user=personas.national, program=amo, household_id=outside.pk,
                                        justification="Enquête sociale : revenus effondrés")  # fmt: skip
    assert request.status == "pending"
    with pytest.raises(ValidationError):
        services.approve_inclusion(acting_user=personas.national, enrollment=request)
    assert services.recheck(acting_user=personas.national, program=amo)["paused"] == 0  # manual ones stay
    services.exit_household(acting_user=personas.national, enrollment=request, reason="Déménagement")
    request.refresh_from_db()
    assert request.status == "exited"


def test_coverage_matches_an_independent_count(personas, amo) -> None:  # type: ignore[no-untyped-def]
    services.enroll_eligible(acting_user=personas.national, program=amo)
    gone = list(ProgramEnrollment.objects.filter(program=amo)[:7])
    for enrollment in gone:
        services.exit_household(acting_user=personas.national, enrollment=enrollment, reason="test")
    rows = {row.code: row for row in coverage(amo, "region")}
    households = list(RegistryHousehold.objects.all())
    active = set(ProgramEnrollment.objects.filter(program=amo, status="active").values_list("household_id", flat=True))
    for code, row in rows.items():
        mine = [h for h in households if h.region_code == code]
        entitled = [h for h in mine if h.pmt_index <= 9.3264284]
        assert row.figures["registered_households"] == len(mine)
        assert row.figures["registered_persons"] == sum(h.size for h in mine)
        assert row.figures["eligible_households"] == len(entitled)
        assert row.figures["enrolled_households"] == len([h for h in mine if h.household_id in active])
        assert row.gap == len(entitled) - row.figures["enrolled_households"]
    nation = coverage(amo, "nation")[0]
    assert nation.figures["registered_households"] == 600 and nation.figures["census_households"] > 7_000_000
    provinces = coverage(amo, "province", parent="09", suppress_small=True)
    assert provinces and all(v is None or v == 0 or v >= 5 for r in provinces for k, v in r.figures.items()
                             if not k.startswith("census"))  # fmt: skip


def test_a_program_with_a_broken_rule_is_not_saved(personas, registry) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(ValidationError):
        services.program_save(acting_user=personas.national, code="x", name_ar="x", name_fr="x", name_en="x",
                              rule={"any": []})  # fmt: skip
    assert not Program.objects.exists()


def test_pages_and_api_with_the_personas(client, personas, amo) -> None:  # type: ignore[no-untyped-def]
    client.force_login(personas.national)
    assert client.get("/programs/").status_code == 200
    assert client.get(f"/programs/{amo.code}/").status_code == 200
    preview = client.post(f"/programs/{amo.code}/preview/", {"rule": json.dumps(AMO)}).content.decode()
    assert str(eligible(AMO).count()) in preview
    wrong = client.post(f"/programs/{amo.code}/preview/", {"rule": '{"all": [{"field": "salary"}]}'}).content.decode()
    assert "rule.all.0" in wrong
    client.post(f"/programs/{amo.code}/", {"rule": '{"any": []}'})
    amo.refresh_from_db()
    assert amo.rule == AMO  # an invalid rule is never saved
    client.post(f"/programs/{amo.code}/enroll/")
    assert ProgramEnrollment.objects.filter(program=amo, status="active").count() == eligible(AMO).count()
    page = client.get("/programs/coverage/", {"program": amo.code, "level": "region"})
    assert page.status_code == 200
    exported = client.get("/programs/coverage/", {"program": amo.code, "level": "province", "format": "csv"})
    assert exported["Content-Type"].startswith("text/csv") and exported.content.decode("utf-8-sig").count("\n") == 76
    workbook = client.get("/programs/coverage/", {"program": amo.code, "level": "region", "format": "xlsx"})
    assert workbook.content[:2] == b"PK"  # a zipped XLSX
    api = client.get("/api/v1/coverage", {"program": amo.code, "level": "region"}).json()
    assert sum(row["figures"]["enrolled_households"] for row in api) == eligible(AMO).count()
    assert (
        client.post("/api/v1/programs/preview", {"rule": {"any": []}}, content_type="application/json").status_code
        == 422
    )
    client.force_login(personas.analyst)  # aggregates only, small counts hidden
    rows = client.get("/api/v1/coverage", {"program": amo.code, "level": "commune"}).json()
    assert all(
        v is None or v == 0 or v >= 5 for row in rows for k, v in row["figures"].items() if not k.startswith("census")
    )
    for name in ("worker_a", "partner", "citizen", "outsider"):
        client.force_login(getattr(personas, name))
        assert client.get("/programs/coverage/").status_code == 404, name
        assert client.get("/api/v1/coverage", {"program": amo.code}).status_code == 404, name
        assert client.post(f"/programs/{amo.code}/enroll/").status_code == 404, name
