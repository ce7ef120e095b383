"""The ``events`` table: one row per event mention of a document.

Each sentence is read on its own (triggers, modality, participants, place,
date), then the document-level steps run: fatalities and injuries from the
figures, and the grouping of mentions of one event.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping, Sequence
from datetime import date
from typing import Any

from newsfacts.dates import infer_published_date
from newsfacts.events.casualties import Span, link_figures
from newsfacts.events.context import SentenceContext, sentence_context
from newsfacts.events.grouping import assign_groups
from newsfacts.events.lexicon import EventLexicon, lexicon
from newsfacts.events.modality import modality_of
from newsfacts.events.participants import participants
from newsfacts.events.places import dateline_place, document_country, event_place, geocode
from newsfacts.events.timing import date_phrases, event_date
from newsfacts.events.triggers import (
    EventMention,
    find_triggers,
    group_mentions,
    violent_context,
)
from newsfacts.figures.tokens import tokenize
from newsfacts.model import CleanDocument, Mention, Sentence

# A withdrawal that is only promised or wished is not a RETREAT (POLECAT codes
# what happened); a declared suspension of attacks is, whatever its tense.
_UNREALISED_RETREAT_MODES = frozenset({"withdraw", None})


def extract_events(
    doc: CleanDocument, mentions: Sequence[Mention], figures: Sequence[Mapping[str, Any]]
) -> tuple[list[dict[str, Any]], dict[str, str]]:
    """Event rows of one document and the figure_id -> event_id links."""
    lex = lexicon()
    reader = _DocumentReader(doc, mentions, lex)
    rows: list[dict[str, Any]] = []
    spans: list[Span] = []
    headline: list[bool] = []
    anaphoric: list[bool] = []
    for sentence in doc.sentences:
        for row, span, is_anaphor in reader.sentence_rows(sentence):
            row["event_id"] = f"{doc.doc_id}-e{len(rows) + 1}"
            rows.append(row)
            headline.append(reader.is_headline(sentence))
            anaphoric.append(is_anaphor)
            if row["event_type"] == "ASSAULT" and row["modality"] == "asserted":
                spans.append(Span(row["event_id"], sentence.sentence_idx, span))
    links, counts = link_figures(spans, figures, doc.clean_text)
    for row in rows:
        row.update(counts.get(row["event_id"], {}))
    assign_groups(rows, headline, anaphoric)
    return rows, links


class _DocumentReader:
    """Document-wide context shared by the sentence rules."""

    def __init__(self, doc: CleanDocument, mentions: Sequence[Mention], lex: EventLexicon):
        self.doc = doc
        self.lex = lex
        self.published: date | None = infer_published_date(doc)[0]
        self.violent = violent_context(tokenize(doc.clean_text), lex)
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
        """Title, or a one-sentence standfirst right under it."""
        return sentence.paragraph_idx == 0 or (
            sentence.paragraph_idx == 1 and self.paragraph_sizes[1] == 1
        )

    def sentence_rows(
        self, sentence: Sentence
    ) -> list[tuple[dict[str, Any], tuple[tuple[int, int], ...], bool]]:
        ctx = sentence_context(sentence, self.by_sentence.get(sentence.sentence_idx, []))
        blocked = [(n.first, n.last) for n in ctx.names]
        violent = self.violent or violent_context(ctx.tokens, self.lex, minimum=1)
        triggers = find_triggers(ctx.tokens, self.lex, violent, blocked)
        ctx.trigger_tokens.update(i for t in triggers for i in range(t.first, t.last))
        events = group_mentions(ctx.tokens, triggers, self.lex)
        phrases = date_phrases(ctx, events, self.lex)
        out = []
        for event in events:
            modality = modality_of(ctx.tokens, event.main, self.lex)
            if _unrealised_retreat(event, modality):
                continue
            row = self._row(ctx, event, modality)
            when = event_date(ctx, event, modality, phrases, self.published, self.lex)
            if when is not None:
                row.update(
                    event_date=when.value, date_precision=when.precision, date_text=when.text
                )
            spans = tuple(self._absolute(ctx, t.first, t.last) for t in event.triggers)
            out.append((row, spans, self._anaphoric(ctx, event)))
        return out

    def _row(self, ctx: SentenceContext, event: EventMention, modality: str) -> dict[str, Any]:
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
            "actor": None,
            "target": None,
            "location": None,
            "actor_key": actor.mention.key if actor else None,
            "target_key": target.mention.key if target else None,
            "event_date": None,
            "date_precision": "unknown",
            "date_text": None,
            "fatalities": None,
            "injuries": None,
        }
        row.update(self._place(ctx, event))
        return row

    def _place(self, ctx: SentenceContext, event: EventMention) -> dict[str, Any]:
        name = event_place(ctx, event, self.lex)
        key = name.mention.key if name else self.datelines.get(ctx.sentence.paragraph_idx)
        if key is None:
            return {"location_key": None, "country_code": None, "latitude": None, "longitude": None}
        nearby = [n.mention.key for n in ctx.names if n.is_place and n is not name]
        found = geocode(key, self.country, nearby)
        return {
            "location_key": found.key,
            "country_code": found.country_code,
            "latitude": found.latitude,
            "longitude": found.longitude,
        }

    def _absolute(self, ctx: SentenceContext, first: int, last: int) -> tuple[int, int]:
        base = ctx.sentence.char_start
        return base + ctx.tokens[first].start, base + ctx.tokens[last - 1].end

    def _anaphoric(self, ctx: SentenceContext, event: EventMention) -> bool:
        """ "the strike", "those strikes", "Wednesday's attack" point back to a told event."""
        first = event.triggers[0].first
        if first == 0:
            return False
        before = ctx.tokens[first - 1]
        return before.lower in self.lex.anaphora or before.text.endswith(("'s", "’s"))


def _unrealised_retreat(event: EventMention, modality: str) -> bool:
    main = event.main
    return (
        main.entry.event_type == "RETREAT"
        and main.entry.mode in _UNREALISED_RETREAT_MODES
        and modality != "asserted"
    )
