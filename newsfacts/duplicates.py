"""Near-duplicate detection: syndicated copies of one story under several outlets.

A wire story republished by another outlet keeps its body but gains or loses the
outlet's chrome (headline wording, promo lines, a trimmed last paragraph), so
byte hashes miss it while a bag-of-words would also join two *different*
articles on the same news. Word shingles (overlapping runs of ``SHINGLE_WORDS``
tokens) sit in between: two reports of the same event written independently
share names and a quote or two, but few runs of five consecutive words.

Similarity is the containment of the shorter document in the longer one
(shared shingles / shingles of the shorter), not Jaccard: a copy cut to its
first paragraphs, or padded with another site's chrome, is still a copy.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterator
from datetime import date
from hashlib import blake2b

import polars as pl

SHINGLE_WORDS = 5
# Shared-shingle share of the shorter text above which two documents are copies. Independent
# reports on one event share quotes and names (measured on the seeds: at most ~0.15), while a
# copy re-wrapped in other chrome keeps nearly all of its body (> 0.9).
MIN_CONTAINMENT = 0.7
# Texts shorter than this many shingles (a title, an empty body) carry too little to call them
# copies of anything.
MIN_SHINGLES = 20

# A shingle in more documents than this is a stock phrase: it proposes no pair.
MAX_POSTINGS = 25
# Distinctive shingles two documents must share before their overlap is computed.
MIN_CANDIDATE_HITS = 3

_WORD = re.compile(r"\w+")


def shingles(text: str) -> set[int]:
    """64-bit hashes of every run of ``SHINGLE_WORDS`` consecutive lower-cased words.

    Punctuation, quote styles and line breaks are ignored, since outlets restyle them.
    """
    words = [match.group().casefold() for match in _WORD.finditer(text)]
    return {
        int.from_bytes(
            blake2b(" ".join(words[i : i + SHINGLE_WORDS]).encode(), digest_size=8).digest(),
            "big",
        )
        for i in range(len(words) - SHINGLE_WORDS + 1)
    }


def _candidate_overlaps(sets: list[set[int]]) -> Iterator[tuple[int, int, int]]:
    """(i, j, shared) for the pairs of documents that may be copies, with exact overlap.

    An inverted index avoids comparing every pair of documents. A shingle found
    in more than ``MAX_POSTINGS`` documents is a stock phrase ("said in a
    statement on"), not evidence of copying, and would make the index quadratic
    on a large corpus, so it only counts in the exact overlap of the pairs that
    other shingles proposed.
    """
    postings: dict[int, list[int]] = defaultdict(list)
    for index, hashes in enumerate(sets):
        hits: dict[int, int] = defaultdict(int)
        for value in hashes:
            posting = postings[value]
            if len(posting) <= MAX_POSTINGS:
                for other in posting:
                    hits[other] += 1
                posting.append(index)
        for other, count in hits.items():
            if count >= MIN_CANDIDATE_HITS:
                yield other, index, len(sets[other] & hashes)


def _find(parent: list[int], node: int) -> int:
    while parent[node] != node:
        parent[node] = parent[parent[node]]
        node = parent[node]
    return node


def _original_order(published: date | None, doc_id: str) -> tuple[bool, date, str]:
    """Earliest publication first, undated documents last, doc_id breaking ties."""
    return (published is None, published or date.min, doc_id)


def find_duplicates(articles: pl.DataFrame) -> dict[str, str]:
    """Map each near-duplicate doc_id to the doc_id of the copy that is kept.

    Copies are grouped transitively; the kept original of a group is its
    earliest document by ``published_date`` (undated last), then ``doc_id``.
    Documents that copy nothing are absent from the result (their
    ``duplicate_of`` is null).
    """
    doc_ids: list[str] = articles["doc_id"].to_list()
    dates: list[date | None] = articles["published_date"].to_list()
    sets = [shingles(text or "") for text in articles["clean_text"].to_list()]
    parent = list(range(len(doc_ids)))
    for i, j, shared in _candidate_overlaps(sets):
        smaller = min(len(sets[i]), len(sets[j]))
        if smaller >= MIN_SHINGLES and shared / smaller >= MIN_CONTAINMENT:
            parent[_find(parent, i)] = _find(parent, j)
    groups: dict[int, list[int]] = defaultdict(list)
    for index in range(len(doc_ids)):
        groups[_find(parent, index)].append(index)
    result: dict[str, str] = {}
    for members in groups.values():
        kept = min(members, key=lambda k: _original_order(dates[k], doc_ids[k]))
        result.update({doc_ids[k]: doc_ids[kept] for k in members if k != kept})
    return result
