"""``python -m newsfacts.benchmark``: speed, memory and HTML extraction quality.

Measured on the public corpora beside the project (``../shared/corpora``):
- throughput of every stage on the BBC News texts (cold run, warm rerun, and a
  rerun after one new file), with the process's peak memory;
- article-body extraction on the Zyte/Scrapinghub benchmark pages: token
  precision/recall/F1 of ``clean_text`` against the hand-checked body;
- how the whole per-document chain scales on long paragraphs with no line
  break (every text stage must stay linear: the ratio should stay near 10).
Nothing here is a test: numbers depend on the machine.
"""

from __future__ import annotations

import argparse
import json
import resource
import shutil
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
from newsfacts.stages.build import Build

CORPORA = PROJECT_ROOT.parent / "shared" / "corpora"


def _peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def _link_corpus(source: Path, target: Path, limit: int | None) -> int:
    """Copy the corpus's article files into a seeds folder (links out of it are not followed)."""
    files = sorted(p for p in source.glob("*/*.txt"))[:limit]
    target.mkdir(parents=True, exist_ok=True)
    for path in files:
        shutil.copyfile(path, target / f"{path.parent.name}_{path.name}")
    return len(files)


STEPS = ("documents", "entities", "quotes", "events", "figures", "stories", "claims")


def _timed_pass(paths: Paths) -> dict[str, float]:
    timings = {}
    with Build(paths) as build:
        for name in STEPS:
            start = time.perf_counter()
            getattr(build, name)()
            timings[name] = time.perf_counter() - start
        start = time.perf_counter()
        build.publish(ANALYST_VIEWS)
        timings["publish"] = time.perf_counter() - start
    return timings


def throughput(limit: int | None) -> dict[str, object]:
    """Cold run, warm rerun and one-new-file rerun over the BBC texts."""
    with tempfile.TemporaryDirectory() as tmp:
        seeds = Path(tmp) / "seeds"
        n = _link_corpus(CORPORA / "bbc", seeds, limit)
        paths = Paths.of(seeds, Path(tmp) / "warehouse")
        cold = _timed_pass(paths)
        warm = _timed_pass(paths)
        (seeds / "zz_new.txt").write_text(
            "Port strike ends\n\nDock workers ended a two-week strike on Monday after "
            "3,000 members accepted a pay offer, the union said.\n",
            encoding="utf-8",
        )
        one_new = _timed_pass(paths)
    total = sum(cold.values())
    return {
        "documents": n,
        "cold_seconds": {k: round(v, 2) for k, v in cold.items()},
        "cold_docs_per_second": round(n / total, 1) if total else None,
        "warm_rerun_seconds": round(sum(warm.values()), 2),
        "one_new_file_seconds": round(sum(one_new.values()), 2),
        "peak_rss_mb": round(_peak_mb(), 1),
    }


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
    parser.add_argument("--limit", type=int, default=None, help="use only the first N files")
    args = parser.parse_args(argv)
    if not CORPORA.is_dir():
        print(f"corpora not found at {CORPORA}", file=sys.stderr)
        return 1
    results = {
        "throughput_bbc": throughput(args.limit),
        "html_extraction": html_extraction(args.limit),
        "single_line_scaling": scaling(),
    }
    print(json.dumps(results, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
