"""The documents step after a change: what it reports equals a build from scratch.

The rejects, the documents not extracted for their language and the skipped
records are kept per batch between runs; each edit below changes them in one
batch (a new one, or an old one the edited file leaves) while the other
batches stay untouched, and the build after it must equal a build of the
same folder from scratch, table for table and count for count.
"""

from __future__ import annotations

import gzip
from collections.abc import Callable
from pathlib import Path

import polars as pl
import pytest

from newsfacts.paths import Paths
from newsfacts.stages import build as build_module
from newsfacts.stages.build import run_all
from newsfacts.stages.executor import SerialExecutor
from newsfacts.stages.store import Store
from tests.fault_build import start_fault_build
from tests.format_builders import article_html, article_text
from tests.test_engine import CHROME, _article, assert_same_tables
from tests.test_input_formats_pipeline import FRENCH, build_every_format

COUNTS = ("seed_files", "rejected_files", "non_english_documents", "skipped_records")


def _fix_page(seeds: Path) -> None:
    title, body = article_text("Galway", 48).split("\n\n", 1)
    (seeds / "broken.html").write_text(article_html(title, body), encoding="utf-8")


def _break_archive(seeds: Path) -> None:
    (seeds / "zz-broken.txt.gz").write_bytes(b"\x1f\x8b\x08 cut short")


def _drop_kept_copy(seeds: Path) -> None:
    """note.txt is kept and zz-copy.txt.gz, the same text, is its duplicate: it is kept now."""
    (seeds / "note.txt").unlink(missing_ok=True)


def _french_in_english(seeds: Path) -> None:
    (seeds / "french.txt").write_text(article_text("Tarnow", 61), encoding="utf-8")


def _french_again(seeds: Path) -> None:
    (seeds / "french_again.txt.gz").write_bytes(gzip.compress(FRENCH.encode()))


def _drop_archive(seeds: Path) -> None:
    (seeds / "crawl.warc.gz").unlink(missing_ok=True)


def _drop_rejects(seeds: Path) -> None:
    for name in ("broken.rss", "prices.csv", "zz-broken.txt.gz"):
        (seeds / name).unlink(missing_ok=True)


EDITS: list[tuple[str, Callable[[Path], None]]] = [
    ("a rejected page is fixed", _fix_page),
    ("a new file is rejected", _break_archive),
    ("the kept copy of a document goes", _drop_kept_copy),
    ("a French article becomes English", _french_in_english),
    ("a French article arrives", _french_again),
    ("an archive with skipped records goes", _drop_archive),
    ("rejected files of several batches go", _drop_rejects),
]


@pytest.fixture(scope="module")
def growing(tmp_path_factory: pytest.TempPathFactory) -> Paths:
    root = tmp_path_factory.mktemp("increments")
    build_every_format(root / "seeds")
    paths = Paths.of(root / "seeds", root / "warehouse")
    run_all(paths, SerialExecutor())
    return paths


@pytest.mark.parametrize("edit", [e for _, e in EDITS], ids=[name for name, _ in EDITS])
def test_each_edit_builds_what_a_build_from_scratch_builds(
    growing: Paths, edit: Callable[[Path], None], tmp_path: Path
) -> None:
    """The edits run in order on one folder, each built on the warehouse of the last."""
    edit(growing.seeds_dir)
    after = run_all(growing, SerialExecutor())["documents"]
    scratch = Paths.of(growing.seeds_dir, tmp_path / "scratch")
    fresh = run_all(scratch, SerialExecutor())["documents"]
    assert {k: after.notes[k] for k in COUNTS} == {k: fresh.notes[k] for k in COUNTS}
    assert after.rows == fresh.rows
    assert_same_tables(scratch, growing)


def test_a_build_killed_after_a_line_became_chrome_leaves_the_next_to_finish(
    tmp_path: Path,
) -> None:
    """A third file makes a line chrome, which changes the first two files' documents too.
    A build killed in the map has saved the new line counts but not the documents: the
    next build must still rewrite the first two."""
    seeds = tmp_path / "seeds"
    seeds.mkdir()
    paths = Paths.of(seeds, tmp_path / "warehouse")
    for number in (1, 2):
        (seeds / f"council_{number}.txt").write_text(_article(number), encoding="utf-8")
    run_all(paths, SerialExecutor())
    (seeds / "council_3.txt").write_text(_article(3), encoding="utf-8")
    process = start_fault_build(paths, "extraction")
    assert process.wait(timeout=600) == 9, process.stderr.read().decode() if process.stderr else ""
    run_all(paths, SerialExecutor())
    scratch = Paths.of(seeds, tmp_path / "scratch")
    run_all(scratch, SerialExecutor())
    assert_same_tables(scratch, paths)
    texts = pl.read_parquet(paths.published("articles") / "*.parquet")["clean_text"]
    assert not any(CHROME in text for text in texts)


def test_articles_added_one_at_a_time_are_merged_into_few_batches(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Each one-article build makes a batch of one file; the build that finds
    ``SMALL_BATCHES`` small batches reads their files again as one, and the tables stay
    those of a build from scratch."""
    monkeypatch.setattr(build_module, "SMALL_BATCHES", 3)
    paths = Paths.of(tmp_path / "seeds", tmp_path / "warehouse")
    paths.seeds_dir.mkdir()
    (paths.seeds_dir / "a.txt").write_text(article_text("Galway", 12), encoding="utf-8")
    run_all(paths, SerialExecutor())
    merged = []
    for number, place in enumerate(["Tarnow", "Marlow", "Lodz", "Gdansk", "Rye", "Cork"]):
        text = article_text(place, 20 + number, "Tuesday")
        (paths.seeds_dir / f"{place.lower()}.txt").write_text(text, encoding="utf-8")
        merged.append(run_all(paths, SerialExecutor())["documents"].notes["small_batches_merged"])
        assert len(Store.open(paths.store_dir).batches) <= 3
    assert merged == [0, 0, 3, 0, 0, 3]
    scratch = Paths.of(paths.seeds_dir, tmp_path / "scratch")
    run_all(scratch, SerialExecutor())
    assert_same_tables(scratch, paths)
