"""Event extraction: PLOVER-typed event mentions with participants, place, date and toll."""

from newsfacts.events.extract import extract_events

__all__ = ["extract_events"]
