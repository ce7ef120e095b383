"""Cross-document entity resolution: one entity, many spellings.

Mentions arrive keyed per document (``Mention.key``). Keys are grouped by
their spelling-insensitive key, then groups are merged when

- their vowel-insensitive skeletons agree and the types agree (Yahya Haddad
  / Yehia Haddad, Ansar Allah / Ansarullah);
- for people, the name words of one are all among the name words of exactly
  one other person (Abu Karim al-Tamimi / Hassan Ali "Abu Kareem"
  al-Tamimi; Tamimi / Hassan Ali al-Tamimi). Particles (al-, Abu, bin)
  are not name words, so sharing one never links two people, and a short
  name that fits several people is left alone;
- for organisations, the fuzzy similarity of the keys reaches
  ``FUZZY_THRESHOLD`` (see there for how it was chosen).
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from rapidfuzz import fuzz

from newsfacts.entities.lexicon import name_words
from newsfacts.model import Mention
from newsfacts.names import name_key, skeleton, slug

# Merge threshold for organisation names (rapidfuzz token_sort_ratio of the
# name keys, 0-100), measured with ``newsfacts.evaluation.entities.
# fuzzy_margin`` on the hand-annotated seed surfaces: spelling variants of
# one entity score 92.3 and up (Houthi/Houthis 92.3, an armed group spelled
# with o or i 93.8, Mobilisation/Mobilization Forces 96.3), while the closest
# two different entities score 77.4 (Islamic Resistance/Islamic State;
# Iran/Iraq 75). 90 lies in that gap. Places are left out: the gazetteer
# already gives them canonical names, and short country names sit close
# together (Niger/Nigeria 83).
FUZZY_THRESHOLD = 90
_FUZZY_TYPES = frozenset({"ORG", "FAC"})


@dataclass
class Resolution:
    """Rows of the ``entities`` and ``mentions`` tables, plus the key lookup."""

    entities: list[dict[str, Any]] = field(default_factory=list)
    mentions: list[dict[str, Any]] = field(default_factory=list)
    by_key: dict[tuple[str, str], str] = field(default_factory=dict)

    def entity_id(self, doc_id: str, key: str) -> str | None:
        """The entity a document-level key (``Mention.key``) belongs to."""
        return self.by_key.get((doc_id, key))


@dataclass
class _Group:
    """All mentions whose keys share one spelling-insensitive key."""

    mentions: list[Mention]

    @property
    def entity_type(self) -> str:
        return Counter(m.entity_type for m in self.mentions).most_common(1)[0][0]

    @property
    def keys(self) -> list[str]:
        return [m.key for m in self.mentions]


def resolve_entities(mentions: Iterable[Mention]) -> Resolution:
    """Cluster mentions of all documents into entities; ids are slugs of canonical names."""
    groups = _groups(mentions)
    parent = list(range(len(groups)))

    def find(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    for a, b in _links(groups):
        parent[find(a)] = find(b)
    clusters: dict[int, list[Mention]] = defaultdict(list)
    for i, group in enumerate(groups):
        clusters[find(i)].extend(group.mentions)
    return _resolution(sorted(clusters.values(), key=lambda ms: _canonical(ms)))


def _groups(mentions: Iterable[Mention]) -> list[_Group]:
    by_key: dict[str, list[Mention]] = defaultdict(list)
    for mention in mentions:
        by_key[name_key(mention.key)].append(mention)
    return [_Group(by_key[k]) for k in sorted(by_key)]


def _links(groups: list[_Group]) -> list[tuple[int, int]]:
    """Pairs of groups that denote the same entity (see module docstring)."""
    links: list[tuple[int, int]] = []
    by_frame: dict[tuple[str, str], int] = {}
    for i, group in enumerate(groups):
        frame = (group.entity_type, skeleton(group.keys[0]))
        if frame in by_frame:
            links.append((i, by_frame[frame]))
        else:
            by_frame[frame] = i
    links.extend(_person_links(groups))
    links.extend(_fuzzy_links(groups))
    return links


def _person_links(groups: list[_Group]) -> list[tuple[int, int]]:
    """Link a person's shorter name to the one fuller name that contains it."""
    words = {i: name_words(g.keys[0]) for i, g in enumerate(groups) if g.entity_type == "PERSON"}
    postings: dict[str, set[int]] = defaultdict(set)
    for i, ws in words.items():
        for w in ws:
            postings[w].add(i)
    links = []
    for i, ws in words.items():
        if not ws:
            continue
        wider = set.intersection(*(postings[w] for w in ws)) - {i}
        wider = {j for j in wider if ws < words[j]}
        longest = max(wider, key=lambda j: (len(words[j]), j), default=None)
        if longest is not None and all(words[j] <= words[longest] for j in wider):
            links.append((i, longest))
    return links


def _fuzzy_links(groups: list[_Group]) -> list[tuple[int, int]]:
    """Near-identical organisation names of one type.

    Only names sharing type and first letter are compared, which keeps the
    number of comparisons far below all pairs on a large corpus.
    """
    blocks: dict[tuple[str, str], list[tuple[int, str]]] = defaultdict(list)
    for i, group in enumerate(groups):
        key = name_key(group.keys[0])
        if group.entity_type in _FUZZY_TYPES and key:
            blocks[(group.entity_type, key[0])].append((i, key))
    links = []
    for block in blocks.values():
        for a, (i, key_i) in enumerate(block):
            for j, key_j in block[a + 1 :]:
                if fuzz.token_sort_ratio(key_i, key_j) >= FUZZY_THRESHOLD:
                    links.append((i, j))
    return links


def _canonical(mentions: list[Mention]) -> str:
    """The entity's name: for people the fullest name, otherwise the most used key."""
    counts = Counter(m.key for m in mentions)
    if Counter(m.entity_type for m in mentions).most_common(1)[0][0] == "PERSON":
        return max(counts, key=lambda k: (len(name_words(k)), counts[k], len(k), k))
    return max(counts, key=lambda k: (counts[k], len(k), k))


def _resolution(clusters: list[list[Mention]]) -> Resolution:
    resolution = Resolution()
    used: set[str] = set()
    for mentions in clusters:
        name = _canonical(mentions)
        entity_type = Counter(m.entity_type for m in mentions).most_common(1)[0][0]
        entity_id = _unique(slug(name) or "entity", entity_type, used)
        resolution.entities.append(
            {
                "entity_id": entity_id,
                "name": name,
                "entity_type": entity_type,
                "aliases": sorted({m.surface for m in mentions}),
            }
        )
        for m in sorted(mentions, key=lambda m: (m.doc_id, m.char_start)):
            resolution.by_key[(m.doc_id, m.key)] = entity_id
            resolution.mentions.append(
                {
                    "entity_id": entity_id,
                    "doc_id": m.doc_id,
                    "sentence_idx": m.sentence_idx,
                    "char_start": m.char_start,
                    "char_end": m.char_end,
                    "surface": m.surface,
                }
            )
    resolution.mentions.sort(key=lambda row: (row["doc_id"], row["char_start"]))
    return resolution


def _unique(base: str, entity_type: str, used: set[str]) -> str:
    """Distinct entities sharing a slug (Georgia the state and the country) get a suffix."""
    candidate = base
    if candidate in used:
        candidate = f"{base}-{entity_type.lower()}"
    n = 2
    while candidate in used:
        candidate = f"{base}-{n}"
        n += 1
    used.add(candidate)
    return candidate
