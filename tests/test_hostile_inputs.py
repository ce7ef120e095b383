"""Hostile inputs through a real build: absurd numbers, invisible characters, huge lines.

Each test writes its own seeds folder, runs the whole pipeline (``run_all``)
into a fresh warehouse and reads the published DuckDB file.
"""

from __future__ import annotations

import math
import subprocess
import sys
import tracemalloc
from collections.abc import Callable
from pathlib import Path
from typing import Any

import duckdb
import pytest
from hypothesis import given
from hypothesis import strategies as st

from newsfacts.cleanup import INVISIBLE, clean_text_lines
from newsfacts.figures import sentence_figures
from newsfacts.figures.numbers import MAX_VALUE
from newsfacts.paths import Paths
from newsfacts.sentences import split_sentences
from newsfacts.signatures import signature
from newsfacts.stages.build import run_all
from newsfacts.stages.executor import SerialExecutor

ABSURD_NUMBERS = ("1e308", "1,000,000,000,000,000,000,000", "9" * 100_000)


def _build(tmp_path: Path, files: dict[str, str]) -> Paths:
    seeds = tmp_path / "seeds"
    seeds.mkdir()
    for name, text in files.items():
        (seeds / name).write_text(text, encoding="utf-8")
    paths = Paths.of(seeds, tmp_path / "warehouse")
    run_all(paths, SerialExecutor())
    return paths


def _query(paths: Paths, sql: str) -> list[tuple[Any, ...]]:
    con = duckdb.connect(str(paths.duckdb_path), read_only=True)
    try:
        return con.execute(sql).fetchall()
    finally:
        con.close()


@pytest.mark.parametrize("number", ABSURD_NUMBERS, ids=["1e308", "sextillion", "100k_digits"])
def test_a_number_beyond_any_count_is_no_figure_and_its_neighbours_stay(number: str) -> None:
    sentence = f"Shelling killed {number} people and wounded 40 others, one post said."
    figures = sentence_figures(sentence)
    assert [f.surface for f in figures] == ["40 others"]
    assert all(f.value is None or math.isfinite(f.value) for f in figures)


def test_the_largest_plausible_amounts_are_still_read() -> None:
    (figure,) = sentence_figures("The fund holds $1.5 trillion in assets, the bank said.")
    assert figure.value == 1.5e12 <= MAX_VALUE


def test_a_document_with_absurd_numbers_keeps_its_events_and_figures(tmp_path: Path) -> None:
    absurd = " ".join(f"A post claimed that shelling killed {n} people." for n in ABSURD_NUMBERS)
    article = (
        "Clashes continue in the north\n\n"
        "An airstrike on a market in the northern town killed 12 civilians on Tuesday, "
        "local officials said. Rebels attacked an army checkpoint near the border and "
        f"wounded 7 soldiers, the military said.\n\n{absurd}\n\n"
        "Troops shelled the village on Wednesday and killed 5 people, residents said.\n"
    )
    paths = _build(tmp_path, {"absurd.txt": article})
    assert _query(paths, "SELECT reason, stage, detail FROM rejects") == []
    tolls = _query(
        paths, "SELECT fatalities, injuries FROM events WHERE coalesce(fatalities, injuries) > 0"
    )
    assert sorted(tolls, key=str) == sorted([(12, None), (None, 7), (5, None)], key=str)
    figures = _query(paths, "SELECT surface, value FROM figures ORDER BY char_start")
    assert figures == [("12 civilians", 12.0), ("7 soldiers", 7.0), ("5 people", 5.0)]
    assert _query(paths, "SELECT max(fatalities) FROM story_events") == [(12,)]


# Spaces that typesetting puts between digit groups ("1 000" in SI style).
GROUP_SPACES = "\u00a0\u2007\u2009\u202f"


def _clean_figures(text: str) -> list[tuple[str, float | None]]:
    """(surface, value) of every figure of a cleaned text, checking offsets into it."""
    clean = clean_text_lines(text).clean_text
    found = []
    for sentence in split_sentences("doc", clean):
        for figure in sentence_figures(sentence.text):
            start, end = sentence.char_start + figure.start, sentence.char_start + figure.end
            assert clean[start:end] == figure.surface
            found.append((figure.surface, figure.value))
    return found


def test_a_zero_width_space_inside_a_number_is_one_figure_in_a_real_build(
    tmp_path: Path,
) -> None:
    article = "Village attacked\n\nGunmen stormed the village. 1\u200b000 people were killed.\n"
    paths = _build(tmp_path, {"hidden.txt": article})
    figures = _query(
        paths,
        "SELECT surface, value, substring(clean_text, char_start + 1, char_end - char_start) "
        "FROM figures JOIN articles USING (doc_id)",
    )
    assert figures == [("1000 people", 1000.0, "1000 people")]
    (clean,) = _query(paths, "SELECT clean_text FROM articles")
    assert not set(clean[0]) & set(INVISIBLE)


@given(
    n=st.integers(1_000, 999_999_999),
    invisible=st.sampled_from(sorted(INVISIBLE)),
    where=st.integers(0, 60),
)
def test_invisible_characters_anywhere_leave_numbers_and_offsets_exact(
    n: int, invisible: str, where: int
) -> None:
    plain = f"Officials said {n:,} people were killed in the attack."
    cut = min(where, len(plain))
    hidden = plain[:cut] + invisible + plain[cut:]
    assert _clean_figures(hidden) == _clean_figures(plain) == [(f"{n:,} people", float(n))]


@given(n=st.integers(1_000, 999_999_999), space=st.sampled_from(GROUP_SPACES))
def test_digit_groups_set_with_no_break_or_thin_spaces_are_one_number(n: int, space: str) -> None:
    grouped = f"{n:,}".replace(",", space)
    ((surface, value),) = _clean_figures(f"Officials said {grouped} people were killed.")
    assert value == n and surface.endswith(" people")


def test_a_no_break_space_between_words_or_a_year_and_a_count_stays_a_space() -> None:
    assert _clean_figures("In\u00a02023\u00a0100 people were killed.") == [("100 people", 100.0)]
    assert clean_text_lines("Gunmen\u00a0killed\u202fvillagers.").clean_text == (
        "Gunmen killed villagers."
    )


def test_full_width_and_ligature_letters_and_digits_fold_but_symbols_stay() -> None:
    clean = clean_text_lines("Ｇｕｎｍｅｎ ﬁred at １２ people, ½ of them in 5 km².").clean_text
    assert clean == "Gunmen fired at 12 people, ½ of them in 5 km²."


def _single_line_report(size: int) -> str:
    """A long report on one line: varied sentences about many places and tolls."""
    places = ("Arden", "Belmora", "Castor", "Dunmere", "Elvaro", "Fenwick", "Galdor", "Hester")
    sentences = []
    k = length = 0
    while length < size:
        place, n = places[k % len(places)], 3 + k % 997
        sentences.append(
            (
                f"Gunmen killed {n} villagers in {place} on Tuesday, police said.",
                f"“We will not leave,” said a resident of {place}.",
                f"Aid agencies said {n:,},000 people had fled {place} since March.",
                f"Prices in {place} rose {k % 40 + 2}% in a month, traders said.",
            )[k % 4]
        )
        length += len(sentences[-1])
        k += 1
    return "A long report\n\n" + " ".join(sentences) + "\n"


def test_a_megabyte_on_one_line_builds_with_exact_offsets(tmp_path: Path) -> None:
    paths = _build(tmp_path, {"long.txt": _single_line_report(1_000_000)})
    assert _query(paths, "SELECT count(*) FROM rejects") == [(0,)]
    (sentences,) = _query(paths, "SELECT count(*) FROM sentences")
    assert sentences[0] > 10_000
    for table, surface in (("figures", "surface"), ("events", "trigger"), ("quotes", "text")):
        rows, wrong = _query(
            paths,
            f"SELECT count(*), count(*) FILTER (WHERE substring(clean_text, char_start + 1, "
            f"char_end - char_start) <> {surface}) FROM {table} JOIN articles USING (doc_id)",
        )[0]
        assert rows > 1_000 and wrong == 0, table


def _peak_bytes(work: Callable[[], object]) -> int:
    """Peak Python memory allocated while ``work`` runs, beyond what was held before."""
    tracemalloc.start()
    try:
        base = tracemalloc.get_traced_memory()[0]
        work()
        return tracemalloc.get_traced_memory()[1] - base
    finally:
        tracemalloc.stop()


@pytest.mark.parametrize("step", [clean_text_lines, signature], ids=["cleanup", "signature"])
def test_a_long_single_line_is_processed_in_a_few_times_its_size(
    step: Callable[[str], object],
) -> None:
    text = _single_line_report(300_000)
    step(text[:1_000])  # reference data loaded before measuring
    assert _peak_bytes(lambda: step(text)) < 15 * len(text)


# Story clustering of one document of this many generated mentions, in a child process
# whose peak resident memory (Linux: VmHWM) is read before and after. 12,000: the
# per-mention cost dominates the fixed one (SQLite, polars) and it takes seconds.
_STORY_MENTIONS = 12_000
_STORY_PROGRAM = """
import sys, tempfile
from pathlib import Path
from newsfacts.stories import StoryIndex
from newsfacts.stories.documents import documents_of
from newsfacts.story_benchmark import generated_events

def peak():
    # This process's own peak: ru_maxrss would start from the parent's, kept across exec.
    lines = Path("/proc/self/status").read_text().splitlines()
    return int(next(line.split()[1] for line in lines if line.startswith("VmHWM"))) * 1024

with tempfile.TemporaryDirectory() as folder:
    with StoryIndex(Path(folder) / "warm.sqlite") as index:
        index.apply(documents_of(*generated_events(50, seed=1)), ())
    events, articles = generated_events(int(sys.argv[1]))
    before = peak()
    with StoryIndex(Path(folder) / "stories.sqlite") as index:
        index.apply(documents_of(events, articles), ())
    print(peak() - before)
"""


@pytest.mark.skipif(not Path("/proc/self/status").is_file(), reason="reads /proc/self/status")
def test_story_clustering_of_one_long_document_takes_little_memory_per_mention() -> None:
    """A long single-line file tells tens of thousands of mentions in one document;
    clustering them holds about 2 KB a mention (it held 8 KB as dicts of rows, units
    with their own sets and every story's rows at once)."""
    run = subprocess.run(
        [sys.executable, "-c", _STORY_PROGRAM, str(_STORY_MENTIONS)],
        capture_output=True,
        text=True,
        check=True,
    )
    growth = int(run.stdout.split()[-1])
    assert growth < 4_000 * _STORY_MENTIONS, f"{growth // _STORY_MENTIONS} bytes a mention"


# The per-document map (cleanup, sentences, then every extractor) of one file, in a child
# process. Its growth is its peak resident memory (VmHWM) beyond what it held (VmRSS)
# after a warm-up run on a small file, which loaded the reference data.
_MAP_PROGRAM = """
import gc, sys, tempfile
from pathlib import Path
from newsfacts.ingest import scan_seeds
from newsfacts.stages.document_map import BatchTask, FileTask, run_batch

def status(key):
    lines = Path("/proc/self/status").read_text().splitlines()
    return int(next(line.split()[1] for line in lines if line.startswith(key))) * 1024

def run(seeds, out):
    (seed,) = scan_seeds(Path(seeds))
    run_batch(BatchTask("batch", out, (FileTask(seed.source_path, seed, frozenset()),)))

with tempfile.TemporaryDirectory() as folder:
    run(sys.argv[1], folder + "/warm")
    gc.collect()
    held = status("VmRSS")
    run(sys.argv[2], folder + "/long")
    print(status("VmHWM") - held)
"""


@pytest.mark.skipif(not Path("/proc/self/status").is_file(), reason="reads /proc/self/status")
def test_extracting_one_long_single_line_document_holds_a_few_dozen_times_its_size(
    tmp_path: Path,
) -> None:
    """Every stage of the per-document map on a megabyte with no line break grows by
    about 45 bytes an input byte at the peak; it grew by 71 while every stage's rows
    were kept as dicts until the batch ended and all its frames until they were written."""
    text = _single_line_report(1_000_000)
    for name, body in (("warm", text[:3_000] + "\n"), ("long", text)):
        (tmp_path / name).mkdir()
        (tmp_path / name / "report.txt").write_text(body, encoding="utf-8")
    run = subprocess.run(
        [sys.executable, "-c", _MAP_PROGRAM, str(tmp_path / "warm"), str(tmp_path / "long")],
        capture_output=True,
        text=True,
        check=True,
    )
    growth = int(run.stdout.split()[-1])
    assert growth < 56 * len(text), f"{growth / len(text):.1f} bytes an input byte"
