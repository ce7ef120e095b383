"""Spelling-insensitive keys for names written in many ways.

Names transliterated from Arabic or Persian, or spelled the British or the
American way, reach the news in many forms (al-Rutba / Ar Rutbah / Rutbah,
Mobilization / Mobilisation). Matching on these keys instead of on the
surface lets one entry of the gazetteer or of a lexicon cover the variants
without listing each of them.
"""

from __future__ import annotations

import re
import unicodedata

_APOSTROPHES = re.compile(r"[\'’‘ʿʾ`´]")
_NON_ALNUM = re.compile(r"[^a-z0-9]+")
_ARTICLES = frozenset({"al", "el", "the"})
# The Arabic article as transliterated, assimilated to the letter after it
# (ash-Shifa, ar-Rutba, ad-Dour), and "ul" after a word ending in a vowel.
_ARABIC_ARTICLES = frozenset(
    {"al", "el", "il", "ul", "ad", "adh", "ar", "as", "ash", "at", "ath", "az", "an", "ed"}
)
_VOWEL_RUN = re.compile(r"[aeiouy]+")
_DOUBLED = re.compile(r"(.)\1+")


def ascii_fold(text: str) -> str:
    """Lower-case ASCII with diacritics removed, so ``Qā’im`` compares like ``qaim``."""
    if text.isascii():
        return text.lower()
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch)).lower()


def name_key(text: str) -> str:
    """Case-, diacritic-, punctuation- and leading-article-insensitive key.

    ``al-Rutba``, ``Al Rutba`` and ``AL-RUTBA`` share the key ``rutba``; the
    Arabic article is only dropped at the start because inside a name it
    separates parts that matter (Abu Bakr al-Baghdadi).
    """
    folded = _APOSTROPHES.sub("", ascii_fold(text))
    key = _NON_ALNUM.sub(" ", folded).strip()
    head, _, rest = key.partition(" ")
    return rest if head in _ARTICLES and rest else key


def variant_key(text: str) -> str:
    """Transliteration-insensitive key: Arabic articles anywhere, apostrophes,
    hyphens, spaces and doubled letters do not count.

    ``Deir al-Balah`` / ``Deir Al Balah``, ``Ras al-'Ayn`` / ``Ras al Ain``,
    ``Khan Younis`` / ``Khan Younnis`` share a key; unlike the skeleton it
    keeps the vowels, so it is safe enough for small towns.
    """
    return key_variant(name_key(text))


def key_variant(key: str) -> str:
    """The ``variant_key`` of an already computed ``name_key``."""
    words = [w for w in key.split() if w not in _ARABIC_ARTICLES]
    return _DOUBLED.sub(r"\1", "".join(words))


def skeleton(text: str) -> str:
    """Vowel-insensitive key: vowel runs collapse to ``*``, doubled letters to one.

    Transliterations mostly disagree on vowels (Mahmud/Mahmoud, Muhammad/
    Mohammed, Jaish/Jeish) and on s/z (Organisation/Organization), rarely
    on consonants, so the consonant frame survives the variation.
    """
    return key_skeleton(name_key(text))


def key_skeleton(key: str) -> str:
    """The skeleton of an already computed ``name_key``."""
    return "".join(_word_skeleton(word) for word in key.split())


def _word_skeleton(word: str) -> str:
    """Skeleton of one word; a word-initial ``y`` is a consonant (Yusuf, Yemen)."""
    word = _DOUBLED.sub(r"\1", word.replace("z", "s"))
    head, tail = ("y", word[1:]) if word.startswith("y") else ("", word)
    return head + _VOWEL_RUN.sub("*", tail)


def slug(text: str) -> str:
    """Lower-case ASCII, hyphen-separated identifier of a canonical name."""
    folded = _APOSTROPHES.sub("", ascii_fold(text))
    return _NON_ALNUM.sub("-", folded).strip("-")
