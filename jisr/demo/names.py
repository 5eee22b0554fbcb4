"""Names that read as Moroccan: people, neighbourhoods, streets, center kinds, associations.

Each entry is (Arabic, Latin transcription). Demo data is content, not interface text, so these
strings are not translated with gettext: they are the names a real record would carry.
"""

from __future__ import annotations

import random

FIRST_NAMES_FEMALE: list[tuple[str, str]] = [
    ("فاطمة الزهراء", "Fatima Zahra"),
    ("خديجة", "Khadija"),
    ("سلمى", "Salma"),
    ("نادية", "Nadia"),
    ("إيمان", "Imane"),
    ("حسناء", "Hasnaa"),
    ("سكينة", "Soukaina"),
    ("مريم", "Meryem"),
    ("زينب", "Zineb"),
    ("لطيفة", "Latifa"),
    ("تودة", "Touda"),
    ("إيطو", "Itto"),
]
FIRST_NAMES_MALE: list[tuple[str, str]] = [
    ("محمد", "Mohammed"),
    ("يوسف", "Youssef"),
    ("عبد الرحيم", "Abderrahim"),
    ("هشام", "Hicham"),
    ("رشيد", "Rachid"),
    ("إدريس", "Driss"),
    ("أمين", "Amine"),
    ("عمر", "Omar"),
    ("سعيد", "Said"),
    ("مصطفى", "Mustapha"),
    ("إبراهيم", "Brahim"),
    ("ماسينيسا", "Massinissa"),
]
FAMILY_NAMES: list[tuple[str, str]] = [
    ("العلوي", "Alaoui"),
    ("بناني", "Bennani"),
    ("الإدريسي", "Idrissi"),
    ("التازي", "Tazi"),
    ("الفاسي", "El Fassi"),
    ("أمزيان", "Amziane"),
    ("أوبلا", "Oubella"),
    ("الصنهاجي", "Sanhaji"),
    ("بوزيان", "Bouziane"),
    ("الشرقاوي", "Cherkaoui"),
    ("أيت علي", "Ait Ali"),
    ("الرحماني", "Rahmani"),
    ("الودغيري", "Ouadghiri"),
    ("المرابط", "Mrabet"),
    ("الكتاني", "Kettani"),
    ("أخياط", "Akhiat"),
]

# Neighbourhoods (hay) used to tell apart two centers of the same kind in one commune.
NEIGHBOURHOODS: list[tuple[str, str]] = [
    ("حي السلام", "Hay Essalam"),
    ("حي الأمل", "Hay Al Amal"),
    ("حي المسيرة", "Hay Al Massira"),
    ("حي النهضة", "Hay Annahda"),
    ("حي القدس", "Hay Al Qods"),
    ("حي الوفاق", "Hay Al Wifaq"),
    ("حي الفتح", "Hay Al Fath"),
    ("حي النصر", "Hay Annasr"),
    ("حي الأندلس", "Hay Al Andalous"),
    ("حي الرياض", "Hay Riad"),
    ("حي الانبعاث", "Hay Al Inbiaat"),
    ("حي المحمدي", "Hay Mohammadi"),
    ("حي الأزهر", "Hay Al Azhar"),
    ("حي الوحدة", "Hay Al Wahda"),
    ("حي الفرح", "Hay Al Farah"),
    ("حي الزيتون", "Hay Zitoune"),
]
STREETS: list[str] = [
    "Avenue Mohammed V",
    "Avenue Hassan II",
    "Boulevard Al Massira",
    "Rue Al Qods",
    "Avenue des FAR",
    "Rue Ibn Khaldoun",
    "Avenue Moulay Youssef",
    "Rue Al Andalous",
    "Boulevard Abdelkrim El Khattabi",
    "Rue Ibn Battouta",
    "Avenue Allal El Fassi",
    "Rue Oued Eddahab",
]

ASSOCIATION_NAMES: list[tuple[str, str, str]] = [
    ("الأمل", "Al Amal", "Hope"),
    ("النور", "Annour", "Light"),
    ("الوفاء", "Al Wafaa", "Loyalty"),
    ("التواصل", "Tawassoul", "Outreach"),
    ("الكرامة", "Al Karama", "Dignity"),
    ("تيفاوين", "Tifawin", "Tifawin"),
    ("الإخلاص", "Al Ikhlass", "Devotion"),
    ("النخيل", "Ennakhil", "Palm Grove"),
    ("أجيال", "Ajyal", "Generations"),
    ("إشراقة", "Ichraqa", "Sunrise"),
]

# Center kind → (Arabic, French, English) generic name; the commune's name follows.
KIND_NAMES: dict[str, tuple[str, str, str]] = {
    "multifunction": ("المركز متعدد الوظائف جسر", "Centre multifonctionnel Jisr", "Jisr multi-function center"),
    "jisr_women": (
        "مركز جسر لتمكين النساء",
        "Centre Jisr d'autonomisation des femmes",
        "Jisr women's empowerment center",
    ),
    "jisr_disability": (
        "مركز جسر للأشخاص في وضعية إعاقة",
        "Centre Jisr pour personnes en situation de handicap",
        "Jisr center for persons with disabilities",
    ),
    "women": ("مركز التمكين الاقتصادي والاجتماعي للمرأة", "Centre d'autonomisation de la femme", "Women's center"),
    "disability": (
        "مركز الأشخاص في وضعية إعاقة",
        "Centre pour personnes en situation de handicap",
        "Center for persons with disabilities",
    ),
    "disability_orientation": (
        "مركز توجيه ومساعدة الأشخاص في وضعية إعاقة",
        "Centre d'orientation et d'assistance des personnes handicapées",
        "Disability orientation and assistance center",
    ),
    "elderly": (
        "مؤسسة الرعاية الاجتماعية للأشخاص المسنين",
        "Établissement de protection sociale des personnes âgées",
        "Care home for elderly persons",
    ),
    "child_protection": (
        "مؤسسة الرعاية الاجتماعية للأطفال",
        "Établissement de protection sociale de l'enfance",
        "Child protection home",
    ),
    "education_training": (
        "مركز التربية والتكوين",
        "Centre d'éducation et de formation",
        "Education and training center",
    ),
    "apprenticeship": (
        "مركز التكوين بالتدرج المهني",
        "Centre de formation par apprentissage",
        "Apprenticeship training center",
    ),
    "kindergarten": ("روض الأطفال", "Jardin d'enfants", "Kindergarten"),
    "social_support": ("مركز الدعم الاجتماعي", "Centre d'accompagnement social", "Social support center"),
}


def center_names(name_key: str, place_ar: str, place_fr: str, duplicate_index: int) -> tuple[str, str, str]:
    """(ar, fr, en) names such as "المركز متعدد الوظائف جسر – أكادير"; the n-th twin gets a neighbourhood."""
    kind_ar, kind_fr, kind_en = KIND_NAMES[name_key]
    name_ar, name_fr, name_en = f"{kind_ar} – {place_ar}", f"{kind_fr} – {place_fr}", f"{kind_en} – {place_fr}"
    if duplicate_index:
        hood_ar, hood_fr = NEIGHBOURHOODS[(duplicate_index - 1) % len(NEIGHBOURHOODS)]
        round_number = (duplicate_index - 1) // len(NEIGHBOURHOODS)
        suffix_fr = hood_fr if not round_number else f"{hood_fr} {round_number + 1}"
        suffix_ar = hood_ar if not round_number else f"{hood_ar} {round_number + 1}"
        name_ar, name_fr, name_en = f"{name_ar} – {suffix_ar}", f"{name_fr} – {suffix_fr}", f"{name_en} – {suffix_fr}"
    return name_ar[:200], name_fr[:200], name_en[:200]


def person_name(rng: random.Random) -> tuple[str, str]:
    """A (first name, family name) pair in Latin script, as a user account carries it."""
    first_names = FIRST_NAMES_FEMALE if rng.random() < 0.5 else FIRST_NAMES_MALE
    return rng.choice(first_names)[1], rng.choice(FAMILY_NAMES)[1]


def street_address(rng: random.Random, place_fr: str) -> str:
    """An address such as "12, Avenue Hassan II, Agadir"."""
    return f"{rng.randint(1, 180)}, {rng.choice(STREETS)}, {place_fr}"
