"""Reference word lists for name discovery, loaded from ``data/reference/entities``.

Phrases (organisations, titles, demonyms, curated places) are indexed by
their spelling-insensitive key so that a lexicon entry also matches its
transliteration variants; the index is built once per process.
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass
from functools import cache

from newsfacts.names import name_key, skeleton
from newsfacts.reference import load_yaml

# Skeleton (vowel-insensitive) matches of very short phrases are unsafe:
# "IS" and "US" share one. Below this many letters only exact keys count.
MIN_SKELETON_LETTERS = 6
# Short forms (acronyms, "PM", "Mr") only match as written: "IS" the group
# is not "Is" the verb, "AP" the agency is not "Ap".
MAX_SHORT_FORM = 4


@dataclass(frozen=True)
class Entry:
    """A lexicon phrase: what it stands for and which kind of word it is.

    ``kind`` is ``org``, ``norp`` or ``title``; ``canonical`` is the entry's
    canonical name (an organisation's name, a demonym's singular, a title's
    full form) and ``entity_type`` its entity type (titles have none).
    """

    kind: str
    canonical: str
    entity_type: str | None


@dataclass(frozen=True)
class Lexicon:
    phrases: dict[str, Entry]
    short_forms: frozenset[str]
    skeletons: dict[str, Entry]
    max_words: int
    first_words: frozenset[str]
    hyphen_particles: frozenset[str]
    spaced_particles: frozenset[str]
    person_openers: frozenset[str]
    org_heads: frozenset[str]
    org_openers: frozenset[str]
    org_words: frozenset[str]
    org_after_the: frozenset[str]
    org_evidence_after: frozenset[str]
    title_case_inner: frozenset[str]
    org_followers: frozenset[str]
    place_followers: frozenset[str]
    connectors: frozenset[str]
    connector_heads: frozenset[str]
    not_names: frozenset[str]
    surname_words: frozenset[str]
    other_heads: frozenset[str]
    facility_heads: frozenset[str]
    place_heads: frozenset[str]
    place_openers: frozenset[str]
    compass_words: frozenset[str]
    locatives: frozenset[str]
    min_bare_town_population: int
    given_names: frozenset[str]
    role_titles: dict[str, str]

    def may_start(self, word: str) -> bool:
        """Whether some lexicon phrase can begin with ``word`` (a cheap pre-check)."""
        key = name_key(word)
        return key in self.first_words or _first_skeleton(skeleton(word)) in self.first_words

    def find(self, phrase: str) -> Entry | None:
        """The entry a phrase denotes, by exact key, else by skeleton for long phrases."""
        key = name_key(phrase)
        if len(key) <= MAX_SHORT_FORM and phrase not in self.short_forms:
            return None
        entry = self.phrases.get(key)
        if entry is None and len(key.replace(" ", "")) >= MIN_SKELETON_LETTERS:
            entry = self.skeletons.get(skeleton(phrase))
        return entry


def name_words(name: str) -> frozenset[str]:
    """The skeletons of a name's words, particles (al-, Abu, bin) left out.

    Person names are compared on these: a shared particle alone never
    makes two names look alike.
    """
    lex = lexicon()
    words = name_key(name.replace("-", " ")).split()
    particles = lex.hyphen_particles | lex.spaced_particles
    return frozenset(skeleton(w) for w in words if w not in particles)


@cache
def lexicon() -> Lexicon:
    phrases: dict[str, Entry] = {}
    for written, entry in _entries():
        phrases.setdefault(name_key(written), entry)
    short_forms = frozenset(
        written for written, _ in _entries() if len(name_key(written)) <= MAX_SHORT_FORM
    )
    skeletons: dict[str, Entry] = {}
    for written, entry in _entries():
        if entry.kind == "org":
            skeletons.setdefault(skeleton(written), entry)
    patterns = load_yaml("entities/name_patterns.yaml")

    def words(field: str, lower: bool = False) -> frozenset[str]:
        return frozenset(w.lower() if lower else w for w in patterns.get(field, []))

    return Lexicon(
        phrases=phrases,
        short_forms=short_forms,
        skeletons=skeletons,
        max_words=max(len(key.split()) for key in phrases),
        first_words=frozenset(key.split()[0] for key in phrases if key)
        | frozenset(_first_skeleton(key) for key in skeletons),
        hyphen_particles=words("hyphen_particles", lower=True),
        spaced_particles=words("spaced_particles", lower=True),
        person_openers=words("person_openers"),
        org_heads=words("org_heads"),
        org_openers=words("org_openers"),
        org_words=words("org_words"),
        org_after_the=words("org_after_the", lower=True),
        org_evidence_after=words("org_evidence_after"),
        title_case_inner=words("title_case_inner"),
        org_followers=words("org_followers", lower=True),
        place_followers=words("place_followers", lower=True),
        connectors=words("connectors", lower=True),
        connector_heads=_connector_heads([*phrases, *_place_names()]),
        not_names=words("not_names"),
        surname_words=words("surname_words"),
        other_heads=words("other_heads"),
        facility_heads=words("facility_heads"),
        place_heads=words("place_heads"),
        place_openers=words("place_openers"),
        compass_words=words("compass_words"),
        locatives=words("locatives", lower=True),
        min_bare_town_population=int(patterns.get("min_bare_town_population", 0)),
        given_names=words("given_names"),
        role_titles=_role_titles(),
    )


@cache
def _entries() -> tuple[tuple[str, Entry], ...]:
    """Every written form with its entry; earlier files win on a shared form."""
    found: list[tuple[str, Entry]] = []
    for item in load_yaml("entities/organisations.yaml"):
        entry = Entry("org", item["name"], item.get("type", "ORG"))
        found.extend((written, entry) for written in (item["name"], *item.get("aliases", [])))
    for item in load_yaml("entities/demonyms.yaml"):
        entry = Entry("norp", item["name"], "NORP")
        for written in (item["name"], *item.get("forms", [])):
            found.extend([(written, entry), (_plural(written), entry)])
    titles = load_yaml("entities/titles.yaml")
    for title in titles["titles"]:
        found.append((title, Entry("title", title.rstrip("."), None)))
    for honorific in titles.get("honorifics", []):
        found.append((honorific, Entry("title", honorific.rstrip("."), None)))
    for short, full in titles.get("abbreviations", {}).items():
        found.append((short, Entry("title", full, None)))
    return tuple(found)


def _plural(word: str) -> str:
    """Regular plural of a demonym (Iraqis, Kurds); -ese and -ish words have none."""
    if word.endswith(("ese", "ish", "ch", "s")):
        return word
    return word + "s"


def _first_skeleton(frame: str) -> str:
    """Marker for "some skeleton entry starts with this consonant frame" (see ``may_start``)."""
    return "~" + frame[:4]


def _place_names() -> list[str]:
    places = load_yaml("entities/places.yaml")
    names = [str(alias) for alias in places.get("aliases", {})]
    for place in places.get("places", []):
        names.extend([place["name"], *place.get("aliases", [])])
    return [name_key(name) for name in names]


def _connector_heads(keys: list[str]) -> frozenset[str]:
    """Words that precede of/for/in inside a known phrase (Secretary, Gulf, Axis).

    A connector continues a name after such a word even in names the
    lexicon does not list (Gulf of Oman, Secretary of Energy).
    """
    heads = set()
    for key in keys:
        words = key.split()
        for before, word in itertools.pairwise(words):
            if word in ("of", "for", "in", "on"):
                heads.add(before.capitalize())
    return frozenset(heads)


def _role_titles() -> dict[str, str]:
    """Titles that can stand alone for a person ("the prime minister"), as written -> title.

    Keys of full titles are lower case (matched case-insensitively); the
    abbreviations keep their case (PM, but not "pm").
    """
    titles = load_yaml("entities/titles.yaml")
    roles = {str(title).lower(): str(title) for title in titles["titles"]}
    roles.update({str(k): str(v) for k, v in titles.get("abbreviations", {}).items()})
    return roles
