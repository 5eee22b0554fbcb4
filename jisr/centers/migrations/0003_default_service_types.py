"""The Jisr services taxonomy every environment starts with (idempotent: existing codes are kept)."""

from django.db import migrations

DEFAULT_SERVICE_TYPES = [
    ("reception", "الاستقبال", "Accueil", "Reception"),
    ("listening", "الإنصات", "Écoute", "Listening"),
    ("orientation", "التوجيه", "Orientation", "Orientation"),
    ("certified-training", "التكوين الإشهادي", "Formation certifiante", "Certified training"),
    (
        "professional-project",
        "ورشات المشروع المهني",
        "Ateliers de projet professionnel",
        "Professional-project workshops",
    ),
    ("social-incubation", "الاحتضان الاجتماعي", "Incubation sociale", "Social incubation"),
    (
        "health-social-mediation",
        "الوساطة الصحية والاجتماعية",
        "Médiation sanitaire et sociale",
        "Health and social mediation",
    ),
    ("psychological-support", "الدعم النفسي", "Soutien psychologique", "Psychological support"),
    ("legal-aid", "المساعدة القانونية", "Aide juridique", "Legal aid"),
    ("day-care", "الاستقبال النهاري", "Accueil de jour", "Day care"),
    ("residential-care", "الإيواء", "Hébergement", "Residential care"),
    (
        "disability-assessment",
        "تقييم الإعاقة والتوجيه",
        "Évaluation et orientation du handicap",
        "Disability assessment and orientation",
    ),
    ("early-childhood-education", "التعليم الأولي", "Éducation préscolaire", "Early childhood education"),
    ("literacy", "محو الأمية", "Alphabétisation", "Literacy"),
]


def create_service_types(apps, schema_editor):
    service_type_model = apps.get_model("centers", "ServiceType")
    existing = set(service_type_model.objects.values_list("code", flat=True))
    service_type_model.objects.bulk_create(
        [
            service_type_model(code=code, name_ar=name_ar, name_fr=name_fr, name_en=name_en)
            for code, name_ar, name_fr, name_en in DEFAULT_SERVICE_TYPES
            if code not in existing
        ]
    )


class Migration(migrations.Migration):
    dependencies = [("centers", "0002_center_import")]

    operations = [migrations.RunPython(create_service_types, migrations.RunPython.noop)]
