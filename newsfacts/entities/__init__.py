"""Entity mentions in a document and entities resolved across documents."""

from newsfacts.entities.extract import extract_mentions
from newsfacts.entities.resolve import Resolution, resolve_entities

__all__ = ["Resolution", "extract_mentions", "resolve_entities"]
