"""Near-duplicate detection: MinHash (datasketch's scheme) over word 5-grams, LSH bands in the store.

Exact re-ingest is caught earlier by the content hash. Here we catch the same
article crawled twice with small differences (a changed teaser, a trailing
comment). Band keys live in the store, so lookup cost grows with the number
of candidates, not the number of stored documents.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from functools import cache

import numpy as np

NUM_PERM = 64
# 16 bands x 4 rows: pairs with Jaccard 0.8 share a band with p ~ 0.9999,
# pairs at 0.3 with p ~ 0.12, and those are then rejected on the estimate.
BANDS = 16
ROWS = NUM_PERM // BANDS
SHINGLE = 5
_WORD = re.compile(r"\w+", re.UNICODE)


def shingles(text: str) -> set[bytes]:
    words = _WORD.findall(unicodedata.normalize("NFC", text).casefold())
    if len(words) < SHINGLE:
        return {" ".join(words).encode()} if words else set()
    return {" ".join(words[i : i + SHINGLE]).encode() for i in range(len(words) - SHINGLE + 1)}


# Shingles hashed per batch: update_batch builds a (shingles x NUM_PERM) array,
# 2 GB for a 20 MB text in one go; the minimum over batches is the same.
BATCH = 20_000


@cache
def _permutations() -> tuple[np.ndarray, np.ndarray]:
    """datasketch 2's MinHash(num_perm=NUM_PERM, seed=1) permutations (scheme affine32)."""
    gen = np.random.RandomState(1)
    a = gen.randint(0, 1 << 31, NUM_PERM, dtype=np.uint32) * np.uint32(2) + np.uint32(1)
    b = gen.randint(0, 1 << 32, NUM_PERM, dtype=np.uint32)
    return a, b


def _fmix32(hv: np.ndarray) -> np.ndarray:
    """MurmurHash3's 32-bit finalizer (datasketch's pre-mix; uint32 arithmetic wraps)."""
    hv = hv ^ (hv >> np.uint32(16))
    hv = hv * np.uint32(2246822507)
    hv = hv ^ (hv >> np.uint32(13))
    hv = hv * np.uint32(3266489909)
    return hv ^ (hv >> np.uint32(16))


def signature(text: str) -> np.ndarray:
    """The MinHash signature datasketch 2.0 gives (MinHash(num_perm=NUM_PERM,
    seed=1), SHA-1 32-bit hashes, update_batch), computed here in numpy:
    importing datasketch pulls in scipy (0.4 s of every start-up).
    tests/ingest/test_dedup.py checks it against datasketch."""
    a, b = _permutations()
    values = np.full(NUM_PERM, np.uint32(0xFFFFFFFF), dtype=np.uint32)
    grams = list(shingles(text))
    for i in range(0, len(grams), BATCH):
        digests = b"".join(hashlib.sha1(g).digest()[:4] for g in grams[i : i + BATCH])
        hv = _fmix32(np.frombuffer(digests, dtype="<u4").astype(np.uint32).reshape(-1, 1))
        values = np.minimum(values, (hv * a + b).min(axis=0))
    return values.astype(np.uint64)


def band_keys(sig: np.ndarray) -> list[str]:
    return [f"{b}:{sig[b * ROWS : (b + 1) * ROWS].tobytes().hex()}" for b in range(BANDS)]


def similarity(a: np.ndarray, b: np.ndarray) -> float:
    """Estimated Jaccard similarity of the two shingle sets."""
    return float(np.mean(a == b))
