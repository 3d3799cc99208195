"""Near-duplicate detection: MinHash (datasketch) over word 5-grams, LSH bands in the store.

Exact re-ingest is caught earlier by the content hash. Here we catch the same
article crawled twice with small differences (a changed teaser, a trailing
comment). Band keys live in the store, so lookup cost grows with the number
of candidates, not the number of stored documents.
"""

from __future__ import annotations

import re
import unicodedata

import numpy as np
from datasketch import MinHash

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


def signature(text: str) -> np.ndarray:
    mh = MinHash(num_perm=NUM_PERM, seed=1)
    grams = list(shingles(text))
    for i in range(0, len(grams), BATCH):
        mh.update_batch(grams[i : i + BATCH])
    return mh.hashvalues.astype(np.uint64)


def band_keys(sig: np.ndarray) -> list[str]:
    return [f"{b}:{sig[b * ROWS : (b + 1) * ROWS].tobytes().hex()}" for b in range(BANDS)]


def similarity(a: np.ndarray, b: np.ndarray) -> float:
    """Estimated Jaccard similarity of the two shingle sets."""
    return float(np.mean(a == b))
