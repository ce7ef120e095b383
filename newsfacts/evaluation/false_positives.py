"""ASSAULT rows on news that reports no violence: the false-positive rate.

The BBC News corpus (``../shared/corpora/bbc``, real articles of 2004-05)
has business, sport, tech and entertainment sections where almost no
article tells of an attack, while their wording borrows the words of
attacks everywhere ("shot", "strike", "battle", "hit", "killed off"). Every
ASSAULT row found there is, to a close approximation, a false positive, so
ASSAULT rows per 100 articles measures how often everyday language passes
for violence. The rate counts asserted rows (those that reach the tables'
counts and the story clustering); rows of other modalities ("denied the
killing", "threatened to attack") are counted beside it. The extractors run
directly (documents, mentions, figures, events), without Dagster or a
warehouse.
"""

from __future__ import annotations

import shutil
import tempfile
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

from newsfacts.documents import read_documents
from newsfacts.entities.extract import extract_mentions
from newsfacts.events import extract_events
from newsfacts.figures import extract_figures
from newsfacts.model import CleanDocument
from newsfacts.reference import PROJECT_ROOT

BBC_DIR = PROJECT_ROOT.parent / "shared" / "corpora" / "bbc"
# Sections whose articles (nearly) never report an attack.
SECTIONS = ("business", "sport", "tech", "entertainment")
# How many of the worst examples (ASSAULT sentences) are printed per section.
SHOWN_EXAMPLES = 8


@dataclass(frozen=True)
class Hit:
    """One ASSAULT row: where, its trigger and its sentence."""

    source_path: str
    trigger: str
    modality: str
    sentence: str


@dataclass(frozen=True)
class SectionRate:
    section: str
    documents: int
    hits: tuple[Hit, ...]

    @property
    def asserted(self) -> int:
        return sum(1 for hit in self.hits if hit.modality == "asserted")

    @property
    def per_100(self) -> float:
        """Asserted ASSAULT rows per 100 documents."""
        return per_100(self.asserted, self.documents)


def per_100(rows: int, documents: int) -> float:
    return 100 * rows / documents if documents else 0.0


def assault_hits(doc: CleanDocument) -> list[Hit]:
    """The ASSAULT rows of one document, whatever their modality."""
    rows, _ = extract_events(doc, extract_mentions(doc), extract_figures(doc))
    sentences = {s.sentence_idx: s.text for s in doc.sentences}
    return [
        Hit(doc.source_path, row["trigger"], row["modality"], sentences[row["sentence_idx"]])
        for row in rows
        if row["event_type"] == "ASSAULT"
    ]


def section_rate(section: str, docs: Iterable[CleanDocument]) -> SectionRate:
    hits: list[Hit] = []
    count = 0
    for doc in docs:
        count += 1
        hits.extend(assault_hits(doc))
    return SectionRate(section, count, tuple(hits))


def measure(
    root: Path = BBC_DIR, sections: Sequence[str] = SECTIONS, limit: int | None = None
) -> list[SectionRate]:
    """The rate of every section of the corpus at ``root`` (its first ``limit`` files)."""
    return [section_rate(name, _documents(root / name, limit)) for name in sections]


def _documents(folder: Path, limit: int | None) -> Iterator[CleanDocument]:
    if limit is None:
        yield from read_documents(folder)
        return
    with tempfile.TemporaryDirectory() as tmp:
        for path in sorted(folder.glob("*.txt"))[:limit]:
            shutil.copyfile(path, Path(tmp) / path.name)  # ingest reads no links out of a folder
        yield from read_documents(Path(tmp))


def format_rates(rates: Sequence[SectionRate], examples: int = SHOWN_EXAMPLES) -> str:
    header = f"{'section':<15} {'documents':>9} {'asserted':>9} {'per 100':>8} {'other':>6}"
    lines = [header]
    for rate in [*rates, _total(rates)]:
        lines.append(
            f"{rate.section:<15} {rate.documents:>9} {rate.asserted:>9} {rate.per_100:>8.2f}"
            f" {len(rate.hits) - rate.asserted:>6}"
        )
    for rate in rates:
        if rate.hits:
            lines.append(f"\n{rate.section}: examples")
        for hit in _worst(rate.hits)[:examples]:
            sentence = " ".join(hit.sentence.split())
            lines.append(f"  {hit.source_path} [{hit.trigger}, {hit.modality}] {sentence[:160]}")
    return "\n".join(lines)


def _total(rates: Sequence[SectionRate]) -> SectionRate:
    hits = tuple(hit for rate in rates for hit in rate.hits)
    return SectionRate("ALL", sum(r.documents for r in rates), hits)


def _worst(hits: Sequence[Hit]) -> list[Hit]:
    """Asserted rows first (they reach the tables' counts), then by document."""
    return sorted(hits, key=lambda h: (h.modality != "asserted", h.source_path))
