"""One open referral per case and addressee (center or partner organization): two partial unique
constraints on the open statuses (the duplicates already in the data were cancelled by 0004)."""

from django.db import migrations, models

OPEN = ["sent", "accepted"]


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
        ("referrals", "0004_cancel_duplicate_open_referrals"),
    ]

    operations = [
        migrations.AddConstraint(model_name="referral", constraint=one_open_referral("to_center", "center")),
        migrations.AddConstraint(
            model_name="referral", constraint=one_open_referral("to_organization", "organization")
        ),
    ]
