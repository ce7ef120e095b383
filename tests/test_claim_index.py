"""The claim index: applied in increments, it gives the table grouping from scratch gives."""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from newsfacts.claims import ClaimIndex, DocumentFigures, group_figure_claims
from newsfacts.schemas import FigureClaims, frame
from tests.index_steps import check_parts, replay
from tests.table_builders import articles_frame

DOCS = [f"{n:02x}" * 8 for n in range(1, 9)]
PUBLISHED = date(2024, 3, 4)


def figure(doc_id: str, n: int, value: float, **extra: Any) -> dict[str, Any]:
    row = {
        "figure_id": f"{doc_id}-f{n}",
        "doc_id": doc_id,
        "sentence_idx": n,
        "char_start": 0,
        "char_end": 1,
        "surface": "x",
        "value": value,
        "value_min": value,
        "value_max": value,
        "qualifier": "exact",
        "quantity_noun": "troops",
        "category": "troops",
        "location_name": "Iraq",
    }
    return {**row, **extra}


def document(
    doc_id: str, rows: list[dict[str, Any]], published: date | None, stories: dict[str, str]
) -> DocumentFigures:
    source = DOCS[0] if doc_id == DOCS[7] else doc_id  # the last document copies the first
    return DocumentFigures(doc_id, source, published, frame("figures", rows).to_dicts(), stories)


def fresh(documents: dict[str, DocumentFigures]) -> ClaimIndex:
    index = ClaimIndex(":memory:")
    index.apply(documents, ())
    return index


said = st.fixed_dictionaries(
    {
        "value": st.sampled_from([4.0, 9.0, 2500.0]),
        "quantity": st.sampled_from(
            [("killed", "soldiers"), ("killed", "troops"), ("troops", "troops")]
        ),
        "location_name": st.sampled_from([None, "Tessaly", "the Tessaly", "Morrow"]),
        "story": st.none() | st.sampled_from(["s-a", "s-b"]),
    }
)
versions = st.tuples(
    st.lists(said, max_size=4),
    st.none() | st.integers(0, 60).map(lambda days: PUBLISHED + timedelta(days=days)),
)
updates = st.lists(st.tuples(st.integers(0, 7), st.none() | versions), min_size=1, max_size=3)


def build(doc_id: str, version: tuple[list[dict[str, Any]], date | None]) -> DocumentFigures:
    figures, published = version
    rows, stories = [], {}
    for n, attributes in enumerate(figures, start=1):
        category, noun = attributes["quantity"]
        event_id = f"{doc_id}-e{n}"
        if attributes["story"] is not None:
            stories[event_id] = attributes["story"]
        rows.append(
            figure(
                doc_id,
                n,
                attributes["value"],
                category=category,
                quantity_noun=noun,
                location_name=attributes["location_name"],
                event_id=event_id,
            )
        )
    return document(doc_id, rows, published, stories)


@settings(max_examples=60, deadline=None)
@given(st.lists(updates, min_size=1, max_size=6))
def test_increments_give_the_table_from_scratch(steps: list[Any]) -> None:
    index = ClaimIndex(":memory:")

    def check(current: dict[str, DocumentFigures], table: dict[str, dict[str, Any]]) -> None:
        expected = fresh(current).rows()
        assert index.rows().equals(expected)
        assert sorted(table) == sorted(expected["claim_id"])
        check_parts(index, fresh(current), "claim_id")
        assert index.documents() == {doc_id for doc_id, doc in current.items() if doc.figures}

    documents = [
        [(DOCS[n], None if version is None else build(DOCS[n], version)) for n, version in step]
        for step in steps
    ]
    replay(index, documents, "claim_id", check)


def test_a_fresh_index_is_group_figure_claims() -> None:
    rows = [
        figure(DOCS[0], 1, 2500, event_id=f"{DOCS[0]}-e1"),
        figure(DOCS[1], 1, 2500, location_name="iraq"),
        figure(DOCS[2], 1, 4, category="killed", quantity_noun="soldiers", location_name=None),
    ]
    stories = frame("story_events", [])
    table = group_figure_claims(
        frame("figures", rows),
        articles_frame(DOCS[:3], dict.fromkeys(DOCS[:3], PUBLISHED)),
        stories,
    )
    FigureClaims.validate(table)
    documents = {
        doc_id: document(doc_id, [row for row in rows if row["doc_id"] == doc_id], PUBLISHED, {})
        for doc_id in DOCS[:3]
    }
    assert table.equals(fresh(documents).rows())
    assert sorted(table["n_docs"]) == [1, 2]


def test_the_index_survives_reopening_its_file(tmp_path: Path) -> None:
    path = tmp_path / "claims.sqlite"
    first = {doc: document(doc, [figure(doc, 1, 900)], PUBLISHED, {}) for doc in DOCS[:3]}
    index = ClaimIndex(path)
    index.apply(first, ())
    index.close()
    reopened = ClaimIndex(path)
    assert reopened.documents() == set(DOCS[:3])
    later = {DOCS[3]: document(DOCS[3], [figure(DOCS[3], 1, 950)], PUBLISHED, {})}
    delta = reopened.apply(later, [DOCS[0]])
    (claim,) = delta.upserted
    assert claim["n_docs"] == 3 and claim["consistent"] is False
    del first[DOCS[0]]
    assert reopened.rows().equals(fresh({**first, **later}).rows())
    reopened.close()
    assert ClaimIndex(path, version="other code").documents() == set()


def test_a_story_joining_two_places_regroups_only_their_quantity() -> None:
    killed = {"category": "killed", "quantity_noun": "people"}
    a = [figure(DOCS[0], 1, 6, location_name="Kessa", event_id="e-a", **killed)]
    b = [figure(DOCS[1], 1, 8, location_name="the old market", event_id="e-b", **killed)]
    troops = [figure(DOCS[2], 1, 900)]
    index = ClaimIndex(":memory:")
    index.apply(
        {
            DOCS[0]: document(DOCS[0], a, PUBLISHED, {}),
            DOCS[1]: document(DOCS[1], b, PUBLISHED, {}),
            DOCS[2]: document(DOCS[2], troops, PUBLISHED, {}),
        },
        (),
    )
    assert len(index.rows()) == 3
    delta = index.apply(
        {
            DOCS[0]: document(DOCS[0], a, PUBLISHED, {"e-a": "s-1"}),
            DOCS[1]: document(DOCS[1], b, PUBLISHED, {"e-b": "s-1"}),
        },
        (),
    )
    (claim,) = delta.upserted
    assert claim["n_docs"] == 2 and claim["consistent"] is False
    assert len(delta.removed) == 2 and len(index.rows()) == 2
