"""Chart images in materialisation metadata that the Dagster UI shows inline.

Checked in Chromium against dagster-webserver 1.13: the UI renders a markdown
value inline only when it is shorter than 1,000 characters, so a data-URI image
hides behind a "[Show Markdown]" button. A short markdown link to an image the
webserver itself serves does render inline. The webserver serves files of the
instance's local compute-log folder (``/logs/<key path>/<extension>``), so the
image is written there, named by the hash of what its chart is drawn from (a chart
that did not change is stored once). The link is recorded at once and the image
written when drawn (``newsfacts.chart_images``): the run waits for its drawings
before it ends.
Without a local compute-log folder the data URI is used.
"""

from __future__ import annotations

import base64
from pathlib import Path

import dagster as dg
from dagster._core.storage.local_compute_log_manager import LocalComputeLogManager

from newsfacts.chart_images import Drawing

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


def image_metadata(title: str, drawing: Drawing) -> dg.MarkdownMetadataValue:
    """A markdown value showing ``drawing`` with ``title`` as its alternative text."""
    target = _served_path(drawing.name)
    if target is None:
        encoded = base64.b64encode(drawing.png()).decode()
        return dg.MetadataValue.md(f"![{title}](data:image/png;base64,{encoded})")
    if not target.is_file():
        drawing.save(target)
    return dg.MetadataValue.md(f"![{title}](/logs/{IMAGE_NAMESPACE}/{drawing.name}/png)")
