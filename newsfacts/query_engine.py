"""Which Polars engine a build's queries run on.

Polars 2 runs every query, eager ones included, on its streaming engine unless
told otherwise. That engine pays off on scans of tables larger than memory; a
build instead asks thousands of small questions of frames it already holds (the
rows one article added, Pandera's checks of them, one batch's tables), and for
those the streaming engine takes two to three times as long per query as the
in-memory one: about 0.4 ms against 0.15 ms for a twenty-row frame, which was
0.3 s of a one-article rebuild. Cold builds took as long on either engine, with
the same peak memory. A build therefore runs on the in-memory engine, and the
scans of whole published tables name the streaming engine themselves. A team
that sets ``POLARS_ENGINE_AFFINITY`` keeps its own choice.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Final

import polars as pl

AFFINITY_VARIABLE = "POLARS_ENGINE_AFFINITY"
BUILD_ENGINE: Final = "in-memory"
# For queries over a whole published table, whatever the build's engine.
WHOLE_TABLE_ENGINE: Final = "streaming"


@contextmanager
def build_engine() -> Iterator[None]:
    """Polars' in-memory engine until the context closes, unless the environment names one.

    The setting is an environment variable, so the processes a build starts for
    the per-document map inherit it."""
    if AFFINITY_VARIABLE in os.environ:
        yield
        return
    with pl.Config(engine_affinity=BUILD_ENGINE):
        yield
