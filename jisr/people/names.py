"""Match keys for Moroccan names written in Arabic script, in Latin script, or in both.

Three keys are stored on each person and compared with indexed equality (never a table scan):

- `arabic_key`: Arabic spelling normalized — hamza/alef forms, ta marbuta, alef maqsura,
  diacritics and tatweel folded, "ابن" written "بن", "عبد ال…" joined.
- `latin_key`: Latin spelling folded — accents, case, "ou"/"u", "sh"/"ch", the article "el"/"al",
  spaces, hyphens and apostrophes.
- `phonetic_key`: a consonant skeleton shared by both scripts, so that محمد, Mohamed, Mohammed and
  Mhamed, or الإدريسي, El Idrissi and Drissi, give the same key. Vowels (short vowels are not
  written in Arabic and are spelled freely in Latin), the article and doubled letters are
  dropped; letters that French transliteration merges (ص/س, ط/ت, ض/ظ/ذ/د, ق/ك/خ) share a class.
"""

from __future__ import annotations

import re
import unicodedata

_ARABIC_DIACRITICS = re.compile("[\u0610-\u061a\u064b-\u065f\u0670\u06d6-\u06ed\u0640]")
_ARABIC_FOLD_KEEP_TA_MARBUTA = {"أ": "ا", "إ": "ا", "آ": "ا", "ٱ": "ا", "ؤ": "و", "ئ": "ي", "ى": "ي"}
_ARABIC_FOLD = str.maketrans({**_ARABIC_FOLD_KEEP_TA_MARBUTA, "ة": "ه"})
_ARABIC_FOLD_FOR_SKELETON = str.maketrans(_ARABIC_FOLD_KEEP_TA_MARBUTA)
_NOT_ARABIC_LETTER = re.compile(r"[^\u0621-\u064a\u067e\u06a4\u06a9\u06af\u06ad\s]")
_ARABIC_SCRIPT = re.compile(r"[\u0600-\u06ff]")
_SPACES = re.compile(r"\s+")

# Consonant classes of the skeleton, by Arabic letter (letters absent here are dropped as vowels).
_ARABIC_SKELETON = {
    "ب": "b", "پ": "b", "ت": "t", "ث": "t", "ط": "t", "ج": "j", "ح": "h", "ه": "h",
    "خ": "k", "ق": "k", "ك": "k", "ک": "k", "گ": "k", "ڭ": "k", "د": "d", "ذ": "d", "ض": "d",
    "ظ": "d", "ر": "r", "ز": "z", "س": "s", "ص": "s", "ش": "c", "غ": "g",
    "ف": "f", "ڤ": "f", "ل": "l", "م": "m", "ن": "n",
}  # fmt: skip
# Latin spellings, longest first: digraphs of French and English transliteration.
_LATIN_SKELETON = [
    ("kh", "k"), ("gh", "g"), ("ch", "c"), ("sh", "c"), ("th", "t"), ("dh", "d"), ("ph", "f"),
    ("dj", "j"), ("ce", "s"), ("ci", "s"), ("cy", "s"), ("q", "k"), ("c", "k"), ("x", "ks"),
    ("v", "f"), ("p", "b"), ("g", "k"),
]  # fmt: skip
# Moroccan spelling writes the article as a bare "l" before the name: Lhoussine, Lmahdi.
_LATIN_BARE_ARTICLE = re.compile(r"^l(?=[bcdfghjkmnqrstvwxz])")
_LATIN_CONSONANTS = set("bdfhjklmnrstz")
_LATIN_ARTICLES = {"el", "al", "il", "ul"}
_LATIN_ABD = re.compile(r"^abd(?:el|al|ul|ou|e|a|u|i)?")


def has_arabic(text: str) -> bool:
    return bool(_ARABIC_SCRIPT.search(text or ""))


def normalize_arabic(text: str, *, keep_ta_marbuta: bool = False) -> str:
    """Arabic spelling folded to one form: 'إبراهيم بنُ عبد الله' → 'ابراهيم بن عبدالله'."""
    text = unicodedata.normalize("NFKC", text or "")
    fold = _ARABIC_FOLD_FOR_SKELETON if keep_ta_marbuta else _ARABIC_FOLD
    text = _ARABIC_DIACRITICS.sub("", text).translate(fold)
    text = _NOT_ARABIC_LETTER.sub(" ", text).replace("ء", "")
    words: list[str] = []
    for word in _SPACES.split(text.strip()):
        if not word:
            continue
        if word == "ابن":
            word = "بن"
        if words and words[-1] == "عبد" and word.startswith("ال"):
            words[-1] = "عبد" + word
            continue
        words.append(word)
    return " ".join(words)


def _strip_accents(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(char for char in decomposed if not unicodedata.combining(char))


def _latin_words(text: str) -> list[str]:
    folded = _strip_accents(text or "").casefold()
    return [word for word in re.split(r"[^a-z]+", folded) if word]


def normalize_latin(text: str) -> str:
    """Latin spelling folded to one form: 'Al-Idrissi Chraïbi' → 'elidrissi craibi'."""
    words = _latin_words(text)
    joined: list[str] = []
    for index, word in enumerate(words):
        if word in _LATIN_ARTICLES and index + 1 < len(words):
            words[index + 1] = "el" + words[index + 1]
            continue
        if len(word) > 2 and word[:2] in _LATIN_ARTICLES and index == 0 and len(words) > 1:
            word = "el" + word[2:]
        word = _collapse(word.replace("ou", "u").replace("sh", "ch"))
        joined.append(word)
    return " ".join(joined)


def _collapse(skeleton: str) -> str:
    return re.sub(r"(.)\1+", r"\1", skeleton)


def _arabic_skeleton(text: str) -> str:
    letters = []
    # ta marbuta is a final vowel in transliteration (فاطمة = Fatima): it is kept apart from ه here
    for word in normalize_arabic(text, keep_ta_marbuta=True).split(" "):
        if word.startswith("عبدال"):
            word = "عبد" + word[5:]
        elif word.startswith("ال") and len(word) > 3:
            word = word[2:]
        elif word.startswith("لل") and len(word) > 3:
            word = word[1:]
        letters.append("".join(_ARABIC_SKELETON.get(char, "") for char in word))
    return _collapse("".join(letters))


def _latin_skeleton(text: str) -> str:
    letters = []
    for word in _latin_words(text):
        if word in _LATIN_ARTICLES:
            continue
        word = _LATIN_BARE_ARTICLE.sub("", _LATIN_ABD.sub("abd", word))
        for spelling, sound in _LATIN_SKELETON:
            word = word.replace(spelling, sound.upper())
        letters.append("".join(char.lower() for char in word if char.isupper() or char in _LATIN_CONSONANTS))
    return _collapse("".join(letters))


def phonetic_key(text: str) -> str:
    """The consonant skeleton of a name in either script: 'محمد' → 'mhmd', 'Mohammed' → 'mhmd'."""
    return _arabic_skeleton(text) if has_arabic(text) else _latin_skeleton(text)


def person_keys(*, first_ar: str, last_ar: str, first_latin: str, last_latin: str) -> dict[str, str]:
    """The stored keys of a person. The phonetic keys prefer the Arabic spelling when it is given.

    The phonetic key is first name + family name; the reversed key is family name + first name,
    so that a search by either name is a prefix lookup on an index.
    """
    arabic = normalize_arabic(f"{first_ar} {last_ar}")
    latin = normalize_latin(f"{first_latin} {last_latin}")
    first, last = (first_ar, last_ar) if arabic else (first_latin, last_latin)
    first_key, last_key = phonetic_key(first), phonetic_key(last)
    return {
        "name_ar_key": arabic,
        "name_latin_key": latin,
        "name_phonetic_key": _collapse(first_key + last_key),
        "name_phonetic_key_reversed": _collapse(last_key + first_key),
    }


def phonetic_variants(*, first: str, last: str) -> set[str]:
    """The phonetic keys a person with these names may be stored under (both name orders)."""
    first_key, last_key = phonetic_key(first), phonetic_key(last)
    return {key for key in (_collapse(first_key + last_key), _collapse(last_key + first_key)) if key}
