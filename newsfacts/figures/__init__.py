"""The ``figures`` table: every reported number as a typed, bounded, categorised row."""

from newsfacts.figures.extract import Figure, extract_figures, sentence_figures

__all__ = ["Figure", "extract_figures", "sentence_figures"]
