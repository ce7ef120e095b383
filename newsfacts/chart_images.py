"""PNG images of chart specs, drawn by vl-convert in a process of their own.

Drawing takes a quarter to half a second per chart, and the first drawing in a
process starts a JavaScript runtime that holds Python's lock for more than half
a second: in the build's process that stalled every step for as long. So images
are drawn in one spawned worker process, while the build goes on, and named by
the hash of their spec, so a link to an image can be written before it exists.
``wait_for_drawings`` is the point where every image asked for exists, or its
error is known. Images are kept in the cache folder by that name: a rebuild that
changes little redraws little.
"""

from __future__ import annotations

import hashlib
import logging
import multiprocessing
import os
import threading
from concurrent.futures import Future, ProcessPoolExecutor, ThreadPoolExecutor, wait
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from newsfacts.paths import cache_dir

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
    """A chart being drawn: ``name`` (the hash of its spec) is known at once, the image later."""

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


def draw(spec: str) -> Drawing:
    """Start drawing a Vega-Lite ``spec`` (JSON), unless the cache has it."""
    name = hashlib.sha256(spec.encode()).hexdigest()[:32]
    with _LOCK:
        image = _IMAGES.get(name)
        if image is None:
            cached = _cache_path(name)
            image = _IMAGES[name] = _read(cached) or _drawer().submit(render, spec, cached)
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


def render(spec: str, cached: Path) -> bytes:
    """Draw ``spec`` and keep the image as ``cached`` (runs in the drawing process)."""
    import vl_convert

    image = bytes(vl_convert.vegalite_to_png(spec, scale=1))
    _store(cached, image)
    return image


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
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_name(f".{path.name}.{os.getpid()}")
        tmp.write_bytes(image)
        os.replace(tmp, path)
        kept = sorted(path.parent.glob("*.png"), key=lambda p: p.stat().st_mtime)
        for old in kept[: max(0, len(kept) - CACHE_FILES)]:
            old.unlink(missing_ok=True)
    except OSError:
        return  # a cache that cannot be written only costs time


def _write(image: Future[bytes], target: Path) -> Path:
    target.parent.mkdir(parents=True, exist_ok=True)
    tmp = target.with_name(f".{target.name}.{os.getpid()}.tmp")
    tmp.write_bytes(image.result())
    os.replace(tmp, target)
    return target
