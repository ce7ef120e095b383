"""The ``figures`` table: every reported number as a typed, bounded, categorised row.

``extract_figures(doc)`` returns the rows of one ``CleanDocument`` (the
columns of ``schemas.Figures``; ``event_id`` is left null for the events
stage to fill). ``sentence_figures(text)`` reads one sentence and is what
tests and other stages use on plain strings.

Modules, one job each: ``tokens`` (offsets-keeping tokeniser and phrase
lookups), ``lexicon`` (the word lists of ``data/reference/figures/``),
``numbers`` (number grammar), ``qualifiers`` (qualifier and bounds),
``categorise`` (counted noun and category), ``context`` (location and
source), ``extract`` (rows).
"""

from newsfacts.figures.extract import Figure, extract_figures, sentence_figures

__all__ = ["Figure", "extract_figures", "sentence_figures"]
