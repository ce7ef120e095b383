"""Name discovery in one sentence: capitalised sequences, segmented and typed.

A name is a run of capitalised words, possibly joined by name particles
(al-, bin, Abu), by connectors inside organisation names (Observatory *for*
Human Rights) or around a quoted nickname (Wisam “Abu X” al-Y). Each run is
cut into lexicon phrases (organisations, demonyms, titles, gazetteer
places, longest first) and unknown stretches, which are typed by general
cues: a title or a common given name before them (PERSON), an organisation
head or opener word (ORG), a following "brigade"/"province" (ORG/GPE).

What the sentence alone cannot decide (a lone surname, an acronym, a
capitalised sentence opener) is returned untyped for the document-level
pass in ``extract``. Everything here is a single left-to-right scan over
tokens with a bounded look-ahead, so it is linear in the sentence length.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from newsfacts.entities.lexicon import Entry, Lexicon, lexicon
from newsfacts.gazetteer import Place, is_place_name, lookup_place, starts_place_name
from newsfacts.names import name_key

_ACRONYM_AFTER = re.compile(r" \([A-Z][A-Za-z]{0,2}[A-Z]+\)")
_TOKEN = re.compile(r"(?:[A-Z]\.){2,}|\w+(?:['’]\w+)*")
_POSSESSIVE = ("'s", "’s")
_HYPHENS = frozenset("-‐‑")
_OPEN_QUOTES = frozenset('“"')
_CLOSE_QUOTES = frozenset('”"')
# A quoted nickname inside a name is at most this many words long.
MAX_NICKNAME_WORDS = 3
# No name is longer than this many words ("Islamic State of Iraq and the
# Levant" has 7); a longer run of capitalised words is cut, which also
# bounds the work per run on title-case or run-on text.
MAX_RUN_TOKENS = 12
# How many words after "and" are tried for a listed name ("Justice and
# Development Party").
MAX_AND_LOOKAHEAD = 3
# A sentence with at least this share of capitalised words is a title-case
# headline: only lexicon and gazetteer phrases are trusted in it.
TITLE_CASE_SHARE = 0.8
MIN_TITLE_CASE_WORDS = 5
MAX_TITLE_CASE_SMALL_WORD = 4


@dataclass(frozen=True)
class Token:
    text: str
    start: int
    end: int  # end of the word without a possessive ending
    possessive: bool

    @property
    def capitalised(self) -> bool:
        return self.text[:1].isupper()


@dataclass(frozen=True)
class Candidate:
    """A name found in a sentence; ``entity_type`` None means "decide per document".

    ``canonical`` is the lexicon or gazetteer name when one matched; ``title``
    the title written right before a person's name; ``initial`` marks a
    word that is capitalised only because it opens the sentence.
    """

    start: int
    end: int
    surface: str
    entity_type: str | None
    canonical: str | None = None
    title: str | None = None
    initial: bool = False


def tokenize(text: str, offset: int = 0) -> list[Token]:
    tokens = []
    for match in _TOKEN.finditer(text):
        word = match.group()
        possessive = word.endswith(_POSSESSIVE) and len(word) > 2
        end = match.end() - 2 if possessive else match.end()
        tokens.append(
            Token(word[: end - match.start()], offset + match.start(), offset + end, possessive)
        )
    return tokens


def discover(text: str, offset: int = 0) -> list[Candidate]:
    """Names in one sentence; offsets are ``offset`` plus positions in ``text``."""
    lex = lexicon()
    tokens = tokenize(text, offset)
    context = _Context(
        tokens,
        {t.start: i for i, t in enumerate(tokens)},
        text,
        offset,
        lex,
        _is_title_case(tokens, lex),
    )
    found: list[Candidate] = []
    for run in _runs(tokens, text, offset, lex):
        if run[-1].text in lex.other_heads:
            continue
        found.extend(_Segmenter(run, context).candidates())
    return found


@dataclass(frozen=True)
class _Context:
    """One sentence's tokens and settings, shared by the segmenters of its runs."""

    tokens: list[Token]
    index: dict[int, int]  # token start -> position in ``tokens``
    text: str
    offset: int
    lex: Lexicon
    headline: bool


def _is_title_case(tokens: list[Token], lex: Lexicon) -> bool:
    """A title-case headline: nearly all words capitalised, no lower-case content word.

    Title case leaves only short function words (of, in, with, from) in
    lower case, so one lower-case word of five letters or more shows the
    sentence is ordinary prose, however many names it holds.
    """
    words = [t for t in tokens if t.text.isalpha() and t.text.lower() not in lex.connectors]
    if len(words) < MIN_TITLE_CASE_WORDS:
        return False
    if any(t.text.islower() and len(t.text) > MAX_TITLE_CASE_SMALL_WORD for t in words):
        return False
    return sum(t.capitalised for t in words) >= TITLE_CASE_SHARE * len(words)


def _gap(tokens: list[Token], i: int, text: str, offset: int) -> str:
    """The characters between token ``i - 1`` and token ``i`` (possessive included)."""
    previous_end = (
        tokens[i - 1].start + len(tokens[i - 1].text) + (2 if tokens[i - 1].possessive else 0)
    )
    return text[previous_end - offset : tokens[i].start - offset]


def _is_particle(token: Token, lex: Lexicon) -> bool:
    word = token.text.lower()
    known = word in lex.hyphen_particles or word in lex.spaced_particles
    return known and not token.text.isupper()


def _starts_name(token: Token, lex: Lexicon) -> bool:
    return token.capitalised and token.text not in lex.not_names and not token.text.isdigit()


def _runs(tokens: list[Token], text: str, offset: int, lex: Lexicon) -> list[list[Token]]:
    """Maximal runs of name tokens (see module docstring), as token index lists."""
    runs: list[list[Token]] = []
    i = 0
    while i < len(tokens):
        if not (_starts_name(tokens[i], lex) or _opens_particle(tokens, i, text, offset, lex)):
            i += 1
            continue
        run = [tokens[i]]
        i += 1
        while i < len(tokens) and not run[-1].possessive and len(run) < MAX_RUN_TOKENS:
            step = _next_step(tokens, i, text, offset, lex, run)
            if not step:
                break
            run.extend(tokens[i : i + step])
            i += step
        runs.append(_trim(run, lex))
    return [run for run in runs if run]


def _opens_particle(tokens: list[Token], i: int, text: str, offset: int, lex: Lexicon) -> bool:
    """A lower-case particle opens a name when a capitalised word follows it (al-Rutba)."""
    if not _is_particle(tokens[i], lex) or i + 1 >= len(tokens):
        return False
    gap = _gap(tokens, i + 1, text, offset)
    spaced = tokens[i].text.lower() in lex.spaced_particles
    return (gap in _HYPHENS or (spaced and gap == " ")) and tokens[i + 1].capitalised


def _next_step(
    tokens: list[Token], i: int, text: str, offset: int, lex: Lexicon, run: list[Token]
) -> int:
    """How many tokens from ``i`` extend the run (0: the run ends before ``i``)."""
    gap = _gap(tokens, i, text, offset)
    token = tokens[i]
    if gap == " " or gap in _HYPHENS:
        if _starts_name(token, lex) or _surname_word(tokens, i, run, lex):
            return 1
        if _is_particle(token, lex) and _opens_particle(tokens, i, text, offset, lex):
            return 1
        if gap == " ":
            return _joins_connector(tokens, i, text, offset, lex, run) or _inner_word(
                tokens, i, text, offset, lex
            )
        return 0
    if len(gap) == 2 and gap[0] == " " and gap[1] in _OPEN_QUOTES:
        return _nickname(tokens, i, text, offset, lex)
    return 0


def _inner_word(tokens: list[Token], i: int, text: str, offset: int, lex: Lexicon) -> int:
    """A capitalised function word between two name words is inside one name.

    "Doctors Without Borders", "Friends Of The Earth": in prose such words
    are capitalised only inside a name written in title case.
    """
    if tokens[i].text not in lex.title_case_inner or i + 1 >= len(tokens):
        return 0
    following = _starts_name(tokens[i + 1], lex) and tokens[i + 1].text not in lex.title_case_inner
    return 2 if following and _gap(tokens, i + 1, text, offset) == " " else 0


def _surname_word(tokens: list[Token], i: int, run: list[Token], lex: Lexicon) -> bool:
    """A month-like word closing a person's name (Theresa May), not a date (May 3)."""
    if tokens[i].text not in lex.surname_words or run[-1].text in lex.not_names:
        return False
    following = tokens[i + 1].text if i + 1 < len(tokens) else ""
    return not following[:1].isdigit()


def _joins_connector(
    tokens: list[Token], i: int, text: str, offset: int, lex: Lexicon, run: list[Token]
) -> int:
    """Tokens a connector adds to an organisation or place name (0: it ends the name).

    of/for/in/on follow a head word ("Syrian Observatory for Human Rights",
    "Secretary of State", "Gulf of Aden"), optionally with "the" ("Group
    for the Support of ..."); once the name holds an organisation word they
    may follow any word, and so may "and" ("... of Islam and Muslims"),
    except right after the head word ("X Alliance and Y Relief" are two).
    "Iraq and Syria" stay two names.
    """
    word = tokens[i].text.lower()
    if word not in lex.connectors or word == "the" or i + 1 >= len(tokens):
        return 0
    step = 1
    if tokens[i + 1].text.lower() == "the" and word != "and":
        step = 2
    if i + step >= len(tokens) or any(
        _gap(tokens, j, text, offset) != " " for j in range(i + 1, i + step + 1)
    ):
        return 0
    if not _starts_name(tokens[i + step], lex):
        return 0
    organisation = any(t.text in lex.org_heads or t.text in lex.org_openers for t in run)
    if word == "and":  # "Alliance and X": the first name is complete, a second one follows
        if organisation:
            return step if run[-1].text not in lex.org_heads else 0
        return step if _known_with_and(tokens, i, text, offset, lex, run) else 0
    head = run[-1].text
    return step if organisation or head in lex.connector_heads else 0


def _known_with_and(
    tokens: list[Token], i: int, text: str, offset: int, lex: Lexicon, run: list[Token]
) -> bool:
    """Whether "and" at ``i`` sits inside a listed name ("Justice and Development Party").

    Only listed names qualify: before their head word an unknown "X and Y"
    is two names (Iraq and Syria).
    """
    for last in range(i + 1, min(i + 1 + MAX_AND_LOOKAHEAD, len(tokens))):
        if not tokens[last].capitalised:
            return False
        for first in run:
            entry = lex.find(text[first.start - offset : tokens[last].end - offset])
            if entry is not None and entry.kind == "org":
                return True
    return False


def _nickname(tokens: list[Token], i: int, text: str, offset: int, lex: Lexicon) -> int:
    """Length of a quoted nickname plus the name word after it, or 0."""
    for n in range(1, MAX_NICKNAME_WORDS + 1):
        last = i + n - 1
        if last + 1 >= len(tokens) or not tokens[last].capitalised:
            return 0
        closing = _gap(tokens, last + 1, text, offset)
        if len(closing) == 2 and closing[0] in _CLOSE_QUOTES and closing[1] == " ":
            after = tokens[last + 1]
            return n + 1 if after.capitalised or _is_particle(after, lex) else 0
        if closing != " ":
            return 0
    return 0


def _trim(run: list[Token], lex: Lexicon) -> list[Token]:
    """A name never ends with a connector or a dangling particle."""
    while run and (run[-1].text.lower() in lex.connectors or _is_particle(run[-1], lex)):
        run = run[:-1]
    return run


class _Segmenter:
    """Cuts one run into typed candidates, left to right."""

    def __init__(self, run: list[Token], context: _Context) -> None:
        self.run = run
        self.tokens = context.tokens
        self.text = context.text
        self.offset = context.offset
        self.lex = context.lex
        self.headline = context.headline
        self.index = context.index
        self.out: list[Candidate] = []

    def surface(self, first: int, last: int) -> str:
        return self.text[self.run[first].start - self.offset : self.run[last].end - self.offset]

    def candidates(self) -> list[Candidate]:
        if self.defines_acronym():
            return self.out
        pos = 0
        title: str | None = None
        while pos < len(self.run):
            if self.run[pos].text in self.lex.connectors:
                pos, title = pos + 1, None  # "Secretary of State for the X": no name follows
                continue
            following_title = self.title_at(pos) if title is not None else None
            if following_title is not None:
                title, pos = following_title  # "Former MP Lord X": titles in a row
                continue
            if title is not None or self.opens_person(pos):
                pos = self.unknown(pos, title)
                title = None
                continue
            size, entry, place = self.match_at(pos)
            if size and entry is not None and entry.kind == "title":
                title = entry.canonical
                pos += size
                continue
            absorbed = bool(size) and self.absorbed_by_org(pos, size, entry)
            if size and not absorbed:
                self.emit_known(pos, size, entry, place)
                pos += size
                title = None
                continue
            pos = self.unknown(pos, title, to_end=absorbed)
            title = None
        return self.out

    def defines_acronym(self) -> bool:
        """A run of several words right before "(ACR)" is one organisation's name.

        Only organisations get acronyms, so "Sahel Relief Partnership (SRP)"
        is one name even though it opens with a place.
        """
        last = self.run[-1]
        after = self.text[last.end - self.offset : last.end - self.offset + 12]
        if len(self.run) < 2 or last.possessive or not _ACRONYM_AFTER.match(after):
            return False
        size, entry, _ = self.match_at(0)
        if size == len(self.run) or (entry is not None and entry.kind == "title"):
            return False
        first = self.run[0]
        self.out.append(Candidate(first.start, last.end, self.surface(0, len(self.run) - 1), "ORG"))
        return True

    def title_at(self, pos: int) -> tuple[str, int] | None:
        """(title, position after it) when a title starts at ``pos``."""
        size, entry, _ = self.match_at(pos)
        if size and entry is not None and entry.kind == "title" and pos + size < len(self.run):
            return entry.canonical, pos + size
        return None

    def opens_person(self, pos: int) -> bool:
        """A common given name followed by another name word opens a person's name."""
        word = self.run[pos].text
        opener = word in self.lex.given_names or word in self.lex.person_openers
        return opener and pos + 1 < len(self.run)

    def match_at(self, pos: int) -> tuple[int, Entry | None, Place | None]:
        """Longest lexicon or gazetteer phrase starting at ``pos``."""
        compound = self.part_of_place(pos)
        if compound is not None:
            return compound
        if not self.may_start(pos):
            return 0, None, None
        longest = min(self.lex.max_words + 2, len(self.run) - pos)
        for size in range(longest, 0, -1):
            phrase = self.surface(pos, pos + size - 1)
            entry = self.lex.find(phrase)
            if entry is not None:
                return size, entry, None
            if is_place_name(phrase) and not self.person_word(pos, size):
                place = lookup_place(phrase)
                if place is not None and self.place_stands(pos, size, place):
                    return size, None, place
        return 0, None, None

    def place_stands(self, pos: int, size: int, place: Place) -> bool:
        """Whether a gazetteer phrase is the name itself, not part of a longer one.

        A small town's one-word name followed by more name words ("Tal" in
        "Tal Harir", "Harir" being unknown or a town too) is the opening of a
        longer unknown name: the whole run is the place.
        """
        if size > 1:
            return True
        if not self.confident_place(pos, size, place):
            return False
        small = place.kind == "city" and (place.population or 0) < self.lex.min_bare_town_population
        following = pos + 1 < len(self.run) and self.run[pos + 1].text not in self.lex.connectors
        return not (small and following and not self.known_at(pos + 1))

    def known_at(self, pos: int) -> bool:
        """A lexicon phrase or a place of more than a small town starts at ``pos``."""
        size, entry, place = self.match_at(pos)
        if not size:
            return False
        if entry is not None or place is None or place.kind != "city":
            return True
        return (place.population or 0) >= self.lex.min_bare_town_population

    def part_of_place(self, pos: int) -> tuple[int, Entry | None, Place | None] | None:
        """ "North Darfur": a compass word and the place after it are one place."""
        if self.run[pos].text not in self.lex.compass_words or pos + 1 >= len(self.run):
            return None
        size, entry, place = self.match_at(pos + 1)
        if not size or place is None or entry is not None:
            return None
        surface = self.surface(pos, pos + size)
        if is_place_name(surface):
            return None  # a place of its own (South Sudan, North Korea)
        region = Place(
            surface,
            "region",
            place.entity_type,
            place.country_code,
            place.latitude,
            place.longitude,
            None,
        )
        return size + 1, None, region

    def confident_place(self, pos: int, size: int, place: Place) -> bool:
        """Whether a place name is safe to take as a place from the sentence alone.

        Countries, regions and big cities are; a small town's name is often
        also a surname (Hewitt, Gordon), so it needs a locative word before
        it ("in X") or a place word after it ("X province"). Otherwise the
        document decides (see ``extract``).
        """
        if place.kind != "city" or (place.population or 0) >= self.lex.min_bare_town_population:
            return True
        before = self.word_before(self.run[pos])
        after = self.following_word(self.run[pos + size - 1])
        return before in self.lex.locatives or after in self.lex.place_followers

    def may_start(self, pos: int) -> bool:
        """Cheap test whether any phrase can start at ``pos`` (articles look one word on)."""
        token = self.run[pos]
        if token.text.lower() in self.lex.hyphen_particles and pos + 1 < len(self.run):
            token = self.run[pos + 1]
        key = name_key(token.text)
        return starts_place_name(key) or self.lex.may_start(token.text)

    def person_word(self, pos: int, size: int) -> bool:
        """A one-word place name inside a person's name is part of the name.

        "Karim Hilla" or "Samir Hama": a word that is also a town
        name but follows a given name belongs to the person.
        """
        if size > 1 or pos == 0:
            return False
        return self.run[pos - 1].text in self.lex.given_names

    def absorbed_by_org(self, pos: int, size: int, entry: Entry | None) -> bool:
        """A demonym or place opening an unknown organisation name is part of it.

        "Iraqi National Security Service", "British Chambers of Commerce":
        the rest of the name holds an organisation head word.
        """
        if entry is not None and entry.kind == "org":
            return False
        rest = self.run[pos + size :]
        heads = self.lex.org_heads | self.lex.org_words | self.lex.facility_heads
        if not any(t.text in heads for t in rest):
            return False
        _, following, _ = self.match_at(pos + size)
        if following is not None and following.kind == "title":
            return rest[-1].text in self.lex.facility_heads  # "X General Hospital"
        return following is None or following.kind == "norp"

    def emit_known(self, pos: int, size: int, entry: Entry | None, place: Place | None) -> None:
        first = self.run[pos]
        last = self.run[pos + size - 1]
        if entry is not None:
            kind, canonical = entry.entity_type, entry.canonical
        else:
            assert place is not None
            kind, canonical = place.entity_type, place.name
        self.out.append(
            Candidate(first.start, last.end, self.surface(pos, pos + size - 1), kind, canonical)
        )

    def unknown(self, pos: int, title: str | None, to_end: bool = False) -> int:
        """Type the unknown stretch from ``pos``; returns the position after it."""
        end = pos + 1
        person = title is not None or self.run[pos].text in self.lex.given_names
        # "Kachin Independence Army": a word that is also a place's name
        # inside an unknown organisation does not cut it; nor does a known
        # word after a place's generic first word ("Tal Afar") or inside a
        # name introduced as a place ("the village of Umm Badr").
        to_end = to_end or (not person and self.run[-1].text in self.lex.org_heads)
        opener = self.run[pos].text in self.lex.place_openers
        to_end = to_end or opener or self.named_as_place(self.run[pos])
        while end < len(self.run) and (
            to_end
            or person
            or self.in_connection(end)
            or not self.match_at(end)[0]
            or (self.initials_only(pos + 1, end) and self.surname_town(end))
        ):
            end += 1
        if self.headline and title is None:
            return end
        initial = pos == 0 and self.sentence_initial(self.run[0])
        kind, canonical = self.unknown_type(pos, end, title is not None)
        first, last = self.run[pos], self.run[end - 1]
        surface = self.surface(pos, end - 1)
        self.out.append(Candidate(first.start, last.end, surface, kind, canonical, title, initial))
        return end

    def initials_only(self, start: int, end: int) -> bool:
        """Whether the run's words from ``start`` up to ``end`` are middle initials (or none)."""
        return all(_is_initial(token.text) for token in self.run[start:end])

    def surname_town(self, pos: int) -> bool:
        """A one-word town name after one unknown name word, and any middle initials,
        is a surname ("Layla Hassan", "Layla K Hassan"): the longer unknown name wins
        over the gazetteer word."""
        size, entry, place = self.match_at(pos)
        return size == 1 and entry is None and place is not None and place.kind == "city"

    def in_connection(self, pos: int) -> bool:
        """A connector and the word after it stay with the name they continue."""
        connectors = self.lex.connectors
        return self.run[pos].text in connectors or self.run[pos - 1].text in connectors

    def sentence_initial(self, token: Token) -> bool:
        """The first word of the sentence (only punctuation or quotes before it)."""
        return self.index[token.start] == 0

    def unknown_type(self, pos: int, end: int, titled: bool) -> tuple[str | None, str | None]:
        """(type, canonical name) of an unknown stretch; type None: decide per document.

        A title makes a person; a given name too, unless a later word is an
        organisation word ("Karen Unity Government", "Mohammed Ali Brigade").
        """
        words = [t.text for t in self.run[pos:end]]
        org_word = any(w in self.lex.org_heads or w in self.lex.org_words for w in words[1:])
        given = words[0] in self.lex.given_names or words[0] in self.lex.person_openers
        if not titled and self.named_as_place(self.run[pos]):
            return "GPE", None  # "the village of Umm Badr"
        if titled or (given and not org_word):
            return "PERSON", None
        if len(words) > 1 and words[-1] in self.lex.facility_heads:
            return "FAC", None
        if len(words) > 1 and words[-1] in self.lex.place_heads:
            return "GPE", None
        if words[0] in self.lex.org_openers or any(w in self.lex.org_heads for w in words):
            return "ORG", None
        if len(words) > 1 and words[0] in self.lex.place_openers:
            return "GPE", None
        follower = self.following_word(self.run[end - 1])
        if follower in self.lex.org_followers or self.organisation_shaped(pos, words, follower):
            return "ORG", None
        place = lookup_place(self.surface(pos, end - 1)) if len(words) > 1 else None
        if place is not None and not self.confident_place(pos, end - pos, place):
            return None, None
        if follower in self.lex.place_followers or place is not None:
            return (place.entity_type, place.name) if place else ("GPE", None)
        return ("PERSON" if len(words) > 1 else None), None

    def named_as_place(self, token: Token) -> bool:
        """A name after "the village of", "the town of", "the district of"."""
        index = self.index[token.start]
        if index < 2 or self.word_before(token) != "of":
            return False
        return self.word_before(self.tokens[index - 1]) in self.lex.place_followers

    def organisation_shaped(self, pos: int, words: list[str], follower: str) -> bool:
        """Several words with no person evidence but an organisation's shape.

        A word that is common vocabulary of organisation names and never a
        personal name (Unity, Doctors, Sans), or the article before the name
        with a verb or clause word after it ("the Andean Farmers Collective
        said", "..., which"): people are rarely written "the X Y".
        """
        if len(words) < 2:
            return False
        if any(w in self.lex.org_words for w in words) or follower == "which":
            return True
        return self.word_before(self.run[pos]) == "the" and follower in self.lex.org_after_the

    def word_before(self, token: Token) -> str:
        index = self.index[token.start]
        if index == 0:
            return ""
        previous = self.tokens[index - 1]
        between = self.text[previous.end - self.offset : token.start - self.offset]
        return previous.text.lower() if between == " " and not previous.possessive else ""

    def following_word(self, token: Token) -> str:
        index = self.index[token.start]
        if token.possessive or index + 1 >= len(self.tokens):
            return ""
        nxt = self.tokens[index + 1]
        between = self.text[token.end - self.offset : nxt.start - self.offset]
        return nxt.text.lower() if between == " " else ""


def _is_initial(word: str) -> bool:
    """A middle initial: one capital letter, with or without its full stop."""
    letter = word.removesuffix(".")
    return len(letter) == 1 and letter.isupper()
