"""Document-level entity mentions: the sentence candidates, keyed and completed.

The sentence pass (``discover``) leaves open what only the whole document
can tell: a lone surname refers back to the full name ("Haddad" -> the
spokesman named earlier), an acronym to the name it was defined after
("National Liberation Front (NLF)"), a title alone to the person the
document introduced with that title ("the prime minister"). This module
settles those and gives every mention its document-level ``key``.
"""

from __future__ import annotations

import bisect
import itertools
import re
from collections.abc import Iterator
from dataclasses import dataclass, replace
from functools import cache

from newsfacts.entities.discover import Candidate, discover
from newsfacts.entities.lexicon import lexicon, name_words
from newsfacts.gazetteer import lookup_place
from newsfacts.model import CleanDocument, Mention
from newsfacts.names import name_key

_WORD_BEFORE = re.compile(r"[\w'’]+")
# Determiners that introduce a new referent: "a spokesman said" is not the
# spokesman the document named.
_NEW_REFERENT = frozenset(
    {"a", "an", "another", "one", "his", "her", "their", "its", "any", "some", "no", "every"}
)
# How many words (adjectives, demonyms) may stand between a determiner and a title.
MAX_TITLE_MODIFIERS = 4
_ACRONYM_DEFINITION = re.compile(r" \(([A-Z][A-Za-z]{0,2}[A-Z]+)\)")
_QUOTE_MARKS = re.compile(r"[“”\"]")
_SPACES = re.compile(r"\s+")
_KNOWN_AS = re.compile(r",? \(?(?:(?:also|better|popularly|widely) )?known as [“\"]?")
# An unknown all-capitals word is taken as an organisation's acronym from
# three letters on (two-letter ones are mostly abbreviations: ID, TV, QC).
MIN_ACRONYM_LETTERS = 3
# A lone word must have at least this many letters (article aside) to be
# looked up in the gazetteer; shorter ones match too many towns.
MIN_FUZZY_PLACE_LETTERS = 4


@dataclass(frozen=True)
class _Found:
    sentence_idx: int
    candidate: Candidate


@dataclass
class _Person:
    key: str
    words: frozenset[str]
    start: int
    titles: set[str]


def extract_mentions(doc: CleanDocument) -> list[Mention]:
    """Every name mention of ``doc`` with its type and document-level key."""
    found = [
        _Found(sentence.sentence_idx, candidate)
        for sentence in doc.sentences
        for candidate in discover(sentence.text, sentence.char_start)
    ]
    found = _expansions_are_organisations(doc.clean_text, found)
    found = _nicknames_are_names(doc.clean_text, found)
    acronyms = _acronym_definitions(doc.clean_text, found)
    persons = _persons(doc.clean_text, found)
    countries = _countries(found)
    mentions = [
        m for item in found if (m := _keyed(doc, item, acronyms, persons, countries)) is not None
    ]
    mentions.extend(_title_mentions(doc, mentions, persons))
    return _nicknames(doc.clean_text, _without_overlaps(mentions))


def _nicknames_are_names(text: str, found: list[_Found]) -> list[_Found]:
    """A word the sentence left open after "X, known as" is a name of X's type."""
    retyped = list(found)
    for i in range(1, len(found)):
        previous, candidate = found[i - 1].candidate, found[i].candidate
        open_after_known = previous.entity_type is not None and candidate.entity_type is None
        if open_after_known and _KNOWN_AS.fullmatch(text, previous.end, candidate.start):
            typed = replace(candidate, entity_type=previous.entity_type)
            retyped[i] = _Found(found[i].sentence_idx, typed)
    return retyped


def _nicknames(text: str, mentions: list[Mention]) -> list[Mention]:
    """ "X, known as Y": Y, there and later in the document, is another name of X."""
    aliases: dict[str, tuple[str, str]] = {}
    for previous, mention in itertools.pairwise(mentions):
        if _KNOWN_AS.fullmatch(text, previous.char_end, mention.char_start):
            aliases.setdefault(mention.key, (previous.entity_type, previous.key))
    return [
        replace(m, entity_type=aliases[m.key][0], key=aliases[m.key][1]) if m.key in aliases else m
        for m in mentions
    ]


def _key_of(candidate: Candidate) -> str:
    return candidate.canonical or _SPACES.sub(" ", _QUOTE_MARKS.sub("", candidate.surface))


def _expansions_are_organisations(text: str, found: list[_Found]) -> list[_Found]:
    """A multi-word name followed by an acronym in parentheses is an organisation.

    People are not given acronyms, so "World Relief Programme (WRP)" is an
    organisation even without a known head word; nor do they take a plural
    verb or "which" ("X have fought", "X, which operates").
    """
    organisations = {
        item.candidate.surface
        for item in found
        if _unsure(item.candidate)
        and (
            _ACRONYM_DEFINITION.match(text, item.candidate.end)
            or _organisation_evidence(text, item.candidate)
        )
    }
    retyped = []
    for item in found:
        candidate = item.candidate
        if _unsure(candidate) and candidate.surface in organisations:
            candidate = replace(candidate, entity_type="ORG")
        retyped.append(_Found(item.sentence_idx, candidate))
    return retyped


def _unsure(candidate: Candidate) -> bool:
    """An untitled several-word name, without a given name, taken for a person or left open."""
    untyped = candidate.entity_type in (None, "PERSON") and not candidate.title
    first = candidate.surface.split(" ")[0]
    return untyped and " " in candidate.surface and first not in lexicon().given_names


def _organisation_evidence(text: str, candidate: Candidate) -> bool:
    """Whether a word right after the name is one only an organisation takes.

    One occurrence settles the name for the whole document: "X have
    fought the army" makes every "X" of the article an organisation. A
    plural verb after "Y and X" belongs to both names, so it is no evidence.
    """
    match = _organisation_evidence_pattern().match(text, candidate.end)
    if match is None:
        return False
    coordinated = text[max(0, candidate.start - 5) : candidate.start].endswith((" and ", ", "))
    return match.group(1) == "which" or not coordinated


@cache
def _organisation_evidence_pattern() -> re.Pattern[str]:
    words = sorted(lexicon().org_evidence_after, key=len, reverse=True)
    return re.compile(r",? (" + "|".join(re.escape(w) for w in words) + r")\b")


def _acronym_definitions(text: str, found: list[_Found]) -> dict[str, tuple[str, str]]:
    """``Name (ACR)`` defines ACR as Name for the whole document: acronym -> (type, key)."""
    defined: dict[str, tuple[str, str]] = {}
    for item in found:
        candidate = item.candidate
        match = _ACRONYM_DEFINITION.match(text, candidate.end)
        if match and candidate.entity_type in ("ORG", "GPE", "LOC", "FAC"):
            defined.setdefault(match.group(1), (candidate.entity_type, _key_of(candidate)))
    return defined


def _persons(text: str, found: list[_Found]) -> list[_Person]:
    """Multi-word person names of the document, variants folded into the longest.

    Two names are one person when the words of one are among the words of
    the other (Joe Biden / President Joe Biden) after vowel-insensitive
    folding; a shared particle (al-, Abu) alone never links two names.
    """
    persons: list[_Person] = []
    for item in sorted(found, key=lambda f: -len(f.candidate.surface)):
        candidate = item.candidate
        if candidate.entity_type != "PERSON":
            continue
        if len(name_words(candidate.surface)) < 2 and not candidate.title:
            continue
        words = name_words(candidate.surface)
        same = next((p for p in persons if words <= p.words), None)
        if same is None:
            same = _Person(_key_of(candidate), words, candidate.start, set())
            persons.append(same)
        same.start = min(same.start, candidate.start)
        same.titles.update(_titles_before(text, candidate))
    return persons


def _titles_before(text: str, candidate: Candidate) -> set[str]:
    """The title written in the name (``Prime Minister X``) or just before it (``general X``)."""
    titles = {candidate.title} if candidate.title else set()
    before = text[max(0, candidate.start - 60) : candidate.start]
    tail = _role_tail().search(before)
    if tail:
        titles.add(_role_title(tail.group(1)))
    return titles


@cache
def _role_pattern() -> re.Pattern[str]:
    """Role titles as whole words, longest first so "prime minister" beats "minister"."""
    roles = sorted(lexicon().role_titles, key=len, reverse=True)
    abbreviations = [r for r in roles if r.isupper()]
    words = [re.escape(r) for r in roles if not r.isupper()]
    pattern = r"\b(" + "|".join([*map(re.escape, abbreviations), *[f"(?i:{w})" for w in words]])
    return re.compile(pattern + r")\b")


@cache
def _role_tail() -> re.Pattern[str]:
    """A role title ending right before a name (one space between)."""
    return re.compile(_role_pattern().pattern + r" $")


def _role_title(written: str) -> str:
    roles = lexicon().role_titles
    return roles.get(written) or roles.get(written.lower()) or written


def _person_by_surname(word: str, persons: list[_Person]) -> _Person | None:
    """The one document person whose name contains ``word`` (none if several do)."""
    words = name_words(word)
    if len(words) != 1:
        return None
    matches = [p for p in persons if words <= p.words]
    return matches[0] if len(matches) == 1 else None


def _countries(found: list[_Found]) -> frozenset[str]:
    """Countries of the places the sentences named with confidence: the story's setting."""
    codes = set()
    for item in found:
        candidate = item.candidate
        if candidate.entity_type in ("GPE", "LOC") and candidate.canonical:
            place = lookup_place(candidate.canonical)
            if place is not None and place.country_code:
                codes.add(place.country_code)
    return frozenset(codes)


def _keyed(
    doc: CleanDocument,
    item: _Found,
    acronyms: dict[str, tuple[str, str]],
    persons: list[_Person],
    countries: frozenset[str],
) -> Mention | None:
    candidate = item.candidate
    typed = _settle_type(candidate, acronyms, persons, countries)
    if typed is None:
        return None
    entity_type, key = typed
    return Mention(
        doc.doc_id,
        item.sentence_idx,
        candidate.start,
        candidate.end,
        candidate.surface,
        entity_type,
        key,
    )


def _settle_type(
    candidate: Candidate,
    acronyms: dict[str, tuple[str, str]],
    persons: list[_Person],
    countries: frozenset[str],
) -> tuple[str, str] | None:
    """(type, key) of a candidate, or None when it is not a name after all."""
    surface = candidate.surface
    if surface in acronyms:
        return acronyms[surface]
    if candidate.entity_type == "PERSON":
        person = _person_by_surname(surface, persons) if " " not in surface else None
        if person is None:
            person = next((p for p in persons if name_words(surface) <= p.words), None)
        return "PERSON", person.key if person else _key_of(candidate)
    person = _person_by_surname(surface, persons)
    if candidate.entity_type is not None and not (person and _town_word(candidate)):
        return candidate.entity_type, _key_of(candidate)
    if person is not None:
        return "PERSON", person.key
    if candidate.initial or len(surface) < 2:
        return None
    if surface.isupper() and len(surface) >= MIN_ACRONYM_LETTERS:
        return "ORG", surface
    return _place_in_setting(surface, countries)


def _town_word(candidate: Candidate) -> bool:
    """A one-word town name, which a surname of the document outranks ("Ahmed Hassan
    ... said Hassan" is the man, not the Indian city)."""
    if candidate.entity_type != "GPE" or " " in candidate.surface:
        return False
    place = lookup_place(candidate.surface)
    return place is not None and place.kind == "city"


def _place_in_setting(surface: str, countries: frozenset[str]) -> tuple[str, str] | None:
    """A name the sentence left open is a place if it is a big one or in the story's countries.

    "Basra" (the gazetteer's Basrah) is a city anywhere; "al-Rutbah" in an
    article about Iraq is the Iraqi town; "Hewitt" in an article about
    Britain is not the Texan one.
    """
    if len(name_key(surface)) < MIN_FUZZY_PLACE_LETTERS:
        return None
    place = lookup_place(surface)
    if place is None:
        return None
    big = place.kind != "city" or (place.population or 0) >= lexicon().min_bare_town_population
    if not big and place.country_code not in countries:
        return None
    return place.entity_type, place.name


def _title_mentions(
    doc: CleanDocument, mentions: list[Mention], persons: list[_Person]
) -> Iterator[Mention]:
    """A title standing alone for a person the document introduced with it.

    "the prime minister said" refers to the person written as "Prime
    Minister X" or "PM X" elsewhere in the document: the nearest such
    person before the title, else the first after it. Titles right before
    a capitalised word are part of that name and are skipped, and so are
    titles introduced as someone new ("a spokesman", "his adviser").
    """
    titled = [p for p in persons if p.titles]
    if not titled:
        return
    taken = sorted((m.char_start, m.char_end) for m in mentions)
    for sentence in doc.sentences:
        for match in _role_pattern().finditer(sentence.text):
            start = sentence.char_start + match.start()
            end = sentence.char_start + match.end()
            if _overlaps(start, end, taken) or _before_name(doc.clean_text, end):
                continue
            if _indefinite(doc.clean_text, start):
                continue
            person = _titled_person(_role_title(match.group(1)), start, titled)
            if person is not None:
                yield Mention(
                    doc.doc_id,
                    sentence.sentence_idx,
                    start,
                    end,
                    match.group(1),
                    "PERSON",
                    person.key,
                )


def _indefinite(text: str, start: int) -> bool:
    """Whether the determiner of the title's noun phrase introduces someone new."""
    words = _WORD_BEFORE.findall(text[max(0, start - 60) : start])
    for word in reversed(words[-MAX_TITLE_MODIFIERS:]):
        lowered = word.lower()
        if lowered in _NEW_REFERENT:
            return True
        if lowered == "the" or lowered.endswith(("'s", "’s")):
            return False
    return False


def _before_name(text: str, end: int) -> bool:
    nxt = text[end : end + 2]
    return len(nxt) == 2 and nxt[0] == " " and nxt[1].isupper()


def _titled_person(title: str, position: int, titled: list[_Person]) -> _Person | None:
    holders = [p for p in titled if title in p.titles]
    before = [p for p in holders if p.start < position]
    if before:
        return max(before, key=lambda p: p.start)
    return min(holders, key=lambda p: p.start) if holders else None


def _overlaps(start: int, end: int, spans: list[tuple[int, int]]) -> bool:
    """Whether [start, end) meets one of the sorted, disjoint ``spans``."""
    i = bisect.bisect_left(spans, (end, end))
    return i > 0 and spans[i - 1][1] > start


def _without_overlaps(mentions: list[Mention]) -> list[Mention]:
    """Text order; of two overlapping mentions the longer one stays."""
    kept: list[Mention] = []
    for mention in sorted(mentions, key=lambda m: (m.char_start, -(m.char_end - m.char_start))):
        if kept and mention.char_start < kept[-1].char_end:
            continue
        kept.append(mention)
    return kept
