"""The centers pages: public directory and center page; edit/create/close only within scope (404 otherwise)."""

from __future__ import annotations

import pytest
from django.urls import reverse

from jisr.centers.models import Center, CenterService, OpeningHours, ServiceType
from jisr.core.models import AuditLog
from tests.personas import AGADIR_COMMUNE, OUJDA_COMMUNE, make_center

pytestmark = pytest.mark.django_db


def test_anonymous_can_browse_the_directory(client, personas) -> None:  # type: ignore[no-untyped-def]
    response = client.get(reverse("centers:directory"))
    assert response.status_code == 200
    body = response.content.decode()
    assert personas.center_a.name_ar in body
    assert reverse("centers:edit", args=[personas.center_a.pk]) not in body
    assert reverse("centers:export", args=["csv"]) not in body


def test_directory_filters_are_kept_and_empty_state_shown(client, personas) -> None:  # type: ignore[no-untyped-def]
    response = client.get(reverse("centers:directory"), {"q": "no-such-center-xyz"})
    body = response.content.decode()
    assert 'value="no-such-center-xyz"' in body
    assert response.context["page"].paginator.count == 0
    assert 'role="status"' in body


def test_htmx_request_gets_only_the_results(client, personas) -> None:  # type: ignore[no-untyped-def]
    response = client.get(
        reverse("centers:directory"), {"q": "test-oujda"}, HTTP_HX_REQUEST="true", HTTP_HX_TARGET="directory-results"
    )
    body = response.content.decode()
    assert "<html" not in body
    assert personas.center_b.name_ar in body
    assert personas.center_a.name_ar not in body


def test_directory_paginates_by_25(client, personas) -> None:  # type: ignore[no-untyped-def]
    for number in range(30):
        make_center(code=f"bulk-{number:02d}", commune_code=AGADIR_COMMUNE, organization=personas.entraide)
    response = client.get(reverse("centers:directory"), {"province": "09.001", "region": "09", "page": 2})
    page = response.context["page"]
    assert page.paginator.count == 31
    assert len(page.object_list) == 6
    assert "province=09.001" in response.context["query"]


def test_province_options_follow_the_region(client, personas) -> None:  # type: ignore[no-untyped-def]
    body = client.get(reverse("centers:province_options"), {"region": "09"}).content.decode()
    assert 'value="09.001"' in body
    assert 'value="02.411"' not in body


def test_directory_query_count_is_pinned(client_for, personas, django_assert_max_num_queries) -> None:  # type: ignore[no-untyped-def]
    reception = ServiceType.objects.get(code="reception")
    for number in range(25):
        center = make_center(code=f"q-{number:02d}", commune_code=AGADIR_COMMUNE, organization=personas.entraide)
        CenterService.objects.create(center=center, service_type=reception)
    client = client_for("province_agadir")
    client.get(reverse("centers:directory"))  # warm the session
    with django_assert_max_num_queries(14):
        response = client.get(reverse("centers:directory"), {"region": "09", "service": "reception"})
    assert response.status_code == 200
    assert len(response.context["editable_ids"]) == 25


def test_center_page_is_public_and_complete(client, personas) -> None:  # type: ignore[no-untyped-def]
    Center.objects.filter(pk=personas.center_a.pk).update(
        latitude="30.420000", longitude="-9.598000", rehabilitation_status="works", rehabilitation_budget_mad=1500000
    )
    CenterService.objects.create(
        center=personas.center_a, service_type=ServiceType.objects.get(code="listening"), languages=["ar", "zgh"]
    )
    OpeningHours.objects.create(center=personas.center_a, weekday=1, opens_at="08:30", closes_at="16:30")
    response = client.get(reverse("centers:detail", args=[personas.center_a.pk]), HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 200
    body = response.content.decode()
    assert "Monday" in body
    assert "Amazigh" in body
    assert '<bdi dir="ltr">1,500,000.00</bdi> MAD' in body
    assert 'data-lat="30.420000"' in body
    assert reverse("centers:edit", args=[personas.center_a.pk]) not in body


def test_center_page_without_position_or_details(client, personas) -> None:  # type: ignore[no-untyped-def]
    response = client.get(reverse("centers:detail", args=[personas.center_b.pk]), HTTP_ACCEPT_LANGUAGE="en")
    body = response.content.decode()
    assert "The position of this center is not recorded." in body
    assert "leaflet.js" not in body


def test_unknown_center_page_is_404(client) -> None:  # type: ignore[no-untyped-def]
    assert client.get(reverse("centers:detail", args=["00000000-0000-0000-0000-000000000000"])).status_code == 404


def test_anonymous_is_sent_to_login_for_edit_and_create(client, personas) -> None:  # type: ignore[no-untyped-def]
    for url in (reverse("centers:edit", args=[personas.center_a.pk]), reverse("centers:create")):
        response = client.get(url)
        assert response.status_code == 302
        assert reverse("accounts:login") in response["Location"]


@pytest.mark.parametrize("name", ["worker_b", "worker_a", "analyst", "outsider", "partner", "region_rsk"])
def test_edit_is_404_outside_scope(client_for, personas, name) -> None:  # type: ignore[no-untyped-def]
    client = client_for(name)
    assert client.get(reverse("centers:edit", args=[personas.center_a.pk])).status_code == 404
    assert client.post(reverse("centers:edit", args=[personas.center_a.pk]), {}).status_code == 404
    assert client.get(reverse("centers:close", args=[personas.center_a.pk])).status_code == 404


def _edit_payload(center: Center, **overrides: object) -> dict[str, object]:
    services = list(ServiceType.objects.order_by("code"))
    data: dict[str, object] = {
        "code": center.code,
        "name_ar": center.name_ar,
        "name_fr": center.name_fr,
        "name_en": center.name_en,
        "organization": str(center.organization_id),
        "kind": center.kind,
        "is_jisr": "on",
        "commune_code": center.commune_id,
        "rehabilitation_status": "none",
        "services-TOTAL_FORMS": len(services),
        "services-INITIAL_FORMS": len(services),
        "hours-TOTAL_FORMS": 1,
        "hours-INITIAL_FORMS": 0,
        "hours-0-weekday": "1",
        "hours-0-opens_at": "09:00",
        "hours-0-closes_at": "17:00",
    }
    for index, service_type in enumerate(services):
        data[f"services-{index}-service_type"] = str(service_type.pk)
        if service_type.code == "listening":
            data[f"services-{index}-offered"] = "on"
            data[f"services-{index}-eligibility"] = "Women and youth"
            data[f"services-{index}-languages"] = ["ar", "fr"]
    data.update(overrides)
    return data


def test_manager_edits_center_services_and_hours(client_for, personas) -> None:  # type: ignore[no-untyped-def]
    client = client_for("manager_a")
    url = reverse("centers:edit", args=[personas.center_a.pk])
    assert client.get(url).status_code == 200
    response = client.post(url, _edit_payload(personas.center_a, capacity="150"))
    assert response.status_code == 302, response.context["form"].errors
    center = Center.objects.get(pk=personas.center_a.pk)
    assert center.capacity == 150
    service = CenterService.objects.get(center=center)
    assert (service.service_type.code, service.languages) == ("listening", ["ar", "fr"])
    assert OpeningHours.objects.filter(center=center).count() == 1
    assert AuditLog.objects.filter(action="update", object_id=str(center.pk)).count() == 3


def test_edit_errors_are_shown_next_to_fields_and_nothing_is_saved(client_for, personas) -> None:  # type: ignore[no-untyped-def]
    client = client_for("manager_a")
    url = reverse("centers:edit", args=[personas.center_a.pk])
    payload = _edit_payload(personas.center_a, capacity="150", latitude="99", **{"hours-0-closes_at": "08:00"})
    response = client.post(url, payload, HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 200
    assert "latitude" in response.context["form"].errors or response.context["hours_formset"].total_error_count()
    assert "The closing time must be after the opening time." in response.content.decode()
    assert Center.objects.get(pk=personas.center_a.pk).capacity is None
    assert not OpeningHours.objects.exists()


def test_model_validation_error_rolls_back_all_parts(client_for, personas) -> None:  # type: ignore[no-untyped-def]
    client = client_for("manager_a")
    url = reverse("centers:edit", args=[personas.center_a.pk])
    response = client.post(
        url, _edit_payload(personas.center_a, capacity="150", latitude="99"), HTTP_ACCEPT_LANGUAGE="en"
    )
    assert response.status_code == 200
    assert "latitude" in response.context["form"].errors
    assert Center.objects.get(pk=personas.center_a.pk).capacity is None
    assert not CenterService.objects.exists()


def _create_payload(personas, commune_code: str) -> dict[str, object]:  # type: ignore[no-untyped-def]
    return {
        "code": "created-by-page",
        "name_ar": "مركز الصفحة",
        "name_fr": "Centre de la page",
        "organization": str(personas.entraide.pk),
        "kind": Center.Kind.SOCIAL_SUPPORT,
        "commune_code": commune_code,
        "rehabilitation_status": "none",
    }


def test_province_coordinator_creates_in_agadir(client_for, personas) -> None:  # type: ignore[no-untyped-def]
    client = client_for("province_agadir")
    assert client.get(reverse("centers:create")).status_code == 200
    response = client.post(reverse("centers:create"), _create_payload(personas, AGADIR_COMMUNE))
    center = Center.objects.get(code="created-by-page")
    assert response["Location"] == reverse("centers:edit", args=[center.pk])


def test_province_coordinator_gets_404_for_a_commune_in_oujda(client_for, personas) -> None:  # type: ignore[no-untyped-def]
    response = client_for("province_agadir").post(reverse("centers:create"), _create_payload(personas, OUJDA_COMMUNE))
    assert response.status_code == 404
    assert not Center.objects.filter(code="created-by-page").exists()


def test_unknown_commune_is_a_field_error(client_for, personas) -> None:  # type: ignore[no-untyped-def]
    response = client_for("national").post(
        reverse("centers:create"), _create_payload(personas, "99.999"), HTTP_ACCEPT_LANGUAGE="en"
    )
    assert response.status_code == 200
    assert response.context["form"].errors["commune_code"] == ["No commune has this code."]


@pytest.mark.parametrize("name", ["manager_a", "worker_a", "analyst", "outsider"])
def test_create_page_is_404_without_add_permission(client_for, name) -> None:  # type: ignore[no-untyped-def]
    assert client_for(name).get(reverse("centers:create")).status_code == 404


def test_close_needs_confirmation_then_hides_the_center(client_for, client, personas) -> None:  # type: ignore[no-untyped-def]
    manager = client_for("manager_a")
    url = reverse("centers:close", args=[personas.center_a.pk])
    assert manager.post(url, {}).status_code == 200
    assert Center.objects.get(pk=personas.center_a.pk).status == Center.Status.ACTIVE
    assert manager.post(url, {"confirm": "on"}).status_code == 302
    assert Center.objects.get(pk=personas.center_a.pk).status == Center.Status.INACTIVE
    assert personas.center_a.name_ar not in client.get(reverse("centers:directory")).content.decode()


def test_delete_is_404_without_delete_permission(client_for, personas) -> None:  # type: ignore[no-untyped-def]
    url = reverse("centers:delete", args=[personas.center_rabat.pk])
    assert client_for("region_rsk").get(url).status_code == 404
    assert client_for("national").post(url, {"confirm": "on"}).status_code == 302
    assert not Center.objects.filter(code="test-rabat").exists()
