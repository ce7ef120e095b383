"""What follows a successful publication: the build record, the report, their metadata."""

from __future__ import annotations

from typing import Any

import dagster as dg

from newsfacts.build_record import record_build
from newsfacts.paths import Paths
from newsfacts.seed_watch import folder_fingerprint
from pipelines.automation import SEEDS_TAG


def after_publish(context: dg.AssetExecutionContext, paths: Paths) -> dict[str, Any]:
    """Record what was built; returns the metadata to add to the warehouse materialisation.

    A run started by the sensor or the command line carries the fingerprint of
    the folder taken before the run read it, so a file changed during the run
    still triggers the next one; a run started elsewhere records the folder as
    it is now.
    """
    fingerprint = context.run.tags.get(SEEDS_TAG) or folder_fingerprint(paths.seeds_dir)
    record_build(paths, fingerprint)
    return {"seeds_fingerprint": fingerprint}
