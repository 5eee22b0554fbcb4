"""Moroccan names in both scripts: the variants a social worker meets must meet in one key."""

from __future__ import annotations

import pytest

from jisr.people.names import normalize_arabic, normalize_latin, person_keys, phonetic_key

SAME_PERSON_NAME = [
    ("محمد", "Mohamed"), ("محمد", "Mohammed"), ("محمد", "Mhamed"), ("محمد", "Mohammad"),
    ("الإدريسي", "El Idrissi"), ("الإدريسي", "Drissi"), ("الإدريسي", "Idrissi"), ("الادريسي", "Al-Idrissi"),
    ("فاطمة الزهراء", "Fatima Zahra"), ("فاطمة الزهراء", "Fatima-Zahrae"), ("فاطمة الزهراء", "Fatimazahra"),
    ("يوسف", "Youssef"), ("يوسف", "Yousef"), ("عبد الرحمن", "Abderrahmane"), ("عبد الرحمن", "Abdelrahman"),
    ("عبد القادر", "Abdelkader"), ("عبد الله", "Abdellah"), ("عبد الله", "Abdallah"), ("حسن", "Hassan"),
    ("هشام", "Hicham"), ("هشام", "Hisham"), ("خديجة", "Khadija"), ("خديجة", "Khadidja"), ("رشيد", "Rachid"),
    ("سعيد", "Saïd"), ("عمر", "Omar"), ("عائشة", "Aïcha"), ("زينب", "Zineb"), ("زينب", "Zaynab"),
    ("مصطفى", "Mustapha"), ("مصطفى", "Mostafa"), ("بوبكر", "Boubker"), ("غيثة", "Ghita"), ("طارق", "Tariq"),
    ("شيماء", "Chaimae"), ("هاجر", "Hajar"), ("سكينة", "Soukaina"), ("نزهة", "Nezha"), ("لحسن", "Lahcen"),
    ("العلمي", "Alami"), ("العلمي", "El Alami"), ("بنعلي", "Benali"), ("بن علي", "Ben Ali"),
    ("الشرقاوي", "Cherkaoui"), ("التازي", "Tazi"), ("الفاسي", "El Fassi"), ("بنكيران", "Benkirane"),
    ("الصديقي", "Seddiki"), ("إبراهيم", "Brahim"), ("إبراهيم", "Ibrahim"), ("إدريس", "Driss"),
    ("مريم", "Meryem"), ("عثمان", "Othmane"), ("حمزة", "Hamza"), ("الحسين", "Lhoussine"), ("الحسين", "Hocine"),
]  # fmt: skip

DIFFERENT_NAMES = [
    ("محمد", "أحمد"), ("Karim", "Kamal"), ("Fatima", "Fatiha"), ("Nadia", "Nadira"), ("Youssef", "Yassine"),
    ("Rachid", "Rachida Bennani"), ("Khalid", "Khadija"), ("الإدريسي", "العلمي"), ("Zineb", "Zakaria"),
]  # fmt: skip


@pytest.mark.parametrize(("arabic", "latin"), SAME_PERSON_NAME)
def test_an_arabic_name_and_its_transliterations_share_a_key(arabic: str, latin: str) -> None:
    assert phonetic_key(arabic) == phonetic_key(latin)


@pytest.mark.parametrize(("one", "other"), DIFFERENT_NAMES)
def test_different_names_keep_different_keys(one: str, other: str) -> None:
    assert phonetic_key(one) != phonetic_key(other)


@pytest.mark.parametrize(
    ("written", "normalized"),
    [
        ("أحمد", "احمد"),
        ("إبراهيم", "ابراهيم"),
        ("آمنة", "امنه"),
        ("مُحَمَّد", "محمد"),
        ("محـــمد", "محمد"),
        ("مصطفى", "مصطفي"),
        ("فاطمة", "فاطمه"),
        ("علي ابن يوسف", "علي بن يوسف"),
        ("عبد الله", "عبدالله"),
        ("رؤوف", "رووف"),
        ("هانئ", "هاني"),
    ],
)
def test_arabic_spelling_variants_fold_to_one_form(written: str, normalized: str) -> None:
    assert normalize_arabic(written) == normalized


@pytest.mark.parametrize(
    ("one", "other"),
    [
        ("El Idrissi", "Al-Idrissi"),
        ("Chraïbi", "Shraibi"),
        ("Youssouf", "Yusuf"),
        ("BENNANI", "bennani"),
        ("Aït Ali", "Ait-Ali"),
    ],
)
def test_latin_spelling_variants_fold_to_one_form(one: str, other: str) -> None:
    assert normalize_latin(one).replace(" ", "") == normalize_latin(other).replace(" ", "")


def test_person_keys_prefer_arabic_and_store_both_name_orders() -> None:
    keys = person_keys(first_ar="محمد", last_ar="الإدريسي", first_latin="Mohamed", last_latin="El Idrissi")
    assert keys == {
        "name_ar_key": "محمد الادريسي",
        "name_latin_key": "muhamid idrisi",
        "name_phonetic_key": "mhmdrs",
        "name_phonetic_key_reversed": "drsmhmd",
        "first_name_phonetic_key": "mhmd",
        "last_name_phonetic_key": "drs",
    }
