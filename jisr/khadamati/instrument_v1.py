"""The first social assessment instrument shipped with Khadamati (loaded by a data migration, then versioned
as data). Its six domains are those of WHODAS 2.0; the items and their wording are Jisr's own, written for
a social assistant who talks with the person (or, for a young child, with the family) about the last month.
"""

from __future__ import annotations

from typing import Any


def _t(ar: str, fr: str, en: str) -> dict[str, str]:
    return {"ar": ar, "fr": fr, "en": en}


def _items(*items: tuple[str, str, str, str]) -> list[dict[str, Any]]:
    return [{"code": code, "text": _t(ar, fr, en)} for code, ar, fr, en in items]


CODE = "khadamati-social-assessment"
TITLE = _t(
    "أداة التقييم الاجتماعي للمشاركة والمحيط",
    "Grille d'évaluation sociale de la participation et de l'environnement",
    "Social assessment of participation and environment",
)

DEFINITION: dict[str, Any] = {
    "scale": [
        {"code": "none", "score": 0, "label": _t("لا صعوبة", "Aucune difficulté", "No difficulty")},
        {"code": "mild", "score": 1, "label": _t("صعوبة خفيفة", "Difficulté légère", "Mild difficulty")},
        {"code": "moderate", "score": 2, "label": _t("صعوبة متوسطة", "Difficulté modérée", "Moderate difficulty")},
        {"code": "severe", "score": 3, "label": _t("صعوبة شديدة", "Difficulté sévère", "Severe difficulty")},
        {
            "code": "extreme",
            "score": 4,
            "label": _t(
                "صعوبة قصوى أو تعذر تام", "Difficulté extrême ou impossible", "Extreme difficulty or cannot do it"
            ),
        },
    ],
    "domains": [
        {
            "code": "cognition",
            "title": _t("الفهم والتواصل", "Compréhension et communication", "Understanding and communicating"),
            "items": _items(
                (
                    "cognition_focus",
                    "التركيز على عمل أو نشاط مدة عشر دقائق دون انقطاع",
                    "Rester attentif à une activité une dizaine de minutes d'affilée",
                    "Keeping attention on an activity for about ten minutes in a row",
                ),
                (
                    "cognition_remember",
                    "تذكر المواعيد والأمور المهمة في الحياة اليومية",
                    "Se souvenir des rendez-vous et des choses importantes du quotidien",
                    "Remembering appointments and the important things of daily life",
                ),
                (
                    "cognition_understand",
                    "فهم ما يقوله الآخرون والتعبير عن الحاجات",
                    "Comprendre ce que disent les autres et exprimer ses besoins",
                    "Understanding what others say and making one's needs known",
                ),
            ),
        },
        {
            "code": "mobility",
            "title": _t("التنقل والحركة", "Mobilité", "Getting around"),
            "items": _items(
                (
                    "mobility_stand",
                    "البقاء واقفا مدة طويلة، كنصف ساعة في طابور",
                    "Rester debout longtemps, par exemple une demi-heure dans une file d'attente",
                    "Staying on one's feet for a long time, such as half an hour in a queue",
                ),
                (
                    "mobility_home",
                    "التنقل داخل البيت من غرفة إلى أخرى",
                    "Se déplacer à l'intérieur du logement, d'une pièce à l'autre",
                    "Moving about inside the home, from one room to another",
                ),
                (
                    "mobility_distance",
                    "قطع مسافة طويلة خارج البيت، كالذهاب مشيا إلى السوق",
                    "Parcourir une longue distance dehors, comme aller à pied jusqu'au marché",
                    "Covering a long distance outdoors, such as walking to the market",
                ),
            ),
        },
        {
            "code": "self_care",
            "title": _t("العناية بالنفس", "Soins personnels", "Looking after oneself"),
            "items": _items(
                (
                    "self_care_wash",
                    "الاغتسال والنظافة الشخصية",
                    "Se laver et faire sa toilette",
                    "Washing and personal hygiene",
                ),
                (
                    "self_care_dress",
                    "ارتداء الملابس ونزعها",
                    "S'habiller et se déshabiller",
                    "Putting clothes on and taking them off",
                ),
                ("self_care_eat", "تناول الطعام والشراب", "Manger et boire", "Eating and drinking"),
            ),
        },
        {
            "code": "getting_along",
            "title": _t("العلاقات مع الآخرين", "Relations avec les autres", "Relating to other people"),
            "items": _items(
                (
                    "getting_along_strangers",
                    "التعامل مع أشخاص لا يعرفهم",
                    "Entrer en relation avec des inconnus",
                    "Dealing with people one does not know",
                ),
                (
                    "getting_along_friends",
                    "الحفاظ على علاقات مع الأصدقاء والجيران",
                    "Garder des liens avec ses amis et ses voisins",
                    "Keeping up ties with friends and neighbours",
                ),
            ),
        },
        {
            "code": "life_activities",
            "title": _t("أنشطة الحياة اليومية", "Activités de la vie courante", "Everyday activities"),
            "items": _items(
                (
                    "life_household",
                    "القيام بأشغال البيت والمسؤوليات العائلية",
                    "Assumer les tâches du ménage et les responsabilités familiales",
                    "Taking on household tasks and family responsibilities",
                ),
                (
                    "life_work_school",
                    "متابعة الدراسة أو العمل أو التكوين كل يوم",
                    "Suivre chaque jour l'école, le travail ou la formation",
                    "Keeping up with school, work or training day by day",
                ),
                (
                    "life_pace",
                    "إنجاز المهام اليومية في الوقت المعتاد",
                    "Accomplir les tâches quotidiennes dans un temps habituel",
                    "Getting daily tasks done in the usual time",
                ),
            ),
        },
        {
            "code": "participation",
            "title": _t("المشاركة في المجتمع", "Participation à la vie sociale", "Taking part in community life"),
            "items": _items(
                (
                    "participation_events",
                    "المشاركة في المناسبات العائلية والدينية والجمعوية",
                    "Prendre part aux fêtes familiales, religieuses et à la vie associative",
                    "Joining family, religious and community occasions",
                ),
                (
                    "participation_services",
                    "الوصول إلى الإدارات والخدمات العمومية",
                    "Accéder aux administrations et aux services publics",
                    "Reaching public offices and services",
                ),
                (
                    "participation_dignity",
                    "العيش باحترام وكرامة دون تمييز",
                    "Vivre avec respect et dignité, sans discrimination",
                    "Living with respect and dignity, free of discrimination",
                ),
            ),
        },
    ],
    "environment": {
        "choices": [
            {"code": "barrier", "label": _t("عائق", "Obstacle", "Barrier")},
            {"code": "neither", "label": _t("لا تأثير", "Sans effet", "No effect")},
            {"code": "facilitator", "label": _t("عامل مساعد", "Facilitateur", "Facilitator")},
        ],
        "factors": [
            {
                "code": "products",
                "title": _t(
                    "الأجهزة والمعينات التقنية", "Aides techniques et appareillages", "Assistive products and devices"
                ),
            },
            {
                "code": "built",
                "title": _t(
                    "ولوجية السكن والطريق والنقل",
                    "Accessibilité du logement, de la rue et des transports",
                    "Access to the home, the street and transport",
                ),
            },
            {
                "code": "support",
                "title": _t(
                    "دعم الأسرة والمحيط",
                    "Soutien de la famille et de l'entourage",
                    "Support of family and people around",
                ),
            },
            {
                "code": "attitudes",
                "title": _t(
                    "نظرة الآخرين ومواقفهم", "Regard et attitudes des autres", "How others see and treat the person"
                ),
            },
            {
                "code": "services",
                "title": _t(
                    "الخدمات الصحية والتعليمية والاجتماعية",
                    "Services de santé, d'éducation et sociaux",
                    "Health, education and social services",
                ),
            },
        ],
    },
}
