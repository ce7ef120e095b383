"""The one resource of the pipeline: where the seeds and the warehouse are."""

from __future__ import annotations

import dagster as dg

from newsfacts.paths import Paths


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
