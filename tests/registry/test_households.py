"""Registry household pages: found by id or a member's identifier, read with members and programs, and
404 for whoever has no registry grant over the household's territory."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.urls import reverse

from jisr.registry.importing.households import import_households
from jisr.registry.members import import_members

pytestmark = pytest.mark.django_db
EXAMPLES = Path(__file__).resolve().parents[2] / "docs" / "examples"
IN_REGION_01 = "RSU03000000000"  # Tanger-Tétouan-Al Hoceïma (commune 01.511.01.09), with its members
IN_RSK = "RSU03000000005"  # Rabat-Salé-Kénitra (04.501.01.09)
NO_REGISTRY_ACCESS = ("analyst", "manager_a", "worker_a", "worker_b", "partner", "citizen", "outsider")


@pytest.fixture
def registry(personas):  # type: ignore[no-untyped-def]
    import_households(EXAMPLES / "registry-households.csv", update=False)
    outcome = import_members(EXAMPLES / "registry-members-example.csv", update=False, created_by=personas.national)[0]
    assert outcome.created == 12 and outcome.invalid == 0
    return personas


def test_a_national_officer_finds_a_household_by_id_or_by_a_members_cin(registry, client_for) -> None:  # type: ignore[no-untyped-def]
    client = client_for("national")
    by_prefix = client.get(reverse("registry:households"), {"q": "rsu0300000000"})
    assert by_prefix.status_code == 200 and by_prefix.context["page"].paginator.count == 10
    by_cin = client.get(reverse("registry:households"), {"q": "bk 712345"})
    assert [h.household_id for h in by_cin.context["page"]] == [IN_REGION_01]
    page = client.get(reverse("registry:household", args=[IN_REGION_01]))
    text = page.content.decode()
    assert page.status_code == 200 and "خديجة" in text and "بناني" in text
    assert len(page.context["members"]) == 4 and all(row["person_visible"] for row in page.context["members"])
    empty = client.get(reverse("registry:households"), {"q": "NOPE"})
    assert empty.context["page"].paginator.count == 0


def test_a_coordinator_sees_the_households_of_their_region_only(registry, client_for) -> None:  # type: ignore[no-untyped-def]
    client = client_for("region_rsk")
    found = client.get(reverse("registry:households"), {"q": "RSU03"})
    assert sorted(h.household_id for h in found.context["page"]) == ["RSU03000000005", "RSU03000000010"]
    assert client.get(reverse("registry:household", args=[IN_RSK])).status_code == 200
    assert client.get(reverse("registry:household", args=[IN_REGION_01])).status_code == 404
    assert client.get(reverse("registry:households"), {"q": "BK712345"}).context["page"].paginator.count == 0
    assert client_for("province_agadir").get(reverse("registry:household", args=[IN_RSK])).status_code == 404


def test_the_registry_pages_are_404_without_a_registry_grant(registry, client_for) -> None:  # type: ignore[no-untyped-def]
    for name in NO_REGISTRY_ACCESS:
        client = client_for(name)
        assert client.get(reverse("registry:households"), {"q": "RSU"}).status_code == 404, name
        assert client.get(reverse("registry:household", args=[IN_RSK])).status_code == 404, name
    assert client_for(None).get(reverse("registry:household", args=[IN_RSK])).status_code == 302


def test_the_result_pages_keep_the_search(registry, client_for) -> None:  # type: ignore[no-untyped-def]
    page = client_for("national").get(reverse("registry:households"), {"q": "RSU03", "page": "1"})
    assert page.context["query"] == "q=RSU03" and 'value="RSU03"' in page.content.decode()
