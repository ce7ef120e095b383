"""Readers for every input format: one module per format family, plus type detection.

Each reader turns the bytes of one seed file into zero or more
``RawDocument``s (one for a text or HTML file, many for a web archive, an
export or a feed) and a ``Reject`` for every record it cannot use, so one bad
record never loses the rest of its file. Nothing here knows about stages,
caches or Dagster: ``newsfacts.ingest`` picks the reader for a file.
"""
