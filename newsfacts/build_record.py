"""What the published warehouse was last built from.

The seeds sensor compares the seeds folder with this record, not with its own
cursor: a build started anywhere (``make build``, the command line, the UI, the
sensor) updates it, so the sensor never rebuilds a folder that is already
published, and notices any folder state that is not, including one it has seen
before (a file removed, then put back).
"""

from __future__ import annotations

import json
import os
from datetime import UTC, datetime
from pathlib import Path

from newsfacts.paths import Paths

# Beside the published versions (each holds its own build.json, with a content digest).
RECORD_FILE = "last_build.json"


def _record_path(paths: Paths) -> Path:
    return paths.warehouse_dir / RECORD_FILE


def record_build(paths: Paths, seeds_fingerprint: str) -> None:
    """Remember that the published tables were built from ``seeds_fingerprint``."""
    target = _record_path(paths)
    target.parent.mkdir(parents=True, exist_ok=True)
    record = {
        "seeds_fingerprint": seeds_fingerprint,
        "built_at": datetime.now(UTC).isoformat(timespec="seconds"),
    }
    tmp = target.with_name(f".{target.name}.{os.getpid()}.tmp")
    tmp.write_text(json.dumps(record, indent=2) + "\n", encoding="utf-8")
    os.replace(tmp, target)


def last_build(paths: Paths) -> str | None:
    """The seeds fingerprint of the last successful publication, if any.

    A missing or unreadable record means "unknown", which makes the sensor build.
    """
    try:
        record = json.loads(_record_path(paths).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    value = record.get("seeds_fingerprint") if isinstance(record, dict) else None
    return value if isinstance(value, str) else None
