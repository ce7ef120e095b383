"""Figure claims: grouping across documents, consistency, and report time."""

from __future__ import annotations

import time
from datetime import date
from typing import Any

import polars as pl
from hypothesis import given
from hypothesis import strategies as st

from newsfacts.claims import Bounds, bounds_agree, group_figure_claims, noun_class
from newsfacts.schemas import FigureClaims, frame
from tests.table_builders import articles_frame

DOC_A, DOC_B, DOC_C, DOC_D, DOC_E = (c * 16 for c in "abcde")


def articles(dates: dict[str, date], duplicate_of: dict[str, str] | None = None) -> pl.DataFrame:
    return articles_frame(dates, dates, duplicate_of)


def figure(
    doc_id: str, n: int, value: float | None, qualifier: str = "exact", **extra: Any
) -> dict:
    low = high = None
    if qualifier == "exact":
        low = high = value
    elif qualifier in ("more_than", "at_least"):
        low = value
    elif qualifier in ("fewer_than", "at_most", "nearly"):
        high = value
    row = {
        "figure_id": f"{doc_id}-f{n}",
        "doc_id": doc_id,
        "sentence_idx": 0,
        "char_start": 0,
        "char_end": 1,
        "surface": "x",
        "value": value,
        "value_min": low,
        "value_max": high,
        "qualifier": qualifier,
        "quantity_noun": "troops",
        "category": "troops",
        "location_name": "Iraq",
    }
    if "location" in extra:  # figures name their place as written
        extra["location_name"] = extra.pop("location")
    row.update(extra)
    return row


def claims(rows: list[dict], dates: dict[str, date], **kwargs: Any) -> list[dict]:
    table = group_figure_claims(frame("figures", rows), articles(dates, **kwargs))
    FigureClaims.validate(table)
    return table.to_dicts()


SAME_WEEK = {DOC_A: date(2024, 3, 4), DOC_B: date(2024, 3, 5), DOC_C: date(2024, 3, 6)}


def test_same_number_in_three_outlets_is_one_consistent_claim() -> None:
    rows = [figure(DOC_A, 1, 1200), figure(DOC_B, 3, 1200), figure(DOC_C, 2, 1200, "approximately")]
    (claim,) = claims(rows, SAME_WEEK)
    assert claim["n_docs"] == 3
    assert claim["consistent"] is True
    assert claim["value_min"] == claim["value_max"] == 1200
    assert claim["claim_id"].startswith("c-")


def test_disagreeing_tolls_in_the_same_week_are_contested() -> None:
    rows = [
        figure(DOC_A, 1, 12, category="killed", quantity_noun="civilians", location="Taldor"),
        figure(DOC_B, 1, 19, category="killed", quantity_noun="civilians", location="Taldor"),
    ]
    (claim,) = claims(rows, SAME_WEEK)
    assert claim["consistent"] is False
    assert (claim["value_min"], claim["value_max"]) == (12, 19)


def test_lower_bound_agrees_with_a_larger_exact_count() -> None:
    rows = [
        figure(DOC_A, 1, 30, "at_least", category="injured", quantity_noun="people"),
        figure(DOC_B, 1, 34, category="injured", quantity_noun="people"),
    ]
    (claim,) = claims(rows, SAME_WEEK)
    assert claim["consistent"] is True


def test_more_than_excludes_its_own_number() -> None:
    rows = [
        figure(DOC_A, 1, 50, "more_than", category="killed", quantity_noun="fighters"),
        figure(DOC_B, 1, 50, category="killed", quantity_noun="militants"),
    ]
    (claim,) = claims(rows, SAME_WEEK)
    assert claim["consistent"] is False


def test_running_count_reported_weeks_apart_is_two_claims_not_a_contradiction() -> None:
    dates = {DOC_A: date(2023, 11, 20), DOC_B: date(2023, 12, 28)}
    rows = [
        figure(DOC_A, 1, 60, "more_than", category="attacks", quantity_noun="attacks"),
        figure(DOC_B, 1, 95, "more_than", category="attacks", quantity_noun="attacks"),
    ]
    result = claims(rows, dates)
    assert len(result) == 2
    assert all(claim["consistent"] and claim["n_docs"] == 1 for claim in result)


def test_same_number_restated_a_month_later_stays_one_claim() -> None:
    dates = {DOC_A: date(2024, 5, 2), DOC_B: date(2024, 5, 3), DOC_C: date(2024, 6, 10)}
    rows = [figure(DOC_A, 1, 800), figure(DOC_B, 1, 800), figure(DOC_C, 4, 800, "approximately")]
    (claim,) = claims(rows, dates)
    assert claim["n_docs"] == 3 and claim["consistent"]


def test_different_places_nouns_and_categories_are_different_claims() -> None:
    rows = [
        figure(DOC_A, 1, 900, location="Syria"),
        figure(DOC_A, 2, 2500, location="Iraq"),
        figure(DOC_B, 1, 2500, location="iraq"),
        figure(DOC_B, 2, 85, category="targets", quantity_noun="targets", location=None),
        figure(DOC_B, 3, 7, category="targets", quantity_noun="sites", location=None),
    ]
    result = {
        (c["category"], c["location"], c["quantity_noun"]): c for c in claims(rows, SAME_WEEK)
    }
    assert result[("troops", "Iraq", "troops")]["n_docs"] == 2
    assert result[("troops", "Syria", "troops")]["n_docs"] == 1
    assert len(result) == 4
    assert all(claim["consistent"] for claim in result.values())


def test_synonymous_nouns_meet_and_syndicated_copy_counts_once() -> None:
    rows = [
        figure(DOC_A, 1, 3, category="killed", quantity_noun="soldiers", location="Jordan"),
        figure(DOC_B, 1, 3, category="killed", quantity_noun="service members", location="Jordan"),
        figure(DOC_C, 1, 3, category="killed", quantity_noun="soldiers", location="Jordan"),
    ]
    (claim,) = claims(rows, SAME_WEEK, duplicate_of={DOC_C: DOC_A})
    assert claim["n_docs"] == 2
    assert len(claim["figure_ids"]) == 3


def test_vague_quantities_keep_their_conventional_floor() -> None:
    rows = [
        figure(DOC_A, 1, None, "vague", category="injured", quantity_noun="people", value_min=12),
        figure(DOC_B, 1, 40, category="injured", quantity_noun="people"),
    ]
    (claim,) = claims(rows, SAME_WEEK)
    assert claim["consistent"] is True
    assert (claim["value_min"], claim["value_max"]) == (12, 40)


def test_claim_ids_are_stable_and_order_independent() -> None:
    rows = [figure(DOC_A, 1, 5), figure(DOC_B, 1, 5), figure(DOC_C, 1, 6)]
    first = claims(rows, SAME_WEEK)
    second = claims(list(reversed(rows)), SAME_WEEK)
    assert [c["claim_id"] for c in first] == [c["claim_id"] for c in second]


def test_empty_input_gives_an_empty_valid_table() -> None:
    assert claims([], SAME_WEEK) == []


def test_noun_classes_fold_plurals_and_synonyms() -> None:
    assert noun_class("Soldiers") == noun_class("troops") == noun_class("service members")
    assert noun_class("casualties") == noun_class("casualty")
    assert noun_class("civilians") != noun_class("militants")
    assert noun_class(None) == ""


numbers = st.floats(min_value=0, max_value=1e6, allow_nan=False)


@given(numbers, numbers)
def test_exact_values_agree_only_when_equal(a: float, b: float) -> None:
    assert bounds_agree([Bounds(a, a), Bounds(b, b)]) == (a == b)


@given(st.lists(st.tuples(numbers, numbers), min_size=1, max_size=6), numbers)
def test_bounds_containing_a_common_point_agree(pairs: list[tuple[float, float]], x: float) -> None:
    intervals = [Bounds(min(lo, x), max(hi, x)) for lo, hi in pairs]
    assert bounds_agree(intervals)


def test_undated_report_joins_the_claim_stating_its_number() -> None:
    dates = {DOC_A: date(2024, 1, 5), DOC_B: date(2024, 2, 8), DOC_C: date(2024, 2, 8)}
    rows = [
        figure(DOC_A, 1, 700),
        figure(DOC_B, 1, 650),
        figure(DOC_C, 1, 650),
        figure(DOC_E, 1, 650, "approximately"),
    ]
    result = {claim["value_min"]: claim for claim in claims(rows, dates)}
    assert result[650]["n_docs"] == 3
    assert result[700]["n_docs"] == 1


def test_undated_report_with_a_new_number_stands_alone_as_one_claim() -> None:
    rows = [figure(DOC_A, 1, 700), figure(DOC_E, 1, 90), figure(DOC_E, 2, 90)]
    result = claims(rows, {DOC_A: date(2024, 1, 5)})
    assert sorted(claim["n_docs"] for claim in result) == [1, 1]
    assert sorted(len(claim["figure_ids"]) for claim in result) == [1, 2]


def test_unplaced_figure_joins_the_one_placed_claim_with_its_number() -> None:
    killed = {"category": "killed", "quantity_noun": "soldiers"}
    rows = [
        figure(DOC_A, 1, 4, **killed, location="Tessaly"),
        figure(DOC_B, 1, 4, **killed, location="Tessaly"),
        figure(DOC_C, 1, 4, **killed, location=None),
        figure(DOC_C, 2, 9, **killed, location=None),
    ]
    result = {claim["value_min"]: claim for claim in claims(rows, SAME_WEEK)}
    assert result[4]["n_docs"] == 3 and result[4]["location"] == "Tessaly"
    assert result[9]["n_docs"] == 1 and result[9]["location"] is None


def test_unplaced_figure_stays_apart_when_two_places_state_its_number() -> None:
    killed = {"category": "killed", "quantity_noun": "soldiers"}
    rows = [
        figure(DOC_A, 1, 4, **killed, location="Tessaly"),
        figure(DOC_B, 1, 4, **killed, location="Morrow"),
        figure(DOC_C, 1, 4, **killed, location=None),
    ]
    assert len(claims(rows, SAME_WEEK)) == 3


def test_tolls_of_one_story_are_one_claim_whatever_their_place_words() -> None:
    killed = {"category": "killed", "quantity_noun": "people"}
    rows = [
        figure(DOC_A, 1, 6, **killed, location="Kessa", event_id=f"{DOC_A}-e1"),
        figure(DOC_B, 1, 8, **killed, location="the old market", event_id=f"{DOC_B}-e2"),
    ]
    story = frame(
        "story_events",
        [
            {
                "story_event_id": "s-1",
                "event_type": "ASSAULT",
                "event_ids": [f"{DOC_A}-e1", f"{DOC_B}-e2"],
                "n_docs": 2,
            }
        ],
    )
    figures, reports = frame("figures", rows), articles(SAME_WEEK)
    (claim,) = group_figure_claims(figures, reports, story).to_dicts()
    assert claim["n_docs"] == 2 and claim["consistent"] is False
    assert len(group_figure_claims(figures, reports)) == 2


def test_many_unplaced_figures_group_in_bounded_time() -> None:
    """A guard against quadratic grouping: every unplaced figure once searched every
    placed claim (8,000 of each took minutes); the budget is generous."""
    placed = [figure(DOC_A, n, n, location=f"Town {n}") for n in range(8_000)]
    unplaced = [figure(DOC_B, n, n, location=None) for n in range(8_000)]
    start = time.process_time()
    table = group_figure_claims(frame("figures", placed + unplaced), articles(SAME_WEEK))
    assert time.process_time() - start < 20
    assert table.height == 8_000 and set(table["n_docs"]) == {2}
