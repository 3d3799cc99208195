"""The Store protocol: what every storage backend offers the pipeline."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Iterator
from contextlib import AbstractContextManager
from typing import Any, Protocol, Self, TypeVar

import numpy as np

from ..records import Document, Problem, Profile, UnitProfile

T = TypeVar("T")


class Store(Protocol):
    """Every method the pipeline, the CLI, the Python API and the web app use.

    One writer at a time per database: ``write`` runs a unit of work in one
    transaction that holds the database's writer lock, and retries it when
    another writer is in the way; readers are never blocked."""

    schema_version: int
    name: str  # the file or URL (without password), for messages

    # -- writing ----------------------------------------------------------
    def transaction(self) -> AbstractContextManager[None]:
        """All or nothing for a group of writes; holds the writer lock. Nested: a savepoint."""

    def write(self, work: Callable[[], T]) -> T:
        """``work()`` in one transaction as the one writer, retried while the database is busy."""

    def add(self, doc: Document, signature: np.ndarray, band_keys: list[str], payload: str | None = None) -> None:
        """Store a new document with its anatomy, all or nothing. ``payload``:
        its extractions as ``sql.extraction_payload`` encodes them, when already encoded."""

    def save_anatomy(self, doc: Document, payload: str | None = None) -> None:
        """Replace a stored document's segments, sentences and extraction (re-analysis)."""

    def record_problem(self, problem: Problem) -> None: ...

    # -- stories (see storyline.link.stories.StoryIndex): each article unit is placed once
    def story_candidates(self, keys: list[str], around: dt.date | None, days: int, limit: int) -> list[tuple[str, Profile]]: ...

    def new_story(self, story_id: str, profile: Profile) -> None: ...

    def join_story(self, story_id: str, unit: UnitProfile) -> None: ...

    def leave_stories(self, doc_id: str) -> None: ...

    def term_counts(self, terms: list[str]) -> tuple[int, dict[str, int]]: ...

    def count_terms(self, terms: list[str]) -> None: ...

    def merge_stories(self, source: str, target: str) -> None: ...

    def story_unit_profiles(self, story_id: str) -> list[UnitProfile]: ...

    def split_story(self, source: str, units: list[tuple[str, int]], new_id: str) -> str: ...

    def story_splits(self) -> list[dict[str, Any]]:
        """Every split, oldest first: story, source, units, at."""

    def resolve_story(self, story_id: str) -> str:
        """The id a story has now: itself, or the story it was merged into."""

    def orphan_units(self, doc_ids: Iterable[str] | None = None) -> dict[str, list[int]]:
        """Units with a headline or body that are in no story: {document: [unit, ...]}."""

    def story_units(self, doc_ids: Iterable[str] | None = None) -> dict[str, list[tuple[str, int]]]: ...

    def story_units_of(self, story_id: str) -> list[tuple[str, int]]: ...

    def stories_overview(self) -> list[dict[str, Any]]: ...

    # -- reading ----------------------------------------------------------
    def find_hash(self, content_hash: str) -> str | None:
        """Id of the stored document with this content hash, if any."""

    def id_taken(self, doc_id: str) -> bool: ...

    def analysis_versions(self) -> dict[str, int]:
        """How many stored documents each analysis version produced ("" for none recorded)."""

    def outdated(self, version: str) -> list[str]:
        """Ids of the stored documents analysed by another version than ``version``, in id order."""

    def anatomy_version(self, doc_id: str) -> str | None:
        """Which analysis pipeline analysed the stored document (None: unknown id)."""

    def near_duplicates(self, band_keys: list[str]) -> list[tuple[str, np.ndarray]]:
        """Stored documents sharing a band with these keys, with their signatures."""

    def get(self, doc_id: str) -> Document | None: ...

    def documents(self, ids: Iterable[str] | None = None) -> Iterator[Document]: ...

    def document_ids(self, offset: int = 0, limit: int = 100) -> list[str]: ...

    def search(
        self,
        match: str,
        *,
        language: str | None = None,
        story: str | None = None,
        published_from: str | None = None,
        published_to: str | None = None,
        limit: int = 50,
    ) -> list[tuple[str, float]]:
        """Documents matching an FTS5-style query (``"stem"*`` terms, AND, OR,
        parentheses), best first with their rank (lower is better)."""

    def stats(self) -> dict[str, Any]: ...

    def close(self) -> None: ...

    def __enter__(self) -> Self: ...

    def __exit__(self, *exc: object) -> None: ...
