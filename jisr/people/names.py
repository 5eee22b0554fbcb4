"""Match keys for Moroccan names written in Arabic script, in Latin script, or in both.

Keys stored on each person, compared with indexed equality (never a table scan):

- `name_ar_key`: the Arabic spelling folded — hamza/alef forms, ta marbuta, alef maqsura, Persian
  yeh/keheh, diacritics and tatweel, "ابن" written "بن", each name written without its spaces
  ("عبد الله" = "عبدالله", "بن علي" = "بنعلي"); given name and family name separated by one space.
- `name_latin_key`: the Latin spelling folded by the rules of Moroccan transliteration
  (`latin_spelling`): accents and case, the article in all its forms (El, Al, El-, Es-, Ed-, glued:
  Elfassi = El Fassi = Fassi), "ou"/"o"/"u" and "i"/"e"/"y", doubled letters, Abd-compounds joined or
  apart, Ben/Bin/Ibn, q/k, dj/j, sh/ch, c before e/i; one space between given and family name.
- `name_phonetic_key` (given + family) and its reverse, and one per name (`first_name_phonetic_key`,
  `last_name_phonetic_key`): a consonant skeleton shared by both scripts, so that محمد, Mohamed, Mohammed and
  Mhamed, or الإدريسي, El Idrissi and Drissi, give the same key. Vowels (short vowels are not
  written in Arabic and are spelled freely in Latin), the article and doubled letters are
  dropped; letters that French transliteration merges (ص/س, ط/ت, ض/ظ/ذ/د, ق/ك/خ) share a class.
"""

from __future__ import annotations

import re
import unicodedata

_ARABIC_DIACRITICS = re.compile("[\u0610-\u061a\u064b-\u065f\u0670\u06d6-\u06ed\u0640]")
# Hamza seats, alef variants, alef maqsura, and the Persian yeh and keheh of some keyboards.
_ARABIC_FOLD_KEEP_TA_MARBUTA = {
    "أ": "ا", "إ": "ا", "آ": "ا", "ٱ": "ا", "ؤ": "و", "ئ": "ي", "ى": "ي", "ی": "ي", "ک": "ك", "ې": "ي",
}  # fmt: skip
_ARABIC_FOLD = str.maketrans({**_ARABIC_FOLD_KEEP_TA_MARBUTA, "ة": "ه"})
_ARABIC_FOLD_FOR_SKELETON = str.maketrans(_ARABIC_FOLD_KEEP_TA_MARBUTA)
_NOT_ARABIC_LETTER = re.compile(r"[^\u0621-\u064a\u067e\u06a4\u06a9\u06af\u06ad\s]")
_ARABIC_SCRIPT = re.compile(r"[\u0600-\u06ff]")
_SPACES = re.compile(r"\s+")
_DOUBLED_LONG_VOWEL = re.compile("([وي])\\1")
# A final ه written for a ta marbuta (فاطمه for فاطمة), but not the ه of الله or إله, nor of a 2-letter name (طه).
_FINAL_HA_AS_TA_MARBUTA = re.compile("(?<=[^\\sل])(?<=\\S\\S)ه(?=\\s|$)")
# A ta marbuta after alef is pronounced: نجاة = Najat, حياة = Hayat.
_PRONOUNCED_TA_MARBUTA = re.compile("اة(?=\\s|$)")

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
_LATIN_VOWELS = set("aeiouyw")
# The article glued to a name that starts with a consonant: Elfassi, Alhaj, Elmehdi (not Elias, Alami).
_LATIN_GLUED_ARTICLE = re.compile(r"^(?:el|al)(?=[bcdfghjkmnpqrstvxz][a-z]{2})")
# The article assimilated to a "sun" consonant, written apart: Es-Saidi, Ed-Dahbi, Ech-Chaoui, En-Nasiri.
_LATIN_SUN_ARTICLE = re.compile(r"^[ae](ch|sh|dh|th|s|d|t|z|n|r)$")
_LATIN_BEN = {"ben", "bin", "ibn", "ibnou", "bnou"}
# The article glued and assimilated: Essaidi, Eddahbi, Ennaciri (the vowel goes, the doubled letter folds).
_LATIN_GLUED_SUN_ARTICLE = re.compile(r"^[ae](?=(ch|sh|dh|th|s|d|t|z|n|r)\1)")


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


def _latin_name_words(text: str) -> list[str]:
    """The words of a Latin name without its article, with "Abd …" and "Ben …" joined to the next word.

    'Abd el-Kader Ben Ali' → ['abdkader', 'benali']; 'Es-Saidi' → ['saidi']; 'Elfassi' → ['fassi'].
    """
    words = _latin_words(text)
    kept: list[str] = []
    for index, word in enumerate(words):
        following = words[index + 1] if index + 1 < len(words) else ""
        sun = _LATIN_SUN_ARTICLE.match(word)
        if following and (word in _LATIN_ARTICLES or word == "l" or (sun and following.startswith(sun.group(1)))):
            continue
        word = _LATIN_GLUED_SUN_ARTICLE.sub("", _LATIN_GLUED_ARTICLE.sub("", word))
        kept.append(_LATIN_ABD.sub("abd", word))  # Abdel-, Abdal-, Abdul-, Abde- → Abd
    joined: list[str] = []
    for word in kept:
        if joined and joined[-1] == "abd":
            joined[-1] = "abd" + word
        elif joined and joined[-1] in _LATIN_BEN:
            joined[-1] = "ben" + word
        else:
            joined.append(word)
    return joined


def _spelling_of_word(word: str) -> str:
    for written, folded in (("sh", "ch"), ("dj", "j"), ("q", "k"), ("ph", "f")):
        word = word.replace(written, folded)
    word = re.sub(r"c(?=[eiy])", "s", word)
    word = re.sub(r"ae$", "a", word)  # Chaimae = Chaima, Asmae = Asmaa (a final hamza)
    word = re.sub(r"(?<=[^aeiouy])e$", "", word)  # the mute final e of French spelling: Amine = Amin
    # The vowels that Moroccan transliteration writes freely: ou/o/u/w, i/e/y.
    word = word.replace("ou", "u").translate(str.maketrans("owye", "uuii"))
    return _collapse(word)


def latin_spelling(text: str) -> str:
    """A Latin name folded to one spelling, without spaces: 'Abd el-Kader' → 'abdkadir',
    'Ouhammou' and 'Ouhamou' → 'uhamu', 'El Fassi', 'Elfassi' and 'Fassi' → 'fasi'."""
    return "".join(_spelling_of_word(word) for word in _latin_name_words(text))


def arabic_spelling(text: str) -> str:
    """An Arabic name folded to one spelling, without spaces: 'عبد الله' → 'عبدالله', 'فاطمة' → 'فاطمه'."""
    # a hamza folded to its seat can double a long vowel: رؤوف = رءوف
    return _DOUBLED_LONG_VOWEL.sub(r"\1", normalize_arabic(text).replace(" ", ""))


def normalize_latin(text: str) -> str:
    """Latin spelling folded to one form, word by word: 'Al-Idrissi Chraïbi' → 'idrisi chraibi'."""
    return " ".join(latin_spelling(word) for word in _latin_name_words(text))


def _collapse(skeleton: str) -> str:
    return re.sub(r"(.)\1+", r"\1", skeleton)


def _arabic_skeleton(text: str) -> str:
    letters = []
    # ta marbuta is a final vowel in transliteration (فاطمة = Fatima): it is kept apart from ه here
    spelled = _FINAL_HA_AS_TA_MARBUTA.sub("ة", normalize_arabic(text, keep_ta_marbuta=True))
    for word in _PRONOUNCED_TA_MARBUTA.sub("ات", spelled).split(" "):
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
    for joined in _latin_name_words(text):
        # "Abd" stays apart from what follows, so that Abdelhak does not read a "dh"
        head, word = ("BD", joined[3:]) if joined.startswith("abd") else ("", joined)
        word = head + _LATIN_BARE_ARTICLE.sub("", word)
        for spelling, sound in _LATIN_SKELETON:
            word = word.replace(spelling, sound.upper())
        letters.append("".join(char.lower() for char in word if char.isupper() or char in _LATIN_CONSONANTS))
    return _collapse("".join(letters))


def phonetic_key(text: str) -> str:
    """The consonant skeleton of a name in either script: 'محمد' → 'mhmd', 'Mohammed' → 'mhmd'."""
    return _arabic_skeleton(text) if has_arabic(text) else _latin_skeleton(text)


def person_keys(*, first_ar: str, last_ar: str, first_latin: str, last_latin: str) -> dict[str, str]:
    """The stored keys of a person. The phonetic keys prefer the Arabic spelling when it is given.

    The spelling keys are given name and family name, each without spaces, separated by one space (so
    that search can tell a match of the family name from a match of the given name). The phonetic
    key is given + family name, the reversed key family + given name, and each name has its own.
    """
    arabic = " ".join(part for part in (arabic_spelling(first_ar), arabic_spelling(last_ar)) if part)
    latin = " ".join(part for part in (latin_spelling(first_latin), latin_spelling(last_latin)) if part)
    first, last = (first_ar, last_ar) if arabic else (first_latin, last_latin)
    first_key, last_key = phonetic_key(first), phonetic_key(last)
    return {
        "name_ar_key": arabic,
        "name_latin_key": latin,
        "name_phonetic_key": _collapse(first_key + last_key),
        "name_phonetic_key_reversed": _collapse(last_key + first_key),
        "first_name_phonetic_key": first_key,
        "last_name_phonetic_key": last_key,
    }


def phonetic_variants(*, first: str, last: str) -> set[str]:
    """The phonetic keys a person with these names may be stored under (both name orders)."""
    first_key, last_key = phonetic_key(first), phonetic_key(last)
    return {key for key in (_collapse(first_key + last_key), _collapse(last_key + first_key)) if key}
