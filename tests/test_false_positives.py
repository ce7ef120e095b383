"""The BBC false-positive measure: every asserted ASSAULT row of the business, sport,
tech and entertainment sections is hand-labelled, and few tell no attack.

The full run reads all 1,724 articles (about a minute); it is the same measure as
``newsfacts evaluate --on false-positives``. The loader tests use small invented
label files.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from pydantic import ValidationError

from newsfacts.evaluation.false_positive_labels import load_labels, sentence_hash
from newsfacts.evaluation.false_positives import (
    BBC_DIR,
    SECTIONS,
    format_rates,
    measure,
    stale_labels,
    total,
)

# Rows labelled no_attack per 100 articles, at most (the target).
NO_ATTACK_CEILING = 2.0

needs_corpus = pytest.mark.skipif(
    not BBC_DIR.is_dir(), reason=f"the BBC corpus ({BBC_DIR}) is missing"
)


@needs_corpus
def test_non_news_sections_few_no_attack_rows_and_all_labelled() -> None:
    rates = measure()
    assert [r.section for r in rates] == list(SECTIONS)
    everything = total(rates)
    assert everything.documents == 1724
    report = format_rates(rates)
    assert not everything.labelled(None), f"label these rows:\n{report}"
    stale = stale_labels(rates)
    assert not stale, f"delete the labels of rows no longer found: {stale}"
    assert everything.no_attack_per_100 <= NO_ATTACK_CEILING, report


ENTRY = """\
- path: sport/001.txt
  trigger: stabbed
  sentence_hash: {digest}
  label: {label}
  sentence: The striker was stabbed outside a club.
"""


def _write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "labels.yaml"
    path.write_text(text, encoding="utf-8")
    return path


def test_labels_are_keyed_by_path_trigger_and_sentence_hash(tmp_path: Path) -> None:
    digest = sentence_hash("The striker was stabbed\n  outside a club.")
    labels = load_labels(_write(tmp_path, ENTRY.format(digest=digest, label="attack")))
    assert labels == {("sport/001.txt", "stabbed", digest): "attack"}
    assert digest == sentence_hash("The striker was stabbed outside a club.")
    assert len(digest) == 12


def test_unknown_label_is_refused(tmp_path: Path) -> None:
    text = ENTRY.format(digest="0123456789ab", label="maybe")
    with pytest.raises(ValidationError):
        load_labels(_write(tmp_path, text))


def test_row_labelled_twice_is_refused(tmp_path: Path) -> None:
    once = ENTRY.format(digest="0123456789ab", label="attack")
    twice = once + ENTRY.format(digest="0123456789ab", label="no_attack")
    load_labels(_write(tmp_path, once))
    with pytest.raises(ValidationError, match="labelled twice"):
        load_labels(_write(tmp_path, twice))


def test_unknown_key_is_refused(tmp_path: Path) -> None:
    text = ENTRY.format(digest="0123456789ab", label="attack") + "  note: checked\n"
    with pytest.raises(ValidationError):
        load_labels(_write(tmp_path, text))


def test_malformed_hash_is_refused(tmp_path: Path) -> None:
    text = ENTRY.format(digest="not-a-hash", label="attack")
    with pytest.raises(ValidationError):
        load_labels(_write(tmp_path, text))


def test_the_project_label_file_loads() -> None:
    labels = load_labels()
    assert set(labels.values()) <= {"attack", "no_attack"}
    assert labels
