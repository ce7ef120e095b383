"""MinHash signatures of a text's word shingles, for near-duplicate detection.

Computed where each document is processed (in the workers of the document
map), so that the cross-document index (``newsfacts.duplicates``) only
compares signatures. Seed and permutations are fixed: the same text always
gives the same signature.
"""

from __future__ import annotations

import re
from collections import deque
from collections.abc import Iterator
from dataclasses import dataclass
from hashlib import blake2b

import numpy as np
from datasketch import MinHash

SHINGLE_WORDS = 5
NUM_PERM = 128
SEED = 1

_WORD = re.compile(r"\w+")
# Shingles hashed into the MinHash at a time: its permutations take a matrix of
# NUM_PERM values per shingle, so a long text goes in slices of bounded memory.
_BATCH = 4096


def _shingle_hashes(text: str) -> Iterator[int]:
    """64-bit hash of each run of ``SHINGLE_WORDS`` consecutive lower-cased words, in text
    order, read through a sliding window so a long text is never held as a word list."""
    window: deque[str] = deque(maxlen=SHINGLE_WORDS)
    for match in _WORD.finditer(text):
        window.append(match.group().casefold())
        if len(window) == SHINGLE_WORDS:
            digest = blake2b(" ".join(window).encode(), digest_size=8).digest()
            yield int.from_bytes(digest, "big")


def shingles(text: str) -> set[int]:
    """64-bit hashes of every run of ``SHINGLE_WORDS`` consecutive lower-cased words.

    Punctuation, quote styles and line breaks are ignored, since outlets restyle them.
    """
    return set(_shingle_hashes(text))


def _low32(value: int) -> int:
    return value & 0xFFFFFFFF


@dataclass(frozen=True)
class Signature:
    """A document's shingle count and MinHash values."""

    shingles: int
    values: bytes

    def array(self) -> np.ndarray:
        return np.frombuffer(self.values, dtype=np.uint64)


def signature(text: str) -> Signature:
    """The MinHash signature of a text's shingles."""
    hashes = np.unique(np.fromiter(_shingle_hashes(text), dtype=np.uint64))
    minhash = MinHash(num_perm=NUM_PERM, seed=SEED, hashfunc=_low32)
    for start in range(0, len(hashes), _BATCH):
        minhash.update_batch(hashes[start : start + _BATCH].tolist())
    return Signature(len(hashes), minhash.hashvalues.astype(np.uint64).tobytes())
