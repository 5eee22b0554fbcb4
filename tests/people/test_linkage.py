"""Record linkage with Splink (DuckDB): probable duplicates found, reviewed and merged by those allowed."""

from __future__ import annotations

import datetime
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.http import Http404
from django.urls import reverse
from django.utils import timezone

from jisr.people.linkage import linkage_run_execute, linkage_run_start, pair_decide, visible_pairs
from jisr.people.models import LinkagePair, LinkageRun, Person, PersonMerge
from tests.people.helpers import register

pytestmark = pytest.mark.django_db

FIRST = ["محمد", "فاطمة", "يوسف", "خديجة", "عبد الله", "زينب", "إبراهيم", "مريم", "حسن", "سعاد", "رشيد", "نادية"]
LAST = ["العلمي", "بناني", "الإدريسي", "التازي", "الفاسي", "الشرقاوي", "البقالي", "الوزاني", "السوسي", "الحسني"]


def _population(personas: Any) -> tuple[list[tuple[Person, Person]], list[Person]]:
    """Distinct persons, and three pairs that are the same person registered twice (at A, then at B)."""
    distinct = [
        register(personas, first_name_ar=FIRST[i % len(FIRST)], last_name_ar=LAST[(i * 7) % len(LAST)],
                 sex="F" if i % 2 else "M", birth_date=datetime.date(1960 + i, 1 + i % 12, 1 + i % 27),
                 commune=personas.center_a.commune)
        for i in range(24)
    ]  # fmt: skip
    twins = []
    for i, (first, last) in enumerate([("أمينة", "الكتاني"), ("سعيد", "الزياني"), ("لطيفة", "المراكشي")]):
        identity = {"first_name_ar": first, "last_name_ar": last, "sex": "F" if i != 1 else "M",
                    "birth_date": datetime.date(1975 + i, 3, 14), "commune": personas.center_a.commune}  # fmt: skip
        original = register(personas, **identity)
        again = register(personas, by="manager_a", **identity, phone=f"0612345{i:03d}")
        twins.append((original, again))
    return twins, distinct


def _linked() -> LinkageRun:
    return linkage_run_execute(linkage_run_start(acting_user=None).pk)


def test_linkage_finds_the_persons_registered_twice_and_nobody_else(personas) -> None:  # type: ignore[no-untyped-def]
    twins, _distinct = _population(personas)
    run = _linked()
    found = {frozenset((pair.left_id, pair.right_id)) for pair in LinkagePair.objects.all()}
    assert found == {frozenset((one.pk, other.pk)) for one, other in twins}
    assert run.status == LinkageRun.Status.DONE and run.persons == 30 and run.pairs == 3 and run.clusters == 3
    assert all(pair.match_probability >= 0.95 and pair.match_weight > 0 for pair in LinkagePair.objects.all())
    assert _linked().pairs == 0, "a pair already found is not proposed again"


def test_a_merge_from_the_review_page_goes_through_the_merge_service(personas, client_for) -> None:  # type: ignore[no-untyped-def]
    twins, _distinct = _population(personas)
    _linked()
    client = client_for("manager_a")
    page = client.get(reverse("people:linkage"))
    assert page.status_code == 200 and "الكتاني" in page.content.decode()
    pairs = list(LinkagePair.objects.order_by("pk"))
    merged = client.post(reverse("people:linkage_decide", args=[pairs[0].pk]), {"same": "1"})
    assert merged.status_code == 302
    decision = PersonMerge.objects.get()
    assert {decision.kept_id, decision.absorbed_id} == {pairs[0].left_id, pairs[0].right_id}
    assert Person.objects.get(pk=decision.absorbed_id).merged_into_id == decision.kept_id
    kept_first = next(one for one, other in twins if {one.pk, other.pk} == {pairs[0].left_id, pairs[0].right_id})
    assert decision.kept_id == kept_first.pk, "the record registered first is kept"
    apart = client.post(reverse("people:linkage_decide", args=[pairs[1].pk]), {"same": "0"})
    assert apart.status_code == 302
    assert LinkagePair.objects.get(pk=pairs[1].pk).status == LinkagePair.Status.REJECTED
    assert PersonMerge.objects.count() == 1
    again = client.post(reverse("people:linkage_decide", args=[pairs[0].pk]), {"same": "1"})
    assert again.status_code == 404, "a decided pair is no longer pending"
    assert [pair.pk for pair in visible_pairs(personas.manager_a)] == [pairs[2].pk]


def test_pairs_are_404_to_whoever_may_not_merge_both_persons(personas, client_for) -> None:  # type: ignore[no-untyped-def]
    _population(personas)
    _linked()
    pair = LinkagePair.objects.first()
    assert pair is not None
    for name in ("worker_b", "region_rsk", "analyst", "partner", "citizen", "outsider", "worker_a"):
        client = client_for(name)
        listed = client.get(reverse("people:linkage"))
        assert listed.status_code == 404 or "الكتاني" not in listed.content.decode(), name
        assert client.post(reverse("people:linkage_decide", args=[pair.pk]), {"same": "1"}).status_code == 404, name
        with pytest.raises(Http404):
            pair_decide(acting_user=getattr(personas, name), pair=pair, same_person=True)
    assert not PersonMerge.objects.exists() and LinkagePair.objects.filter(status="pending").count() == 3


def test_only_national_officers_start_a_run_and_bad_thresholds_are_refused(personas, client_for, in_english) -> None:  # type: ignore[no-untyped-def]
    for name in ("manager_a", "worker_a", "region_rsk", "analyst", "outsider"):
        assert client_for(name).post(reverse("people:linkage_run")).status_code == 404, name
    assert not LinkageRun.objects.exists()
    client = client_for("national")
    refused = client.post(reverse("people:linkage_run"), {"threshold": "1.5"}, follow=True, HTTP_ACCEPT_LANGUAGE="en")
    assert "at least 0.5 and below 1" in refused.content.decode() and not LinkageRun.objects.exists()
    refused = client.post(reverse("people:linkage_run"), {"threshold": "high"}, follow=True, HTTP_ACCEPT_LANGUAGE="en")
    assert "at least 0.5 and below 1" in refused.content.decode() and not LinkageRun.objects.exists()
    LinkageRun.objects.create(threshold=0.9, started_at=datetime.datetime.now(tz=datetime.UTC))
    with pytest.raises(ValidationError, match="already running"):
        linkage_run_start(acting_user=personas.national)


def test_a_run_whose_process_stopped_does_not_block_linkage_for_ever(personas) -> None:  # type: ignore[no-untyped-def]
    dead = LinkageRun.objects.create(threshold=0.9, started_at=timezone.now() - datetime.timedelta(hours=3))
    started = linkage_run_start(acting_user=personas.national)
    dead.refresh_from_db()
    assert dead.status == LinkageRun.Status.FAILED and started.status == LinkageRun.Status.RUNNING


def test_the_page_runs_linkage_in_the_background(personas, client_for, django_capture_on_commit_callbacks) -> None:  # type: ignore[no-untyped-def]
    _population(personas)
    with django_capture_on_commit_callbacks(execute=True):
        started = client_for("national").post(reverse("people:linkage_run"), {"threshold": "٠٫٩٥"})
    assert started.status_code == 302
    run = LinkageRun.objects.get()
    assert run.status == LinkageRun.Status.DONE and run.pairs == 3 and run.started_by == personas.national
    assert "3" in client_for("national").get(reverse("people:linkage")).content.decode()


def test_the_command_reports_what_it_found(personas, capsys) -> None:  # type: ignore[no-untyped-def]
    _population(personas)
    call_command("link_persons", "--threshold", "0.9")
    assert "3 new pairs in 3 clusters among 30 persons" in capsys.readouterr().out


def test_three_records_of_one_person_are_one_cluster_shown_together(personas, client_for) -> None:  # type: ignore[no-untyped-def]
    _twins, _distinct = _population(personas)
    identity = {"first_name_ar": "نجاة", "last_name_ar": "الصقلي", "sex": "F", "birth_date": datetime.date(1969, 9, 9),
                "commune": personas.center_a.commune}  # fmt: skip
    triple = {register(personas, **identity).pk for _ in range(3)}
    run = _linked()
    assert run.pairs == 3 + 3 and run.clusters == 4
    listed = list(client_for("manager_a").get(reverse("people:linkage")).context["page"])
    in_triple = [index for index, pair in enumerate(listed) if {pair.left_id, pair.right_id} <= triple]
    assert len(in_triple) == 3 and in_triple == list(range(in_triple[0], in_triple[0] + 3)), "side by side"
    assert {listed[index].cluster_pairs for index in in_triple} == {3}
    assert {pair.cluster_pairs for pair in listed if pair not in [listed[i] for i in in_triple]} == {1}
