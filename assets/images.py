"""Chart images in materialisation metadata that the Dagster UI shows inline.

Checked in Chromium against dagster-webserver 1.13: the UI renders a markdown
value inline only when it is shorter than 1,000 characters, so a data-URI image
hides behind a "[Show Markdown]" button. A short markdown link to an image the
webserver itself serves does render inline. The webserver serves files of the
instance's local compute-log folder (``/logs/<key path>/<extension>``), so the
image is written there, named by its content hash (a chart that did not change
is stored once). Without a local compute-log folder the data URI is used.
"""

from __future__ import annotations

import base64
import hashlib
import os
from pathlib import Path

import dagster as dg
from dagster._core.storage.local_compute_log_manager import LocalComputeLogManager

IMAGE_NAMESPACE = "newsfacts_charts"


def _served_path(name: str) -> Path | None:
    """Where the webserver serves ``/logs/newsfacts_charts/<name>/png`` from, if anywhere."""
    try:
        instance = dg.AssetExecutionContext.get().instance
    except dg.DagsterInvariantViolationError:
        return None
    manager = instance.compute_log_manager
    if not isinstance(manager, LocalComputeLogManager):
        return None
    return Path(manager.get_captured_local_path([IMAGE_NAMESPACE, name], "png"))


def image_metadata(title: str, png: bytes) -> dg.MarkdownMetadataValue:
    """A markdown value showing ``png`` with ``title`` as its alternative text."""
    name = hashlib.sha256(png).hexdigest()[:20]
    target = _served_path(name)
    if target is None:
        encoded = base64.b64encode(png).decode()
        return dg.MetadataValue.md(f"![{title}](data:image/png;base64,{encoded})")
    if not target.is_file():
        target.parent.mkdir(parents=True, exist_ok=True)
        tmp = target.with_name(f".{target.name}.{os.getpid()}.tmp")
        tmp.write_bytes(png)
        os.replace(tmp, target)
    return dg.MetadataValue.md(f"![{title}](/logs/{IMAGE_NAMESPACE}/{name}/png)")
