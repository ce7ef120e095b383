"""Near-duplicate detection on the seeds and on hand-made syndicated copies."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import polars as pl
from hypothesis import given
from hypothesis import strategies as st

from newsfacts.duplicates import find_duplicates
from newsfacts.schemas import frame
from newsfacts.signatures import shingles

SEEDS = Path(__file__).resolve().parent.parent / "data" / "seeds"

OTHER_CHROME_TOP = "Home | World | Middle East\n\nSubscribe to our morning briefing\n\n"
OTHER_CHROME_BOTTOM = (
    "\n\nRead more: Markets rally as rates hold\n\nFollow us on social media\n\n"
    "Copyright 2024 The Daily Courier. All rights reserved."
)


def articles(texts: dict[str, str], dates: dict[str, date] | None = None) -> pl.DataFrame:
    """An articles frame holding just what duplicate detection reads."""
    dates = dates or {}
    rows = [
        {
            "doc_id": doc_id,
            "source_path": f"{doc_id}.txt",
            "source_format": "text",
            "published_date": dates.get(doc_id),
            "published_date_basis": "metadata" if doc_id in dates else "unknown",
            "language": "en",
            "raw_chars": len(text),
            "clean_chars": len(text),
            "boilerplate_lines": 0,
            "clean_text": text,
        }
        for doc_id, text in texts.items()
    ]
    return frame("articles", rows)


def seed_texts() -> dict[str, str]:
    return {path.stem.split("_")[1]: path.read_text() for path in sorted(SEEDS.glob("*.txt"))}


def test_seeds_are_not_copies_of_each_other() -> None:
    assert find_duplicates(articles(seed_texts())) == {}


def test_copy_with_other_outlets_chrome_points_to_earlier_original() -> None:
    seeds = seed_texts()
    original_id = sorted(seeds)[-1]
    copy_id = "f" * 16
    texts = {**seeds, copy_id: OTHER_CHROME_TOP + seeds[original_id] + OTHER_CHROME_BOTTOM}
    dates = {original_id: date(2024, 2, 8), copy_id: date(2024, 2, 9)}
    assert find_duplicates(articles(texts, dates)) == {copy_id: original_id}


def test_earlier_copy_is_kept_even_with_larger_doc_id() -> None:
    seeds = seed_texts()
    original_id = sorted(seeds)[0]
    copy_id = "0" * 16
    texts = {original_id: seeds[original_id], copy_id: seeds[original_id] + OTHER_CHROME_BOTTOM}
    dates = {original_id: date(2024, 2, 7), copy_id: date(2024, 2, 8)}
    assert find_duplicates(articles(texts, dates)) == {copy_id: original_id}


def test_trimmed_copy_is_a_duplicate_and_undated_copy_is_not_kept() -> None:
    seeds = seed_texts()
    original_id = sorted(seeds)[3]
    paragraphs = seeds[original_id].split("\n\n")
    trimmed = "\n\n".join(paragraphs[: len(paragraphs) * 2 // 3])
    texts = {"a" * 16: trimmed, original_id: seeds[original_id]}
    result = find_duplicates(articles(texts, {original_id: date(2024, 1, 5)}))
    assert result == {"a" * 16: original_id}


def test_two_independent_reports_of_one_event_are_not_duplicates() -> None:
    first = (
        "A roadside bomb killed four soldiers near the town of Varenka on Monday, the army said. "
        "The blast struck a patrol returning from the border crossing at dawn. Officials blamed "
        "the Northern Liberation Front, which has not commented. Two other soldiers were "
        "wounded and taken to the regional hospital, a military spokesman told reporters. "
        "The front has stepped up attacks on convoys since the ceasefire collapsed in March."
    )
    second = (
        "Four soldiers died on Monday when an improvised explosive device hit their patrol "
        "outside Varenka, according to the defence ministry. Residents said they heard a loud "
        "explosion shortly after sunrise. No group has claimed the attack, but the government "
        "accused the Northern Liberation Front. The wounded were evacuated by helicopter. "
        "Fighting in the province has intensified since a truce broke down this spring."
    )
    assert find_duplicates(articles({"1" * 16: first, "2" * 16: second})) == {}


def test_short_texts_are_never_called_copies() -> None:
    assert find_duplicates(articles({"1" * 16: "Breaking news", "2" * 16: "Breaking news"})) == {}


@given(
    st.lists(
        st.sampled_from(["strike", "killed", "the", "army", "said", "on", "Monday"]),
        min_size=6,
        max_size=60,
    )
)
def test_shingles_ignore_case_punctuation_and_spacing(words: list[str]) -> None:
    plain = " ".join(words)
    restyled = ",  ".join(word.upper() for word in words) + "."
    assert shingles(plain) == shingles(restyled)


def test_long_single_line_text_is_fast() -> None:
    text = "word " * 400_000
    assert len(shingles(text)) == 1
