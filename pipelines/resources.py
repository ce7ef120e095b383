"""The pipeline's resources: where the seeds and the warehouse are, and the run's build."""

from __future__ import annotations

import dagster as dg
from pydantic import PrivateAttr

from newsfacts.chart_images import wait_for_drawings
from newsfacts.paths import Paths
from newsfacts.stages.build import Build
from pipelines.reaper import process_tags


class WarehouseConfig(dg.ConfigurableResource):  # type: ignore[misc]
    """Seeds and warehouse folders; defaults come from NEWSFACTS_* environment variables."""

    seeds_dir: str
    warehouse_dir: str

    @classmethod
    def from_env(cls) -> WarehouseConfig:
        paths = Paths.from_env()
        return cls(seeds_dir=str(paths.seeds_dir), warehouse_dir=str(paths.warehouse_dir))

    @property
    def paths(self) -> Paths:
        return Paths.of(self.seeds_dir, self.warehouse_dir)


class BuildResource(dg.ConfigurableResource):  # type: ignore[misc]
    """One ``Build`` per run: opened (lock, staging version) when the run starts, closed
    when it ends — discarding the staging version unless the ``warehouse`` asset published it.
    The run's charts, drawn in the background, are finished before it ends.
    """

    settings: WarehouseConfig
    _build: Build | None = PrivateAttr(default=None)

    def setup_for_execution(self, context: dg.InitResourceContext) -> None:
        if context.instance is not None and context.run_id:
            context.instance.add_run_tags(context.run_id, process_tags())
        run_id = context.run_id[:12] if context.run_id else None
        self._build = Build(self.settings.paths, run_id=run_id)
        self._build.open()

    def teardown_after_execution(self, context: dg.InitResourceContext) -> None:
        failed = wait_for_drawings()
        if failed and context.log is not None:
            context.log.warning("charts not drawn: " + "; ".join(failed))
        if self._build is not None:
            self._build.close(success=self._build.published is not None)
            self._build = None

    @property
    def build(self) -> Build:
        if self._build is None:
            raise RuntimeError("the build resource is only available inside a run")
        return self._build
