"""Where an event happened, geocoded offline.

The place is a name governed by a locative preposition near the trigger in
the same clause ("a drone strike in Baghdad", "strikes hit al-Qaim"), else a
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
from newsfacts.gazetteer import Place, lookup_place
from newsfacts.model import Mention

PLACE_WINDOW = 12
_DETERMINERS = frozenset({"the", "a", "an"})
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


def event_place(ctx: SentenceContext, event: EventMention, lex: EventLexicon) -> Name | None:
    """The place name of the event in its sentence, if the sentence gives one."""
    nearby = _names_after(ctx, event)
    places = [
        n
        for n in nearby
        if n.is_place and not compound_adjective(ctx, n) and _locative(ctx, n, event, lex)
    ]
    if not places:
        return _sentence_initial(ctx, event, lex)
    anchor = event.main.first
    return min(places, key=lambda n: (n.first < anchor, abs(n.first - anchor)))


def _names_after(ctx: SentenceContext, event: EventMention) -> list[Name]:
    """Names starting within reach after one of the triggers."""
    found: dict[int, Name] = {}
    for trigger in event.triggers:
        for i in range(trigger.last, min(len(ctx.tokens), trigger.last + PLACE_WINDOW + 1)):
            name = ctx.name_starting_at(i)
            if name is not None:
                found[name.first] = name
    return [found[i] for i in sorted(found)]


def nearby_places(ctx: SentenceContext, event: EventMention, exclude: Name | None) -> list[str]:
    """Other place names around the trigger: the country of an unknown site."""
    first = max(0, event.main.first - 2 * PLACE_WINDOW)
    last = min(len(ctx.tokens), event.main.last + 2 * PLACE_WINDOW)
    names = [ctx.name_starting_at(i) for i in range(first, last)]
    return [n.mention.key for n in names if n is not None and n.is_place and n is not exclude]


def _locative(ctx: SentenceContext, name: Name, event: EventMention, lex: EventLexicon) -> bool:
    """A place phrase after a trigger in its clause ("strike in Baghdad"), or the
    object of a physical act ("shelled Kharkiv", "hit al-Qaim"). Speech acts take
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


def _sentence_initial(
    ctx: SentenceContext, event: EventMention, lex: EventLexicon
) -> Name | None:
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
    """The city of a dateline opening a paragraph, in title case."""
    match = _DATELINE.match(paragraph_start)
    if not match:
        return None
    city = match.group(1).title()
    return city if lookup_place(city) else None


def geocode(key: str, country_hint: str | None, nearby: Sequence[str] = ()) -> Location:
    """Coordinates of a place name; unknown sites keep the country of nearby places."""
    place = lookup_place(key, country_hint)
    if place is not None:
        return Location(key, place.country_code, place.latitude, place.longitude)
    return Location(key, _nearby_country(nearby, country_hint) or country_hint, None, None)


def _nearby_country(nearby: Sequence[str], country_hint: str | None) -> str | None:
    found: list[Place] = [p for n in nearby if (p := lookup_place(n, country_hint))]
    return next((p.country_code for p in found if p.country_code), None)
