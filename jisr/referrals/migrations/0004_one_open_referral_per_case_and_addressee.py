"""One open referral per case and addressee (center or partner organization).

Data sent before this rule may hold duplicates (a double submit sent the same referral twice). The
oldest open one of each group is kept; the others are cancelled, with an event saying why, so the
constraint can be added and no history is lost. Batched, idempotent (a second run finds no group).
"""

from django.db import migrations, models
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


def one_open_referral(addressee: str, label: str) -> models.UniqueConstraint:
    return models.UniqueConstraint(
        condition=models.Q(("status__in", OPEN)),
        fields=("case", addressee),
        name=f"referrals_one_open_per_case_{label}",
        violation_error_message=(
            "This case already has an open referral to this recipient: answer or cancel it first."
        ),
    )


class Migration(migrations.Migration):
    dependencies = [
        ("referrals", "0003_referral_plan_action"),
    ]

    operations = [
        migrations.RunPython(cancel_open_duplicates, migrations.RunPython.noop),
        migrations.AddConstraint(model_name="referral", constraint=one_open_referral("to_center", "center")),
        migrations.AddConstraint(
            model_name="referral", constraint=one_open_referral("to_organization", "organization")
        ),
    ]
