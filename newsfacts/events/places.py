"""Where an event happened, geocoded offline, and how precisely (ACLED's geo_precision).

The place is a name governed by a locative preposition near the trigger in
the same clause ("a drone strike in Mopti", "strikes hit al-Qurna"), else a
sentence-initial locative ("In Mali, those raids killed..."), else, for an
attack, a place the sentence introduces with a locative preposition anywhere
("An air strike on a building where families sheltered in northern Gaza
killed..."), else the dateline of the paragraph ("GAO, Mali -").
Ambiguous names resolve in the document's country; a site the gazetteer does
not know keeps its name as written, no coordinates, and the country of the
other places around it.

Precision: 1 a town, village or site (a name the gazetteer does not know is
taken for one: the gazetteer holds every province and country); 2 near or
outside a town ("near Djibo", "on the outskirts of Mosul") or part of a
province ("northern Idlib"); 3 a province, region or country. Across the
document, the mentions of one event share its most specific place
(``share_places``).
"""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from newsfacts.dates import MONTHS, WEEKDAYS
from newsfacts.events.context import Name, SentenceContext
from newsfacts.events.grouping import compatible
from newsfacts.events.lexicon import EventLexicon
from newsfacts.events.participants import (
    compound_adjective,
    is_place_object,
    modifies_noun,
    possessive,
)
from newsfacts.events.sharing import asserted_attacks, copy_columns, event_groups, share_in_groups
from newsfacts.events.timing import SPEECH_TYPES
from newsfacts.events.triggers import EventMention
from newsfacts.figures.tokens import Token
from newsfacts.gazetteer import Place, is_place_name, lookup_place
from newsfacts.model import Mention

PLACE_WINDOW = 12
# Words between a locative preposition and the place name ("in the northern city of").
MAX_PLACE_LEAD = 5
# Words before an attack noun that make it a landmark in time, and how far back.
_LANDMARK_WORDS = frozenset({"anniversary", "aftermath", "wake", "since", "after", "following"})
LANDMARK_REACH = 4
# Words of medical care: a place next to them is where victims were treated.
_CARE_WORDS = frozenset({"hospital", "hospitals", "clinic", "clinics", "morgue", "treated"})
# Prepositions that put an attack at a place anywhere in its sentence.
_SCENE_PREPOSITIONS = frozenset({"in", "at", "near", "outside"})
# Prepositions before "the" that make an organisation's name its premises.
_SITE_PREPOSITIONS = frozenset({"at", "outside"})
_DETERMINERS = frozenset({"the", "a", "an"})
# Longest name of an unlisted site, in tokens ("Deir al - Balah").
MAX_SITE_TOKENS = 5
_CALENDAR = frozenset(WEEKDAYS) | frozenset(MONTHS)
_ORDINAL_SUFFIXES = frozenset({"st", "nd", "rd", "th"})
# Event types whose direct object can be a place ("shelled Kharkiv").
PHYSICAL_TYPES = frozenset({"ASSAULT", "COERCE", "MOBILIZE", "RETREAT", "AID"})
# "MOPTI, central Mali - " or "GAO (Reuters) -": an upper-case
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
    place: Place | None = None


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
        if n.is_place
        and not compound_adjective(ctx, n)
        and not _near_care(ctx, max(0, n.first - 1), n.last)
        and _locative(ctx, n, event, lex)
    ]
    named = _named_site(ctx, event, lex)
    if named is not None:
        return named
    site = _unlisted_site(ctx, event, lex)
    if places:
        anchor = event.main.first
        best = min(places, key=lambda n: (n.first < anchor, abs(n.first - anchor)))
        # "the village of Kafr Dumra near Idlib": the nearer, smaller site wins.
        return site[1] if site and site[0] < best.first else best.mention.key
    fronted = _sentence_initial(ctx, event, lex)
    if fronted is not None:
        return fronted.mention.key
    if site:
        return site[1]
    town = _town_naming_the_attack(ctx, event, lex)
    if town is not None:
        return town
    return _anywhere_in_sentence(ctx, event, lex)


def _named_site(ctx: SentenceContext, event: EventMention, lex: EventLexicon) -> str | None:
    """A street or building named after an attack in its sentence ("walking down
    Harlan's 5th Avenue", "outside the town's Lumo 24 studios", "in Kafr area"):
    capitalised words or numbers before a site noun, after a locative preposition
    or a possessive, with no reporting verb between. A lower-case noun is left out
    of the name ("the Kestrel Suites hotel" is Kestrel Suites)."""
    if event.main.entry.event_type != "ASSAULT" or landmark(ctx, event):
        return None
    tokens = ctx.tokens
    after = max(t.last for t in event.triggers)
    for k in range(after, len(tokens)):
        if tokens[k].lower in lex.reporting:
            return None
        if tokens[k].lower not in lex.site_nouns or not _site_head(tokens, k, lex):
            continue
        start = k
        while start > after and k - start < MAX_SITE_TOKENS and _site_word(tokens, start - 1):
            start -= 1
        if start < k and _introduces_site(tokens, start, lex) and not _people(ctx, start, k):
            end = k + 1 if tokens[k].is_capitalised else k
            name = ctx.sentence.text[tokens[start].start : tokens[end - 1].end]
            if not any(t.lower in _CALENDAR for t in tokens[start:end]):
                return name
    return None


def _site_head(tokens: Sequence[Token], k: int, lex: EventLexicon) -> bool:
    """A site noun that ends a site's name: a place noun only in lower case ("Kafr
    area", not "the Old Town")."""
    return tokens[k].lower not in lex.place_nouns or not tokens[k].is_capitalised


def _people(ctx: SentenceContext, start: int, end: int) -> bool:
    """Whether a people ("the Kenyan town") is named within tokens ``[start, end)``."""
    return any(
        n.first < end and n.last > start and n.mention.entity_type == "NORP" for n in ctx.names
    )


def _site_word(tokens: Sequence[Token], i: int) -> bool:
    """A word of a site's name: capitalised (not a possessor), a number, or the
    suffix of an ordinal ("5", "th")."""
    token = tokens[i]
    if token.is_digit:
        return True
    if token.lower in _ORDINAL_SUFFIXES:
        return i > 0 and tokens[i - 1].is_digit
    return token.is_word and token.is_capitalised and not token.text.endswith(("'s", "’s"))


def _introduces_site(tokens: Sequence[Token], start: int, lex: EventLexicon) -> bool:
    before = tokens[start - 1]
    if before.text.endswith(("'s", "’s")) or before.lower in lex.place_prepositions:
        return True
    return (
        start >= 2
        and before.lower in _DETERMINERS
        and tokens[start - 2].lower in lex.place_prepositions
    )


def _town_naming_the_attack(
    ctx: SentenceContext, event: EventMention, lex: EventLexicon
) -> str | None:
    """ "the Mumbai blasts", "a Kano market bombing": a town written before an attack
    noun is where it happened (a country there is a party: "US strikes")."""
    if event.main.entry.event_type != "ASSAULT":
        return None
    for trigger in event.triggers:
        if trigger.entry.pos != "noun":
            continue
        k = trigger.first
        previous = ctx.tokens[k - 1] if k > 0 else None
        if previous is not None and previous.text.islower() and previous.lower not in lex.breakers:
            k -= 1  # "market" in "a Kano market bombing"
        name = ctx.name_ending_at(k)
        if name is None or not name.is_place or possessive(ctx, name) or name.first == 0:
            continue  # a sentence's first word is capitalised anyway
        place = lookup_place(name.mention.key)
        if place is not None and place.precision == 1:
            return name.mention.key
    return None


def _anywhere_in_sentence(
    ctx: SentenceContext, event: EventMention, lex: EventLexicon
) -> str | None:
    """An attack's town or site named with "in", "at", "near" or "outside" later in its
    sentence, beyond the trigger's clause ("The fight broke out on a train pulling
    into a station in Hayward"), with no reporting verb between (what was said
    there is not where it happened); countries and provinces are left to the
    clause rules."""
    if event.main.entry.event_type != "ASSAULT" or landmark(ctx, event):
        return None
    after = max(t.last for t in event.triggers)
    for name in ctx.names:
        if name.first < after or compound_adjective(ctx, name):
            continue
        if not (name.is_place or _organisation_site(ctx, name)):
            continue
        if any(t.lower in lex.reporting for t in ctx.tokens[after : name.first]):
            return None
        start = _preposition_before(ctx, name.first, lex)
        if start is None or ctx.tokens[start].lower not in _SCENE_PREPOSITIONS:
            continue
        if _near_care(ctx, start, name.last):
            continue  # "treated at a Los Angeles hospital": where the victim went
        place = lookup_place(name.mention.key)
        if place is None or place.precision == 1:
            return name.mention.key
    return None


def _organisation_site(ctx: SentenceContext, name: Name) -> bool:
    """ "at the Nordpark-Halle", "outside the Lumo Club": an organisation's premises
    named as where something happened."""
    if name.mention.entity_type != "ORG" or name.first < 2:
        return False
    before = ctx.tokens[name.first - 2 : name.first]
    return before[0].lower in _SITE_PREPOSITIONS and before[1].lower == "the"


def landmark(ctx: SentenceContext, event: EventMention) -> bool:
    """An attack named as a landmark in time ("on the fourth anniversary of the US
    killing of X", "since the attack", "following the strike"): a past event the
    sentence only refers to."""
    counted = 0
    for token in reversed(ctx.tokens[: min(t.first for t in event.triggers)]):
        if token.lower in _LANDMARK_WORDS:
            return True
        if _calendar_token(token):
            continue  # "in the wake of the 14 March 2009 bombings"
        counted += 1
        if counted == LANDMARK_REACH:
            break
    return False


def _calendar_token(token: Token) -> bool:
    """A word of a date written before an attack noun: a month, a weekday, a day or
    year number, or the comma between them."""
    return token.lower in _CALENDAR or token.is_digit or token.text == ","


def _near_care(ctx: SentenceContext, start: int, last: int) -> bool:
    """A place of treatment: "in hospital in X", "at a X hospital", "X clinic"."""
    around = ctx.tokens[max(0, start - 2) : min(len(ctx.tokens), last + 1)]
    return any(t.lower in _CARE_WORDS for t in around)


def _preposition_before(ctx: SentenceContext, first: int, lex: EventLexicon) -> int | None:
    """Index of the locative preposition introducing a name at ``first`` ("in the
    northern city of X"), looking back over determiners, directions and place nouns."""
    k = first - 1
    for _ in range(MAX_PLACE_LEAD):
        if k < 0:
            return None
        word = ctx.tokens[k].lower
        if word in lex.place_prepositions:
            return k
        if (
            word not in _DETERMINERS
            and word not in lex.place_modifiers
            and word not in lex.place_nouns
            and word != "of"
        ):
            return None
        k -= 1
    return None


def place_precision(ctx: SentenceContext, key: str, found: Place | None, lex: EventLexicon) -> int:
    """ACLED geo_precision of the place ``key`` as the sentence gives it (see module)."""
    kind_precision = found.precision if found is not None else 1
    first = _first_token_of(ctx, key)
    if first is None:
        return kind_precision
    last = first + len(key.split())
    following = ctx.tokens[last].lower if last < len(ctx.tokens) else ""
    if following in lex.divisions:
        return lex.divisions[following]  # "in Katsina state": the state, not the town
    before = [t.lower for t in ctx.tokens[max(0, first - MAX_PLACE_LEAD) : first]]
    if kind_precision == 1 and set(before) & lex.vicinity:
        return 2  # "near Djibo", "on the outskirts of Mosul"
    part = found is not None and found.kind != "country" and set(before) & lex.place_modifiers
    if kind_precision == 3 and part:
        return 2  # "northern Idlib province"
    return kind_precision


def _first_token_of(ctx: SentenceContext, key: str) -> int | None:
    for name in ctx.names:
        if name.mention.key == key:
            return name.first
    words = key.split()
    for i, token in enumerate(ctx.tokens):
        if token.text == words[0] and ctx.sentence.text.startswith(key, token.start):
            return i
    return None


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
                if name and not _near_care(ctx, i, start + len(name.split())):
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
    """ "In Mali, those raids...": a fronted locative covers the sentence, but not
    what someone there said ("In Paris, the ministry said...") nor speech acts."""
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
        return Location(key, place.country_code, place.latitude, place.longitude, place)
    return Location(key, _nearby_country(nearby, country_hint) or country_hint, None, None)


def _nearby_country(nearby: Sequence[str], country_hint: str | None) -> str | None:
    found: list[Place] = [p for n in nearby if (p := lookup_place(n, country_hint))]
    return next((p.country_code for p in found if p.country_code), None)


# Two towns this close are one area: the smaller names the event more precisely.
NEAR_KM = 100
# A toll this many times the main attack's (and at least AGGREGATE_TOLL) tells a
# war or a campaign, not the attack the article is about.
AGGREGATE_FACTOR = 10
AGGREGATE_TOLL = 100
_LOCATION = ("location_key", "geo_precision", "country_code", "latitude", "longitude")
# Working key of an event row: it tells a campaign or a war ("air strikes have
# killed 1,600 since the coup", "attacks on convoys"), not one attack.
CAMPAIGN = "_campaign"


def share_places(rows: Sequence[dict[str, Any]]) -> None:
    """Mentions of one event share its most specific place.

    First within an ``event_group`` ("Gunmen stormed Djibo" ... "the attack"):
    an unplaced member, or one placed only in the town, province or country
    that holds the more specific place, takes it. Then an article's unplaced
    asserted attack mentions, and those placed only in the country or town that
    holds it, take the place of its main attack (the most specific place of
    one more precise than a province) when nothing they state disagrees with it (date, parties,
    modality: ``grouping.compatible``) and no far larger toll shows they tell
    of another event (a war, a campaign).
    """
    groups = event_groups(rows)
    share_in_groups(groups, _most_specific, _takes, _LOCATION)
    _share_main_place(rows, groups)


def _share_main_place(
    rows: Sequence[dict[str, Any]], groups: dict[str, list[dict[str, Any]]]
) -> None:
    attacks = asserted_attacks(rows)
    specific = [r for r in attacks if (r.get("geo_precision") or 3) <= 2]
    if not specific or not one_scene(rows):
        return  # an article about several attacks in several places
    main = min(specific, key=_specificity)
    members = groups[main.get("event_group") or main.get("event_id") or ""]
    toll = max((r.get("fatalities") or 0 for r in members), default=0)
    ceiling = max(AGGREGATE_FACTOR * toll, AGGREGATE_TOLL)
    for row in attacks:
        if not _takes_main(row, main) or (row.get("fatalities") or 0) > ceiling:
            continue
        if not row.get(CAMPAIGN) and compatible(main, row, modes=False):
            copy_columns(main, row, _LOCATION)


def _takes_main(row: dict[str, Any], main: dict[str, Any]) -> bool:
    """Whether a mention outside the main attack's group takes its place: it has none,
    or only the country or the town that holds it ("abducted in Mali" after "seized
    in Bamako"). A province or region it names is a statement of its own ("in the
    central X region"), kept as written."""
    if row["location_key"] is None:
        return True
    place = lookup_place(row["location_key"])
    country = place is not None and place.kind == "country"
    town = place is not None and place.kind == "city" and row.get("geo_precision") == 1
    return (country or town) and _takes(row, main)


def one_scene(rows: Sequence[dict[str, Any]]) -> bool:
    """Whether an article's asserted attacks all happened in one area: every placed
    attack in one country, the specific places one site as written or towns within
    ``NEAR_KM`` of each other."""
    placed = [r for r in asserted_attacks(rows) if r["location_key"] is not None]
    specific = [r for r in placed if (r.get("geo_precision") or 3) <= 2]
    countries = {r["country_code"] for r in placed if r["country_code"]}
    located = [r for r in specific if r["latitude"] is not None]
    names = {r["location_key"] for r in specific if r["latitude"] is None}
    if len(countries) > 1 or len(names) > 1:
        return False
    return all(_kilometres(a, b) <= NEAR_KM for a in located for b in located)


def _specificity(row: dict[str, Any]) -> tuple[int, int, int]:
    """Smaller is more specific: precision, then a named site the gazetteer does not
    know before a town it knows, then the smaller town."""
    known = row["latitude"] is not None
    place = lookup_place(row["location_key"]) if known else None
    population = place.population or 0 if place is not None else 0
    return (row.get("geo_precision") or 3, int(known), population)


def _most_specific(members: Sequence[dict[str, Any]]) -> dict[str, Any] | None:
    placed = [r for r in members if r["location_key"] is not None]
    return min(placed, key=_specificity) if placed else None


def _takes(row: dict[str, Any], best: dict[str, Any]) -> bool:
    """Whether ``row`` should be placed at ``best``: it has no place, or a broader one
    that holds it (same country; a town only for a site in it or a smaller town
    nearby)."""
    if row["location_key"] is None:
        return True
    if row["location_key"] == best["location_key"] or _specificity(row) <= _specificity(best):
        return False
    if row["country_code"] and best["country_code"] and row["country_code"] != best["country_code"]:
        return False
    if (row.get("geo_precision") or 3) > 1:
        return True
    if best["latitude"] is None or row["latitude"] is None:
        return best["latitude"] is None  # a site as written, in the town
    return _kilometres(row, best) <= NEAR_KM


def _kilometres(a: dict[str, Any], b: dict[str, Any]) -> float:
    lat_a, lon_a, lat_b, lon_b = map(
        math.radians, (a["latitude"], a["longitude"], b["latitude"], b["longitude"])
    )
    h = (
        math.sin((lat_b - lat_a) / 2) ** 2
        + math.cos(lat_a) * math.cos(lat_b) * math.sin((lon_b - lon_a) / 2) ** 2
    )
    return 2 * 6371 * math.asin(math.sqrt(h))
