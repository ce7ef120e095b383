"""Entity mentions in a document and entities resolved across documents."""

from newsfacts.entities.extract import extract_mentions
from newsfacts.entities.resolve import EntityDelta, EntityIndex, Resolution, resolve_entities

__all__ = ["EntityDelta", "EntityIndex", "Resolution", "extract_mentions", "resolve_entities"]
