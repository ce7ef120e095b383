"""Actor (PLOVER source) and target (recipient) of an event mention.

The rules follow the few constructions news uses to say who did what to whom,
and leave the slot empty when none applies (a guessed participant is worse
than a missing one for analysts):
- a name modifying an event noun: "a US drone strike", "Israel's offensive";
- an agent phrase: "targeted by the US", "killed by Israeli forces";
- the subject of a verb trigger, or of a light verb governing an event noun
  ("Israel killed", "the US launched strikes"); with passive victim verbs the
  subject is the target ("three soldiers were killed");
- the object of a verb trigger or of "on / against / targeting / of" after
  an event noun: "killed a commander of X", "attacks on US forces".
Names that are places of the event ("in Baghdad") are never participants.
"""

from __future__ import annotations

from collections.abc import Iterator

from newsfacts.events.context import Name, SentenceContext
from newsfacts.events.lexicon import EventLexicon
from newsfacts.events.triggers import EventMention, Trigger, is_passive
from newsfacts.figures.tokens import match_at
from newsfacts.gazetteer import lookup_place

PARTY_TYPES = frozenset({"PERSON", "ORG", "GPE", "NORP"})
SYMMETRIC_TYPES = frozenset({"CONSULT", "AGREE", "COOPERATE"})
SUBJECT_WINDOW = 10
AGENT_REACH = 3
SIDE_REACH = 3
OBJECT_WINDOW = 6
_DETERMINERS = frozenset({"the", "a", "an", "its", "their", "his", "her", "our"})
_TARGET_MARKERS = frozenset({"on", "against", "targeting", "of", "at", "upon"})
_POSSESSIVE_ENDINGS = ("'s", "’s")
_PRONOUNS = frozenset({"it", "they", "we"})
_AUXILIARIES = frozenset(
    {"is", "are", "was", "were", "be", "been", "being", "has", "have", "had", "do", "does", "did"}
)
_GERUND_PREPOSITIONS = frozenset({"for", "of", "in", "by", "from", "after", "before", "over"})
_COORDINATORS = frozenset({"and", "as"})
_RELATIVE_PRONOUNS = frozenset({"which", "who"})
_APPOSITIVE_OPENERS = frozenset({"a", "an", "the", "which", "who", "whose", "one"})
APPOSITIVE_REACH = 20
ACRONYM_REACH = 5
# Words between "of"/"for" and the act charged ("of committing a massacre").
CHARGE_REACH = 5


def participants(
    ctx: SentenceContext, event: EventMention, lex: EventLexicon
) -> tuple[Name | None, Name | None]:
    """(actor, target) of an event mention; either may be None."""
    actor = target = None
    for trigger in event.triggers:
        found_actor, found_target = _for_trigger(ctx, trigger, lex)
        actor = actor or found_actor
        target = target or found_target
    if actor and target and actor.mention.key == target.mention.key:
        target = None
    return actor, target


def _for_trigger(
    ctx: SentenceContext, trigger: Trigger, lex: EventLexicon
) -> tuple[Name | None, Name | None]:
    sides = _between(ctx, trigger, lex)
    if sides is not None:
        return sides
    if trigger.entry.pos == "victim" and is_passive(ctx.tokens, trigger):
        return _agent(ctx, trigger, lex), _passive_subject(ctx, trigger, lex)
    actor = _modifier(ctx, trigger, lex) or _agent(ctx, trigger, lex) or _charged(ctx, trigger, lex)
    target = _object(ctx, trigger, lex)
    if actor is None:
        actor, partner = _subject(ctx, trigger, lex)
        if partner and trigger.entry.event_type in SYMMETRIC_TYPES:
            target = target or partner
    return actor, target


def _between(
    ctx: SentenceContext, trigger: Trigger, lex: EventLexicon
) -> tuple[Name | None, Name | None] | None:
    """ "clashes between the army and rebels", "talks between X and Y": the first side
    is recorded as actor, the second as target; each side must open its conjunct."""
    tokens = ctx.tokens
    if trigger.last >= len(tokens) or tokens[trigger.last].lower != "between":
        return None
    first = _side(ctx, trigger.last + 1, lex)
    if first is None:
        return None
    for i in _clause_forward(ctx, first.last, OBJECT_WINDOW, lex):
        if tokens[i].lower == "and":
            return first, _side(ctx, i + 1, lex)
    return first, None


def _side(ctx: SentenceContext, start: int, lex: EventLexicon) -> Name | None:
    """A party naming one side: at most a determiner and an adjective before it."""
    for i in range(start, min(len(ctx.tokens), start + SIDE_REACH)):
        name = ctx.name_starting_at(i)
        if name is not None:
            return name if _party(name, ctx, lex) else None
        if not ctx.tokens[i].is_word or ctx.tokens[i].lower in ("by", "of", "and"):
            return None
    return None


def _party(name: Name | None, ctx: SentenceContext, lex: EventLexicon) -> bool:
    return (
        name is not None
        and name.mention.entity_type in PARTY_TYPES
        and not compound_adjective(ctx, name)
        and not is_place_object(ctx, name, lex)
    )


def is_place_object(ctx: SentenceContext, name: Name, lex: EventLexicon) -> bool:
    """ "in Baghdad", "the city of Eilat", "the capital Kabul", "in Iraq and Syria";
    not a name modifying a noun ("in a US drone strike", "on US forces")."""
    if modifies_noun(ctx, name, lex):
        return False
    tokens = ctx.tokens
    i = name.first - 1
    if i >= 0 and tokens[i].lower in lex.place_nouns:
        return True
    skipped = 0
    while i >= 0 and skipped < 3 and tokens[i].is_word:
        word = tokens[i].lower
        if word in lex.place_prepositions:
            return True
        if word == "of" and i > 0 and tokens[i - 1].lower in lex.place_nouns:
            return True
        if word in ("and", "or"):
            previous = ctx.name_ending_at(i) if skipped == 0 else None
            return previous is not None and is_place_object(ctx, previous, lex)
        if tokens[i].is_capitalised or word in lex.breakers:
            return False
        i -= 1
        skipped += 1
    return False


def modifies_noun(ctx: SentenceContext, name: Name, lex: EventLexicon) -> bool:
    """ "US forces", "a US drone strike", "Ukraine's power grid": the name qualifies
    a noun (a party's people, act or property) rather than naming a place."""
    if possessive(ctx, name):
        return True
    following = ctx.tokens[name.last : name.last + 2]
    if any(t.lower in lex.personnel for t in following):
        return True
    if name.last >= len(ctx.tokens):
        return False
    phrase = match_at(ctx.tokens, name.last, lex.triggers)
    return phrase is not None and lex.triggers[phrase].pos == "noun"


def possessive(ctx: SentenceContext, name: Name) -> bool:
    return ctx.tokens[name.last - 1].text.endswith(_POSSESSIVE_ENDINGS)


def _modifier(ctx: SentenceContext, trigger: Trigger, lex: EventLexicon) -> Name | None:
    """ "US strikes", "a US drone strike", "Israel's offensive", "the US killing of".

    Only modifier-like words may stand between the name and the noun: a verb
    ("Iraq and the US will resume negotiations") ends the noun phrase.
    """
    tokens = ctx.tokens
    i = trigger.first
    for _ in range(3):
        name = ctx.name_ending_at(i)
        if name is not None:
            return name if _party(name, ctx, lex) else None
        if i == 0 or (trigger.entry.pos != "noun" and i < trigger.first):
            return None
        previous = tokens[i - 1]
        if i - 1 in ctx.trigger_tokens or not previous.is_word:
            return None
        if _ends_noun_phrase(previous.lower, lex):
            return None
        i -= 1
    return None


def _ends_noun_phrase(word: str, lex: EventLexicon) -> bool:
    return (
        word in lex.breakers
        or word in _DETERMINERS
        or word in _AUXILIARIES
        or word in lex.light_verbs
        or word in lex.reporting
        or (word,) in lex.modality_cues
        or word in lex.place_prepositions
        or word in ("of", "for", "to", "by", "with", "against")
    )


def _agent(ctx: SentenceContext, trigger: Trigger, lex: EventLexicon) -> Name | None:
    """ "targeted by the US", "carried out by X"."""
    for i in _clause_forward(ctx, trigger.last, AGENT_REACH, lex):
        if ctx.tokens[i].lower == "by":
            j = i + 1
            if j < len(ctx.tokens) and ctx.tokens[j].lower in _DETERMINERS:
                j += 1
            name = ctx.name_starting_at(j)
            if _party(name, ctx, lex):
                return name
            return None
    return None


def _charged(ctx: SentenceContext, trigger: Trigger, lex: EventLexicon) -> Name | None:
    """ "accused X of committing a massacre", "blamed X for the bombing": the party
    an accusation names is the actor of the act it is charged with."""
    tokens = ctx.tokens
    for i in range(trigger.first - 1, max(-1, trigger.first - CHARGE_REACH), -1):
        if tokens[i].lower not in ("of", "for"):
            continue
        name = ctx.name_ending_at(i)
        if name is None or not _party(name, ctx, lex):
            return None
        opener = name.first - 1
        if opener > 0 and tokens[opener].lower in _DETERMINERS:
            opener -= 1
        phrase = match_at(tokens, opener, lex.triggers) if opener >= 0 else None
        accusation = phrase is not None and lex.triggers[phrase].event_type == "ACCUSE"
        return name if accusation else None
    return None


def compound_adjective(ctx: SentenceContext, name: Name | None) -> bool:
    """ "Iranian-backed groups", "Tehran-aligned": the name only qualifies another noun."""
    return name is not None and name.last < len(ctx.tokens) and ctx.tokens[name.last].text == "-"


def _subject(
    ctx: SentenceContext, trigger: Trigger, lex: EventLexicon
) -> tuple[Name | None, Name | None]:
    """Nearest party before the trigger in its clause; "X and Y" gives (X, Y).

    An event noun takes a subject only through a light verb ("the US launched
    strikes"); a gerund after a preposition ("blamed for attacking") has its
    subject elsewhere. A reporting verb ends the search ("the US said a strike
    killed": the US is the source), unless a pronoun in between refers back to
    its subject ("the Pentagon said it had notified").
    """
    if _gerund_complement(ctx, trigger):
        return None, None
    needs_light_verb = _nominal(ctx, trigger)
    pronoun = False
    for i in _clause_backward(ctx, trigger.first, SUBJECT_WINDOW, lex):
        if i in ctx.trigger_tokens:
            return None, None
        word = ctx.tokens[i].lower
        if word in _RELATIVE_PRONOUNS:
            antecedent = _antecedent_of(ctx, i)
            if antecedent is None or not _party(antecedent, ctx, lex) or needs_light_verb:
                return None, None
            return antecedent, None
        pronoun = pronoun or word in _PRONOUNS or word in lex.light_verbs
        if word in lex.light_verbs:
            needs_light_verb = False
        if word in lex.reporting and i < trigger.first - 1 and not pronoun:
            return None, None
        name = ctx.name_ending_at(i + 1)
        if name is None or not _party(name, ctx, lex) or _after_by(ctx, name):
            continue
        if possessive(ctx, name) and not _owns_personnel(ctx, name, lex):
            continue  # "Israel's campaign": the owner of another noun, not the subject
        return (None, None) if needs_light_verb else _coordinated(ctx, name, lex)
    return None, None


def _owns_personnel(ctx: SentenceContext, name: Name, lex: EventLexicon) -> bool:
    """ "the group's fighters stormed", "the air force's jets bombed": whose people or
    weapons act is the actor."""
    return name.last < len(ctx.tokens) and ctx.tokens[name.last].lower in lex.personnel


def _antecedent_of(ctx: SentenceContext, relative: int) -> Name | None:
    """ "The US, which has launched strikes": the name a relative pronoun stands for."""
    end = relative - 1 if relative > 0 and ctx.tokens[relative - 1].text == "," else relative
    return ctx.name_ending_at(end)


def _nominal(ctx: SentenceContext, trigger: Trigger) -> bool:
    """An event noun ("strikes", "the killing of")."""
    if trigger.entry.pos == "noun":
        return True
    return trigger.first > 0 and ctx.tokens[trigger.first - 1].lower in _DETERMINERS


def _gerund_complement(ctx: SentenceContext, trigger: Trigger) -> bool:
    before = ctx.tokens[trigger.first - 1].lower if trigger.first else ""
    return ctx.tokens[trigger.first].lower.endswith("ing") and before in _GERUND_PREPOSITIONS


def _coordinated(
    ctx: SentenceContext, name: Name, lex: EventLexicon
) -> tuple[Name | None, Name | None]:
    conjunction = name.first - 1
    if conjunction > 0 and ctx.tokens[conjunction].lower in _DETERMINERS:
        conjunction -= 1
    if conjunction < 1 or ctx.tokens[conjunction].lower != "and":
        return name, None
    first = ctx.name_ending_at(conjunction)
    if first is not None and _party(first, ctx, lex):
        return first, name
    return name, None


def _after_by(ctx: SentenceContext, name: Name) -> bool:
    before = ctx.tokens[max(0, name.first - 2) : name.first]
    return any(t.lower == "by" for t in before)


def _passive_subject(ctx: SentenceContext, trigger: Trigger, lex: EventLexicon) -> Name | None:
    """First party of the clause before "was killed", after any reporting verb."""
    candidates = []
    for i in _clause_backward(ctx, trigger.first, 2 * SUBJECT_WINDOW, lex):
        if ctx.tokens[i].lower in lex.reporting:
            break
        name = ctx.name_ending_at(i + 1)
        if name is not None and _party(name, ctx, lex):
            candidates.append(name)
    return candidates[-1] if candidates else None


def _object(ctx: SentenceContext, trigger: Trigger, lex: EventLexicon) -> Name | None:
    """Name after the trigger: direct object of a verb, or after "on/against/of" for nouns."""
    tokens = ctx.tokens
    marked = trigger.entry.pos in ("verb", "victim") or tokens[trigger.last - 1].lower in (
        _TARGET_MARKERS
    )
    for i in _clause_forward(ctx, trigger.last, OBJECT_WINDOW, lex):
        word = tokens[i].lower
        if word == "by":
            return None
        if word in _TARGET_MARKERS:
            marked = True
        name = ctx.name_starting_at(i)
        if name is None or not marked:
            continue
        if _party(name, ctx, lex) and _plausible_target(ctx, trigger, name, lex):
            return name
    return None


def _plausible_target(
    ctx: SentenceContext, trigger: Trigger, name: Name, lex: EventLexicon
) -> bool:
    """An attack on a town or region is a place; a country or its forces is a target."""
    if trigger.entry.event_type != "ASSAULT" or name.mention.entity_type != "GPE":
        return True
    following = ctx.tokens[name.last : name.last + 2]
    if any(t.lower in lex.personnel for t in following):
        return True
    place = lookup_place(name.mention.key)
    return place is not None and place.kind == "country"


def _clause_forward(
    ctx: SentenceContext, start: int, window: int, lex: EventLexicon
) -> Iterator[int]:
    for i in range(start, min(len(ctx.tokens), start + window)):
        token = ctx.tokens[i]
        if token.lower in lex.breakers and token.lower not in _COORDINATORS:
            return
        yield i


def _clause_backward(
    ctx: SentenceContext, end: int, window: int, lex: EventLexicon
) -> Iterator[int]:
    """Token indices before ``end``, nearest first, stopping at a clause boundary.

    An appositive or relative clause between commas is stepped over, so the
    subject of "The militia, which is backed by Iran, fired rockets" is found.
    """
    i = end - 1
    seen = 0
    while i >= 0 and seen < window:
        token = ctx.tokens[i]
        if token.text == ")":
            opening = _acronym_opening(ctx, i)
            if opening is None:
                return
            i = opening - 1
            continue
        if token.text == ",":
            opening = _appositive_opening(ctx, i)
            if opening is None:
                return
            i = opening - 1
            continue
        if token.lower in _RELATIVE_PRONOUNS:
            yield i  # the caller may follow "which" back to its antecedent
            return
        if token.lower in lex.breakers and token.lower not in _COORDINATORS:
            return
        yield i
        seen += 1
        i -= 1


def _acronym_opening(ctx: SentenceContext, closing: int) -> int | None:
    """The "(" of "Rapid Support Forces (RSF)": a short bracket after a name is
    stepped over so the name before it is the subject."""
    for j in range(closing - 1, max(-1, closing - ACRONYM_REACH), -1):
        if ctx.tokens[j].text == "(":
            return j if ctx.name_ending_at(j) is not None else None
    return None


def _appositive_opening(ctx: SentenceContext, comma: int) -> int | None:
    """The comma opening ", a group backed by Iran," after a name, if ``comma`` closes one."""
    for j in range(comma - 1, max(-1, comma - APPOSITIVE_REACH), -1):
        token = ctx.tokens[j]
        if token.text == ",":
            opener = ctx.tokens[j + 1].lower
            after_name = ctx.name_ending_at(j) or ctx.name_ending_at(j - 1)
            return j if opener in _APPOSITIVE_OPENERS and after_name is not None else None
        if not token.is_word and token.text not in ("-", "’", "'"):
            return None
    return None
