"""The request types Khadamati starts with, loaded by migration `khadamati.0004_request_types`.

They are data: the office adds or edits types in the database (docs/khadamati.md, "Request types"); this file
is only their first version. Texts are given in Arabic, French and English.
"""

from __future__ import annotations

from typing import Any


def t(ar: str, fr: str, en: str) -> dict[str, str]:
    return {"ar": ar, "fr": fr, "en": en}


def choice(value: str, ar: str, fr: str, en: str) -> dict[str, Any]:
    return {"value": value, "label": t(ar, fr, en)}


MEDICAL_REPORT = {
    "code": "medical_report",
    "label": t("تقرير طبي حديث", "Rapport médical récent", "Recent medical report"),
    "required": True,
}
IDENTITY = {
    "code": "identity",
    "label": t("البطاقة الوطنية أو عقد الازدياد", "CIN ou extrait d'acte de naissance", "CIN or birth certificate"),
    "required": True,
}
DISABILITY_STEP = {
    "code": "situation",
    "title": t("الوضعية الصحية", "La situation de santé", "The health situation"),
    "fields": [
        {
            "name": "disability_kind",
            "type": "choice",
            "required": True,
            "label": t("نوع الإعاقة", "Type de handicap", "Kind of disability"),
            "choices": [
                choice("motor", "حركية", "Moteur", "Motor"),
                choice("visual", "بصرية", "Visuel", "Visual"),
                choice("hearing", "سمعية", "Auditif", "Hearing"),
                choice("intellectual", "ذهنية", "Intellectuel", "Intellectual"),
                choice("psychic", "نفسية", "Psychique", "Psychic"),
                choice("multiple", "متعددة", "Multiple", "Multiple"),
            ],
        },
        {
            "name": "since",
            "type": "date",
            "required": False,
            "label": t("منذ متى (تقريبا)", "Depuis quand (environ)", "Since when (roughly)"),
        },
        {
            "name": "needs",
            "type": "textarea",
            "required": False,
            "label": t(
                "ما الذي يصعب عليك في الحياة اليومية؟",
                "Qu'est-ce qui est difficile au quotidien ?",
                "What is difficult in daily life?",
            ),
        },
    ],
}
CARD_DOCUMENTS = [IDENTITY, MEDICAL_REPORT]


def _card(code: str, variant: str, position: int, names: dict[str, str], extra: list[dict[str, Any]],
          documents: list[dict[str, Any]]) -> dict[str, Any]:  # fmt: skip
    return {"code": code, "kind": "card", "variant": variant, "position": position, "names": names,
            "medical_review": True, "steps": [DISABILITY_STEP, *extra], "documents": documents}  # fmt: skip


CARD_NUMBER_STEP = {
    "code": "card",
    "title": t("البطاقة الحالية", "La carte actuelle", "The current card"),
    "fields": [
        {
            "name": "card_number",
            "type": "text",
            "required": True,
            "max_length": 20,
            "label": t("رقم البطاقة", "Numéro de la carte", "Card number"),
        },  # fmt: skip
    ],
}
CHANGE_STEP = {
    "code": "change",
    "title": t("التغيير", "Le changement", "The change"),
    "fields": [
        {
            "name": "card_number",
            "type": "text",
            "required": True,
            "max_length": 20,
            "label": t("رقم البطاقة", "Numéro de la carte", "Card number"),
        },  # fmt: skip
        {
            "name": "what_changed",
            "type": "textarea",
            "required": True,
            "label": t("ما الذي تغير؟", "Qu'est-ce qui a changé ?", "What has changed?"),
        },  # fmt: skip
    ],
}
LOSS_STEP = {
    "code": "loss",
    "title": t("ضياع البطاقة", "La perte de la carte", "The loss of the card"),
    "fields": [
        {"name": "card_number", "type": "text", "required": False, "max_length": 20,
         "label": t("رقم البطاقة إن كان معروفا", "Numéro de la carte s'il est connu", "Card number if known")},
        {"name": "lost_on", "type": "date", "required": True,
         "label": t("تاريخ الضياع", "Date de la perte", "Date of the loss")},
    ],
}  # fmt: skip
LOSS_DECLARATION = {
    "code": "loss_declaration",
    "label": t("تصريح بالضياع", "Déclaration de perte", "Declaration of loss"),
    "required": True,
}


def _support(code: str, kind: str, position: int, names: dict[str, str], step: dict[str, Any],
             documents: list[dict[str, Any]], *, medical_review: bool) -> dict[str, Any]:  # fmt: skip
    return {"code": code, "kind": kind, "variant": "", "position": position, "names": names,
            "medical_review": medical_review, "steps": [step], "documents": [IDENTITY, *documents]}  # fmt: skip


TYPES: list[dict[str, Any]] = [
    _card("card-first", "first", 10,
          t("بطاقة الإعاقة: طلب أول", "Carte de handicap : première demande", "Disability card: first application"),
          [], CARD_DOCUMENTS),
    _card("card-renewal", "renewal", 20,
          t("بطاقة الإعاقة: تجديد", "Carte de handicap : renouvellement", "Disability card: renewal"),
          [CARD_NUMBER_STEP], CARD_DOCUMENTS),
    _card("card-change", "change", 30,
          t("بطاقة الإعاقة: تغير في الوضعية", "Carte de handicap : changement de situation",
            "Disability card: change of situation"),
          [CHANGE_STEP], CARD_DOCUMENTS),
    {"code": "card-replacement", "kind": "card", "variant": "replacement", "position": 40,
     "names": t("بطاقة الإعاقة: تعويض بطاقة ضائعة", "Carte de handicap : remplacement d'une carte perdue",
                "Disability card: replacement of a lost card"),
     "medical_review": False, "steps": [LOSS_STEP], "documents": [IDENTITY, LOSS_DECLARATION]},
    _support("assistive-device", "assistive_device", 50,
             t("جهاز مساعد", "Aide technique", "Assistive device"),
             {"code": "device", "title": t("الجهاز المطلوب", "L'aide demandée", "The device asked for"),
              "fields": [
                  {"name": "device", "type": "choice", "required": True,
                   "label": t("الجهاز", "L'aide technique", "The device"),
                   "choices": [choice("wheelchair", "كرسي متحرك", "Fauteuil roulant", "Wheelchair"),
                               choice("hearing_aid", "جهاز سمعي", "Appareil auditif", "Hearing aid"),
                               choice("white_cane", "عصا بيضاء", "Canne blanche", "White cane"),
                               choice("prosthesis", "طرف اصطناعي", "Prothèse", "Prosthesis"),
                               choice("other", "جهاز آخر", "Autre aide", "Other device")]},
                  {"name": "details", "type": "textarea", "required": False,
                   "label": t("تفاصيل", "Précisions", "Details")},
                  {"name": "has_one", "type": "yes_no", "required": True,
                   "label": t("هل لديك جهاز حاليا؟", "Avez-vous déjà une aide ?", "Do you have one now?")}]},
             [{"code": "prescription", "label": t("وصفة طبية", "Prescription médicale", "Medical prescription"),
               "required": True}], medical_review=True),
    _support("schooling", "schooling", 60,
             t("دعم تمدرس طفل", "Soutien à la scolarité d'un enfant", "Schooling support for a child"),
             {"code": "school", "title": t("المدرسة", "L'école", "The school"),
              "fields": [
                  {"name": "school", "type": "text", "required": True,
                   "label": t("اسم المؤسسة", "Nom de l'établissement", "Name of the school")},
                  {"name": "level", "type": "text", "required": True,
                   "label": t("المستوى الدراسي", "Niveau scolaire", "School level")},
                  {"name": "support", "type": "choice", "required": True,
                   "label": t("الدعم المطلوب", "Le soutien demandé", "Support asked for"),
                   "choices": [choice("inclusive_class", "قسم دامج", "Classe inclusive", "Inclusive class"),
                               choice("school_assistant", "مرافق مدرسي", "Auxiliaire de vie scolaire",
                                      "School assistant"),
                               choice("transport", "النقل المدرسي", "Transport scolaire", "School transport")]}]},
             [{"code": "school_certificate", "label": t("شهادة مدرسية", "Certificat de scolarité",
                                                        "School certificate"), "required": False}],
             medical_review=False),
    _support("employment-training", "employment_training", 70,
             t("دعم الشغل أو التكوين", "Soutien à l'emploi ou à la formation", "Employment or training support"),
             {"code": "plan", "title": t("مشروعك", "Votre projet", "Your plan"),
              "fields": [
                  {"name": "goal", "type": "choice", "required": True,
                   "label": t("ما تبحث عنه", "Ce que vous cherchez", "What you are looking for"),
                   "choices": [choice("job", "عمل", "Un emploi", "A job"),
                               choice("training", "تكوين", "Une formation", "Training")]},
                  {"name": "schooling_years", "type": "integer", "required": False,
                   "label": t("سنوات الدراسة", "Années d'études", "Years of schooling")},
                  {"name": "experience", "type": "textarea", "required": False,
                   "label": t("تجربتك", "Votre expérience", "Your experience")}]},
             [], medical_review=False),
    _support("income-activity", "income_activity", 80,
             t("نشاط مدر للدخل", "Activité génératrice de revenus", "Income-generating activity"),
             {"code": "project", "title": t("المشروع", "Le projet", "The project"),
              "fields": [
                  {"name": "activity", "type": "text", "required": True,
                   "label": t("النشاط", "L'activité", "The activity")},
                  {"name": "amount", "type": "integer", "required": True,
                   "label": t("المبلغ المطلوب بالدرهم", "Montant demandé en dirhams", "Amount asked for, MAD")},
                  {"name": "description", "type": "textarea", "required": True,
                   "label": t("وصف المشروع", "Description du projet", "Description of the project")}]},
             [{"code": "quote", "label": t("عرض أثمان", "Devis", "Quote"), "required": False}],
             medical_review=False),
    _support("rehabilitation", "rehabilitation", 90,
             t("إعادة التأهيل أو الاستقبال النهاري", "Rééducation ou accueil de jour",
               "Rehabilitation or day care"),
             {"code": "care", "title": t("التكفل المطلوب", "La prise en charge demandée", "The care asked for"),
              "fields": [
                  {"name": "care", "type": "choice", "required": True,
                   "label": t("نوع التكفل", "Type de prise en charge", "Kind of care"),
                   "choices": [choice("physiotherapy", "ترويض طبي", "Kinésithérapie", "Physiotherapy"),
                               choice("speech_therapy", "تقويم النطق", "Orthophonie", "Speech therapy"),
                               choice("day_care", "استقبال نهاري", "Accueil de jour", "Day care")]},
                  {"name": "details", "type": "textarea", "required": False,
                   "label": t("تفاصيل", "Précisions", "Details")}]},
             [MEDICAL_REPORT], medical_review=True),
]  # fmt: skip


def load(request_type_model: Any) -> None:
    """Create or update the types above (by code), from a migration or the demo."""
    for spec in TYPES:
        request_type_model.objects.update_or_create(
            code=spec["code"],
            defaults={
                "name_ar": spec["names"]["ar"],
                "name_fr": spec["names"]["fr"],
                "name_en": spec["names"]["en"],
                "kind": spec["kind"],
                "variant": spec["variant"],
                "position": spec["position"],
                "medical_review": spec["medical_review"],
                "steps": spec["steps"],
                "documents": spec["documents"],
            },
        )
