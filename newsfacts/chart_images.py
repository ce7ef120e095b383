"""PNG images of the dataset's charts, built and drawn in a process of their own.

Building a chart's Vega-Lite spec needs Altair (a third of a second to import, and
as long again to build the map's land points), and drawing takes a quarter to half
a second per chart, the first starting a JavaScript runtime that holds Python's
lock for more than half a second: in the build's process that stalled every step.
So the build process only sends the chart's name, its options and the columns it
reads (Arrow IPC bytes) to one spawned worker process, which builds the spec with
``newsfacts.charts`` and draws it while the build goes on; this module imports
neither Altair nor vl-convert outside that process.

An image is named by the hash of what it is drawn from (the chart, its options, its
data and the chart code), so a link to it can be written before it exists, and
kept in the cache folder by that name: a rebuild that changes little redraws
little. ``wait_for_drawings`` is the point where every image asked for exists, or
its error is known.
"""

from __future__ import annotations

import hashlib
import io
import json
import logging
import multiprocessing
import threading
from concurrent.futures import Future, ProcessPoolExecutor, ThreadPoolExecutor, wait
from dataclasses import dataclass
from functools import cache
from importlib.metadata import version
from pathlib import Path
from typing import Any, Literal

import polars as pl

from newsfacts.paths import cache_dir
from newsfacts.stages.store import write_bytes_atomic

# Chart widths in pixels: the Dagster UI shows an image at its own size in a
# metadata column about 380 pixels wide; the HTML report has room for more.
UI_WIDTH = 340
REPORT_WIDTH = 640
# The charts ``newsfacts.charts`` builds, and the columns each reads, so that
# callers read no more of a large table and send no more to the drawing process.
Builder = Literal["timeline", "figures_by_category", "located_events_map"]
TIMELINE_COLUMNS = ("event_date", "event_type")
FIGURES_COLUMNS = ("category",)
MAP_COLUMNS = ("location_name", "latitude", "longitude", "n_docs")
CHART_COLUMNS: dict[Builder, tuple[str, ...]] = {
    "timeline": TIMELINE_COLUMNS,
    "figures_by_category": FIGURES_COLUMNS,
    "located_events_map": MAP_COLUMNS,
}
# What an image depends on besides its request: a change to any of these draws anew
# (polars also hashes the rows for the name, the same only within one version).
CHART_CODE = ("charts.py", "chart_images.py")
CHART_PACKAGES = ("altair", "polars", "vl-convert-python")
CACHE_FILES = 256
LOGGER = logging.getLogger("newsfacts.charts")

_LOCK = threading.Lock()
_DRAWER: ProcessPoolExecutor | None = None
# Saves wait for their drawing, then write: one thread, which waits without Python's lock.
_SAVER = ThreadPoolExecutor(max_workers=1, thread_name_prefix="newsfacts-chart-saves")
_IMAGES: dict[str, Future[bytes]] = {}
_SAVES: list[tuple[Path, Future[Path]]] = []


@dataclass(frozen=True)
class Drawing:
    """A chart being drawn: ``name`` (the hash of what it is drawn from) is known at once,
    the image later."""

    name: str
    image: Future[bytes]

    def png(self) -> bytes:
        """The image, waiting for it if it is still being drawn."""
        return self.image.result()

    def save(self, target: Path) -> Future[Path]:
        """Write the image to ``target`` once drawn (atomically: a reader never sees half
        an image); the future, or ``wait_for_drawings``, tells when it is there."""
        saved = _SAVER.submit(_write, self.image, target)
        with _LOCK:
            _SAVES.append((target, saved))
        return saved


def draw(builder: Builder, data: pl.DataFrame, **options: str | int) -> Drawing:
    """Start drawing ``builder``'s chart of ``data``, unless the cache has it.

    ``options`` are the builder's keyword arguments (``title``, ``width``). A chart
    that cannot be built or drawn is told by ``wait_for_drawings`` (and ``png``).
    The name hashes the rows' values rather than the Arrow bytes sent: those also
    hold what lies under a null and how strings are laid out, which differ with how
    the same rows were read (Parquet files, DuckDB), and would redraw the same chart.
    """
    frame = data.select(CHART_COLUMNS[builder])
    request = json.dumps([builder, options, str(frame.schema)], sort_keys=True).encode()
    rows = frame.hash_rows().to_numpy().tobytes()
    name = hashlib.sha256(_chart_code() + request + rows).hexdigest()[:32]
    with _LOCK:
        image = _IMAGES.get(name)
        if image is None:
            cached = _cache_path(name)
            image = _IMAGES[name] = _read(cached) or _drawer().submit(
                render, builder, options, frame.write_ipc(None).getvalue(), cached
            )
    return Drawing(name, image)


def wait_for_drawings() -> list[str]:
    """Wait until every drawing and save asked for in this process is done; what failed.

    Drawn images are then let go (the cache folder keeps them), so a long-lived
    process does not accumulate them.
    """
    with _LOCK:
        images, saves = list(_IMAGES.values()), list(_SAVES)
        _IMAGES.clear()
        _SAVES.clear()
    pending: list[Future[Any]] = [*images, *(saved for _, saved in saves)]
    wait(pending)
    failed = [f"{target.name}: {saved.exception()}" for target, saved in saves if saved.exception()]
    for line in failed:
        LOGGER.warning("a chart could not be drawn: %s", line)
    return failed


def stop_drawing() -> None:
    """Finish every drawing asked for, then stop the drawing process (a process that
    ends without Python's own shutdown must do this itself)."""
    global _DRAWER
    wait_for_drawings()
    if _DRAWER is not None:
        _DRAWER.shutdown(wait=True)
        _DRAWER = None


def render(builder: Builder, options: dict[str, str | int], data: bytes, cached: Path) -> bytes:
    """Build and draw a chart of the Arrow IPC frame ``data`` and keep the image as
    ``cached`` (runs in the drawing process, the only one that imports Altair)."""
    import vl_convert

    from newsfacts import charts

    spec = charts.spec(builder, pl.read_ipc(io.BytesIO(data)), options)
    image = bytes(vl_convert.vegalite_to_png(spec, scale=1))
    _store(cached, image)
    return image


@cache
def _chart_code() -> bytes:
    """The version of what draws the images: the sources of the chart modules and the
    versions of the packages they use (read, not imported)."""
    digest = hashlib.sha256()
    for module in CHART_CODE:
        digest.update(Path(__file__).with_name(module).read_bytes())
    for package in CHART_PACKAGES:
        digest.update(version(package).encode())
    return digest.digest()


def _drawer() -> ProcessPoolExecutor:
    """The drawing process, spawned on first use (not forked: the caller may be a Dagster
    run with threads and open database handles) and kept for the process's life."""
    global _DRAWER
    if _DRAWER is None:
        context = multiprocessing.get_context("spawn")
        _DRAWER = ProcessPoolExecutor(max_workers=1, mp_context=context)
    return _DRAWER


def _cache_path(name: str) -> Path:
    return cache_dir() / "charts" / f"{name}.png"


def _read(path: Path) -> Future[bytes] | None:
    try:
        image = path.read_bytes()
    except OSError:
        return None
    done: Future[bytes] = Future()
    done.set_result(image)
    return done


def _store(path: Path, image: bytes) -> None:
    """Keep a drawing; the oldest go when the cache holds more than ``CACHE_FILES``."""
    try:
        write_bytes_atomic(image, path)
        kept = sorted(path.parent.glob("*.png"), key=lambda p: p.stat().st_mtime)
        for old in kept[: max(0, len(kept) - CACHE_FILES)]:
            old.unlink(missing_ok=True)
    except OSError:
        return  # a cache that cannot be written only costs time


def _write(image: Future[bytes], target: Path) -> Path:
    write_bytes_atomic(image.result(), target)
    return target
