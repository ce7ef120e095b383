"""Find event triggers in a sentence and merge the words of one event mention.

A news sentence often names one attack with several trigger words ("a drone
strike ... killed", "were killed in an attack"): they are merged into a single
event mention so that an event is counted once, keeping the most specific
word (the one with a mode) as the trigger.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from newsfacts.events.lexicon import EventLexicon, TriggerEntry
from newsfacts.figures.tokens import Phrase, Token, match_at

# Two attack words at most this many tokens apart describe the same event
# unless a clause boundary or a new-event connective separates them.
MERGE_GAP = 10
# How far before a victim verb its non-violent subject is looked for ("a fire ... killed").
CAUSE_REACH = 5
OBJECT_REACH = 4
# Words an adjunct may put between an attack verb and "by" ("hit in 2003 by").
AGENT_DELAY = 3
_NEW_EVENT_CONNECTIVES = frozenset(
    {"following", "after", "before", "since", "response", "retaliation", "amid", "while", "than"}
)
# Words before "than" that make it part of an amount ("more than 250 people").
_COMPARATIVE_AMOUNTS = frozenset({"more", "less", "fewer"})
# Words between an event noun and its own verb, as subject or object ("protesters
# angrily marched", "signed an accord").
SUBJECT_GAP = 3
# Acts whose object is a participant, not an event of its own.
_FORCEFUL_TYPES = frozenset({"ASSAULT", "COERCE"})
# Words between an attack verb and the noun it hit ("attacked an aid convoy").
OBJECT_GAP = 2
# Share of capitalised words above which a line is a title-case headline.
TITLE_CASE_SHARE = 0.8
_ATTRIBUTIVE_OPENERS = frozenset({"the", "a", "an", "and", "his", "her", "their", "its"})
_PASSIVE_AUXILIARIES = frozenset({"was", "were", "been", "being", "is", "are", "be", "got"})
_POSSESSIVE_MARKS = frozenset({"'", "’", "'s", "’s", "have", "has", "had"})
# Words that may stand between an attack verb and the attack noun naming the same
# act ("seized power in a coup", "opened fire in an ambush").
_RESTATING_LINKS = frozenset({"in", "a", "an", "the", "with", "during", "its", "their"})
# An -ed attack word right after an article describes a noun ("the besieged
# city", "a looted shop"), not an act told here.
_ARTICLES = frozenset({"the", "a", "an"})
_DETERMINERS_AND_POSSESSIVES = frozenset(
    {"the", "a", "an", "their", "his", "her", "its", "our", "my", "your"}
)
# Object pronouns of a blow ("hit him in the face") and the words before a body part.
_PERSONAL_OBJECTS = frozenset({"him", "her", "them", "me", "us"})
_BODY_DETERMINERS = frozenset({"the", "his", "her", "their", "my"})
# Words of a name that can be the object of a blow ("punched Ray Dorn in the face").
MAX_NAME_WORDS = 3
# How close an abstract object follows an unambiguous attack word ("killed hopes").
DIRECT_OBJECT_REACH = 2
# How far before an attack word "fictional" or "simulated" is looked for.
UNREAL_REACH = 2
# How far before an attack word the "a" after a depiction verb is looked for
# ("depicts a dirty bomb attack").
DEPICTED_REACH = 4
# Words before an attributive participle ("of murdered designer X").
_ATTRIBUTIVE_CONTEXT = frozenset({"of", "by", "for", "with", "to", "from", "about"})
# Words after a participle that show it is a verb, not an adjective.
_NOT_NOUNS = frozenset(
    {
        "him",
        "her",
        "them",
        "it",
        "us",
        "me",
        "his",
        "their",
        "its",
        "at",
        "in",
        "on",
        "by",
        "with",
        "and",
        "or",
        "as",
        "after",
        "before",
        "during",
        "near",
        "outside",
        "inside",
        "while",
        "when",
        "because",
        "the",
        "a",
        "an",
        "to",
        "for",
        "from",
        "into",
        "over",
        "later",
        "last",
        "this",
        "that",
        "there",
        "here",
        "up",
        "down",
        "off",
        "out",
    }
)


@dataclass(frozen=True)
class Trigger:
    """One trigger phrase: token span ``[first, last)`` in the sentence tokens."""

    first: int
    last: int
    entry: TriggerEntry
    phrase: Phrase = ()


@dataclass
class EventMention:
    """The triggers of one event in one sentence; ``main`` gives type, mode and span."""

    triggers: list[Trigger] = field(default_factory=list)

    @property
    def main(self) -> Trigger:
        with_mode = [t for t in self.triggers if t.entry.mode]
        nouns = [t for t in self.triggers if t.entry.pos == "noun"]
        return (with_mode or nouns or self.triggers)[0]


def violent_context(words: Iterable[str], lex: EventLexicon, minimum: int | None = None) -> bool:
    """Whether a text's lower-cased words speak of violence: enough distinct cue words
    (by default the document threshold; a single sentence needs only one cue next to
    the word)."""
    seen = lex.violence_cues.intersection(words)
    return len(seen) >= (lex.min_violence_cues if minimum is None else minimum)


def find_triggers(
    tokens: Sequence[Token],
    lex: EventLexicon,
    violent: bool,
    blocked: Sequence[tuple[int, int]] = (),
) -> list[Trigger]:
    """Trigger phrases in order; ``blocked`` token spans (names) never hold triggers."""
    found: list[Trigger] = []
    title_case = _title_case(tokens)
    i = 0
    while i < len(tokens):
        ignored = match_at(tokens, i, lex.ignore)
        phrase = match_at(tokens, i, lex.triggers)
        if ignored and (phrase is None or len(ignored) >= len(phrase)):
            i += len(ignored)
            continue
        if phrase is None:
            i += 1
            continue
        trigger = Trigger(i, i + len(phrase), lex.triggers[phrase], phrase)
        if _acceptable(tokens, trigger, lex, violent, blocked, title_case):
            found.append(trigger)
            i = trigger.last
        else:
            i += 1
    return _drop_modifier_nouns(tokens, found)


def _drop_modifier_nouns(tokens: Sequence[Token], triggers: list[Trigger]) -> list[Trigger]:
    """Keep only words that name an event of their own.

    In "ceasefire talks" or "aid convoy attack" the last noun is the event; an
    event noun right before a noun of another type only describes it. In
    "attacked an aid convoy" or "arrested 40 protesters" the noun is who was
    hit or held.
    """
    kept = []
    for i, trigger in enumerate(triggers):
        following = triggers[i + 1] if i + 1 < len(triggers) else None
        previous = triggers[i - 1] if i > 0 else None
        modifier = (
            following is not None
            and following.first == trigger.last
            and trigger.entry.pos == following.entry.pos == "noun"
            and trigger.entry.event_type != following.entry.event_type
            and not _acts_on(tokens, trigger)
        )
        attacked = (
            previous is not None
            and previous.entry.event_type in _FORCEFUL_TYPES
            and previous.entry.event_type != trigger.entry.event_type
            and (previous.entry.pos in ("verb", "victim") or _acts_on(tokens, previous))
            and trigger.entry.pos == "noun"
            and trigger.first - previous.last <= OBJECT_GAP
        )
        if not (modifier or attacked):
            kept.append(trigger)
    return kept


def _acts_on(tokens: Sequence[Token], trigger: Trigger) -> bool:
    """A forceful -ing word before a noun is a verb with its object ("beating
    demonstrators with batons", "shooting protesters"), not a modifier."""
    return trigger.entry.event_type in _FORCEFUL_TYPES and tokens[trigger.last - 1].lower.endswith(
        "ing"
    )


def _acceptable(
    tokens: Sequence[Token],
    trigger: Trigger,
    lex: EventLexicon,
    violent: bool,
    blocked: Sequence[tuple[int, int]],
    title_case: bool,
) -> bool:
    entry = trigger.entry
    if entry.ambiguous and not (violent or _physical_object(tokens, trigger, lex)):
        return False
    if any(start < trigger.last and trigger.first < end for start, end in blocked):
        return False
    if _inside_compound(tokens, trigger.first) or _in_name(tokens, trigger.first, title_case):
        return False
    if entry.after and not _followed_by(tokens, trigger.last, entry.after, entry.window, lex):
        return False
    if entry.pos == "victim" and _adjectival(tokens, trigger):
        return False
    if entry.pos in ("victim", "verb") and _attributive(tokens, trigger):
        return False
    if entry.pos != "noun" and entry.ambiguous and _after_determiner(tokens, trigger):
        return False
    if _unreal(tokens, trigger, lex):
        return False
    if entry.pos == "verb" and _participle_adjective(tokens, trigger):
        return False
    if entry.pos == "verb" and entry.ambiguous and _struck_by_cause(tokens, trigger, lex):
        return False
    if entry.event_type == "ASSAULT" and _aims_at_abstraction(tokens, trigger, lex):
        return False
    if _walkout(tokens, trigger, lex):
        return False
    return not (entry.pos == "victim" and _accidental(tokens, trigger, lex))


def _physical_object(tokens: Sequence[Token], trigger: Trigger, lex: EventLexicon) -> bool:
    """ "attacked public buildings", "attacks on police", "hitting him in the head": an
    everyday attack word whose object is people or property a blow can land on is
    force in any article, whereas one aimed at a budget, a market or a goal is not."""
    if trigger.entry.event_type != "ASSAULT":
        return False
    start = trigger.last
    if trigger.entry.pos == "noun":
        if start >= len(tokens) or tokens[start].lower not in ("on", "against"):
            return False
        start += 1
    elif trigger.entry.pos != "verb":
        return False
    return _followed_by(tokens, start, lex.physical_targets, OBJECT_REACH, lex) or _blow(
        tokens, start, lex
    )


def _blow(tokens: Sequence[Token], start: int, lex: EventLexicon) -> bool:
    """A person then where the blow landed: "him in the head", "Ray Dorn on the nose"."""
    i = start
    if i < len(tokens) and tokens[i].lower in _PERSONAL_OBJECTS:
        i += 1
    else:
        while i < len(tokens) and i - start < MAX_NAME_WORDS and tokens[i].is_capitalised:
            i += 1
    if i == start or i >= len(tokens) or tokens[i].lower not in ("in", "on"):
        return False
    i += 1
    if i < len(tokens) and tokens[i].lower in _BODY_DETERMINERS:
        i += 1
    return i < len(tokens) and tokens[i].lower in lex.body_parts


def _adjectival(tokens: Sequence[Token], trigger: Trigger) -> bool:
    """ "the injured Sutton", "Injured Rio Ferdinand": a description, not an event."""
    if trigger.last >= len(tokens) or not tokens[trigger.last].is_capitalised:
        return False
    return trigger.first == 0 or tokens[trigger.first - 1].lower in _ATTRIBUTIVE_OPENERS


def _attributive(tokens: Sequence[Token], trigger: Trigger) -> bool:
    """ "the art of murdered fashion designer X", "founded by assassinated former
    prime minister Y": a participle before a noun describes a person, it tells no
    act of this sentence (the participle follows a preposition or determiner and
    comes right before a lower-case noun or adjective)."""
    word = tokens[trigger.first].lower
    if trigger.last - trigger.first != 1 or not word.endswith(("ed", "slain")):
        return False
    before = tokens[trigger.first - 1].lower if trigger.first > 0 else ""
    after = tokens[trigger.last] if trigger.last < len(tokens) else None
    return (
        before in _ATTRIBUTIVE_CONTEXT
        and after is not None
        and after.is_word
        and after.text.islower()
        and after.lower not in _NOT_NOUNS
    )


def _after_determiner(tokens: Sequence[Token], trigger: Trigger) -> bool:
    """ "their hit Vertigo", "Martika's 1980s hit", "savouring the kill": an everyday
    attack word listed as a verb, used as a noun (after a determiner, a possessive or
    a number), is another word; nouns in -ing are the acts themselves ("the
    shooting"), and crime nouns keep their sense ("the murder")."""
    if trigger.first == 0 or tokens[trigger.last - 1].lower.endswith(("ing", "ings")):
        return False
    before = tokens[trigger.first - 1]
    possessive = before.lower.endswith(("'s", "’s"))
    decade = before.text == "s" and trigger.first > 1 and tokens[trigger.first - 2].is_digit
    return before.lower in _DETERMINERS_AND_POSSESSIVES or possessive or before.is_digit or decade


def _participle_adjective(tokens: Sequence[Token], trigger: Trigger) -> bool:
    word = tokens[trigger.first].lower
    return (
        trigger.last - trigger.first == 1
        and word.endswith(("ed", "en", "wn"))
        and trigger.first > 0
        and tokens[trigger.first - 1].lower in _ARTICLES
    )


def _inside_compound(tokens: Sequence[Token], i: int) -> bool:
    """A word glued to a hyphen ("Iran-backed", "counter-strike") is part of another word."""
    return i > 0 and tokens[i - 1].text == "-" and tokens[i - 1].end == tokens[i].start


def _in_name(tokens: Sequence[Token], i: int, title_case: bool) -> bool:
    """A capitalised trigger word next to another capitalised word inside a sentence is
    part of a name (National Strike Force), unless the line is a title-case headline."""
    if i == 0 or title_case or not tokens[i].is_capitalised:
        return False
    neighbours = [tokens[j] for j in (i - 1, i + 1) if 0 <= j < len(tokens)]
    return any(t.is_word and t.is_capitalised for t in neighbours)


def _title_case(tokens: Sequence[Token]) -> bool:
    words = [t for t in tokens if t.is_word and len(t.text) > 3]
    capitalised = sum(1 for t in words if t.is_capitalised)
    return bool(words) and capitalised >= TITLE_CASE_SHARE * len(words)


def _followed_by(
    tokens: Sequence[Token], start: int, words: frozenset[str], window: int, lex: EventLexicon
) -> bool:
    for token in tokens[start : start + window]:
        if token.lower in words:
            return True
        if token.lower in lex.breakers and not token.is_word:
            return False
    return False


def _accidental(tokens: Sequence[Token], trigger: Trigger, lex: EventLexicon) -> bool:
    """ "killed in a car crash", "a fire that killed 25": a non-violent cause in the clause."""
    after = tokens[trigger.last : trigger.last + MERGE_GAP]
    before = list(reversed(tokens[max(0, trigger.first - CAUSE_REACH) : trigger.first]))
    return _cause_in(after, lex) or _cause_in(before, lex)


def _struck_by_cause(tokens: Sequence[Token], trigger: Trigger, lex: EventLexicon) -> bool:
    """ "struck by four hurricanes", "hit by a storm", "hit by further riots": an
    everyday attack verb whose agent is a disaster or a state of affairs tells no
    assault, even in an article that speaks of violence; a short time adjunct may
    come first ("hit in 2003 by tough competition")."""
    after = tokens[trigger.last : trigger.last + CAUSE_REACH]
    by = next((i for i, t in enumerate(after[:AGENT_DELAY]) if t.lower == "by"), None)
    if by is None or not all(t.is_word or t.is_digit for t in after[:by]):
        return False
    agent = tokens[trigger.last + by + 1 : trigger.last + by + CAUSE_REACH]
    return _cause_in(agent, lex) or any(t.lower in lex.affecting_events for t in agent)


def _aims_at_abstraction(tokens: Sequence[Token], trigger: Trigger, lex: EventLexicon) -> bool:
    """ "attacked the decision", "an attack on inflation", "killing hits shares": an
    everyday attack word whose object is an idea or a market is criticism or economics;
    so is any attack word right before one ("has killed opportunities")."""
    reach = OBJECT_REACH if trigger.entry.ambiguous else DIRECT_OBJECT_REACH
    return _followed_by(tokens, trigger.last, lex.abstract_objects, reach, lex)


def _walkout(tokens: Sequence[Token], trigger: Trigger, lex: EventLexicon) -> bool:
    """ "the writers' guild was striking", "miners struck over pay": workers or their
    union as the subject of a strike word make it industrial action."""
    if trigger.last - trigger.first != 1 or tokens[trigger.first].lower not in lex.walkout_words:
        return False
    i = trigger.first - 1
    while i >= 0 and tokens[i].lower in _PASSIVE_AUXILIARIES | _POSSESSIVE_MARKS:
        i -= 1
    return i >= 0 and tokens[i].lower in lex.labour


def _unreal(tokens: Sequence[Token], trigger: Trigger, lex: EventLexicon) -> bool:
    """ "a fictional chemical attack", "simulated explosions", "the drama depicts a
    bomb attack": nothing happened."""
    before = tokens[max(0, trigger.first - UNREAL_REACH) : trigger.first]
    return any(t.lower in lex.fictional_modifiers for t in before) or _depicted(
        tokens, trigger, lex
    )


def _depicted(tokens: Sequence[Token], trigger: Trigger, lex: EventLexicon) -> bool:
    """A depiction verb, "a" or "an", then at most a few lower-case words before the
    attack word: a scene made up for a work, not a known event."""
    i = trigger.first - 1
    while i > 0 and trigger.first - i <= DEPICTED_REACH and tokens[i].text.islower():
        if tokens[i].lower in ("a", "an"):
            return tokens[i - 1].lower in lex.depiction_verbs
        i -= 1
    return False


def _cause_in(window: Sequence[Token], lex: EventLexicon) -> bool:
    """A non-violent cause in the clause; a relative clause after a comma still
    describes it ("killed on the plane, which crashed")."""
    for i, token in enumerate(window):
        if token.lower in lex.non_violent_causes:
            return True
        relative = i + 1 < len(window) and window[i + 1].lower in ("which", "that")
        if not token.is_word and token.lower in lex.breakers and not relative:
            return False
    return False


def is_passive(tokens: Sequence[Token], trigger: Trigger) -> bool:
    """ "were killed", "had been wounded": the grammatical subject is the victim."""
    window = tokens[max(0, trigger.first - 2) : trigger.first]
    return any(t.lower in _PASSIVE_AUXILIARIES for t in window)


def group_mentions(
    tokens: Sequence[Token], triggers: Sequence[Trigger], lex: EventLexicon
) -> list[EventMention]:
    """Merge neighbouring attack words of one event; other triggers stay single.

    A trigger may join the latest mention of its own type even when a noun of
    another type stands between ("attacked an aid convoy, killing three"), but
    not across a verb of another type, which starts a new predicate
    ("condemned the killings and called for an inquiry into the massacre").
    """
    mentions: list[EventMention] = []
    for trigger in triggers:
        kind = trigger.entry.event_type
        same_type = [m for m in mentions[-2:] if m.main.entry.event_type == kind]
        previous = same_type[-1] if same_type else None
        crossed = (
            bool(mentions)
            and mentions[-1] is not previous
            and (mentions[-1].main.entry.pos == "verb")
        )
        if previous and not crossed and _joins(tokens, previous, trigger, lex):
            if not _setting(tokens, previous.triggers[-1], trigger):
                previous.triggers.append(trigger)
        else:
            mentions.append(EventMention([trigger]))
    return _toll_of_the_attack(tokens, mentions)


def _toll_of_the_attack(
    tokens: Sequence[Token], mentions: list[EventMention]
) -> list[EventMention]:
    """A passive casualty clause with no attack word of its own tells the harm of the
    sentence's last attack ("a car bomb exploded and 17 people were injured", "X was
    stabbed to death, while another man was critically injured"): one event, not
    two. An active one has its own agent ("after Israel killed X")."""
    kept: list[EventMention] = []
    for mention in mentions:
        attacks = [m for m in kept if m.main.entry.event_type == "ASSAULT"]
        victims_only = all(
            t.entry.pos == "victim" and is_passive(tokens, t) for t in mention.triggers
        )
        if mention.main.entry.event_type == "ASSAULT" and victims_only and attacks:
            attacks[-1].triggers.extend(mention.triggers)
        else:
            kept.append(mention)
    return kept


def _joins(
    tokens: Sequence[Token], previous: EventMention, trigger: Trigger, lex: EventLexicon
) -> bool:
    """A passive victim verb belongs to the attack named after it ("was killed in the
    strike"), not to an earlier noun ("attacks on US forces was killed"), unless it
    continues a casualty list ("were killed in the strikes and 36 were wounded")."""
    if trigger.entry.pos == "victim" and is_passive(tokens, trigger):
        listed = any(t.entry.pos == "victim" for t in previous.triggers)
        if not listed:
            return False
    if _participle_of_main_clause(tokens, trigger):
        return True
    return _same_event(tokens, previous.triggers[-1], trigger, lex)


def _participle_of_main_clause(tokens: Sequence[Token], trigger: Trigger) -> bool:
    """ "clashes erupted in the capital on Tuesday, killing 20", "gunmen ambushed a
    bus, abducting 25": the toll or the further harm of the sentence's attack
    however far its trigger is, not an attack of its own."""
    harm = trigger.entry.pos == "victim" or (
        trigger.entry.event_type == "ASSAULT" and _verbal(tokens, trigger)
    )
    return (
        harm
        and trigger.first > 0
        and tokens[trigger.first - 1].text == ","
        and tokens[trigger.first].lower.endswith("ing")
    )


def _verbal(tokens: Sequence[Token], trigger: Trigger) -> bool:
    """An attack verb, or an -ing noun used as one (", shooting residents")."""
    if trigger.entry.pos == "verb":
        return True
    following = tokens[trigger.last] if trigger.last < len(tokens) else None
    return (
        following is not None
        and following.is_word
        and not following.is_capitalised
        and following.lower != "of"
    )


_LIST_WORDS = frozenset({",", "and", "or"})


def _same_event(tokens: Sequence[Token], left: Trigger, right: Trigger, lex: EventLexicon) -> bool:
    if left.entry.event_type != right.entry.event_type:
        return False
    between = tokens[left.last : right.first]
    if _clause_break(between, right, lex):
        return False
    if _setting(tokens, left, right) or _restated_by_name(tokens, left, right):
        return True
    if right.first - left.last > MERGE_GAP or _new_event_between(between, lex):
        return False
    if _new_subject(between):
        return False
    if left.entry.event_type != "ASSAULT":
        # "summoned the envoy to protest": a purpose clause restating the act;
        # "protesters marched", "signed an accord": the event noun is the subject
        # or object of its own verb.
        restated = tokens[right.first - 1].lower == "to"
        gap = right.first - left.last
        subject = left.entry.pos == "noun" and right.entry.pos == "verb"
        obj = left.entry.pos == "verb" and right.entry.pos == "noun"
        return restated or ((subject or obj) and gap <= SUBJECT_GAP)
    # "strikes ... killed", "killed in an attack", "air strike assassinated",
    # "stormed the town and torched homes", "seized power in a coup".
    return (
        right.first == left.last
        or "victim" in (left.entry.pos, right.entry.pos)
        or (left.entry.pos == "noun" and right.entry.pos == "verb" and not _of_a_person(between))
        or bool(left.entry.mode) != bool(right.entry.mode)
        or (right.entry.pos == "verb" and tokens[right.first - 1].lower == "and")
        or _restated(left, right, between)
        or _listed_nouns(left, right, between)
    )


def _of_a_person(between: Sequence[Token]) -> bool:
    """ "survivors of the genocide who were raped": the verb after "who" tells what
    happened to people, not what the attack noun did."""
    return any(t.lower in ("who", "whom") for t in between)


def _new_event_between(between: Sequence[Token], lex: EventLexicon) -> bool:
    """A connective or a speech verb between two attack words starts another event
    ("killed ... after the raid"); "than" in a number ("more than 250") is no
    comparison of events."""
    for i, token in enumerate(between):
        if token.lower in lex.reporting:
            return True
        if token.lower in _NEW_EVENT_CONNECTIVES and not (
            token.lower == "than" and i > 0 and between[i - 1].lower in _COMPARATIVE_AMOUNTS
        ):
            return True
    return False


def _new_subject(between: Sequence[Token]) -> bool:
    """ "and" then a name and its verb ("nine soldiers were killed and President X
    ordered the destruction of ...") starts a clause with an act of its own; a name
    in a list of victims is followed by a preposition ("killed X and Y in an
    attack")."""
    for i, token in enumerate(between[:-1]):
        if token.lower != "and" or not between[i + 1].is_capitalised:
            continue
        end = i + 1
        while end < len(between) and between[end].is_capitalised:
            end += 1
        if end < len(between) and between[end].is_word and between[end].text.islower():
            return between[end].lower not in _NOT_NOUNS
    return False


def _setting(tokens: Sequence[Token], left: Trigger, right: Trigger) -> bool:
    """An attack noun after "during" is the scene of the act told before it in the
    clause ("was stabbed on a train during a fight", "hit by a brick during
    clashes"): the fight is where the stabbing happened, one event, told by the
    act. A noun with a mode ("during an air strike") says more than the act and
    joins it by the other rules."""
    if left.entry.event_type != "ASSAULT" or left.entry.pos != "verb":
        return False
    if right.entry.pos != "noun" or right.entry.mode is not None:
        return False
    start = right.first - 1
    if start > 0 and tokens[start].lower in _ARTICLES:
        start -= 1
    return start >= left.last and tokens[start].lower == "during"


def _restated_by_name(tokens: Sequence[Token], left: Trigger, right: Trigger) -> bool:
    """The same kind of attack named again with "the" in one sentence ("a film about
    the blasts ... on trial for the bombings") points back to it, unless it names a
    victim of its own ("the shooting of X and the shooting of Y")."""
    following = tokens[right.last].lower if right.last < len(tokens) else ""
    return (
        left.entry.pos == right.entry.pos == "noun"
        and left.entry.mode is not None
        and left.entry.mode == right.entry.mode
        and tokens[right.first - 1].lower == "the"
        and following != "of"
    )


def _listed_nouns(left: Trigger, right: Trigger, between: Sequence[Token]) -> bool:
    """Attack nouns in one list ("water cannons and tear gas", "rubber bullets, tear
    gas"): the means of one use of force, one event."""
    return (
        left.entry.pos == right.entry.pos == "noun"
        and bool(between)
        and all(t.lower in _LIST_WORDS for t in between)
    )


def _restated(left: Trigger, right: Trigger, between: Sequence[Token]) -> bool:
    """A verb then a noun of the same act joined by a preposition ("seized power in a coup")."""
    return (
        left.entry.pos == "verb"
        and right.entry.pos == "noun"
        and all(t.lower in _RESTATING_LINKS for t in between)
    )


def _clause_break(between: Sequence[Token], right: Trigger, lex: EventLexicon) -> bool:
    """Punctuation separates two events, except a clause adding the harm done
    ("the attack, which also injured 41", "attacked a checkpoint, killing two") or a
    relative clause between a subject and its verb ("the fighting, which began on
    Friday, has killed 30")."""
    between = _without_relative_clause(between)
    for i, token in enumerate(between):
        if token.is_word or token.lower not in lex.breakers:
            continue
        if not (token.text == "," and right.entry.pos == "victim" and _adds_harm(between, i)):
            return True
    return False


def _adds_harm(between: Sequence[Token], comma: int) -> bool:
    rest = between[comma + 1 :]
    return not rest or (rest[0].lower in ("which", "that") and len(rest) <= 2)


def _without_relative_clause(between: Sequence[Token]) -> Sequence[Token]:
    if len(between) < 3 or between[0].text != "," or between[1].lower not in ("which", "that"):
        return between
    closing = next((i for i in range(2, len(between)) if between[i].text == ","), None)
    if closing is None:
        return between
    return between[closing + 1 :]
