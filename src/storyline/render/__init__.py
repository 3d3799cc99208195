"""Output formats, registered by name: json, markdown, html."""

from __future__ import annotations

from typing import Any

from ..registry import renderers
from . import html as _html  # noqa: F401 - registers "html"
from . import json_ as _json  # noqa: F401 - registers "json"
from . import markdown as _markdown  # noqa: F401 - registers "markdown"
from .brief import SCHEMA, build_brief


def render(fmt: str, brief: dict[str, Any]) -> tuple[str, str]:
    """Return (file name, content) of the brief in format ``fmt``."""
    return renderers.get(fmt)(brief)


__all__ = ["SCHEMA", "build_brief", "render"]
