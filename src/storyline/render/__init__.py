"""Output formats, registered by name: json, markdown, html (the brief), and
exports of stored events (acled-csv)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from ..errors import UsageError
from ..registry import exporters, renderers
from . import acled as _acled  # noqa: F401 - registers the export "acled-csv"
from . import html as _html  # noqa: F401 - registers "html"
from . import json_ as _json  # noqa: F401 - registers "json"
from . import markdown as _markdown  # noqa: F401 - registers "markdown"
from .acled import Exported, ExportOptions
from .brief import SCHEMA, build_brief

if TYPE_CHECKING:
    from ..store.base import Store


def render(fmt: str, brief: dict[str, Any]) -> tuple[str, str]:
    """Return (file name, content) of the brief in format ``fmt``."""
    return renderers.get(fmt)(brief)


def export(fmt: str, store: Store, *, story: str | None = None, min_confidence: float = 0.0) -> Exported:
    """Export the stored documents' events in format ``fmt`` (only one story's with ``story``)."""
    exporter = exporters.get(fmt)
    if story is None:
        return exporter(store.documents(), ExportOptions(min_confidence=min_confidence))
    units = store.story_units_of(story)
    if not units:
        raise UsageError(f"no story {story!r}", hint="list the stories with the API (/api/stories) or in brief.json")
    ids = list(dict.fromkeys(d for d, _ in units))
    return exporter(store.documents(ids), ExportOptions(min_confidence=min_confidence, units=frozenset(units)))


__all__ = ["SCHEMA", "ExportOptions", "Exported", "build_brief", "export", "render"]
