"""What a number counts: its noun phrase and its category.

The category comes from what the sentence says happened to the counted
thing before the noun alone, in this order:
1. the number's own form: money, percent, a time unit (duration);
2. an event word right before it ("killed 31 people", "the death toll rose
   to 45", "wounding at least 12", "the killing of four");
2b. an event word inside the noun phrase: "five of the wounded soldiers";
2c. a subset marker: "killed 35 people, including 12 children" -> killed;
3. an attack or target noun ("three blasts", "60 targets"), or a place-like
   noun after an attack word in the same clause ("struck 60 targets at nine
   sites", "raids on five depots" -> sites, depots are targets);
4. an event word right after its noun phrase ("five soldiers were killed",
   "12 of its members had been killed", "five people killed in");
5. the head noun itself ("1,200 troops", "44 civilians", "the 19 dead"; a
   plural nationality such as "300 Palestinians" counts people);
5b. coordination: a count of people joined by "and" or a comma to the
   previous count shares what happened to it ("killed 12 children and seven
   women", "wounded 12 men, five women and three children");
6. ellipsis: a number without a noun takes the noun and category of the
   previous count of the sentence ("700 troops in Mali and 300 in Niger");
   amounts of money, percentages and durations are not shared this way.
Event words (2 and 4) only apply to counts of people: a count headed by a
place or weapon noun ("seized three weapons depots") skips them. An event
word of the ``other`` group ("freed", "released") ends the search but gives
way to a noun that names a category ("freed three prisoners": detained).
A count of incidents named by an attack word ("220 fire-bombing
incidents") counts attacks; an age in apposition ("Webb, 51, was") is a
duration.
7. otherwise ``other``.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from newsfacts.figures.lexicon import Lexicon, lexicon
from newsfacts.figures.qualifiers import Qualified
from newsfacts.figures.tokens import Token, match_before, touching

_MAX_RUN = 6
_BACK_WINDOW = 4
_FORWARD_WINDOW = 6
_CLAUSE_WINDOW = 8
_ASIDE_WINDOW = 12
_CLAUSE_ENDS = frozenset({"and", "but", "while", "whereas"})
_STRIKE_CATEGORIES = frozenset({"attacks", "targets"})
_EVENT_CATEGORIES = frozenset({"killed", "injured", "detained", "displaced"})
_LIST_JOINERS = frozenset({",", "and", "or"})
# An age is a whole number of years below this.
MAX_AGE = 120
_FORM_CATEGORIES = frozenset({"money", "percent", "duration"})


@dataclass(frozen=True)
class NounPhrase:
    """The counted noun after a number; ``end`` is the token index after its head."""

    end: int
    noun: str | None
    head: int | None


@dataclass(frozen=True)
class Counted:
    """A number with its noun phrase, counted noun (possibly elided) and category."""

    qualified: Qualified
    phrase: NounPhrase
    noun: str | None
    category: str


def noun_phrase(tokens: Sequence[Token], text: str, qualified: Qualified) -> NounPhrase:
    """The counted noun after a number, including a partitive ("12 of its members")."""
    lex = lexicon()
    number = qualified.number
    if number.money or number.percent:
        return NounPhrase(qualified.end, None, None)
    if number.unit is not None:
        return NounPhrase(qualified.end, number.unit, None)
    start = qualified.end
    if start < len(tokens) and tokens[start].lower == "of":
        start += 1
        while start < len(tokens) and tokens[start].lower in lex.determiners:
            start += 1
    while start < len(tokens) and tokens[start].lower in lex.pre_noun:
        start += 1
    run = _word_run(tokens, start, lex)
    heads = [k for k in run if _is_head(tokens[k], lex)]
    common = [k for k in heads if not tokens[k].is_capitalised]
    heads = _first_heads(run, common or heads)  # "Two United States service members"
    if not heads and run and (number.value == 1 or _is_strong(tokens, qualified)):
        heads = [run[-1]]
    if not heads:
        return NounPhrase(qualified.end, None, None)
    head = heads[-1]
    noun = text[tokens[_modifiers_start(tokens, run, head)].start : tokens[head].end].lower()
    return NounPhrase(head + 1, noun, head)


def _first_heads(run: list[int], heads: list[int]) -> list[int]:
    """The first block of adjacent head words: a verb or another word after a head ends
    its phrase ("demonstrators blocked roads", "buildings housing troops")."""
    if not heads:
        return heads
    block = [heads[0]]
    position = run.index(heads[0])
    for k in run[position + 1 :]:
        if k not in heads:
            break
        block.append(k)
    return block


def _modifiers_start(tokens: Sequence[Token], run: list[int], head: int) -> int:
    """First lower-case word of the head's noun compound ("police officers", "aid workers").

    Names and the tails of hyphenated names are left out ("French soldiers",
    "Moscow-backed fighters" -> "soldiers", "fighters") so that the same thing
    counted in different documents gets the same noun.
    """
    position = run.index(head)
    first = position
    while first > 0 and run[first - 1] == run[first] - 1:
        if tokens[run[first - 1]].is_capitalised:
            break
        first -= 1
    while first < position and tokens[run[first] - 1].text == "-":
        first += 1
    return run[first]


def _is_strong(tokens: Sequence[Token], qualified: Qualified) -> bool:
    return tokens[qualified.number.end - 1].lower == "strong"


def _word_run(tokens: Sequence[Token], start: int, lex: Lexicon) -> list[int]:
    """Indices of the words that may belong to a noun phrase starting at ``start``.

    Stops at function words, punctuation and at a capitalised word after a
    lower-case one (the start of a new name); skips a bracketed or dotted
    acronym ("(PKK)", "U.N.") and keeps hyphenated modifiers ("Moscow-backed").
    """
    run: list[int] = []
    k = start
    while k < len(tokens) and len(run) < _MAX_RUN:
        token = tokens[k]
        if _is_bracketed_acronym(tokens, k):
            k += 3
            continue
        if _dotted_acronym_end(tokens, k) > k:
            k = _dotted_acronym_end(tokens, k)
            continue
        if token.text == "-" and run and k + 1 < len(tokens) and touching(tokens[k - 1], token):
            k += 1
            continue
        if not token.is_word or token.lower in lex.stop_words or token.lower in lex.cardinals:
            break
        glued = tokens[k - 1].text == "-" and touching(tokens[k - 1], token)
        if run and token.is_capitalised and not tokens[run[-1]].is_capitalised and not glued:
            break
        run.append(k)
        k += 1
    return run


def _dotted_acronym_end(tokens: Sequence[Token], k: int) -> int:
    """Index after a dotted acronym starting at ``k`` ("U.S.", "U.N."), else ``k``."""
    j = k
    while (
        j + 1 < len(tokens)
        and len(tokens[j].text) == 1
        and tokens[j].text.isupper()
        and tokens[j + 1].text == "."
        and touching(tokens[j], tokens[j + 1])
    ):
        j += 2
    return j if j - k >= 4 else k


def _is_bracketed_acronym(tokens: Sequence[Token], k: int) -> bool:
    return (
        k + 2 < len(tokens)
        and tokens[k].text == "("
        and tokens[k + 1].text.isupper()
        and tokens[k + 2].text == ")"
    )


def _is_head(token: Token, lex: Lexicon) -> bool:
    """Could this word head a counted noun phrase (a plural or a known count noun)?"""
    word = token.lower
    if token.text.isupper() and len(token.text) > 1:
        return False
    known = (
        word in lex.plurals
        or word in lex.time_units
        or (word,) in lex.nouns
        or (word,) in lex.sites
        or (word,) in lex.currency_words
    )
    # A capitalised plural in -s heads a count of people ("800,000 Tutsis").
    return known or lex.looks_plural(word) or (token.is_capitalised and word.endswith("s"))


def categorise(
    tokens: Sequence[Token], qualified: Qualified, phrase: NounPhrase, previous: Counted | None
) -> Counted:
    """Decide the category (and fill an elided noun) of one qualified number."""
    lex = lexicon()
    head = tokens[phrase.head].lower if phrase.head is not None else None
    human = head is None or not _is_thing(tokens, phrase, lex)
    category = (
        _by_form(qualified, head, lex)
        or _age(tokens, qualified, phrase)
        or (human and _event_before(tokens, qualified.start, lex))
        or (human and _event_inside(tokens, qualified.end, phrase, lex))
        or _as_subset(tokens, qualified.start, previous, lex)
        or _by_strike(tokens, qualified.start, head, lex)
        or (human and _event_after(tokens, phrase.end, lex))
        or _coordinated(tokens, qualified, previous, phrase, lex)
        or _by_noun(tokens, phrase, lex)
    )
    if category == "other":  # "freed three prisoners": the noun names the category
        category = _by_noun(tokens, phrase, lex) or category
    noun = phrase.noun
    if noun is None and previous is not None and _can_elide(qualified, previous):
        noun = previous.noun
        category = category or previous.category
    return Counted(qualified, phrase, noun, category or "other")


def _age(tokens: Sequence[Token], qualified: Qualified, phrase: NounPhrase) -> str | None:
    """ "Webb, 51, was charged", "Scholl, 21,", "aged 44": an age is a duration."""
    number = qualified.number
    if phrase.head is not None or number.value is None or number.unit is not None:
        return None
    if not (number.value.is_integer() and 0 < number.value < MAX_AGE):
        return None
    start, end = qualified.start, qualified.end
    before = tokens[start - 1].lower if start > 0 else ""
    after = tokens[end].text if end < len(tokens) else ""
    if before == "aged":
        return "duration"
    apposition = before == "," and after in (",", ")", ".") and start > 1
    named = start > 1 and (tokens[start - 2].is_word or tokens[start - 2].text == ".")
    return "duration" if apposition and named else None  # "Carlineo Jr., 55, of"


def _coordinated(
    tokens: Sequence[Token],
    qualified: Qualified,
    previous: Counted | None,
    phrase: NounPhrase,
    lex: Lexicon,
) -> str | None:
    """ "killed 12 children and seven women": a count of people right after another,
    joined by "and", "or" or a comma, shares what happened to it."""
    if previous is None or previous.category not in _EVENT_CATEGORIES:
        return None
    if _by_noun(tokens, phrase, lex) not in (None, "people", "troops"):
        return None
    previous_end = max(previous.qualified.end, previous.phrase.end)
    between = [t.lower for t in tokens[previous_end : qualified.start]]
    return previous.category if between and set(between) <= _LIST_JOINERS else None


def _is_thing(tokens: Sequence[Token], phrase: NounPhrase, lex: Lexicon) -> bool:
    """Places and weapons are not killed, wounded or detained ("seized three depots")."""
    assert phrase.head is not None
    site = match_before(tokens, phrase.head + 1, lex.sites)
    return site is not None or lex.nouns.get((tokens[phrase.head].lower,)) in _STRIKE_CATEGORIES


def _can_elide(qualified: Qualified, previous: Counted) -> bool:
    """Only counts of things share an elided noun ("300 in Niger"); amounts and spans do not."""
    number = qualified.number
    own_form = number.money or number.percent or number.unit is not None
    return not own_form and previous.category not in _FORM_CATEGORIES


def _by_form(qualified: Qualified, head: str | None, lex: Lexicon) -> str | None:
    number = qualified.number
    if number.money or (head is not None and (head,) in lex.currency_words):
        return "money"
    if number.percent:
        return "percent"
    if number.unit in lex.time_units or (head is not None and head in lex.time_units):
        return "duration"
    return None


def _event_before(tokens: Sequence[Token], start: int, lex: Lexicon) -> str | None:
    """An event word governing the number from the left, across bridge words only."""
    k = start - 1
    while k >= 0 and start - k <= _BACK_WINDOW:
        key = match_before(tokens, k + 1, lex.events)
        if key is not None:
            return lex.events[key]
        if tokens[k].lower not in lex.bridges:
            return None
        k -= 1
    return None


def _event_inside(
    tokens: Sequence[Token], start: int, phrase: NounPhrase, lex: Lexicon
) -> str | None:
    """A participle modifying the counted noun ("five of the wounded soldiers").

    Only participles ("-ed", "dead"): a noun modifier such as "death" in "12
    death row inmates" says nothing about what happened to them.
    """
    if phrase.head is None:
        return None
    for k in range(start, phrase.head):
        word = tokens[k].lower
        category = lex.events.get((word,))
        if category is not None and (word.endswith("ed") or word == "dead"):
            return category
    return None


def _as_subset(
    tokens: Sequence[Token], start: int, previous: Counted | None, lex: Lexicon
) -> str | None:
    """ "including 12 children": a part of the previous count shares its category."""
    if previous is None or match_before(tokens, start, lex.subsets) is None:
        return None
    return previous.category


def _by_strike(tokens: Sequence[Token], start: int, head: str | None, lex: Lexicon) -> str | None:
    """Attack/target nouns, and place-like nouns hit by an attack word in the clause.

    The attack word may be a verb ("struck 60 targets at nine sites") or an
    attack noun ("raids on five depots").
    """
    if head is None:
        return None
    category = lex.nouns.get((head,))
    if category in _STRIKE_CATEGORIES:
        return category
    if category is None and _attack_modified(tokens, start, head, lex):
        return "attacks"  # "220 fire-bombing incidents"
    if (head,) not in lex.sites:
        return None
    for k in range(start - 1, max(start - _CLAUSE_WINDOW, 0) - 1, -1):
        if not (tokens[k].is_word or tokens[k].is_digit):
            return None
        word = tokens[k].lower
        if word in lex.strike_verbs or lex.nouns.get((word,)) == "attacks":
            return "targets"
    return None


def _attack_modified(tokens: Sequence[Token], start: int, head: str, lex: Lexicon) -> bool:
    """A count noun modified by an attack word: "fire-bombing incidents", "bomb attacks"."""
    for k in range(start, min(start + _MAX_RUN, len(tokens))):
        word = tokens[k].lower
        if word == head:
            return False
        if lex.nouns.get((word,)) == "attacks":
            return True
    return False


def _event_after(tokens: Sequence[Token], end: int, lex: Lexicon) -> str | None:
    """An event word after the noun phrase in the same clause ("were killed").

    An aside between commas is stepped over ("six people, including a child,
    were killed").
    """
    k, steps = end, 0
    while k < len(tokens) and steps < _FORWARD_WINDOW:
        token = tokens[k]
        if token.text == "," and k + 1 < len(tokens) and tokens[k + 1].lower in lex.asides:
            k, steps = _after_aside(tokens, k + 1), steps + 1
            continue
        if not (token.is_word or token.is_digit) or token.lower in _CLAUSE_ENDS:
            return None
        key = match_before(tokens, k + 1, lex.events)
        if key is not None and k + 1 - len(key) >= end:
            return lex.events[key]
        k, steps = k + 1, steps + 1
    return None


def _after_aside(tokens: Sequence[Token], k: int) -> int:
    """Index after the comma that closes an aside opened at ``k`` (end of text if none near)."""
    for j in range(k, min(k + _ASIDE_WINDOW, len(tokens))):
        if tokens[j].text == ",":
            return j + 1
    return len(tokens)


def _by_noun(tokens: Sequence[Token], phrase: NounPhrase, lex: Lexicon) -> str | None:
    """The category the head noun names, or people for a plural nationality ("Malians")."""
    if phrase.head is None:
        return None
    key = match_before(tokens, phrase.head + 1, lex.nouns)
    if key is not None:
        return lex.nouns[key]
    head = tokens[phrase.head]
    return "people" if head.is_capitalised and head.lower.endswith(lex.demonym_endings) else None
