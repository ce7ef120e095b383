"""A corpus ten (or N) times the BBC one, generated reproducibly, for the scale benchmark.

Each generated article keeps a BBC article's number of paragraphs, but its
paragraphs are drawn (with a fixed seed) from all the
articles of the same section, so the text reads like news of that section,
mentions the same kind of names and numbers, and is no byte copy of
anything. The originals are included, so ``scale=10`` gives the 2,225 BBC
articles plus nine variants of each.
"""

from __future__ import annotations

import random
import shutil
from collections import defaultdict
from pathlib import Path

SEED = 2026


def _paragraphs(text: str) -> tuple[str, list[str]]:
    """A BBC file's title line and its body paragraphs."""
    blocks = [b.strip() for b in text.replace("\r\n", "\n").split("\n\n") if b.strip()]
    return blocks[0], blocks[1:]


HEADLINE_WORDS = 10


def _headline(paragraph: str) -> str:
    """A headline from the opening words of the first paragraph (titles must not repeat:
    a line found in many documents is removed as site chrome)."""
    return " ".join(paragraph.split()[:HEADLINE_WORDS]).rstrip(".,;:")


def make_corpus(bbc: Path, target: Path, scale: int = 1) -> int:
    """Write ``scale`` articles per BBC article into ``target``; returns the file count."""
    target.mkdir(parents=True, exist_ok=True)
    articles: dict[str, list[tuple[Path, list[str]]]] = defaultdict(list)
    for path in sorted(bbc.glob("*/*.txt")):
        _, body = _paragraphs(path.read_bytes().decode("utf-8", errors="replace"))
        articles[path.parent.name].append((path, body))
    written = 0
    for section, items in sorted(articles.items()):
        pool = [paragraph for _, body in items for paragraph in body]
        for path, body in items:
            shutil.copyfile(path, target / f"{section}_{path.name}")
            written += 1
            for variant in range(1, scale):
                rng = random.Random(f"{SEED}:{section}:{path.name}:{variant}")
                paragraphs = rng.sample(pool, k=min(len(pool), max(1, len(body))))
                text = "\n\n".join([_headline(paragraphs[0]), *paragraphs]) + "\n"
                name = f"{section}_{path.stem}_v{variant}.txt"
                (target / name).write_text(text, encoding="utf-8")
                written += 1
    return written
