"""Storyline: sourced, reconciled accounts of the events that news in many languages reports.

The library never configures logging; the CLI does its own output.

The names below are imported on first use (PEP 562): ``import storyline``
or ``storyline --help`` then loads no analysis code (the pipeline, its
models and libraries come with the first call that needs them).
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

__version__ = "0.1.0"

if TYPE_CHECKING:
    from .api import analyse_text, brief_for, ingest_paths
    from .errors import InputError, StorylineError, UsageError
    from .records import Document, Evidence, Problem, Segment, Sentence, StoryRecord
    from .settings import Settings, load_settings
    from .store import open_store

# Public name -> the module that defines it.
_EXPORTS: dict[str, str] = {
    "analyse_text": "api", "brief_for": "api", "ingest_paths": "api",
    "InputError": "errors", "StorylineError": "errors", "UsageError": "errors",
    "Document": "records", "Evidence": "records", "Problem": "records", "Segment": "records",
    "Sentence": "records", "StoryRecord": "records",
    "Settings": "settings", "load_settings": "settings",
    "open_store": "store",
}  # fmt: skip


def __getattr__(name: str) -> Any:
    module = _EXPORTS.get(name)
    if module is None:
        raise AttributeError(f"module 'storyline' has no attribute {name!r}")
    value = getattr(importlib.import_module(f".{module}", __name__), name)
    globals()[name] = value  # later lookups skip this function
    return value


def __dir__() -> list[str]:
    return sorted({*globals(), *_EXPORTS})


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
