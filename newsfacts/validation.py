"""Validation of every table as named rules: schema, keys, offsets, ids, bounds.

Pandera checks one frame; the contract also promises that every offset points
into ``articles.clean_text`` and that ids refer to existing rows, which needs
two frames at once. Each rule of the contract is a function of its own that
names the rows breaking it, so the Dagster checks can show one result per rule
with the failing rows, and block the publication. Pandera runs once per table;
its failures are split between the rules by the name of the check that failed.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from functools import cached_property

import pandera.errors
import polars as pl
from pandera.config import ValidationDepth, config_context

from newsfacts.query_engine import small_queries
from newsfacts.schemas import TABLES

MAX_EXAMPLES = 10

# Columns holding the exact text at [char_start, char_end) of clean_text.
SURFACE_COLUMN = {
    "sentences": "text",
    "figures": "surface",
    "mentions": "surface",
    "quotes": "text",
    "events": "trigger",
}
# (column, referenced table, referenced column) that must resolve.
REFERENCES = {
    "boilerplate": [("doc_id", "articles", "doc_id")],
    "sentences": [("doc_id", "articles", "doc_id")],
    "figures": [
        ("doc_id", "articles", "doc_id"),
        ("event_id", "events", "event_id"),
        ("location_id", "entities", "entity_id"),
        ("source_id", "entities", "entity_id"),
    ],
    "mentions": [("doc_id", "articles", "doc_id"), ("entity_id", "entities", "entity_id")],
    "quotes": [("doc_id", "articles", "doc_id"), ("speaker_id", "entities", "entity_id")],
    "events": [
        ("doc_id", "articles", "doc_id"),
        ("actor_id", "entities", "entity_id"),
        ("target_id", "entities", "entity_id"),
        ("location_id", "entities", "entity_id"),
    ],
    "story_events": [
        ("location_id", "entities", "entity_id"),
        ("actor_id", "entities", "entity_id"),
        ("target_id", "entities", "entity_id"),
    ],
}
FAILURE_SCHEMA = {
    "column": pl.String,
    "check": pl.String,
    "failure_case": pl.String,
    "index": pl.Int64,
}
# Pandera checks that belong to a rule other than `schema`, by check name.
UNIQUENESS_CHECKS = frozenset({"field_uniqueness", "multiple_fields_uniqueness"})
SPAN_CHECKS = frozenset({"length_matches_offsets", "span_inside_document"})
ORDER_CHECKS = frozenset({"bounds_ordered", "fatality_spread_ordered"})

RULE_DESCRIPTIONS = {
    "schema": "Columns, types, nullability and closed value sets match the Pandera model.",
    "unique_keys": "Key columns are unique (ids, and composite keys such as doc_id + line_no).",
    "offsets_index_text": "clean_text[char_start:char_end] is exactly the row's surface text.",
    "ids_resolve": "Every id column points at an existing row of the table it names.",
    "bounds_ordered": "Lower bounds never exceed upper bounds (value_min <= value_max, ...).",
}


@dataclass(frozen=True)
class RuleOutcome:
    """One rule on one table: the rows that break it and what is wrong, readably."""

    rule: str
    rows: int
    failing_rows: tuple[int, ...] = ()
    problems: tuple[str, ...] = ()

    @property
    def passed(self) -> bool:
        return not self.problems


@dataclass
class TableUnderTest:
    """A table with the tables its rules look up, and Pandera's failures (computed once)."""

    table: str
    df: pl.DataFrame
    others: Mapping[str, pl.DataFrame] = field(default_factory=dict)

    @cached_property
    def pandera_failures(self) -> pl.DataFrame:
        """Pandera's failure cases: one row per failing (check, row), index null if table-wide.

        A frame without rows has only its columns and their types to check: Pandera's
        schema-level validation is then all of it, at a third of the cost of running
        every check of every column on nothing (a one-article build leaves several
        tables without changed rows)."""
        depth = ValidationDepth.SCHEMA_ONLY if self.df.is_empty() else None
        try:
            with config_context(validation_depth=depth):
                TABLES[self.table].validate(self.df, lazy=True)
        except pandera.errors.SchemaErrors as error:
            return error.failure_cases.select(
                pl.col("column").cast(pl.String),
                pl.col("check").cast(pl.String),
                pl.col("failure_case").cast(pl.String),
                pl.col("index").cast(pl.Int64),
            )
        except pandera.errors.SchemaError as error:
            row = {"column": None, "check": str(error), "failure_case": None, "index": None}
            return pl.DataFrame([row], schema=FAILURE_SCHEMA)
        return pl.DataFrame(schema=FAILURE_SCHEMA)


def _shorten(text: str | None, limit: int = 80) -> str:
    text = "" if text is None else text.replace("\n", " ")
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _pandera_outcome(rule: str, subject: TableUnderTest, selected: pl.Expr) -> RuleOutcome:
    """The Pandera failures ``selected`` picks, one problem per column and check."""
    failures = subject.pandera_failures.filter(selected)
    problems = []
    for (column, check), group in failures.group_by("column", "check", maintain_order=True):
        examples = ", ".join(
            repr(_shorten(v)) for v in group["failure_case"].unique(maintain_order=True).head(3)
        )
        rows = group["index"].drop_nulls().n_unique()
        where = f"{rows} rows" if rows else "the table"
        problems.append(
            f"{column}: {check} fails for {where}" + (f" (e.g. {examples})" if examples else "")
        )
    failing = tuple(sorted(set(failures["index"].drop_nulls().to_list())))
    return RuleOutcome(rule, subject.df.height, failing, tuple(problems))


def schema(subject: TableUnderTest) -> RuleOutcome:
    """Columns, dtypes, nullability, value sets and row checks not named by another rule."""
    claimed = UNIQUENESS_CHECKS | SPAN_CHECKS | ORDER_CHECKS
    return _pandera_outcome("schema", subject, ~pl.col("check").is_in(claimed))


def unique_keys(subject: TableUnderTest) -> RuleOutcome:
    """Unique ids and composite keys (Pandera ``unique``)."""
    return _pandera_outcome("unique_keys", subject, pl.col("check").is_in(UNIQUENESS_CHECKS))


def bounds_ordered(subject: TableUnderTest) -> RuleOutcome:
    """Lower bounds at most upper bounds."""
    return _pandera_outcome("bounds_ordered", subject, pl.col("check").is_in(ORDER_CHECKS))


def offsets_index_text(subject: TableUnderTest) -> RuleOutcome:
    """Spans are well formed and ``clean_text[char_start:char_end] == surface``."""
    spans = _pandera_outcome("offsets_index_text", subject, pl.col("check").is_in(SPAN_CHECKS))
    column = SURFACE_COLUMN[subject.table]
    articles = subject.others.get("articles")
    if articles is None or subject.df.is_empty() or column not in subject.df.columns:
        return spans
    texts = dict(zip(articles["doc_id"], articles["clean_text"], strict=True))
    bad: list[int] = []
    examples: list[str] = []
    rows = subject.df.select("doc_id", "char_start", "char_end", column).iter_rows()
    for index, (doc_id, start, end, surface) in enumerate(rows):
        text = texts.get(doc_id)
        if text is None or text[start:end] != surface:
            bad.append(index)
            examples.append(f"{doc_id}[{start}:{end}] is not {_shorten(surface, 40)!r}")
    if not bad:
        return spans
    problem = f"{len(bad)} rows do not index clean_text: " + "; ".join(examples[:3])
    failing = tuple(sorted(set(spans.failing_rows) | set(bad)))
    return RuleOutcome(spans.rule, spans.rows, failing, (*spans.problems, problem))


def ids_resolve(subject: TableUnderTest) -> RuleOutcome:
    """Every id column points at an existing row of the table it names."""
    df, failing, problems = subject.df, set[int](), []
    for column, target, target_column in REFERENCES[subject.table]:
        if target not in subject.others or column not in df.columns:
            continue
        known = subject.others[target][target_column].implode()
        dangling = df.with_row_index("_row").filter(
            pl.col(column).is_not_null() & ~pl.col(column).is_in(known)
        )
        if dangling.height:
            values = dangling[column].unique(maintain_order=True)
            failing |= set(dangling["_row"].to_list())
            shown = ", ".join(values.head(MAX_EXAMPLES).to_list())
            problems.append(
                f"{column} → {target}.{target_column}: {values.len()} unknown ({shown})"
            )
    return RuleOutcome("ids_resolve", df.height, tuple(sorted(failing)), tuple(problems))


RULES: dict[str, Callable[[TableUnderTest], RuleOutcome]] = {
    "schema": schema,
    "unique_keys": unique_keys,
    "offsets_index_text": offsets_index_text,
    "ids_resolve": ids_resolve,
    "bounds_ordered": bounds_ordered,
}


def table_rules(table: str) -> tuple[str, ...]:
    """The rules that apply to ``table``, in a fixed order."""
    model = TABLES[table].to_schema()
    applies = {
        "schema": True,
        "unique_keys": bool(model.unique) or any(c.unique for c in model.columns.values()),
        "offsets_index_text": table in SURFACE_COLUMN,
        "ids_resolve": table in REFERENCES,
        "bounds_ordered": any(check.name in ORDER_CHECKS for check in model.checks),
    }
    return tuple(rule for rule in RULES if applies[rule])


def referenced_tables(table: str) -> set[str]:
    """The other tables the rules of ``table`` read (articles for offsets, ids' targets)."""
    needed = {"articles"} if table in SURFACE_COLUMN else set()
    needed |= {target for _, target, _ in REFERENCES.get(table, [])}
    return needed - {table}


def evaluate_rules(
    table: str, df: pl.DataFrame, others: Mapping[str, pl.DataFrame]
) -> dict[str, RuleOutcome]:
    """Every rule of ``table``; ``others`` holds the tables it refers to."""
    subject = TableUnderTest(table, df, others)
    with small_queries():
        return {rule: RULES[rule](subject) for rule in table_rules(table)}


@dataclass
class ValidationReport:
    """All rules of one table at once, for callers that want a single verdict."""

    table: str
    rows: int
    outcomes: dict[str, RuleOutcome]

    @property
    def failures(self) -> dict[str, list[str]]:
        return {rule: list(o.problems) for rule, o in self.outcomes.items() if not o.passed}

    @property
    def passed(self) -> bool:
        return not self.failures

    def markdown(self) -> str:
        if self.passed:
            return f"`{self.table}`: {self.rows} rows, all checks passed."
        lines = [f"`{self.table}`: rules failing in {self.rows} rows"]
        for rule, problems in self.failures.items():
            lines.append(f"- **{rule}**: " + "; ".join(problems[:MAX_EXAMPLES]))
        return "\n".join(lines)


def validate_table(
    table: str, df: pl.DataFrame, others: Mapping[str, pl.DataFrame]
) -> ValidationReport:
    """All rules of one table; ``others`` holds the tables it refers to."""
    return ValidationReport(table, df.height, evaluate_rules(table, df, others))
