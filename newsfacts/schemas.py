"""Pandera (polars) schemas for every table of the data contract.

The schemas are the single definition of each table's columns and types:
``frame`` builds a typed DataFrame from extractor rows with them, and the
Dagster asset checks validate with them, so the contract lives in one place.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

import pandera.polars as pa
import polars as pl

REJECT_REASONS = [
    "empty",
    "binary",
    "too_large",
    "undecodable",
    "unparseable",
    "duplicate",
    "other",
]
DATE_BASES = ["metadata", "text", "inferred", "unknown"]
QUALIFIERS = [
    "exact",
    "approximately",
    "at_least",
    "more_than",
    "at_most",
    "fewer_than",
    "nearly",
    "range",
    "vague",
]
FIGURE_CATEGORIES = [
    "killed",
    "injured",
    "troops",
    "attacks",
    "targets",
    "detained",
    "displaced",
    "people",
    "money",
    "percent",
    "duration",
    "other",
]
ENTITY_TYPES = ["PERSON", "ORG", "GPE", "LOC", "NORP", "FAC"]
EVENT_TYPES = [
    "AGREE",
    "CONSULT",
    "SUPPORT",
    "CONCEDE",
    "COOPERATE",
    "AID",
    "RETREAT",
    "REQUEST",
    "ACCUSE",
    "REJECT",
    "THREATEN",
    "PROTEST",
    "SANCTION",
    "MOBILIZE",
    "COERCE",
    "ASSAULT",
]
MODALITIES = ["asserted", "planned", "hypothetical", "negated"]
DATE_PRECISIONS = ["day", "week", "month", "year", "unknown"]


def _span_matches(data: pa.PolarsData, surface: str) -> pl.LazyFrame:
    """The offsets delimit exactly as many characters as the surface text has."""
    span = pl.col("char_end") - pl.col("char_start")
    return data.lazyframe.select(span == pl.col(surface).str.len_chars())


def _ordered(data: pa.PolarsData, low: str, high: str) -> pl.LazyFrame:
    """A lower bound never exceeds its upper bound (either may be unknown)."""
    return data.lazyframe.select(
        pl.col(low).is_null() | pl.col(high).is_null() | (pl.col(low) <= pl.col(high))
    )


class Provenance(pa.DataFrameModel):
    """Columns that tie an extracted fact to the exact characters it came from."""

    doc_id: str = pa.Field(str_length={"min_value": 16, "max_value": 16})
    sentence_idx: pl.Int64 = pa.Field(ge=0)
    char_start: pl.Int64 = pa.Field(ge=0)
    char_end: pl.Int64 = pa.Field(ge=1)

    @pa.dataframe_check
    def span_inside_document(cls, data: pa.PolarsData) -> pl.LazyFrame:
        return data.lazyframe.select(pl.col("char_end") > pl.col("char_start"))


class Articles(pa.DataFrameModel):
    doc_id: str = pa.Field(unique=True, str_length={"min_value": 16, "max_value": 16})
    source_path: str = pa.Field(unique=True)
    source_format: str = pa.Field(isin=["text", "html"])
    title: str = pa.Field(nullable=True)
    outlet: str = pa.Field(nullable=True)
    author: str = pa.Field(nullable=True)
    published_date: pl.Date = pa.Field(nullable=True)
    published_date_basis: str = pa.Field(isin=DATE_BASES)
    language: str = pa.Field(str_length={"min_value": 2, "max_value": 2})
    raw_chars: pl.Int64 = pa.Field(ge=0)
    clean_chars: pl.Int64 = pa.Field(ge=0)
    boilerplate_lines: pl.Int64 = pa.Field(ge=0)
    clean_text: str
    duplicate_of: str = pa.Field(nullable=True)

    @pa.dataframe_check
    def clean_chars_is_text_length(cls, data: pa.PolarsData) -> pl.LazyFrame:
        return data.lazyframe.select(pl.col("clean_chars") == pl.col("clean_text").str.len_chars())

    @pa.dataframe_check
    def date_and_basis_agree(cls, data: pa.PolarsData) -> pl.LazyFrame:
        return data.lazyframe.select(
            pl.col("published_date").is_null() == (pl.col("published_date_basis") == "unknown")
        )

    class Config:
        strict = True


class Boilerplate(pa.DataFrameModel):
    doc_id: str
    line_no: pl.Int64 = pa.Field(ge=1)
    text: str
    rule: str = pa.Field(str_length={"min_value": 1})

    class Config:
        strict = True
        unique = ["doc_id", "line_no"]


class Rejects(pa.DataFrameModel):
    source_path: str = pa.Field(unique=True)
    reason: str = pa.Field(isin=REJECT_REASONS)
    detail: str = pa.Field(str_length={"min_value": 1})

    class Config:
        strict = True


class Sentences(Provenance):
    paragraph_idx: pl.Int64 = pa.Field(ge=0)
    text: str = pa.Field(str_length={"min_value": 1})

    @pa.dataframe_check
    def length_matches_offsets(cls, data: pa.PolarsData) -> pl.LazyFrame:
        return _span_matches(data, "text")

    class Config:
        strict = True
        unique = ["doc_id", "sentence_idx"]


class Figures(Provenance):
    figure_id: str = pa.Field(unique=True)
    surface: str = pa.Field(str_length={"min_value": 1})
    value: pl.Float64 = pa.Field(nullable=True)
    value_min: pl.Float64 = pa.Field(nullable=True)
    value_max: pl.Float64 = pa.Field(nullable=True)
    qualifier: str = pa.Field(isin=QUALIFIERS)
    quantity_noun: str = pa.Field(nullable=True)
    category: str = pa.Field(isin=FIGURE_CATEGORIES)
    location: str = pa.Field(nullable=True)
    attributed_to: str = pa.Field(nullable=True)
    event_id: str = pa.Field(nullable=True)

    @pa.dataframe_check
    def length_matches_offsets(cls, data: pa.PolarsData) -> pl.LazyFrame:
        return _span_matches(data, "surface")

    @pa.dataframe_check
    def value_null_only_when_vague(cls, data: pa.PolarsData) -> pl.LazyFrame:
        return data.lazyframe.select(
            pl.col("value").is_not_null() | (pl.col("qualifier") == "vague")
        )

    @pa.dataframe_check
    def bounds_ordered(cls, data: pa.PolarsData) -> pl.LazyFrame:
        return _ordered(data, "value_min", "value_max")

    class Config:
        strict = True


class Entities(pa.DataFrameModel):
    entity_id: str = pa.Field(unique=True, str_matches=r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
    name: str = pa.Field(str_length={"min_value": 1})
    entity_type: str = pa.Field(isin=ENTITY_TYPES)
    aliases: pl.List(pl.String)

    @pa.check("aliases")
    def has_aliases(cls, data: pa.PolarsData) -> pl.LazyFrame:
        return data.lazyframe.select(pl.col(data.key).list.len() > 0)

    class Config:
        strict = True


class Mentions(Provenance):
    entity_id: str
    surface: str = pa.Field(str_length={"min_value": 1})

    @pa.dataframe_check
    def length_matches_offsets(cls, data: pa.PolarsData) -> pl.LazyFrame:
        return _span_matches(data, "surface")

    class Config:
        strict = True
        unique = ["doc_id", "char_start", "char_end"]


class Quotes(Provenance):
    quote_id: str = pa.Field(unique=True)
    text: str = pa.Field(str_length={"min_value": 1})
    speaker: str = pa.Field(nullable=True)
    speaker_surface: str = pa.Field(nullable=True)
    cue: str = pa.Field(nullable=True)

    @pa.dataframe_check
    def length_matches_offsets(cls, data: pa.PolarsData) -> pl.LazyFrame:
        return _span_matches(data, "text")

    class Config:
        strict = True


class Events(Provenance):
    event_id: str = pa.Field(unique=True)
    trigger: str = pa.Field(str_length={"min_value": 1})
    event_type: str = pa.Field(isin=EVENT_TYPES)
    mode: str = pa.Field(nullable=True)
    modality: str = pa.Field(isin=MODALITIES)
    actor: str = pa.Field(nullable=True)
    target: str = pa.Field(nullable=True)
    event_date: pl.Date = pa.Field(nullable=True)
    date_precision: str = pa.Field(isin=DATE_PRECISIONS)
    date_text: str = pa.Field(nullable=True)
    location: str = pa.Field(nullable=True)
    country_code: str = pa.Field(nullable=True, str_matches=r"^[A-Z]{2}$")
    latitude: pl.Float64 = pa.Field(nullable=True, ge=-90, le=90)
    longitude: pl.Float64 = pa.Field(nullable=True, ge=-180, le=180)
    fatalities: pl.Int64 = pa.Field(nullable=True, ge=0)
    injuries: pl.Int64 = pa.Field(nullable=True, ge=0)
    event_group: str = pa.Field(nullable=True)

    @pa.dataframe_check
    def length_matches_offsets(cls, data: pa.PolarsData) -> pl.LazyFrame:
        return _span_matches(data, "trigger")

    @pa.dataframe_check
    def precision_known_iff_date(cls, data: pa.PolarsData) -> pl.LazyFrame:
        return data.lazyframe.select(
            pl.col("event_date").is_null() == (pl.col("date_precision") == "unknown")
        )

    class Config:
        strict = True


class StoryEvents(pa.DataFrameModel):
    story_event_id: str = pa.Field(unique=True)
    event_type: str = pa.Field(isin=EVENT_TYPES)
    mode: str = pa.Field(nullable=True)
    event_date: pl.Date = pa.Field(nullable=True)
    location: str = pa.Field(nullable=True)
    event_ids: pl.List(pl.String)
    n_docs: pl.Int64 = pa.Field(ge=1)
    fatalities_min: pl.Int64 = pa.Field(nullable=True, ge=0)
    fatalities_max: pl.Int64 = pa.Field(nullable=True, ge=0)

    @pa.dataframe_check
    def fatality_spread_ordered(cls, data: pa.PolarsData) -> pl.LazyFrame:
        return _ordered(data, "fatalities_min", "fatalities_max")

    class Config:
        strict = True


class FigureClaims(pa.DataFrameModel):
    claim_id: str = pa.Field(unique=True)
    category: str = pa.Field(isin=FIGURE_CATEGORIES)
    location: str = pa.Field(nullable=True)
    quantity_noun: str = pa.Field(nullable=True)
    figure_ids: pl.List(pl.String)
    n_docs: pl.Int64 = pa.Field(ge=1)
    value_min: pl.Float64 = pa.Field(nullable=True)
    value_max: pl.Float64 = pa.Field(nullable=True)
    consistent: pl.Boolean

    class Config:
        strict = True


TABLES: dict[str, type[pa.DataFrameModel]] = {
    "articles": Articles,
    "boilerplate": Boilerplate,
    "rejects": Rejects,
    "sentences": Sentences,
    "figures": Figures,
    "entities": Entities,
    "mentions": Mentions,
    "quotes": Quotes,
    "events": Events,
    "story_events": StoryEvents,
    "figure_claims": FigureClaims,
}


def polars_schema(table: str) -> dict[str, pl.DataType]:
    """The polars column types of a contract table, in contract order."""
    columns = TABLES[table].to_schema().columns
    return {name: column.dtype.type for name, column in columns.items()}


def frame(
    table: str,
    rows: Iterable[Mapping[str, Any]],
    extra: Mapping[str, pl.DataType] | None = None,
) -> pl.DataFrame:
    """Build a typed frame for ``table``; missing optional keys become null.

    ``extra`` adds working columns (such as the document-level keys that the
    cross-document resolution later turns into entity ids).
    """
    schema = {**polars_schema(table), **(extra or {})}
    records = [{name: row.get(name) for name in schema} for row in rows]
    return pl.DataFrame(records, schema=schema)
