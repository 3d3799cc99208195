"""The Python API in three calls: analyse one text, ingest paths, brief stored documents."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from pathlib import Path
from typing import TYPE_CHECKING, Any

# The analysis, the store and rendering are imported by the calls that use
# them, so ``import storyline`` (and the CLI's help) loads no models or
# heavy libraries.
if TYPE_CHECKING:
    from .records import Document
    from .service import IngestReport, Progress
    from .settings import Settings
    from .store import Store


def text_document(
    text: str, *, id: str = "doc", language: str | None = None, title: str | None = None, published: dt.date | None = None
) -> Document:
    """A Document for a text given in memory, ready for the pipeline."""
    from .ingest.readers import content_hash
    from .records import Document

    return Document(
        id=id,
        text=text,
        title=title,
        language=language,
        language_given=language is not None,
        published=published,
        origin=id,
        content_hash=content_hash(text),
    )


def analyse_text(
    text: str,
    *,
    id: str = "doc",
    language: str | None = None,
    title: str | None = None,
    published: dt.date | None = None,
    settings: Settings | None = None,
) -> Document:
    """Analyse one text (anatomy and extraction); nothing is stored."""
    from .pipeline import Pipeline
    from .records import Problem
    from .service import analysis_steps
    from .settings import load_settings

    settings = settings or load_settings()
    doc = text_document(text, id=id, language=language, title=title, published=published)
    result = Pipeline(analysis_steps(settings), on_error="raise").run_one(doc)
    assert not isinstance(result, Problem)
    return result


def ingest_paths(
    paths: Iterable[str | Path],
    *,
    db: str | Path | Store | None = None,
    meta_files: Iterable[str | Path] = (),
    settings: Settings | None = None,
    progress: Progress | None = None,
) -> IngestReport:
    """Ingest files and folders into the store (``db``: a path or an open store)."""
    from .service import ingest
    from .settings import load_settings
    from .store import open_store

    settings = settings or load_settings()
    if db is not None and not isinstance(db, (str, Path)):  # an open store (SQLite or PostgreSQL)
        return ingest(paths, db, settings, meta_files=meta_files, progress=progress)
    with open_store(db or settings.db) as store:
        return ingest(paths, store, settings, meta_files=meta_files, progress=progress)


def brief_for(store: Store, ids: Iterable[str] | None = None, *, include_low_quality: bool = False) -> dict[str, Any]:
    """The brief (schema storyline.brief/1) of stored documents: all, or those named.
    Documents the quality gate marked low_quality are left out unless included."""
    from .anatomy.quality import is_low_quality
    from .link.stories import cluster, story_records, unit_profiles
    from .render import build_brief

    docs = {d.id: d for d in store.documents(ids) if include_low_quality or not is_low_quality(d)}
    groups = store.story_units(docs)
    placed = {(d, u) for units in groups.values() for d, u in units}
    # Documents stored before stories existed (schema < 3) are placed now, in memory.
    unplaced = [d for d in docs.values() if any((d.id, u.unit) not in placed for u in unit_profiles(d))]
    if unplaced:
        groups.update(cluster(unplaced))
    return build_brief(docs.values(), story_records(docs, groups))
