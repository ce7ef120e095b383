"""The BBC false-positive measurement on a small fixed sample (the full run is
``python -m newsfacts.evaluation --false-positives``)."""

from __future__ import annotations

import pytest

from newsfacts.evaluation.false_positives import BBC_DIR, SECTIONS, format_rates, measure

# Files per section in the sample: the first of each folder, always the same.
SAMPLE = 25
# Asserted ASSAULT rows per 100 sampled articles, at most; loose on purpose
# (a sample this small moves by a few rows), it catches a broad regression.
CEILING = 4.0

needs_corpus = pytest.mark.skipif(not BBC_DIR.is_dir(), reason="../shared/corpora/bbc missing")


@needs_corpus
def test_non_news_sections_report_few_assaults() -> None:
    rates = measure(limit=SAMPLE)
    assert [r.section for r in rates] == list(SECTIONS)
    assert all(0 < r.documents <= SAMPLE for r in rates)
    asserted = sum(r.asserted for r in rates)
    documents = sum(r.documents for r in rates)
    assert 100 * asserted / documents <= CEILING, format_rates(rates)
