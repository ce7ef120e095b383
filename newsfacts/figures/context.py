"""Where a figure is about and who the text cites for it, as written in the sentence.

Both are surface strings, not resolved entities: resolution to entity ids is
the entity stage's job, and keeping the words as written lets a reader check
them against the text.

- location: the first "in/across/near <Capitalised Name>" after the
  figure's noun phrase in the same clause ("1,200 troops in Mali", "attacks
  on patrols in Mali and Niger"), else a sentence-opening "In <Name>,".
- attributed_to: "according to <source>" (or another opener), else the
  subject of the reporting verb nearest to the figure ("the ministry said",
  "said the ministry"); an appositive between subject and verb is skipped
  ("The Front, a coalition of ..., said"). Pronoun subjects are not
  names and give null.
"""

from __future__ import annotations

import bisect
from collections.abc import Sequence

from newsfacts.figures.lexicon import Lexicon, lexicon
from newsfacts.figures.tokens import Token, match_at

_LOCATION_WINDOW = 6
_MAX_SOURCE = 10
_MAX_NAME = 8
_SOURCE_STOPS = frozenset({"that", "which", "who", "and", "but", "while", "as", "when"})
_QUOTES = frozenset({'"', "“", "”", "‘", "’", "'"})
_NAME_JOINERS = frozenset({"and", "-", "of", "al", "el"})
# First words of an aside between subject and verb ("X, one of the groups, said",
# "X, which took office in May, says").
_APPOSITION_OPENERS = frozenset({"a", "an", "one", "which", "who"})
# Function words that may still open or sit inside a source description.
_SOURCE_WORDS = frozenset({"the", "a", "an", "its", "their", "his", "her", "our"})


def location(tokens: Sequence[Token], text: str, after: int) -> str | None:
    """The place named after the figure, else a sentence-opening "In <Name>,"."""
    lex = lexicon()
    for k in range(after, min(after + _LOCATION_WINDOW, len(tokens))):
        if not tokens[k].is_word:
            break
        if tokens[k].lower in lex.place_prepositions:
            place = _name_at(tokens, text, k + 1, lex)
            if place is not None:
                return place
    if len(tokens) > 2 and tokens[0].lower in lex.place_prepositions:
        place = _name_at(tokens, text, 1, lex)
        end = _name_end(tokens, 1, lex)
        if place is not None and end < len(tokens) and tokens[end].text == ",":
            return place
    return None


def _name_at(tokens: Sequence[Token], text: str, k: int, lex: Lexicon) -> str | None:
    """A place name at ``k``: "southern Mali", "the Sahel", "the northern city of Gao" (Gao).

    A possessive ending is dropped: "in Niger's south" is about Niger.
    """
    if k < len(tokens) and tokens[k].lower == "the":
        k += 1
    first = k
    while k < len(tokens) and tokens[k].lower in lex.place_modifiers:
        k += 1
    if k + 1 < len(tokens) and tokens[k].lower in lex.place_kinds and tokens[k + 1].lower == "of":
        k += 2
        first = k
    end = _name_end(tokens, k, lex)
    if end == k:
        return None
    name = text[tokens[first].start : tokens[end - 1].end]
    return name[:-2] if name.endswith(("'s", "’s")) else name


def _name_end(tokens: Sequence[Token], k: int, lex: Lexicon) -> int:
    """End of a run of capitalised words ("Mali and Niger"); days and months are not places."""
    end = k
    j = k
    while j < len(tokens) and j - k < _MAX_NAME:
        token = tokens[j]
        if token.is_word and token.is_capitalised and not _is_calendar_word(token, lex):
            j += 1
            end = j
        elif token.lower in _NAME_JOINERS and end == j and j > k:
            j += 1
        else:
            break
    return end


def _is_calendar_word(token: Token, lex: Lexicon) -> bool:
    """ "January", "Wednesday's": a day or month, possibly possessive."""
    base = token.lower.replace("’", "'").split("'")[0]
    return base in lex.months or base in lex.weekdays


def _is_reporting_verb(tokens: Sequence[Token], k: int, lex: Lexicon) -> bool:
    """A reporting verb, not an adjective after an article ("an estimated 100 people")."""
    if tokens[k].text not in lex.reporting:
        return False
    return k == 0 or tokens[k - 1].lower not in {"a", "an", "the"}


class Sources:
    """The sources a sentence cites, read once so each figure's lookup is cheap."""

    def __init__(self, tokens: Sequence[Token], text: str) -> None:
        lex = lexicon()
        self._tokens = tokens
        self._text = text
        self._lex = lex
        self._opened = _after_opener(tokens, text, lex)
        self._verbs = [k for k, t in enumerate(tokens) if _is_reporting_verb(tokens, k, lex)]

    def attributed_to(self, near: int) -> str | None:
        """Who the sentence cites for the figure at token ``near``."""
        if self._opened is not None or not self._verbs:
            return self._opened
        at = bisect.bisect_left(self._verbs, near)
        candidates = self._verbs[max(at - 1, 0) : at + 1]
        verb = min(candidates, key=lambda k: abs(k - near))
        tokens = self._tokens
        source = _subject_before(tokens, verb, self._lex) or _subject_after(tokens, verb)
        if source is None:
            return None
        surface = self._text[tokens[source[0]].start : tokens[source[1]].end]
        return None if surface.lower() in self._lex.pronouns else surface


def _after_opener(tokens: Sequence[Token], text: str, lex: Lexicon) -> str | None:
    """ "according to X": the first cited source of the sentence."""
    for k in range(len(tokens)):
        key = match_at(tokens, k, lex.openers)
        if key is None:
            continue
        span = _segment_forward(tokens, k + len(key))
        if span is not None:
            return text[tokens[span[0]].start : tokens[span[1]].end]
    return None


def _segment_forward(tokens: Sequence[Token], k: int) -> tuple[int, int] | None:
    last = k - 1
    j = k
    while j < len(tokens) and j - k < _MAX_SOURCE and _in_source(tokens, j):
        last = j
        j += 1
    return (k, last) if last >= k else None


def _segment_back(tokens: Sequence[Token], k: int) -> tuple[int, int] | None:
    first = k + 1
    j = k
    while j >= 0 and k - j < _MAX_SOURCE and _in_source(tokens, j):
        first = j
        j -= 1
    return (first, k) if first <= k else None


def _in_source(tokens: Sequence[Token], j: int) -> bool:
    """Can token ``j`` belong to a source's name or description?

    Function words end a source ("... after US President X said") unless
    they sit inside a name ("Centre for Civic Monitoring").
    """
    token = tokens[j]
    if token.text in {"-", "'", "’", "&"}:
        return True
    if not token.is_word:
        return False
    if token.lower in _SOURCE_WORDS:
        return True
    if token.lower not in lexicon().stop_words and token.lower not in _SOURCE_STOPS:
        return True
    inside = 0 < j < len(tokens) - 1
    return inside and tokens[j - 1].is_capitalised and tokens[j + 1].is_capitalised


def _subject_before(tokens: Sequence[Token], verb: int, lex: Lexicon) -> tuple[int, int] | None:
    """The words before the verb, minus auxiliaries ("the government had said").

    "X, a group that ..., said": when a comma closes an appositive or relative
    clause ("a", "one", "which", "who"), the subject is the segment before it.
    """
    k = verb - 1
    while k >= 0 and tokens[k].lower in lex.auxiliaries:
        k -= 1
    if k >= 0 and tokens[k].text == ",":
        opening = _previous_comma(tokens, k)
        if opening is not None and tokens[opening + 1].lower in _APPOSITION_OPENERS:
            return _segment_back(tokens, opening - 1)
        k -= 1
    return _segment_back(tokens, k)


def _previous_comma(tokens: Sequence[Token], k: int) -> int | None:
    for j in range(k - 1, max(k - 3 * _MAX_SOURCE, -1), -1):
        if tokens[j].text == ",":
            return j
    return None


def _subject_after(tokens: Sequence[Token], verb: int) -> tuple[int, int] | None:
    """ ", said the ministry": a subject written after the verb, only after a comma or quote."""
    if verb == 0 or verb + 1 >= len(tokens):
        return None
    if tokens[verb - 1].text not in _QUOTES | {","}:
        return None
    following = tokens[verb + 1]
    if not (following.is_capitalised or following.lower == "the"):
        return None
    return _segment_forward(tokens, verb + 1)
