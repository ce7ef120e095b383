"""The real-world held-out set: loader, gold integrity and the metrics added for it.

The metric tests score small synthetic predictions (no extractor runs); the
integrity tests rebuild the texts from ../shared/corpora and skip when the
corpora are not there.
"""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path
from typing import Any

import pytest
import yaml

from newsfacts.evaluation import assaults, quotes
from newsfacts.evaluation.__main__ import format_headline
from newsfacts.evaluation.figures import locate
from newsfacts.evaluation.metrics import OVERALL, Score
from newsfacts.evaluation.realworld import (
    BBC,
    BENCHMARK,
    REALWORLD_DIR,
    CorporaMissing,
    load_sources,
    materialise,
    require_corpora,
)
from tests.conftest import CORPORA
from tests.entity_helpers import make_doc

GOLD = REALWORLD_DIR / "gold"
MONDAY = date(2024, 3, 4)


def _row(trigger: str, sentence_idx: int, **fields: Any) -> dict[str, Any]:
    return {"event_type": "ASSAULT", "trigger": trigger, "sentence_idx": sentence_idx, **fields}


def _gold_event(snippet: str, triggers: list[str], **fields: Any) -> dict[str, Any]:
    event: dict[str, Any] = {"s": snippet, "t": triggers, "type": "ASSAULT", "mod": ["asserted"]}
    event.update({"place": None, "geo": None, "date": None, "date_precision": None})
    return {**event, **fields}


def _by_metric(scores: list[Score]) -> dict[str, Score]:
    return {s.metric: s for s in scores}


# --- ASSAULT metrics -------------------------------------------------------

DOC = make_doc(
    "Gunmen attacked a market in Gao on Monday, killing five. "
    "A strike by dock workers closed the port. "
    "Officials warned that more attacks could follow."
)
GAO_ATTACK = _gold_event(
    "Gunmen attacked a market in Gao",
    ["attacked", "killing"],
    place=["Gao"],
    geo=1,
    region=["Mali"],
    date=MONDAY,
    date_precision="day",
)
FEARED = _gold_event("more attacks could follow", ["attacks"], mod=["hypothetical"])


def test_assault_precision_recall_place_and_day_on_a_synthetic_document() -> None:
    rows = [
        _row("attacked", 0, location_name="Gao", event_date=MONDAY),
        _row("strike", 1, location_name=None, event_date=None),  # a labour strike: false positive
        _row("attacks", 2, location_name=None, event_date=None),  # hypothetical gold row: no FP
        {**_row("warned", 2), "event_type": "THREATEN"},  # other types are not scored
    ]
    scores = _by_metric(assaults.score_document(DOC, rows, [GAO_ATTACK, FEARED]))
    assert (scores["assault_precision"].tp, scores["assault_precision"].fp) == (2, 1)
    assert (scores["assault_recall"].tp, scores["assault_recall"].fn) == (1, 0)
    assert (scores["specific_place"].tp, scores["specific_place"].fn) == (1, 0)
    assert (scores["day_right"].tp, scores["day_right"].fn) == (1, 0)


def test_a_missed_attack_costs_recall_place_and_day() -> None:
    rows = [_row("attacks", 2, location_name=None, event_date=None)]
    scores = _by_metric(assaults.score_document(DOC, rows, [GAO_ATTACK, FEARED]))
    assert scores["assault_precision"].precision == 1.0
    assert (scores["assault_recall"].tp, scores["assault_recall"].fn) == (0, 1)
    assert (scores["specific_place"].tp, scores["specific_place"].fn) == (0, 1)
    assert (scores["day_right"].tp, scores["day_right"].fn) == (0, 1)


def test_a_wrong_place_or_day_is_wrong_and_a_broad_place_is_not_scored() -> None:
    rows = [_row("killing", 0, location_name="Mali", event_date=date(2024, 3, 5))]
    broad = {**GAO_ATTACK, "place": ["Mali"], "geo": 3}
    scores = _by_metric(assaults.score_document(DOC, rows, [GAO_ATTACK]))
    assert (scores["specific_place"].tp, scores["day_right"].tp) == (0, 0)
    scores = _by_metric(assaults.score_document(DOC, rows, [broad]))
    assert (scores["specific_place"].tp, scores["specific_place"].fn) == (0, 0)


def test_place_names_compare_normalised_and_accept_any_listed_spelling() -> None:
    gold = {"place": ["El Fasher", "Al-Fashir"]}
    assert assaults.place_right(gold, {"location_name": "EL FASHER"})
    assert assaults.place_right(gold, {"location_name": "al Fashir"})
    assert not assaults.place_right(gold, {"location_name": "North Darfur"})
    assert not assaults.place_right(gold, {"location_name": None})


def test_a_listed_pair_of_days_accepts_either() -> None:
    gold = {"date": [date(2019, 11, 19), date(2019, 11, 20)]}
    assert assaults.day_right(gold, {"event_date": date(2019, 11, 20)})
    assert not assaults.day_right(gold, {"event_date": date(2019, 11, 21)})
    assert not assaults.day_right(gold, {"event_date": None})


def test_optional_and_unasserted_rows_are_not_required() -> None:
    assert assaults.is_required(GAO_ATTACK)
    assert assaults.is_required({**GAO_ATTACK, "mod": ["asserted", "hypothetical"]})
    assert not assaults.is_required(FEARED)
    assert not assaults.is_required({**GAO_ATTACK, "optional": True})


def test_a_required_row_takes_the_prediction_before_an_optional_one() -> None:
    optional = {**_gold_event("Gunmen attacked a market", ["attacked"]), "optional": True}
    rows = [_row("attacked", 0, location_name="Gao", event_date=MONDAY)]
    scores = _by_metric(assaults.score_document(DOC, rows, [optional, GAO_ATTACK]))
    assert scores["assault_recall"].tp == 1
    assert scores["assault_precision"].fp == 0


def test_a_document_without_attacks_counts_every_predicted_assault_as_false() -> None:
    rows = [_row("strike", 1, location_name=None, event_date=None)]
    scores = _by_metric(assaults.score_document(DOC, rows, []))
    assert (scores["assault_precision"].tp, scores["assault_precision"].fp) == (0, 1)
    assert scores["assault_recall"].tp + scores["assault_recall"].fn == 0


# --- quote speakers --------------------------------------------------------


def test_speaker_right_counts_only_quotations_found_by_their_text() -> None:
    got = [("we will fight", {"Ann Lee", "Lee"}), ("no comment", {"Bob Ray"}), ("stray", set())]
    expected = [
        ("we will fight", {"Ann Lee"}),  # found, right
        ("no comment", {"Carl Poe"}),  # found, wrong speaker
        ("never found", {"Ann Lee"}),  # not found: not counted
    ]
    score = quotes._speaker_score("doc.txt", got, expected)
    assert (score.tp, score.fn) == (1, 1)


def test_nobody_on_both_sides_is_a_right_speaker() -> None:
    score = quotes._speaker_score("doc.txt", [("hello", set())], [("hello", set())])
    assert (score.tp, score.fn) == (1, 0)


def test_a_gold_speaker_list_accepts_every_listed_name_and_its_aliases() -> None:
    aliases = {"Lord Justice Rix": {"Lord Justice Rix", "Rix"}}
    names = quotes._gold_speaker(["Lord Justice Rix", "Mr Justice Forbes"], aliases)
    assert names == {"Lord Justice Rix", "Rix", "Mr Justice Forbes"}
    assert quotes._gold_speaker(None, aliases) == set()


def test_the_headline_reads_each_metric_in_its_own_column() -> None:
    scores = [
        Score("events", "assault_precision", OVERALL, 3, 1, 0),
        Score("events", "assault_recall", OVERALL, 2, 0, 2),
        Score("quotes", "text_speaker", OVERALL, 1, 1, 1),
    ]
    lines = format_headline(scores).splitlines()
    assert lines[0].split()[:4] == ["quotes", "text_speaker", "F1", "0.500"]
    assert "0.750  (3/4)" in lines[1]
    assert "0.500  (2/4)" in lines[2]


# --- loader ----------------------------------------------------------------


def _tiny_corpora(root: Path) -> Path:
    (root / BENCHMARK).mkdir(parents=True)
    truth = {"k1": {"articleBody": "Body line one.\nBody line two.", "url": "https://x.test/a"}}
    (root / BENCHMARK / "ground-truth.json").write_text(json.dumps(truth), encoding="utf-8")
    (root / BBC / "politics").mkdir(parents=True)
    (root / BBC / "politics" / "001.txt").write_bytes(b"Headline\n\nBody \xc2\xa3 5m.\n")
    return root


def test_materialise_writes_exact_texts_and_sidecars(tmp_path: Path) -> None:
    corpora = _tiny_corpora(tmp_path / "corpora")
    sources = tmp_path / "sources.yaml"
    sources.write_text(
        "- {id: r01_a, corpus: article-extraction-benchmark, key: k1, url: 'https://x.test/a',"
        " genre: politics, title: 'A title', published: 2019-11-19, outlet: X}\n"
        "- {id: r02_b, corpus: bbc, key: politics/001.txt, url: 'http://mlg.ucd.ie/x',"
        " genre: politics, title: Headline, published: null, outlet: BBC News}\n",
        encoding="utf-8",
    )
    out = tmp_path / "out"
    paths = materialise(out, sources, corpora)
    assert [p.name for p in paths] == ["r01_a.txt", "r02_b.txt"]
    assert paths[0].read_text(encoding="utf-8") == "A title\n\nBody line one.\nBody line two."
    assert paths[1].read_bytes() == b"Headline\n\nBody \xc2\xa3 5m.\n"
    sidecar = json.loads((out / "r01_a.json").read_text(encoding="utf-8"))
    assert sidecar == {
        "url": "https://x.test/a",
        "title": "A title",
        "outlet": "X",
        "published": "2019-11-19",
    }
    assert json.loads((out / "r02_b.json").read_text(encoding="utf-8"))["published"] is None


def test_materialise_without_the_corpora_says_where_they_were_expected(tmp_path: Path) -> None:
    with pytest.raises(CorporaMissing, match=r"nowhere.*is missing"):
        materialise(tmp_path / "out", corpora_dir=tmp_path / "nowhere")


# --- the set and its gold --------------------------------------------------


def test_the_set_has_at_least_thirty_texts_and_ten_conflict_texts() -> None:
    sources = load_sources()
    assert len(sources) >= 30
    assert sum(s.genre == "conflict" for s in sources) >= 10
    assert all(s.id.startswith("r") and s.id[1:3].isdigit() for s in sources)


def _gold(name: str) -> Any:
    return yaml.safe_load((GOLD / name).read_text(encoding="utf-8"))


def test_every_text_is_annotated_in_every_gold_file() -> None:
    names = {s.file_name for s in load_sources()}
    assert set(_gold("figures.yaml")) == names
    assert set(_gold("events.yaml")) == names
    assert set(_gold("quotes.yaml")["documents"]) == names


def test_gold_events_are_assaults_with_places_and_dates_in_shape() -> None:
    for name, entry in _gold("events.yaml").items():
        for event in entry["events"]:
            assert event["type"] == "ASSAULT", (name, event)
            assert (event["place"] is None) == (event["geo"] is None), (name, event)
            assert event["geo"] in (None, 1, 2, 3), (name, event)
            assert (event["date"] is None) == (event["date_precision"] is None), (name, event)


def test_every_gold_speaker_is_a_gold_entity() -> None:
    known = {e["name"] for e in _gold("entities.yaml")["entities"]}
    for name, items in _gold("quotes.yaml")["documents"].items():
        for quote in items or []:
            speaker = quote["speaker"]
            speakers = speaker if isinstance(speaker, list) else [speaker]
            assert all(s is None or s in known for s in speakers), (name, quote)


@pytest.fixture(scope="module")
def texts(tmp_path_factory: pytest.TempPathFactory) -> dict[str, str]:
    try:
        require_corpora()
    except CorporaMissing as missing:
        pytest.skip(f"real-world texts cannot be rebuilt: {missing}")
    assert require_corpora() == CORPORA
    out = tmp_path_factory.mktemp("realworld")
    return {p.name: p.read_text(encoding="utf-8") for p in materialise(out)}


def test_bbc_titles_are_the_first_line_of_their_file(texts: dict[str, str]) -> None:
    for source in load_sources():
        assert texts[source.file_name].split("\n", 1)[0] == source.title, source.id


def test_gold_figure_surfaces_occur_in_their_text(texts: dict[str, str]) -> None:
    for name, items in _gold("figures.yaml").items():
        for annotation in items or []:
            assert locate(texts[name], annotation).start >= 0, (name, annotation)


def test_gold_quotations_occur_in_their_text(texts: dict[str, str]) -> None:
    for name, items in _gold("quotes.yaml")["documents"].items():
        spaced = " ".join(texts[name].split())
        for quote in items or []:
            assert " ".join(quote["text"].split()) in spaced, (name, quote["text"])


def test_gold_event_snippets_and_triggers_occur_once_in_their_text(texts: dict[str, str]) -> None:
    for name, entry in _gold("events.yaml").items():
        folded = _fold(texts[name])
        for event in entry["events"]:
            assert folded.count(_fold(event["s"])) == 1, (name, event["s"])
            assert all(_fold(word) in folded for word in event["t"]), (name, event["t"])


def _fold(text: str) -> str:
    return " ".join(text.replace("\u2019", "'").lower().split())
