"""Case flags (issue 12, item 4): set and cleared by the staff of the case's center with a reason, audited,
kept as history on the case page and the person's timeline, shown on the list as a badge with words and
usable as a filter; in the API on the case resource. Everyone else gets 404."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from django.http import Http404
from django.urls import reverse

from jisr.cases import flags
from jisr.cases.models import CaseFlag
from jisr.core.models import AuditLog
from tests.cases.test_cases import open_case
from tests.people.helpers import register

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("in_english")]
JSON = "application/json"
# Who must not set or clear a flag: not staff of the case's center (the provincial coordinator sees the
# case but does not work it).
NOT_STAFF = ("worker_b", "province_agadir", "national", "analyst", "partner", "citizen", "outsider")


def badge(label: str) -> str:
    """A flag's badge as the list shows it: an icon hidden from screen readers, then the words."""
    return f'<i class="bi bi-flag-fill" aria-hidden="true"></i> {label}</span>'


@pytest.fixture
def case(personas):  # type: ignore[no-untyped-def]
    return open_case(personas, register(personas, first_name_ar="نعيمة", last_name_ar="البركاني", sex="F"))


@pytest.fixture
def other_case(personas):  # type: ignore[no-untyped-def]
    return open_case(personas, register(personas, first_name_ar="رشيد", last_name_ar="المودن", sex="M"))


def test_the_worker_flags_a_case_with_a_reason_and_it_shows_everywhere(personas, case, other_case, client_for) -> None:  # type: ignore[no-untyped-def]
    worker = client_for("worker_a")
    url = reverse("cases:flag_set", args=[case.pk])
    worker.post(url, {"flag-kind": "safety_risk", "flag-reason": "  "})
    assert not CaseFlag.objects.exists()  # no reason, no flag
    assert worker.post(url, {"flag-kind": "safety_risk", "flag-reason": "Menaces du conjoint"}).status_code == 302
    flag = CaseFlag.objects.get()
    assert (flag.case, flag.kind, flag.reason, flag.set_by, flag.cleared_at) == (
        case, "safety_risk", "Menaces du conjoint", personas.worker_a, None)  # fmt: skip
    entry = AuditLog.objects.get(object_type="cases.caseflag", action="create")
    assert entry.actor == personas.worker_a and entry.changes["flag"] == [None, "safety_risk"]
    assert entry.changes["reason"] == "Menaces du conjoint" and entry.object_repr == case.reference

    listed = worker.get(reverse("cases:list")).content.decode()
    assert badge("safety risk") in listed  # the badge says it in words
    only_flagged = worker.get(reverse("cases:list"), {"flag": "safety_risk"}).context["page"]
    assert [c.pk for c in only_flagged] == [case.pk]
    assert {c.pk for c in worker.get(reverse("cases:list")).context["page"]} == {case.pk, other_case.pk}
    detail = worker.get(reverse("cases:detail", args=[case.pk])).content.decode()
    assert "Flag set: safety risk" in detail and "Menaces du conjoint" in detail

    timeline = worker.get(reverse("people:timeline", args=[case.person_id]))
    flagged = [e for e in timeline.context["entries"] if e.kind == "case.flag_set"]
    assert len(flagged) == 1 and "safety risk" in flagged[0].title
    assert "Menaces du conjoint" not in timeline.content.decode()  # the reason stays on the case page


def test_one_active_flag_of_a_kind_then_cleared_with_a_reason_and_kept(personas, case, client_for) -> None:  # type: ignore[no-untyped-def]
    flags.case_flag_set(acting_user=personas.worker_a, case=case, kind="protection", reason="Enfant exposé")
    with pytest.raises(ValidationError) as twice:
        flags.case_flag_set(acting_user=personas.manager_a, case=case, kind="protection", reason="encore")
    assert "kind" in twice.value.message_dict
    with pytest.raises(ValidationError):
        flags.case_flag_set(acting_user=personas.worker_a, case=case, kind="secret", reason="x")
    manager = client_for("manager_a")
    url = reverse("cases:flag_clear", args=[case.pk])
    manager.post(url, {"unflag-kind": "protection", "unflag-reason": ""})
    assert CaseFlag.objects.get().cleared_at is None  # no reason, not cleared
    manager.post(url, {"unflag-kind": "protection", "unflag-reason": "Placement assuré"})
    flag = CaseFlag.objects.get()
    assert (flag.cleared_by, flag.clear_reason) == (personas.manager_a, "Placement assuré") and flag.cleared_at
    entry = AuditLog.objects.get(object_type="cases.caseflag", action="update")
    assert entry.actor == personas.manager_a and entry.changes["flag"] == ["protection", None]
    assert badge("protection concern") not in manager.get(reverse("cases:list")).content.decode()
    page = manager.get(reverse("cases:detail", args=[case.pk])).content.decode()
    assert "Flag cleared: protection concern" in page and "Placement assuré" in page and "Enfant exposé" in page
    kinds = [e.kind for e in manager.get(reverse("people:timeline", args=[case.person_id])).context["entries"]]
    assert "case.flag_set" in kinds and "case.flag_cleared" in kinds
    with pytest.raises(ValidationError):  # nothing left to clear
        flags.case_flag_clear(acting_user=personas.worker_a, case=case, kind="protection", reason="x")
    again = flags.case_flag_set(
        acting_user=personas.worker_a, case=case, kind="protection", reason="Nouveau signalement"
    )
    assert CaseFlag.objects.filter(case=case).count() == 2 and again.active  # history kept, a new one set


def test_only_the_staff_of_the_center_sets_and_clears(personas, case, client_for) -> None:  # type: ignore[no-untyped-def]
    flags.case_flag_set(acting_user=personas.worker_a, case=case, kind="urgent", reason="Expulsion demain")
    for name in NOT_STAFF:
        client = client_for(name)
        assert client.post(reverse("cases:flag_set", args=[case.pk]),
                           {"flag-kind": "protection", "flag-reason": "x"}).status_code == 404, name  # fmt: skip
        assert client.post(reverse("cases:flag_clear", args=[case.pk]),
                           {"unflag-kind": "urgent", "unflag-reason": "x"}).status_code == 404, name  # fmt: skip
        api = client.post(f"/api/v1/cases/{case.pk}/flags", {"kind": "protection", "reason": "x"}, content_type=JSON)
        assert api.status_code == 404, name
        cleared = client.post(f"/api/v1/cases/{case.pk}/flags/urgent/clear", {"reason": "x"}, content_type=JSON)
        assert cleared.status_code == 404, name
        user = getattr(personas, name)
        with pytest.raises(Http404):
            flags.case_flag_set(acting_user=user, case=case, kind="protection", reason="x")
        with pytest.raises(Http404):
            flags.case_flag_clear(acting_user=user, case=case, kind="urgent", reason="x")
    assert list(CaseFlag.objects.values_list("kind", "cleared_at")) == [("urgent", None)]
    for name in ("worker_b", "partner", "analyst", "citizen", "outsider"):  # nor do they read them
        assert client_for(name).get(f"/api/v1/cases/{case.pk}/flags").status_code == 404, name
    page = client_for("province_agadir").get(reverse("cases:detail", args=[case.pk])).content.decode()
    assert badge("urgent action needed") in page and reverse("cases:flag_set", args=[case.pk]) not in page


def test_the_api_shows_sets_filters_and_clears_flags(personas, case, other_case, client_for) -> None:  # type: ignore[no-untyped-def]
    api = client_for("worker_a")
    created = api.post(f"/api/v1/cases/{case.pk}/flags", {"kind": "unreachable", "reason": "Trois appels"},
                       content_type=JSON)  # fmt: skip
    assert created.status_code == 201 and created.json()["set_by"] == "p-worker-a"
    refused = api.post(f"/api/v1/cases/{case.pk}/flags", {"kind": "unreachable", "reason": ""}, content_type=JSON)
    assert refused.status_code == 422
    assert api.get(f"/api/v1/cases/{case.pk}").json()["flags"] == ["unreachable"]
    assert api.get(f"/api/v1/cases/{other_case.pk}").json()["flags"] == []
    listed = api.get("/api/v1/cases", {"flag": "unreachable"}).json()
    assert [c["id"] for c in listed["results"]] == [str(case.pk)] and listed["results"][0]["flags"] == ["unreachable"]
    cleared = api.post(f"/api/v1/cases/{case.pk}/flags/unreachable/clear", {"reason": "Joint"}, content_type=JSON)
    assert cleared.status_code == 200 and cleared.json()["cleared_by"] == "p-worker-a"
    assert api.get(f"/api/v1/cases/{case.pk}").json()["flags"] == []
    history = api.get(f"/api/v1/cases/{case.pk}/flags").json()
    assert [(f["kind"], f["reason"], f["clear_reason"]) for f in history] == [("unreachable", "Trois appels", "Joint")]


@pytest.fixture(autouse=True)
def _english_pages(settings):  # type: ignore[no-untyped-def]
    """The assertions read the flags' English names: pages in English when no language is chosen."""
    settings.LANGUAGE_CODE = "en"
