"""Contract v2: entity references as ``<role>_id`` + ``<role>_name``, v1 names as aliases."""

from __future__ import annotations

import dagster as dg
import duckdb
import polars as pl

from newsfacts.paths import Paths
from newsfacts.schemas import DEPRECATED_ALIASES, TABLES
from newsfacts.stages.cross_document.entities import link_names
from pipelines.definitions import ASSETS, CHECKS, resources
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
        result = dg.materialize(
            [*ASSETS, *CHECKS], resources=resources(settings), instance=instance
        )
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
