"""Number grammar: find the numbers of a sentence and read their values.

A number is digits ("3,400", "1.5 million", "$3bn", "15%"), spelled-out
words ("seventeen", "two hundred and five", "a dozen", "a hundred"), a
hyphenated compound ("six-month-old" -> 6, unit month), a range ("between 10
and 20", "10-20", "two or three") or a vague quantity ("dozens of",
"several"; value null, conventional minimum from the reference data).

Policy for what is *not* a number here (documented because it is a choice):
- calendar dates ("February 11", "4 January", "Feb. 08"), years (a bare
  four-digit number in the year range, unless a plural count noun follows:
  "2000 troops" is a count), decades ("1990s"), clock times ("10:30",
  "7pm"), ordinals ("4th"; ordinal words are simply not cardinal words);
- numbers inside names: digits glued to letters ("G7", "F-16", "5G"), digits after
  a capitalised word in mid-sentence ("Resolution 2334"), and a capitalised
  number word next to another capitalised word ("Three Gorges"); except in
  a title-case headline, where capitals mark no names;
- vague words scale like numbers: "several hundred" has minimum 300;
- "a"/"an" on their own only mark the singular ("a year ago", "a commander",
  "a series of"): they are numbers only before a scale word ("a hundred",
  "a dozen"). "one" is read here and flagged ``singular``; the extractor
  keeps it only when the count itself matters (see extract.py);
- hyphenated compounds are numbers only with a time unit ("two-day",
  "six-month-old": durations) or "-strong" ("a 5,000-strong force"); other
  compounds are adjectives ("two-state solution", "one-sided") and
  fractions ("two-thirds") are proportions, so both are skipped;
- values beyond any count or amount in the news (above ``MAX_VALUE``, or
  too long to be finite: "1,000,000,000,000,000,000,000", a run of 100,000
  digits) are skipped, and so is scientific notation ("1e308"): such a
  number is a garbled string or a joke, and an extractor would publish it
  as a toll;
- page furniture and labels are no counts: digits with a leading zero ("02"
  of a date or a breadcrumb), digits before a capitalised singular name word
  ("50 Cent said", "50 Cent's album") or a possessive ("50's"), an emergency
  number next to a word of calling ("called 911");
- a clock-like time is a duration in seconds when it has seconds ("2:09:31")
  or follows a result word ("won in 3:45"); otherwise a time of day;
- "half a/an" scales ("half a million": 500,000) or halves a unit ("half a
  century": 0.5 century); "a/an" with a time unit counts one after a
  qualifier ("less than a week") or before "or" and a number ("a year or
  two": 1 to 2 years);
- a scale written after the second number of a range applies to both ("1.2
  to 1.5 million": 1,200,000 to 1,500,000); a change ("rose 2.4% to $15.1
  billion") and numbers of different forms (a percent, an amount) are two
  figures, not a range.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass, replace

from text_to_num import text2num

from newsfacts.figures.lexicon import Lexicon, lexicon
from newsfacts.figures.tokens import Token, match_at, match_before, touching
from newsfacts.model import DIGIT_GROUP_SPACE

_ORDINAL_SUFFIXES = frozenset({"st", "nd", "rd", "th", "s"})
_COMPOUND_TAILS = frozenset({"old", "long"})
_NAME_MARKS = frozenset({"no", "#"})
# The longest spelled-out number read ("nine hundred and ninety-nine billion ..."
# is about 40 tokens); the bound keeps a run of number words linear to scan.
_MAX_NUMBER_TOKENS = 48
# The largest value read (a thousand trillion): above the largest amounts news
# reports (world GDP is about 10^14 dollars) and below 2^53, so every value read
# is exact as a float and fits the integer columns of tolls and their sums.
MAX_VALUE = 1e15


@dataclass(frozen=True)
class Number:
    """A number found in a token list; ``start``/``end`` are token indices (end exclusive)."""

    start: int
    end: int
    value: float | None
    low: float | None = None
    high: float | None = None
    vague_min: float | None = None
    money: bool = False
    percent: bool = False
    unit: str | None = None  # a time unit ("six-month-old") or a glued measure ("5km")
    singular: bool = False
    scale: float | None = None  # the scale written at its end ("1.5 million")

    @property
    def is_range(self) -> bool:
        return self.low is not None

    @property
    def is_vague(self) -> bool:
        return self.value is None


def parse_digits(text: str) -> float | None:
    """Read "3,400", "3 400" or "1.5"; ``None`` when the separators are not a thousands grouping."""
    text = text.replace(DIGIT_GROUP_SPACE, ",")
    if "," in text:
        head, *groups = text.split(",")
        last = groups[-1].split(".")[0]
        if len(head) > 3 or any(len(g) != 3 for g in [*groups[:-1], last]):
            return None
        text = text.replace(",", "")
    try:
        return float(text)
    except ValueError:
        return None


def parse_words(words: Sequence[str]) -> float | None:
    """Value of spelled-out cardinal words ("two hundred and five"), via text2num."""
    try:
        return float(text2num(" ".join(words), "en"))
    except ValueError:
        return None


def find_numbers(tokens: Sequence[Token]) -> list[Number]:
    """Every number of a sentence, in text order, ranges merged."""
    lex = lexicon()
    cased = not is_title_case(tokens)
    found: list[Number] = []
    i = 0
    while i < len(tokens):
        number = _read_at(tokens, i, lex, cased)
        if number is None:
            i += 1
            continue
        if _is_plausible(number):
            found.append(number)
        i = number.end
    return _merge_ranges(tokens, found, lex)


def _is_plausible(number: Number) -> bool:
    """Every value of the number is finite and at most ``MAX_VALUE`` (see module policy)."""
    values = (number.value, number.low, number.high, number.vague_min)
    return all(v is None or (math.isfinite(v) and v <= MAX_VALUE) for v in values)


def is_title_case(tokens: Sequence[Token]) -> bool:
    """A headline in title case ("Strike Kills Two Officials"): capitals there mark no names."""
    words = [t for t in tokens if t.is_word and len(t.text) > 3]
    return len(words) >= 3 and sum(t.is_capitalised for t in words) >= 0.9 * len(words)


def _read_at(tokens: Sequence[Token], i: int, lex: Lexicon, cased: bool) -> Number | None:
    """The number starting at token ``i``; ``cased``: capitals may mark a name."""
    vague = _read_vague(tokens, i, lex)
    if vague is not None:
        return vague
    token = tokens[i]
    if token.is_digit:
        clock = _read_duration_clock(tokens, i, lex)
        if clock is not None:
            return clock
        excluded = _digits_are_not_a_count(tokens, i, lex, cased)
        return None if excluded else _read_digits(tokens, i, lex)
    if token.lower == "half":
        return _read_half(tokens, i, lex)
    if token.lower in {"a", "an"} and _is_unit_after_article(tokens, i, lex):
        return _read_article_unit(tokens, i, lex)
    if token.lower in lex.cardinals or _is_article_before_scale(tokens, i, lex):
        return _read_words(tokens, i, lex, cased)
    return None


def _clock_parts(tokens: Sequence[Token], i: int) -> int:
    """How many glued ``:NN`` groups follow the digits at ``i`` ("2:09:31" -> 2)."""
    parts, k = 0, i
    while (
        k + 2 < len(tokens)
        and tokens[k + 1].text == ":"
        and touching(tokens[k], tokens[k + 1])
        and touching(tokens[k + 1], tokens[k + 2])
        and tokens[k + 2].is_digit
        and len(tokens[k + 2].text.split(".")[0]) == 2
    ):
        parts, k = parts + 1, k + 2
    return parts


def _read_duration_clock(tokens: Sequence[Token], i: int, lex: Lexicon) -> Number | None:
    """ "2:09:31", "won in 3:45": a race time or record, in seconds (see module policy)."""
    if i > 0 and touching(tokens[i - 1], tokens[i]) and tokens[i - 1].text in ":/.":
        return None
    parts = _clock_parts(tokens, i)
    result = i > 0 and tokens[i - 1].lower in lex.result_words
    if not (parts == 2 or (parts == 1 and result)):
        return None
    seconds = 0.0
    for k in range(i, i + 2 * parts + 1, 2):
        value = parse_digits(tokens[k].text)
        if value is None:
            return None
        seconds = seconds * 60 + value
    return Number(i, i + 2 * parts + 1, seconds, unit="seconds")


def _read_half(tokens: Sequence[Token], i: int, lex: Lexicon) -> Number | None:
    """ "half a million" (500,000), "half a dozen" (6), "half a century" (0.5 century)."""
    if i + 2 >= len(tokens) or tokens[i + 1].lower not in {"a", "an"}:
        return None
    word = tokens[i + 2].lower
    if word in lex.scales:
        factor = lex.scales[word]
        return _finish(tokens, Number(i, i + 3, 0.5 * factor, scale=factor), lex)
    if word in lex.time_units:
        return Number(i, i + 3, 0.5, unit=word)
    return None


def _is_unit_after_article(tokens: Sequence[Token], i: int, lex: Lexicon) -> bool:
    """ "less than a week", "a year or two": "a" counts one of a time unit."""
    if i + 1 >= len(tokens) or tokens[i + 1].lower not in lex.time_units:
        return False
    qualified = match_before(tokens, i, lex.before) is not None
    return qualified or _or_number_after(tokens, i + 2, lex)


def _or_number_after(tokens: Sequence[Token], k: int, lex: Lexicon) -> bool:
    return k + 1 < len(tokens) and tokens[k].lower == "or" and tokens[k + 1].lower in lex.cardinals


def _read_article_unit(tokens: Sequence[Token], i: int, lex: Lexicon) -> Number:
    unit = tokens[i + 1].lower
    if _or_number_after(tokens, i + 2, lex):
        high = parse_words([tokens[i + 3].lower])
        if high is not None and high > 1:
            return Number(i, i + 4, 1.0, low=1.0, high=high, unit=unit)
    return Number(i, i + 2, 1.0, unit=unit)


def _read_vague(tokens: Sequence[Token], i: int, lex: Lexicon) -> Number | None:
    key = match_at(tokens, i, lex.vague)
    if key is None:
        return None
    end = i + len(key)
    if i > 0 and tokens[i - 1].lower in lex.determiners:
        return None
    minimum = lex.vague[key].minimum
    if end < len(tokens) and tokens[end].lower in lex.scales:
        minimum *= lex.scales[tokens[end].lower]
        end += 1
    before_noun = end < len(tokens) and tokens[end].is_word
    needs_context = lex.vague[key].needs_of or not before_noun
    if needs_context and not _vague_is_counting(tokens, i, end, lex):
        return None
    return Number(i, end, None, vague_min=minimum)


def _vague_is_counting(tokens: Sequence[Token], i: int, end: int, lex: Lexicon) -> bool:
    """ "dozens of", "wounded scores", "hundreds (more) were killed", "thousands marched".

    A past-tense verb right after counts only when the vague word opens its
    clause ("the test scores improved" is not a quantity).
    """
    while end < len(tokens) and tokens[end].lower in lex.pre_noun:
        end += 1
    after = tokens[end].lower if end < len(tokens) else ""
    before = tokens[i - 1].lower if i > 0 else ""
    opens_clause = i == 0 or not tokens[i - 1].is_word or before in lex.stop_words
    return (
        after == "of"
        or (before,) in lex.events
        or (after,) in lex.events
        or after in lex.auxiliaries
        or (opens_clause and after.endswith("ed"))
    )


def _is_article_before_scale(tokens: Sequence[Token], i: int, lex: Lexicon) -> bool:
    return (
        tokens[i].lower in {"a", "an"} and i + 1 < len(tokens) and tokens[i + 1].lower in lex.scales
    )


def _digits_are_not_a_count(tokens: Sequence[Token], i: int, lex: Lexicon, cased: bool) -> bool:
    """Dates, years, times, ordinals and numbers inside names."""
    token = tokens[i]
    prev = tokens[i - 1] if i > 0 else None
    nxt = tokens[i + 1] if i + 1 < len(tokens) else None
    if len(token.text) > 1 and token.text[0] == "0" and token.text[1].isdigit():
        return True  # "02" of a date or a breadcrumb: counts have no leading zero
    if prev is not None and touching(prev, token) and (prev.is_word or prev.text in ":/"):
        return True
    if nxt is not None and touching(token, nxt) and nxt.text in ("'", "’"):
        return True  # "50's beef", "the 1990's": a possessive or a decade
    if _is_phone_number(tokens, i, lex) or (cased and _before_name_word(tokens, i, lex)):
        return True
    if nxt is not None and touching(token, nxt) and nxt.text in ":/":
        return True
    if nxt is not None and touching(token, nxt) and nxt.lower in _ORDINAL_SUFFIXES:
        return True
    if nxt is not None and touching(token, nxt) and nxt.is_word and nxt.text[0].isupper():
        return True
    if nxt is not None and touching(token, nxt) and nxt.is_word and _glued_digits_after(tokens, i):
        return True  # "1e308", "4x4": a code or a notation, not a count
    if _glued_to_name(tokens, i, lex) or _is_date(tokens, i, lex):
        return True
    if match_at(tokens, i + 1, lex.clock) is not None:
        return True
    if prev is not None and _NAME_MARKS & {prev.lower, tokens[i - 2].lower if i > 1 else ""}:
        return True
    return (cased and _is_name_number(tokens, i, lex)) or _is_year(tokens, i, lex)


def _glued_digits_after(tokens: Sequence[Token], i: int) -> bool:
    """Digits glued to the word after the token after ``i``."""
    k = i + 2
    return k < len(tokens) and touching(tokens[k - 1], tokens[k]) and tokens[k].is_digit


def _is_phone_number(tokens: Sequence[Token], i: int, lex: Lexicon) -> bool:
    """ "called 911", "911 calls": an emergency number next to a word of calling."""
    if tokens[i].text not in lex.phone_numbers:
        return False
    neighbours = [tokens[k].lower for k in (i - 1, i + 1) if 0 <= k < len(tokens)]
    return any(word in lex.phone_words for word in neighbours)


def _before_name_word(tokens: Sequence[Token], i: int, lex: Lexicon) -> bool:
    """ "50 Cent said", "50 Cent's album": digits opening a name are no count.

    A count's noun after a capitalised word is a lower-case plural ("16
    Red Brigade members", "3 French soldiers"); a name's capitalised
    words are followed by anything else, or by their owner's possessive.
    """
    k = i + 1
    while k < len(tokens) and tokens[k].is_word and tokens[k].is_capitalised:
        word = tokens[k]
        if word.text.endswith(("'s", "’s")):
            return True
        plural = word.lower.endswith("s") or lex.looks_plural(word.text)
        if word.text.isupper() or plural or word.lower in lex.months:
            return False  # "800,000 Tutsis", "12 US soldiers"
        if word.lower in lex.currency_words or word.lower in lex.scales:
            return False
        k += 1
        if (
            k + 1 < len(tokens)
            and tokens[k].lower in ("and", "or")
            and tokens[k + 1].is_capitalised
        ):
            k += 1  # "23 European and Arab countries"
    if k == i + 1:
        return False
    following = tokens[k] if k < len(tokens) else None
    if following is not None and following.text == "-" and touching(tokens[k - 1], following):
        return False  # "3 French-made tanks": a compound modifier
    counted = following is not None and following.is_word and lex.looks_plural(following.text)
    return not counted


def _glued_to_name(tokens: Sequence[Token], i: int, lex: Lexicon) -> bool:
    """ "F-16", "COVID-19": digits hyphen-glued to a word; "2023-24": to a year."""
    if i < 2:
        return False
    dash, word = tokens[i - 1], tokens[i - 2]
    glued = dash.text == "-" and touching(dash, tokens[i]) and touching(word, dash)
    return glued and (word.is_word or _is_year(tokens, i - 2, lex))


def _is_date(tokens: Sequence[Token], i: int, lex: Lexicon) -> bool:
    """ "February 11", "4 January", "Feb. 08" (month names count only capitalised: "may")."""
    before = i - 2 if i > 1 and tokens[i - 1].text == "." else i - 1
    neighbours = [tokens[k] for k in (before, i + 1) if 0 <= k < len(tokens)]
    named = any(t.is_capitalised and t.lower in lex.months for t in neighbours)
    return named or _is_day_before_year(tokens, i, lex)


def _is_day_before_year(tokens: Sequence[Token], i: int, lex: Lexicon) -> bool:
    """ "08, 2024": a day number whose month was split off before it."""
    if i + 2 >= len(tokens) or tokens[i + 1].text != "," or len(tokens[i].text) > 2:
        return False
    return _is_year(tokens, i + 2, lex)


def _is_name_number(tokens: Sequence[Token], i: int, lex: Lexicon) -> bool:
    """ "Flight 17", "Resolution 2334": a capitalised word names the number after it.

    Not when a plural noun follows ("Mali 1,200 troops" is still a count) or
    the word is a function word ("Another 20 people").
    """
    if i == 0:
        return False
    word = tokens[i - 1]
    named = (
        word.is_word
        and word.is_capitalised
        and not word.text.endswith(("'s", "’s"))  # "Everton's 3-1 win"
        and word.lower not in lex.stop_words
        and word.lower not in lex.range_open
        and word.lower not in lex.months
        and word.lower not in lex.currency_codes
        and (word.lower,) not in lex.before
    )
    nxt = tokens[i + 1] if i + 1 < len(tokens) else None
    counted = nxt is not None and nxt.is_word and lex.looks_plural(nxt.text)
    return named and not counted


def _is_year(tokens: Sequence[Token], i: int, lex: Lexicon) -> bool:
    text = tokens[i].text
    low, high = lex.year_range
    if len(text) != 4 or not text.isdigit() or not low <= int(text) <= high:
        return False
    if i > 1 and tokens[i - 1].text == "," and _month_day_before(tokens, i - 2, lex):
        return True  # "September 11, 2001 attacks"
    nxt = tokens[i + 1] if i + 1 < len(tokens) else None
    return nxt is None or not (nxt.is_word and nxt.text.islower() and lex.looks_plural(nxt.text))


def _month_day_before(tokens: Sequence[Token], k: int, lex: Lexicon) -> bool:
    """ "September 11" or "11 September" ends at token ``k``."""

    def month(j: int) -> bool:
        return 0 <= j < len(tokens) and tokens[j].is_capitalised and tokens[j].lower in lex.months

    if month(k):
        return True
    day = tokens[k].text.isdigit() and len(tokens[k].text) <= 2
    return day and (month(k - 1) or month(k + 1))


def _read_digits(tokens: Sequence[Token], i: int, lex: Lexicon) -> Number | None:
    value = parse_digits(tokens[i].text)
    if value is None:
        return None
    start, money = _currency_before(tokens, i, lex)
    end = i + 1
    suffix = tokens[end].lower if end < len(tokens) else ""
    factor = _scale_after(tokens, i, money, lex)
    if factor is not None:
        scaled = Number(start, end + 1, value * factor, money=money, scale=factor)
        return _finish(tokens, scaled, lex)
    if _glued_word(tokens, i):
        return _finish(tokens, Number(start, end + 1, value, money=money, unit=suffix), lex)
    return _finish(tokens, Number(start, end, value, money=money), lex)


def _scale_after(tokens: Sequence[Token], i: int, money: bool, lex: Lexicon) -> float | None:
    """The factor of a scale written after digits: "1.5 million", "$3bn", "5m people"."""
    if i + 1 >= len(tokens):
        return None
    word = tokens[i + 1].lower
    if word in lex.suffixes and touching(tokens[i], tokens[i + 1]):
        factor, money_only = lex.suffixes[word]
        counted = i + 2 < len(tokens) and lex.looks_plural(tokens[i + 2].text)
        return factor if money or counted or not money_only else None
    if word in lex.scales and word != "dozen":
        return lex.scales[word]
    return None


def _glued_word(tokens: Sequence[Token], i: int) -> bool:
    """A lower-case unit written against the digits ("5m", "10km"): a measurement."""
    nxt = tokens[i + 1] if i + 1 < len(tokens) else None
    return nxt is not None and touching(tokens[i], nxt) and nxt.is_word and nxt.text.islower()


def _currency_before(tokens: Sequence[Token], i: int, lex: Lexicon) -> tuple[int, bool]:
    """Start index including a currency sign or code ("$3", "US$3", "USD 3")."""
    if i == 0:
        return i, False
    prev = tokens[i - 1]
    if prev.text in lex.currency_signs and touching(prev, tokens[i]):
        glued = i > 1 and tokens[i - 2].is_word and touching(tokens[i - 2], prev)
        return (i - 2 if glued else i - 1), True
    if prev.lower in lex.currency_codes:
        return i - 1, True
    return i, False


def _read_words(tokens: Sequence[Token], i: int, lex: Lexicon, cased: bool) -> Number | None:
    if cased and _is_capitalised_name(tokens, i):
        return None
    words, end = _cardinal_run(tokens, i, lex)
    value = parse_words(words)
    if value is None:
        return None
    if end < len(tokens) and tokens[end].lower == "dozen":
        value *= lex.scales["dozen"]
        end += 1
    singular = tokens[i].lower == "one" and end == i + 1
    last = tokens[end - 1].lower
    scale = lex.scales[last] if last in lex.scales and end - i > 1 else None
    return _finish(tokens, Number(i, end, value, singular=singular, scale=scale), lex)


def _is_capitalised_name(tokens: Sequence[Token], i: int) -> bool:
    """ "the Three Gorges", "Big Four": a capitalised number word inside a name.

    Only in mid-sentence (after a word): "Three French soldiers" opening a
    sentence or a quotation is a count.
    """
    if not tokens[i].is_capitalised or i == 0 or not tokens[i - 1].is_word:
        return False
    nxt = tokens[i + 1] if i + 1 < len(tokens) else None
    after_name = tokens[i - 1].is_capitalised
    return after_name or (nxt is not None and nxt.is_word and nxt.is_capitalised)


def _cardinal_run(tokens: Sequence[Token], i: int, lex: Lexicon) -> tuple[list[str], int]:
    """The longest run of cardinal words from ``i`` ("a" before a scale reads as "one")."""
    words: list[str] = []
    j = i
    if tokens[i].lower in {"a", "an"}:
        words.append("one")
        j += 1
    while j < len(tokens) and j - i < _MAX_NUMBER_TOKENS:
        word = tokens[j].lower
        if word in lex.cardinals:
            words.append(word)
            j += 1
        elif words and _joins_cardinals(tokens, j, lex):
            j += 1
        else:
            break
    return words, j


def _joins_cardinals(tokens: Sequence[Token], j: int, lex: Lexicon) -> bool:
    """ "two hundred *and* five", "twenty*-*five"."""
    if j + 1 >= len(tokens) or tokens[j + 1].lower not in lex.cardinals:
        return False
    if tokens[j].text == "-":
        return touching(tokens[j - 1], tokens[j]) and touching(tokens[j], tokens[j + 1])
    return tokens[j].lower == "and" and tokens[j - 1].lower in lex.scales


def _finish(tokens: Sequence[Token], number: Number, lex: Lexicon) -> Number | None:
    """Attach what may follow a number: a hyphenated unit, a percent sign, a currency word."""
    compound = _compound(tokens, number, lex)
    if compound is None:
        return None
    percent = match_at(tokens, compound.end, lex.percent)
    if percent is not None:
        return replace(compound, end=compound.end + len(percent), percent=True)
    currency = match_at(tokens, compound.end, lex.currency_words)
    if currency is not None:
        return replace(compound, end=compound.end + len(currency), money=True)
    return compound


def _compound(tokens: Sequence[Token], number: Number, lex: Lexicon) -> Number | None:
    """Hyphenated compounds: keep durations and "-strong", drop adjectives and fractions."""
    end = number.end
    if not _hyphen_word(tokens, end):
        return number
    word = tokens[end + 1].lower
    if word == "strong":
        return replace(number, end=end + 2)
    if word not in lex.time_units:
        return None
    end += 2
    if _hyphen_word(tokens, end) and tokens[end + 1].lower in _COMPOUND_TAILS:
        end += 2
    return replace(number, end=end, unit=tokens[number.end + 1].text.lower())


def _hyphen_word(tokens: Sequence[Token], k: int) -> bool:
    """Token ``k`` is a hyphen glued between the previous token and a following word."""
    return (
        k + 1 < len(tokens)
        and tokens[k].text == "-"
        and touching(tokens[k - 1], tokens[k])
        and touching(tokens[k], tokens[k + 1])
        and tokens[k + 1].is_word
    )


def _merge_ranges(tokens: Sequence[Token], numbers: list[Number], lex: Lexicon) -> list[Number]:
    """Join "between 10 and 20", "10-20", "10 to 20", "two or three" into range numbers.

    Digits glued by a dash that do not rise ("won 2-1", "a 3-0 vote") are a
    score or a tally, not two counts, and are dropped.
    """
    merged: list[Number] = []
    for number in numbers:
        if merged and (joined := _join(tokens, merged[-1], number, lex)) is not None:
            merged[-1] = joined
        elif merged and _is_score(tokens, merged[-1], number):
            merged.pop()
        else:
            merged.append(number)
    return merged


def _is_score(tokens: Sequence[Token], a: Number, b: Number) -> bool:
    if b.start - a.end != 1 or a.value is None or b.value is None:
        return False
    dash = tokens[a.end]
    glued = touching(tokens[a.end - 1], dash) and touching(dash, tokens[b.start])
    return dash.text == "-" and glued and a.value >= b.value


def _join(tokens: Sequence[Token], a: Number, b: Number, lex: Lexicon) -> Number | None:
    if a.is_vague or b.is_vague or a.is_range or b.start - a.end != 1:
        return None
    assert a.value is not None and b.value is not None
    joiner = tokens[a.end].lower
    low = _low_end(a, b)
    if joiner not in lex.range_join or low >= b.value or a.unit is not None:
        return None
    if _form(a) and _form(b) and _form(a) != _form(b):
        return None  # "2.4% to $15.1 billion": a percent and an amount
    opened = a.start > 0 and tokens[a.start - 1].lower in lex.range_open
    if joiner == "and" and not opened:
        return None
    if (
        joiner == "to"
        and not opened
        and a.start > 0
        and tokens[a.start - 1].lower in lex.change_verbs
    ):
        return None  # "rose 2.4% to 3.1%": how much it changed, then where it stands
    return Number(
        a.start - 1 if opened else a.start,
        b.end,
        low,
        low=low,
        high=b.value,
        money=a.money or b.money,
        percent=a.percent or b.percent,
        unit=b.unit,
        scale=b.scale,
    )


def _form(number: Number) -> str | None:
    return "percent" if number.percent else "money" if number.money else None


def _low_end(a: Number, b: Number) -> float:
    """The first number of a range with the scale written after the second ("1.2 to
    1.5 million"), when the scaled reading stays below the high end."""
    assert a.value is not None and b.value is not None
    if b.scale is None or a.scale is not None or a.value * b.scale > b.value:
        return a.value
    return a.value * b.scale
