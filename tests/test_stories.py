"""Story events: clustering hand-built event mentions from invented articles."""

from __future__ import annotations

import shutil
import time
import zlib
from datetime import date
from pathlib import Path
from typing import Any

import polars as pl
import pytest

from newsfacts.documents import read_documents
from newsfacts.evaluation import stories as story_evaluation
from newsfacts.evaluation.metrics import Score
from newsfacts.model import CleanDocument
from newsfacts.schemas import StoryEvents, frame
from newsfacts.stories import (
    acronym_expansions,
    cluster_story_events,
    date_span,
    guessed_from_body,
)
from newsfacts.story_benchmark import generated_events
from tests.table_builders import articles_frame

DOCS = [str(n) * 16 for n in range(1, 8)]
_counter: dict[str, int] = {}


def event(doc: int, event_type: str = "ASSAULT", **extra: Any) -> dict[str, Any]:
    """One event mention of invented document ``doc`` (1-based)."""
    doc_id = DOCS[doc - 1]
    _counter[doc_id] = _counter.get(doc_id, 0) + 1
    row: dict[str, Any] = {
        "event_id": f"{doc_id}-e{_counter[doc_id]}",
        "doc_id": doc_id,
        "sentence_idx": 0,
        "char_start": 0,
        "char_end": 6,
        "trigger": "strike",
        "event_type": event_type,
        "modality": "asserted",
        "date_precision": "unknown",
    }
    for role in ("actor", "target", "location"):
        if role in extra:
            # the tests name parties and places by entity id; the id is also the name
            extra[f"{role}_id"] = extra[f"{role}_name"] = extra.pop(role)
    row.update(extra)
    if row.get("event_date") is not None and row["date_precision"] == "unknown":
        row["date_precision"] = "day"
    if row.get("location_id") and "latitude" not in extra:
        row["latitude"], row["longitude"] = _coordinates(row["location_id"])
    return row


def _coordinates(location: str) -> tuple[float, float]:
    """Invented coordinates: each place name its own point, far from the others."""
    code = zlib.crc32(location.encode())
    return float(code % 120 - 60), float(code // 120 % 300 - 150)


def articles(
    duplicate_of: dict[str, str] | None = None, published: dict[str, date] | None = None
) -> pl.DataFrame:
    return articles_frame(DOCS, published, duplicate_of)


def stories(rows: list[dict[str, Any]], **kwargs: Any) -> list[dict[str, Any]]:
    table = cluster_story_events(frame("events", rows), articles(**kwargs))
    StoryEvents.validate(table)
    return table.to_dicts()


def members(result: list[dict[str, Any]]) -> set[frozenset[str]]:
    return {frozenset(story["event_ids"]) for story in result}


MARCH_3, APRIL_9, MAY_20 = date(2025, 3, 3), date(2025, 4, 9), date(2025, 5, 20)
CITY = {"location": "port-varen", "country_code": "KE"}
OTHER_CITY = {"location": "lodwar-north", "country_code": "UG"}


def three_strikes() -> tuple[list[dict[str, Any]], list[set[str]]]:
    """Two strikes in one city five weeks apart, told by five outlets, and a third elsewhere."""
    first = [
        event(
            1,
            event_date=MARCH_3,
            actor="northland",
            target="blue-hand-brigade",
            **CITY,
            mode="drone",
            fatalities=2,
            event_group="g1",
        ),
        event(1, actor="northland", event_group="g1"),
        event(2, event_date=MARCH_3, actor="northland", **CITY, mode="aerial", fatalities=3),
        event(3, event_date=date(2025, 3, 4), target="blue-hand-brigade", **CITY),
    ]
    second = [
        event(3, event_date=APRIL_9, actor="northland", target="sun-league", **CITY, mode="drone"),
        event(
            4,
            event_date=APRIL_9,
            actor="northland",
            location="kenya",
            country_code="KE",
            fatalities=1,
        ),
        event(5, event_date=APRIL_9, target="sun-league", mode="drone", fatalities=1),
        event(5, target="sun-league", event_group="g7", date_precision="unknown"),
        event(5, event_date=APRIL_9, target="sun-league", event_group="g7"),
    ]
    third = [
        event(
            6,
            event_date=MAY_20,
            actor="eastmark",
            target="river-front",
            **OTHER_CITY,
            mode="heavy-weapons",
            fatalities=9,
        ),
    ]
    gold = [{row["event_id"] for row in group} for group in (first, second, third)]
    return first + second + third, gold


def test_two_strikes_and_an_unrelated_third_stay_apart() -> None:
    rows, gold = three_strikes()
    result = stories(rows)
    assert members(result) == {frozenset(group) for group in gold}
    by_date = {story["event_date"]: story for story in result}
    assert by_date[MARCH_3]["n_docs"] == 3
    assert by_date[APRIL_9]["n_docs"] == 3
    assert by_date[MAY_20]["n_docs"] == 1


def test_story_attributes_take_the_most_specific_and_spread_fatalities() -> None:
    rows, _ = three_strikes()
    by_date = {story["event_date"]: story for story in stories(rows)}
    first, second = by_date[MARCH_3], by_date[APRIL_9]
    assert (first["fatalities_min"], first["fatalities_max"]) == (2, 3)
    assert first["location_id"] == "port-varen"
    assert second["location_id"] == "port-varen"
    assert second["mode"] == "drone"
    assert (second["fatalities_min"], second["fatalities_max"]) == (1, 1)


def test_ids_are_stable_under_row_order() -> None:
    rows, _ = three_strikes()
    first = {story["story_event_id"] for story in stories(rows)}
    second = {story["story_event_id"] for story in stories(list(reversed(rows)))}
    assert first == second
    assert all(story_id.startswith("s-") for story_id in first)


def test_undated_vague_mention_cannot_bridge_two_strikes() -> None:
    rows = [
        event(1, event_date=MARCH_3, actor="northland", **CITY),
        event(2, event_date=MARCH_3, actor="northland", **CITY),
        event(3, event_date=APRIL_9, actor="northland", **CITY),
        event(4, event_date=APRIL_9, actor="northland", **CITY),
        event(5, actor="northland", **CITY),
    ]
    ids = [row["event_id"] for row in rows]
    result = members(stories(rows))
    assert any({ids[0], ids[1]} <= story for story in result)
    assert any({ids[2], ids[3]} <= story for story in result)
    assert not any({ids[0], ids[2]} <= story for story in result)


def test_shared_actor_alone_is_not_enough() -> None:
    rows = [event(1, actor="northland"), event(2, actor="northland", mode="drone")]
    assert len(stories(rows)) == 2


def test_contradictions_keep_apart() -> None:
    base = {"event_date": MARCH_3, "actor": "northland", "target": "sun-league"}
    cases: list[tuple[dict[str, Any], dict[str, Any]]] = [
        ({"target": "river-front"}, {}),
        ({"actor": "eastmark"}, {}),
        (OTHER_CITY, CITY),
        ({"mode": "firearms"}, {"mode": "drone"}),
        ({"event_date": date(2025, 3, 6)}, {}),
        ({"modality": "planned"}, {}),
        ({}, {"event_type": "PROTEST"}),
    ]
    for left, right in cases:
        rows = [event(1, **{**base, **left}), event(2, **{**base, **right})]
        assert len(stories(rows)) == 2, (left, right)


def test_nearby_dates_and_related_modes_join() -> None:
    base = {"actor": "northland", "target": "sun-league"}
    rows = [
        event(1, event_date=MARCH_3, mode="drone", **base),
        event(2, event_date=date(2025, 3, 4), mode="assassinate", **base),
        event(3, event_date=date(2025, 3, 1), date_precision="week", mode="aerial", **base),
    ]
    assert len(stories(rows)) == 1


def test_unknown_site_in_the_same_country_is_compatible_but_no_evidence() -> None:
    site: dict[str, Any] = {
        "location": "old-market-quarter",
        "country_code": "KE",
        "latitude": None,
    }
    rows = [
        event(1, event_date=MARCH_3, actor="northland", **CITY),
        event(2, event_date=MARCH_3, actor="northland", **site),
    ]
    assert len(stories(rows)) == 1


def test_planned_events_cluster_among_themselves() -> None:
    talks = {"event_date": APRIL_9, "actor": "northland", "target": "eastmark"}
    rows = [
        event(1, "CONSULT", modality="planned", **talks),
        event(2, "CONSULT", modality="planned", **talks),
        event(3, "CONSULT", **talks),
    ]
    assert sorted(story["n_docs"] for story in stories(rows)) == [1, 2]


def test_syndicated_copy_counts_as_one_source() -> None:
    rows = [
        event(1, event_date=MARCH_3, actor="northland", **CITY, fatalities=4),
        event(2, event_date=MARCH_3, actor="northland", **CITY, fatalities=4),
        event(3, event_date=MARCH_3, actor="northland", **CITY, fatalities=6),
    ]
    (story,) = stories(rows, duplicate_of={DOCS[1]: DOCS[0]})
    assert story["n_docs"] == 2
    assert (story["fatalities_min"], story["fatalities_max"]) == (4, 6)


def test_no_events_gives_an_empty_valid_table() -> None:
    assert stories([]) == []


def test_date_spans_follow_precision() -> None:
    assert date_span(date(2024, 2, 29), "month") == (date(2024, 2, 1), date(2024, 2, 29))
    assert date_span(date(2024, 12, 31), "month") == (date(2024, 12, 1), date(2024, 12, 31))
    assert date_span(date(2024, 6, 5), "year") == (date(2024, 1, 1), date(2024, 12, 31))
    assert date_span(None, "unknown") is None


def test_state_bodies_demonyms_and_capitals_act_for_their_country() -> None:
    place: dict[str, Any] = {"event_date": MAY_20, "location": "kharkiv", "country_code": "UA"}
    rows = [
        event(1, actor="kremlin", **place),
        event(2, actor="russia", **place),
        event(3, actor="moscow", **place),
        event(4, actor="russian", **place),
        event(5, actor="ukraine", **place),
    ]
    assert sorted(story["n_docs"] for story in stories(rows)) == [1, 4]


def test_undated_mentions_of_reports_months_apart_stay_apart() -> None:
    shared = {"target": "blue-hand-brigade", **CITY}
    rows = [event(1, **shared), event(2, **shared), event(3, **shared)]
    published = {DOCS[0]: MARCH_3, DOCS[1]: date(2025, 3, 5), DOCS[2]: MAY_20}
    assert sorted(story["n_docs"] for story in stories(rows, published=published)) == [1, 2]


def test_an_acronym_is_the_group_it_abbreviates() -> None:
    rows = [
        event(1, event_date=MARCH_3, actor="army-of-the-western-hills", **CITY),
        event(2, actor="awh", **CITY),
        event(3, actor="wlf", **CITY),
    ]
    assert sorted(story["n_docs"] for story in stories(rows)) == [1, 2]
    assert acronym_expansions(["awh", "army-of-the-western-hills"]) == {
        "awh": "army-of-the-western-hills"
    }
    assert acronym_expansions(["awh", "army-of-western-hills", "alliance-of-west-hubs"]) == {}


def test_a_city_named_as_a_party_contradicts_no_one() -> None:
    """A report that "shelled Kherson" names where, not whom: it contradicts no party."""
    kherson = {"location": "kherson", "country_code": "UA"}
    rows = [
        event(1, event_date=MARCH_3, actor="russia", target="kherson", **kherson),
        event(2, event_date=MARCH_3, actor="russia", target="ukraine", **kherson),
    ]
    assert len(stories(rows)) == 1


def test_a_place_and_its_extension_or_region_are_nested() -> None:
    attack: dict[str, Any] = {"event_date": MARCH_3, "actor": "blue-hand-brigade"}
    rows = [
        event(1, **attack, location="kherson", country_code="UA"),
        event(2, **attack, location="kherson-region", country_code="UA", latitude=None),
        event(3, **attack, location="ramadi", country_code="IQ"),
        event(4, **attack, location="anbar", country_code="IQ"),
        event(5, **attack, location="basra", country_code="IQ"),
    ]
    assert sorted(story["n_docs"] for story in stories(rows)) == [1, 2, 2]


def test_towns_are_compared_by_their_coordinates() -> None:
    """One town spelt two ways is one place, a camp on its edge lies in it, the next town not."""
    attack: dict[str, Any] = {"event_date": MARCH_3, "actor": "blue-hand-brigade"}
    town: dict[str, Any] = {"country_code": "KE", "latitude": 1.0, "longitude": 35.0}
    rows = [
        event(1, **attack, **{**town, "location": "marsabet"}),
        event(2, **attack, **{**town, "location": "marsabit", "latitude": 1.005}),
        event(3, **attack, **{**town, "location": "karare-camp", "longitude": 35.06}),
        event(4, **attack, **{**town, "location": "laisamis", "latitude": 1.6}),
    ]
    assert sorted(story["n_docs"] for story in stories(rows)) == [1, 3]


def test_agreeing_on_states_and_weapon_alone_is_not_enough() -> None:
    shared = {"actor": "russia", "target": "ukraine", "mode": "drone"}
    rows = [event(1, **shared), event(2, **shared)]
    assert len(stories(rows)) == 2


def test_a_distinctive_shared_toll_joins_but_a_common_one_does_not() -> None:
    published = {DOCS[0]: MARCH_3, DOCS[1]: MARCH_3}
    distinctive = [event(1, fatalities=17), event(2, fatalities=17)]
    assert len(stories(distinctive, published=published)) == 1
    common = [event(1, fatalities=3), event(2, fatalities=3)]
    assert len(stories(common, published=published)) == 2


def test_undated_reports_need_a_place_and_more_to_join() -> None:
    """Reports without a publication date can be any day: a toll alone is not enough."""
    assert len(stories([event(1, fatalities=17), event(2, fatalities=17)])) == 2
    assert len(stories([event(1, **CITY), event(2, **CITY)])) == 2
    assert len(stories([event(1, fatalities=17, **CITY), event(2, fatalities=17, **CITY)])) == 1
    assert len(stories([event(1, fatalities=12, **CITY), event(2, fatalities=15, **CITY)])) == 1
    assert len(stories([event(1, fatalities=4, **CITY), event(2, fatalities=12, **CITY)])) == 2


def test_things_said_on_one_day_join_only_with_a_participant_in_common() -> None:
    said = {"event_date": APRIL_9, **CITY}
    apart = [event(1, "REQUEST", actor="mara-velde", **said), event(2, "REQUEST", **said)]
    assert len(stories(apart)) == 2
    together = [
        event(1, "REQUEST", actor="mara-velde", **said),
        event(2, "REQUEST", actor="mara-velde", **said),
    ]
    assert len(stories(together)) == 1


def test_a_city_and_its_country_are_compared_without_dates() -> None:
    rows = [
        event(1, actor="northland", **CITY),
        event(2, actor="northland", location="kenya", country_code="KE"),
        event(3, actor="northland", location="uganda", country_code="UG"),
    ]
    assert sorted(story["n_docs"] for story in stories(rows)) == [1, 2]


def test_a_grouped_mention_with_a_stray_place_still_meets_its_event() -> None:
    rows = [
        event(1, event_date=MARCH_3, actor="northland", **CITY, event_group="g1"),
        event(1, actor="northland", **OTHER_CITY, event_group="g1"),
        event(2, event_date=MARCH_3, actor="northland", **CITY),
    ]
    assert len(stories(rows)) == 1


def test_a_common_toll_in_the_same_country_joins() -> None:
    country = {"location": "kenya", "country_code": "KE"}
    rows = [event(1, fatalities=3, **country), event(2, fatalities=3, **country)]
    assert len(stories(rows)) == 1


def test_on_equal_evidence_the_same_place_name_beats_nesting() -> None:
    country = {"location": "kenya", "country_code": "KE"}
    rows = [
        event(1, event_date=MARCH_3, actor="russia", **CITY),
        event(2, event_date=APRIL_9, actor="russia", **country),
        event(3, actor="russia", **country),
    ]
    result = members(stories(rows))
    assert frozenset({rows[1]["event_id"], rows[2]["event_id"]}) in result


def test_a_thin_later_mention_joins_the_one_earlier_event_of_its_article() -> None:
    told: dict[str, Any] = {"event_date": MARCH_3, "actor": "northland", **CITY}
    rows = [
        {**event(1, **told), "char_start": 10},
        {**event(1, actor="northland", target="blue-hand-brigade"), "char_start": 500},
        event(2, **told),
    ]
    (story,) = stories(rows)
    assert story["n_docs"] == 2 and len(story["event_ids"]) == 3


def test_a_thin_later_mention_sharing_nothing_with_that_event_stays_apart() -> None:
    rows = [
        {**event(1, event_date=MARCH_3, actor="northland", **CITY), "char_start": 10},
        {**event(1, target="blue-hand-brigade"), "char_start": 500, "sentence_idx": 4},
    ]
    assert len(stories(rows)) == 2


def test_a_thin_mention_stays_alone_when_two_earlier_events_fit() -> None:
    rows = [
        {**event(1, event_date=MARCH_3, **CITY), "char_start": 10},
        {**event(1, event_date=APRIL_9, **CITY), "char_start": 200, "sentence_idx": 3},
        {**event(1, target="blue-hand-brigade"), "char_start": 500, "sentence_idx": 6},
    ]
    assert len(stories(rows)) == 3


def test_a_bare_mention_refers_to_the_event_just_told_in_its_sentence() -> None:
    rows = [
        {**event(1, event_date=MARCH_3, **CITY), "char_start": 10},
        {**event(1, event_date=APRIL_9, **CITY), "char_start": 200, "sentence_idx": 3},
        {**event(1, mode="assassinate"), "char_start": 260, "sentence_idx": 3},
    ]
    result = members(stories(rows))
    assert frozenset({rows[1]["event_id"], rows[2]["event_id"]}) in result


def test_a_thin_mention_does_not_join_an_earlier_vague_one() -> None:
    rows = [
        {**event(1, actor="northland"), "char_start": 10},
        {**event(1, actor="northland", target="blue-hand-brigade"), "char_start": 500},
    ]
    assert len(stories(rows)) == 2


def test_an_earlier_trend_does_not_compete_with_the_particular_event() -> None:
    rows = [
        {**event(1, actor="northland"), "char_start": 10},
        {**event(1, event_date=MARCH_3, actor="northland", **CITY), "char_start": 200},
        {**event(1, actor="northland", target="blue-hand-brigade"), "char_start": 500},
    ]
    result = members(stories(rows))
    assert frozenset({rows[1]["event_id"], rows[2]["event_id"]}) in result
    assert frozenset({rows[0]["event_id"]}) in result


def test_things_said_in_one_article_are_not_read_as_one() -> None:
    rows = [
        {**event(1, "ACCUSE", actor="mara-velde"), "char_start": 10},
        {**event(1, "ACCUSE"), "char_start": 500},
    ]
    assert len(stories(rows)) == 2


def test_a_document_of_8000_mentions_clusters_in_bounded_time() -> None:
    """A guard against quadratic clustering (8,000 mentions of one document took six
    minutes); the budget is generous, the benchmark (``newsfacts.story_benchmark``)
    measures."""
    events, reports = generated_events(8_000)
    start = time.process_time()
    table = cluster_story_events(events, reports)
    assert time.process_time() - start < 20
    assert sum(len(ids) for ids in table["event_ids"]) == 8_000


# --- seeds, end to end through the real extractors ---------------------------------------

SEEDS = Path(__file__).resolve().parent.parent / "data" / "seeds"
THIRD_STRIKE_ARTICLE = """Turkish drone strike kills three fighters near Kirkuk

March 14, 2024

KIRKUK, Iraq - A Turkish drone strike on Tuesday killed three members of the Sahand Defence \
Units, a Kurdish armed group, near the northern Iraqi city of Kirkuk, local security officials \
said on Wednesday.

The strike hit a pickup truck on a road south of the city, the officials said. Turkey's defence \
ministry said its forces had targeted "terrorists" planning attacks on Turkish bases.

Kirkuk's governor, Darin Osmanli, condemned the strike and called on Ankara to respect Iraq's \
sovereignty.

The Sahand Defence Units said in a statement that the dead included a local commander, Rebaz \
Hawrami.
"""


ONE_STRIKE_TWO_OUTLETS = {
    "101_first_outlet.txt": """Air strike kills four in hillside town

March 20, 2024

An air strike on a house in the town of Nabatieh killed four people on Tuesday, including a \
local commander of the Amal Defence Brigades, the health ministry said.

The military said its jets had struck a weapons depot used by the group.
""",
    "102_second_outlet.txt": """Four dead after strike on Nabatieh home

Published March 21, 2024

BEIRUT - Four people were killed when warplanes bombed a building in Nabatieh on Tuesday, \
officials said, in one of the deadliest raids on the city this month.

The Amal Defence Brigades said one of its commanders, Karim Haddad, was among the dead.

Separately, a drone strike near the border village of Kfarkela on Wednesday wounded two \
farmers, according to local media.
""",
}


TWO_ATTACKS_ONE_CITY = {
    "201_market.txt": """Car bomb kills six in Mogadishu market

May 6, 2024

A car bomb exploded at a busy market in Mogadishu on Sunday, killing six people and wounding \
20 others, police said.

No group immediately claimed responsibility for the blast.
""",
    "202_hotel.txt": """Gunmen storm Mogadishu hotel, 9 dead

May 14, 2024

Gunmen stormed a hotel near the presidential palace in Mogadishu on Monday, killing nine \
people before security forces ended the siege, officials said.

The attack came a week after a car bomb killed six people at a market in the city.
""",
    "203_funerals.txt": """Somali capital reels after market bombing

May 7, 2024

MOGADISHU - Residents of the Somali capital buried the victims of Sunday's car bombing, which \
killed six people at a crowded market.

Police said 20 people were wounded in the explosion.
""",
}


# One shelling told by a dated report and an undated one (different tolls), then two
# other shellings of the same city in undated reports: the same group on another weekday,
# and another armed force.
SHELLINGS_ONE_CITY = {
    "301_dated.txt": """Rebel shelling kills 12 at Kadugli market

May 15, 2024

KADUGLI, Sudan - Artillery shells fired by the Kordofan Liberation Front hit the main market \
of Kadugli on Tuesday, killing 12 civilians, local health officials said on Wednesday.

Among the dead was a well-known trader, Osman Tia, witnesses said.
""",
    "302_undated.txt": """At least 15 dead as shells hit Kadugli market

The Kordofan Liberation Front shelled the central market in Kadugli on Tuesday, killing at \
least 15 people, a medical source said.

Osman Tia, a trader, was among those killed in the bombardment, relatives said.
""",
    "303_undated_school.txt": """Shells hit Kadugli school, four children dead

Fighters of the Kordofan Liberation Front shelled a primary school in Kadugli on Friday, \
killing four children, teachers said.
""",
    "304_undated_army.txt": """Army shelling hits Kadugli suburb

The Sudanese army shelled a residential district of Kadugli on Thursday, killing three \
people, residents said.
""",
}


@pytest.fixture(scope="module")
def seed_docs() -> list[CleanDocument]:
    return list(read_documents(SEEDS))


@pytest.fixture(scope="module")
def seed_scores(seed_docs: list[CleanDocument]) -> dict[str, Score]:
    return {score.metric: score for score in story_evaluation.evaluate(seed_docs)}


def test_pairwise_counts_score_links_not_labels() -> None:
    gold = {1: "a", 2: "a", 3: "b", 4: "b"}
    assert story_evaluation.pairwise_counts(gold, {1: "x", 2: "x", 3: "y", 4: "y"}) == (2, 0, 0)
    assert story_evaluation.pairwise_counts(gold, {1: "x", 2: "x", 3: "x", 4: "x"}) == (2, 4, 0)
    assert story_evaluation.pairwise_counts(gold, {1: "w", 2: "x", 3: "y", 4: "z"}) == (0, 0, 2)
    assert story_evaluation.pairwise_counts(gold, {1: "x", 2: "x"}) == (1, 0, 0)
    documents = {1: "d1", 2: "d1", 3: "d1", 4: "d2"}
    merged = {1: "x", 2: "x", 3: "x", 4: "x"}
    assert story_evaluation.pairwise_counts(gold, merged, documents) == (1, 2, 0)


def test_gold_mentions_exist_in_the_seed_texts(seed_docs: list[CleanDocument]) -> None:
    by_path = {doc.source_path: doc for doc in seed_docs}
    for mention in story_evaluation.load_gold():
        sentences = [s.text.lower().replace("\u2019", "'") for s in by_path[mention.doc].sentences]
        snippet = mention.snippet.lower().replace("\u2019", "'")
        assert sum(snippet in sentence for sentence in sentences) == 1, mention
        assert mention.trigger.lower() in snippet, mention


@pytest.mark.parametrize("metric", ["pairwise", "pairwise_cross_document"])
def test_seed_story_clustering_pairwise_f1(seed_scores: dict[str, Score], metric: str) -> None:
    assert seed_scores[metric].f1 >= 0.9, seed_scores[metric]


def test_the_two_baghdad_strikes_never_merge(seed_docs: list[CleanDocument]) -> None:
    events, articles = story_evaluation.extract_story_inputs(seed_docs)
    StoryEvents.validate(cluster_story_events(events, articles))
    story_of = {
        event_id: row["story_event_id"]
        for row in cluster_story_events(events, articles).iter_rows(named=True)
        for event_id in row["event_ids"]
    }
    gold = story_evaluation.load_gold()
    matched = story_evaluation.match_gold(gold, events, seed_docs)
    stories_of = {
        label: {story_of[matched[i]] for i in matched if gold[i].story == label}
        for label in ("jan-baghdad-strike", "feb-baghdad-strike")
    }
    assert all(stories_of.values())
    assert not stories_of["jan-baghdad-strike"] & stories_of["feb-baghdad-strike"]


def test_invented_third_strike_stays_its_own_story(tmp_path: Path) -> None:
    for seed in SEEDS.glob("*.txt"):
        shutil.copy(seed, tmp_path / seed.name)
    (tmp_path / "005_third_strike.txt").write_text(THIRD_STRIKE_ARTICLE, encoding="utf-8")
    docs = list(read_documents(tmp_path))
    third = next(doc.doc_id for doc in docs if doc.source_path.startswith("005"))
    events, articles = story_evaluation.extract_story_inputs(docs)
    assaults = events.filter((pl.col("doc_id") == third) & (pl.col("event_type") == "ASSAULT"))
    assert assaults.height > 0
    for story in cluster_story_events(events, articles).iter_rows(named=True):
        documents = {event_id.rsplit("-e", 1)[0] for event_id in story["event_ids"]}
        if third in documents:
            assert documents == {third}, story


def test_two_invented_reports_of_one_strike_become_one_story(tmp_path: Path) -> None:
    for name, text in ONE_STRIKE_TWO_OUTLETS.items():
        (tmp_path / name).write_text(text, encoding="utf-8")
    docs = list(read_documents(tmp_path))
    events, articles = story_evaluation.extract_story_inputs(docs)
    table = cluster_story_events(events, articles)
    shared = table.filter((pl.col("n_docs") == 2) & (pl.col("event_type") == "ASSAULT"))
    assert shared.height == 1
    assert (shared["fatalities_min"][0], shared["fatalities_max"][0]) == (4, 4)


def test_two_attacks_in_one_city_a_week_apart_stay_two_stories(tmp_path: Path) -> None:
    for name, text in TWO_ATTACKS_ONE_CITY.items():
        (tmp_path / name).write_text(text, encoding="utf-8")
    docs = list(read_documents(tmp_path))
    events, articles = story_evaluation.extract_story_inputs(docs)
    table = cluster_story_events(events, articles).filter(pl.col("event_type") == "ASSAULT")
    tolls = {(row["fatalities_min"], row["fatalities_max"]) for row in table.iter_rows(named=True)}
    assert (6, 6) in tolls and (9, 9) in tolls
    for row in table.iter_rows(named=True):
        assert row["fatalities_min"] == row["fatalities_max"], row
    market = table.filter(pl.col("fatalities_max") == 6)
    assert market["n_docs"].max() == 3


def _shelling_stories(tmp_path: Path) -> tuple[dict[str, str], list[dict[str, Any]]]:
    """(file name prefix -> doc_id, ASSAULT stories) of the Kadugli shelling reports."""
    for name, text in SHELLINGS_ONE_CITY.items():
        (tmp_path / name).write_text(text, encoding="utf-8")
    docs = list(read_documents(tmp_path))
    assert [doc.published_date is None for doc in docs] == [False, True, True, True]
    events, articles = story_evaluation.extract_story_inputs(docs)
    table = cluster_story_events(events, articles).filter(pl.col("event_type") == "ASSAULT")
    return {doc.source_path[:3]: doc.doc_id for doc in docs}, table.to_dicts()


def _documents(story: dict[str, Any]) -> set[str]:
    return {event_id.rsplit("-e", 1)[0] for event_id in story["event_ids"]}


def test_an_undated_report_joins_the_dated_report_of_the_same_shelling(tmp_path: Path) -> None:
    doc_ids, table = _shelling_stories(tmp_path)
    (market,) = [story for story in table if doc_ids["301"] in _documents(story)]
    assert _documents(market) == {doc_ids["301"], doc_ids["302"]}
    assert (market["n_docs"], market["fatalities_min"], market["fatalities_max"]) == (2, 12, 15)


def test_other_shellings_of_the_city_in_undated_reports_stay_apart(tmp_path: Path) -> None:
    """The same group on another weekday, or another armed force, is another shelling."""
    doc_ids, table = _shelling_stories(tmp_path)
    for prefix in ("303", "304"):
        for story in table:
            if doc_ids[prefix] in _documents(story):
                assert _documents(story) == {doc_ids[prefix]}, story


BACKGROUND_DATE_REPORT = """Kadugli market shelling toll rises to 14

KADUGLI, Sudan - The toll from the Kordofan Liberation Front's shelling of the main market in \
Kadugli on Tuesday has risen to 14, health officials said.

The group has shelled the city since its offensive began on March 2, 2024.
"""


def test_a_report_dated_only_by_a_background_date_counts_as_undated(tmp_path: Path) -> None:
    """Its "on Tuesday" was resolved against the background date: it is not a March strike."""
    (tmp_path / "301_dated.txt").write_text(SHELLINGS_ONE_CITY["301_dated.txt"], encoding="utf-8")
    (tmp_path / "305_background.txt").write_text(BACKGROUND_DATE_REPORT, encoding="utf-8")
    docs = list(read_documents(tmp_path))
    assert docs[1].published_date_basis == "inferred"
    events, articles = story_evaluation.extract_story_inputs(docs)
    table = cluster_story_events(events, articles).filter(pl.col("event_type") == "ASSAULT")
    assert {doc.doc_id for doc in docs} in [_documents(story) for story in table.to_dicts()]


def test_a_guessed_publication_date_is_one_of_the_body_not_the_header() -> None:
    body = "Title\n\nShells hit the town on Monday.\n\nThe siege began on 2 March 2024."
    assert guessed_from_body(date(2024, 3, 4), body)
    assert not guessed_from_body(date(2024, 3, 4), "Title\n\n2 March 2024\n\n" + body)
    dateline = "Title\n\nTOWN, 2 March 2024 - Shells hit the town on Monday, officials said."
    assert not guessed_from_body(date(2024, 3, 4), dateline)
