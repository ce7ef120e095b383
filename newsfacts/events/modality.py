"""Whether an event mention reports something that happened.

Analysts count only what happened; planned talks, demanded withdrawals and
suspended attacks must stay distinguishable. The reading is lexical: the
modality cue nearest before the trigger in its clause decides (so "would
suspend attacks" makes the attacks negated, the cue closest to them), then
words right after the trigger can undo it ("talks have since paused") or put
it in the future ("talks will be held").
"""

from __future__ import annotations

from collections.abc import Sequence

from newsfacts.events.lexicon import EventLexicon
from newsfacts.events.triggers import Trigger, is_passive
from newsfacts.figures.tokens import Token, match_at, match_before

ASSERTED = "asserted"
_DEFINITE = frozenset({"the", "its", "their", "his", "her", "this", "that", "these", "those"})
_ADJUNCT_PREPOSITIONS = frozenset({"in", "at", "during"})


def modality_of(tokens: Sequence[Token], trigger: Trigger, lex: EventLexicon) -> str:
    """One of asserted, planned, hypothetical, negated."""
    if trigger.entry.event_type == "THREATEN" and (
        _risk(tokens, trigger.last, lex) or _endangered(tokens, trigger, lex)
    ):
        return "hypothetical"
    if _undone_after(tokens, trigger.last, lex):
        return "negated"
    before = _cue_before(tokens, trigger.first, lex)
    if before is None and trigger.entry.pos == "noun" and _announced_after(tokens, trigger, lex):
        return "planned"
    return before or ASSERTED


def _announced_after(tokens: Sequence[Token], trigger: Trigger, lex: EventLexicon) -> bool:
    """ "talks will be held", "the summit is scheduled for May": a subject event noun
    whose own verb is future."""
    if trigger.last >= len(tokens):
        return False
    return match_at(tokens, trigger.last, lex.planned_after) is not None


def _risk(tokens: Sequence[Token], start: int, lex: EventLexicon) -> bool:
    """ "threatens to entangle the country in conflict": a danger, not a threat made."""
    following = tokens[start : start + 2]
    return (
        len(following) == 2 and following[0].lower == "to" and following[1].lower in lex.risk_verbs
    )


def _endangered(tokens: Sequence[Token], trigger: Trigger, lex: EventLexicon) -> bool:
    """ "the mission is threatened", "presence threatened by air strikes": something is
    at risk; no one made a threat (that needs an agent: "threatened by gunmen")."""
    passive = is_passive(tokens, trigger) or (
        trigger.last < len(tokens) and tokens[trigger.last].lower == "by"
    )
    if not passive:
        return False
    for i in range(trigger.last, min(len(tokens), trigger.last + 3)):
        if tokens[i].lower == "by":
            following = i + 1
            if following < len(tokens) and tokens[following].lower in ("the", "a", "an"):
                following += 1
            return following + 1 < len(tokens) and (
                match_at(tokens, following + 1, lex.triggers) is not None
                or match_at(tokens, following, lex.triggers) is not None
            )
    return True


def _undone_after(tokens: Sequence[Token], start: int, lex: EventLexicon) -> bool:
    for i in range(start, min(len(tokens), start + lex.negated_after_window)):
        if not tokens[i].is_word and _is_breaker(tokens[i], lex):
            return False
        if match_at(tokens, i, lex.negated_after):
            return True
    return False


def _cue_before(tokens: Sequence[Token], first: int, lex: EventLexicon) -> str | None:
    """Nearest cue in the clause before the trigger.

    A definite event noun ("respond to the killing", "denied it carried out the
    strike") presupposes its event: a future tense or a denial further back
    does not make it planned or negated, only a verb governing it does
    ("suspend the attacks").
    An adjunct ("in a phone call", "at a meeting") is outside the scope of
    the verb before it.
    """
    definite = first > 0 and tokens[first - 1].lower in _DEFINITE
    for end in range(first, max(0, first - lex.window), -1):
        cue = match_before(tokens, end, lex.modality_cues)
        if cue and not (definite and end < first - 1 and lex.modality_cues[cue] != "hypothetical"):
            return lex.modality_cues[cue]
        if _adjunct(tokens, end - 1):
            return None
        if _is_breaker(tokens[end - 1], lex) and not _coordinated_infinitive(tokens, end - 1):
            return None
    return None


def _coordinated_infinitive(tokens: Sequence[Token], i: int) -> bool:
    """ "threatened to assault and murder", "vowed to hunt down and kill": the verb
    after "and" shares the infinitive, so the cue before it governs both."""
    return tokens[i].lower == "and" and i >= 2 and tokens[i - 2].lower == "to"


def _adjunct(tokens: Sequence[Token], i: int) -> bool:
    following = tokens[i + 1].lower if i + 1 < len(tokens) else ""
    return tokens[i].lower in _ADJUNCT_PREPOSITIONS and following in ("a", "an")


def _is_breaker(token: Token, lex: EventLexicon) -> bool:
    return token.lower in lex.breakers
