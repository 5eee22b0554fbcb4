"""Before one open referral per case and addressee (0005): cancel the duplicates already in the data.

Data sent before this rule may hold duplicates (a double submit sent the same referral twice). The
oldest open one of each group is kept; the others are cancelled, with an event saying why, so the
constraint can be added and no history is lost. Batched, idempotent (a second run finds no group).
"""

from django.db import migrations
from django.db.models import Count, Min
from django.utils import timezone

OPEN = ["sent", "accepted"]
NOTE = "Cancelled automatically: a duplicate of an earlier open referral to the same recipient."


def cancel_open_duplicates(apps, schema_editor):  # type: ignore[no-untyped-def]
    Referral = apps.get_model("referrals", "Referral")
    ReferralEvent = apps.get_model("referrals", "ReferralEvent")
    now = timezone.now()
    for addressee in ("to_center", "to_organization"):
        groups = (
            Referral.objects.filter(status__in=OPEN, **{f"{addressee}__isnull": False})
            .values("case_id", addressee)
            .annotate(count=Count("id"), first=Min("created_at"))
            .filter(count__gt=1)
        )
        for group in groups.iterator(chunk_size=500):
            duplicates = list(
                Referral.objects.filter(
                    status__in=OPEN, case_id=group["case_id"], **{addressee: group[addressee]}
                ).order_by("created_at", "id")[1:]
            )
            for referral in duplicates:
                Referral.objects.filter(pk=referral.pk).update(status="cancelled", updated_at=now)
            ReferralEvent.objects.bulk_create(
                ReferralEvent(referral=referral, status="cancelled", note=NOTE, by_id=referral.sent_by_id, at=now)
                for referral in duplicates
            )


class Migration(migrations.Migration):
    # The constraints come in 0005, in their own transaction: on PostgreSQL an index cannot be built on
    # a table with pending trigger events (the events inserted here check their foreign key at commit).
    dependencies = [
        ("referrals", "0003_referral_plan_action"),
    ]

    operations = [
        migrations.RunPython(cancel_open_duplicates, migrations.RunPython.noop),
    ]
