"""The ``newsfacts`` command: build, query, evaluate, benchmark, and the Dagster UI.

Folders given on the command line are taken from the current directory; without
them the NEWSFACTS_* variables apply (relative to the project root), as for
``make``. Dagster is imported only by the commands that run it, so ``query``
answers quickly.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

import click
from rich.console import Console
from rich.table import Table

from newsfacts.paths import Paths
from newsfacts.query import BadQuery, WarehouseUnreadable, export_query, run_query
from newsfacts.reference import PROJECT_ROOT

EXIT_FAILED = 1  # the build failed a check; the published warehouse is unchanged
EXIT_USAGE = 2  # wrong arguments or a missing folder
EXIT_UNREADABLE = 3  # no warehouse, or its files cannot be read
EXIT_BAD_SQL = 4  # the query is wrong
DISPLAY_ROWS = 40
DISPLAY_CELL_CHARS = 60

EPILOG = (
    "Exit codes: 0 success, 1 build failed (published data unchanged), 2 bad arguments or "
    "missing folder, 3 warehouse missing or unreadable, 4 bad SQL."
)
SEEDS_OPTION = click.option(
    "--seeds",
    type=click.Path(file_okay=False, path_type=Path),
    help="Folder of input articles [default: $NEWSFACTS_SEEDS_DIR or data/seeds].",
)
WAREHOUSE_OPTION = click.option(
    "--warehouse",
    type=click.Path(file_okay=False, path_type=Path),
    help="Warehouse folder [default: $NEWSFACTS_WAREHOUSE_DIR or data/warehouse].",
)


class BuildFailed(click.ClickException):
    exit_code = EXIT_FAILED


class UsageFailure(click.ClickException):
    exit_code = EXIT_USAGE


class WarehouseFailure(click.ClickException):
    exit_code = EXIT_UNREADABLE


class SqlFailure(click.ClickException):
    exit_code = EXIT_BAD_SQL


def _paths(seeds: Path | None, warehouse: Path | None) -> Paths:
    defaults = Paths.from_env()
    return Paths.of(
        seeds.resolve() if seeds else defaults.seeds_dir,
        warehouse.resolve() if warehouse else defaults.warehouse_dir,
    )


@click.group(epilog=EPILOG, context_settings={"help_option_names": ["-h", "--help"]})
def main() -> None:
    """Turn news articles into a validated, queryable dataset (newsfacts)."""


@main.command(epilog=EPILOG)
@SEEDS_OPTION
@WAREHOUSE_OPTION
def build(seeds: Path | None, warehouse: Path | None) -> None:
    """Process the seeds folder into the warehouse (Parquet + newsfacts.duckdb)."""
    paths = _paths(seeds, warehouse)
    if not paths.seeds_dir.is_dir():
        raise UsageFailure(f"seeds folder not found: {paths.seeds_dir}")
    from newsfacts.progress_display import ProgressBars
    from pipelines.build import build as run_build
    from pipelines.build import exit_now, summary

    with ProgressBars(title="build"):
        outcome = run_build(paths.seeds_dir, paths.warehouse_dir, ends_process=True)
    if not outcome.success:
        lines = ["build failed; the published warehouse was left as it was.", *outcome.failures]
        BuildFailed("\n  ".join(lines)).show()
        exit_now(BuildFailed.exit_code)
    click.echo("\n".join(summary(paths, outcome)))
    exit_now(0)


def _cell(value: object) -> str:
    text = "NULL" if value is None else str(value)
    return text if len(text) <= DISPLAY_CELL_CHARS else text[: DISPLAY_CELL_CHARS - 1] + "…"


@main.command(epilog=EPILOG)
@click.argument("sql")
@WAREHOUSE_OPTION
@click.option(
    "--output",
    "-o",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Write every row to this .csv or .parquet file instead of printing a table.",
)
def query(sql: str, warehouse: Path | None, output: Path | None) -> None:
    """Run SQL on the warehouse (read-only) and print a table or write a file.

    \b
    newsfacts query "SELECT category, count(*) FROM figures GROUP BY ALL"
    newsfacts query "SELECT * FROM story_timeline" -o timeline.csv
    """
    duckdb_path = _paths(None, warehouse).duckdb_path
    try:
        if output is not None:
            n = export_query(duckdb_path, sql, output)
            click.echo(f"{n} rows written to {output}")
            return
        result = run_query(duckdb_path, sql)
    except ValueError as error:
        raise UsageFailure(str(error)) from error
    except WarehouseUnreadable as error:
        raise WarehouseFailure(str(error)) from error
    except BadQuery as error:
        raise SqlFailure(f"bad SQL: {error}") from error
    table = Table(*result.columns)
    for row in result.rows[:DISPLAY_ROWS]:
        table.add_row(*(_cell(v) for v in row))
    console = Console(width=max(Console().width, 100))
    console.print(table)
    hidden = len(result.rows) - DISPLAY_ROWS
    more = f" ({hidden} not shown: write them all with --output)" if hidden > 0 else ""
    console.print(f"{len(result.rows)} rows{more}")


@main.command(epilog=EPILOG)
@click.option("--per-doc", is_flag=True, help="Also print every document's scores.")
@click.option(
    "--on",
    "articles",
    type=click.Choice(["seeds", "heldout", "realworld", "false-positives"]),
    default="seeds",
    show_default=True,
    help="The bundled seeds, the held-out articles of tests/heldout, the real news "
    "texts of tests/realworld, or ASSAULT rows per 100 BBC business, sport, tech and "
    "entertainment articles, all and those hand-labelled no attack (the last two need "
    "../shared/corpora).",
)
def evaluate(per_doc: bool, articles: str) -> None:
    """Precision, recall and F1 of every extractor against the gold annotations."""
    from newsfacts.evaluation.__main__ import main as evaluation

    args = (["--per-doc"] if per_doc else []) + ([] if articles == "seeds" else [f"--{articles}"])
    sys.exit(evaluation(args))


@main.command(epilog=EPILOG)
@click.option("--limit", type=int, help="Use only the first N files of each corpus.")
def benchmark(limit: int | None) -> None:
    """Throughput and extraction quality on the public corpora (../shared/corpora)."""
    from newsfacts.benchmark import main as run_benchmark

    sys.exit(run_benchmark([] if limit is None else ["--limit", str(limit)]))


@main.command(epilog=EPILOG)
@click.option("--host", default="127.0.0.1", show_default=True)
@click.option("--port", default=3000, show_default=True, type=int)
def dev(host: str, port: int) -> None:
    """The Dagster UI, with the instance of DAGSTER_HOME (default: the project root)."""
    dg = Path(sys.executable).parent / "dg"
    if not dg.is_file():
        raise UsageFailure(f"{dg} not found: install the project with `make build`")
    os.environ.setdefault("DAGSTER_HOME", str(PROJECT_ROOT))
    os.chdir(PROJECT_ROOT)
    os.execv(dg, [str(dg), "dev", "-h", host, "-p", str(port)])


if __name__ == "__main__":
    main()
