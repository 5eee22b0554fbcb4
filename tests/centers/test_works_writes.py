"""Enrolling a center (page and API), the API's writes on the works, and the works page's money and project
links: each through the services, and 404 for those who may not (another region's coordinator, a partner)."""

from __future__ import annotations

import datetime
import uuid
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from jisr.centers.models import ServiceType
from jisr.centers.works import money, services
from jisr.centers.works.models import CenterWorks, Phase
from jisr.core.models import AuditLog

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate()
DAY = datetime.timedelta(days=1)
BASE = "/api/v1/partnerships/rehabilitation"


def _enrol(personas, center):  # type: ignore[no-untyped-def]
    return services.works_enrol(acting_user=personas.national, center=center, budget_mad="500000.00",
                                identified_on=TODAY - 30 * DAY)  # fmt: skip


def test_enrol_page_puts_a_center_in_the_programme(personas, client_for) -> None:  # type: ignore[no-untyped-def]
    client = client_for("national")
    url = reverse("rehabilitation:enrol")
    page = client.get(url, {"center": str(personas.center_a.pk)})
    assert page.status_code == 200 and str(personas.center_a.pk).encode() in page.content
    response = client.post(url, {"center": str(personas.center_a.pk), "budget_mad": "750000.50",
                                 "contractor": "Atlas BTP", "identified_on": ""})  # fmt: skip
    works = CenterWorks.objects.get(center=personas.center_a)
    assert response.status_code == 302 and response["Location"] == reverse("rehabilitation:works", args=[works.pk])
    assert works.budget_mad == Decimal("750000.50") and works.phase == Phase.IDENTIFIED
    # enrolled once: the center is no longer offered, and a second post changes nothing
    assert str(personas.center_a.pk).encode() not in client.get(url).content
    client.post(url, {"center": str(personas.center_a.pk), "budget_mad": "1"})
    assert CenterWorks.objects.filter(center=personas.center_a).count() == 1


def test_enrol_page_refuses_bad_input_without_writing(personas, client_for) -> None:  # type: ignore[no-untyped-def]
    response = client_for("national").post(reverse("rehabilitation:enrol"),
                                           {"center": str(personas.center_a.pk), "budget_mad": "-5",
                                            "identified_on": (TODAY + DAY).isoformat()})  # fmt: skip
    assert response.status_code == 200 and list(response.context["messages"])
    assert not CenterWorks.objects.exists()


@pytest.mark.parametrize("name", ["region_rsk", "partner", "manager_a", "analyst", "outsider"])
def test_enrol_is_404_for_those_who_may_not(name, personas, client_for) -> None:  # type: ignore[no-untyped-def]
    client = client_for(name)
    assert client.get(reverse("rehabilitation:enrol")).status_code == 404
    assert client.post(BASE, {"center_id": str(personas.center_a.pk), "budget_mad": "1"},
                       content_type="application/json").status_code == 404  # fmt: skip
    assert not CenterWorks.objects.exists()


def test_links_to_the_enrol_page(personas, client_for) -> None:  # type: ignore[no-untyped-def]
    link = reverse("rehabilitation:enrol").encode()
    center_page = reverse("centers:detail", args=[personas.center_a.pk])
    assert link in client_for("national").get(reverse("rehabilitation:programme")).content
    assert link in client_for("national").get(center_page).content
    assert link not in client_for("manager_a").get(center_page).content
    assert link not in client_for("region_rsk").get(reverse("rehabilitation:programme")).content
    _enrol(personas, personas.center_a)
    assert link not in client_for("national").get(center_page).content  # in the programme: the works link instead


def test_api_enrol_and_writes(personas, client_for, in_english) -> None:  # type: ignore[no-untyped-def]
    national = client_for("national")
    created = national.post(BASE, {"center_id": str(personas.center_rabat.pk), "budget_mad": "900000.10",
                                   "identified_on": (TODAY - 40 * DAY).isoformat()},
                            content_type="application/json")  # fmt: skip
    assert created.status_code == 201, created.content
    works_id = created.json()["id"]
    again = national.post(BASE, {"center_id": str(personas.center_rabat.pk), "budget_mad": "1"},
                          content_type="application/json")  # fmt: skip
    assert again.status_code == 422 and "already" in again.content.decode()
    regional = client_for("region_rsk")  # the center's region: may change, not enrol
    patched = regional.patch(f"{BASE}/{works_id}", {"progress_percent": 30, "contractor": "Rif Construction"},
                             content_type="application/json")  # fmt: skip
    assert patched.status_code == 200 and patched.json()["progress_percent"] == 30
    bad = regional.patch(f"{BASE}/{works_id}", {"progress_percent": 130}, content_type="application/json")
    assert bad.status_code == 422 and CenterWorks.objects.get(pk=works_id).progress_percent == 30
    moved = regional.post(f"{BASE}/{works_id}/advance", {"on_date": (TODAY - DAY).isoformat()},
                          content_type="application/json")  # fmt: skip
    assert moved.status_code == 200 and moved.json()["phase"] == "study"
    unconfirmed = regional.post(f"{BASE}/{works_id}/step-back", {"reason": "wrong date"},
                                content_type="application/json")  # fmt: skip
    assert unconfirmed.status_code == 422 and CenterWorks.objects.get(pk=works_id).phase == Phase.STUDY
    back = regional.post(f"{BASE}/{works_id}/step-back", {"reason": "wrong date", "confirm": True},
                         content_type="application/json")  # fmt: skip
    assert back.status_code == 200 and back.json()["phase"] == "identified"
    codes = list(ServiceType.objects.order_by("code").values_list("code", flat=True)[:2])
    chosen = regional.put(f"{BASE}/{works_id}/future-services", {"services": codes}, content_type="application/json")
    assert chosen.status_code == 200 and chosen.json()["future_services"] == codes
    unknown = regional.put(f"{BASE}/{works_id}/future-services", {"services": ["nope"]},
                           content_type="application/json")  # fmt: skip
    assert unknown.status_code == 422
    assert AuditLog.objects.filter(object_type="centers.centerworks", object_id=works_id).count() >= 5


def test_api_writes_are_404_for_those_who_may_not(personas, client_for) -> None:  # type: ignore[no-untyped-def]
    works = _enrol(personas, personas.center_a)  # Agadir: not the RSK coordinator's region
    for name in ("region_rsk", "partner", "outsider", "analyst", "manager_a"):
        client = client_for(name)
        calls = [client.patch(f"{BASE}/{works.pk}", {"progress_percent": 50}, content_type="application/json"),
                 client.post(f"{BASE}/{works.pk}/advance", {}, content_type="application/json"),
                 client.post(f"{BASE}/{works.pk}/step-back", {"reason": "x", "confirm": True},
                             content_type="application/json"),
                 client.put(f"{BASE}/{works.pk}/future-services", {"services": []},
                            content_type="application/json")]  # fmt: skip
        assert [call.status_code for call in calls] == [404] * 4, name
    assert (
        client_for("national").patch(f"{BASE}/{uuid.uuid4()}", {}, content_type="application/json").status_code == 404
    )
    assert CenterWorks.objects.get(pk=works.pk).progress_percent == 0


def test_the_writes_are_in_the_openapi(client_for) -> None:  # type: ignore[no-untyped-def]
    paths = client_for(None).get("/api/v1/openapi.json").json()["paths"]
    assert "post" in paths[BASE] and "patch" in paths[f"{BASE}/{{works_id}}"]
    for tail in ("advance", "step-back", "future-services"):
        assert f"{BASE}/{{works_id}}/{tail}" in paths


def test_works_page_shows_money_and_project_links(personas, client_for) -> None:  # type: ignore[no-untyped-def]
    works = _enrol(personas, personas.center_a)

    def source(center_ids):  # type: ignore[no-untyped-def]
        return {works.center_id: money.CenterMoney(committed=Decimal("400000.00"), disbursed=Decimal("250000.00"),
                                                   spent=Decimal("123456.78"))}  # fmt: skip

    def links(user, center_id):  # type: ignore[no-untyped-def]
        wanted = user.username == "p-national"
        return [money.LinkedProject(label="CONV-1 · P1", url="/partnerships/x/")] if wanted else []

    money.register_money_source("test-ledger", source)
    money.register_project_links("test-ledger", links)
    try:
        page = client_for("national").get(reverse("rehabilitation:works", args=[works.pk])).content.decode()
        assert "123" in page and "CONV-1 · P1" in page
        other = client_for("manager_a").get(reverse("rehabilitation:works", args=[works.pk])).content.decode()
        assert "CONV-1 · P1" not in other and "123" in other
    finally:
        money.unregister_money_source("test-ledger")
        money.unregister_project_links("test-ledger")
