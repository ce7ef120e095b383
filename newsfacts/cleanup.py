"""Line-level cleanup of plain-text articles, with an audit trail.

Text copied from news sites carries site chrome, promos, bylines, photo
captions and link lists around the article. trafilatura cannot help on plain
text (it keeps every line), so cleanup is our own: phrase rules from
``data/reference/boilerplate.yaml`` plus structure (header/footer zones,
headline-like runs after a "you may like" heading, pull quotes that repeat a
body paragraph, captions that repeat a credited caption, lines repeated across
documents). Every removed line is reported with the id of the rule that
removed it, and a line is only removed on positive evidence: losing a body
paragraph is worse than keeping a promo.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from datetime import date
from functools import cache

from newsfacts.date_lines import parse_date_line
from newsfacts.model import DIGIT_GROUP_SPACE
from newsfacts.reference import load_yaml

# Invisible format characters: zero-width spaces and joiners, the word joiner,
# the byte order mark, the soft hyphen, direction marks and embeddings,
# variation selectors. They change how text is displayed, never what it says,
# and inside a word or a number they split it ("1\u200b000" read as 1 and 000).
INVISIBLE = (
    "\u00ad\u034f\u061c\u180b\u180c\u180d\u180e\u180f\u200b\u200c\u200d\u200e\u200f"
    "\u202a\u202b\u202c\u202d\u202e\u2060\u2061\u2062\u2063\u2064"
    "\u2066\u2067\u2068\u2069\u206a\u206b\u206c\u206d\u206e\u206f\ufeff"
    + "".join(map(chr, range(0xFE00, 0xFE10)))
)
# The spaces typesetting puts between digit groups ("1 000 000" in SI style).
# Inside a number grouped by them ("1 000", not "2023 100") they become one
# narrow no-break space, which the number grammar reads as a thousands
# separator; plain spaces never group digits ("in 2023 100 people died").
_GROUP_SPACES = "\u00a0\u2007\u2009\u202f"
_GROUPED_NUMBER = re.compile(rf"((?<![\d.,])\d{{1,3}}(?:[{_GROUP_SPACES}]\d{{3}})+(?!\d))")
_GROUP_SPACE = re.compile(f"[{_GROUP_SPACES}]")
_SPACES = re.compile(r"[\s\u00a0\u2000-\u200a\u202f\u205f\u3000]+")
# Compatibility forms folded to their plain letters and digits, as NFKC does:
# full-width ("１２"), mathematical ("𝟏𝟐") and ligature ("ﬁ") forms. Symbols,
# fractions and superscripts keep their form ("½", "km²", "…").
_FOLDED_TAGS = frozenset({"<wide>", "<narrow>", "<font>", "<compat>"})
_FOLDED_RANGES = (range(0x80, 0x10000), range(0x1D400, 0x1D800))
# Long lines are normalised in pieces of about this many characters.
_PIECE_CHARS = 1 << 16
_SAFE_CUT = re.compile(r"[A-Za-z] (?=[A-Za-z])")
_SENTENCE_END = re.compile(r"[.!?…][\"'”’)\]]*$")
_QUOTE_CHARS = "\"'“”‘’«»„"
_DASHES = "-–—―"
_NAME_TOKEN = re.compile(
    r"(?:[A-Z][\w'’.-]*|(?:al|el|bin|ibn|bint|abu|de|da|van|von|der|le|la|du)-?)"
)
_NORMALISE = re.compile(r"[^\w]+")
BODY_MIN_CHARS = 100
HEADLINE_MAX_CHARS = 200
REPEATED_MAX_CHARS = 80
REPEATED_MAX_WORDS = 6


@dataclass(frozen=True)
class Rule:
    """One boilerplate rule of the reference file."""

    rule_id: str
    zone: str
    max_chars: int
    patterns: tuple[re.Pattern[str], ...]
    list_heading: bool = False

    def matches(self, line: str) -> bool:
        return len(line) <= self.max_chars and any(p.fullmatch(line) for p in self.patterns)


@dataclass(frozen=True)
class RemovedLine:
    """A raw line taken out of the body, and why (1-based line number)."""

    line_no: int
    text: str
    rule: str


@dataclass(frozen=True)
class CleanupResult:
    """The body paragraphs (title first) and the audit trail of what was removed."""

    paragraphs: tuple[str, ...]
    removed: tuple[RemovedLine, ...]
    author: str | None = None
    dated: date | None = None
    outlet: str | None = None
    captions: tuple[str, ...] = field(default_factory=tuple)

    @property
    def title(self) -> str | None:
        return self.paragraphs[0] if self.paragraphs else None

    @property
    def clean_text(self) -> str:
        return "\n\n".join(self.paragraphs)


@cache
def load_rules() -> tuple[Rule, ...]:
    """Compile the rules of ``boilerplate.yaml`` once per process."""
    rules = []
    for entry in load_yaml("boilerplate.yaml")["rules"]:
        flags = 0 if entry.get("case_sensitive") else re.IGNORECASE
        rules.append(
            Rule(
                rule_id=entry["id"],
                zone=entry.get("zone", "any"),
                max_chars=int(entry.get("max_chars", 200)),
                patterns=tuple(re.compile(p, flags) for p in entry["patterns"]),
                list_heading=bool(entry.get("list_heading", False)),
            )
        )
    return tuple(rules)


@cache
def _outlets() -> tuple[tuple[str, tuple[re.Pattern[str], ...], tuple[str, ...]], ...]:
    entries = load_yaml("outlets.yaml")["outlets"]
    return tuple(
        (
            e["name"],
            tuple(re.compile(r"\b" + re.escape(a) + r"(?:'s|’s)?\b") for a in e.get("aliases", [])),
            tuple(s.lower() for s in e.get("signatures", [])),
        )
        for e in entries
    )


class _FoldTable(dict[int, str | None]):
    """``str.translate`` table: invisible characters deleted, compatibility forms folded.

    Filled as characters are met: deciding for every character of the folded
    ranges up front took a tenth of a second of every process that cleans a
    document, where a text meets a few hundred distinct characters.
    """

    def __missing__(self, code: int) -> str | None:
        self[code] = folded = _folded(chr(code))
        return folded


def _folded(char: str) -> str | None:
    """What ``char`` becomes: None (deleted), its compatibility form, or itself."""
    if char in INVISIBLE:
        return None
    if any(ord(char) in block for block in _FOLDED_RANGES):
        tag = unicodedata.decomposition(char).split(" ", 1)[0]
        category = unicodedata.category(char)
        if tag in _FOLDED_TAGS and category[0] in "LN" and category != "No":
            return unicodedata.normalize("NFKC", char)
    return char


_FOLD_TABLE = _FoldTable()


def normalise_line(line: str) -> str:
    """NFC with invisible characters removed, compatibility letters and digits folded,
    and every kind of Unicode space folded to one ASCII space (but digit groups), stripped.

    Every offset of a fact points into the normalised text (``clean_text``),
    so the normalisation needs no offset mapping; the boilerplate audit keeps
    the raw lines. A long line (a whole article without line breaks) is
    normalised in pieces, so its intermediate copies stay small.
    """
    return "".join(_normalise(piece) for piece in _pieces(line)).strip()


def _pieces(line: str) -> Iterator[str]:
    """``line`` cut every ``_PIECE_CHARS`` or so at a single space between two ASCII
    letters, where no step of the normalisation looks across the cut."""
    start = 0
    while len(line) - start > _PIECE_CHARS:
        cut = _SAFE_CUT.search(line, start + _PIECE_CHARS)
        if cut is None:
            break
        yield line[start : cut.start() + 1]
        start = cut.start() + 1
    yield line[start:]


def _normalise(text: str) -> str:
    parts = _GROUPED_NUMBER.split(unicodedata.normalize("NFC", text.translate(_FOLD_TABLE)))
    parts[0::2] = [_SPACES.sub(" ", part) for part in parts[0::2]]
    parts[1::2] = [_GROUP_SPACE.sub(DIGIT_GROUP_SPACE, number) for number in parts[1::2]]
    return "".join(parts)


def fingerprint(text: str) -> str:
    """Case- and punctuation-blind form used to spot repeated text."""
    return _NORMALISE.sub(" ", text.lower()).strip()


def is_repeat_candidate(line: str) -> bool:
    """Short, unpunctuated lines: the only ones removed just for recurring across documents.

    Titles of syndicated copies recur too, but they are longer than site
    chrome ("Share this news", "Stay informed with free updates") and are
    protected as the first content line anyway.
    """
    return (
        len(line) <= REPEATED_MAX_CHARS
        and len(line.split()) <= REPEATED_MAX_WORDS
        and not _SENTENCE_END.search(line)
    )


def _is_body_like(line: str) -> bool:
    return len(line) >= BODY_MIN_CHARS and bool(_SENTENCE_END.search(line[-4:]))


def _is_name_line(line: str) -> bool:
    """A short line made only of capitalised name tokens: a bare byline."""
    tokens = line.split(" ")
    if not 2 <= len(tokens) <= 4 or len(line) > 40 or any(ch.isdigit() for ch in line):
        return False
    return all(_NAME_TOKEN.fullmatch(t) for t in tokens) and tokens[-1][0].isupper()


def _is_headline_like(line: str) -> bool:
    return len(line) <= HEADLINE_MAX_CHARS and not line.endswith(".")


def _is_quoted_block(line: str) -> bool:
    stripped = line.rstrip(".,;:!? ")
    return len(stripped) > 2 and stripped[0] in _QUOTE_CHARS and stripped[-1] in _QUOTE_CHARS


class _Cleaner:
    """Holds the per-document state of one cleanup pass."""

    def __init__(self, raw_lines: Sequence[str], repeated: frozenset[str]) -> None:
        self.lines = [normalise_line(line) for line in raw_lines]
        self.raw = list(raw_lines)
        self.rules = load_rules()
        self.repeated = repeated
        self.rule_of: dict[int, str] = {}
        self.author: str | None = None
        self.dated: date | None = None
        self.first_line = next((i for i, line in enumerate(self.lines) if line), -1)

    def content(self) -> list[int]:
        return [i for i, line in enumerate(self.lines) if line and i not in self.rule_of]

    def run(self) -> CleanupResult:
        self._phrase_rules("any")
        self._related_lists()
        title = self._header()
        self._footer()
        self._pull_quotes(title)
        self._caption_repeats()
        self._author_bio()
        return self._result()

    def _phrase_rules(self, zone: str, indices: Sequence[int] | None = None) -> None:
        targets = self.content() if indices is None else indices
        for i in targets:
            line = self.lines[i]
            for rule in self.rules:
                if rule.zone == zone and rule.matches(line):
                    self.rule_of[i] = rule.rule_id
                    break
            else:
                if zone == "any":
                    self._structural_any(i, line)

    def _structural_any(self, i: int, line: str) -> None:
        parsed = parse_date_line(line) if len(line) <= 80 else None
        if parsed is not None:
            self.rule_of[i] = "date_line"
            self.dated = self.dated or parsed
        elif self._is_repeated(line) and i != self.first_line:
            self.rule_of[i] = "repeated_line"

    def _is_repeated(self, line: str) -> bool:
        return is_repeat_candidate(line) and fingerprint(line) in self.repeated

    def _related_lists(self) -> None:
        """A "you may like" heading takes the headline-like lines after it."""
        headings = {r.rule_id for r in self.rules if r.list_heading}
        for i in sorted(k for k, rule in self.rule_of.items() if rule in headings):
            for j in range(i + 1, len(self.lines)):
                line = self.lines[j]
                if not line or j in self.rule_of:
                    continue
                if not _is_headline_like(line):
                    break
                self.rule_of[j] = self.rule_of[i]

    def _header(self) -> int | None:
        """Find the title; remove labels, bylines and date lines around it."""
        content = self.content()
        body_start = next((i for i in content if _is_body_like(self.lines[i])), len(self.lines))
        header = [i for i in content if i < body_start]
        self._phrase_rules("header", header)
        title = next((i for i in header if i not in self.rule_of), None)
        if title is None:
            remaining = self.content()
            return remaining[0] if remaining else None
        for i in header:
            if i > title and i not in self.rule_of and _is_name_line(self.lines[i]):
                self.rule_of[i] = "byline"
        for i in header:
            if self.rule_of.get(i) == "byline" and self.author is None:
                self.author = re.sub(r"^[Bb]y ", "", self.lines[i])
        return title

    def _footer(self) -> None:
        """Walk back from the end while lines are footer boilerplate."""
        footer_rules = [r for r in self.rules if r.zone == "footer"]
        for i in reversed(range(len(self.lines))):
            line = self.lines[i]
            if not line or i in self.rule_of:
                continue
            rule = next((r for r in footer_rules if r.matches(line)), None)
            if rule is None:
                break
            self.rule_of[i] = rule.rule_id

    def _pull_quotes(self, title: int | None) -> None:
        """A quoted line whose words repeat another paragraph is a pull quote.

        Fingerprints are taken only when some line looks like a pull quote: a
        fingerprint holds a piece per word while it is built, which for a whole
        article on one line is many times the line's size.
        """
        content = [i for i in self.content() if i != title]
        followers = {i: self._next_content(i) for i in content}
        attributed = {i: f is not None and self._is_attribution(f) for i, f in followers.items()}
        candidates = [i for i in content if attributed[i] or _is_quoted_block(self.lines[i])]
        if not candidates:
            return
        prints = {i: fingerprint(self.lines[i]) for i in content}
        for i in candidates:
            own = prints[i]
            follower = followers[i]
            if len(own) < 25:
                continue
            if any(j != i and own in prints[j] and j not in self.rule_of for j in content):
                self.rule_of[i] = "pull_quote"
                if attributed[i] and follower is not None:
                    self.rule_of[follower] = "pull_quote"

    def _next_content(self, i: int) -> int | None:
        return next(
            (j for j in range(i + 1, len(self.lines)) if self.lines[j] and j not in self.rule_of),
            None,
        )

    def _is_attribution(self, i: int) -> bool:
        line = self.lines[i]
        return len(line) <= 100 and line[0] in _DASHES and not _SENTENCE_END.search(line)

    def _caption_repeats(self) -> None:
        """A line that a credited caption repeats is the same caption, uncredited."""
        captions = [fingerprint(self.lines[i]) for i, r in self.rule_of.items() if r == "caption"]
        if not captions:
            return
        for i in self.content():
            own = fingerprint(self.lines[i])
            if len(own) >= 25 and any(c.startswith(own) and c != own for c in captions):
                self.rule_of[i] = "caption"

    def _author_bio(self) -> None:
        """A paragraph introducing the byline's author ("X is a journalist...")."""
        if self.author is None:
            return
        opener = re.compile(re.escape(self.author) + r" (is|was|has|covers|reports|writes)\b")
        for i in self.content():
            if opener.match(self.lines[i]):
                self.rule_of[i] = "author_bio"

    def _result(self) -> CleanupResult:
        removed = tuple(
            RemovedLine(i + 1, self.raw[i], rule) for i, rule in sorted(self.rule_of.items())
        )
        return CleanupResult(
            paragraphs=tuple(self.lines[i] for i in self.content()),
            removed=removed,
            author=self.author,
            dated=self.dated,
            outlet=_find_outlet(removed),
            captions=tuple(self.lines[r.line_no - 1] for r in removed if r.rule == "caption"),
        )


_OUTLET_RULES = {"newsletter", "promo", "site_chrome", "related_links"}


def _find_outlet(removed: Sequence[RemovedLine]) -> str | None:
    """The publisher named in its own promo lines, or its site's signature."""
    for name, aliases, signatures in _outlets():
        for line in removed:
            lowered = line.text.lower()
            if any(s in lowered for s in signatures):
                return name
            if line.rule in _OUTLET_RULES and any(a.search(line.text) for a in aliases):
                return name
    return None


def repeat_candidates(text: str) -> set[str]:
    """Fingerprints of a text's lines that could be chrome repeated across documents."""
    lines = (normalise_line(line) for line in text.splitlines())
    return {fingerprint(line) for line in lines if line and is_repeat_candidate(line)}


def clean_text_lines(text: str, repeated: frozenset[str] = frozenset()) -> CleanupResult:
    """Clean one article's text; ``repeated`` holds fingerprints of corpus-wide repeats."""
    return _Cleaner(text.splitlines(), repeated).run()
