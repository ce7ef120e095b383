"""MinHash signatures of a text's word shingles, for near-duplicate detection.

Computed where each document is processed (in the workers of the document
map), so that the cross-document index (``newsfacts.duplicates``) only
compares signatures. Seed and permutations are fixed: the same text always
gives the same signature.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from hashlib import blake2b

import numpy as np
from datasketch import MinHash

SHINGLE_WORDS = 5
NUM_PERM = 128
SEED = 1

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
    hashes = shingles(text)
    minhash = MinHash(num_perm=NUM_PERM, seed=SEED, hashfunc=_low32)
    minhash.update_batch(sorted(hashes))
    return Signature(len(hashes), minhash.hashvalues.astype(np.uint64).tobytes())
