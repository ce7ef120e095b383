"""Hand labels of the ASSAULT rows found in the BBC non-news sections.

The business, sport, tech and entertainment sections of the BBC corpus report
real attacks too (the 11 September attacks, shootings of rappers, stabbed
footballers), which the pipeline must find; only the rows that tell no attack
at all (stage effects, plots, sporting metaphors, hunting) are false
positives. ``tests/false_positives/labels.yaml`` says which is which, one
entry per asserted ASSAULT row, read by a person (see the README beside it).

A row is keyed by its corpus-relative path, its trigger and a short hash of its
whitespace-normalised sentence, so a label survives changes that leave the row
itself alone (a new row elsewhere, a reordered event list), and a row whose
sentence or trigger changes shows up as unlabelled instead of inheriting a
label that may no longer fit.
"""

from __future__ import annotations

import hashlib
from pathlib import Path
from typing import Annotated, Literal

import yaml
from pydantic import Field, RootModel, StrictStr, model_validator

from newsfacts.reference import PROJECT_ROOT
from newsfacts.reference_schemas import Shape

LABELS_PATH = PROJECT_ROOT / "tests" / "false_positives" / "labels.yaml"
# Hex digits of the sentence hash kept in a key: enough to tell the sentences
# of one article apart, short enough to read.
HASH_LENGTH = 12

Label = Literal["attack", "no_attack"]
# (corpus-relative path, trigger, sentence hash)
LabelKey = tuple[str, str, str]


def sentence_hash(sentence: str) -> str:
    """The sentence's key part: line breaks and spacing do not change it."""
    normalised = " ".join(sentence.split())
    return hashlib.sha256(normalised.encode("utf-8")).hexdigest()[:HASH_LENGTH]


class LabelledRow(Shape):
    """One asserted ASSAULT row and what a reader found it to report."""

    path: Annotated[StrictStr, Field(pattern=r"^[a-z]+/[^/]+\.txt$")]
    trigger: Annotated[StrictStr, Field(min_length=1)]
    sentence_hash: Annotated[StrictStr, Field(pattern=rf"^[0-9a-f]{{{HASH_LENGTH}}}$")]
    label: Label
    # The sentence (possibly cut short), for the person reviewing the label.
    sentence: StrictStr

    @property
    def key(self) -> LabelKey:
        return (self.path, self.trigger, self.sentence_hash)


class LabelFile(RootModel[list[LabelledRow]]):
    """The whole file: a list of labelled rows, no row labelled twice."""

    @model_validator(mode="after")
    def _unique_keys(self) -> LabelFile:
        seen: set[LabelKey] = set()
        for row in self.root:
            if row.key in seen:
                raise ValueError(f"row labelled twice: {row.path} [{row.trigger}] {row.sentence}")
            seen.add(row.key)
        return self


def load_labels(path: Path = LABELS_PATH) -> dict[LabelKey, Label]:
    """Every label of the file by its key; a malformed file raises ``ValidationError``."""
    data = yaml.safe_load(path.read_text(encoding="utf-8")) or []
    return {row.key: row.label for row in LabelFile.model_validate(data).root}
