"""Cross-document entity resolution: one entity, many spellings.

Mentions arrive keyed per document (``Mention.key``). Keys are grouped by
their spelling-insensitive key, then groups are merged when

- their vowel-insensitive skeletons agree and the types agree (Mahmud Haddad
  / Mahmoud Haddad, Ansar Allah / Ansarullah);
- for people, the name words of one are all among the name words of exactly
  one other person (Abu Karim al-Tamimi / Hassan Ali "Abu Kareem"
  al-Tamimi; Tamimi / Hassan Ali al-Tamimi). Particles (al-, Abu, bin)
  are not name words, so sharing one never links two people, and a short
  name that fits several people is left alone;
- for organisations, the fuzzy similarity of the keys reaches
  ``FUZZY_THRESHOLD`` (see there for how it was chosen).

Merged groups (connected components) are entities, named and identified by
the slug of their name.

``EntityIndex`` keeps this resolution up to date as documents come and go,
at a cost proportional to what they touch: a group is re-linked only when its
type changes (or, for a person, when a fuller name containing its words
appears or goes), an entity is re-derived only when one of its groups
changed, and ids are re-assigned only among entities sharing an id base.
``resolve_entities`` is a fresh in-memory index with every mention applied,
so there is one algorithm, and an index updated step by step equals the one
built at once.

Nothing depends on the order mentions arrive in; where a rule needs a tie
broken, the tie goes by name:

- the type of a group or entity is its most frequent mention type, ties to
  the alphabetically first type;
- a group's skeleton and name words depend on its name key only, whichever
  key written that way is at hand;
- a short person name whose fuller names are equally long and all within
  one links to the one with the greatest name key;
- an entity's root (its key in the index) is its smallest name key;
- entities sharing an id base (in practice only the fallback ``entity`` for
  names without a letter or digit: two names with one slug have one name key)
  take ids in the order of (name, type, root): the base, then
  ``<base>-<type>``, then ``<base>-2``, ``<base>-3``...; a suffixed id is
  never the base of another entity, which keeps its plain slug.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Callable, Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from itertools import chain, count
from pathlib import Path
from types import TracebackType
from typing import Any

from rapidfuzz import fuzz, process

from newsfacts.entities.index_store import Cluster, Group, IndexStore
from newsfacts.entities.lexicon import name_words
from newsfacts.model import Mention
from newsfacts.names import name_key, skeleton, slug

# Merge threshold for organisation names (rapidfuzz token_sort_ratio of the
# name keys, 0-100), measured with ``newsfacts.evaluation.entities.
# fuzzy_margin`` on the hand-annotated seed surfaces: spelling variants of
# one entity score 92.3 and up (a plural form, one vowel or s/z changed), while
# the closest two different entities score 77.4 (two names sharing their first
# words; two country names a letter apart score 75). 90 lies in that gap.
# Places are left out: the gazetteer already gives them canonical names, and
# short country names sit close together (Niger/Nigeria 83).
FUZZY_THRESHOLD = 90
_FUZZY_TYPES = frozenset({"ORG", "FAC"})
# Id base of an entity whose name has no letter or digit to slug.
_FALLBACK_BASE = "entity"

# An entity as the rest of the pipeline sees a name key: (entity_id, name).
EntityRef = tuple[str, str]
# A group's type before and after an update; None where it has no mentions.
_Retyping = tuple[str | None, str | None]


@dataclass
class Resolution:
    """Rows of the ``entities`` and ``mentions`` tables, plus the key lookup."""

    entities: list[dict[str, Any]] = field(default_factory=list)
    mentions: list[dict[str, Any]] = field(default_factory=list)
    by_key: dict[tuple[str, str], str] = field(default_factory=dict)

    def entity_id(self, doc_id: str, key: str) -> str | None:
        """The entity a document-level key (``Mention.key``) belongs to."""
        return self.by_key.get((doc_id, key))


@dataclass(frozen=True)
class EntityDelta:
    """What one ``EntityIndex.apply`` changed, so tables downstream can follow.

    ``keys`` holds every name key whose entity id or entity name changed,
    with its new ``(entity_id, name)``, or None when no mention has it any
    more; ``upserted`` the new or changed ``entities`` rows; ``removed`` the
    entity ids that no longer exist.
    """

    keys: dict[str, EntityRef | None]
    upserted: list[dict[str, Any]]
    removed: list[str]


class EntityIndex:
    """Entities of all mentions applied so far, kept in a SQLite file (or ``":memory:"``)."""

    def __init__(self, path: str | Path) -> None:
        self._store = IndexStore(path)

    def __enter__(self) -> EntityIndex:
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()

    def close(self) -> None:
        self._store.close()

    def apply(self, added: Iterable[Mention], removed: Iterable[Mention]) -> EntityDelta:
        """Add the mentions of new or changed documents, remove the previous ones.

        ``removed`` must be mentions applied before (a changed document's old
        mentions, exactly as they were added); removing more raises
        ``ValueError`` and leaves the index unchanged.
        """
        batch = _Batch.of(added, removed)
        with self._store.transaction():
            return _update(self._store, batch)

    def replace_documents(
        self, documents: Mapping[str, tuple[str, Sequence[Mention]] | None]
    ) -> EntityDelta:
        """Set each document's mentions (``(digest, mentions)``), or remove it (None).

        The index remembers what every document contributed, so a changed or
        removed document is given by its id alone; bookkeeping and entities
        change in one transaction.
        """
        with self._store.transaction():
            removed = [
                Mention(doc_id, 0, 0, 0, surface, entity_type, key)
                for doc_id, key, entity_type, surface in self._store.document_mentions(
                    list(documents)
                )
            ]
            added = [m for item in documents.values() if item for m in item[1]]
            self._store.drop_documents(list(documents))
            self._store.put_documents(
                {doc: item[0] for doc, item in documents.items() if item},
                [(m.doc_id, m.key, m.entity_type, m.surface) for m in added],
            )
            return _update(self._store, _Batch.of(added, removed))

    def documents(self) -> dict[str, str]:
        """doc_id -> the digest given with its mentions (see ``replace_documents``)."""
        return self._store.documents()

    def generation(self) -> str | None:
        """A token that changes with every update: tables derived from the index and
        labelled with it can be patched with the next update's delta."""
        return self._store.generation()

    def entity(self, key: str) -> EntityRef | None:
        """``(entity_id, name)`` of a name key (``name_key(mention.key)``), if it has mentions."""
        return self._store.entities_of([key]).get(key)

    def entities(self) -> list[dict[str, Any]]:
        """Rows of the ``entities`` table, by entity id."""
        return [_row(c) for c in self._store.all_clusters()]

    def mapping(self) -> dict[str, EntityRef]:
        """``(entity_id, name)`` of every name key."""
        return self._store.mapping()


def resolve_entities(mentions: Iterable[Mention]) -> Resolution:
    """Cluster mentions of all documents into entities: a fresh index with all of them applied."""
    mentions = list(mentions)
    with EntityIndex(":memory:") as index:
        index.apply(mentions, [])
        resolution = Resolution(entities=index.entities())
        mapping = index.mapping()
    name_keys = {key: name_key(key) for key in {m.key for m in mentions}}
    for m in sorted(mentions, key=lambda m: (m.doc_id, m.char_start, m.char_end)):
        entity_id, _ = mapping[name_keys[m.key]]
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
    return resolution


@dataclass
class _Batch:
    """One ``apply`` call as signed counts per (name key, field, value).

    ``written`` keeps one key per name key: any will do, since a group's
    skeleton and name words depend on its name key only.
    """

    counts: dict[tuple[str, str, str], int]
    written: dict[str, str]
    _words: dict[str, frozenset[str]] = field(default_factory=dict)

    @classmethod
    def of(cls, added: Iterable[Mention], removed: Iterable[Mention]) -> _Batch:
        counts: Counter[tuple[str, str, str]] = Counter()
        name_keys: dict[str, str] = {}
        for sign, mentions in ((1, added), (-1, removed)):
            for m in mentions:
                if m.key not in name_keys:
                    name_keys[m.key] = name_key(m.key)
                for fact in (("type", m.entity_type), ("key", m.key), ("surface", m.surface)):
                    counts[(name_keys[m.key], *fact)] += sign
        changed = {fact: n for fact, n in counts.items() if n}
        touched = {fact[0] for fact in changed}
        return cls(changed, {g: k for k, g in name_keys.items() if g in touched})

    @property
    def touched(self) -> set[str]:
        return set(self.written)

    def words(self, key: str) -> frozenset[str]:
        """A group's name words, worked out once: retyping and re-linking both need them."""
        if key not in self._words:
            self._words[key] = name_words(self.written[key])
        return self._words[key]

    def group(self, key: str, entity_type: str) -> Group:
        """The group as stored; only people's name words are used, so only theirs are kept."""
        words = self.words(key) if entity_type == "PERSON" else frozenset()
        return Group(key, entity_type, skeleton(self.written[key]), words)


def _update(store: IndexStore, batch: _Batch) -> EntityDelta:
    """The steps of one ``apply``, each limited to what the previous ones changed.

    The entities to re-derive are the components reached from the touched and
    re-linked groups and from the other groups of their old entities (one of
    which may have split); any old entity those components absorbed is
    replaced too.
    """
    before = store.states(batch.touched)
    retyped = _retype(store, batch, before)
    relinked = _relink_people(store, batch, retyped)
    _relink_fuzzy(store, retyped)
    old_roots = _roots(before) | _roots(store.states(relinked))
    gone = {key for key, (_, now) in retyped.items() if now is None}
    seeds = (store.members(old_roots).keys() | batch.touched | relinked) - gone
    components = _components(store, seeds)
    old_roots |= _roots(store.states([key for c in components for key in c]))
    old = _Snapshot.of(store, old_roots, before)
    clusters = _clusters(store, components)
    store.replace_clusters(old_roots, clusters, {key: c[0] for c in components for key in c})
    renamed = _assign_ids(store, {c.base for c in chain(old.clusters.values(), clusters)})
    new_roots = {c.root for c in clusters}
    old.add_renamed(store, renamed.keys() - new_roots, renamed)
    store.new_generation()
    return old.delta(store, new_roots | renamed.keys())


def _roots(states: Mapping[str, tuple[str, str | None]]) -> set[str]:
    """The clusters these groups belong to (a group just stored afresh has none yet)."""
    return {root for _, root in states.values() if root is not None}


def _retype(
    store: IndexStore, batch: _Batch, before: Mapping[str, tuple[str, str | None]]
) -> dict[str, _Retyping]:
    """Apply the counts; (old type, new type) of every group whose type changed.

    A group without mentions has type None. Groups whose type changed are
    stored afresh: their links are recomputed by the next steps.
    """
    store.add_counts(batch.counts)
    types = {
        key: _majority(Counter({v: n for f, v, n in rows if f == "type"}))
        for key, rows in store.counts(batch.touched).items()
    }
    retyped = {
        key: (before[key][0] if key in before else None, types.get(key))
        for key in sorted(batch.touched)
    }
    retyped = {key: pair for key, pair in retyped.items() if pair[0] != pair[1]}
    store.drop_groups([key for key, (old, _) in retyped.items() if old])
    store.put_groups(batch.group(key, new) for key, (_, new) in retyped.items() if new)
    return retyped


def _relink_people(store: IndexStore, batch: _Batch, retyped: Mapping[str, _Retyping]) -> set[str]:
    """Recompute the fuller-name link of every person a retyped person can affect.

    A person's link depends on the people whose name words strictly contain
    its own, so besides the retyped people themselves, the people whose words
    are a strict subset of a retyped person's words are affected. All of them,
    and all their fuller names, share a word with a retyped person: loading
    the people with those words is enough. Returns the groups whose link
    changed.
    """
    changed = {key: batch.words(key) for key, types in retyped.items() if "PERSON" in types}
    people = store.people_with_words(set().union(*changed.values()))
    postings, changed_postings = _postings(people), _postings(changed)
    affected = {
        key
        for key, words in people.items()
        if retyped.get(key, (None, None))[1] == "PERSON"
        or any(changed[j] > words for j in _containing(changed_postings, words))
    }
    targets = {
        key: _person_target(
            {j: people[j] for j in _containing(postings, people[key]) if people[j] > people[key]}
        )
        for key in affected
    }
    current = store.person_targets(targets)
    relinked = {key: t for key, t in targets.items() if current.get(key) != t}
    store.set_person_targets(relinked)
    return set(relinked)


def _postings(words_of: Mapping[str, frozenset[str]]) -> dict[str, set[str]]:
    """Which names have each word."""
    postings: dict[str, set[str]] = defaultdict(set)
    for key, words in words_of.items():
        for word in words:
            postings[word].add(key)
    return postings


def _containing(postings: Mapping[str, set[str]], words: frozenset[str]) -> set[str]:
    """The names having all of (non-empty) ``words``."""
    return set.intersection(*(postings.get(w, set()) for w in words))


def _person_target(wider: Mapping[str, frozenset[str]]) -> str | None:
    """The longest of a person's fuller names, if it contains all the others."""
    longest = max(wider, key=lambda k: (len(wider[k]), k), default=None)
    if longest is None or not all(w <= wider[longest] for w in wider.values()):
        return None
    return longest


def _relink_fuzzy(store: IndexStore, retyped: Mapping[str, _Retyping]) -> None:
    """Link each retyped organisation to the near-identical names of its block.

    A block is one type and one first character: comparing only within it
    keeps the work per name far below the number of names.
    """
    blocks: dict[tuple[str, str], list[str]] = {}
    for key, (_, entity_type) in retyped.items():
        if entity_type in _FUZZY_TYPES and key:
            block = blocks.get((entity_type, key[0]))
            if block is None:
                block = blocks[(entity_type, key[0])] = store.block(entity_type, key[0])
            matches = process.extract(
                key, block, scorer=fuzz.token_sort_ratio, score_cutoff=FUZZY_THRESHOLD, limit=None
            )
            store.add_fuzzy_links(key, (other for other, _, _ in matches if other != key))


def _components(store: IndexStore, seeds: Collection[str]) -> list[list[str]]:
    """The connected components containing ``seeds``, each sorted by name key.

    The graph is explored breadth-first, one query per frontier.
    """
    neighbours: dict[str, set[str]] = {key: set() for key in seeds}
    frontier = set(seeds)
    while frontier:
        edges = store.edges(frontier)
        frontier = {b for _, b in edges if b not in neighbours}
        for a, b in edges:
            neighbours[a].add(b)
            neighbours.setdefault(b, set()).add(a)
    components = []
    seen: set[str] = set()
    for start in sorted(neighbours):
        if start not in seen:
            component, stack = {start}, [start]
            while stack:
                new = neighbours[stack.pop()] - component
                component |= new
                stack.extend(new)
            seen |= component
            components.append(sorted(component))
    return components


def _clusters(store: IndexStore, components: list[list[str]]) -> list[Cluster]:
    """The entity row of each component (ids are assigned afterwards)."""
    keys = [key for component in components for key in component]
    counts = store.counts(keys)
    n_words = store.n_words(keys)
    return [_cluster(component, counts, n_words) for component in components]


def _cluster(
    component: list[str],
    counts: Mapping[str, list[tuple[str, str, int]]],
    n_words: Mapping[str, int],
) -> Cluster:
    facts: dict[str, Counter[str]] = defaultdict(Counter)
    words: dict[str, int] = {}
    for key in component:
        for fact, value, n in counts[key]:
            facts[fact][value] += n
            if fact == "key":
                words[value] = n_words[key]
    entity_type = _majority(facts["type"])
    name = _canonical(facts["key"], words, entity_type)
    aliases = tuple(sorted(facts["surface"]))
    return Cluster(component[0], name, entity_type, aliases, slug(name) or _FALLBACK_BASE, None)


def _majority(types: Counter[str]) -> str:
    """The most frequent type, ties to the alphabetically first."""
    return min(types, key=lambda t: (-types[t], t))


def _canonical(keys: Counter[str], n_words: Mapping[str, int], entity_type: str) -> str:
    """The entity's name: for people the fullest name, otherwise the most used key."""
    if entity_type == "PERSON":
        return max(keys, key=lambda k: (n_words[k], keys[k], len(k), k))
    return max(keys, key=lambda k: (keys[k], len(k), k))


def _assign_ids(store: IndexStore, bases: set[str]) -> dict[str, str | None]:
    """Ids of the entities of ``bases``; the old id of each entity whose id changed.

    A base's ids depend on its entities and on which of its suffixed forms are
    other bases, so a base that is such a form (``georgia-org``, ``x-2``) also
    re-assigns the base it extends.
    """
    bases = bases | {base.rsplit("-", 1)[0] for base in bases if "-" in base}
    by_base: dict[str, list[Cluster]] = defaultdict(list)
    for cluster in store.clusters_with_bases(bases):
        by_base[cluster.base].append(cluster)
    ids: dict[str, str] = {}
    for base, clusters in by_base.items():
        clusters.sort(key=lambda c: (c.name, c.entity_type, c.root))
        ids |= _ids(base, clusters, store.has_base)
    clusters = [c for cs in by_base.values() for c in cs]
    renamed = {c.root: c.entity_id for c in clusters if ids[c.root] != c.entity_id}
    store.set_entity_ids({root: ids[root] for root in renamed})
    return renamed


def _ids(base: str, clusters: list[Cluster], is_base: Callable[[str], bool]) -> dict[str, str]:
    """Ids for entities sharing a base, in order: the base, ``<base>-<type>``, ``<base>-<n>``."""
    ids: dict[str, str] = {}
    for cluster in clusters:
        suffixed = (f"{base}-{n}" for n in count(2))
        candidates = chain([base, f"{base}-{cluster.entity_type.lower()}"], suffixed)
        ids[cluster.root] = next(
            c for c in candidates if c not in ids.values() and (c == base or not is_base(c))
        )
    return ids


@dataclass
class _Snapshot:
    """The entities an update may change, as they were before it."""

    clusters: dict[str, Cluster]
    refs: dict[str, EntityRef]

    @classmethod
    def of(
        cls, store: IndexStore, roots: set[str], before: Mapping[str, tuple[str, str | None]]
    ) -> _Snapshot:
        clusters = store.clusters(roots)
        roots_of = store.members(roots)
        roots_of |= {key: root for key, (_, root) in before.items() if root is not None}
        return cls(clusters, {key: _ref(clusters[root]) for key, root in roots_of.items()})

    def add_renamed(
        self, store: IndexStore, roots: Collection[str], old_ids: Mapping[str, str | None]
    ) -> None:
        """Entities outside the update whose id changed: record them under their old id."""
        for root, cluster in store.clusters(roots).items():
            self.clusters[root] = cluster._replace(entity_id=old_ids[root])
        for key, root in store.members(roots).items():
            self.refs[key] = _ref(self.clusters[root])

    def delta(self, store: IndexStore, roots: set[str]) -> EntityDelta:
        """The difference between this snapshot and the entities now stored at ``roots``."""
        now = store.entities_of(self.refs.keys() | store.members(roots).keys())
        keys = {
            k: now.get(k) for k in self.refs.keys() | now.keys() if now.get(k) != self.refs.get(k)
        }
        old_rows = {row["entity_id"]: row for row in map(_row, self.clusters.values())}
        new_rows = {row["entity_id"]: row for row in map(_row, store.clusters(roots).values())}
        upserted = [row for i, row in sorted(new_rows.items()) if old_rows.get(i) != row]
        return EntityDelta(
            dict(sorted(keys.items())), upserted, sorted(old_rows.keys() - new_rows.keys())
        )


def _ref(cluster: Cluster) -> EntityRef:
    """How a stored entity (which always has its id by the end of an update) is referred to."""
    assert cluster.entity_id is not None
    return (cluster.entity_id, cluster.name)


def _row(cluster: Cluster) -> dict[str, Any]:
    return {
        "entity_id": cluster.entity_id,
        "name": cluster.name,
        "entity_type": cluster.entity_type,
        "aliases": list(cluster.aliases),
    }
