"""Storyline: sourced, reconciled accounts of the events that news in many languages reports.

The library never configures logging; the CLI does its own output.
"""

from __future__ import annotations

__version__ = "0.1.0"

from .api import analyse_text, brief_for, ingest_paths
from .errors import InputError, StorylineError, UsageError
from .records import Document, Evidence, Problem, Segment, Sentence, StoryRecord
from .settings import Settings, load_settings
from .store import open_store

__all__ = [
    "Document",
    "Evidence",
    "InputError",
    "Problem",
    "Segment",
    "Sentence",
    "Settings",
    "StoryRecord",
    "StorylineError",
    "UsageError",
    "__version__",
    "analyse_text",
    "brief_for",
    "ingest_paths",
    "load_settings",
    "open_store",
]
