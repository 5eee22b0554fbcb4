"""Candidate duplicates among recommendations of different meetings: similar texts in Arabic or in French.

Arabic is folded as the people search folds names (`jisr.people.names.normalize_arabic`: hamza and alef forms,
ta marbuta, alef maqsura, diacritics, tatweel); French loses accents, case, punctuation and its small words.
Each text becomes a set of words (Arabic words also lose their article and a leading و), and two
recommendations are candidates when the words they share are at least THRESHOLD of the words of either
(Jaccard similarity) in one language. Only candidates are proposed: a person merges.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from jisr.people.names import normalize_arabic

THRESHOLD = 0.5
FRENCH_STOP_WORDS = frozenset(
    [
        "a",
        "au",
        "aux",
        "avec",
        "ce",
        "ces",
        "d",
        "dans",
        "de",
        "des",
        "du",
        "en",
        "et",
        "l",
        "la",
        "le",
        "les",
        "leur",
        "leurs",
        "par",
        "pour",
        "sur",
        "un",
        "une",
        "à",
        "qui",
        "que",
        "ou",
        "son",
        "sa",
        "ses",
        "est",
        "sont",
        "être",
        "plus",
        "afin",
    ]
)
ARABIC_STOP_WORDS = frozenset(
    ["في", "من", "الى", "علي", "عن", "مع", "او", "ان", "التي", "الذي", "هذه", "هذا", "ذلك", "و", "ب", "ل"]
)


def _arabic_words(text: str) -> set[str]:
    words = set()
    for word in normalize_arabic(text).split():
        if word.startswith("و") and len(word) > 4:
            word = word[1:]
        for prefix in ("بال", "لل", "ال"):
            if word.startswith(prefix) and len(word) > len(prefix) + 2:
                word = word[len(prefix) :]
                break
        if word not in ARABIC_STOP_WORDS and len(word) > 1:
            words.add(word)
    return words


def _french_words(text: str) -> set[str]:
    folded = "".join(c for c in unicodedata.normalize("NFKD", text or "") if not unicodedata.combining(c)).casefold()
    return {word.rstrip("s") for word in re.split(r"[^a-z0-9]+", folded) if word and word not in FRENCH_STOP_WORDS}


def keys(text_ar: str, text_fr: str) -> tuple[str, str]:
    """The folded words of each text, sorted, as stored on the recommendation."""
    return " ".join(sorted(_arabic_words(text_ar))), " ".join(sorted(_french_words(text_fr)))


def similarity(first: set[str], second: set[str]) -> float:
    if not first or not second:
        return 0.0
    return len(first & second) / len(first | second)


@dataclass(frozen=True)
class Candidate:
    first: Any
    second: Any
    score: float


def candidates(recommendations: Iterable[Any], threshold: float = THRESHOLD) -> list[Candidate]:
    """Pairs of recommendations of different meetings whose Arabic or French texts are similar, best first.
    Merged recommendations are left out (they are already someone's duplicate)."""
    rows = [
        (rec, set(rec.key_ar.split()), set(rec.key_fr.split())) for rec in recommendations if rec.status != "merged"
    ]
    found = []
    for index, (first, first_ar, first_fr) in enumerate(rows):
        for second, second_ar, second_fr in rows[index + 1 :]:
            if first.meeting_id == second.meeting_id:
                continue
            score = max(similarity(first_ar, second_ar), similarity(first_fr, second_fr))
            if score >= threshold:
                found.append(Candidate(first, second, round(score, 2)))
    return sorted(found, key=lambda candidate: -candidate.score)
