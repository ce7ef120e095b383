"""Contract v2: entity references as ``<role>_id`` + ``<role>_name``, v1 names as aliases."""

from __future__ import annotations

import re

import dagster as dg
import duckdb
import polars as pl
from hypothesis import given, settings
from hypothesis import strategies as st

from newsfacts.paths import Paths
from newsfacts.schemas import DEPRECATED_ALIASES, TABLES
from newsfacts.stages.cross_document.entities import link_names
from pipelines.definitions import ASSETS, resources
from pipelines.resources import WarehouseConfig

DOC = "a" * 16


def _mentions(*pairs: tuple[str, str]) -> pl.DataFrame:
    return pl.DataFrame(
        [{"doc_id": DOC, "surface": s, "entity_id": e} for s, e in pairs],
        schema={"doc_id": pl.String, "surface": pl.String, "entity_id": pl.String},
    )


def _linked(written: str | None, mentions: pl.DataFrame) -> str | None:
    df = pl.DataFrame(
        {"doc_id": [DOC], "source_name": [written]},
        schema={"doc_id": pl.String, "source_name": pl.String},
    )
    return link_names(df, mentions, ("source",))["source_id"][0]


def test_a_written_name_resolves_to_the_longest_name_the_document_mentions() -> None:
    mentions = _mentions(
        ("Valdoria", "valdoria"),
        ("People's Defence Units", "peoples-defence-units"),
        ("Ana Kovac", "ana-kovac"),
    )
    assert _linked("Valdoria's People's Defence Units", mentions) == "peoples-defence-units"
    assert _linked("Valdorian Deputy Minister Ana Kovac", mentions) == "ana-kovac"
    assert _linked("the country's top military spokesperson", mentions) is None
    assert _linked(None, mentions) is None


NAME_WORDS = ("Valdoria", "Ostland", "People's", "Defence", "Units", "and", "the", "-", "ana")


def _naive_link(written: str, names: list[tuple[str, str]]) -> str | None:
    """The definition: the longest mentioned name the written one contains as whole words."""

    def words(text: str) -> str:
        return " ".join(re.split(r"\W+", text.casefold())).strip()

    found = sorted(
        (pair for pair in names if f" {words(pair[0])} " in f" {words(written)} "),
        key=lambda pair: (-len(pair[0]), pair[0]),
    )
    if not found or (re.search(r",|&|\b(?:and|or)\b", written) and len({e for _, e in found}) > 1):
        return None
    return found[0][1]


@settings(max_examples=150, deadline=None)
@given(
    st.lists(
        st.tuples(
            st.lists(st.sampled_from(NAME_WORDS), min_size=1, max_size=3),
            st.text("abc", min_size=1, max_size=2),
        ),
        max_size=6,
    ),
    st.lists(st.sampled_from(NAME_WORDS), max_size=8),
)
def test_written_names_link_as_their_definition_says(
    names: list[tuple[list[str], str]], written: list[str]
) -> None:
    pairs = [(" ".join(words), entity) for words, entity in names]
    text = " ".join(written)
    expected = _naive_link(text, pairs) if text else None
    assert _linked(text or None, _mentions(*pairs)) == expected


def test_a_list_of_names_resolves_to_no_single_entity() -> None:
    mentions = _mentions(("Valdoria", "valdoria"), ("Ostland", "ostland"))
    assert _linked("Valdoria and Ostland", mentions) is None
    assert _linked("Valdoria", mentions) == "valdoria"


def test_a_name_in_another_document_does_not_resolve() -> None:
    mentions = _mentions(("Ostland", "ostland")).with_columns(pl.lit("b" * 16).alias("doc_id"))
    assert _linked("Ostland", mentions) is None


def test_published_tables_carry_ids_names_and_the_v1_aliases(temp_paths: Paths) -> None:
    settings = WarehouseConfig(
        seeds_dir=str(temp_paths.seeds_dir), warehouse_dir=str(temp_paths.warehouse_dir)
    )
    with dg.instance_for_test() as instance:
        result = dg.materialize(ASSETS, resources=resources(settings), instance=instance)
    assert result.success
    con = duckdb.connect(str(temp_paths.duckdb_path), read_only=True)
    try:
        for table, renamed in DEPRECATED_ALIASES.items():
            columns = [c[0] for c in con.execute(f"SELECT * FROM {table} LIMIT 0").description]
            assert columns[: len(TABLES[table].to_schema().columns)] == list(
                TABLES[table].to_schema().columns
            )
            assert columns[-len(renamed) :] == list(renamed)
            for old, new in renamed.items():
                differ = f"SELECT count(*) FROM {table} WHERE {old} IS DISTINCT FROM {new}"
                assert con.execute(differ).fetchone() == (0,)
        named = con.execute(
            "SELECT count(*), count(actor_name) FROM events WHERE actor_id IS NOT NULL"
        ).fetchone()
        assert named is not None and named[0] > 0 and named[0] == named[1]
        canonical = con.execute(
            "SELECT count(*) FROM quotes q JOIN entities e ON e.entity_id = q.speaker_id "
            "WHERE q.speaker_name <> e.name"
        ).fetchone()
        assert canonical == (0,)
        sourced = con.execute("SELECT count(source_id) FROM figures").fetchone()
        assert sourced is not None and sourced[0] > 0
        bases = con.execute(
            "SELECT DISTINCT title_basis FROM articles WHERE title IS NOT NULL"
        ).fetchall()
        assert bases and all(b[0] != "unknown" for b in bases)
    finally:
        con.close()
