"""The public accountability pages and open data (docs/consultations.md): per region, the meetings held, what
became of the recommendations, each action's progress and the execution per territory. No personal data: no
author of a decision, no user, no minutes; organizations, offices, counts and texts of proposals only.

Everything here is computed once and kept in Django's cache (JISR_CONSULTATIONS_PUBLIC_CACHE_SECONDS) under
a version number that every write of the app increments (`forget`, on commit), so a page under load costs a
cache read and a change shows at once.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable
from decimal import Decimal
from typing import Any, TypeVar

from django.conf import settings
from django.core.cache import cache
from django.db.models import Count, Q
from django.utils.translation import get_language

from jisr.consultations.choices import TargetGroup
from jisr.consultations.models import Meeting, PlanAction, Recommendation
from jisr.strategy.models import Pillar
from jisr.territories.models import Region

VERSION_KEY = "consultations:public:version"
Status = Recommendation.Status
T = TypeVar("T")


def forget() -> None:
    """Make every cached public page stale (called after each committed write of the app)."""
    try:
        cache.incr(VERSION_KEY)
    except ValueError:
        cache.set(VERSION_KEY, 2, None)


def _cached(name: str, compute: Callable[[], T]) -> T:
    version = cache.get_or_set(VERSION_KEY, 1, None)
    key = f"consultations:public:{version}:{get_language() or 'ar'}:{name}"
    value = cache.get(key)
    if value is None:
        value = compute()
        cache.set(key, value, settings.JISR_CONSULTATIONS_PUBLIC_CACHE_SECONDS)
    return value


def _public_recommendations() -> Any:
    return Recommendation.objects.filter(meeting__status__in=[Meeting.Status.HELD, Meeting.Status.REPORT_PUBLISHED])


def _counts(queryset: Any) -> dict[str, int]:
    return queryset.aggregate(
        received=Count("pk", filter=~Q(status=Status.MERGED)),
        under_study=Count("pk", filter=Q(status__in=[Status.RECEIVED, Status.UNDER_STUDY])),
        accepted=Count("pk", filter=Q(status=Status.ACCEPTED)),
        not_retained=Count("pk", filter=Q(status=Status.NOT_RETAINED)),
        merged=Count("pk", filter=Q(status=Status.MERGED)),
        implemented=Count("pk", filter=Q(status=Status.ACCEPTED, action__progress__gte=100)),
    )


def overview() -> list[dict[str, Any]]:
    """Per region, in the round's order: its meeting, the counts of recommendations and the plan's progress."""

    def compute() -> list[dict[str, Any]]:
        rows = []
        meetings = {m.region_id: m for m in Meeting.objects.select_related("region").order_by("-held_on")}
        progress = dict(
            PlanAction.objects.values_list("plan__region_id")
            .annotate(n=Count("pk"))
            .values_list("plan__region_id", "n")
        )
        for region in Region.objects.order_by("code"):
            meeting = meetings.get(region.code)
            counts = _counts(_public_recommendations().filter(meeting__region=region))
            actions = list(PlanAction.objects.filter(plan__region=region).values_list("progress", flat=True))
            rows.append(
                {
                    "code": region.code,
                    "name": region.name,
                    "meeting_on": meeting.held_on if meeting and meeting.status != Meeting.Status.PLANNED else None,
                    "sequence": meeting.sequence if meeting else 99,
                    "counts": counts,
                    "actions": progress.get(region.code, 0),
                    "progress": _mean(actions),
                }
            )
        return sorted(rows, key=lambda row: (row["sequence"], row["code"]))

    return _cached("overview", compute)


def _mean(values: list[Decimal]) -> Decimal | None:
    if not values:
        return None
    return (sum(values, Decimal(0)) / len(values)).quantize(Decimal("0.1"))


def region_page(region_code: str, *, pillar: str = "", target_group: str = "") -> dict[str, Any] | None:
    """Everything the public page of a region shows, filtered by pillar and target group; None when unknown."""
    if pillar and not Pillar.objects.filter(code=pillar).exists():
        pillar = ""
    if target_group not in TargetGroup.values:
        target_group = ""

    def compute() -> dict[str, Any] | None:
        region = Region.objects.filter(code=region_code).first()
        if region is None:
            return None
        meetings = [
            {
                "held_on": m.held_on,
                "place": m.place,
                "chair": m.chair,
                "status": m.get_status_display(),
                "sequence": m.sequence,
                "organizations": [o.name for o in m.organizations.all()],
                "women": sum(a.women for a in m.attendance.all()),
                "men": sum(a.men for a in m.attendance.all()),
            }
            for m in Meeting.objects.filter(region=region)
            .exclude(status=Meeting.Status.PLANNED)
            .prefetch_related("organizations", "attendance")
            .order_by("held_on")
        ]
        recommendations = _public_recommendations().filter(meeting__region=region)
        actions = PlanAction.objects.filter(plan__region=region)
        if pillar:
            recommendations = recommendations.filter(pillar__code=pillar)
            actions = actions.filter(pillar__code=pillar)
        if target_group:
            recommendations = recommendations.filter(target_group=target_group)
            actions = actions.filter(target_group=target_group)
        counts = _counts(recommendations)
        rec_rows = [
            _recommendation_row(rec)
            for rec in recommendations.select_related(
                "meeting__region", "organization", "province", "pillar", "action", "merged_into__meeting"
            ).order_by("meeting__sequence", "number")
        ]
        action_rows = [
            _action_row(action)
            for action in actions.select_related("plan__region", "owner", "province", "pillar")
            .prefetch_related("partners")
            .annotate(answered=Count("recommendations"))
            .order_by("code")
        ]
        territories: dict[str, dict[str, Any]] = defaultdict(lambda: {"actions": 0, "budget": Decimal(0), "values": []})
        for row in action_rows:
            cell = territories[row["territory"]]
            cell["actions"] += 1
            cell["budget"] += row["budget"]
            cell["values"].append(row["progress"])
        per_territory = [
            {"territory": name, "actions": cell["actions"], "budget": cell["budget"], "progress": _mean(cell["values"])}
            for name, cell in sorted(territories.items())
        ]
        reasons = [row for row in rec_rows if row["status_code"] == Status.NOT_RETAINED]
        return {
            "region": {"code": region.code, "name": region.name},
            "meetings": meetings,
            "counts": counts,
            "recommendations": rec_rows,
            "actions": action_rows,
            "per_territory": per_territory,
            "not_retained": reasons,
        }

    return _cached(f"region:{region_code}:{pillar}:{target_group}", compute)


def _recommendation_row(rec: Recommendation) -> dict[str, Any]:
    return {
        "id": str(rec.pk),
        "reference": rec.reference,
        "region": rec.meeting.region_id,
        "meeting_on": rec.meeting.held_on,
        "text_ar": rec.text_ar,
        "text_fr": rec.text_fr,
        "text": rec.text,
        "organization": rec.organization.name if rec.organization else "",
        "territory": rec.province.name if rec.province else rec.meeting.region.name,
        "target_group": rec.get_target_group_display(),
        "target_group_code": rec.target_group,
        "pillar": rec.pillar.name if rec.pillar else "",
        "pillar_code": rec.pillar.code if rec.pillar else "",
        "status": rec.get_status_display(),
        "status_code": rec.status,
        "reason": rec.reason if rec.status == Status.NOT_RETAINED else "",
        "merged_into": rec.merged_into.reference if rec.merged_into else "",
        "action": rec.action.code if rec.action else "",
        "action_progress": rec.action.progress if rec.action else None,
        "decided_on": rec.status_changed_at.date(),
    }


def _action_row(action: PlanAction) -> dict[str, Any]:
    return {
        "id": str(action.pk),
        "region": action.plan.region_id,
        "code": action.code,
        "title_ar": action.title_ar,
        "title_fr": action.title_fr,
        "title": action.title,
        "owner": action.owner.name,
        "partners": [partner.name for partner in action.partners.all()],
        "territory": action.province.name if action.province else action.plan.region.name,
        "pillar": action.pillar.name if action.pillar else "",
        "target_group": action.get_target_group_display(),
        "budget": action.budget,
        "starts_on": action.starts_on,
        "ends_on": action.ends_on,
        "progress": action.progress,
        "recommendations": getattr(action, "answered", 0),
    }


def recommendation_public(recommendation_id: str) -> Recommendation | None:
    """A recommendation of a held meeting, for its public history (None when unknown or not public)."""
    from jisr.core.scope import one_or_404

    return one_or_404(
        _public_recommendations().select_related(
            "meeting__region", "organization", "province", "pillar", "action", "merged_into__meeting"
        ),
        pk=recommendation_id,
    )


OPEN_RECOMMENDATION_COLUMNS = [
    "reference",
    "region",
    "meeting_on",
    "text_ar",
    "text_fr",
    "organization",
    "territory",
    "target_group_code",
    "pillar_code",
    "status_code",
    "reason",
    "merged_into",
    "action",
    "action_progress",
    "decided_on",
]
OPEN_ACTION_COLUMNS = [
    "region",
    "code",
    "title_ar",
    "title_fr",
    "owner",
    "territory",
    "budget",
    "starts_on",
    "ends_on",
    "progress",
    "recommendations",
]


def open_data(region_code: str = "") -> dict[str, list[dict[str, Any]]]:
    """The open data set: every public recommendation and every action (optionally one region's)."""

    def compute() -> dict[str, list[dict[str, Any]]]:
        recommendations = _public_recommendations()
        actions = PlanAction.objects.all()
        if region_code:
            recommendations = recommendations.filter(meeting__region_id=region_code)
            actions = actions.filter(plan__region_id=region_code)
        recs = [
            _recommendation_row(rec)
            for rec in recommendations.select_related(
                "meeting__region", "organization", "province", "pillar", "action", "merged_into__meeting"
            ).order_by("meeting__sequence", "number")
        ]
        acts = [
            _action_row(action)
            for action in actions.select_related("plan__region", "owner", "province", "pillar")
            .prefetch_related("partners")
            .annotate(answered=Count("recommendations"))
            .order_by("plan__region_id", "code")
        ]
        return {
            "recommendations": [{key: row[key] for key in OPEN_RECOMMENDATION_COLUMNS} for row in recs],
            "actions": [{key: row[key] for key in OPEN_ACTION_COLUMNS} for row in acts],
        }

    return _cached(f"open:{region_code}", compute)
