"""Moroccan spellings of one name meet, in one script and across scripts; different names stay apart.

The pairs follow the rules a civil-status officer, a social worker and a partner each apply when they
write a name (issue 11): the article written El, Al, El-, Es-, Ed- or glued; ou/u/o and i/e/y;
doubled consonants; Abd-compounds joined or apart; Ben/Bin/Ibn; Arabic with or without hamza, ta
marbuta, diacritics, alef variants and alef maqsura. The names are not those of the demo data.
"""

from __future__ import annotations

import pytest

from jisr.people.names import arabic_spelling, latin_spelling, phonetic_key

# Same spelling once folded (the search ranks these as exact matches).
LATIN_SAME_SPELLING = [
    # the article, apart, hyphenated, assimilated or glued
    ("El Fassi", "Elfassi"), ("El Fassi", "Fassi"), ("Al Fassi", "El-Fassi"), ("Al-Hachimi", "Elhachimi"),
    ("Es-Saidi", "Saidi"), ("Es Saadi", "Essaadi"), ("Ed-Dahbi", "Dahbi"), ("Ed Dahbi", "Eddahbi"),
    ("Et-Tahiri", "Tahiri"), ("En-Naciri", "Naciri"), ("Er-Raji", "Raji"), ("Ez-Zarhouni", "Zarhouni"),
    ("Ech-Chafii", "Chafii"), ("El Mokri", "Elmokri"), ("Al Kouhen", "Kouhen"), ("El Ghazi", "Elghazi"),
    # ou / u / o and i / e / y
    ("Ouhamou", "Ouhammou"), ("Bouchaib", "Buchaib"), ("Mouloud", "Mulud"), ("Toufik", "Tofik"),
    ("Younes", "Yunes"), ("Lahbib", "Lahbeb"), ("Filali", "Felali"), ("Yamani", "Iamani"), ("Driss", "Dris"),
    ("Soufiane", "Sufiane"), ("Amine", "Amin"), ("Tijani", "Tijany"),
    # doubled consonants
    ("Bennis", "Benis"), ("Guessous", "Guesous"), ("Skalli", "Skali"), ("Tahar", "Tahhar"),
    # Abd-compounds joined or apart
    ("Abdelkader", "Abd el Kader"), ("Abdelkader", "Abdelkadir"), ("Abdelkader", "Abd-al-Qadir"),
    ("Abdelhak", "Abd El Hak"), ("Abdeljalil", "Abdel Jalil"), ("Abdessamad", "Abd Es-Samad"),
    ("Abdelouahed", "Abd el Ouahed"), ("Abdelmajid", "Abdul Majid"),
    # Ben / Bin / Ibn, joined or apart
    ("Ben Brahim", "Benbrahim"), ("Bin Brahim", "Ben Brahim"), ("Ibn Batouta", "Ben Batouta"),
    ("Bensouda", "Ben Souda"), ("Ibn Zaydoun", "Benzaidoun"),
]  # fmt: skip

ARABIC_SAME_SPELLING = [
    # hamza and alef variants
    ("إسماعيل", "اسماعيل"), ("أسامة", "اسامه"), ("آدم", "ادم"), ("الأمين", "الامين"), ("مأمون", "مامون"),
    ("هانئ", "هاني"), ("فؤاد", "فواد"), ("عائشة", "عايشة"), ("رؤوف", "رءوف"), ("دعاء", "دعا"),
    # ta marbuta
    ("نجاة", "نجاه"), ("حمزة", "حمزه"), ("بوشعيبة", "بوشعيبه"),
    # alef maqsura and ya, Persian keyboard letters
    ("مرتضى", "مرتضي"), ("يحيى", "يحيي"), ("ليلى", "ليلي"), ("كريم", "کريم"), ("سعيد", "سعید"),
    # diacritics and tatweel
    ("مُصْطَفَى", "مصطفى"), ("عَبْدُ الرَّحِيم", "عبد الرحيم"), ("حـــسـن", "حسن"),
    # Abd and Ibn joined or apart
    ("عبد الصمد", "عبدالصمد"), ("ابن بطوطة", "بن بطوطة"), ("بن سودة", "بنسودة"),
]  # fmt: skip

# Same name across scripts or spelled further apart: one consonant skeleton (phonetic matches).
SAME_SKELETON = [
    ("أوحمو", "Ouhamou"), ("أوحمو", "Ouhammou"), ("الفاسي", "Elfassi"), ("الفاسي", "Al-Fassi"),
    ("السعيدي", "Es-Saidi"), ("السعيدي", "Essaidi"), ("الذهبي", "Ed-Dahbi"), ("الشافعي", "Ech-Chafii"),
    ("الطاهري", "Et-Tahiri"), ("الناصري", "En-Naciri"), ("عبد القادر", "Abdelkader"),
    ("عبد القادر", "Abd el Kader"), ("عبد القادر", "Abdelkadir"), ("عبدالقادر", "Abd-al-Qadir"),
    ("عبد الصمد", "Abdessamad"), ("عبد الحق", "Abdelhak"), ("بن إبراهيم", "Benbrahim"),
    ("ابن إبراهيم", "Bin Brahim"), ("بنسودة", "Ben Souda"), ("بوشعيب", "Bouchaib"), ("يونس", "Younes"),
    ("يونس", "Yunus"), ("توفيق", "Toufiq"), ("توفيق", "Tawfik"), ("سفيان", "Soufiane"), ("سفيان", "Sofyane"),
    ("أيت باها", "Ait Baha"), ("أيت باها", "Aït-Baha"), ("المكري", "Elmokri"), ("الغازي", "El Ghazi"),
    ("إسماعيل", "Smail"), ("إسماعيل", "Ismaïl"), ("مولود", "Mouloud"), ("التيجاني", "Tijani"),
    ("يحيى", "Yahya"), ("يحيى", "Yahia"), ("ليلى", "Leila"), ("ليلى", "Layla"), ("نجاة", "Najat"),
    ("مرتضى", "Mortada"), ("جيلالي", "Jilali"), ("جيلالي", "Djilali"), ("الهاشمي", "Hachimi"),
    ("الهاشمي", "El Hachemi"), ("العياشي", "Ayachi"), ("بنيس", "Bennis"), ("قسوس", "Guessous"),
    ("السقاط", "Sekkat"), ("الصقلي", "Skalli"), ("مأمون", "Mamoun"), ("دعاء", "Douae"), ("أسامة", "Oussama"),
]  # fmt: skip

# Different names: they must not share a skeleton (nor, a fortiori, a spelling).
DIFFERENT = [
    ("Ouhammou", "Bouazza"), ("أوحمو", "بوعزة"), ("Ouhamou", "Berrada"), ("أوحمو", "الإدريسي"),
    ("Abdelkader", "Abdelkrim"), ("Abdelhak", "Abdelhadi"), ("عبد الصمد", "عبد السلام"), ("Benbrahim", "Benkirane"),
    ("El Fassi", "El Fihri"), ("Es-Saidi", "Es-Sabri"), ("Younes", "Yassine"), ("Toufik", "Tarik"),
    ("Leila", "Lamia"), ("نجاة", "نادية"), ("Mouloud", "Mourad"), ("Soufiane", "Sofia Ben"), ("Dahbi", "Debbagh"),
    ("Skalli", "Sqalli Hassani"), ("يحيى", "يوسف"), ("Hanane", "Hasna"), ("Ilham", "Ilyas"),
]  # fmt: skip


@pytest.mark.parametrize(("one", "other"), LATIN_SAME_SPELLING)
def test_latin_spelling_variants_fold_to_one_spelling(one: str, other: str) -> None:
    assert latin_spelling(one) == latin_spelling(other)
    assert phonetic_key(one) == phonetic_key(other)


@pytest.mark.parametrize(("one", "other"), ARABIC_SAME_SPELLING)
def test_arabic_spelling_variants_fold_to_one_spelling(one: str, other: str) -> None:
    assert arabic_spelling(one) == arabic_spelling(other)
    assert phonetic_key(one) == phonetic_key(other)


@pytest.mark.parametrize(("one", "other"), SAME_SKELETON)
def test_one_name_in_two_scripts_shares_its_skeleton(one: str, other: str) -> None:
    assert phonetic_key(one) == phonetic_key(other)


@pytest.mark.parametrize(("one", "other"), DIFFERENT)
def test_different_names_stay_apart(one: str, other: str) -> None:
    assert phonetic_key(one) != phonetic_key(other)
    assert latin_spelling(one) != latin_spelling(other) or not latin_spelling(one)
    assert arabic_spelling(one) != arabic_spelling(other) or not arabic_spelling(one)


def test_the_list_is_long_enough() -> None:
    assert len(LATIN_SAME_SPELLING) + len(ARABIC_SAME_SPELLING) + len(SAME_SKELETON) >= 60
    assert len(DIFFERENT) >= 20
