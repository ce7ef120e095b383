"""Where an event happened, geocoded offline.

The place is a name governed by a locative preposition near the trigger in
the same clause ("a drone strike in Baghdad", "strikes hit al-Rutba"), else a
sentence-initial locative ("In Syria, those strikes killed..."), else the
dateline of the paragraph ("ERBIL, Kurdistan Region -"). Ambiguous names
resolve in the document's country; a site the gazetteer does not know keeps
its name, no coordinates, and the country of the other places around it.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass

from newsfacts.dates import MONTHS, WEEKDAYS
from newsfacts.events.context import Name, SentenceContext
from newsfacts.events.lexicon import EventLexicon
from newsfacts.events.participants import (
    compound_adjective,
    is_place_object,
    modifies_noun,
    possessive,
)
from newsfacts.events.timing import SPEECH_TYPES
from newsfacts.events.triggers import EventMention
from newsfacts.figures.tokens import Token
from newsfacts.gazetteer import Place, is_place_name, lookup_place
from newsfacts.model import Mention

PLACE_WINDOW = 12
_DETERMINERS = frozenset({"the", "a", "an"})
# Longest name of an unlisted site, in tokens ("Deir al - Balah").
MAX_SITE_TOKENS = 5
_CALENDAR = frozenset(WEEKDAYS) | frozenset(MONTHS)
# Event types whose direct object can be a place ("shelled Kharkiv").
PHYSICAL_TYPES = frozenset({"ASSAULT", "COERCE", "MOBILIZE", "RETREAT", "AID"})
# "ERBIL, Kurdistan Region of Iraq - " or "BAGHDAD (Reuters) -": an upper-case
# city, optional detail without dashes, then a dash; every part is bounded.
_DATELINE = re.compile(
    r"^([A-Z][A-Z’'.]{1,30}(?:[ -][A-Z][A-Z’'.]{1,30}){0,3})"
    r"(?:,[^-–—\n]{1,60}?| \([^)\n]{1,30}\))? [-–—] "
)


@dataclass(frozen=True)
class Location:
    key: str
    country_code: str | None
    latitude: float | None
    longitude: float | None


def document_country(mentions: Sequence[Mention]) -> str | None:
    """The country most places of the document are in: the hint for ambiguous names."""
    counts: Counter[str] = Counter()
    for mention in mentions:
        if mention.entity_type in ("GPE", "LOC", "FAC"):
            place = lookup_place(mention.key)
            if place and place.country_code:
                counts[place.country_code] += 1
    return counts.most_common(1)[0][0] if counts else None


def event_place(ctx: SentenceContext, event: EventMention, lex: EventLexicon) -> str | None:
    """The place of the event in its sentence (a mention key, or the name of a site
    no extractor knows), if the sentence gives one."""
    nearby = _names_after(ctx, event)
    places = [
        n
        for n in nearby
        if n.is_place and not compound_adjective(ctx, n) and _locative(ctx, n, event, lex)
    ]
    site = _unlisted_site(ctx, event, lex)
    if places:
        anchor = event.main.first
        best = min(places, key=lambda n: (n.first < anchor, abs(n.first - anchor)))
        # "the village of Kafr Dumra near Idlib": the nearer, smaller site wins.
        return site[1] if site and site[0] < best.first else best.mention.key
    fronted = _sentence_initial(ctx, event, lex)
    if fronted is not None:
        return fronted.mention.key
    return site[1] if site else None


def _unlisted_site(
    ctx: SentenceContext, event: EventMention, lex: EventLexicon
) -> tuple[int, str] | None:
    """ "in the northern town of Kafr Dael", "near Wadi Sayed": a capitalised name after
    a locative preposition that no mention covers (villages, camps, districts)."""
    if event.main.entry.event_type in SPEECH_TYPES:
        return None
    tokens = ctx.tokens
    physical = event.main.entry.event_type in PHYSICAL_TYPES
    for trigger in event.triggers:
        if physical and trigger.entry.pos in ("verb", "victim"):
            start = _skip_place_words(ctx, trigger.last, lex)  # "shelled the village of X"
            name = _capitalised_run(ctx, start) if start > trigger.last else None
            if name:
                return start, name
        for i in range(trigger.last, min(len(tokens), trigger.last + PLACE_WINDOW)):
            if _breaks(tokens[i].lower, lex) or tokens[i].text == ",":
                break
            if tokens[i].lower in lex.place_prepositions:
                start = _skip_place_words(ctx, i + 1, lex)
                name = _capitalised_run(ctx, start)
                if name:
                    return start, name
    return None


def _skip_place_words(ctx: SentenceContext, i: int, lex: EventLexicon) -> int:
    """Past "the", a direction ("northern") and "city of" to where a name would start."""
    tokens = ctx.tokens
    for words in (_DETERMINERS, lex.place_modifiers, lex.place_nouns):
        if i < len(tokens) and tokens[i].lower in words:
            i += 1
    if i + 1 < len(tokens) and tokens[i].lower == "of" and tokens[i - 1].lower in lex.place_nouns:
        i += 1
    return i


def _capitalised_run(ctx: SentenceContext, start: int) -> str | None:
    """The site name starting at ``start``; a name after "the village of" is a place
    whatever type the name finder gave it."""
    tokens = ctx.tokens
    named = ctx.name_starting_at(start)
    if named is not None and start >= 2 and tokens[start - 1].lower == "of":
        return named.mention.key
    end = start
    while end < len(tokens) and end - start < MAX_SITE_TOKENS:
        token = tokens[end]
        joined = token.text == "-" and end > start and end + 1 < len(tokens)
        if not (joined or (token.is_word and token.is_capitalised)):
            break
        end += 1
    if end == start or tokens[end - 1].text == "-":
        return None
    if any(ctx.name_starting_at(i) or i in ctx.trigger_tokens for i in range(start, end)):
        return None
    if any(t.lower.rstrip("'s’") in _CALENDAR for t in tokens[start:end]):
        return None
    return ctx.sentence.text[tokens[start].start : tokens[end - 1].end]


def _names_after(ctx: SentenceContext, event: EventMention) -> list[Name]:
    """Names starting within reach after one of the triggers."""
    found: dict[int, Name] = {}
    for trigger in event.triggers:
        for i in range(trigger.last, min(len(ctx.tokens), trigger.last + PLACE_WINDOW + 1)):
            name = ctx.name_starting_at(i)
            if name is not None:
                found[name.first] = name
    return [found[i] for i in sorted(found)]


def nearby_places(ctx: SentenceContext, event: EventMention, exclude: str) -> list[str]:
    """Other place names around the trigger: the country of an unknown site."""
    first = max(0, event.main.first - 2 * PLACE_WINDOW)
    last = min(len(ctx.tokens), event.main.last + 2 * PLACE_WINDOW)
    names = [ctx.name_starting_at(i) for i in range(first, last)]
    return [
        n.mention.key for n in names if n is not None and n.is_place and n.mention.key != exclude
    ]


def _locative(ctx: SentenceContext, name: Name, event: EventMention, lex: EventLexicon) -> bool:
    """A place phrase after a trigger in its clause ("strike in Baghdad"), or the
    object of a physical act ("shelled Kharkiv", "hit al-Rutba"). Speech acts take
    no place from their content ("demanded an end to the presence in Iraq")."""
    if event.main.entry.event_type in SPEECH_TYPES:
        return False
    for trigger in event.triggers:
        if name.first < trigger.last or name.first - trigger.last > PLACE_WINDOW:
            continue
        between = ctx.tokens[trigger.last : name.first]
        if any(_breaks(t.lower, lex) for t in between):
            continue
        physical = event.main.entry.event_type in PHYSICAL_TYPES
        determiners_only = all(t.lower in _DETERMINERS for t in between)
        if determiners_only and physical and not modifies_noun(ctx, name, lex):
            return True  # "shelled Kharkiv", "raided the Jenin camp"
        if is_place_object(ctx, name, lex) or _possessive_site(ctx, name, between, lex):
            return True
    return False


def _possessive_site(
    ctx: SentenceContext, name: Name, between: Sequence[Token], lex: EventLexicon
) -> bool:
    """ "an attack on Ukraine's energy grid": the possessor of the site is the place."""
    return possessive(ctx, name) and any(t.lower in lex.place_prepositions for t in between)


def _breaks(word: str, lex: EventLexicon) -> bool:
    return (word in lex.breakers and word not in ("and", "as")) or word == "that"


def _sentence_initial(ctx: SentenceContext, event: EventMention, lex: EventLexicon) -> Name | None:
    """ "In Syria, those strikes...": a fronted locative covers the sentence, but not
    what someone there said ("In Washington, the Pentagon said...") nor speech acts."""
    tokens = ctx.tokens
    if event.main.entry.event_type in SPEECH_TYPES:
        return None
    if len(tokens) < 3 or tokens[0].lower not in lex.place_prepositions:
        return None
    name = next((n for n in ctx.names if n.first in (1, 2)), None)
    if name is None or not name.is_place or name.last >= len(tokens):
        return None
    if tokens[name.last].text != ",":
        return None
    between = tokens[name.last : event.main.first]
    return None if any(t.lower in lex.reporting for t in between) else name


def dateline_place(paragraph_start: str) -> str | None:
    """The city of a dateline opening a paragraph, in title case (known to the
    gazetteer or not: the dateline form itself says it is a place)."""
    match = _DATELINE.match(paragraph_start)
    if not match:
        return None
    return match.group(1).title()


def geocode(
    key: str, country_hint: str | None, nearby: Sequence[str] = (), strict: bool = False
) -> Location:
    """Coordinates of a place name; unknown sites keep the country of nearby places.

    ``strict`` (for names no entity extractor vouched for) accepts only a name the
    gazetteer has as written, not a spelling variant of some other town.
    """
    if strict and not is_place_name(key):
        return Location(key, _nearby_country(nearby, country_hint) or country_hint, None, None)
    place = lookup_place(key, country_hint)
    if place is not None:
        return Location(key, place.country_code, place.latitude, place.longitude)
    return Location(key, _nearby_country(nearby, country_hint) or country_hint, None, None)


def _nearby_country(nearby: Sequence[str], country_hint: str | None) -> str | None:
    found: list[Place] = [p for n in nearby if (p := lookup_place(n, country_hint))]
    return next((p.country_code for p in found if p.country_code), None)
