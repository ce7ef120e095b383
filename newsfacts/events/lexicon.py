"""The event lexicons of ``data/reference/events/``, loaded once per process.

Phrases are stored as token tuples, tokenised like the sentences they must
match, so multi-word triggers and cues are looked up with the same
longest-match helpers as the figure rules.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from typing import Any

from newsfacts.figures.tokens import Phrase, PhraseTable, phrase_key
from newsfacts.reference import load_yaml


@dataclass(frozen=True)
class TriggerEntry:
    """What a trigger phrase means: PLOVER type, mode and how to read its neighbours."""

    event_type: str
    mode: str | None
    pos: str
    ambiguous: bool
    after: frozenset[str]
    window: int


@dataclass(frozen=True)
class EventLexicon:
    triggers: PhraseTable[TriggerEntry]
    ignore: PhraseTable[str]
    modality_cues: PhraseTable[str]
    negated_after: PhraseTable[str]
    planned_after: PhraseTable[str]
    window: int
    negated_after_window: int
    breakers: frozenset[str]
    risk_verbs: frozenset[str]
    violence_cues: frozenset[str]
    min_violence_cues: int
    non_violent_causes: frozenset[str]
    fiction_cues: frozenset[str]
    min_fiction_cues: int
    role_phrases: PhraseTable[str]
    effects_cues: PhraseTable[str]
    hunting_cues: frozenset[str]
    min_hunting_cues: int
    agentless_deaths: frozenset[str]
    affecting_events: frozenset[str]
    disaster_cues: frozenset[str]
    min_disaster_cues: int
    fictional_modifiers: frozenset[str]
    depiction_verbs: frozenset[str]
    work_cues: frozenset[str]
    justice_cues: frozenset[str]
    computing_cues: frozenset[str]
    min_computing_cues: int
    score_words: frozenset[str]
    abstract_objects: frozenset[str]
    physical_targets: frozenset[str]
    walkout_words: frozenset[str]
    labour: frozenset[str]
    body_parts: frozenset[str]
    personnel: frozenset[str]
    assailants: frozenset[str]
    place_prepositions: frozenset[str]
    place_nouns: frozenset[str]
    place_modifiers: frozenset[str]
    site_nouns: frozenset[str]
    vicinity: frozenset[str]
    divisions: dict[str, int]
    reporting: frozenset[str]
    anaphora: frozenset[str]
    light_verbs: frozenset[str]


def _words(items: list[Any]) -> frozenset[str]:
    return frozenset(str(item).lower() for item in items)


def _triggers(data: dict[str, Any]) -> PhraseTable[TriggerEntry]:
    """First definition of a phrase wins, so list the more specific reading first."""
    table: dict[Phrase, TriggerEntry] = {}
    for event_type, entries in data.items():
        if event_type == "ignore":
            continue
        for entry in entries:
            meaning = TriggerEntry(
                event_type=event_type,
                mode=entry.get("mode"),
                pos=entry.get("pos", "noun"),
                ambiguous=bool(entry.get("ambiguous", False)),
                after=_words(entry.get("after", [])),
                window=int(entry.get("window", 0)),
            )
            for phrase in entry["phrases"]:
                table.setdefault(phrase_key(str(phrase)), meaning)
    return PhraseTable(table.items())


def _table(phrases: list[Any], value: str) -> PhraseTable[str]:
    return PhraseTable((phrase_key(str(p)), value) for p in phrases)


@cache
def lexicon() -> EventLexicon:
    """All event reference data; edit the YAML files to extend it."""
    triggers = load_yaml("events/triggers.yaml")
    modality = load_yaml("events/modality.yaml")
    context = load_yaml("events/context.yaml")
    cues = PhraseTable(
        (phrase_key(str(cue)), name)
        for name in ("planned", "hypothetical", "negated")
        for cue in modality[name]
    )
    return EventLexicon(
        triggers=_triggers(triggers),
        ignore=_table(triggers.get("ignore", []), "ignore"),
        modality_cues=cues,
        negated_after=_table(modality["negated_after"], "negated"),
        planned_after=_table(modality["planned_after"], "planned"),
        window=int(modality["window"]),
        negated_after_window=int(modality["negated_after_window"]),
        breakers=_words(modality["breakers"]),
        risk_verbs=_words(modality["risk_verbs"]),
        violence_cues=_words(context["violence_cues"]),
        min_violence_cues=int(context["min_violence_cues"]),
        non_violent_causes=_words(context["non_violent_causes"]),
        fiction_cues=_words(context["fiction_cues"]),
        min_fiction_cues=int(context["min_fiction_cues"]),
        role_phrases=_table(context["role_phrases"], "role"),
        effects_cues=_table(context["effects_cues"], "effects"),
        hunting_cues=_words(context["hunting_cues"]),
        min_hunting_cues=int(context["min_hunting_cues"]),
        agentless_deaths=_words(context["agentless_deaths"]),
        affecting_events=_words(context["affecting_events"]),
        disaster_cues=_words(context["disaster_cues"]),
        min_disaster_cues=int(context["min_disaster_cues"]),
        fictional_modifiers=_words(context["fictional_modifiers"]),
        depiction_verbs=_words(context["depiction_verbs"]),
        work_cues=_words(context["work_cues"]),
        justice_cues=_words(context["justice_cues"]),
        computing_cues=_words(context["computing_cues"]),
        min_computing_cues=int(context["min_computing_cues"]),
        score_words=_words(context["score_words"]),
        abstract_objects=_words(context["abstract_objects"]),
        physical_targets=_words(context["physical_targets"]),
        walkout_words=_words(context["walkout_words"]),
        labour=_words(context["labour"]),
        body_parts=_words(context["body_parts"]),
        personnel=_words(context["personnel"]),
        assailants=_words(context["assailants"]),
        place_prepositions=_words(context["place_prepositions"]),
        place_nouns=_words(context["place_nouns"]),
        place_modifiers=_words(context["place_modifiers"]),
        site_nouns=_words(context["site_nouns"]),
        vicinity=_words(context["vicinity"]),
        divisions={str(k).lower(): int(v) for k, v in context["divisions"].items()},
        reporting=_words(context["reporting"]),
        anaphora=_words(context["anaphora"]),
        light_verbs=_words(context["light_verbs"]),
    )
