"""The build's progress bars, fed the way the engine feeds them: logging records."""

from __future__ import annotations

import io
import logging

from rich.console import Console

from newsfacts.progress_display import PROGRESS_LOGGER, ProgressBars


def _progress(stage: str, done: int, total: int) -> None:
    logging.getLogger(PROGRESS_LOGGER).info(
        f"{stage}: {done}/{total}", extra={"stage": stage, "done": done, "total": total}
    )


def test_each_stage_gets_a_bar_showing_its_latest_count() -> None:
    out = io.StringIO()
    console = Console(file=out, width=100, force_terminal=False)
    with ProgressBars(console=console, title="build"):
        _progress("documents", 120, 2225)
        _progress("documents", 2225, 2225)
        _progress("events", 40, 2225)
        logging.getLogger(PROGRESS_LOGGER).info("a record without counts is ignored")
    screen = out.getvalue()
    assert "build" in screen
    assert "documents" in screen and "2225/2225" in screen
    assert "events" in screen and "40/2225" in screen
    assert "120/2225" not in screen


def test_the_handler_is_removed_afterwards() -> None:
    logger = logging.getLogger(PROGRESS_LOGGER)
    before = list(logger.handlers)
    with ProgressBars(console=Console(file=io.StringIO())):
        assert len(logger.handlers) == len(before) + 1
    assert logger.handlers == before
