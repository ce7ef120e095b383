"""Which date phrase of a sentence dates which event.

A date phrase dates the events of its own clause, the nearest first; a
sentence-initial phrase ("In a statement on Wednesday, X called...") dates
the main clause. A date right after a reporting verb ("said on Thursday")
dates the report, so it only dates speech acts (accusations, demands,
threats...), never the attack being reported. "Since October" or "by March"
bound a period rather than date an event and are not used. Only asserted and
planned events get a date: a demanded or suspended event has none.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from newsfacts.dates import DateExpression, find_date_expressions, resolve
from newsfacts.events.context import SentenceContext
from newsfacts.events.lexicon import EventLexicon
from newsfacts.events.sharing import asserted_attacks, copy_columns, event_groups, share_in_groups
from newsfacts.events.triggers import EventMention, Trigger

SPEECH_TYPES = frozenset({"ACCUSE", "REQUEST", "REJECT", "THREATEN", "SUPPORT"})
DATED_MODALITIES = frozenset({"asserted", "planned"})
REPORTING_REACH = 4
# Tokens between a trigger and a date phrase of its clause, at most.
DATE_REACH = 25
# Words of a relative clause between an event noun and its date.
RELATIVE_REACH = 5
# Date phrases that can open a sentence before its first comma.
FRONTED_LIMIT = 3
_PERIOD_BOUNDS = ("since", "until", "by")
_OPEN_BREAKERS = frozenset({"and", "as"})


@dataclass(frozen=True)
class EventDate:
    """The date phrase of an event; ``value`` is None when it cannot be resolved
    (a weekday in an undated article), the phrase still tells events apart."""

    value: date | None
    precision: str
    text: str


@dataclass(frozen=True)
class DatePhrase:
    expr: DateExpression
    first: int
    last: int
    reporting: bool
    possessive: bool
    fronted: bool


def date_phrases(
    ctx: SentenceContext, events: Sequence[EventMention], lex: EventLexicon
) -> list[DatePhrase]:
    """The usable date phrases of a sentence, located on its tokens, in order."""
    trigger_tokens = {i for e in events for t in e.triggers for i in range(t.first, t.last)}
    first_trigger = min(trigger_tokens, default=len(ctx.tokens))
    opening_end = next(
        (i for i, t in enumerate(ctx.tokens) if t.lower in lex.breakers), len(ctx.tokens)
    )
    commas = [i for i, t in enumerate(ctx.tokens) if t.text == ","]
    phrases = []
    for expr in find_date_expressions(ctx.sentence.text):
        if expr.text.lower().startswith(_PERIOD_BOUNDS):
            continue
        span = ctx.token_span(expr.start, expr.end)
        if span is None:
            continue
        first, last = span
        closing = bisect_left(commas, last)
        fronted = (
            first <= opening_end
            and closing < len(commas)
            and last <= commas[closing] < first_trigger
        )
        phrases.append(
            DatePhrase(
                expr,
                first,
                last,
                reporting=_after_reporting(ctx, first, trigger_tokens, lex),
                possessive=expr.text.endswith(("'s", "’s")),
                fronted=fronted,
            )
        )
    return phrases


def _after_reporting(
    ctx: SentenceContext, first: int, trigger_tokens: set[int], lex: EventLexicon
) -> bool:
    for i in range(first - 1, max(-1, first - 1 - REPORTING_REACH), -1):
        if i in trigger_tokens:
            return False
        if ctx.tokens[i].lower in lex.reporting:
            return True
    return False


def event_date(
    ctx: SentenceContext,
    event: EventMention,
    modality: str,
    phrases: Sequence[DatePhrase],
    published: date | None,
    lex: EventLexicon,
) -> EventDate | None:
    """The resolved date of an event mention, or None when the text gives none."""
    if modality not in DATED_MODALITIES:
        return None
    usable = [p for p in _within_reach(event, phrases) if _applies(ctx, event, p, lex)]
    if not usable:
        return None
    nearest = min(usable, key=lambda p: _distance(event, p))
    resolved = resolve(nearest.expr, published, future=modality == "planned")
    if resolved is None:
        return EventDate(None, "unknown", nearest.expr.text)
    if modality == "asserted" and published is not None and resolved.value > published:
        return None  # "agreed to meet next month": the date is the plan's, not the deal's
    return EventDate(resolved.value, resolved.precision, nearest.expr.text)


def _within_reach(event: EventMention, phrases: Sequence[DatePhrase]) -> list[DatePhrase]:
    """Fronted phrases and those a few words from a trigger (found by bisection, so a
    sentence with many dates stays linear)."""
    starts = [p.first for p in phrases]
    low = bisect_left(starts, min(t.first for t in event.triggers) - DATE_REACH)
    high = bisect_right(starts, max(t.last for t in event.triggers) + DATE_REACH)
    near = list(phrases[low:high])
    fronted = [p for p in phrases[: min(low, FRONTED_LIMIT)] if p.fronted]
    return fronted + near


def _applies(
    ctx: SentenceContext, event: EventMention, phrase: DatePhrase, lex: EventLexicon
) -> bool:
    if phrase.reporting and event.main.entry.event_type not in SPEECH_TYPES:
        return False
    if phrase.possessive:
        return any(t.first == phrase.last for t in event.triggers)
    if phrase.fronted:
        return True
    return any(
        _same_clause(ctx, t.first, t.last, phrase, lex) or _relative_clause(ctx, t, phrase)
        for t in event.triggers
    )


def _relative_clause(ctx: SentenceContext, trigger: Trigger, phrase: DatePhrase) -> bool:
    """ "The fighting, which began on Friday,": a relative clause dating its event noun."""
    between = ctx.tokens[trigger.last : phrase.first]
    return (
        trigger.entry.pos == "noun"
        and 2 <= len(between) <= RELATIVE_REACH
        and between[0].text == ","
        and between[1].lower in ("which", "that")
        and all(t.is_word for t in between[1:])
    )


def _same_clause(
    ctx: SentenceContext, first: int, last: int, phrase: DatePhrase, lex: EventLexicon
) -> bool:
    start, end = (last, phrase.first) if last <= phrase.first else (phrase.last, first)
    return not any(_breaks(ctx, i, lex) for i in range(start, end))


def _breaks(ctx: SentenceContext, i: int, lex: EventLexicon) -> bool:
    """Whether token ``i`` ends a clause; the colon of a clock time ("at 9:15 a.m. on
    Sunday") does not."""
    tokens = ctx.tokens
    if tokens[i].lower not in lex.breakers or tokens[i].lower in _OPEN_BREAKERS:
        return False
    clock = tokens[i].text == ":" and 0 < i < len(tokens) - 1
    return not (clock and tokens[i - 1].is_digit and tokens[i + 1].is_digit)


def _distance(event: EventMention, phrase: DatePhrase) -> int:
    return min(
        phrase.first - t.last if t.last <= phrase.first else t.first - phrase.last
        for t in event.triggers
    )


# Date precisions from the most to the least precise.
_PRECISION_ORDER = ("day", "week", "month", "year")
_DATE_COLUMNS = ("event_date", "date_precision", "date_text")


def share_dates(rows: Sequence[dict[str, Any]], campaign: str, one_scene: bool) -> None:
    """Mentions of one event share its most precise date, as they share its place.

    Within an ``event_group`` an undated member, or one dated less precisely in a
    way the precise date agrees with ("the blasts in 1993" and "on 12 March
    1993"), takes the precise date. Then, in an article about attacks in one
    area (``one_scene``) whose attacks dated to a day all fall on one day (landmarks
    and campaigns aside), the
    undated or less precisely dated asserted attack mentions take that day
    unless they tell a campaign or a landmark (row key ``campaign``). A mention
    whose own text dates it otherwise keeps its date: nothing is guessed.
    """
    share_in_groups(event_groups(rows), _most_precise, _refines, _DATE_COLUMNS)
    attacks = asserted_attacks(rows)
    # A landmark ("in the wake of the 14 March 2009 bombings") is dated by
    # the text but is not what the article tells, so its day competes with none.
    told = [r for r in attacks if r["date_precision"] == "day" and not r.get(campaign)]
    days = {r["event_date"] for r in told}
    if len(days) != 1 or not one_scene:
        return
    main = told[0]
    for row in attacks:
        if _refines(row, main) and not row.get(campaign):
            copy_columns(main, row, _DATE_COLUMNS)


def _rank(row: dict[str, Any]) -> int:
    precision = row["date_precision"]
    return (
        _PRECISION_ORDER.index(precision)
        if precision in _PRECISION_ORDER
        else len(_PRECISION_ORDER)
    )


def _most_precise(members: Sequence[dict[str, Any]]) -> dict[str, Any] | None:
    dated = [r for r in members if r["event_date"] is not None]
    return min(dated, key=_rank) if dated else None


def _refines(row: dict[str, Any], best: dict[str, Any]) -> bool:
    """Whether ``best``'s date may replace ``row``'s: it is undated, or dated less
    precisely within the same year (and month, for a month)."""
    if row["event_date"] is None:
        return True
    if _rank(best) >= _rank(row):
        return False
    own, precise = row["event_date"], best["event_date"]
    if row["date_precision"] == "month":
        return (own.year, own.month) == (precise.year, precise.month)
    if row["date_precision"] == "year":
        return own.year == precise.year
    return False
