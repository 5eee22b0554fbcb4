"""Coverage figures hidden from the analyst across the hierarchy: no hidden commune, province or region can
be worked out from a total of the level above (the pages link the levels), and the page, the API and the
CSV export publish the same numbers."""

from __future__ import annotations

import csv
import io
from collections.abc import Hashable

import pytest

from jisr.core.disclosure import Sum
from jisr.programs import services
from jisr.programs.coverage import coverage
from jisr.territories.models import Commune
from tests.core.test_disclosure import line_gives_away, recoverable
from tests.programs.test_programs import amo, registry  # noqa: F401  (fixtures)

pytestmark = pytest.mark.django_db
LEVELS = ("nation", "region", "province", "commune")
FIGURES = ("registered_households", "registered_persons", "eligible_households", "eligible_persons",
           "enrolled_households", "enrolled_persons")  # fmt: skip
PUBLISHED = (*FIGURES, "served_persons")


def hierarchy() -> list[Sum]:
    parents = Commune.objects.values_list("code", "province_id", "region_id")
    provinces: dict[str, set[str]] = {}
    communes: dict[str, set[str]] = {}
    for commune, province, region in parents:
        provinces.setdefault(region, set()).add(province)
        communes.setdefault(province, set()).add(commune)
    return [
        Sum(("nation", "MA"), tuple(("region", code) for code in provinces)),
        *[Sum(("region", region), tuple(("province", code) for code in codes)) for region, codes in provinces.items()],
        *[Sum(("province", province), tuple(("commune", c) for c in codes)) for province, codes in communes.items()],
    ]


def test_no_hidden_figure_can_be_worked_out_from_a_higher_total(personas, amo) -> None:  # type: ignore[no-untyped-def]  # noqa: F811
    services.enroll_eligible(acting_user=personas.national, program=amo)
    sums = hierarchy()
    cells = {cell for line in sums for cell in line.cells()}
    truth = {level: {row.code: row.figures for row in coverage(amo, level)} for level in LEVELS}
    shown = {level: {row.code: row.figures for row in coverage(amo, level, suppress_small=True)} for level in LEVELS}
    for figure in FIGURES:
        values: dict[Hashable, int] = {
            (level, code): truth[level].get(code, {}).get(figure) or 0 for level, code in cells
        }
        hidden = frozenset((level, code) for level, code in cells if shown[level].get(code, {}).get(figure, 0) is None)
        assert {cell for cell, count in values.items() if 0 < count < 5} <= hidden, figure
        assert not [line for line in sums if line_gives_away(values, line, hidden)], figure
        assert recoverable(values, sums, hidden) == set(), figure
    assert shown["region"]["10"]["eligible_households"] is None  # 2 households: hidden…
    assert shown["region"]["08"]["eligible_households"] is None  # …with the smallest other region (7)
    assert shown["nation"]["MA"]["eligible_households"] == truth["nation"]["MA"]["eligible_households"]


@pytest.mark.parametrize(("level", "parent"), [("region", ""), ("province", "09"), ("commune", "09.541")])
def test_the_page_the_api_and_the_export_publish_the_same_numbers(client, personas, amo, level, parent) -> None:  # type: ignore[no-untyped-def]  # noqa: F811
    services.enroll_eligible(acting_user=personas.national, program=amo)
    client.force_login(personas.analyst)
    query = {"program": amo.code, "level": level, "parent": parent, "sort": "code"}
    rows = client.get("/programs/coverage/", query).context["rows"]
    page = {row.code: {key: row.figures[key] for key in PUBLISHED} for row in rows}
    api = {row["code"]: {key: row["figures"][key] for key in PUBLISHED}
           for row in client.get("/api/v1/coverage", {k: v for k, v in query.items() if v}).json()}  # fmt: skip
    content = client.get("/programs/coverage/", {**query, "format": "csv"}).content.decode("utf-8-sig")
    export = {line["code"]: {key: (int(line[key]) if line[key] else None) for key in PUBLISHED if key in line}
              for line in csv.DictReader(io.StringIO(content))}  # fmt: skip
    assert page == api and None in [value for figures in page.values() for value in figures.values()]
    assert {code: {k: v for k, v in figures.items() if k in export[code]} for code, figures in page.items()} == export
