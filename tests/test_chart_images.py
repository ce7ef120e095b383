"""Chart images built and drawn in the background: named before drawn, saved whole,
failures told, and no Altair in the process that asks for them."""

from __future__ import annotations

import os
import subprocess
import sys
from datetime import date
from pathlib import Path

import polars as pl
import pytest

from newsfacts import chart_images
from tests.conftest import ROOT
from tests.pixels import SIGNATURE, png_size


def _figures(*categories: str) -> pl.DataFrame:
    return pl.DataFrame({"category": list(categories), "value": range(len(categories))})


def _events(*dates: date | None) -> pl.DataFrame:
    return pl.DataFrame(
        {"event_date": list(dates), "event_type": ["protest"] * len(dates)},
        schema={"event_date": pl.Date, "event_type": pl.String},
    )


@pytest.fixture(autouse=True)
def private_cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("NEWSFACTS_CACHE_DIR", str(tmp_path / "cache"))
    return tmp_path / "cache"


def test_a_drawing_is_named_by_its_chart_and_data_and_saved_whole(tmp_path: Path) -> None:
    first, again, other = (
        chart_images.draw("figures_by_category", _figures(*c))
        for c in (("deaths", "injured"), ("deaths", "injured"), ("deaths", "displaced"))
    )
    assert first.name == again.name != other.name
    wider = chart_images.draw("figures_by_category", _figures("deaths", "injured"), width=500)
    assert wider.name not in (first.name, other.name)
    target = tmp_path / "out" / "chart.png"
    saved = first.save(target)
    assert chart_images.wait_for_drawings() == []
    assert saved.result() == target
    image = target.read_bytes()
    assert image.startswith(SIGNATURE) and png_size(image)[0] > 100
    assert image == first.png()
    assert [p.name for p in target.parent.iterdir()] == ["chart.png"]  # no temporary file left


def test_the_same_rows_read_in_other_ways_have_the_same_name(tmp_path: Path) -> None:
    events = _events(date(2024, 3, 1), None, date(2024, 3, 4), None, date(2024, 3, 4))
    events.head(2).write_parquet(tmp_path / "a.parquet")
    events.tail(3).write_parquet(tmp_path / "b.parquet")
    read = pl.scan_parquet(tmp_path / "*.parquet").collect()
    pieces = pl.concat([events.head(1), events.tail(4)], rechunk=False)
    widened = events.with_columns(location_name=pl.lit("Lagos"))  # a column the chart never reads
    names = {
        chart_images.draw("timeline", frame, title="Events").name
        for frame in (events, read, pieces, widened)
    }
    assert len(names) == 1
    earlier = chart_images.draw("timeline", events.reverse(), title="Events").name
    retitled = chart_images.draw("timeline", events, title="Other events").name
    assert len(names | {earlier, retitled}) == 3
    assert chart_images.wait_for_drawings() == []


def test_a_change_of_chart_code_draws_anew(monkeypatch: pytest.MonkeyPatch) -> None:
    before = chart_images.draw("figures_by_category", _figures("deaths")).name
    try:
        with monkeypatch.context() as changed:  # as if chart_images.py were no chart code
            changed.setattr(chart_images, "CHART_CODE", ("charts.py",))
            chart_images._chart_code.cache_clear()
            after = chart_images.draw("figures_by_category", _figures("deaths")).name
    finally:
        chart_images._chart_code.cache_clear()
    assert before != after
    assert chart_images.draw("figures_by_category", _figures("deaths")).name == before
    assert chart_images.wait_for_drawings() == []


def test_a_chart_that_cannot_be_built_is_reported_and_leaves_no_file(tmp_path: Path) -> None:
    text_dates = pl.DataFrame({"event_date": ["2024-03-01"], "event_type": ["protest"]})
    broken = chart_images.draw("timeline", text_dates, title="Events")
    fine = chart_images.draw("figures_by_category", _figures("deaths"))
    broken.save(tmp_path / "broken.png")
    fine.save(tmp_path / "fine.png")
    failed = chart_images.wait_for_drawings()
    assert len(failed) == 1 and failed[0].startswith("broken.png: ")
    assert not (tmp_path / "broken.png").exists() and (tmp_path / "fine.png").is_file()
    with pytest.raises(TypeError):
        broken.png()
    assert not list((tmp_path / "cache" / "charts").glob(f"{broken.name}*"))


def test_a_request_without_the_charts_columns_fails_at_once() -> None:
    with pytest.raises(pl.exceptions.ColumnNotFoundError):
        chart_images.draw("timeline", _figures("deaths"), title="Events")
    with pytest.raises(KeyError):
        chart_images.draw("pie", _figures("deaths"))  # type: ignore[arg-type]


def test_a_drawn_chart_comes_from_the_cache(private_cache: Path) -> None:
    name = chart_images.draw("figures_by_category", _figures("Dakar")).name
    chart_images.wait_for_drawings()
    kept = private_cache / "charts" / f"{name}.png"
    kept.write_bytes(SIGNATURE + b"kept")
    drawing = chart_images.draw("figures_by_category", _figures("Dakar"))
    assert drawing.image.done() and drawing.png() == SIGNATURE + b"kept"


def test_the_build_process_does_not_import_altair() -> None:
    modules = "pipelines.definitions, pipelines.cli, assets.metadata, newsfacts.report"
    check = (
        f"import sys, {modules}; print([m for m in ('altair', 'vl_convert') if m in sys.modules])"
    )
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    done = subprocess.run(
        [sys.executable, "-c", check], env=env, capture_output=True, text=True, timeout=120
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "[]"
