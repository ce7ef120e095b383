"""Documents built from hand-written text, for entity and quote tests."""

from __future__ import annotations

from newsfacts.model import CleanDocument, Mention
from newsfacts.sentences import split_sentences

DOC_ID = "0123456789abcdef"


def make_doc(text: str, doc_id: str = DOC_ID) -> CleanDocument:
    return CleanDocument(
        doc_id=doc_id,
        source_path=f"{doc_id}.txt",
        clean_text=text,
        sentences=tuple(split_sentences(doc_id, text)),
    )


def by_surface(mentions: list[Mention]) -> dict[str, tuple[str, str]]:
    """surface -> (type, key) of the last mention with that surface."""
    return {m.surface: (m.entity_type, m.key) for m in mentions}
