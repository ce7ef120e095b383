"""Progress of long stage work, as logging records any front end can render.

A cold build over thousands of files takes minutes; silence looks like a hang.
Stages report through the standard ``logging`` module on the
``newsfacts.progress`` logger, so the command line can draw a progress bar and
the Dagster asset can forward the same lines to the run log, while the core
stays free of either. Records carry ``stage``, ``done`` and ``total``
attributes besides the readable message, and are rate-limited.
"""

from __future__ import annotations

import logging
import time
from dataclasses import dataclass, field

LOGGER_NAME = "newsfacts.progress"
LOGGER = logging.getLogger(LOGGER_NAME)
# Seconds between two records of one stage (the first and the last always go out).
MIN_INTERVAL = 1.0


@dataclass
class Progress:
    """Counts of one stage's work; ``advance`` reports at most every ``MIN_INTERVAL``."""

    stage: str
    total: int
    unit: str = "documents"
    done: int = 0
    started: float = field(default_factory=time.monotonic)
    _last: float = 0.0

    def __post_init__(self) -> None:
        self._emit()

    def advance(self, n: int = 1) -> None:
        self.done += n
        now = time.monotonic()
        if self.done >= self.total or now - self._last >= MIN_INTERVAL:
            self._emit()

    def message(self) -> str:
        elapsed = time.monotonic() - self.started
        text = f"{self.stage}: {self.done}/{self.total} {self.unit}"
        if self.done and elapsed > 0:
            rate = self.done / elapsed
            left = (self.total - self.done) / rate if rate else 0.0
            text += f" ({rate:.0f}/s, about {left:.0f} s left)"
        return text

    def _emit(self) -> None:
        self._last = time.monotonic()
        LOGGER.info(
            self.message(),
            extra={"stage": self.stage, "done": self.done, "total": self.total},
        )
