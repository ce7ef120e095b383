"""The ``events`` table: one row per event mention of a document.

Each sentence is read on its own (triggers, modality, participants, place,
date), then the document-level steps run: fatalities and injuries from the
figures, and the grouping of mentions of one event.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import replace
from datetime import date
from typing import Any

from newsfacts.dates import WEEKDAYS, find_date_expressions, infer_published_date
from newsfacts.events.casualties import Span, link_figures
from newsfacts.events.context import Name, SentenceContext, sentence_context
from newsfacts.events.grouping import Cues, assign_groups
from newsfacts.events.lexicon import EventLexicon, lexicon
from newsfacts.events.modality import modality_of
from newsfacts.events.participants import participants
from newsfacts.events.places import (
    CAMPAIGN,
    dateline_place,
    document_country,
    event_place,
    geocode,
    landmark,
    nearby_places,
    one_scene,
    place_precision,
    share_places,
)
from newsfacts.events.timing import date_phrases, event_date, share_dates
from newsfacts.events.triggers import (
    EventMention,
    Trigger,
    find_triggers,
    group_mentions,
    violent_context,
)
from newsfacts.figures.tokens import PhraseTable, match_at, token_words
from newsfacts.gazetteer import is_place_name, lookup_place
from newsfacts.model import CleanDocument, Mention, Sentence

# A withdrawal that is only promised or wished is not a RETREAT (POLECAT codes
# what happened); a declared suspension of attacks is, whatever its tense.
_UNREALISED_RETREAT_MODES = frozenset({"withdraw", None})
_NAMED_VICTIM_TYPES = frozenset({"PERSON", "ORG"})
# Subjects that point back to the attackers of a told attack ("they burned").
_BACK_PRONOUNS = frozenset({"they", "he", "she"})
# Event types whose words games, plots and shows borrow ("attack", "evicted",
# "threatened to equalise").
_PLAYED_TYPES = frozenset({"ASSAULT", "COERCE", "THREATEN"})
_SCORE_DASHES = frozenset({"-", "–", "—"})
# How many tokens after an attack word the work it happens in is looked for
# ("the murder at the beginning of the novel").
WORK_REACH = 6
_WORK_PREPOSITIONS = frozenset({"in", "of"})
_WORK_DETERMINERS = frozenset({"the", "this", "that", "its", "his", "her", "their"})
_ADVERBS = frozenset({"also", "then", "later", "reportedly", "allegedly", "subsequently"})
_TOLL_CATEGORIES = frozenset({"killed", "injured"})
_PLACE_COLUMNS = ("location_key", "geo_precision", "country_code", "latitude", "longitude")
_SECOND_PERSON = frozenset({"you", "your", "yourself"})
# Words of a period ("since the coup"): a mention counting over it is a campaign.
_PERIOD_WORDS = frozenset({"since"})
# Words before a plural attack noun that make it one event's ("the strikes", "its raids").
_SINGLING_WORDS = frozenset({"the", "these", "those", "its", "their", "his", "her", "both", "two"})
# Date phrases that place a sentence in real time: a year, a month of a year or a day.
_DATED_KINDS = frozenset({"mdy", "dmy", "my", "yr"})
# The smallest toll distinctive enough to identify an attack when restated.
DISTINCTIVE_TOLL = 10
# Adjectives and compounds between a determiner and an event noun ("the deadly
# three-day attack"): at most this many tokens.
MODIFIER_REACH = 4
# Words of a bracketed alternative name before a noun ("the Harlan (Harlow) blasts").
MAX_BRACKETED = 4
_NOT_MODIFIERS = frozenset(
    {
        "the",
        "a",
        "an",
        "that",
        "this",
        "those",
        "these",
        "its",
        "their",
        "such",
        "of",
        "in",
        "on",
        "at",
        "by",
        "for",
        "to",
        "and",
        "or",
        "with",
        "from",
        "after",
        "before",
        "was",
        "were",
        "is",
        "are",
        "has",
        "have",
        "had",
        "been",
        "be",
        "said",
        "says",
    }
)


def extract_events(
    doc: CleanDocument, mentions: Sequence[Mention], figures: Sequence[Mapping[str, Any]]
) -> tuple[list[dict[str, Any]], dict[str, str]]:
    """Event rows of one document and the figure_id -> event_id links."""
    lex = lexicon()
    reader = _DocumentReader(doc, mentions, lex, figures)
    rows: list[dict[str, Any]] = []
    spans: list[Span] = []
    cues: list[Cues] = []
    for sentence in doc.sentences:
        for row, span, cue in reader.sentence_rows(sentence):
            row["event_id"] = f"{doc.doc_id}-e{len(rows) + 1}"
            rows.append(row)
            cues.append(cue)
            if row["event_type"] == "ASSAULT" and row["modality"] == "asserted":
                spans.append(Span(row["event_id"], sentence.sentence_idx, span))
    links, counts = link_figures(spans, figures, doc.clean_text)
    tolls = _stated_tolls(links, figures)
    for k, row in enumerate(rows):
        row.update(counts.get(row["event_id"], {}))
        cues[k] = replace(cues[k], identity=cues[k].identity | tolls[row["event_id"]])
    assign_groups(rows, cues, reader.published)
    share_places(rows)
    share_dates(rows, CAMPAIGN, one_scene(rows))
    return rows, links


def _campaign(ctx: SentenceContext, event: EventMention) -> bool:
    """A mention of many attacks over time ("since the coup", bare plurals such as
    "attacks on convoys"), not of one attack."""
    if any(t.lower in _PERIOD_WORDS for t in ctx.tokens):
        return True
    main = event.main
    start = _noun_phrase_start(ctx, main.first)
    first = ctx.tokens[start - 1].lower if start > 0 else ""
    plural = main.entry.pos == "noun" and ctx.tokens[main.last - 1].lower.endswith("s")
    return plural and first not in _SINGLING_WORDS and not ctx.tokens[main.first - 1].is_digit


def _noun_phrase_start(ctx: SentenceContext, index: int) -> int:
    """Where the words before a noun begin, past its adjectives, a name and a name in
    brackets: "the Harlan (Lorton) bomb blasts" are one event's blasts as much as
    "the blasts" are."""
    start = _modifiers_start(ctx, index)
    if start > 0 and ctx.tokens[start - 1].text == ")":
        opening = next(
            (
                i
                for i in range(start - 2, max(-1, start - 2 - MAX_BRACKETED), -1)
                if ctx.tokens[i].text == "("
            ),
            None,
        )
        start = opening if opening is not None else start
    name = ctx.name_ending_at(start)
    if name is not None:
        start = _modifiers_start(ctx, name.first)
    return start


def _tells_a_match(ctx: SentenceContext, lex: EventLexicon) -> bool:
    """A score with its result word ("a 3-0 lead", "22-6 ahead") makes the sentence a
    match report, where storming, attacks and strikes are play."""
    tokens = ctx.tokens
    return any(
        tokens[i].text.isdigit()
        and tokens[i + 1].text in _SCORE_DASHES
        and tokens[i + 2].text.isdigit()
        and tokens[i + 3].lower in lex.score_words
        for i in range(len(tokens) - 3)
    )


def _tells_effects(ctx: SentenceContext, lex: EventLexicon) -> bool:
    """A sentence naming a stage or screen effect ("the squibs were detonated", "a
    stuntman was struck") tells of staged violence or an accident on set."""
    return _names_a_phrase(ctx, lex.effects_cues)


def _inside_a_work(ctx: SentenceContext, event: EventMention, lex: EventLexicon) -> bool:
    """ "the murder at the beginning of the novel", "killed in the film.": an attack
    word whose own phrase goes on to "in/of the <work>" happens in the work, whatever
    real place the sentence names. The work word must end the phrase: "the murder of
    the film director" is a real attack on a person of a film."""
    if event.main.entry.event_type not in _PLAYED_TYPES:
        return False
    tokens = ctx.tokens
    end = min(len(tokens), event.main.last + WORK_REACH)
    for i in range(event.main.last, end - 2):
        if not tokens[i].is_word:
            return False  # punctuation closes the attack word's phrase
        if (
            tokens[i].lower in _WORK_PREPOSITIONS
            and tokens[i + 1].lower in _WORK_DETERMINERS
            and tokens[i + 2].lower in lex.work_cues
        ):
            return i + 3 == len(tokens) or not tokens[i + 3].is_word
    return False


def _names_a_phrase(ctx: SentenceContext, table: PhraseTable[str]) -> bool:
    return any(match_at(ctx.tokens, i, table) for i in range(len(ctx.tokens)))


class _DocumentReader:
    """Document-wide context shared by the sentence rules."""

    def __init__(
        self,
        doc: CleanDocument,
        mentions: Sequence[Mention],
        lex: EventLexicon,
        figures: Sequence[Mapping[str, Any]] = (),
    ):
        self.doc = doc
        self.lex = lex
        self.published: date | None = infer_published_date(doc)[0]
        words = token_words(doc.clean_text)
        computing = len(words & lex.computing_cues) >= lex.min_computing_cues
        self.violent = violent_context(words, lex) and not computing
        self.fictional = len(words & lex.fiction_cues) >= lex.min_fiction_cues
        violence = len(words & lex.violence_cues)
        disaster = len(words & lex.disaster_cues)
        self.disastrous = disaster >= lex.min_disaster_cues and disaster > violence
        hunting = len(words & lex.hunting_cues)
        self.hunting = hunting >= lex.min_hunting_cues and hunting > violence
        self.tolls = {f["sentence_idx"] for f in figures if f.get("category") in _TOLL_CATEGORIES}
        self.country = document_country(mentions)
        self.by_sentence: dict[int, list[Mention]] = defaultdict(list)
        for mention in mentions:
            self.by_sentence[mention.sentence_idx].append(mention)
        self.paragraph_sizes: dict[int, int] = defaultdict(int)
        self.datelines: dict[int, str] = {}
        for sentence in doc.sentences:
            if self.paragraph_sizes[sentence.paragraph_idx] == 0:
                city = dateline_place(sentence.text)
                if city:
                    self.datelines[sentence.paragraph_idx] = city
            self.paragraph_sizes[sentence.paragraph_idx] += 1

    def is_headline(self, sentence: Sentence) -> bool:
        """Title, or a one-sentence standfirst right under it.

        A single-sentence lead paragraph of wire copy is body text: a standfirst
        either lacks final punctuation or stands above the dateline that opens
        the body.
        """
        if sentence.paragraph_idx == 0:
            return True
        if sentence.paragraph_idx != 1 or self.paragraph_sizes[1] != 1 or 1 in self.datelines:
            return False
        unpunctuated = not sentence.text.rstrip().endswith((".", "!", "?", "”", '"'))
        return unpunctuated or 2 in self.datelines

    def sentence_rows(
        self, sentence: Sentence
    ) -> list[tuple[dict[str, Any], tuple[tuple[int, int], ...], Cues]]:
        ctx = sentence_context(sentence, self.by_sentence.get(sentence.sentence_idx, []))
        blocked = [(n.first, n.last) for n in ctx.names]
        violent = self.violent or violent_context(
            (t.lower for t in ctx.tokens), self.lex, minimum=1
        )
        triggers = find_triggers(ctx.tokens, self.lex, violent, blocked)
        ctx.trigger_tokens.update(i for t in triggers for i in range(t.first, t.last))
        events = group_mentions(ctx.tokens, triggers, self.lex)
        if self._played(ctx):
            events = [e for e in events if e.main.entry.event_type not in _PLAYED_TYPES]
        events = [e for e in events if not self._no_assault(e)]
        events = [e for e in events if not _inside_a_work(ctx, e, self.lex)]
        phrases = date_phrases(ctx, events, self.lex)
        out = []
        for event in events:
            modality = modality_of(ctx.tokens, event.main, self.lex)
            if _unrealised_retreat(event, modality) or _undelivered_aid(event, modality):
                continue
            row, target = self._row(ctx, event, modality)
            when = event_date(ctx, event, modality, phrases, self.published, self.lex)
            if when is not None and when.value is not None:
                row.update(
                    event_date=when.value, date_precision=when.precision, date_text=when.text
                )
            row[CAMPAIGN] = _campaign(ctx, event) or landmark(ctx, event)
            spans = tuple(self._absolute(ctx, t.first, t.last) for t in event.triggers)
            cue = Cues(
                headline=self.is_headline(sentence),
                anaphoric=self._anaphoric(ctx, event),
                continues=self._continues(ctx, event),
                identity=_identity(row, target, when.text if when else None),
            )
            out.append((row, spans, cue))
        return out

    def _played(self, ctx: SentenceContext) -> bool:
        """A sentence whose attack words are fiction, sport, stage effects or hunting."""
        return (
            self._tells_a_plot(ctx)
            or _tells_a_match(ctx, self.lex)
            or _tells_effects(ctx, self.lex)
            or self._tells_a_hunt(ctx)
        )

    def _tells_a_hunt(self, ctx: SentenceContext) -> bool:
        """In an article about hunting, a sentence that names no person shoots game
        ("animals hit but not killed"); a named person shot on a hunt, or rangers shot
        at a named place or date, is an assault."""
        if not self.hunting:
            return False
        person = any(n.mention.entity_type == "PERSON" for n in ctx.names)
        return not person and not self._anchored(ctx)

    def _no_assault(self, event: EventMention) -> bool:
        """Deaths and injuries that no attack word of the sentence inflicts: agentless
        ("he died while serving his sentence"), or a toll in an article about a
        disaster ("more than 5,000 people were killed")."""
        if event.main.entry.event_type != "ASSAULT":
            return False
        if not all(trigger.entry.pos == "victim" for trigger in event.triggers):
            return False
        return self.disastrous or all(
            trigger.phrase[-1] in self.lex.agentless_deaths for trigger in event.triggers
        )

    def _tells_a_plot(self, ctx: SentenceContext) -> bool:
        """A sentence about a film, book, game or show, or any sentence of an article
        about such works, that nothing ties to the real world: its shootings, battles
        and evictions are fiction or play. A place, a year or a full date, or a toll
        ties a sentence to real events ("a film about the blasts which killed 250
        people in 1993"); so does a prosecution in a sentence that names no work
        ("those accused over the blasts", "was jailed for killing X")."""
        words = {t.lower for t in ctx.tokens}
        cue = bool(words & self.lex.work_cues)
        if (self.fictional or cue) and _names_a_phrase(ctx, self.lex.role_phrases):
            return True  # "crooked cops played by X": a cast, whatever place it names
        if not (self.fictional or cue) or self._anchored(ctx):
            return False
        return cue or not words & self.lex.justice_cues

    def _anchored(self, ctx: SentenceContext) -> bool:
        if any(t.lower in _SECOND_PERSON for t in ctx.tokens):
            return False  # "you come under attack": a game addresses its player
        if ctx.sentence.sentence_idx in self.tolls or any(n.is_place for n in ctx.names):
            return True
        dates = find_date_expressions(ctx.sentence.text)
        return any(expr.kind in _DATED_KINDS for expr in dates)

    def _row(
        self, ctx: SentenceContext, event: EventMention, modality: str
    ) -> tuple[dict[str, Any], Name | None]:
        main = event.main
        start, end = self._absolute(ctx, main.first, main.last)
        actor, target = participants(ctx, event, self.lex)
        row: dict[str, Any] = {
            "doc_id": self.doc.doc_id,
            "sentence_idx": ctx.sentence.sentence_idx,
            "char_start": start,
            "char_end": end,
            "trigger": self.doc.clean_text[start:end],
            "event_type": main.entry.event_type,
            "mode": main.entry.mode,
            "modality": modality,
            "actor_key": actor.mention.key if actor else None,
            "target_key": target.mention.key if target else None,
            "event_date": None,
            "date_precision": "unknown",
            "date_text": None,
            "fatalities": None,
            "injuries": None,
        }
        row.update(self._place(ctx, event))
        return row, target

    def _place(self, ctx: SentenceContext, event: EventMention) -> dict[str, Any]:
        key = event_place(ctx, event, self.lex) or self.datelines.get(ctx.sentence.paragraph_idx)
        if key is None:
            return dict.fromkeys(_PLACE_COLUMNS)
        known = any(n.mention.key == key for n in ctx.names)
        found = geocode(key, self.country, nearby_places(ctx, event, key), strict=not known)
        return {
            "location_key": found.key,
            "geo_precision": place_precision(ctx, key, found.place, self.lex),
            "country_code": found.country_code,
            "latitude": found.latitude,
            "longitude": found.longitude,
        }

    def _absolute(self, ctx: SentenceContext, first: int, last: int) -> tuple[int, int]:
        base = ctx.sentence.char_start
        return base + ctx.tokens[first].start, base + ctx.tokens[last - 1].end

    def _continues(self, ctx: SentenceContext, event: EventMention) -> bool:
        """A bare toll ("30 were killed") or an act whose subject points back ("they
        burned homes", "the attackers then looted shops") goes on telling an attack."""
        first = event.triggers[0]
        if all(t.entry.pos == "victim" for t in event.triggers):
            return not _nominal_victim(ctx, first, self.lex)
        if first.entry.pos != "verb" or first.first == 0:
            return False
        i = first.first - 1
        while i > 0 and ctx.tokens[i].lower in _ADVERBS:
            i -= 1
        subject = ctx.tokens[i]
        if subject.lower in _BACK_PRONOUNS:
            return True
        definite = i > 0 and ctx.tokens[i - 1].lower in self.lex.anaphora
        return definite and subject.is_word and subject.lower in self.lex.assailants

    def _anaphoric(self, ctx: SentenceContext, event: EventMention) -> bool:
        """ "the strike", "those strikes", "Wednesday's attack", "the killings" point back
        to a told event; "the killing of X" names its victim and so may tell a new one,
        and "the group's slain members" describes people."""
        for trigger in event.triggers:
            if trigger.first == 0 or trigger.entry.pos == "verb":
                continue
            if trigger.entry.pos == "victim" and not _plural_act(ctx, trigger):
                continue
            first = _modifiers_start(ctx, trigger.first)
            name = ctx.name_ending_at(first)
            if name is not None and name.first > 0:
                first = _modifiers_start(ctx, name.first)  # "the US attack"
            if first == 0:
                continue
            before = ctx.tokens[first - 1]
            if before.lower in self.lex.anaphora or before.text.endswith(("'s", "’s")):
                return True
        return False


def _modifiers_start(ctx: SentenceContext, index: int) -> int:
    """Where the adjectives before a noun begin ("the deadly attack", "the three-day
    assault"): lower-case words, glued hyphens, no trigger and no determiner."""
    start = index
    for _ in range(MODIFIER_REACH):
        i = start - 1
        if i < 0 or i in ctx.trigger_tokens:
            break
        token = ctx.tokens[i]
        glued = token.text == "-" and i > 0
        adjective = token.is_word and not token.is_capitalised and token.lower not in _NOT_MODIFIERS
        if not (glued or adjective) or token.text.endswith(("'s", "’s")):
            break
        start = i
    return start


def _nominal_victim(ctx: SentenceContext, trigger: Trigger, lex: EventLexicon) -> bool:
    """ "the killing of three soldiers in X": an act named as a noun, which may be
    another event than the one just told."""
    before = ctx.tokens[trigger.first - 1].lower if trigger.first else ""
    after = ctx.tokens[trigger.last].lower if trigger.last < len(ctx.tokens) else ""
    return before in lex.anaphora or after == "of"


def _plural_act(ctx: SentenceContext, trigger: Trigger) -> bool:
    """ "the killings", "the executions": a victim word used as a noun for the acts."""
    following = ctx.tokens[trigger.last].lower if trigger.last < len(ctx.tokens) else ""
    return ctx.tokens[trigger.last - 1].lower.endswith("s") and following != "of"


def _identity(
    row: dict[str, Any], target: Name | None, date_phrase: str | None
) -> frozenset[tuple[Any, ...]]:
    """Facts that single out one event: its exact date or weekday, its town, a named
    victim (a country, or a people named as target, is shared by
    too many events)."""
    facts: set[tuple[Any, ...]] = set()
    if row["event_date"] is not None:
        facts.add(("date", row["event_date"], row["date_precision"]))
    weekday = _weekday_word(date_phrase)
    if weekday:
        facts.add(("weekday", weekday))
    if row["location_key"] is not None and _local(row["location_key"]):
        facts.add(("place", row["location_key"]))
    if target is not None and target.mention.entity_type in _NAMED_VICTIM_TYPES:
        facts.add(("target", target.mention.key))
    return frozenset(facts)


def _stated_tolls(
    links: Mapping[str, str], figures: Sequence[Mapping[str, Any]]
) -> defaultdict[str, frozenset[tuple[Any, ...]]]:
    """A number of dead or wounded restated later ("the 31 killed") singles out the
    same attack; a vague word ("dozens") has no number of its own, and a small
    count ("three killed") recurs across the attacks of one article."""
    tolls: defaultdict[str, frozenset[tuple[Any, ...]]] = defaultdict(frozenset)
    for figure in figures:
        event_id = links.get(str(figure.get("figure_id")))
        value = figure.get("value")
        if event_id is not None and value is not None and value >= DISTINCTIVE_TOLL:
            fact = ("toll", figure.get("category"), float(value))
            tolls[event_id] = tolls[event_id] | {fact}
    return tolls


def _local(key: str) -> bool:
    """A town, village, camp or site names one event; a country or region hosts
    too many. A name the gazetteer does not know is a small place (countries and
    regions are all listed)."""
    if not is_place_name(key):
        return True
    place = lookup_place(key)
    return place is None or place.kind == "city"


def _weekday_word(date_text: str | None) -> str | None:
    """The weekday a date phrase names: links "Wednesday's strike" to "a strike on
    Wednesday" even when no publication date lets either be resolved."""
    words = (date_text or "").lower().replace("’", "'").replace("'s", "").split()
    return next((w for w in words if w in WEEKDAYS), None)


def _undelivered_aid(event: EventMention, modality: str) -> bool:
    """ "unable to deliver aid", "no aid has reached the camp": POLECAT codes aid
    given, and a report of aid that could not arrive tells of no act."""
    return event.main.entry.event_type == "AID" and modality == "negated"


def _unrealised_retreat(event: EventMention, modality: str) -> bool:
    main = event.main
    return (
        main.entry.event_type == "RETREAT"
        and main.entry.mode in _UNREALISED_RETREAT_MODES
        and modality != "asserted"
    )
