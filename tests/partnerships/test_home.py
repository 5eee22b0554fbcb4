"""The four-eyes work: an entry above the amount waits on the home's "To do" and in the menu count of those who
may validate it, never its author's, nor a coordinator of another region's, nor a partner's."""

from __future__ import annotations

from decimal import Decimal

from django.urls import reverse

from jisr.core import worklist
from jisr.core.menu_counts import MenuCounts
from jisr.partnerships import services
from tests.partnerships.conftest import DAY, World, party
from tests.personas import Personas, make_user


def test_pending_entries_for_who_may_validate(client_for, world: World, personas: Personas) -> None:  # type: ignore[no-untyped-def]
    entry = services.transaction_record(acting_user=personas.national, convention=world.rsk, kind=3,
                                        party=party(world.rsk, world.ministry),
                                        receiver=party(world.rsk, personas.entraide),
                                        amount=Decimal("2000000"), value_date=DAY)  # fmt: skip
    assert entry.status == "pending"
    url = reverse("partnerships:entry_validate", args=[entry.pk])

    def items(user) -> list[str]:  # type: ignore[no-untyped-def]
        sections = worklist.due_work(user) or []
        return [item.url for section in sections if section.name == "partnerships.four_eyes"
                for item in section.items]  # fmt: skip

    assert items(world.officer) == [url] and MenuCounts(world.officer)["partnerships"] == 1
    assert items(personas.region_rsk) == [url]
    assert items(personas.national) == [] and MenuCounts(personas.national)["partnerships"] == 0  # the author
    other_region = make_user("p-region-souss", "regional_coordinator", region_id=personas.center_a.region_code)
    for user in (other_region, personas.partner, personas.outsider):
        assert items(user) == [] and MenuCounts(user)["partnerships"] == 0
    page = client_for("region_rsk").get(reverse("partnerships:pending"))
    assert page.status_code == 200 and url in page.content.decode()
    assert url not in client_for("national").get(reverse("partnerships:pending")).content.decode()
    for name in ("partner", "outsider", "worker_a"):
        assert client_for(name).get(reverse("partnerships:pending")).status_code == 404
    home = client_for("region_rsk").get("/")
    assert url in home.content.decode()
    services.transaction_validate(acting_user=world.officer, entry=entry)
    assert items(personas.region_rsk) == [] and MenuCounts(personas.region_rsk)["partnerships"] == 0
