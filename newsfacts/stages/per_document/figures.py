"""Reported numbers of one article."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import polars as pl

from newsfacts.figures import extract_figures
from newsfacts.model import CleanDocument
from newsfacts.schemas import polars_schema

NAME = "figures"
UPSTREAM: tuple[str, ...] = ()
TABLES: dict[str, dict[str, pl.DataType]] = {"figure_rows": polars_schema("figures")}


def compute(doc: CleanDocument, upstream: Mapping[str, list[dict[str, Any]]]) -> dict[str, Any]:
    return {"figure_rows": extract_figures(doc)}
