"""``python -m newsfacts.benchmark``: speed, memory and HTML extraction quality.

Measured on the public corpora beside the project (``../shared/corpora``):
- ``make build`` end to end (``python -m pipelines.build`` in a subprocess) on
  the BBC News texts and on a corpus ten times larger generated from them
  (``newsfacts.scale_corpus``): cold build, rerun with nothing changed, rerun
  after one new article, CPU time over wall time, peak memory, files on disk;
- seconds per step of a cold build of the BBC texts;
- article-body extraction on the Zyte/Scrapinghub benchmark pages: token
  precision/recall/F1 of ``clean_text`` against the hand-checked body;
- how the whole per-document chain scales on long paragraphs with no line
  break (every text stage must stay linear: the ratio should stay near 10).
Nothing here is a test: numbers depend on the machine.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import subprocess
import sys
import tempfile
import time
from collections.abc import Sequence
from pathlib import Path

from newsfacts.analyst_views import ANALYST_VIEWS
from newsfacts.documents import process_seeds
from newsfacts.html_benchmark import html_extraction
from newsfacts.ingest import Reject
from newsfacts.paths import Paths
from newsfacts.reference import PROJECT_ROOT
from newsfacts.scale_corpus import make_corpus
from newsfacts.stages.build import Build

CORPORA = PROJECT_ROOT.parent / "shared" / "corpora"


NEW_ARTICLE = (
    "Port strike ends\n\nDock workers ended a two-week strike on Monday after "
    "{members:,} members accepted a pay offer, the union said.\n"
)
# Reruns after one new article each: one run varies with what else the machine does
# (disk, cache), so the median is reported, with every run.
ONE_NEW_RUNS = 5


def _run_build(seeds: Path, warehouse: Path) -> dict[str, float]:
    """One ``python -m pipelines.build`` (what ``make build`` runs), measured from outside:
    wall time, CPU time of the process and every worker it waited for, largest resident set."""
    env = {
        **os.environ,
        "NEWSFACTS_SEEDS_DIR": str(seeds),
        "NEWSFACTS_WAREHOUSE_DIR": str(warehouse),
        "DAGSTER_HOME": str(PROJECT_ROOT),
    }
    start = time.perf_counter()
    process = subprocess.Popen(
        [sys.executable, "-m", "pipelines.build"],
        cwd=PROJECT_ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    _, status, usage = os.wait4(process.pid, 0)
    wall = time.perf_counter() - start
    if status != 0:
        error = process.stderr.read().decode() if process.stderr else ""
        raise RuntimeError(f"build failed ({status}): {error[-2000:]}")
    cpu = usage.ru_utime + usage.ru_stime
    return {
        "wall_s": round(wall, 2),
        "cpu_s": round(cpu, 2),
        "cpu_per_wall": round(cpu / wall, 2) if wall else 0.0,
        "peak_rss_mb": round(usage.ru_maxrss / 1024, 1),
    }


def _files(folder: Path) -> int:
    return sum(1 for p in folder.rglob("*") if p.is_file() and not p.is_symlink())


def end_to_end(scales: Sequence[int], work: Path) -> dict[str, dict[str, object]]:
    """At each scale: cold build, rerun with nothing changed, then reruns after one new
    article each (the median run, and every run's wall time).

    The one-article reruns of the scales take turns (x1, x10, x1, x10, ...): the
    machine's speed drifts within minutes, and a scale whose runs all came after
    the other's would be compared with a different machine.
    """
    folders = {scale: (work / f"seeds_x{scale}", work / f"warehouse_x{scale}") for scale in scales}
    results: dict[int, dict[str, object]] = {}
    articles: dict[int, int] = {}
    for scale, (seeds, warehouse) in folders.items():
        articles[scale] = make_corpus(CORPORA / "bbc", seeds, scale)
        cold = _run_build(seeds, warehouse)
        no_op = _run_build(seeds, warehouse)
        results[scale] = {"articles": articles[scale], "cold": cold, "no_op_rerun": no_op}
    one_new: dict[int, list[dict[str, float]]] = {scale: [] for scale in scales}
    for run in range(ONE_NEW_RUNS):
        article = NEW_ARTICLE.format(members=3_000 + 100 * run)
        for scale, (seeds, warehouse) in folders.items():
            (seeds / f"zz_new_article_{run}.txt").write_text(article, encoding="utf-8")
            one_new[scale].append(_run_build(seeds, warehouse))
    for scale, (_, warehouse) in folders.items():
        runs = sorted(one_new[scale], key=lambda run: run["wall_s"])
        files = _files(warehouse)
        results[scale] |= {
            "plus_one_article": runs[len(runs) // 2],
            "plus_one_article_runs_wall_s": [run["wall_s"] for run in one_new[scale]],
            "files_in_warehouse": files,
            "files_per_1000_articles": round(1000 * files / articles[scale], 1),
        }
    return {f"x{scale}": result for scale, result in results.items()}


STEPS = ("documents", "entities", "quotes", "events", "figures", "stories", "claims")


def stage_split(work: Path) -> dict[str, float]:
    """Seconds per step of one cold build of the BBC texts, in this process."""
    seeds = work / "seeds_split"
    make_corpus(CORPORA / "bbc", seeds, 1)
    timings = {}
    with Build(Paths.of(seeds, work / "warehouse_split")) as build:
        for name in STEPS:
            start = time.perf_counter()
            getattr(build, name)()
            timings[name] = round(time.perf_counter() - start, 2)
        start = time.perf_counter()
        build.publish(ANALYST_VIEWS)
        timings["publish"] = round(time.perf_counter() - start, 2)
    return timings


PATHOLOGICAL_UNITS = (
    "Gunmen killed 14 villagers on Tuesday and wounded more than 30 others, police said. ",
    "one two hundred and of the dozens more U.S. (A) , including ",
    "“We will not leave,” said Commander Abu Haidar al-Rami of the Northern Brigades. ",
)


def _extract_all(text: str) -> float:
    """Seconds to clean, split and run every extractor over one single-line document."""
    from newsfacts.entities.extract import extract_mentions
    from newsfacts.events import extract_events
    from newsfacts.figures import extract_figures
    from newsfacts.quotes import extract_quotes

    with tempfile.TemporaryDirectory() as tmp:
        (Path(tmp) / "long.txt").write_text(text, encoding="utf-8")
        start = time.perf_counter()
        (item,) = list(process_seeds(Path(tmp)))
        if isinstance(item, Reject):
            raise RuntimeError(f"benchmark input rejected: {item.detail}")
        doc = item.document
        mentions = extract_mentions(doc)
        figures = extract_figures(doc)
        extract_quotes(doc, mentions)
        extract_events(doc, mentions, figures)
        return time.perf_counter() - start


def scaling() -> list[dict[str, object]]:
    """Time on 20 kB and 200 kB paragraphs with no line break: linear work grows ~10x."""
    rows = []
    _extract_all(PATHOLOGICAL_UNITS[0])  # load lexicons and gazetteer before timing
    for unit in PATHOLOGICAL_UNITS:
        small = _extract_all(unit * (20_000 // len(unit)))
        large = _extract_all(unit * (200_000 // len(unit)))
        rows.append(
            {
                "unit": unit[:40],
                "seconds_20kB": round(small, 3),
                "seconds_200kB": round(large, 3),
                "ratio": round(large / small, 1) if small else None,
            }
        )
    return rows


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument(
        "--scales", default="1,10", help="corpus sizes in BBC multiples (default: 1,10)"
    )
    parser.add_argument(
        "--only",
        choices=("scale", "stages", "html", "long"),
        action="append",
        help="run only these parts (default: all)",
    )
    args = parser.parse_args(argv)
    if not CORPORA.is_dir():
        print(f"corpora not found at {CORPORA}", file=sys.stderr)
        return 1
    parts = set(args.only or ("scale", "stages", "html", "long"))
    results: dict[str, object] = {
        "machine": {"cores": os.cpu_count(), "platform": platform.platform()}
    }
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        if "scale" in parts:
            scales = [int(s) for s in args.scales.split(",")]
            results["end_to_end"] = end_to_end(scales, work)
        if "stages" in parts:
            results["stage_seconds_bbc"] = stage_split(work)
    if "html" in parts:
        results["html_extraction"] = html_extraction(None)
    if "long" in parts:
        results["single_line_scaling"] = scaling()
    print(json.dumps(results, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
