"""``python -m newsfacts.html_benchmark``: article-body extraction on real web pages.

The Zyte/Scrapinghub article-extraction benchmark (``../shared/corpora/
article-extraction-benchmark``: 181 pages with hand-checked bodies) scored
with its own measure, token precision/recall/F1 per page, averaged. Our
``clean_text`` starts with the headline, which the benchmark's bodies do not
hold, so the body (``clean_text`` without its title paragraph) is scored
separately from the whole text; the pipeline adds no standfirst of its own
(a standfirst the page prints in its article stays part of the body).
trafilatura's own settings run in the same pass, so the comparison stays
honest whatever the machine.
"""

from __future__ import annotations

import argparse
import gzip
import json
import re
import sys
import tempfile
import time
from collections import Counter
from collections.abc import Sequence
from pathlib import Path

import trafilatura

from newsfacts.documents import ProcessedDocument, process_seeds
from newsfacts.reference import PROJECT_ROOT

BENCHMARK = PROJECT_ROOT.parent / "shared" / "corpora" / "article-extraction-benchmark"
_TOKEN = re.compile(r"\w+")

Scores = tuple[float, float, float]


def prf(found: str, gold: str) -> Scores:
    """Token precision, recall and F1 of ``found`` against ``gold`` (case-folded words)."""
    got, want = Counter(_TOKEN.findall(found.lower())), Counter(_TOKEN.findall(gold.lower()))
    overlap = sum((got & want).values())
    p = overlap / sum(got.values()) if got else 0.0
    r = overlap / sum(want.values()) if want else 0.0
    return p, r, (2 * p * r / (p + r) if p + r else 0.0)


def body_of(article: dict[str, object]) -> str:
    """``clean_text`` without the title paragraph it starts with."""
    text = str(article["clean_text"])
    title = article.get("title")
    head, _, rest = text.partition("\n\n")
    return rest if title and head == title else text


def _pages(root: Path, limit: int | None) -> list[tuple[str, bytes, str]]:
    truth = json.loads((root / "ground-truth.json").read_text(encoding="utf-8"))
    return [
        (key, gzip.decompress((root / "html" / f"{key}.html.gz").read_bytes()), body["articleBody"])
        for key, body in sorted(truth.items())[:limit]
    ]


def _ours(pages: list[tuple[str, bytes, str]]) -> dict[str, list[Scores]]:
    scores: dict[str, list[Scores]] = {"body": [], "clean_text": []}
    with tempfile.TemporaryDirectory() as tmp:
        for key, html, gold in pages:
            folder = Path(tmp) / key
            folder.mkdir()
            (folder / "page.html").write_bytes(html)
            (item,) = list(process_seeds(folder))
            if not isinstance(item, ProcessedDocument):
                scores["body"].append((0.0, 0.0, 0.0))
                scores["clean_text"].append((0.0, 0.0, 0.0))
                continue
            scores["body"].append(prf(body_of(item.article), gold))
            scores["clean_text"].append(prf(str(item.article["clean_text"]), gold))
    return scores


def _trafilatura(pages: list[tuple[str, bytes, str]], settings: dict[str, bool]) -> list[Scores]:
    precision, comments = settings.get("favor_precision", False), settings.get("comments", True)
    return [
        prf(
            trafilatura.extract(html, favor_precision=precision, include_comments=comments) or "",
            gold,
        )
        for _, html, gold in pages
    ]


def _summary(scores: list[Scores], seconds: float) -> dict[str, float | int]:
    n = len(scores)
    mean = [round(sum(s[i] for s in scores) / n, 3) if n else 0.0 for i in range(3)]
    return {
        "pages": n,
        "precision": mean[0],
        "recall": mean[1],
        "f1": mean[2],
        "seconds": round(seconds, 1),
    }


def html_extraction(limit: int | None = None, root: Path = BENCHMARK) -> dict[str, object]:
    """Ours (body, and whole clean_text) against trafilatura's settings, on the same pages."""
    pages = _pages(root, limit)
    start = time.perf_counter()
    ours = _ours(pages)
    seconds = time.perf_counter() - start
    results: dict[str, object] = {
        "newsfacts body": _summary(ours["body"], seconds),
        "newsfacts clean_text (with title)": _summary(ours["clean_text"], seconds),
    }
    baselines: dict[str, dict[str, bool]] = {
        "trafilatura.extract default": {},
        "trafilatura favor_precision=True": {"favor_precision": True},
        "trafilatura favor_precision=True, include_comments=False": {
            "favor_precision": True,
            "comments": False,
        },
    }
    for name, settings in baselines.items():
        start = time.perf_counter()
        scores = _trafilatura(pages, settings)
        results[name] = _summary(scores, time.perf_counter() - start)
    return results


def markdown_table(results: dict[str, object]) -> str:
    """The results as the README's table."""
    lines = ["| extractor | P | R | F1 | seconds |", "|---|---|---|---|---|"]
    for name, row in results.items():
        assert isinstance(row, dict)
        lines.append(
            f"| {name} | {row['precision']:.3f} | {row['recall']:.3f} | {row['f1']:.3f} "
            f"| {row['seconds']} |"
        )
    return "\n".join(lines)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--limit", type=int, default=None, help="use only the first N pages")
    args = parser.parse_args(argv)
    if not BENCHMARK.is_dir():
        print(f"benchmark pages not found at {BENCHMARK}", file=sys.stderr)
        return 1
    print(markdown_table(html_extraction(args.limit)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
