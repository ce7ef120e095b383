"""A terminal progress bar for the pipeline's progress log records.

Long stages report progress as standard logging records on the
``newsfacts.progress`` logger, each with ``stage``, ``done`` and ``total``
attributes, so any front end can show them: this one draws one ``rich`` bar
per stage, on stderr so that the build summary on stdout stays pipeable.
"""

from __future__ import annotations

import logging
from types import TracebackType

from rich.console import Console
from rich.progress import (
    BarColumn,
    MofNCompleteColumn,
    Progress,
    SpinnerColumn,
    TaskID,
    TextColumn,
    TimeElapsedColumn,
    TimeRemainingColumn,
)

PROGRESS_LOGGER = "newsfacts.progress"


class ProgressBars(logging.Handler):
    """While entered, renders ``newsfacts.progress`` records as one bar per stage.

    A first line named ``title`` runs from start to end, so a build whose
    stages report nothing (all reused from cache) still shows it is alive.
    """

    def __init__(self, console: Console | None = None, title: str = "Building") -> None:
        super().__init__(level=logging.INFO)
        self.progress = Progress(
            SpinnerColumn(),
            TextColumn("{task.description:<14}"),
            BarColumn(),
            MofNCompleteColumn(),
            TimeElapsedColumn(),
            TextColumn("left"),
            TimeRemainingColumn(),
            console=console or Console(stderr=True),
        )
        self.title = title
        self.tasks: dict[str, TaskID] = {}
        self._logger = logging.getLogger(PROGRESS_LOGGER)
        self._level = self._logger.level

    def emit(self, record: logging.LogRecord) -> None:
        stage = getattr(record, "stage", None)
        done, total = getattr(record, "done", None), getattr(record, "total", None)
        if not isinstance(stage, str) or not isinstance(done, int) or not isinstance(total, int):
            return
        if stage not in self.tasks:
            self.tasks[stage] = self.progress.add_task(stage, total=total)
        self.progress.update(self.tasks[stage], completed=done, total=total)

    def __enter__(self) -> ProgressBars:
        self._logger.addHandler(self)
        if self._logger.getEffectiveLevel() > logging.INFO:
            self._logger.setLevel(logging.INFO)
        self._overall = self.progress.add_task(self.title, total=None)
        self.progress.start()
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        trace: TracebackType | None,
    ) -> None:
        self.progress.update(self._overall, total=1, completed=1)
        self.progress.stop()
        self._logger.removeHandler(self)
        self._logger.setLevel(self._level)
