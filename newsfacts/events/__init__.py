"""Event extraction: PLOVER-typed event mentions with participants, place, date and toll.

``extract_events(doc, mentions, figures)`` returns the ``events`` rows of one
document and the figure_id -> event_id links. The steps, one module each:

- ``triggers``: lexicon matching (``data/reference/events/triggers.yaml``),
  disambiguation of everyday words, merging the words of one attack;
- ``modality``: asserted / planned / hypothetical / negated (``modality.yaml``);
- ``participants``: actor and target from the entity mentions;
- ``places``: the place of the event, geocoded offline via ``newsfacts.gazetteer``;
- ``timing``: which date phrase dates which event (resolution in ``newsfacts.dates``);
- ``casualties``: fatalities and injuries from linked figures;
- ``grouping``: ``event_group`` linking mentions of one event in a document.
"""

from newsfacts.events.extract import extract_events

__all__ = ["extract_events"]
