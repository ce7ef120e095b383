"""The real-world held-out set: real news texts referenced in tests/realworld/sources.yaml.

The texts belong to two public corpora kept outside the repository, under
``../shared/corpora`` (their licences forbid republishing them), so the set
stores only references. :func:`materialise` rebuilds the texts from the
corpora into a folder the pipeline can read:

- ``article-extraction-benchmark``: ``<id>.txt`` is the page's headline, a
  blank line and the hand-checked ``articleBody`` of ``ground-truth.json``,
  with no other change;
- ``bbc``: ``<id>.txt`` is the corpus file, byte for byte.

Next to each text, ``<id>.json`` carries its metadata (url, title, outlet,
published date or null), the sidecar format the ingest stage reads.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date
from functools import cache
from pathlib import Path
from typing import Any

import yaml

from newsfacts.reference import PROJECT_ROOT

REALWORLD_DIR = PROJECT_ROOT / "tests" / "realworld"
SOURCES_PATH = REALWORLD_DIR / "sources.yaml"
CORPORA_DIR = PROJECT_ROOT.parent / "shared" / "corpora"
BENCHMARK = "article-extraction-benchmark"
BBC = "bbc"
CORPORA = (BENCHMARK, BBC)


class CorporaMissing(FileNotFoundError):
    """The shared corpora the real-world texts are rebuilt from are not there."""


@dataclass(frozen=True)
class Source:
    """One entry of sources.yaml: where a text comes from and what it is."""

    id: str
    corpus: str
    key: str
    url: str
    genre: str
    title: str
    published: date | None
    outlet: str

    @property
    def file_name(self) -> str:
        """The materialised text's file name (the pipeline's ``source_path``)."""
        return f"{self.id}.txt"

    def sidecar(self) -> dict[str, Any]:
        published = self.published.isoformat() if self.published else None
        return {"url": self.url, "title": self.title, "outlet": self.outlet, "published": published}


def load_sources(path: Path = SOURCES_PATH) -> list[Source]:
    """The entries of sources.yaml, checked for the fields and corpora they need."""
    entries = yaml.safe_load(path.read_text(encoding="utf-8")) or []
    sources = [_source(entry) for entry in entries]
    ids = [s.id for s in sources]
    duplicates = sorted({i for i in ids if ids.count(i) > 1})
    if duplicates:
        raise ValueError(f"{path}: duplicate ids {duplicates}")
    return sources


def _source(entry: dict[str, Any]) -> Source:
    if entry.get("corpus") not in CORPORA:
        raise ValueError(f"unknown corpus in sources entry {entry!r}; expected one of {CORPORA}")
    published = entry.get("published")
    if published is not None and not isinstance(published, date):
        published = date.fromisoformat(str(published))
    return Source(
        id=str(entry["id"]),
        corpus=str(entry["corpus"]),
        key=str(entry["key"]),
        url=str(entry["url"]),
        genre=str(entry["genre"]),
        title=str(entry["title"]),
        published=published,
        outlet=str(entry["outlet"]),
    )


def require_corpora(corpora_dir: Path = CORPORA_DIR) -> Path:
    """``corpora_dir``, or a clear error when the corpora are not next to the project."""
    missing = [name for name in CORPORA if not (corpora_dir / name).is_dir()]
    if missing:
        raise CorporaMissing(
            f"the real-world texts are rebuilt from the shared corpora, but "
            f"{', '.join(str(corpora_dir / name) for name in missing)} is missing; "
            f"expected the corpora under ../shared/corpora next to the project root"
        )
    return corpora_dir


@cache
def _ground_truth(path: Path) -> dict[str, dict[str, str]]:
    data: dict[str, dict[str, str]] = json.loads(path.read_text(encoding="utf-8"))
    return data


def text_bytes(source: Source, corpora_dir: Path = CORPORA_DIR) -> bytes:
    """The materialised text of one entry, as the bytes written to ``<id>.txt``."""
    if source.corpus == BBC:
        return (corpora_dir / BBC / source.key).read_bytes()
    truth = _ground_truth(corpora_dir / BENCHMARK / "ground-truth.json")
    if source.key not in truth:
        raise KeyError(f"{source.id}: key {source.key} is not in the benchmark's ground truth")
    return (source.title + "\n\n" + truth[source.key]["articleBody"]).encode("utf-8")


def materialise(
    target_dir: Path, sources_path: Path = SOURCES_PATH, corpora_dir: Path = CORPORA_DIR
) -> list[Path]:
    """Write ``<id>.txt`` and its ``<id>.json`` sidecar for every entry; the text paths."""
    require_corpora(corpora_dir)
    target_dir.mkdir(parents=True, exist_ok=True)
    written: list[Path] = []
    for source in load_sources(sources_path):
        path = target_dir / source.file_name
        path.write_bytes(text_bytes(source, corpora_dir))
        sidecar = json.dumps(source.sidecar(), ensure_ascii=False, indent=2) + "\n"
        (target_dir / f"{source.id}.json").write_text(sidecar, encoding="utf-8")
        written.append(path)
    return written
