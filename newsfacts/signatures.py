"""MinHash signatures of a text's word shingles, for near-duplicate detection.

Computed where each document is processed (in the workers of the document
map), so that the cross-document index (``newsfacts.duplicates``) only
compares signatures. Seed and permutations are fixed: the same text always
gives the same signature.

The signature is datasketch's ``MinHash`` (its default "affine32" scheme:
each 32-bit shingle hash is mixed by the MurmurHash3 finalizer, then every
permutation maps it to ``a * h + b`` modulo 2^32 with an odd ``a``, drawn from
NumPy's ``RandomState(SEED)``), value for value, as ``tests/test_signatures.py``
checks against datasketch itself. It is computed here with NumPy because
importing datasketch imports SciPy's integration routines for its LSH index,
which this project does not use: half a second of every build that hashes a
new document.
"""

from __future__ import annotations

import re
from collections import deque
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cache
from hashlib import blake2b

import numpy as np

SHINGLE_WORDS = 5
NUM_PERM = 128
SEED = 1

_MAX_HASH = np.uint32(0xFFFFFFFF)
# The MurmurHash3 32-bit finalizer: shifts and multipliers.
_FMIX = (np.uint32(16), np.uint32(0x85EBCA6B), np.uint32(13), np.uint32(0xC2B2AE35), np.uint32(16))

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


@dataclass(frozen=True)
class Signature:
    """A document's shingle count and MinHash values."""

    shingles: int
    values: bytes

    def array(self) -> np.ndarray:
        return np.frombuffer(self.values, dtype=np.uint64)


@cache
def _permutations() -> tuple[np.ndarray, np.ndarray]:
    """The odd multipliers ``a`` and the offsets ``b``, drawn as datasketch draws them."""
    generator = np.random.RandomState(SEED)
    a = generator.randint(0, 1 << 31, NUM_PERM, dtype=np.uint32) * np.uint32(2) + np.uint32(1)
    b = generator.randint(0, 1 << 32, NUM_PERM, dtype=np.uint32)
    return a, b


def _mixed(hashes: np.ndarray) -> np.ndarray:
    """The low 32 bits of each hash, through the MurmurHash3 finalizer (multiplications
    wrap modulo 2^32, as the finalizer intends)."""
    shift1, multiply1, shift2, multiply2, shift3 = _FMIX
    value = (hashes & np.uint64(_MAX_HASH)).astype(np.uint32)
    value = (value ^ (value >> shift1)) * multiply1
    value = (value ^ (value >> shift2)) * multiply2
    return value ^ (value >> shift3)


def signature(text: str) -> Signature:
    """The MinHash signature of a text's shingles."""
    hashes = np.unique(np.fromiter(_shingle_hashes(text), dtype=np.uint64))
    a, b = _permutations()
    values = np.full(NUM_PERM, _MAX_HASH, dtype=np.uint32)
    for start in range(0, len(hashes), _BATCH):
        permuted = _mixed(hashes[start : start + _BATCH])[:, np.newaxis] * a
        permuted += b
        np.minimum(values, permuted.min(axis=0), out=values)
    return Signature(len(hashes), values.astype(np.uint64).tobytes())
