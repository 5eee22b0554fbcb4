"""The rehabilitation works: phases in order with dates, photos cleaned of their metadata, the money registry,
late phases, provinces without an operational center, and who may see what (pages and API)."""

from __future__ import annotations

import datetime
import io
import uuid
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.http import Http404
from django.urls import reverse
from django.utils import timezone
from PIL import Image

from jisr.centers.models import Center, ServiceType
from jisr.centers.works import money, photos, selectors, services
from jisr.centers.works.models import CenterWorks, Phase, WorksPhoto
from jisr.core.models import AuditLog

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate()
DAY = datetime.timedelta(days=1)


@pytest.fixture
def photo_dir(settings, tmp_path):  # type: ignore[no-untyped-def]
    settings.JISR_WORKS_PHOTOS_DIR = tmp_path / "works-photos"
    settings.JISR_WORKS_PHOTO_MAX_MB = 1
    return settings.JISR_WORKS_PHOTOS_DIR


def _plan(start: datetime.date) -> dict[str, tuple[datetime.date, datetime.date]]:
    """Seven phases of 30 days each from `start`."""
    plan = {}
    for number, phase in enumerate(Phase):
        begin = start + number * 30 * DAY
        plan[phase.value] = (begin, begin + 29 * DAY)
    return plan


def _enrol(user, center: Center, *, start: datetime.date | None = None, budget: str = "900000.00") -> CenterWorks:  # type: ignore[no-untyped-def]
    start = start or TODAY - 400 * DAY
    return services.works_enrol(acting_user=user, center=center, budget_mad=budget, plan=_plan(start),
                                identified_on=start, contractor="Société des travaux")  # fmt: skip


# --- phases -------------------------------------------------------------------------------------------------


def test_enrol_makes_seven_phases_and_syncs_the_center(personas) -> None:  # type: ignore[no-untyped-def]
    works = _enrol(personas.national, personas.center_a)
    assert works.phases.count() == 7
    center = Center.objects.get(pk=personas.center_a.pk)
    assert center.rehabilitation_status == Center.Rehabilitation.PLANNED
    assert center.rehabilitation_budget_mad == Decimal("900000.00")
    assert AuditLog.objects.filter(object_type="centers.centerworks", object_id=str(works.pk), action="create").exists()
    with pytest.raises(ValidationError):
        _enrol(personas.national, personas.center_a)


def test_phases_move_in_order_with_dates(personas, in_english) -> None:  # type: ignore[no-untyped-def]
    works = _enrol(personas.national, personas.center_a)
    works = services.works_advance(acting_user=personas.national, works=works, on_date=TODAY - 300 * DAY)
    assert works.phase == Phase.STUDY
    with pytest.raises(ValidationError, match="future"):
        services.works_advance(acting_user=personas.national, works=works, on_date=TODAY + DAY)
    with pytest.raises(ValidationError, match="before the start"):
        services.works_advance(acting_user=personas.national, works=works, on_date=TODAY - 350 * DAY)
    for _step in range(5):
        works = services.works_advance(acting_user=personas.national, works=works, on_date=TODAY - 10 * DAY)
    assert works.phase == Phase.OPERATIONAL
    assert works.progress_percent == 100
    center = Center.objects.get(pk=personas.center_a.pk)
    assert center.rehabilitation_status == Center.Rehabilitation.OPERATIONAL and center.is_jisr
    with pytest.raises(ValidationError):
        services.works_advance(acting_user=personas.national, works=works)
    study = works.phases.get(phase=Phase.STUDY)
    assert study.actual_start == TODAY - 300 * DAY and study.actual_end == TODAY - 10 * DAY


def test_step_back_needs_confirmation_and_reason(personas) -> None:  # type: ignore[no-untyped-def]
    works = _enrol(personas.national, personas.center_a)
    works = services.works_advance(acting_user=personas.national, works=works, on_date=TODAY - 5 * DAY)
    with pytest.raises(ValidationError):
        services.works_step_back(acting_user=personas.national, works=works, reason="", confirm=True)
    with pytest.raises(ValidationError):
        services.works_step_back(acting_user=personas.national, works=works, reason="wrong center", confirm=False)
    works = services.works_step_back(acting_user=personas.national, works=works, reason="wrong center", confirm=True)
    assert works.phase == Phase.IDENTIFIED
    assert works.phases.get(phase=Phase.IDENTIFIED).actual_end is None
    assert works.phases.get(phase=Phase.STUDY).actual_start is None


def test_plan_dates_are_checked(personas, in_english) -> None:  # type: ignore[no-untyped-def]
    works = _enrol(personas.national, personas.center_a)
    with pytest.raises(ValidationError, match="before the planned start"):
        services.works_plan(acting_user=personas.national, works=works,
                            plan={"study": (TODAY, TODAY - DAY)})  # fmt: skip
    with pytest.raises(ValidationError, match="follow one another"):
        services.works_plan(acting_user=personas.national, works=works,
                            plan={"tender": (TODAY - 1000 * DAY, TODAY)})  # fmt: skip


def test_update_validates_progress_and_budget(personas) -> None:  # type: ignore[no-untyped-def]
    works = _enrol(personas.national, personas.center_a)
    with pytest.raises(ValidationError):
        services.works_update(acting_user=personas.national, works=works, progress_percent=120)
    with pytest.raises(ValidationError):
        services.works_update(acting_user=personas.national, works=works, budget_mad="-1")
    works = services.works_update(acting_user=personas.national, works=works, budget_mad="1000000.10",
                                  progress_percent=40)  # fmt: skip
    assert Center.objects.get(pk=personas.center_a.pk).rehabilitation_budget_mad == Decimal("1000000.10")


def test_the_center_form_cannot_change_what_the_works_record_holds(personas) -> None:  # type: ignore[no-untyped-def]
    from jisr.centers.services import center_update

    _enrol(personas.national, personas.center_a)
    center = Center.objects.get(pk=personas.center_a.pk)
    with pytest.raises(ValidationError):
        center_update(acting_user=personas.national, center=center, rehabilitation_status="works")
    center_update(acting_user=personas.national, center=center, rehabilitation_status="planned")  # unchanged: fine


def test_remove_needs_confirmation(personas) -> None:  # type: ignore[no-untyped-def]
    works = _enrol(personas.national, personas.center_a)
    with pytest.raises(ValidationError):
        services.works_remove(acting_user=personas.national, works=works, reason="merged", confirm=False)
    services.works_remove(acting_user=personas.national, works=works, reason="merged", confirm=True)
    assert not CenterWorks.objects.filter(pk=works.pk).exists()
    assert Center.objects.get(pk=personas.center_a.pk).rehabilitation_status == Center.Rehabilitation.NONE


def test_writes_outside_scope_are_404(personas) -> None:  # type: ignore[no-untyped-def]
    works = _enrol(personas.national, personas.center_a)
    for user in (personas.region_rsk, personas.manager_a, personas.partner, personas.outsider):
        with pytest.raises(Http404):
            services.works_advance(acting_user=user, works=works)
    with pytest.raises(Http404):
        services.works_enrol(acting_user=personas.region_rsk, center=personas.center_a, budget_mad="1")


# --- photos -------------------------------------------------------------------------------------------------


def _jpeg_with_gps(size: tuple[int, int] = (64, 48)) -> bytes:
    image = Image.new("RGB", size, (200, 120, 40))
    exif = Image.Exif()
    exif[0x010F] = "CameraMaker"  # Make
    gps = {1: "N", 2: (34.0, 1.0, 2.0), 3: "W", 4: (6.0, 50.0, 3.0)}
    exif[0x8825] = gps  # GPSInfo
    out = io.BytesIO()
    image.save(out, format="JPEG", exif=exif.tobytes())
    return out.getvalue()


def test_photo_is_stored_without_exif_or_gps(personas, photo_dir) -> None:  # type: ignore[no-untyped-def]
    raw = _jpeg_with_gps()
    assert Image.open(io.BytesIO(raw)).getexif().get_ifd(0x8825)  # the fixture does carry a position
    works = _enrol(personas.national, personas.center_a)
    upload = SimpleUploadedFile("site.jpg", raw, "image/jpeg")
    photo = services.works_photo_add(acting_user=personas.national, works=works, upload=upload, caption="Façade")
    stored = selectors.photo_bytes(photo)
    cleaned = Image.open(io.BytesIO(stored))
    assert not cleaned.getexif()
    assert b"Exif" not in stored and b"CameraMaker" not in stored
    assert (photo.width, photo.height) == (64, 48)
    assert photo_dir.exists()
    assert stored not in photos.FILES.path_of(photo.stored_name).read_bytes()  # encrypted on disk


def test_photo_type_and_size_refused_with_a_clear_message(personas, photo_dir, in_english) -> None:  # type: ignore[no-untyped-def]
    works = _enrol(personas.national, personas.center_a)
    pdf = SimpleUploadedFile(
        "plan.pdf", b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF", "application/pdf"
    )
    with pytest.raises(ValidationError, match="Only photos are accepted"):
        services.works_photo_add(acting_user=personas.national, works=works, upload=pdf)
    html = SimpleUploadedFile("x.jpg", b"<html><script>alert(1)</script></html>", "image/jpeg")
    with pytest.raises(ValidationError):
        services.works_photo_add(acting_user=personas.national, works=works, upload=html)
    big = SimpleUploadedFile("big.jpg", b"\xff\xd8\xff" + b"0" * (2 * 1024 * 1024), "image/jpeg")
    with pytest.raises(ValidationError, match="larger than 1 MB"):
        services.works_photo_add(acting_user=personas.national, works=works, upload=big)
    truncated = SimpleUploadedFile("cut.jpg", _jpeg_with_gps()[:200], "image/jpeg")
    with pytest.raises(ValidationError, match="cannot be read"):
        services.works_photo_add(acting_user=personas.national, works=works, upload=truncated)
    assert not WorksPhoto.objects.exists()
    assert not list(photos.FILES.stored_files())


def test_photo_delete_needs_confirmation_and_scope(personas, photo_dir, client_for) -> None:  # type: ignore[no-untyped-def]
    works = _enrol(personas.national, personas.center_a)
    photo = services.works_photo_add(acting_user=personas.national, works=works,
                                     upload=SimpleUploadedFile("a.jpg", _jpeg_with_gps(), "image/jpeg"))  # fmt: skip
    url = reverse("rehabilitation:photo", args=[photo.pk])
    assert client_for("manager_a").get(url).status_code == 200
    for name in ("region_rsk", "partner", "outsider", "worker_b"):
        assert client_for(name).get(url).status_code == 404
    with pytest.raises(ValidationError):
        services.works_photo_remove(acting_user=personas.national, photo=photo, confirm=False)
    services.works_photo_remove(acting_user=personas.national, photo=photo, confirm=True)
    assert not WorksPhoto.objects.exists()


def test_photo_upload_page(personas, photo_dir, client_for) -> None:  # type: ignore[no-untyped-def]
    works = _enrol(personas.national, personas.center_a)
    url = reverse("rehabilitation:photo_add", args=[works.pk])
    upload = SimpleUploadedFile("s.jpg", _jpeg_with_gps(), "image/jpeg")
    response = client_for("national").post(url, {"photo": upload, "caption": "Chantier"})
    assert response.status_code == 302
    assert WorksPhoto.objects.filter(works=works, caption="Chantier").exists()
    upload = SimpleUploadedFile("s.jpg", _jpeg_with_gps(), "image/jpeg")
    assert client_for("manager_a").post(url, {"photo": upload}).status_code == 404  # reads only
    assert WorksPhoto.objects.count() == 1


# --- money registry -----------------------------------------------------------------------------------------


def test_money_registry_sums_sources(personas, client_for) -> None:  # type: ignore[no-untyped-def]
    works = _enrol(personas.national, personas.center_a, budget="1000000.00")
    _enrol(personas.national, personas.center_b, budget="500000.00")
    before = selectors.programme_overview(personas.national)
    # The partnerships' ledger is registered (nothing recorded for these centers yet).
    assert before.has_money_source and before.money == money.CenterMoney() and before.spent_rate == Decimal("0.0")

    def ledger(center_ids):  # type: ignore[no-untyped-def]
        return {works.center_id: money.CenterMoney(budget=Decimal("1000000.00"), committed=Decimal("800000.00"),
                                                   disbursed=Decimal("400000.00"), spent=Decimal("250000.10")),
                uuid.uuid4(): money.CenterMoney(spent=Decimal("999"))}  # fmt: skip

    def second(center_ids):  # type: ignore[no-untyped-def]
        return {works.center_id: money.CenterMoney(spent=Decimal("0.20"))}

    money.register_money_source("test-ledger", ledger)
    money.register_money_source("test-second", second)
    try:
        overview = selectors.programme_overview(personas.national)
        assert overview.has_money_source
        assert overview.money.spent == Decimal("250000.30")  # the unknown center is ignored, exact decimals
        assert overview.money.committed == Decimal("800000.00")
        assert overview.budget == Decimal("1500000.00")
        assert overview.spent_rate == Decimal("16.7")
    finally:
        money.unregister_money_source("test-ledger")
        money.unregister_money_source("test-second")
    assert selectors.programme_overview(personas.national).money == money.CenterMoney()
    with pytest.raises(TypeError):
        money.CenterMoney(spent=1.5)  # type: ignore[arg-type]


# --- the programme: late phases, provinces without a center -------------------------------------------------


def test_late_phases_are_detected(personas) -> None:  # type: ignore[no-untyped-def]
    late = _enrol(personas.national, personas.center_a, start=TODAY - 400 * DAY)  # every phase planned in the past
    on_time = _enrol(personas.national, personas.center_b, start=TODAY)
    overview = selectors.programme_overview(personas.national)
    assert [item.works_id for item in overview.late] == [late.pk]
    assert overview.late[0].phase_label == str(Phase.IDENTIFIED.label)
    assert overview.late_count == 1
    assert {
        works.pk for works in selectors.works_in_scope(personas.national, selectors.ProgramFilters(late_only=True))
    } == {late.pk}
    assert on_time.pk not in {
        works.pk for works in selectors.works_in_scope(personas.national, selectors.ProgramFilters(late_only=True))
    }


def test_provinces_without_an_operational_center(personas) -> None:  # type: ignore[no-untyped-def]
    from tests.personas import AGADIR_PROVINCE, OUJDA_PROVINCE

    works = _enrol(personas.national, personas.center_a, start=TODAY - 400 * DAY)
    without, total = selectors.provinces_without_operational_center(personas.national)
    codes = {province.code for province in without}
    assert total == 75 and AGADIR_PROVINCE in codes and OUJDA_PROVINCE in codes
    for _step in range(6):
        works = services.works_advance(acting_user=personas.national, works=works, on_date=TODAY - DAY)
    without, _total = selectors.provinces_without_operational_center(personas.national)
    assert AGADIR_PROVINCE not in {province.code for province in without}
    regional, regional_total = selectors.provinces_without_operational_center(personas.region_rsk)
    assert regional_total == 7 and all(province.region_id == "04" for province in regional)


# --- who sees what -------------------------------------------------------------------------------------------


@pytest.mark.parametrize("name", ["national", "analyst", "region_rsk", "manager_a", "province_agadir"])
def test_programme_page_for_those_who_may(name, personas, client_for) -> None:  # type: ignore[no-untyped-def]
    _enrol(personas.national, personas.center_a)
    _enrol(personas.national, personas.center_rabat)
    response = client_for(name).get(reverse("rehabilitation:programme"))
    assert response.status_code == 200


@pytest.mark.parametrize("name", ["partner", "outsider", "citizen", "worker_a", None])
def test_programme_page_hidden_from_the_others(name, personas, client_for) -> None:  # type: ignore[no-untyped-def]
    response = client_for(name).get(reverse("rehabilitation:programme"))
    assert response.status_code in ({404} if name else {302})


def test_each_sees_their_own_scope(personas, client_for) -> None:  # type: ignore[no-untyped-def]
    agadir = _enrol(personas.national, personas.center_a)
    rabat = _enrol(personas.national, personas.center_rabat)
    assert {w.pk for w in selectors.works_in_scope(personas.national)} == {agadir.pk, rabat.pk}
    assert {w.pk for w in selectors.works_in_scope(personas.region_rsk)} == {rabat.pk}
    assert {w.pk for w in selectors.works_in_scope(personas.manager_a)} == {agadir.pk}
    assert not selectors.works_in_scope(personas.partner).exists()
    page = reverse("rehabilitation:works", args=[agadir.pk])
    assert client_for("manager_a").get(page).status_code == 200
    assert b"rehabilitation/%s/advance" % str(agadir.pk).encode() not in client_for("manager_a").get(page).content
    for name in ("region_rsk", "partner", "outsider", "worker_b"):  # another region's coordinator, a partner
        assert client_for(name).get(page).status_code == 404
        assert client_for(name).post(reverse("rehabilitation:advance", args=[agadir.pk])).status_code == 404


def test_center_page_links_to_the_works_for_those_who_may(personas, client_for) -> None:  # type: ignore[no-untyped-def]
    works = _enrol(personas.national, personas.center_a)
    link = reverse("rehabilitation:works", args=[works.pk]).encode()
    center_page = reverse("centers:detail", args=[personas.center_a.pk])
    assert link in client_for("manager_a").get(center_page).content
    assert link not in client_for(None).get(center_page).content
    assert link not in client_for("partner").get(center_page).content


def test_advance_through_the_page(personas, client_for) -> None:  # type: ignore[no-untyped-def]
    works = _enrol(personas.national, personas.center_rabat)
    url = reverse("rehabilitation:advance", args=[works.pk])
    response = client_for("region_rsk").post(url, {"on_date": (TODAY - DAY).isoformat()})
    assert response.status_code == 302
    assert CenterWorks.objects.get(pk=works.pk).phase == Phase.STUDY
    response = client_for("region_rsk").post(url, {"on_date": (TODAY + 5 * DAY).isoformat()}, follow=True)
    assert CenterWorks.objects.get(pk=works.pk).phase == Phase.STUDY
    assert len(list(response.context["messages"])) == 1


def test_api_list_and_detail(personas, client_for) -> None:  # type: ignore[no-untyped-def]
    agadir = _enrol(personas.national, personas.center_a)
    rabat = _enrol(personas.national, personas.center_rabat, start=TODAY)
    services.works_set_future_services(acting_user=personas.national, works=agadir,
                                       service_types=list(ServiceType.objects.all()[:2]))  # fmt: skip
    base = "/api/v1/partnerships/rehabilitation"
    body = client_for("national").get(base).json()
    assert body["count"] == 2
    assert client_for("national").get(base, {"late": "true"}).json()["count"] == 1
    assert client_for("national").get(base, {"region": "04"}).json()["results"][0]["id"] == str(rabat.pk)
    assert client_for("national").get(base, {"phase": "study"}).json()["count"] == 0
    assert client_for("region_rsk").get(base).json()["count"] == 1
    detail = client_for("manager_a").get(f"{base}/{agadir.pk}").json()
    assert len(detail["phases"]) == 7 and len(detail["future_services"]) == 2
    assert Decimal(detail["budget_mad"]) == Decimal("900000.00")
    for name in ("region_rsk", "partner", "outsider"):
        assert client_for(name).get(f"{base}/{agadir.pk}").status_code == 404
    for name in ("partner", "outsider"):
        assert client_for(name).get(base).status_code == 404


def test_api_is_in_the_openapi(client_for) -> None:  # type: ignore[no-untyped-def]
    schema = client_for(None).get("/api/v1/openapi.json").json()
    assert "/api/v1/partnerships/rehabilitation" in schema["paths"]
    assert "/api/v1/partnerships/rehabilitation/{works_id}" in schema["paths"]


def test_a_centers_import_keeps_what_the_works_record_holds(personas) -> None:  # type: ignore[no-untyped-def]
    from jisr.centers.importexport.service import center_import_apply, center_import_upload
    from tests.personas import AGADIR_COMMUNE

    _enrol(personas.national, personas.center_a, budget="900000.00")
    header = "code,name_ar,name_fr,organization,kind,commune_code,rehabilitation_status,rehabilitation_budget_mad"
    content = f"{header}\ntest-agadir,مركز أكادير,Centre Agadir,EN,multifunction,{AGADIR_COMMUNE},works,5\n"
    center_import = center_import_upload(acting_user=personas.national, file_name="c.csv", content=content.encode())
    center_import_apply(acting_user=personas.national, center_import=center_import)
    center = Center.objects.get(pk=personas.center_a.pk)
    assert center.name_fr == "Centre Agadir"  # the rest of the row is imported
    assert (center.rehabilitation_status, center.rehabilitation_budget_mad) == ("planned", Decimal("900000.00"))


def test_the_programme_page_queries_do_not_grow(personas, client_for, django_assert_max_num_queries) -> None:  # type: ignore[no-untyped-def]
    """The queries do not grow with the centers: each figure is one grouped query (DESIGN.md convention 9)."""
    client = client_for("national")
    _enrol(personas.national, personas.center_a)
    client.get(reverse("rehabilitation:programme"))
    with django_assert_max_num_queries(20) as few:
        client.get(reverse("rehabilitation:programme"))
    for center in (personas.center_b, personas.center_rabat):
        _enrol(personas.national, center)
    with django_assert_max_num_queries(len(few.captured_queries)):
        client.get(reverse("rehabilitation:programme"))


def test_orphan_photo_files_are_purged(personas, photo_dir) -> None:  # type: ignore[no-untyped-def]
    import os

    from jisr.core import file_retention

    assert "centers_works_photos" in file_retention._purgers
    works = _enrol(personas.national, personas.center_a)
    kept = services.works_photo_add(acting_user=personas.national, works=works,
                                    upload=SimpleUploadedFile("a.jpg", _jpeg_with_gps(), "image/jpeg"))  # fmt: skip
    orphan, _key = photos.store(b"left by a failed transaction")
    old = (timezone.now() - datetime.timedelta(days=2)).timestamp()
    for name in (orphan, kept.stored_name):
        os.utime(photos.FILES.path_of(name), (old, old))
    deleted = photos.orphan_photos_purge(cutoff=timezone.now() - DAY, now=timezone.now(), days=1,
                                         acting_user=None)  # fmt: skip
    assert deleted == 1
    assert not photos.FILES.path_of(orphan).exists() and photos.FILES.path_of(kept.stored_name).exists()


def test_the_menu_leads_to_the_programme_only_those_who_may_see_it(personas, client_for) -> None:  # type: ignore[no-untyped-def]
    link = f'href="{reverse("rehabilitation:programme")}"'
    for name in ("national", "region_rsk", "manager_a"):
        assert link in client_for(name).get(reverse("core:home")).content.decode(), name
    for name in ("worker_a", "partner"):
        assert link not in client_for(name).get(reverse("core:home")).content.decode(), name
