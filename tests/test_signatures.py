"""MinHash signatures equal datasketch's, and the band split equals its optimum."""

from __future__ import annotations

import numpy as np
from datasketch import MinHash, MinHashLSH
from hypothesis import given, settings
from hypothesis import strategies as st

from newsfacts.duplicates import BANDS, LSH_THRESHOLD, ROWS
from newsfacts.signatures import _BATCH, NUM_PERM, SEED, _shingle_hashes, signature


def _datasketch(text: str) -> bytes:
    """The signature as datasketch's own MinHash computes it from the same shingle hashes."""
    hashes = np.unique(np.fromiter(_shingle_hashes(text), dtype=np.uint64))
    minhash = MinHash(num_perm=NUM_PERM, seed=SEED, hashfunc=lambda value: value & 0xFFFFFFFF)
    minhash.update_batch(hashes.tolist())
    return minhash.hashvalues.astype(np.uint64).tobytes()


WORDS = st.lists(
    st.sampled_from(
        ["the", "army", "said", "ten", "people", "were", "killed", "in", "a", "raid", "on"]
    )
)


@settings(max_examples=40, deadline=None)
@given(WORDS)
def test_signature_equals_datasketch(words: list[str]) -> None:
    text = " ".join(words)
    assert signature(text).values == _datasketch(text)


def test_long_text_in_several_slices_equals_datasketch() -> None:
    """More shingles than one slice of the permutation matrix."""
    text = " ".join(f"word{i}" for i in range(2 * _BATCH + 7))
    result = signature(text)
    assert result.shingles == 2 * _BATCH + 3
    assert result.values == _datasketch(text)


def test_empty_text_has_the_empty_signature() -> None:
    result = signature("")
    assert result.shingles == 0
    assert result.values == _datasketch("")


def test_band_split_is_datasketchs_optimum() -> None:
    lsh = MinHashLSH(threshold=LSH_THRESHOLD, num_perm=NUM_PERM)
    assert (lsh.b, lsh.r) == (BANDS, ROWS)
