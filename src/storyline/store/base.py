"""The Store protocol: what every storage backend offers the pipeline."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Iterator
from contextlib import AbstractContextManager
from typing import Any, Protocol

import numpy as np

from ..records import Document, Problem


class Store(Protocol):
    schema_version: int

    def find_hash(self, content_hash: str) -> str | None:
        """Id of the stored document with this content hash, if any."""

    def id_taken(self, doc_id: str) -> bool: ...

    def anatomy_version(self, doc_id: str) -> str | None:
        """Which anatomy pipeline analysed the stored document (None: unknown id)."""

    def add(self, doc: Document, signature: np.ndarray, band_keys: list[str]) -> None:
        """Store a new document with its anatomy, all or nothing."""

    def save_anatomy(self, doc: Document) -> None:
        """Replace a stored document's segments and sentences (re-analysis)."""

    def near_duplicates(self, band_keys: list[str]) -> list[tuple[str, np.ndarray]]:
        """Stored documents sharing a band with these keys, with their signatures."""

    def get(self, doc_id: str) -> Document | None: ...

    def documents(self, ids: Iterable[str] | None = None) -> Iterator[Document]: ...

    def record_problem(self, problem: Problem) -> None: ...

    def transaction(self) -> AbstractContextManager[None]:
        """All or nothing for a group of writes."""

    # Stories (see storyline.link.stories.StoryIndex): each article unit is placed once.
    def story_candidates(self, keys: list[str], around: dt.date | None, days: int, limit: int) -> list[tuple[str, Any]]: ...

    def new_story(self, story_id: str, profile: Any) -> None: ...

    def join_story(self, story_id: str, unit: Any) -> None: ...

    def leave_stories(self, doc_id: str) -> None: ...

    def story_units(self, doc_ids: Iterable[str] | None = None) -> dict[str, list[tuple[str, int]]]: ...

    def stats(self) -> dict[str, Any]: ...

    def close(self) -> None: ...
