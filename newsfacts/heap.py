"""Give the memory a step freed back to the operating system.

glibc keeps freed blocks in its heap for reuse. After the per-document map,
a table read back whole for a check or a chart, or one long document, that
can be hundreds of megabytes which the next step, allocating objects of other
sizes, does not reuse: the process's resident memory then only grows from
step to step and its peak is the sum of what each step left behind.
``malloc_trim`` returns the free pages. Elsewhere than glibc it does nothing.
"""

from __future__ import annotations

import ctypes
import ctypes.util
from collections.abc import Callable
from functools import cache, wraps
from typing import ParamSpec, TypeVar

P = ParamSpec("P")
R = TypeVar("R")


@cache
def _malloc_trim() -> Callable[[int], int] | None:
    try:
        libc = ctypes.CDLL(ctypes.util.find_library("c") or "libc.so.6")
    except OSError:
        return None
    trim: Callable[[int], int] | None = getattr(libc, "malloc_trim", None)
    return trim


def release_freed_memory() -> None:
    """Return the heap's free pages to the operating system (glibc only)."""
    trim = _malloc_trim()
    if trim is not None:
        trim(0)


def releases_memory(step: Callable[P, R]) -> Callable[P, R]:
    """``step``, followed by ``release_freed_memory`` however it ends."""

    @wraps(step)
    def run(*args: P.args, **kwargs: P.kwargs) -> R:
        try:
            return step(*args, **kwargs)
        finally:
            release_freed_memory()

    return run
