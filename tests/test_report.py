"""The HTML report as a reader sees it: in a real browser, every chart drawn."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from newsfacts.paths import Paths
from newsfacts.report import CHARTS_DIR, write_report
from newsfacts.stages.build import run_all
from newsfacts.stages.declarations import PUBLISHED_TABLES
from tests.browser import Browser, chromium
from tests.conftest import SEEDS
from tests.pixels import blank_png, colourful_share, png_size

# A drawn chart has coloured marks; a missing or empty image has none.
MIN_COLOURFUL_SHARE = 0.002
CHARTS = ("timeline", "map", "figures")


@pytest.fixture(scope="module")
def published(tmp_path_factory: pytest.TempPathFactory) -> Paths:
    paths = Paths.of(SEEDS, tmp_path_factory.mktemp("report") / "warehouse")
    run_all(paths)
    return paths


def test_report_lists_the_tables_and_links_its_charts_relatively(published: Paths) -> None:
    report = write_report(published, PUBLISHED_TABLES)
    assert report.html == published.warehouse_dir / "report.html"
    page = report.html.read_text(encoding="utf-8")
    for table in PUBLISHED_TABLES:
        assert f"<td>{table}</td>" in page
    assert set(report.charts) == set(CHARTS)
    for chart in report.charts.values():
        assert f"src='{CHARTS_DIR}/{chart.name}'" in page
        width, height = png_size(chart.read_bytes())
        assert width > 300 and height > 100
    assert "Contested figures" in page and "Events reported by several sources" in page
    assert "Anbar" in page  # the strikes three sources report, with their spread of deaths


def undrawn_charts(report: Path, screenshots: Path) -> list[str]:
    """The charts of ``report`` that Chromium does not draw (missing, broken or blank)."""
    undrawn = []
    with Browser(1200, 900) as browser:
        browser.open(report.as_uri())
        browser.wait_for("[...document.images].every(i => i.complete)")
        sizes = {image["alt"]: image["width"] for image in browser.images()}
        for chart in CHARTS:
            shot = browser.screenshot_of(f"#chart-{chart} img", screenshots / f"{chart}.png")
            alt = browser.evaluate(f"document.querySelector('#chart-{chart} img').alt")
            if sizes.get(alt, 0) == 0 or colourful_share(shot) < MIN_COLOURFUL_SHARE:
                undrawn.append(chart)
    return undrawn


@pytest.mark.skipif(chromium() is None, reason="needs Debian's chromium (apt-get install chromium)")
def test_every_chart_is_drawn_in_a_browser_and_a_missing_one_is_noticed(
    published: Paths, tmp_path: Path
) -> None:
    report = write_report(published, PUBLISHED_TABLES)
    assert undrawn_charts(report.html, tmp_path) == []

    copy = tmp_path / "copy"
    shutil.copytree(published.warehouse_dir, copy)
    (copy / CHARTS_DIR / "map.png").unlink()
    (copy / CHARTS_DIR / "figures_by_category.png").write_bytes(blank_png(600, 200))
    assert undrawn_charts(copy / "report.html", tmp_path) == ["map", "figures"]
