"""One object for equal values that many units and sentences repeat."""

from __future__ import annotations

from collections.abc import Hashable
from functools import lru_cache
from typing import TypeVar, cast

H = TypeVar("H", bound=Hashable)
# Distinct values kept to share (see ``shared``): more than one long document
# names, and a few hundred kilobytes.
_SHARED_VALUES = 4_096


@lru_cache(maxsize=_SHARED_VALUES)
def _first_seen(value: Hashable) -> Hashable:
    return value


def shared(value: H) -> H:
    """The first seen of the values equal to ``value``, so equal attributes are one object.

    A long document repeats a few places, parties, dates and sets of them
    (most of them empty) over thousands of units and sentences; each copy of
    a set costs about 200 bytes, so they are held once. The values kept are
    bounded by ``_SHARED_VALUES``; a value no longer among them is its own copy.
    """
    return cast(H, _first_seen(value))
