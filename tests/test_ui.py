"""The Dagster UI as a person sees it: the real webserver, pages in headless Chromium.

One build goes into a temporary instance through the command-line entry point;
then the webserver serves that instance and the asset pages of figures, events
and story_events are checked for what the issue asked them to show: the column
schema, a readable preview, the named checks and charts that are really drawn.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest

from newsfacts.paths import Paths
from pipelines.build import build
from pipelines.resources import WarehouseConfig
from tests.browser import Browser, chromium, free_port
from tests.conftest import ROOT, SEEDS
from tests.pixels import colourful_share

pytestmark = pytest.mark.skipif(
    chromium() is None, reason="needs Debian's chromium (apt-get install chromium)"
)
MIN_COLOURFUL_SHARE = 0.002


@pytest.fixture(scope="module")
def webserver(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """A built warehouse and the Dagster webserver showing its instance; yields the URL."""
    home = tmp_path_factory.mktemp("dagster_home")
    (home / "dagster.yaml").write_text("telemetry:\n  enabled: false\n")
    (home / ".nux").mkdir()
    (home / ".nux" / "nux.yaml").write_text("seen: 1\n")  # no first-run dialog
    paths = Paths.of(SEEDS, tmp_path_factory.mktemp("ui") / "warehouse")
    env = {
        **os.environ,
        "DAGSTER_HOME": str(home),
        "NEWSFACTS_SEEDS_DIR": str(paths.seeds_dir),
        "NEWSFACTS_WAREHOUSE_DIR": str(paths.warehouse_dir),
    }
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("DAGSTER_HOME", str(home))
        settings = WarehouseConfig(
            seeds_dir=str(paths.seeds_dir), warehouse_dir=str(paths.warehouse_dir)
        )
        assert build(settings.seeds_dir, settings.warehouse_dir).success
    port = free_port()
    server = subprocess.Popen(
        [
            str(Path(sys.executable).parent / "dagster-webserver"),
            "-h",
            "127.0.0.1",
            "-p",
            str(port),
            "-m",
            "pipelines.definitions",
            "-a",
            "defs",
        ],
        cwd=home,
        env={**env, "PYTHONPATH": str(ROOT)},
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 180
        while True:
            try:
                with urllib.request.urlopen(f"{url}/server_info", timeout=2):
                    break
            except OSError:
                assert server.poll() is None, "the webserver stopped"
                assert time.monotonic() < deadline, "the webserver did not start"
                time.sleep(1)
        yield url
    finally:
        os.killpg(server.pid, signal.SIGINT)
        try:
            server.wait(timeout=30)
        except subprocess.TimeoutExpired:
            os.killpg(server.pid, signal.SIGKILL)


def _open_asset(browser: Browser, url: str, asset: str) -> str:
    browser.open(f"{url}/assets/{asset}")
    browser.wait_for("document.body.innerText.includes('Metadata')")
    browser.wait_for("document.body.innerText.includes('preview')")
    browser.wait_for("[...document.images].every(i => i.complete)")
    return str(browser.evaluate("document.body.innerText"))


@pytest.mark.parametrize(
    ("asset", "charts", "texts"),
    [
        ("figures", 1, ["surface", "qualifier", "quantity_noun", "killed", "one of: killed"]),
        ("events", 1, ["trigger", "event_type", "actor_name", "PLOVER type"]),
        ("story_events", 2, ["n_docs", "sources", "Baghdad"]),
    ],
)
def test_asset_page_shows_schema_preview_and_drawn_charts(
    webserver: str, tmp_path: Path, asset: str, charts: int, texts: list[str]
) -> None:
    with Browser(1500, 3600) as browser:
        _open_asset(browser, webserver, asset)
        for text in ["Columns", "Pandera", "Polars", "Parquet", "newsfacts", *texts]:
            # parts of the page load one after the other: wait for each, then it is there
            browser.wait_for(f"document.body.innerText.includes({json.dumps(text)})")
        # the chart images arrive with the metadata, after the texts: wait for them too
        browser.wait_for(
            f"((shown) => shown.length >= {charts} && shown.every(i => i.complete))"
            "([...document.images].filter(i => (i.src || '').includes('newsfacts_charts')))"
        )
        images = [i for i in browser.images() if "newsfacts_charts" in (i["src"] or "")]
        assert len(images) == charts
        assert all(image["width"] > 0 for image in images), images
        for n, image in enumerate(images):
            selector = f"img[src='{image['src']}']"
            shot = browser.screenshot_of(selector, tmp_path / f"{asset}_{n}.png")
            assert colourful_share(shot) > MIN_COLOURFUL_SHARE, f"{asset}: chart {n} is blank"


def test_checks_tab_lists_the_named_checks(webserver: str) -> None:
    with Browser(1500, 1200) as browser:
        browser.open(f"{webserver}/assets/figures?view=checks")
        checks = ["bounds_ordered", "drift", "ids_resolve", "offsets_index_text", "schema"]
        checks.append("unique_keys")
        listed = " && ".join(f"document.body.innerText.includes('{c}')" for c in checks)
        browser.wait_for(listed)  # fails by timeout when a check is missing
        page = str(browser.evaluate("document.body.innerText"))
    assert "Checks (6)" in page
