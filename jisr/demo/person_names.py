"""Names of beneficiaries for the demo and the benchmarks: Arabic spelling, Latin spellings.

Each entry is (Arabic, [Latin spellings…]): a civil-status officer, a social worker and a partner
may each transliterate the same name differently, which is what duplicate detection must absorb.
Content, not interface text: not translated.
"""

from __future__ import annotations

import random

FEMALE: list[tuple[str, list[str]]] = [
    ("فاطمة", ["Fatima", "Fatma"]), ("فاطمة الزهراء", ["Fatima Zahra", "Fatima-Zahrae"]),
    ("خديجة", ["Khadija", "Khadidja"]), ("عائشة", ["Aicha", "Aïcha"]), ("مريم", ["Meryem", "Maryam"]),
    ("زينب", ["Zineb", "Zaynab"]), ("سلمى", ["Salma"]), ("نادية", ["Nadia"]), ("إيمان", ["Imane", "Iman"]),
    ("حسناء", ["Hasnaa", "Hasna"]), ("سكينة", ["Soukaina", "Sakina"]), ("لطيفة", ["Latifa"]),
    ("تودة", ["Touda"]), ("إيطو", ["Itto"]), ("نزهة", ["Nezha"]), ("حنان", ["Hanane", "Hanan"]),
    ("سعاد", ["Souad"]), ("رشيدة", ["Rachida"]), ("مليكة", ["Malika"]), ("نعيمة", ["Naima"]),
    ("حليمة", ["Halima"]), ("غيثة", ["Ghita"]), ("شيماء", ["Chaimae", "Chaima"]), ("هاجر", ["Hajar"]),
    ("وفاء", ["Wafae", "Wafaa"]), ("سميرة", ["Samira"]), ("كريمة", ["Karima"]), ("ياسمين", ["Yasmine"]),
    ("أسماء", ["Asmae", "Asmaa"]), ("سارة", ["Sara", "Sarah"]), ("هند", ["Hind"]), ("بشرى", ["Bouchra"]),
    ("ثورية", ["Touria", "Thouria"]), ("زهرة", ["Zahra", "Zohra"]), ("رقية", ["Rkia", "Roukaya"]),
    ("ميمونة", ["Mimouna"]), ("يامنة", ["Yamna"]), ("فدوى", ["Fadwa", "Fadoua"]), ("سناء", ["Sanae", "Sanaa"]),
    ("إكرام", ["Ikram"]),
]  # fmt: skip
MALE: list[tuple[str, list[str]]] = [
    ("محمد", ["Mohamed", "Mohammed", "Mhamed"]), ("أحمد", ["Ahmed", "Ahmad"]), ("يوسف", ["Youssef", "Yousef"]),
    ("عبد الرحيم", ["Abderrahim", "Abdelrahim"]), ("هشام", ["Hicham", "Hisham"]), ("رشيد", ["Rachid"]),
    ("إدريس", ["Driss", "Idriss"]), ("أمين", ["Amine"]), ("عمر", ["Omar"]), ("سعيد", ["Said", "Saïd"]),
    ("مصطفى", ["Mustapha", "Mostafa"]), ("إبراهيم", ["Brahim", "Ibrahim"]), ("حسن", ["Hassan"]),
    ("الحسين", ["Lhoussine", "El Houssine"]), ("لحسن", ["Lahcen", "Lahsen"]), ("عبد الله", ["Abdellah", "Abdallah"]),
    ("عبد القادر", ["Abdelkader"]), ("عبد الرحمن", ["Abderrahmane", "Abdelrahman"]), ("خالد", ["Khalid", "Khaled"]),
    ("كريم", ["Karim"]), ("جمال", ["Jamal", "Djamal"]), ("طارق", ["Tarik", "Tariq"]), ("حمزة", ["Hamza"]),
    ("أيوب", ["Ayoub"]), ("عثمان", ["Othmane", "Otman"]), ("زكرياء", ["Zakaria", "Zakariae"]),
    ("بوبكر", ["Boubker", "Boubakr"]), ("المهدي", ["El Mehdi", "Mehdi"]), ("نور الدين", ["Noureddine"]),
    ("عزيز", ["Aziz"]), ("مولاي علي", ["Moulay Ali"]), ("إسماعيل", ["Ismail", "Smail"]), ("ياسين", ["Yassine"]),
    ("بلال", ["Bilal"]), ("صالح", ["Salah", "Saleh"]), ("العربي", ["Larbi", "El Arbi"]), ("موحا", ["Moha"]),
    ("ماسينيسا", ["Massinissa"]), ("الطيب", ["Tayeb", "Taib"]), ("عادل", ["Adil", "Adel"]),
]  # fmt: skip
FAMILY: list[tuple[str, list[str]]] = [
    ("العلوي", ["Alaoui", "El Alaoui"]), ("بناني", ["Bennani"]), ("الإدريسي", ["Idrissi", "El Idrissi", "Drissi"]),
    ("التازي", ["Tazi"]), ("الفاسي", ["El Fassi", "Fassi"]), ("أمزيان", ["Amziane"]), ("أوبلا", ["Oubella"]),
    ("الصنهاجي", ["Sanhaji"]), ("بوزيان", ["Bouziane"]), ("الشرقاوي", ["Cherkaoui", "Charkaoui"]),
    ("أيت علي", ["Ait Ali", "Ait-Ali"]), ("الرحماني", ["Rahmani"]), ("الودغيري", ["Ouadghiri"]),
    ("المرابط", ["Mrabet", "El Mrabet"]), ("الكتاني", ["Kettani"]), ("أخياط", ["Akhiat"]), ("برادة", ["Berrada"]),
    ("بنجلون", ["Benjelloun"]), ("بنكيران", ["Benkirane"]), ("الصديقي", ["Seddiki"]),
    ("العمراني", ["Amrani", "El Amrani"]),
    ("الحسني", ["Hassani", "El Hassani"]), ("الزياني", ["Ziani"]), ("المنصوري", ["Mansouri", "El Mansouri"]),
    ("الوزاني", ["Ouazzani"]), ("الطاهري", ["Taheri"]), ("البقالي", ["Bakkali", "El Bakkali"]), ("الخياطي", ["Khiati"]),
    ("السوسي", ["Soussi"]), ("الريفي", ["Rifi"]), ("الدكالي", ["Doukkali"]), ("الحيحي", ["Haihi"]),
    ("أوعلي", ["Ouali"]), ("أمغار", ["Amghar"]), ("إيدر", ["Ider"]), ("أوحمو", ["Ouhammou"]), ("بوعزة", ["Bouazza"]),
    ("الزروالي", ["Zerouali"]), ("الغزواني", ["Ghazouani"]), ("العثماني", ["Othmani", "El Othmani"]),
    ("الناصري", ["Nasiri", "Naciri"]), ("الشاوي", ["Chaoui"]), ("الجبلي", ["Jebli"]), ("الصحراوي", ["Sahraoui"]),
    ("الكبير", ["Kabir", "El Kebir"]), ("الحداد", ["Haddad"]), ("النجار", ["Najjar"]), ("الخراز", ["Kharraz"]),
]  # fmt: skip


def _family_names() -> list[tuple[str, list[str]]]:
    """The family names above, plus "Ben …" and "Ait …" patronymics built on the male first names."""
    built = list(FAMILY)
    for arabic, latin in MALE:
        if " " in arabic:
            continue
        built.append((f"بن {arabic}", [f"Ben {latin[0]}", f"Ben{latin[0].lower()}"]))
        built.append((f"أيت {arabic}", [f"Ait {latin[0]}"]))
    return built


FAMILY_NAMES = _family_names()


def random_person(rng: random.Random) -> dict[str, str]:
    """Names in both scripts, with one of the Latin spellings; sometimes only one script is known."""
    sex = "F" if rng.random() < 0.55 else "M"
    first_ar, first_latin = rng.choice(FEMALE if sex == "F" else MALE)
    last_ar, last_latin = rng.choice(FAMILY_NAMES)
    names = {
        "sex": sex,
        "first_name_ar": first_ar,
        "last_name_ar": last_ar,
        "first_name_latin": rng.choice(first_latin),
        "last_name_latin": rng.choice(last_latin),
    }
    roll = rng.random()
    if roll < 0.08:
        names["first_name_latin"] = names["last_name_latin"] = ""
    elif roll < 0.12:
        names["first_name_ar"] = names["last_name_ar"] = ""
    return names
