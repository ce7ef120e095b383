"""ASSAULT rows on the BBC non-news sections, and how many of them tell no attack.

The BBC News corpus (``../shared/corpora/bbc``, real articles of 2004-05)
has business, sport, tech and entertainment sections whose wording borrows
the words of attacks everywhere ("shot", "strike", "battle", "hit", "killed
off"), while they also report real attacks now and then (the 11 September
attacks, shootings of rappers, a footballer hit by a coin). Asserted ASSAULT
rows per 100 articles therefore mixes two things; the hand labels of
``tests/false_positives/labels.yaml`` (``false_positive_labels``) separate
them, and rows labelled ``no_attack`` per 100 articles is the false-positive
rate proper. A row no label matches (new, or its sentence or trigger changed)
is counted and printed as unlabelled, ready to be labelled. Rows of other
modalities ("denied the killing", "threatened to attack") are counted beside
the asserted ones. The extractors run directly (documents, mentions, figures,
events), without Dagster or a warehouse.
"""

from __future__ import annotations

import shutil
import tempfile
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from newsfacts.documents import read_documents
from newsfacts.entities.extract import extract_mentions
from newsfacts.evaluation.false_positive_labels import (
    LABELS_PATH,
    Label,
    LabelKey,
    load_labels,
    sentence_hash,
)
from newsfacts.events import extract_events
from newsfacts.figures import extract_figures
from newsfacts.model import CleanDocument
from newsfacts.reference import PROJECT_ROOT

BBC_DIR = PROJECT_ROOT.parent / "shared" / "corpora" / "bbc"
# Sections whose articles seldom report an attack.
SECTIONS = ("business", "sport", "tech", "entertainment")
# How many no_attack rows are printed as examples (unlabelled rows are all printed).
SHOWN_EXAMPLES = 20
# Characters of a sentence kept in a label entry and in the printed examples.
SHOWN_CHARACTERS = 200


@dataclass(frozen=True)
class Hit:
    """One ASSAULT row: its article (``section/file.txt``), trigger and sentence."""

    path: str
    trigger: str
    modality: str
    sentence: str

    @property
    def asserted(self) -> bool:
        return self.modality == "asserted"

    @property
    def key(self) -> LabelKey:
        return (self.path, self.trigger, sentence_hash(self.sentence))

    @property
    def text(self) -> str:
        """The sentence on one line, cut to ``SHOWN_CHARACTERS``."""
        return " ".join(self.sentence.split())[:SHOWN_CHARACTERS]


@dataclass(frozen=True)
class SectionRate:
    """The ASSAULT rows of a section and the labels they are counted with."""

    section: str
    documents: int
    hits: tuple[Hit, ...]
    labels: Mapping[LabelKey, Label] = field(default_factory=dict)

    @property
    def asserted_hits(self) -> list[Hit]:
        return [hit for hit in self.hits if hit.asserted]

    @property
    def asserted(self) -> int:
        return len(self.asserted_hits)

    def labelled(self, label: Label | None) -> list[Hit]:
        """Asserted rows with this label (``None``: those no label matches)."""
        return [hit for hit in self.asserted_hits if self.labels.get(hit.key) == label]

    @property
    def per_100(self) -> float:
        """Asserted ASSAULT rows per 100 documents."""
        return per_100(self.asserted, self.documents)

    @property
    def no_attack_per_100(self) -> float:
        """Asserted rows labelled ``no_attack`` per 100 documents: the false positives."""
        return per_100(len(self.labelled("no_attack")), self.documents)


def per_100(rows: int, documents: int) -> float:
    return 100 * rows / documents if documents else 0.0


def assault_hits(doc: CleanDocument, path: str) -> list[Hit]:
    """The ASSAULT rows of one document, whatever their modality."""
    rows, _ = extract_events(doc, extract_mentions(doc), extract_figures(doc))
    sentences = {s.sentence_idx: s.text for s in doc.sentences}
    return [
        Hit(path, row["trigger"], row["modality"], sentences[row["sentence_idx"]])
        for row in rows
        if row["event_type"] == "ASSAULT"
    ]


def section_rate(
    section: str, docs: Iterable[CleanDocument], labels: Mapping[LabelKey, Label]
) -> SectionRate:
    hits: list[Hit] = []
    count = 0
    for doc in docs:
        count += 1
        hits.extend(assault_hits(doc, f"{section}/{Path(doc.source_path).name}"))
    return SectionRate(section, count, tuple(hits), labels)


def measure(
    root: Path = BBC_DIR,
    sections: Sequence[str] = SECTIONS,
    limit: int | None = None,
    labels_path: Path = LABELS_PATH,
) -> list[SectionRate]:
    """The rows of every section of the corpus at ``root`` (its first ``limit`` files)."""
    labels = load_labels(labels_path)
    return [section_rate(name, _documents(root / name, limit), labels) for name in sections]


def total(rates: Sequence[SectionRate]) -> SectionRate:
    """All sections as one."""
    hits = tuple(hit for rate in rates for hit in rate.hits)
    labels = rates[0].labels if rates else {}
    return SectionRate("ALL", sum(r.documents for r in rates), hits, labels)


def _documents(folder: Path, limit: int | None) -> Iterator[CleanDocument]:
    if limit is None:
        yield from read_documents(folder)
        return
    with tempfile.TemporaryDirectory() as tmp:
        for path in sorted(folder.glob("*.txt"))[:limit]:
            shutil.copyfile(path, Path(tmp) / path.name)  # ingest reads no links out of a folder
        yield from read_documents(Path(tmp))


def label_entry(hit: Hit, label: str) -> dict[str, str]:
    """The entry of ``labels.yaml`` that labels ``hit``."""
    return {
        "path": hit.path,
        "trigger": hit.trigger,
        "sentence_hash": sentence_hash(hit.sentence),
        "label": label,
        "sentence": hit.text,
    }


def format_rates(rates: Sequence[SectionRate], examples: int = SHOWN_EXAMPLES) -> str:
    """The table per section, the headline rates, then the rows a person should read."""
    everything = total(rates)
    return "\n".join(
        [
            *_table([*rates, everything]),
            "",
            *_headline(rates, everything),
            *_unlabelled(everything),
            *_no_attack(everything, examples),
        ]
    )


def _table(rates: Sequence[SectionRate]) -> list[str]:
    lines = [
        f"{'section':<15} {'documents':>9} {'asserted':>9} {'per 100':>8} {'attack':>7}"
        f" {'no_attack':>9} {'per 100':>8} {'unlabelled':>10} {'other':>6}"
    ]
    for rate in rates:
        lines.append(
            f"{rate.section:<15} {rate.documents:>9} {rate.asserted:>9} {rate.per_100:>8.2f}"
            f" {len(rate.labelled('attack')):>7} {len(rate.labelled('no_attack')):>9}"
            f" {rate.no_attack_per_100:>8.2f} {len(rate.labelled(None)):>10}"
            f" {len(rate.hits) - rate.asserted:>6}"
        )
    return lines


def _headline(rates: Sequence[SectionRate], everything: SectionRate) -> list[str]:
    return [
        f"asserted ASSAULT rows per 100: {everything.per_100:.2f}"
        f" ({everything.asserted} rows, {everything.documents} articles)",
        f"no_attack rows per 100: {everything.no_attack_per_100:.2f}"
        f" ({len(everything.labelled('no_attack'))} rows)",
        f"unlabelled asserted rows: {len(everything.labelled(None))}",
        f"labels matching no row: {len(stale_labels(rates))}",
    ]


def stale_labels(rates: Sequence[SectionRate]) -> list[LabelKey]:
    """Labels of the measured sections that no asserted row matches any more."""
    sections = {rate.section for rate in rates}
    found = {hit.key for rate in rates for hit in rate.asserted_hits}
    labels = total(rates).labels
    return [key for key in labels if key not in found and key[0].split("/")[0] in sections]


def _unlabelled(everything: SectionRate) -> list[str]:
    hits = everything.labelled(None)
    if not hits:
        return []
    entries = [label_entry(hit, "attack or no_attack") for hit in hits]
    text = yaml.safe_dump(entries, sort_keys=False, allow_unicode=True, width=100)
    return [
        f"\nunlabelled rows (label them in {LABELS_PATH.relative_to(PROJECT_ROOT)}):",
        text.rstrip(),
    ]


def _no_attack(everything: SectionRate, examples: int) -> list[str]:
    hits = everything.labelled("no_attack")
    if not hits:
        return []
    lines = ["\nrows labelled no_attack:"]
    lines.extend(f"  {hit.path} [{hit.trigger}] {hit.text}" for hit in hits[:examples])
    return lines
