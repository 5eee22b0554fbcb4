"""The proxy-means test: model versions as validated data, and set-based scoring equal to the formula."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command

from jisr.registry.importing.households import import_households
from jisr.registry.models import PmtModel, RegistryHousehold
from jisr.registry.pmt import index_of, model_import, score_all

pytestmark = pytest.mark.django_db
DOCS = Path(__file__).resolve().parents[2] / "docs" / "examples"


@pytest.fixture
def registry(db):  # type: ignore[no-untyped-def]
    call_command("load_territories", verbosity=0)
    import_households(DOCS / "registry-households.csv", update=False)


def test_the_illustrative_model_scores_like_its_formula(registry) -> None:  # type: ignore[no-untyped-def]
    definition = json.loads((DOCS / "pmt-illustrative.json").read_text("utf-8"))
    model = model_import(acting_user=None, definition=definition)
    assert (model.version, model.illustrative) == (1, True)
    assert score_all(model) == 12
    for household in RegistryHousehold.objects.all():
        assert household.pmt_version == 1 and household.pmt_scored_at is not None
        assert household.pmt_index == pytest.approx(index_of(definition, household), abs=1e-9)
    second = model_import(acting_user=None, definition={**definition, "intercept": {"urban": 10.0, "rural": 9.0}})
    assert second.version == 2 and PmtModel.objects.get(version=1).definition == definition  # kept as it was


def test_a_broken_model_is_refused_with_every_problem_and_where(registry) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(ValidationError) as refused:
        model_import(acting_user=None, definition={
            "title": "", "intercept": {"urban": 9.5}, "region_adjustment": {"77": 0.1},
            "coefficients": {"salary": {"urban": 1, "rural": 1}, "has_car": {"urban": "big", "rural": 0.2}},
        })  # fmt: skip
    text = " ".join(refused.value.messages)
    for where in ("title", "intercept", "region_adjustment.77", "coefficients.salary", "coefficients.has_car"):
        assert where in text, where
    assert not PmtModel.objects.exists()


def test_the_commands(registry, capsys) -> None:  # type: ignore[no-untyped-def]
    call_command("registry", "pmt-import", str(DOCS / "pmt-illustrative.json"))
    call_command("registry", "score")
    assert "12 households scored with PMT v1" in capsys.readouterr().out
    assert not RegistryHousehold.objects.filter(pmt_index=None).exists()
