"""The first social diagnosis protocol shipped with Jisr (loaded by a data migration, then edited as data).

Seven domains with two questions each; answers score 0 (no need) to 3 (severe need).
"""

from __future__ import annotations

from typing import Any

from jisr.cases.stage_rules import DEFAULT_STAGE_RULES


def _t(ar: str, fr: str, en: str) -> dict[str, str]:
    return {"ar": ar, "fr": fr, "en": en}


def _scale(codes: list[str], labels: list[tuple[str, str, str]], scores: list[int]) -> list[dict[str, Any]]:
    return [
        {"code": code, "label": _t(*label), "score": score}
        for code, label, score in zip(codes, labels, scores, strict=True)
    ]


CODE = "jisr-social-diagnosis"
TITLE = _t("بروتوكول التشخيص الاجتماعي", "Protocole de diagnostic social", "Social diagnosis protocol")

DEFINITION: dict[str, Any] = {
    "stages": DEFAULT_STAGE_RULES,
    "priority": {"high_domains": 1, "medium_domains": 3},
    "domains": [
        {
            "code": "income",
            "title": _t("الدخل والتشغيل", "Revenus et emploi", "Income and employment"),
            "thresholds": {"medium": 2, "high": 4},
            "recommendations": ["certified_training", "professional_project", "social_incubation"],
            "questions": [
                {"code": "income_source", "text": _t("ما هو مصدر دخل الشخص؟", "Quelle est la source de revenus de la personne ?", "What is the person's source of income?"),
                 "choices": _scale(["stable", "irregular", "none"], [("عمل قار", "Emploi stable", "Stable job"), ("عمل غير منتظم", "Travail irrégulier", "Irregular work"), ("بدون دخل", "Aucun revenu", "No income")], [0, 2, 3])},
                {"code": "job_search", "text": _t("هل يبحث الشخص عن عمل؟", "La personne cherche-t-elle un emploi ?", "Is the person looking for work?"),
                 "choices": _scale(["not_needed", "searching", "discouraged"], [("لا حاجة", "Pas nécessaire", "Not needed"), ("يبحث", "En recherche", "Searching"), ("توقف عن البحث", "A renoncé à chercher", "Stopped searching")], [0, 1, 2])},
            ],
        },
        {
            "code": "skills",
            "title": _t("التعليم والمهارات", "Éducation et compétences", "Education and skills"),
            "thresholds": {"medium": 2, "high": 4},
            "recommendations": ["certified_training"],
            "questions": [
                {"code": "schooling", "text": _t("ما هو المستوى الدراسي؟", "Quel est le niveau scolaire ?", "What is the level of schooling?"),
                 "choices": _scale(["secondary", "primary", "none"], [("ثانوي أو أكثر", "Secondaire ou plus", "Secondary or more"), ("ابتدائي", "Primaire", "Primary"), ("بدون تمدرس", "Non scolarisé", "No schooling")], [0, 1, 2])},
                {"code": "qualification", "text": _t("هل لدى الشخص تأهيل مهني؟", "La personne a-t-elle une qualification professionnelle ?", "Does the person have a vocational qualification?"),
                 "choices": _scale(["certified", "informal", "none"], [("شهادة", "Diplôme ou certificat", "Certificate"), ("خبرة غير مشهود بها", "Expérience non certifiée", "Uncertified experience"), ("لا شيء", "Aucune", "None")], [0, 1, 2])},
            ],
        },
        {
            "code": "health",
            "title": _t("الصحة والإعاقة", "Santé et handicap", "Health and disability"),
            "thresholds": {"medium": 2, "high": 4},
            "recommendations": ["health_mediation", "referral"],
            "questions": [
                {"code": "health_coverage", "text": _t("هل يتوفر الشخص على تغطية صحية؟", "La personne a-t-elle une couverture médicale ?", "Does the person have health coverage?"),
                 "choices": _scale(["covered", "pending", "none"], [("نعم", "Oui", "Yes"), ("في طور التسجيل", "En cours d'inscription", "Being registered"), ("لا", "Non", "No")], [0, 1, 2])},
                {"code": "care_needs", "text": _t("هل توجد حاجة إلى علاج أو مواكبة بسبب مرض أو إعاقة؟", "Y a-t-il un besoin de soins ou d'accompagnement lié à une maladie ou un handicap ?", "Is there a need for care or support due to illness or disability?"),
                 "choices": _scale(["none", "followed", "unmet"], [("لا", "Non", "No"), ("نعم، متابَع", "Oui, suivi", "Yes, followed"), ("نعم، بدون متابعة", "Oui, sans suivi", "Yes, not followed")], [0, 1, 3])},
            ],
        },
        {
            "code": "housing",
            "title": _t("السكن", "Logement", "Housing"),
            "thresholds": {"medium": 2, "high": 3},
            "recommendations": ["housing_support", "referral"],
            "questions": [
                {"code": "housing_situation", "text": _t("ما هي وضعية السكن؟", "Quelle est la situation de logement ?", "What is the housing situation?"),
                 "choices": _scale(["stable", "precarious", "none"], [("سكن مستقر", "Logement stable", "Stable housing"), ("سكن هش أو مهدد", "Logement précaire ou menacé", "Precarious or threatened"), ("بدون مأوى", "Sans abri", "Homeless")], [0, 2, 3])},
                {"code": "overcrowding", "text": _t("هل السكن مكتظ؟", "Le logement est-il surpeuplé ?", "Is the dwelling overcrowded?"),
                 "choices": _scale(["no", "yes"], [("لا", "Non", "No"), ("نعم", "Oui", "Yes")], [0, 1])},
            ],
        },
        {
            "code": "family",
            "title": _t("الروابط الأسرية والاجتماعية", "Liens familiaux et sociaux", "Family and social ties"),
            "thresholds": {"medium": 2, "high": 4},
            "recommendations": ["psychological_support", "health_mediation"],
            "questions": [
                {"code": "support_network", "text": _t("هل يمكن للشخص الاعتماد على أسرته أو محيطه؟", "La personne peut-elle compter sur sa famille ou son entourage ?", "Can the person rely on family or friends?"),
                 "choices": _scale(["yes", "partly", "no"], [("نعم", "Oui", "Yes"), ("جزئيًا", "En partie", "Partly"), ("لا", "Non", "No")], [0, 1, 2])},
                {"code": "dependants", "text": _t("هل يتكفل الشخص وحده بأشخاص آخرين؟", "La personne a-t-elle seule des personnes à charge ?", "Does the person alone care for dependants?"),
                 "choices": _scale(["no", "shared", "alone"], [("لا", "Non", "No"), ("بشكل مشترك", "Avec d'autres", "Shared"), ("وحده", "Seule", "Alone")], [0, 1, 2])},
            ],
        },
        {
            "code": "documents",
            "title": _t("الوثائق القانونية", "Documents administratifs", "Legal documents"),
            "thresholds": {"medium": 1, "high": 3},
            "recommendations": ["documents_support", "legal_aid"],
            "questions": [
                {"code": "identity_documents", "text": _t("هل يتوفر الشخص على البطاقة الوطنية وعقد الازدياد؟", "La personne a-t-elle sa CIN et son acte de naissance ?", "Does the person have an identity card and a birth certificate?"),
                 "choices": _scale(["all", "some", "none"], [("نعم، كلها", "Oui, tous", "Yes, all"), ("بعضها", "Certains", "Some"), ("لا شيء", "Aucun", "None")], [0, 1, 2])},
                {"code": "legal_issue", "text": _t("هل توجد قضية قانونية عالقة (نفقة، حضانة، طلاق…)؟", "Y a-t-il une affaire juridique en cours (pension, garde, divorce…) ?", "Is there a pending legal matter (alimony, custody, divorce…)?"),
                 "choices": _scale(["no", "yes"], [("لا", "Non", "No"), ("نعم", "Oui", "Yes")], [0, 2])},
            ],
        },
        {
            "code": "safety",
            "title": _t("السلامة", "Sécurité", "Safety"),
            "thresholds": {"medium": 1, "high": 2},
            "recommendations": ["protection", "psychological_support", "legal_aid"],
            "questions": [
                {"code": "violence", "text": _t("هل يتعرض الشخص للعنف أو للتهديد؟", "La personne subit-elle des violences ou des menaces ?", "Is the person exposed to violence or threats?"),
                 "choices": _scale(["no", "past", "current"], [("لا", "Non", "No"), ("في الماضي", "Par le passé", "In the past"), ("حاليًا", "Actuellement", "Currently")], [0, 1, 3])},
                {"code": "safe_place", "text": _t("هل يتوفر الشخص على مكان آمن للمبيت هذه الليلة؟", "La personne a-t-elle un lieu sûr pour dormir ce soir ?", "Does the person have a safe place to sleep tonight?"),
                 "choices": _scale(["yes", "no"], [("نعم", "Oui", "Yes"), ("لا", "Non", "No")], [0, 3])},
            ],
        },
    ],
}  # fmt: skip
