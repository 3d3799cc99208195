"""Near-duplicate signatures: our numpy MinHash equals datasketch's (stored signatures stay comparable)."""

from __future__ import annotations

import random

import numpy as np
from datasketch import MinHash

from storyline.ingest import dedup


def datasketch_signature(text: str) -> np.ndarray:
    mh = MinHash(num_perm=dedup.NUM_PERM, seed=1)
    grams = list(dedup.shingles(text))
    for i in range(0, len(grams), dedup.BATCH):
        mh.update_batch(grams[i : i + dedup.BATCH])
    return mh.hashvalues.astype(np.uint64)


def test_signature_is_datasketchs() -> None:
    rnd = random.Random(3)
    words = ["Vlada", "je", "u", "utorak", "objavila", "plan", "Osijek", "harbour", "workers", "đak", "ćevap", "Ђорђе", "2016."]
    texts = ["", "jedna riječ", "Gradsko vijeće: radovi na mostu kasne tjedan dana, kažu izvođači."]
    texts += [" ".join(rnd.choice(words) for _ in range(rnd.randrange(5, 400))) for _ in range(20)]
    texts.append(" ".join(f"w{rnd.randrange(10**6)}" for _ in range(dedup.BATCH + 500)))  # more than one batch
    for text in texts:
        got = dedup.signature(text)
        assert got.dtype == np.uint64 and np.array_equal(got, datasketch_signature(text)), text[:40]
