"""Pandera (polars) schemas for every table of the data contract (v2).

The schemas are the single definition of each table's columns, types and
descriptions: ``frame`` builds a typed DataFrame from extractor rows with them,
the Dagster asset checks validate with them, and the column schemas shown in
the Dagster UI are generated from them, so the contract lives in one place.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

import pandera.polars as pa
import polars as pl

SOURCE_FORMATS = ["text", "html", "warc", "jsonl", "csv", "parquet", "feed"]
REJECT_REASONS = [
    "empty",
    "binary",
    "too_large",
    "undecodable",
    "unparseable",
    "duplicate",
    "unsupported_type",
    "unsupported_language",
    "failed_stage",
    "other",
]
# How a metadata field of an article was obtained, most trusted first.
FIELD_BASES = ["metadata", "sidecar", "text", "inferred", "unknown"]
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
# ACLED's geo_precision: 1 the town or site itself, 2 near it or part of a
# region, 3 only a province or country.
GEO_PRECISIONS = [1, 2, 3]
GEO_PRECISION_TEXT = "1 the town or site, 2 near it or a region, 3 province or country."

# v1 column names kept as deprecated aliases in the DuckDB views for one release.
DEPRECATED_ALIASES: dict[str, dict[str, str]] = {
    "events": {"actor": "actor_id", "target": "target_id", "location": "location_id"},
    "figures": {"location": "location_name", "attributed_to": "source_name"},
    "quotes": {"speaker": "speaker_id"},
    "story_events": {"location": "location_id"},
}


def _span_matches(data: pa.PolarsData, surface: str) -> pl.LazyFrame:
    """The offsets delimit exactly as many characters as the surface text has."""
    span = pl.col("char_end") - pl.col("char_start")
    return data.lazyframe.select(span == pl.col(surface).str.len_chars())


def _ordered(data: pa.PolarsData, low: str, high: str) -> pl.LazyFrame:
    """A lower bound never exceeds its upper bound (either may be unknown)."""
    return data.lazyframe.select(
        pl.col(low).is_null() | pl.col(high).is_null() | (pl.col(low) <= pl.col(high))
    )


def _id_needs_name(data: pa.PolarsData, role: str) -> pl.LazyFrame:
    """An entity id always comes with its readable name."""
    return data.lazyframe.select(
        pl.col(f"{role}_id").is_null() | pl.col(f"{role}_name").is_not_null()
    )


class Provenance(pa.DataFrameModel):
    """Columns that tie an extracted fact to the exact characters it came from."""

    doc_id: str = pa.Field(
        str_length={"min_value": 16, "max_value": 16},
        description="The article (articles.doc_id).",
    )
    sentence_idx: pl.Int64 = pa.Field(ge=0, description="Sentence of the article, 0-based.")
    char_start: pl.Int64 = pa.Field(ge=0, description="Start offset into articles.clean_text.")
    char_end: pl.Int64 = pa.Field(ge=1, description="End offset (exclusive) into clean_text.")

    @pa.dataframe_check
    def span_inside_document(cls, data: pa.PolarsData) -> pl.LazyFrame:
        return data.lazyframe.select(pl.col("char_end") > pl.col("char_start"))


class Articles(pa.DataFrameModel):
    """One row per input document (a file, or a record of an archive, export or feed)."""

    doc_id: str = pa.Field(
        unique=True,
        str_length={"min_value": 16, "max_value": 16},
        description="First 16 hex chars of the sha256 of the document's own bytes.",
    )
    source_path: str = pa.Field(description="File path relative to the seeds folder.")
    source_record: str = pa.Field(
        nullable=True,
        description="The record inside an archive, export or feed (offset, row or entry).",
    )
    source_format: str = pa.Field(isin=SOURCE_FORMATS, description="How the file was read.")
    url: str = pa.Field(nullable=True, description="Where the article was published.")
    title: str = pa.Field(nullable=True, description="Headline.")
    title_basis: str = pa.Field(isin=FIELD_BASES, description="How the title was obtained.")
    outlet: str = pa.Field(nullable=True, description="Publisher.")
    outlet_basis: str = pa.Field(isin=FIELD_BASES, description="How the outlet was obtained.")
    author: str = pa.Field(nullable=True, description="Byline.")
    published_date: pl.Date = pa.Field(nullable=True, description="Publication date.")
    published_date_basis: str = pa.Field(
        isin=FIELD_BASES, description="How the publication date was obtained."
    )
    language: str = pa.Field(
        str_length={"min_value": 2, "max_value": 2},
        description="Detected language, ISO 639-1; only English is extracted.",
    )
    raw_chars: pl.Int64 = pa.Field(ge=0, description="Characters of the decoded input.")
    clean_chars: pl.Int64 = pa.Field(ge=0, description="Characters of clean_text.")
    boilerplate_lines: pl.Int64 = pa.Field(ge=0, description="Lines removed by cleanup.")
    clean_text: str = pa.Field(
        description="Title, standfirst and body paragraphs; every offset points into it."
    )
    duplicate_of: str = pa.Field(
        nullable=True, description="The doc_id this article is a syndicated copy of."
    )

    @pa.dataframe_check
    def clean_chars_is_text_length(cls, data: pa.PolarsData) -> pl.LazyFrame:
        return data.lazyframe.select(pl.col("clean_chars") == pl.col("clean_text").str.len_chars())

    @pa.dataframe_check
    def date_and_basis_agree(cls, data: pa.PolarsData) -> pl.LazyFrame:
        return data.lazyframe.select(
            pl.col("published_date").is_null() == (pl.col("published_date_basis") == "unknown")
        )

    @pa.dataframe_check
    def title_and_basis_agree(cls, data: pa.PolarsData) -> pl.LazyFrame:
        return data.lazyframe.select(
            pl.col("title").is_null() == (pl.col("title_basis") == "unknown")
        )

    @pa.dataframe_check
    def outlet_and_basis_agree(cls, data: pa.PolarsData) -> pl.LazyFrame:
        return data.lazyframe.select(
            pl.col("outlet").is_null() == (pl.col("outlet_basis") == "unknown")
        )

    class Config:
        strict = True
        unique = ["source_path", "source_record"]


class Boilerplate(pa.DataFrameModel):
    """One row per line removed by cleanup: the audit trail."""

    doc_id: str = pa.Field(description="The article (articles.doc_id).")
    line_no: pl.Int64 = pa.Field(ge=1, description="Line number in the raw text, 1-based.")
    text: str = pa.Field(description="The removed line.")
    rule: str = pa.Field(
        str_length={"min_value": 1},
        description="Id of the rule that removed it; photo captions and credits are `caption`.",
    )

    class Config:
        strict = True
        unique = ["doc_id", "line_no"]


class Rejects(pa.DataFrameModel):
    """One row per input (file, record or failed stage) that could not be processed."""

    source_path: str = pa.Field(description="File path relative to the seeds folder.")
    reason: str = pa.Field(isin=REJECT_REASONS, description="Why, from a closed set.")
    detail: str = pa.Field(
        str_length={"min_value": 1},
        description="The error, readable; for `duplicate` the path of the file kept.",
    )
    stage: str = pa.Field(nullable=True, description="The stage that failed, for failed_stage.")
    record: str = pa.Field(
        nullable=True, description="The record inside an archive or export (offset, row)."
    )

    class Config:
        strict = True
        unique = ["source_path", "record", "stage"]


class Sentences(Provenance):
    """One row per sentence, with offsets into articles.clean_text."""

    paragraph_idx: pl.Int64 = pa.Field(ge=0, description="Paragraph of the article, 0-based.")
    text: str = pa.Field(str_length={"min_value": 1}, description="The sentence.")

    @pa.dataframe_check
    def length_matches_offsets(cls, data: pa.PolarsData) -> pl.LazyFrame:
        return _span_matches(data, "text")

    class Config:
        strict = True
        unique = ["doc_id", "sentence_idx"]


class Figures(Provenance):
    """One row per reported number: value, qualifier and bounds, counted noun, category."""

    figure_id: str = pa.Field(unique=True, description="`{doc_id}-f{n}`.")
    surface: str = pa.Field(
        str_length={"min_value": 1}, description="The figure as written: `more than 40 militants`."
    )
    value: pl.Float64 = pa.Field(
        nullable=True, description="The number as stated; null only for vague quantities."
    )
    value_min: pl.Float64 = pa.Field(nullable=True, description="Lower bound implied.")
    value_max: pl.Float64 = pa.Field(nullable=True, description="Upper bound implied.")
    qualifier: str = pa.Field(isin=QUALIFIERS, description="exact, at_least, vague, ...")
    quantity_noun: str = pa.Field(nullable=True, description="Counted thing, lower case.")
    category: str = pa.Field(isin=FIGURE_CATEGORIES, description="killed, injured, troops, ...")
    location_name: str = pa.Field(nullable=True, description="Place the figure is about.")
    location_id: str = pa.Field(nullable=True, description="Entity id of that place, if resolved.")
    source_name: str = pa.Field(nullable=True, description="Who the text cites for the figure.")
    source_id: str = pa.Field(nullable=True, description="Entity id of the source, if resolved.")
    event_id: str = pa.Field(nullable=True, description="The event it quantifies, if linked.")

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

    @pa.dataframe_check
    def location_id_has_name(cls, data: pa.PolarsData) -> pl.LazyFrame:
        return _id_needs_name(data, "location")

    @pa.dataframe_check
    def source_id_has_name(cls, data: pa.PolarsData) -> pl.LazyFrame:
        return _id_needs_name(data, "source")

    class Config:
        strict = True


class Entities(pa.DataFrameModel):
    """One row per canonical person, organisation or place, with every spelling seen."""

    entity_id: str = pa.Field(
        unique=True,
        str_matches=r"^[a-z0-9]+(?:-[a-z0-9]+)*$",
        description="Slug of the canonical name.",
    )
    name: str = pa.Field(str_length={"min_value": 1}, description="Canonical name.")
    entity_type: str = pa.Field(isin=ENTITY_TYPES, description="PERSON, ORG, GPE, LOC, NORP, FAC.")
    aliases: pl.List(pl.String) = pa.Field(description="Every surface seen, across documents.")

    @pa.check("aliases")
    def has_aliases(cls, data: pa.PolarsData) -> pl.LazyFrame:
        return data.lazyframe.select(pl.col(data.key).list.len() > 0)

    class Config:
        strict = True


class Mentions(Provenance):
    """One row per name mention, linked to its entity."""

    entity_id: str = pa.Field(description="The entity mentioned (entities.entity_id).")
    surface: str = pa.Field(str_length={"min_value": 1}, description="The name as written.")

    @pa.dataframe_check
    def length_matches_offsets(cls, data: pa.PolarsData) -> pl.LazyFrame:
        return _span_matches(data, "surface")

    class Config:
        strict = True
        unique = ["doc_id", "char_start", "char_end"]


class Quotes(Provenance):
    """One row per quotation, with its speaker."""

    quote_id: str = pa.Field(unique=True, description="`{doc_id}-q{n}`.")
    text: str = pa.Field(str_length={"min_value": 1}, description="The words inside the marks.")
    speaker_id: str = pa.Field(nullable=True, description="Entity id of the speaker.")
    speaker_name: str = pa.Field(
        nullable=True, description="Speaker's canonical name, else as written."
    )
    speaker_surface: str = pa.Field(nullable=True, description="The words naming the speaker.")
    cue: str = pa.Field(nullable=True, description="Reporting verb: said, added, told, ...")

    @pa.dataframe_check
    def length_matches_offsets(cls, data: pa.PolarsData) -> pl.LazyFrame:
        return _span_matches(data, "text")

    @pa.dataframe_check
    def speaker_id_has_name(cls, data: pa.PolarsData) -> pl.LazyFrame:
        return _id_needs_name(data, "speaker")

    class Config:
        strict = True


class Events(Provenance):
    """One row per event mention in one document, typed with PLOVER."""

    event_id: str = pa.Field(unique=True, description="`{doc_id}-e{n}`.")
    trigger: str = pa.Field(str_length={"min_value": 1}, description="Words telling the event.")
    event_type: str = pa.Field(isin=EVENT_TYPES, description="PLOVER type: ASSAULT, PROTEST, ...")
    mode: str = pa.Field(nullable=True, description="PLOVER mode: drone, firearms, ...")
    modality: str = pa.Field(isin=MODALITIES, description="asserted, planned, ...")
    actor_id: str = pa.Field(nullable=True, description="Entity id of who acted.")
    actor_name: str = pa.Field(nullable=True, description="Who acted, readable.")
    target_id: str = pa.Field(nullable=True, description="Entity id of who it was done to.")
    target_name: str = pa.Field(nullable=True, description="Who it was done to, readable.")
    event_date: pl.Date = pa.Field(nullable=True, description="When, resolved to a date.")
    date_precision: str = pa.Field(
        isin=DATE_PRECISIONS, description="day, week, month, year, or unknown (no date)."
    )
    date_text: str = pa.Field(nullable=True, description="Words the date was resolved from.")
    location_id: str = pa.Field(nullable=True, description="Entity id of the place.")
    location_name: str = pa.Field(nullable=True, description="Where, readable.")
    geo_precision: pl.Int64 = pa.Field(
        nullable=True, isin=GEO_PRECISIONS, description=GEO_PRECISION_TEXT
    )
    country_code: str = pa.Field(
        nullable=True, str_matches=r"^[A-Z]{2}$", description="ISO 3166-1 alpha-2."
    )
    latitude: pl.Float64 = pa.Field(nullable=True, ge=-90, le=90, description="From the gazetteer.")
    longitude: pl.Float64 = pa.Field(
        nullable=True, ge=-180, le=180, description="From the gazetteer."
    )
    fatalities: pl.Int64 = pa.Field(nullable=True, ge=0, description="Deaths, lower bound.")
    injuries: pl.Int64 = pa.Field(nullable=True, ge=0, description="Injuries, lower bound.")
    event_group: str = pa.Field(
        nullable=True, description="Groups the mentions of one event inside one document."
    )

    @pa.dataframe_check
    def length_matches_offsets(cls, data: pa.PolarsData) -> pl.LazyFrame:
        return _span_matches(data, "trigger")

    @pa.dataframe_check
    def precision_known_iff_date(cls, data: pa.PolarsData) -> pl.LazyFrame:
        return data.lazyframe.select(
            pl.col("event_date").is_null() == (pl.col("date_precision") == "unknown")
        )

    @pa.dataframe_check
    def actor_id_has_name(cls, data: pa.PolarsData) -> pl.LazyFrame:
        return _id_needs_name(data, "actor")

    @pa.dataframe_check
    def target_id_has_name(cls, data: pa.PolarsData) -> pl.LazyFrame:
        return _id_needs_name(data, "target")

    @pa.dataframe_check
    def location_id_has_name(cls, data: pa.PolarsData) -> pl.LazyFrame:
        return _id_needs_name(data, "location")

    class Config:
        strict = True


class StoryEvents(pa.DataFrameModel):
    """One row per real-world event across documents, ACLED-style."""

    story_event_id: str = pa.Field(unique=True, description="Stable id from the member events.")
    event_type: str = pa.Field(isin=EVENT_TYPES, description="PLOVER type.")
    mode: str = pa.Field(nullable=True, description="PLOVER mode.")
    event_date: pl.Date = pa.Field(nullable=True, description="When it happened.")
    date_precision: str = pa.Field(isin=DATE_PRECISIONS, description="Like ACLED time_precision.")
    location_id: str = pa.Field(nullable=True, description="Entity id of the place.")
    location_name: str = pa.Field(nullable=True, description="Place as most sources write it.")
    country_code: str = pa.Field(
        nullable=True, str_matches=r"^[A-Z]{2}$", description="ISO 3166-1 alpha-2."
    )
    latitude: pl.Float64 = pa.Field(nullable=True, ge=-90, le=90, description="From the gazetteer.")
    longitude: pl.Float64 = pa.Field(
        nullable=True, ge=-180, le=180, description="From the gazetteer."
    )
    geo_precision: pl.Int64 = pa.Field(
        nullable=True, isin=GEO_PRECISIONS, description=GEO_PRECISION_TEXT
    )
    actor_id: str = pa.Field(nullable=True, description="Entity id of who acted.")
    actor_name: str = pa.Field(nullable=True, description="Who acted, readable.")
    target_id: str = pa.Field(nullable=True, description="Entity id of who it was done to.")
    target_name: str = pa.Field(nullable=True, description="Who it was done to, readable.")
    event_ids: pl.List(pl.String) = pa.Field(description="The event mentions that report it.")
    n_docs: pl.Int64 = pa.Field(ge=1, description="Independent sources (copies count once).")
    fatalities: pl.Int64 = pa.Field(
        nullable=True, ge=0, description="ACLED-style: lowest credible total for the whole event."
    )
    fatalities_min: pl.Int64 = pa.Field(nullable=True, ge=0, description="Lowest source toll.")
    fatalities_max: pl.Int64 = pa.Field(nullable=True, ge=0, description="Highest source toll.")
    sources: pl.List(pl.String) = pa.Field(description="Outlets (or files) reporting it.")
    notes: str = pa.Field(nullable=True, description="One short source sentence.")

    @pa.dataframe_check
    def fatality_spread_ordered(cls, data: pa.PolarsData) -> pl.LazyFrame:
        return _ordered(data, "fatalities_min", "fatalities_max")

    @pa.dataframe_check
    def precision_known_iff_date(cls, data: pa.PolarsData) -> pl.LazyFrame:
        return data.lazyframe.select(
            pl.col("event_date").is_null() == (pl.col("date_precision") == "unknown")
        )

    @pa.dataframe_check
    def location_id_has_name(cls, data: pa.PolarsData) -> pl.LazyFrame:
        return _id_needs_name(data, "location")

    class Config:
        strict = True


class FigureClaims(pa.DataFrameModel):
    """One row per quantity reported across documents: do the sources agree?"""

    claim_id: str = pa.Field(unique=True, description="Stable id from the member figures.")
    category: str = pa.Field(isin=FIGURE_CATEGORIES, description="Figure category.")
    location: str = pa.Field(nullable=True, description="Place the quantity is about.")
    quantity_noun: str = pa.Field(nullable=True, description="Counted thing.")
    figure_ids: pl.List(pl.String) = pa.Field(description="The figures that report it.")
    n_docs: pl.Int64 = pa.Field(ge=1, description="Independent sources.")
    value_min: pl.Float64 = pa.Field(nullable=True, description="Lowest value reported.")
    value_max: pl.Float64 = pa.Field(nullable=True, description="Highest value reported.")
    consistent: pl.Boolean = pa.Field(description="Do the sources agree?")

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


def column_descriptions(table: str) -> dict[str, str]:
    """Each column's description, as declared on the model."""
    columns = TABLES[table].to_schema().columns
    return {name: column.description or "" for name, column in columns.items()}


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
