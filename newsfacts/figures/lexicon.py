"""The figure lexicons from ``data/reference/figures/``, loaded once per process.

Keeping every word list in YAML lets a user teach the extractor new wording
(a currency, a qualifier, an event verb) without touching the rules.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from typing import Any

from newsfacts.figures.tokens import PhraseTable, phrase_key, phrase_table
from newsfacts.reference import load_yaml


@dataclass(frozen=True)
class Vague:
    """A vague quantity word and its conventional lower bound."""

    minimum: float
    needs_of: bool


@dataclass(frozen=True)
class Lexicon:
    cardinals: frozenset[str]
    scales: dict[str, float]
    suffixes: dict[str, tuple[float, bool]]
    vague: PhraseTable[Vague]
    months: frozenset[str]
    weekdays: frozenset[str]
    one_blockers: frozenset[str]
    clock: PhraseTable[str]
    year_range: tuple[int, int]
    before: PhraseTable[str]
    after: PhraseTable[str]
    range_open: frozenset[str]
    range_join: frozenset[str]
    change_verbs: frozenset[str]
    particle_verbs: frozenset[str]
    phone_numbers: frozenset[str]
    phone_words: frozenset[str]
    result_words: frozenset[str]
    events: PhraseTable[str]
    nouns: PhraseTable[str]
    strike_verbs: frozenset[str]
    sites: PhraseTable[str]
    demonym_endings: tuple[str, ...]
    time_units: frozenset[str]
    currency_signs: frozenset[str]
    currency_codes: frozenset[str]
    currency_words: PhraseTable[str]
    percent: PhraseTable[str]
    stop_words: frozenset[str]
    determiners: frozenset[str]
    pre_noun: frozenset[str]
    bridges: frozenset[str]
    auxiliaries: frozenset[str]
    plurals: frozenset[str]
    reporting: frozenset[str]
    openers: PhraseTable[str]
    pronouns: frozenset[str]
    place_prepositions: frozenset[str]
    asides: frozenset[str]
    number_hint: re.Pattern[str]
    place_modifiers: frozenset[str]
    place_kinds: frozenset[str]
    subsets: PhraseTable[str]

    def looks_plural(self, word: str) -> bool:
        """A known plural, a "-men" compound ("policemen") or a plural "-s" (not "crisis")."""
        word = word.lower()
        return (
            word in self.plurals
            or (len(word) > 4 and word.endswith("men"))
            or (len(word) > 3 and word.endswith("s") and not word.endswith(("ss", "us", "sis")))
        )


def _words(items: list[Any]) -> list[str]:
    """The entries of a word list; an unquoted "no"/"on" that YAML read as a boolean is an error."""
    booleans = [item for item in items if isinstance(item, bool)]
    if booleans:
        raise ValueError(f'quote "no", "on", "off", "yes" in figure word lists (got {booleans})')
    return [str(item) for item in items]


def _lower(items: list[Any]) -> frozenset[str]:
    return frozenset(word.lower() for word in _words(items))


def _flat(items: list[Any], name: str) -> PhraseTable[str]:
    return phrase_table({name: _words(items)})


def _number_hint(words: set[str] | frozenset[str]) -> re.Pattern[str]:
    """A cheap test that a text may hold a number: a digit or a word that can start one.

    Most sentences of a long article hold no number; skipping them before
    tokenising keeps a huge paragraph without figures fast.
    """
    alternatives = "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True))
    return re.compile(rf"\d|\b(?:{alternatives})\b", re.IGNORECASE)


def _content_words(phrases: PhraseTable[Vague]) -> set[str]:
    """Words of the vague phrases that say "quantity" ("few" in "a few", not "a")."""
    return {word for phrase in phrases for word in phrase if word not in {"a", "an", "of"}}


@cache
def lexicon() -> Lexicon:
    """Build the lexicon from the reference files (cached: they are read-only at run time)."""
    num = load_yaml("figures/numbers.yaml")
    qual = load_yaml("figures/qualifiers.yaml")
    cat = load_yaml("figures/categories.yaml")
    ctx = load_yaml("figures/context.yaml")
    low, high = num["year_range"]
    vague = PhraseTable(
        (phrase_key(k), Vague(float(v["min"]), bool(v.get("needs_of", False))))
        for k, v in num["vague"].items()
    )
    cardinals = _lower(num["cardinal_words"])
    time_units = _lower(cat["time_units"])
    return Lexicon(
        cardinals=cardinals,
        scales={k.lower(): float(v) for k, v in num["scale_words"].items()},
        suffixes={
            k.lower(): (float(v["factor"]), bool(v.get("money_only", False)))
            for k, v in num["scale_suffixes"].items()
        },
        vague=vague,
        months=_lower(num["months"]),
        weekdays=_lower(num["weekdays"]),
        one_blockers=_lower(num["one_blockers"]),
        clock=_flat(num["clock_words"], "clock"),
        year_range=(int(low), int(high)),
        before=phrase_table(qual["before"]),
        after=phrase_table(qual["after"]),
        range_open=_lower(qual["range"]["open"]),
        range_join=_lower(qual["range"]["join"]),
        change_verbs=_lower(qual["range"]["change_verbs"]),
        particle_verbs=_lower(qual["particle_verbs"]),
        phone_numbers=_lower(num["phone_numbers"]),
        phone_words=_lower(num["phone_words"]),
        result_words=_lower(num["result_words"]),
        events=phrase_table(cat["events"]),
        nouns=phrase_table(cat["nouns"]),
        strike_verbs=_lower(cat["strike_verbs"]),
        sites=_flat(cat["site_nouns"], "targets"),
        demonym_endings=tuple(_words(cat["demonym_endings"])),
        time_units=time_units,
        currency_signs=frozenset(cat["currency_signs"]),
        currency_codes=_lower(cat["currency_codes"]),
        currency_words=_flat(cat["currency_words"], "money"),
        percent=_flat(cat["percent_words"], "percent"),
        stop_words=_lower(ctx["stop_words"]),
        determiners=_lower(ctx["determiners"]),
        pre_noun=_lower(ctx["pre_noun_words"]),
        bridges=_lower(ctx["bridges"]),
        auxiliaries=_lower(ctx["auxiliaries"]),
        plurals=_lower(ctx["plural_nouns"]),
        reporting=_lower(ctx["reporting_verbs"]),
        openers=_flat(ctx["source_openers"], "source"),
        pronouns=_lower(ctx["pronouns"]),
        place_prepositions=_lower(ctx["place_prepositions"]),
        asides=_lower(ctx["aside_openers"]),
        number_hint=_number_hint(
            cardinals | {"dozen", "half"} | _content_words(vague) | time_units
        ),
        place_modifiers=_lower(ctx["place_modifiers"]),
        place_kinds=_lower(ctx["place_kinds"]),
        subsets=_flat(ctx["subset_markers"], "subset"),
    )
