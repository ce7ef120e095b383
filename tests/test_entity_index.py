"""The entity index updated document by document equals a resolution from scratch."""

from __future__ import annotations

import sqlite3
from collections.abc import Sequence
from pathlib import Path
from tempfile import TemporaryDirectory
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from newsfacts.entities.resolve import EntityDelta, EntityIndex
from newsfacts.model import Mention
from newsfacts.stages.cross_document.entities import patched, tables

# (key, usual type): spelling variants (Yahya/Yehia, Mobilization/Mobilisation),
# people with shorter and fuller names (Haddad, Karim Haddad, Karim Yousef
# Haddad), near-identical organisations (Houthi/Houthis), places, and names
# whose ids collide: a name with no letter to slug falls back to the id base
# "entity", which "Entity" has too, and "Entity Org" is the suffixed form.
NAMES = [
    ("Yahya Rasool", "PERSON"),
    ("Yehia Rasool", "PERSON"),
    ("Rasool", "PERSON"),
    ("Karim Haddad", "PERSON"),
    ("Yousef Haddad", "PERSON"),
    ("Karim Yousef Haddad", "PERSON"),
    ("Haddad", "PERSON"),
    ("Hassan Ali al-Tamimi", "PERSON"),
    ("Abu Karim al-Tamimi", "PERSON"),
    ("al-Tamimi", "PERSON"),
    ("Popular Mobilization Forces", "ORG"),
    ("Popular Mobilisation Forces", "ORG"),
    ("Popular Mobilization Force", "ORG"),
    ("Houthis", "ORG"),
    ("Houthi", "ORG"),
    ("Islamic State", "ORG"),
    ("Islamic Resistance", "ORG"),
    ("Iraq", "GPE"),
    ("Iran", "GPE"),
    ("al-Qaim", "GPE"),
    ("Al Qaim", "GPE"),
    ("Entity", "ORG"),
    ("Entity Org", "ORG"),
    ("Entity 2", "ORG"),
    ("محمد", "ORG"),
]
# None keeps the name's usual type; the others let a type flip with the majority.
TYPES = [None, None, None, "PERSON", "ORG", "GPE"]

Doc = list[tuple[int, int, str | None]]
doc_strategy = st.lists(
    st.tuples(st.integers(0, len(NAMES) - 1), st.integers(0, 2), st.sampled_from(TYPES)),
    min_size=1,
    max_size=6,
)
step_strategy = st.one_of(
    st.tuples(st.just("add"), st.just(0), doc_strategy),
    st.tuples(st.just("remove"), st.integers(0, 20), st.just([])),
    st.tuples(st.just("change"), st.integers(0, 20), doc_strategy),
    st.tuples(st.just("reopen"), st.just(0), st.just([])),
)


def mentions(doc_id: str, spec: Doc) -> list[Mention]:
    """One mention per (name, surface form, type): the key, its capitals, or its last word."""
    found = []
    for i, (name, form, entity_type) in enumerate(spec):
        key, usual = NAMES[name]
        surface = (key, key.upper(), key.split()[-1])[form]
        found.append(
            Mention(doc_id, i, 10 * i, 10 * i + len(surface), surface, entity_type or usual, key)
        )
    return found


def fresh(all_mentions: Sequence[Mention]) -> tuple[list[dict[str, Any]], dict[str, Any]]:
    with EntityIndex(":memory:") as index:
        index.apply(all_mentions, [])
        return index.entities(), index.mapping()


class Follower:
    """Tables kept up to date from deltas alone, as a downstream consumer would (the
    build does the same on polars frames: ``patched``)."""

    def __init__(self) -> None:
        self.entities: dict[str, dict[str, Any]] = {}
        self.mapping: dict[str, tuple[str, str]] = {}

    def follow(self, delta: EntityDelta) -> None:
        for key, ref in delta.keys.items():
            if ref is None:
                del self.mapping[key]
            else:
                self.mapping[key] = ref
        for entity_id in delta.removed:
            del self.entities[entity_id]
        self.entities |= {row["entity_id"]: row for row in delta.upserted}


@settings(max_examples=60, deadline=None)
@given(st.lists(step_strategy, min_size=1, max_size=8))
def test_updates_equal_a_fresh_resolution(steps: list[tuple[str, int, Doc]]) -> None:
    docs: dict[str, list[Mention]] = {}
    follower = Follower()
    with TemporaryDirectory() as tmp:
        path = Path(tmp) / "entities.sqlite"
        index = EntityIndex(path)
        frames = tables(index)
        for n, (action, pick, spec) in enumerate(steps):
            generation = index.generation()
            if action == "reopen":
                index.close()
                index = EntityIndex(path)
                assert index.generation() == generation
                continue
            doc_id = f"doc{n}" if action == "add" or not docs else sorted(docs)[pick % len(docs)]
            old = docs.pop(doc_id, [])
            if action != "remove":
                docs[doc_id] = mentions(doc_id, spec)
            delta = index.apply(docs.get(doc_id, []), old)
            assert index.generation() not in (None, generation)
            follower.follow(delta)
            frames = patched(*frames, delta)
            entities, mapping = fresh([m for ms in docs.values() for m in ms])
            assert index.entities() == entities
            assert index.mapping() == mapping
            assert sorted(follower.entities.values(), key=lambda r: r["entity_id"]) == entities
            assert follower.mapping == mapping
            assert all(a.equals(b) for a, b in zip(frames, tables(index), strict=True))
        index.close()


def doc(doc_id: str, *names: str, entity_type: str = "PERSON") -> list[Mention]:
    return [Mention(doc_id, 0, 0, len(n), n, entity_type, n) for n in names]


def test_removing_the_fuller_name_splits_the_entity() -> None:
    with EntityIndex(":memory:") as index:
        index.apply(doc("a", "Karim Haddad") + doc("b", "Karim Yousef Haddad"), [])
        index.apply(doc("c", "Yousef Haddad"), [])
        assert set(index.mapping().values()) == {("karim-yousef-haddad", "Karim Yousef Haddad")}
        delta = index.apply([], doc("b", "Karim Yousef Haddad"))
    assert delta.keys == {
        "karim haddad": ("karim-haddad", "Karim Haddad"),
        "karim yousef haddad": None,
        "yousef haddad": ("yousef-haddad", "Yousef Haddad"),
    }
    assert delta.removed == ["karim-yousef-haddad"]
    assert [row["entity_id"] for row in delta.upserted] == ["karim-haddad", "yousef-haddad"]


def test_a_new_fuller_name_links_the_surname_two_people_shared() -> None:
    with EntityIndex(":memory:") as index:
        index.apply(doc("a", "Karim Haddad", "Yousef Haddad") + doc("b", "Haddad"), [])
        assert index.entity("haddad") == ("haddad", "Haddad")
        delta = index.apply(doc("c", "Karim Yousef Haddad"), [])
        assert index.entity("haddad") == ("karim-yousef-haddad", "Karim Yousef Haddad")
    assert sorted(delta.keys) == ["haddad", "karim haddad", "karim yousef haddad", "yousef haddad"]
    assert sorted(delta.removed) == ["haddad", "karim-haddad", "yousef-haddad"]


def test_colliding_ids_are_reassigned_as_entities_come_and_go() -> None:
    arabic = doc("a", "محمد", entity_type="ORG")
    plain = doc("b", "Entity", entity_type="ORG")
    suffixed = doc("c", "Entity Org", entity_type="ORG")
    with EntityIndex(":memory:") as index:
        index.apply(arabic + plain + suffixed, [])
        assert index.entity("") == ("entity-2", "محمد")
        assert index.entity("entity org") == ("entity-org", "Entity Org")
        assert index.apply([], suffixed).keys == {
            "": ("entity-org", "محمد"),
            "entity org": None,
        }
        delta = index.apply([], plain)
        assert index.entities() == [
            {"entity_id": "entity", "name": "محمد", "entity_type": "ORG", "aliases": ["محمد"]}
        ]
    assert delta.keys == {"": ("entity", "محمد"), "entity": None}
    assert delta.removed == ["entity-org"]


def test_the_index_persists_in_its_file(tmp_path: Path) -> None:
    path = tmp_path / "entities.sqlite"
    with EntityIndex(path) as index:
        index.apply(doc("a", "Yahya Rasool") + doc("b", "Rasool"), [])
        before = index.entities(), index.mapping()
    with EntityIndex(path) as index:
        assert (index.entities(), index.mapping()) == before
        index.apply(doc("c", "Yehia Rasool"), [])
        assert (
            index.entity("yehia rasool") == index.entity("yahya rasool") == index.entity("rasool")
        )


def test_removing_what_was_never_added_changes_nothing(tmp_path: Path) -> None:
    with EntityIndex(tmp_path / "entities.sqlite") as index:
        index.apply(doc("a", "Iraq", entity_type="GPE"), [])
        before = index.entities(), index.mapping()
        with pytest.raises(ValueError, match="never added"):
            index.apply(doc("b", "Iran", entity_type="GPE"), doc("b", "Iraq", "Iraq"))
        assert (index.entities(), index.mapping()) == before


def test_a_file_of_another_layout_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "entities.sqlite"
    with sqlite3.connect(path) as db:
        db.execute("PRAGMA user_version = 99")
    with pytest.raises(ValueError, match="schema 99"):
        EntityIndex(path)
