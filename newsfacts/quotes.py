"""Quotations and who said them.

A quotation is the text between matching quotation marks within one
paragraph (curly or straight, mixed pairs such as “...\" included; single
curly quotes only when ‘ opens after a space and ’ closes before a
non-letter, so apostrophes are not taken for quotes). A paragraph that
ends inside an open quotation continues into the next paragraph, which by
convention reopens the quotation without an attribution: each paragraph's
part is its own row, and the continuation inherits the speaker.

Attribution, tried in this order:
1. after the closing mark, a reporting cue within a few words
   (“...,” X said / said X / X, a spokesman for Y, said / he added /
   a statement from X said / according to X);
2. before the opening mark, in the same sentence (X said that “...”,
   X in a statement announced that “...”, according to X, “...”);
3. a continuation paragraph inherits the previous quotation's speaker.
Pronouns (he added) refer to the previous quotation's speaker. The
speaker is the document mention (``Mention.key``) found there; with no
named mention (a government official) only ``speaker_surface`` is set.

Scare quotes: a quotation shorter than ``min_unattributed_words`` that no
cue attributes (the US “aggression”) is a quoted term, not speech, and is
left out; the same words attributed by the sentence (X said they will not
“flatter” any country) are kept as a partial quotation of X.
"""

from __future__ import annotations

import bisect
import itertools
import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache, cached_property
from typing import Any

from newsfacts.entities.lexicon import lexicon
from newsfacts.model import CleanDocument, Mention
from newsfacts.reference import load_yaml

_OPENERS = {"“": "”", "«": "»", '"': '"', "‘": "’"}
_CLOSERS_FOR = {"“": '”"', "«": "»", '"': '"”', "‘": "’"}
_MARKS = ' \t,.;:!?“”"‘’«»'
_CONTEXT_BEFORE_OPEN = frozenset(" \t\n([—–-:")
_CLAUSE_END = re.compile(r"[.!?;\n]|[“\"‘«]")
_SENTENCE_STOP = re.compile(r"[.!?]|[“\"‘«]")
_WORD = re.compile(r"\w+(?:['’]\w+)*")
_SENTENCE_OPENING = re.compile(r"[.!?][”\"’]? +(\w+) (\w+)(?: (\w+))?")
_DETERMINERS = ("the ", "a ", "an ", "The ", "A ", "An ")
# Anonymous speakers ("a government official") are at most this many words.
MAX_ANONYMOUS_WORDS = 6
# A definite description standing for a person named before ("the
# official", "the senior commander") is at most this many words.
MAX_DESCRIPTION_WORDS = 3
# How far before an opening mark (in characters, within its sentence) a cue
# is looked for: attributions sit close to the quotation, and the bound keeps
# the scan linear on run-on text.
MAX_LEAD_CHARS = 400
# A pronoun attributing a quotation that opens this close after the previous
# quotation's closing mark refers to that quotation's speaker.
_RECENT_QUOTE_CHARS = 120
# How many mentions back a "he"/"she" looks for the person it stands for.
_LOOKBACK_MENTIONS = 40
# An attribution clause with its cue between two quotations ("said X, the research
# director for the region at Y") is at most this many words.
MAX_ATTRIBUTION_CLAUSE_WORDS = 30
# How many sentences back "it"/"they" or "the group" look for the
# organisation they stand for: the subject of a recent sentence.
_SUBJECT_LOOKBACK = 3
# Words that open a sentence before its subject, up to a comma ("In a
# statement on Wednesday, the RSF said ...").
_FRONTED = frozenset(
    {
        "in",
        "on",
        "at",
        "after",
        "during",
        "before",
        "earlier",
        "later",
        "meanwhile",
        "separately",
        "late",
        "early",
    }
)
_CLAUSE_WORDS = frozenset({"that", "and", "but", "while", "as", "after", "when", "which", "who"})
_NP_PREPOSITIONS = frozenset({"of", "in", "at", "for", "from", "near", "on", "with", "inside"})
_ORG_TYPES = frozenset({"ORG", "GPE"})
# Words between a role and the name it is written before ("ambassador to Y X").
_ROLE_LINKS = _NP_PREPOSITIONS | {"to", "the"}


@dataclass(frozen=True)
class _Span:
    """Inner text of one quotation: [start, end) in the clean text."""

    start: int
    end: int
    after: int  # just after the closing mark (the paragraph end when unclosed)
    paragraph_start: int
    closed: bool


@dataclass(frozen=True)
class _Speaker:
    key: str | None
    surface: str | None
    cue: str | None


@dataclass(frozen=True)
class _Cue:
    """A reporting cue found in the text: where, as written, and its lemma."""

    start: int
    end: int
    written: str
    lemma: str


@dataclass(frozen=True)
class _Cues:
    by_first_word: dict[str, tuple[str, ...]]
    forms: dict[str, str]
    pronouns: frozenset[str]
    personal_pronouns: frozenset[str]
    clause_breaks: frozenset[str]
    prepositions: frozenset[str]
    person_nouns: frozenset[str]
    indefinites: frozenset[str]
    organisation_nouns: frozenset[str]
    generic_organisation_nouns: frozenset[str]
    representative_nouns: frozenset[str]
    institution_nouns: frozenset[str]
    min_unattributed_words: int
    max_attribution_words: int
    gendered_pronouns: dict[str, str]
    gendered_titles: dict[str, str]
    passive_auxiliaries: frozenset[str]


@cache
def _cues() -> _Cues:
    data = load_yaml("entities/quote_cues.yaml")
    forms = {str(k).lower(): str(v) for k, v in data["cues"].items()}
    by_first_word: dict[str, list[str]] = {}
    for form in sorted(forms, key=len, reverse=True):
        by_first_word.setdefault(form.split()[0], []).append(form)
    return _Cues(
        {word: tuple(group) for word, group in by_first_word.items()},
        forms,
        frozenset(data["pronouns"]),
        frozenset(data["personal_pronouns"]),
        frozenset(data["clause_breaks"]),
        frozenset(data["prepositions"]),
        frozenset(data["person_nouns"]),
        frozenset(data["indefinites"]),
        frozenset(data["organisation_nouns"]),
        frozenset(data["generic_organisation_nouns"]),
        frozenset(data["representative_nouns"]),
        frozenset(data["institution_nouns"]),
        int(data["min_unattributed_words"]),
        int(data["max_attribution_words"]),
        {str(k): str(v) for k, v in data["gendered_pronouns"].items()},
        {str(k): str(v) for k, v in data["gendered_titles"].items()},
        frozenset(data["passive_auxiliaries"]),
    )


def _is_title(word: str) -> bool:
    entry = lexicon().find(word)
    return entry is not None and entry.kind == "title"


def _persons(mentions: list[Mention]) -> list[Mention]:
    return [m for m in mentions if m.entity_type == "PERSON"]


def _find_cues(text: str, start: int, end: int) -> list[_Cue]:
    """Reporting cues in text[start:end], longest form first, as whole words.

    Word by word with a dictionary of first words (not one big regex
    alternation), so the cost per character stays small on long text.
    """
    cues = _cues()
    found: list[_Cue] = []
    previous = ""
    for word in _WORD.finditer(text, start, end):
        if found and word.start() < found[-1].end:
            continue
        for form in cues.by_first_word.get(word.group().lower(), ()):
            stop = word.start() + len(form)
            written = text[word.start() : stop]
            whole = stop >= len(text) or not text[stop].isalnum()
            if stop <= end and whole and written.lower() == form and not _no_verb(previous, form):
                found.append(_Cue(word.start(), stop, written, cues.forms[form]))
                break
        previous = word.group().lower()
    return found


def _no_verb(previous: str, form: str) -> bool:
    """Whether the word before a one-word cue shows it reports no speech of its subject:
    a form of "be" makes it passive ("was accused", "were told", not "is saying"),
    a determiner a noun ("the accused said"; "a statement" is a cue as a noun)."""
    if " " in form or form.endswith("ing"):
        return False
    cues = _cues()
    noun = previous in ("the", "a", "an") and cues.forms[form] != "statement"
    return noun or previous in cues.passive_auxiliaries


def extract_quotes(doc: CleanDocument, mentions: Sequence[Mention]) -> list[dict[str, Any]]:
    """Rows of the ``quotes`` table for ``doc`` (speakers as document-level ``speaker_key``)."""
    spans = _quotation_spans(doc)
    finder = _Attribution(doc, mentions, spans)
    rows: list[dict[str, Any]] = []
    previous: _Speaker | None = None
    previous_span: _Span | None = None
    for span in spans:
        speaker = finder.speaker(span, previous)
        if speaker is None and _continues(span, previous_span, doc.clean_text):
            speaker = _Speaker(previous.key, previous.surface, None) if previous else None
        words = len(_WORD.findall(doc.clean_text[span.start : span.end]))
        if speaker is None and words < _cues().min_unattributed_words:
            continue
        rows.append(_row(doc, len(rows) + 1, span, speaker, finder))
        previous = speaker or previous
        previous_span = span
    return rows


def _row(
    doc: CleanDocument, n: int, span: _Span, speaker: _Speaker | None, finder: _Attribution
) -> dict[str, Any]:
    return {
        "quote_id": f"{doc.doc_id}-q{n}",
        "doc_id": doc.doc_id,
        "sentence_idx": finder.sentence_at(span.start),
        "char_start": span.start,
        "char_end": span.end,
        "text": doc.clean_text[span.start : span.end],
        "speaker_surface": speaker.surface if speaker else None,
        "cue": speaker.cue if speaker else None,
        "speaker_key": speaker.key if speaker else None,
    }


def _paragraphs(doc: CleanDocument) -> list[tuple[int, int]]:
    bounds: dict[int, tuple[int, int]] = {}
    for s in doc.sentences:
        start, end = bounds.get(s.paragraph_idx, (s.char_start, s.char_end))
        bounds[s.paragraph_idx] = (min(start, s.char_start), max(end, s.char_end))
    return [bounds[k] for k in sorted(bounds)]


def _quotation_spans(doc: CleanDocument) -> list[_Span]:
    spans: list[_Span] = []
    for start, end in _paragraphs(doc):
        spans.extend(_spans_in(doc.clean_text, start, end))
    return spans


def _spans_in(text: str, start: int, end: int) -> list[_Span]:
    """One linear scan of a paragraph, pairing opening and closing marks."""
    spans: list[_Span] = []
    opened: int | None = None
    closers = ""
    for i in range(start, end):
        ch = text[i]
        if opened is None:
            if ch in _OPENERS and (i == start or text[i - 1] in _CONTEXT_BEFORE_OPEN):
                opened, closers = i + 1, _CLOSERS_FOR[ch]
        elif ch in closers and _closes(text, i, end):
            spans.append(_trimmed(text, opened, i, i + 1, start, True))
            opened = None
    if opened is not None and opened < end:
        spans.append(_trimmed(text, opened, end, end, start, False))
    return [s for s in spans if s.end > s.start]


def _closes(text: str, i: int, end: int) -> bool:
    """A ’ closes a single-quoted passage only before a non-letter (not in don’t)."""
    return text[i] != "’" or i + 1 >= end or not text[i + 1].isalpha()


def _trimmed(
    text: str, start: int, end: int, after: int, paragraph_start: int, closed: bool
) -> _Span:
    """Drop surrounding spaces and the comma that belongs to the reporting clause."""
    while start < end and text[start].isspace():
        start += 1
    while end > start and (text[end - 1].isspace() or text[end - 1] == ","):
        end -= 1
    return _Span(start, end, after, paragraph_start, closed)


def _continues(span: _Span, previous: _Span | None, text: str) -> bool:
    """An unattributed quotation right after another continues the same speech.

    Only an attribution clause may separate the two (“...,” he said. “...),
    within one paragraph or across one paragraph break, the way news
    reopens a long quotation in a new paragraph or sentence.
    """
    if previous is None:
        return False
    between = text[previous.after : span.start].rstrip(_MARKS + "\n")
    if "\n" in between:
        return False
    limit = _cues().max_attribution_words
    if _find_cues(between, 0, len(between)):
        limit = MAX_ATTRIBUTION_CLAUSE_WORDS  # “...,” said X, director of Y at Z. ¶ “...”
    return len(_WORD.findall(between)) <= limit


def _head_noun(words: Sequence[str]) -> str:
    """The noun heading a short description: its last word before a preposition
    ("the ministry of health" -> ministry, "police in Katsina" -> police)."""
    kept: list[str] = []
    for word in words:
        if kept and word.lower() in _NP_PREPOSITIONS:
            break
        kept.append(word)
    return kept[-1].lower() if kept else ""


def _without_determiner(surface: str) -> str:
    """A description as a speaker's name: "the army" -> "army"."""
    for determiner in _DETERMINERS:
        if surface.startswith(determiner):
            return surface[len(determiner) :]
    return surface


class _Attribution:
    """Speaker lookup around one document's quotations."""

    def __init__(self, doc: CleanDocument, mentions: Sequence[Mention], spans: list[_Span]) -> None:
        self.text = doc.clean_text
        self.doc_id = doc.doc_id
        self.sentences = doc.sentences
        self.sentence_starts = [s.char_start for s in doc.sentences]
        self.mentions = sorted(
            (m for m in mentions if m.entity_type != "NORP"), key=lambda m: m.char_start
        )
        self.mention_starts = [m.char_start for m in self.mentions]
        self.types = {m.key: m.entity_type for m in self.mentions}
        self.genders = self._genders()
        self.quoted = [(span.start, span.end) for span in spans]
        self.previous_close = 0
        self.floor = 0
        self.current_start = 0

    def sentence_at(self, offset: int) -> int:
        i = max(0, bisect.bisect_right(self.sentence_starts, offset) - 1)
        return self.sentences[i].sentence_idx if self.sentences else 0

    def sentence_start(self, offset: int) -> int:
        i = bisect.bisect_right(self.sentence_starts, offset) - 1
        return self.sentence_starts[i] if i >= 0 else 0

    def within(self, start: int, end: int) -> list[Mention]:
        """Mentions inside [start, end); possessors ("X's office") only if nothing else.

        "the prime minister's spokesperson Y said" is Y, but "a statement
        from the prime minister's office said" is the prime minister.
        """
        i = bisect.bisect_left(self.mention_starts, start)
        j = bisect.bisect_left(self.mention_starts, end)
        inside = [m for m in self.mentions[i:j] if m.char_end <= end]
        heads = [m for m in inside if not self.text.startswith(("’s", "'s"), m.char_end)]
        return heads or inside

    def speaker(self, span: _Span, previous: _Speaker | None) -> _Speaker | None:
        """Attribution of one quotation; quotations must be asked about in text order."""
        floor, self.previous_close = self.previous_close, span.after
        self.floor, self.current_start = floor, span.start
        if self.introduced(span.start):
            inner = self.before(span.start, floor, previous)
            if inner is not None:
                return inner  # X said, “...,” the police said: X's words, reported
        finished = self.text[span.end - 1] in ".?!" and self.next_is_capital(span.after)
        if finished and not self.attribution_follows(span.after):
            attributed = None
        else:
            attributed = self.after(span.after, previous)
        return attributed or self.before(span.start, floor, previous)

    def introduced(self, open_at: int) -> bool:
        """Whether a cue stands right before the opening mark ("X said, “...").

        The quotation is then the direct object of that cue, so its subject
        spoke the words even when another attribution follows the quotation
        (“...,” the prosecutor's office said, reporting what X said).
        """
        start = max(self.sentence_start(open_at), open_at - MAX_LEAD_CHARS, self.floor)
        cues = [c for c in _find_cues(self.text, start, open_at) if c.lemma != "statement"]
        return bool(cues) and not self.text[cues[-1].end : open_at].strip(_MARKS)

    def attribution_follows(self, close: int) -> bool:
        """Whether the sentence after a finished quotation is only its attribution,
        ending on the cue ("...?” Mr X's lawyer Y said.")."""
        end = self.stop(_SENTENCE_STOP, close)
        clause = self.text[close:end]
        if "\n" in clause or len(clause.split()) > _cues().max_attribution_words:
            return False
        cues = _find_cues(self.text, close, end)
        return bool(cues) and not self.text[cues[-1].end : end].strip()

    def next_is_capital(self, offset: int) -> bool:
        """Whether a new sentence starts after ``offset`` ("...done.” He left")."""
        rest = self.text[offset : offset + 3].lstrip()
        return rest[:1].isupper()

    def after(self, close: int, previous: _Speaker | None) -> _Speaker | None:
        """Cue after the closing mark: “...,” X said / said X / a statement from X said."""
        window = self.clause(close)
        cues = _find_cues(self.text, close, window)
        if not cues or self.breaks_clause(close, cues[0].start):
            return None
        cue = cues[0]
        lemma = cue.lemma
        subject = self.subject_after(close, cue.start)
        if subject is not None and lemma != "according to":
            return self.named(subject, lemma)
        if lemma == "statement" and len(cues) > 1 and not self.within(cue.end, cues[1].start):
            maker = self.statement_maker(close, cues[1].lemma)  # “...,” the statement said
            if maker is not None:
                return maker
        pronouns = self.pronouns(close, cue.start)
        if pronouns:
            return self.referred(pronouns[0], previous, lemma)
        if lemma != "statement" and self.text[close : cue.start].strip(_MARKS):
            return self.anonymous(close, cue.start, lemma, previous)  # “...,” a resident said
        end = self.clause(cue.end)
        following = [m for m in self.within(cue.end, end) if not self.modifier(m)]
        if following and lemma != "told":  # "X told Reuters": Reuters listened
            return self.named(self.head_of_phrase(following, cue.end), lemma)
        comma = self.text.find(",", cue.end, end)
        return self.anonymous(cue.end, comma if comma >= 0 else end, lemma)

    def before(self, open_at: int, floor: int, previous: _Speaker | None) -> _Speaker | None:
        """Cue earlier in the sentence: X said that “...” / according to X, “...”.

        The cue nearest the quotation is tried first; when its subject is a
        pronoun ("X said he had told them that “...”") an earlier cue with a
        named subject in the same sentence gives the speaker. The search
        stops at the previous quotation's closing mark (``floor``): a cue
        before it belongs to that quotation.
        """
        start = max(self.sentence_start(open_at), open_at - MAX_LEAD_CHARS, floor)
        cues = [c for c in _find_cues(self.text, start, open_at) if c.lemma != "statement"]
        if not cues and not self.text[start:open_at].strip(_MARKS):
            start = self.previous_sentence(start, floor)
            cues = [c for c in _find_cues(self.text, start, open_at) if c.lemma != "statement"]
        fallback: _Speaker | None = None
        for cue in reversed(cues):
            lemma = cue.lemma
            if lemma == "according to":
                following = self.within(cue.end, open_at)
                return self.named(following[0], lemma) if following else None
            subject = self.subject_before(start, cue)
            if isinstance(subject, Mention):
                return self.named(subject, lemma)
            inverted = self.inverted_subject(cue, open_at) if subject is None else None
            if inverted is not None:
                return self.named(inverted, lemma)  # Added Mansour: “...”
            if subject is None and fallback is None and self.indefinite(start, cue.start):
                return self.anonymous(start, cue.start, lemma)  # Another resident said: “...”
            phrase = self.phrase_before(start, cue.start) if subject is None else None
            if phrase is not None and fallback is None:
                speaker = self.anonymous(phrase, cue.start, lemma, previous)
                if speaker is not None and speaker.key is not None:
                    return speaker  # the army said in a statement that “...”
            if subject is not None and fallback is None:
                fallback = self.referred(subject, previous, lemma)
        return fallback

    def statement_maker(self, offset: int, lemma: str) -> _Speaker | None:
        """Who issued "the statement" a quotation is from: the subject of a recent "X
        said in a statement" ("the US military said in a statement ... “...,” the
        statement said" is the US military)."""
        i = bisect.bisect_right(self.sentence_starts, offset) - 1
        for j in range(i, max(-1, i - _SUBJECT_LOOKBACK - 1), -1):
            sentence = self.sentences[j]
            end = min(sentence.char_end, offset)
            cues = _find_cues(self.text, sentence.char_start, end)
            for said, statement in itertools.pairwise(cues):
                if statement.lemma != "statement" or said.lemma == "statement":
                    continue
                subject = self.subject_before(sentence.char_start, said)
                if isinstance(subject, Mention):
                    return self.named(subject, lemma)
                phrase = self.phrase_before(sentence.char_start, said.start)
                speaker = self.anonymous(phrase, said.start, lemma) if phrase is not None else None
                if speaker is not None and speaker.key is not None:
                    return speaker
        return None

    def inverted_subject(self, cue: _Cue, open_at: int) -> Mention | None:
        """The name right after a cue that opens its sentence ("Added X: “...”")."""
        if self.text[self.sentence_start(cue.start) : cue.start].strip(_MARKS):
            return None
        following = self.within(cue.end, open_at)
        if following and not self.text[cue.end : following[0].char_start].strip():
            return following[0]
        return None

    def phrase_before(self, start: int, end: int) -> int | None:
        """Start of the noun phrase right before a cue, after the last clause boundary.

        "The army said in a statement that “...”" gives "The army"; the
        phrase must open with "the", a possessive, a capital or a digit (a stage
        name such as "50 Cent"), or be headed by an organisation noun ("police
        said").
        """
        segment = self.text[start:end]
        cut = max(segment.rfind(mark) for mark in ',;:(—“”"')
        words = list(_WORD.finditer(self.text, start + cut + 1, end))
        for k in range(len(words) - 1, -1, -1):
            if words[k].group().lower() in _CLAUSE_WORDS:
                words = words[k + 1 :]
                break
        if not words or len(words) > MAX_ANONYMOUS_WORDS:
            return None
        first = words[0].group()
        lead = first[0].isupper() or first[0].isdigit() or first.lower() in ("its", "their")
        if lead or _head_noun([w.group() for w in words]) in _cues().organisation_nouns:
            return words[0].start()
        return None

    def previous_sentence(self, start: int, floor: int) -> int:
        """Start of the sentence before ``start`` in the same paragraph (else ``start``).

        A quotation that is a sentence of its own is often attributed by the
        sentence before it: X said the plan was sound. “It will work.”
        """
        if start == 0:
            return start
        previous = max(self.sentence_start(start - 1), start - MAX_LEAD_CHARS, floor)
        return start if "\n" in self.text[previous:start] else previous

    def head_of_phrase(self, mentions: list[Mention], start: int) -> Mention:
        """The person a phrase after a cue names: "said Everton spokesman Ian Ross" or
        "said Real Madrid president X" is the person, whom the organisation only
        qualifies; the phrase ends at its first comma."""
        comma = self.text.find(",", start, mentions[0].char_start + MAX_LEAD_CHARS)
        phrase = [m for m in mentions if comma < 0 or m.char_end <= comma] or mentions[:1]
        persons = _persons(phrase)
        return persons[-1] if persons else phrase[0]

    def subject_after(self, start: int, end: int) -> Mention | None:
        """The head of the noun phrase between a closing mark and its cue.

        Up to the first comma (an appositive follows it: "X, a spokesman
        for Y, said"), the last mention ("the prime minister's spokesperson
        X said" is X).
        """
        lead = len(self.text[start:end]) - len(self.text[start:end].lstrip(" ,"))
        comma = self.text.find(",", start + lead, end)
        stop = comma if comma >= 0 else end
        heads = self.within(start, stop)
        heads = [m for m in heads if not self.modifier(m)]
        return self.role_named(start, stop) or (heads[-1] if heads else None)

    def subject_before(self, start: int, cue: _Cue) -> Mention | re.Match[str] | None:
        """Subject of a cue earlier in the sentence: a mention, a pronoun, or None.

        A participle cue (", calling it “...”", "saying") takes the subject of
        the main clause, the sentence's first mention; otherwise the nearest
        mention or pronoun before the cue, skipping an appositive that ends
        right before it ("X, director of Y, warned" is X) unless only the
        appositive names a person ("The UN envoy, X, warned" is X).
        """
        main = self.main_subject(cue)
        if self.coordinated(cue, main):
            return main  # "X met the Y and said", "he asked about Y, called Z ..."
        role = self.role_named(start, cue.start)
        if role is not None:
            return role  # "Madrid midfielder Guti told"
        which = self.relative_which(start, cue)
        if which is not None:
            return self.antecedent(start, which)
        named = [m for m in self.within(start, cue.start) if self.subject_like(m)]
        if cue.written.lower().endswith("ing"):
            return named[0] if named else None
        segment = self.text[start : cue.start].rstrip()
        if segment.endswith(","):
            opening = segment.rfind(",", 0, len(segment) - 1)
            outer = self.within(start, start + opening) if opening >= 0 else []
            inner = self.within(start + opening, cue.start) if opening >= 0 else []
            if outer and _persons(inner) and not _persons(outer):
                return _persons(inner)[-1]  # "The UN envoy, X, warned" is X
            if outer:
                return outer[-1]
        pronouns = self.pronouns(start, cue.start)
        if pronouns and (not named or pronouns[-1].start() > named[-1].char_start):
            return pronouns[-1]
        if len(named) >= 2 and self.qualifies(named[-2], named[-1]):
            return named[-2]  # "X of the Port Authority told" is X
        return named[-1] if named else None

    def role_named(self, start: int, end: int) -> Mention | None:
        """A name the entity lexicons do not know, right before ``end`` and after a
        lower-case role ("club midfielder Guti", "the coach Ferreira"): the role says
        the capitalised words are a person, who is the speaker."""
        words = list(_WORD.finditer(self.text, max(start, end - 80), end))
        if not words or self.text[words[-1].end() : end].strip():
            return None
        k = len(words)
        while k > 0 and len(words) - k < 3 and words[k - 1].group()[0].isupper():
            k -= 1
        if k == 0 or k == len(words) or not self.is_role(words[k - 1].group()):
            return None
        first, last = words[k].start(), words[-1].end()
        if self.within(first, last):
            return None  # a name the lexicons know is found as such
        surface = self.text[first:last]
        return Mention(
            self.doc_id, self.sentence_at(first), first, last, surface, "PERSON", surface
        )

    @staticmethod
    def is_role(word: str) -> bool:
        """A lower-case word for what a person does ("midfielder", "spokesman")."""
        return word.islower() and (word in _cues().person_nouns or _is_title(word))

    def relative_which(self, start: int, cue: _Cue) -> re.Match[str] | None:
        """The relative "which" right before a cue ("the poster, which claimed")."""
        words = list(_WORD.finditer(self.text, max(start, cue.start - 12), cue.start))
        return words[-1] if words and words[-1].group().lower() == "which" else None

    def antecedent(self, start: int, which: re.Match[str]) -> Mention | None:
        """What a "which" stands for: the name right before it ("the Ministry, which
        said" is the ministry), or None for a thing that is no speaker ("the
        film's poster, which claimed": nobody named said it)."""
        end = len(self.text[start : which.start()].rstrip(" ,")) + start
        named = [m for m in self.within(start, end) if m.char_end == end]
        return named[-1] if named else None

    def coordinated(self, cue: _Cue, main: Mention | re.Match[str] | None) -> bool:
        """Whether a cue is a verb coordinated with the sentence's first one.

        "and said" always is, and then its subject is the sentence's, found or
        not, never the nearer object ("The minister met Y and said" is not Y);
        a cue after a comma is when the sentence opens with a pronoun ("he
        asked about Y, called Z a “...”"), which no appositive follows, so the
        comma ends a clause, not a name.
        """
        before = _WORD.findall(self.text, max(0, cue.start - 12), cue.start)
        if before and before[-1].lower() == "and":
            return True
        lead = self.text[self.sentence_start(cue.start) : cue.start]
        return isinstance(main, re.Match) and lead.rstrip().endswith(",")

    def main_subject(self, cue: _Cue) -> Mention | re.Match[str] | None:
        """The first subject of the sentence holding ``cue``: a pronoun or a name
        opening it, after a fronted phrase ("During the call, he ...")."""
        begin = self.past_fronted(self.sentence_start(cue.start), cue.start)
        first = _WORD.search(self.text, begin, cue.start)
        if first is None:
            return None
        if first.group().lower() in _cues().pronouns:
            return first
        head = None
        for mention in self.within(begin, cue.start):
            lead = _WORD.findall(self.text, begin, mention.char_start)
            if not all(w[0].isupper() or w.lower() == "the" or _is_title(w) for w in lead):
                break
            head = mention  # the last name of "The X", "Party leader X", "Y spokesman X"
        if head is not None and self.subject_like(head):
            return head
        return self.described_subject(begin, cue.start)

    def described_subject(self, begin: int, end: int) -> Mention | None:
        """The person a sentence opening with a role stands for ("X's ambassador to Y
        accused ... and warned", "The minister met ... and said"): the one the text
        names with that role, before or after; None when it names nobody so."""
        words = _WORD.finditer(self.text, begin, end)
        for word in itertools.islice(words, MAX_DESCRIPTION_WORDS + 1):
            if self.is_role(word.group()):
                return self.holder(word.group(), begin)
            if not (word.group()[0].isupper() or word.group() == "the"):
                return None
        return None

    def holder(self, role: str, offset: int) -> Mention | None:
        """The person written with ``role`` among the few words before the name
        ("ambassador to Y X", "Foreign Minister X"): the last one before
        ``offset``, else the first after it (a description may come first)."""
        found = self.role_holders.get(role, [])
        i = bisect.bisect_left([m.char_start for m in found], offset)
        if i > 0:
            return found[i - 1]
        return found[i] if i < len(found) else None

    @cached_property
    def role_holders(self) -> dict[str, list[Mention]]:
        """Person mentions by the role written just before them (lower-cased), with
        at most capitalised words and prepositions between ("ambassador to Y X",
        "Foreign Minister X")."""
        holders: dict[str, list[Mention]] = {}
        for mention in _persons(self.mentions):
            lead = self.text[max(0, mention.char_start - 40) : mention.char_start]
            for word in reversed(_WORD.findall(lead.rsplit(",", 1)[-1])[-3:]):
                if word.lower() in _cues().person_nouns or _is_title(word):
                    holders.setdefault(word.lower(), []).append(mention)
                    break
                if not (word[0].isupper() or word in _ROLE_LINKS):
                    break
        return holders

    def past_fronted(self, begin: int, end: int) -> int:
        """Past a fronted phrase that opens a sentence up to a comma ("In a statement on
        Friday,"), else ``begin``."""
        first = _WORD.search(self.text, begin, end)
        if first is not None and first.group().lower() in _FRONTED:
            comma = self.text.find(",", begin, end)
            return comma + 1 if comma >= 0 else begin
        return begin

    def qualifies(self, person: Mention, organisation: Mention) -> bool:
        """Whether ``organisation`` only qualifies the person named before it: "X of
        the Y", "X from Y", with nothing else between."""
        if person.entity_type != "PERSON" or organisation.entity_type == "PERSON":
            return False
        between = self.text[person.char_end : organisation.char_start].split()
        return (
            1 <= len(between) <= 2
            and between[0].lower() in _NP_PREPOSITIONS
            and all(w.lower() in ("the", *_NP_PREPOSITIONS) for w in between)
        )

    def reported(self, mention: Mention) -> bool:
        """A mention right after a cue is what was said or who was told, not a speaker.

        "X said Harry was wrong and said “...”": Harry is not the speaker.
        """
        lead = self.text[max(0, mention.char_start - 20) : mention.char_start]
        cues = _find_cues(lead, 0, len(lead))
        if not cues or cues[-1].lemma == "according to":
            return False  # "according to X": X is the source
        rest = lead[cues[-1].end :]
        if any(not (ch.isalnum() or ch in " '’") for ch in rest):
            return False  # punctuation: the cue belongs to another clause
        return all(w.lower() in ("the", "that") or _is_title(w) for w in _WORD.findall(rest))

    def clause(self, start: int) -> int:
        """End of the attribution window: the clause end or the word limit."""
        end = self.stop(_CLAUSE_END, start)
        limit = _cues().max_attribution_words
        for n, word in enumerate(_WORD.finditer(self.text, start, end)):
            if n == limit:
                return word.start()
        return end

    def stop(self, pattern: re.Pattern[str], start: int) -> int:
        """The first match of ``pattern`` after ``start`` (or ``MAX_LEAD_CHARS`` on), where a
        full stop counts only when it ends a sentence: the one of "U.S." or "Dr." in
        "said U.S. Attorney X" ends no clause."""
        bound = min(len(self.text), start + MAX_LEAD_CHARS)
        for found in pattern.finditer(self.text, start, bound):
            if found.group() != "." or self.ends_sentence(found.start()):
                return found.start()
        return bound

    def ends_sentence(self, offset: int) -> bool:
        """Whether the full stop at ``offset`` is the last mark of its sentence."""
        i = bisect.bisect_right(self.sentence_starts, offset) - 1
        if i < 0:
            return True
        rest = self.text[offset + 1 : self.sentences[i].char_end]
        return not rest.strip(_MARKS)

    def breaks_clause(self, start: int, end: int) -> bool:
        """Whether a new clause opens between a closing mark and a cue (", while X said")."""
        words = _WORD.finditer(self.text, start, end)
        return any(w.group().lower() in _cues().clause_breaks for w in words)

    def pronouns(self, start: int, end: int) -> list[re.Match[str]]:
        words = _WORD.finditer(self.text, start, end)
        return [w for w in words if w.group().lower() in _cues().pronouns]

    def referred(self, pronoun: re.Match[str], previous: _Speaker | None, lemma: str) -> _Speaker:
        """The speaker a pronoun stands for.

        Right after another quotation (“...,” he added) it is that
        quotation's speaker, unless "he"/"she" would stand for an organisation
        or a place. Otherwise "he"/"she" is the last person named
        outside quotations before it, and "it"/"they" the last organisation
        or place, neither as a possessor, a modifier or right after a cue
        (not "Harry's action", "the X-backed group" or "said Harry"); failing
        that, the previous quotation's speaker.
        """
        personal = pronoun.group().lower() in _cues().personal_pronouns
        if (
            personal
            and previous is not None
            and self.types.get(previous.key or "", "PERSON") != "PERSON"
        ):
            previous = None  # "he" is never the organisation or place quoted before
        if personal and self.introduced_unnamed(min(pronoun.start(), self.current_start)):
            return _Speaker(None, pronoun.group(), lemma)
        own = None if personal else self.own_subject(pronoun.start())
        if own is not None:
            return _Speaker(own, pronoun.group(), lemma)  # The group condemned what it called
        distance = min(pronoun.start(), self.current_start) - self.floor
        if previous is not None and 0 <= distance <= _RECENT_QUOTE_CHARS:
            return _Speaker(previous.key, pronoun.group(), lemma)
        if not personal:
            subject = self.recent_subject(pronoun.start(), _ORG_TYPES)
            if subject is not None:
                return _Speaker(subject, pronoun.group(), lemma)
        wanted = {"PERSON"} if personal else {"ORG", "GPE"}
        gender = _cues().gendered_pronouns.get(pronoun.group().lower())
        found = self.last_named_before(pronoun.start(), wanted, gender)
        key = found.key if found else previous.key if previous else None
        return _Speaker(key, pronoun.group(), lemma)

    def introduced_unnamed(self, end: int) -> bool:
        """Whether a sentence since the previous quotation opens with an unnamed person.

        “...,” X said. A witness disagreed. “...,” she said: "she" is the
        witness, not X.
        """
        start = max(self.floor - 2, end - MAX_LEAD_CHARS, 0)  # from the closing “.”
        cues = _cues()
        for sentence in _SENTENCE_OPENING.finditer(self.text, start, end):
            nouns = {w.lower() for w in sentence.group(2, 3) if w}
            if sentence.group(1).lower() in cues.indefinites and nouns & cues.person_nouns:
                return True
        return False

    def last_named_before(
        self, offset: int, types: set[str], gender: str | None = None
    ) -> Mention | None:
        """The last fitting mention before ``offset``, never one of the other gender than
        "she" or "he"; one whose title tells the pronoun's gender wins over a nearer
        one of unknown gender in the same or the previous sentence ("Mrs X stayed
        with Y. She said" is X), not from further back."""
        i = bisect.bisect_left(self.mention_starts, offset)
        own = self.sentence_start(offset)
        horizon = self.sentence_start(own - 1) if own > 0 else 0
        unknown = None
        for mention in reversed(self.mentions[max(0, i - _LOOKBACK_MENTIONS) : i]):
            if mention.entity_type not in types or not self.subject_like(mention):
                continue
            known = self.genders.get(mention.key)
            if gender is None or known == gender:
                return mention if unknown is None or mention.char_start >= horizon else unknown
            if known is None and unknown is None:
                unknown = mention
        return unknown

    def _genders(self) -> dict[str, str]:
        """Person keys whose title tells a gender; a key titled both ways has none."""
        titles = _cues().gendered_titles
        seen: dict[str, set[str]] = {}
        for mention in self.mentions:
            if mention.entity_type != "PERSON":
                continue
            before = _WORD.findall(self.text, max(0, mention.char_start - 12), mention.char_start)
            words = [*before[-1:], *_WORD.findall(mention.surface)[:1]]
            found = {titles[w.lower()] for w in words if w.lower() in titles}
            seen.setdefault(mention.key, set()).update(found)
        return {key: next(iter(g)) for key, g in seen.items() if len(g) == 1}

    def subject_like(self, mention: Mention) -> bool:
        """Not quoted, not a possessor or compound modifier, not right after a cue."""
        return (
            not self.in_quotation(mention.char_start)
            and not self.text.startswith(("’s", "'s", "-"), mention.char_end)
            and not self.reported(mention)
            and not self.modifier(mention)
        )

    def modifier(self, mention: Mention) -> bool:
        """A name inside a prepositional phrase after a common noun is not the speaker.

        "a resident of X", "a doctor at X hospital", "an aid worker in X":
        the speaker is the unnamed person, X only says where they are. A
        statement is not a person ("a statement from X said" is X), nor is
        a capitalised word (a title: "Minister of X").
        """
        lead = self.text[max(0, mention.char_start - 40) : mention.char_start]
        words = _WORD.findall(lead)
        if words and words[-1].lower() == "the":
            words = words[:-1]
        if len(words) < 2 or words[-1].lower() not in _cues().prepositions:
            return False
        noun = words[-2]
        return noun.islower() and not _find_cues(noun, 0, len(noun))

    def in_quotation(self, offset: int) -> bool:
        i = bisect.bisect_right(self.quoted, (offset, len(self.text) + 1)) - 1
        return i >= 0 and self.quoted[i][0] <= offset < self.quoted[i][1]

    def named(self, mention: Mention, lemma: str) -> _Speaker:
        start = mention.char_start
        for determiner in _DETERMINERS:
            at = start - len(determiner)
            word_start = at == 0 or not self.text[at - 1].isalnum()
            if word_start and self.text.startswith(determiner, at):
                start = at
                break
        institution = _WORD.match(self.text, mention.char_end + 1)
        if (
            self.text[mention.char_end : mention.char_end + 1] == " "
            and institution is not None
            and institution.group() in _cues().institution_nouns
            and self.types.get(mention.key) in _ORG_TYPES
        ):  # "the US military said": the military, written as such
            written = self.text[mention.char_start : institution.end()]
            return _Speaker(written, self.text[start : institution.end()], lemma)
        return _Speaker(mention.key, self.text[start : mention.char_end], lemma)

    def indefinite(self, start: int, end: int) -> bool:
        """Whether text[start:end] is an indefinite noun phrase ("one witness", "a nurse")."""
        words = _WORD.findall(self.text, start, end)
        first = words[0].lower() if words else ""
        return first in _cues().indefinites and len(words) <= MAX_ANONYMOUS_WORDS

    def anonymous(
        self, start: int, end: int, lemma: str, previous: _Speaker | None = None
    ) -> _Speaker | None:
        start = self.past_continuation(start, end)
        words = _WORD.findall(self.text, start, end)
        if not words or len(words) > MAX_ANONYMOUS_WORDS:
            return None
        if all(w.lower() in _cues().forms for w in words):
            return None  # a reporting verb is never the speaker
        surface = self.text[start:end].strip(" ,;:—–-")
        key = self.described(start, words, surface, previous)
        return _Speaker(key, surface or None, lemma)

    def past_continuation(self, start: int, end: int) -> int:
        """Past the words that end a partial quotation's sentence before the speaker.

        'killed “up to 100” people, a local group said': the speaker is what
        follows the comma; a speaker's own appositive ("a resident, 45,
        said") starts with a determiner or a name and is kept whole.
        """
        comma = self.text.find(",", start, end)
        words = _WORD.findall(self.text, start, comma) if comma >= 0 else []
        if not words or words[0][0].isupper() or words[0].lower() in _cues().indefinites:
            return start
        return start if words[0].lower() == "the" else comma + 1

    def described(
        self, start: int, words: list[str], surface: str, previous: _Speaker | None
    ) -> str | None:
        """The speaker key a description stands for, or None for someone new.

        A person noun ("the official said") refers back to the previous
        speaker when a person, else the last person named; an organisation
        noun ("the army said", "police said", "the committee said") to the
        organisation of the document with that head word, else it names the
        speaker as written; so does an unknown capitalised name ("Apple said").
        Indefinite descriptions ("an official", "a militia") are someone new
        and stay unnamed.
        """
        cues = _cues()
        head = _head_noun(words)
        if head in cues.representative_nouns:
            body = self.represented_body(start, words, head)
            if body is not None:
                return body  # "a company spokesperson said" after "WidgetCo is based in ..."
        if words[0].lower() in cues.indefinites:
            return None
        represented = self.possessor(start, start + len(surface))
        if head in cues.representative_nouns and represented is not None:
            return represented.key  # "Tony Blair's official spokesman said"
        if head in cues.person_nouns:
            return self.described_person(start, words, previous)
        if head in cues.organisation_nouns:
            return self.organisation(start, head, surface)
        proper = (
            w[0].isupper() or w[0].isdigit() for w in words if w.lower() not in _NP_PREPOSITIONS
        )
        if all(proper):
            return _without_determiner(surface)  # "Apple said", "50 Cent said"
        return None

    def represented_body(self, start: int, words: list[str], head: str) -> str | None:
        """The organisation a representative speaks for when a noun before the head
        names its kind ("a company spokesperson", "the ministry spokesman"): the one
        of that kind the text is about, or None when none was named."""
        lowered = [w.lower() for w in words]
        before = lowered[: lowered.index(head)]
        kinds = [w for w in before if w in _cues().organisation_nouns]
        if not kinds:
            return None
        key = self.organisation(start, kinds[-1], kinds[-1])
        return key if key in self.types else None

    def possessor(self, start: int, end: int) -> Mention | None:
        """The name written with a possessive ending inside [start, end) ("X's")."""
        i = bisect.bisect_left(self.mention_starts, start)
        for mention in self.mentions[i:]:
            if mention.char_start >= end:
                break
            if self.text.startswith(("’s", "'s"), mention.char_end):
                return mention
        return None

    def described_person(
        self, start: int, words: list[str], previous: _Speaker | None
    ) -> str | None:
        """ "the official" marks someone already introduced: the previous speaker when
        a person, else the last person named before; but after "a doctor on the
        scene ..." (since the previous quotation, or since that person was named),
        "the doctor" is that unnamed doctor and stays anonymous."""
        if words[0].lower() != "the" or len(words) > MAX_DESCRIPTION_WORDS:
            return None
        unnamed = self.unnamed_introduction(start, _head_noun(words))
        if previous is not None and self.types.get(previous.key or "") == "PERSON":
            return previous.key if unnamed is None or unnamed < self.floor else None
        found = self.last_named_before(start, {"PERSON"})
        if found is None or (unnamed is not None and unnamed > found.char_start):
            return None
        return found.key

    def unnamed_introduction(self, offset: int, head: str) -> int | None:
        """Where the last indefinite description with ``head`` ("a doctor", "one local
        doctor") stands before ``offset``, within a few sentences."""
        indefinites = _cues().indefinites
        found = None
        window = list(_WORD.finditer(self.text, max(0, offset - 2 * MAX_LEAD_CHARS), offset))
        for k, word in enumerate(window):
            if word.group().lower() != head:
                continue
            lead = [w.group() for w in window[max(0, k - 3) : k]]
            marks = [n for n, w in enumerate(lead) if w.lower() in indefinites]
            if marks and all(w.islower() for w in lead[marks[-1] + 1 :]):
                found = word.start()
        return found

    def organisation(self, start: int, head: str, surface: str, follow: bool = True) -> str:
        """The organisation "the <head>" stands for: the last one named with that head
        word ("the committee" after "the Madani Resistance Committee"); for a generic
        head ("the group") the organisation a recent sentence was about; else the
        description as written ("army", "health ministry")."""
        i = bisect.bisect_left(self.mention_starts, start)
        for mention in reversed(self.mentions[max(0, i - _LOOKBACK_MENTIONS) : i]):
            last = mention.key.split()[-1].lower()
            if mention.entity_type == "ORG" and head in (last, last.rstrip("s")):
                return mention.key
        if follow and head in _cues().generic_organisation_nouns:
            subject = self.recent_subject(start, _ORG_TYPES)
            if subject is not None:
                return subject
        return _without_determiner(surface)

    def own_subject(self, offset: int) -> str | None:
        """The organisation subject of the sentence holding ``offset``, written before it."""
        i = bisect.bisect_right(self.sentence_starts, offset) - 1
        found = self.subject_of(i, _ORG_TYPES) if i >= 0 else None
        return found[1] if found is not None and found[0] < offset else None

    def recent_subject(self, offset: int, types: frozenset[str]) -> str | None:
        """The organisation or place a recent sentence is about, before ``offset``.

        The subject of a sentence is the likeliest referent of "it", "they"
        or "the group" in the sentences after it (more than the last name
        written, which is often an object: "accused the RSF of ...").
        """
        i = bisect.bisect_right(self.sentence_starts, offset) - 1
        for j in range(i, max(-1, i - _SUBJECT_LOOKBACK), -1):
            found = self.subject_of(j, types)
            if found is not None and found[0] < offset:
                return found[1]
        return None

    def subject_of(self, j: int, types: frozenset[str]) -> tuple[int, str] | None:
        """(start, key) of the subject of sentence ``j`` when it is a name of ``types``
        or an organisation noun; a fronted phrase ("In a statement on Friday,") is
        skipped, and a sentence opening with a quotation has none."""
        sentence = self.sentences[j]
        begin, end = (
            sentence.char_start,
            min(sentence.char_end, sentence.char_start + MAX_LEAD_CHARS),
        )
        first = _WORD.search(self.text, begin, end)
        if first is None or self.text[begin : first.start()].strip() in _OPENERS:
            return None
        begin = self.past_fronted(begin, end)
        words = list(
            itertools.islice(_WORD.finditer(self.text, begin, end), MAX_DESCRIPTION_WORDS + 2)
        )
        if not words:
            return None
        the = words[0].group().lower() == "the"
        at = words[1].start() if the and len(words) > 1 else words[0].start()
        i = bisect.bisect_left(self.mention_starts, at)
        if i < len(self.mentions) and self.mention_starts[i] == at:
            mention = self.mentions[i]
            possessor = self.text.startswith(("’s", "'s"), mention.char_end)
            if mention.entity_type in types and not possessor:
                return at, mention.key
        nouns = [w for w in words if w.group().lower() in _cues().organisation_nouns]
        if the and nouns:
            head = nouns[0]
            surface = self.text[words[0].start() : head.end()]
            return at, self.organisation(at, head.group().lower(), surface, follow=False)
        return None
