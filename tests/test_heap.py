"""Memory a step freed goes back to the operating system."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

# Many blocks of about a kilobyte (glibc's heap, not Python's small-object arenas),
# freed but for one in a thousand, which pins the heap's top.
_CHILD = """
from newsfacts.heap import releases_memory

def rss():
    with open("/proc/self/status") as status:
        line = next(line for line in status if line.startswith("VmRSS"))
    return int(line.split()[1]) // 1024

@releases_memory
def step():
    blocks = [bytes(1000 + i % 7) for i in range(300_000)]
    return blocks[::1000]

def without():
    blocks = [bytes(1000 + i % 7) for i in range(300_000)]
    return blocks[::1000]

before = rss()
kept = {which}()
print(rss() - before)
"""


def _growth(which: str) -> int:
    done = subprocess.run(
        [sys.executable, "-c", _CHILD.format(which=which)],
        capture_output=True,
        text=True,
        check=True,
    )
    return int(done.stdout.strip())


@pytest.mark.skipif(not Path("/proc/self/status").is_file(), reason="reads /proc/self/status")
def test_a_step_leaves_no_freed_heap_behind() -> None:
    assert _growth("without") > 200, "the heap keeps what was freed (the case to fix)"
    assert _growth("step") < 50
