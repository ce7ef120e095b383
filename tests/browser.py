"""Headless Chromium driven over the DevTools protocol: load a page, look at it.

Tests use it to see pages as a person does: wait until the page has drawn,
read what the DOM says about its images, and take screenshots of parts of it.
Chromium is Debian's package (``apt-get install chromium``); without it the
tests that need it are skipped.
"""

from __future__ import annotations

import base64
import json
import shutil
import socket
import subprocess
import tempfile
import time
import urllib.request
from pathlib import Path
from types import TracebackType
from typing import Any

from websockets.sync.client import ClientConnection, connect

# Flags that keep Chromium off the network (this machine refuses its background
# connections) and runnable as root without a display.
FLAGS = (
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--hide-scrollbars",
)


def chromium() -> str | None:
    return shutil.which("chromium") or shutil.which("chromium-browser")


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


class Browser:
    """One headless Chromium tab; use as a context manager."""

    def __init__(self, width: int = 1400, height: int = 1000) -> None:
        executable = chromium()
        assert executable, "chromium is not installed"
        self.profile = tempfile.mkdtemp(prefix="chromium-")
        port = free_port()
        self.process = subprocess.Popen(
            [
                executable,
                *FLAGS,
                f"--user-data-dir={self.profile}",
                f"--remote-debugging-port={port}",
                f"--window-size={width},{height}",
                "about:blank",
            ],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        self.socket = self._connect(port)
        self._next_id = 0
        self.send("Page.enable")
        self.send("Runtime.enable")
        self.resize(width, height)

    def _connect(self, port: int) -> ClientConnection:
        deadline = time.monotonic() + 60
        while True:
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/json", timeout=2) as reply:
                    tabs = json.load(reply)
                page = next(tab for tab in tabs if tab["type"] == "page")
                return connect(page["webSocketDebuggerUrl"], max_size=2**28)
            except (OSError, StopIteration):
                if time.monotonic() > deadline:
                    raise
                time.sleep(0.2)

    def send(self, method: str, **params: Any) -> dict[str, Any]:
        self._next_id += 1
        self.socket.send(json.dumps({"id": self._next_id, "method": method, "params": params}))
        while True:
            message = json.loads(self.socket.recv())
            if message.get("id") == self._next_id:
                if "error" in message:
                    raise RuntimeError(f"{method}: {message['error']}")
                return dict(message.get("result", {}))

    def resize(self, width: int, height: int) -> None:
        self.send(
            "Emulation.setDeviceMetricsOverride",
            width=width,
            height=height,
            deviceScaleFactor=1,
            mobile=False,
        )

    def evaluate(self, expression: str) -> Any:
        result = self.send(
            "Runtime.evaluate", expression=expression, returnByValue=True, awaitPromise=True
        )
        return result.get("result", {}).get("value")

    def wait_for(self, expression: str, timeout: float = 90) -> None:
        """Until ``expression`` is truthy in the page."""
        deadline = time.monotonic() + timeout
        while not self.evaluate(expression):
            if time.monotonic() > deadline:
                raise TimeoutError(f"page never satisfied: {expression}")
            time.sleep(0.3)

    def open(self, url: str) -> None:
        self.send("Page.navigate", url=url)
        self.wait_for("document.readyState === 'complete'")

    def images(self) -> list[dict[str, Any]]:
        """Every <img>: its source, alternative text and natural size (0 when broken)."""
        return list(
            self.evaluate(
                "[...document.images].map(i => ({src: i.getAttribute('src'), alt: i.alt, "
                "complete: i.complete, width: i.naturalWidth, height: i.naturalHeight}))"
            )
        )

    def screenshot_of(self, selector: str, target: Path) -> Path:
        """A screenshot of the first element matching ``selector``, as drawn."""
        rect = self.evaluate(
            f"(() => {{ const e = document.querySelector({json.dumps(selector)}); "
            "if (!e) return null; e.scrollIntoView(); const r = e.getBoundingClientRect(); "
            "return [r.x + window.scrollX, r.y + window.scrollY, r.width, r.height]; })()"
        )
        assert rect, f"nothing matches {selector}"
        x, y, width, height = rect
        clip = {"x": x, "y": y, "width": max(width, 1), "height": max(height, 1), "scale": 1}
        data = self.send(
            "Page.captureScreenshot", format="png", clip=clip, captureBeyondViewport=True
        )
        target.write_bytes(base64.b64decode(data["data"]))
        return target

    def __enter__(self) -> Browser:
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        trace: TracebackType | None,
    ) -> None:
        try:
            self.socket.close()
        finally:
            self.process.terminate()
            self.process.wait(timeout=30)
            shutil.rmtree(self.profile, ignore_errors=True)
