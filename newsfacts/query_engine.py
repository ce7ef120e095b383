"""Which Polars engine validation's queries run on.

Polars 2 runs every query, eager ones included, on its streaming engine unless
told otherwise. Pandera asks a few hundred small questions of each table it
validates (one query per check of each column) of a frame already in memory,
and for those the streaming engine takes two to three times as long per query
as the in-memory one: about 0.4 ms against 0.15 ms for a twenty-row frame, and
0.18 s against 0.28 to 0.38 s for every table of the BBC corpus whole. The
checks therefore run on the in-memory engine. The build's own steps keep
Polars' default: a cold build over 22,250 articles took 8 % longer on the
in-memory engine (one alternate pair, entity resolution a third longer). A
team that sets ``POLARS_ENGINE_AFFINITY`` keeps its own choice.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Final

import polars as pl

AFFINITY_VARIABLE = "POLARS_ENGINE_AFFINITY"
SMALL_QUERIES_ENGINE: Final = "in-memory"


@contextmanager
def small_queries() -> Iterator[None]:
    """Polars' in-memory engine until the context closes, unless the environment names one."""
    if AFFINITY_VARIABLE in os.environ:
        yield
        return
    with pl.Config(engine_affinity=SMALL_QUERIES_ENGINE):
        yield
