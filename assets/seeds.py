"""The seeds folder as an observable source asset, observed whenever it changes.

Each observation carries the folder fingerprint as its data version, and the
document tables depend on this asset, so the Dagster UI marks the tables (and
everything built from them) "Unsynced" as soon as the folder differs from the
one the last build read, and the asset shows the newest file and its time.
The sensor and every command-line build record an observation; the UI's
"Observe" button takes one too.
"""

from __future__ import annotations

import warnings
from datetime import UTC, datetime
from typing import Any

import dagster as dg

from newsfacts.paths import Paths
from newsfacts.seed_watch import FolderState, folder_state

SEEDS_KEY = dg.AssetKey("seeds")
DATA_VERSION_TAG = "dagster/data_version"


def _metadata(paths: Paths, state: FolderState) -> dict[str, Any]:
    metadata: dict[str, Any] = {
        "path": dg.MetadataValue.path(str(paths.seeds_dir)),
        "fingerprint": state.fingerprint,
    }
    if state.newest is not None:
        name, modified = state.newest
        metadata["newest_file"] = name
        metadata["newest_modified"] = dg.MetadataValue.timestamp(
            datetime.fromtimestamp(modified, UTC)
        )
    return metadata


# Observable source assets are a beta API of Dagster 1.13; the warning says nothing new.
with warnings.catch_warnings():
    warnings.simplefilter("ignore", dg.BetaWarning)

    @dg.observable_source_asset(
        key=SEEDS_KEY,
        group_name="documents",
        description="The folder of input articles (NEWSFACTS_SEEDS_DIR); its data version is the "
        "folder fingerprint (names, sizes, modification times).",
        required_resource_keys={"settings"},
    )
    def seeds(context: dg.AssetExecutionContext) -> dg.ObserveResult:
        paths = context.resources.settings.paths
        state = folder_state(paths.seeds_dir)
        return dg.ObserveResult(
            data_version=dg.DataVersion(state.fingerprint), metadata=_metadata(paths, state)
        )


def seeds_observation(paths: Paths, state: FolderState) -> dg.AssetObservation:
    """The observation ``seeds`` would make, for the sensor and the command line to record."""
    return dg.AssetObservation(
        SEEDS_KEY, metadata=_metadata(paths, state), tags={DATA_VERSION_TAG: state.fingerprint}
    )
