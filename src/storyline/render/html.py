"""index.html: one self-contained page (no external files, all text escaped)."""

from __future__ import annotations

from typing import Any

from jinja2 import Environment, PackageLoader, select_autoescape

from ..records import SEGMENT_KINDS
from ..registry import renderers
from .markdown import uncertain

_env = Environment(
    loader=PackageLoader("storyline.render", "templates"),
    autoescape=select_autoescape(default=True, default_for_string=True),
    trim_blocks=True,
    lstrip_blocks=True,
)
# " (uncertain)" after an item known to be weakly supported, as in brief.md.
_env.filters["uncertain"] = uncertain


def shaded(text: str, segments: list[dict]) -> list[dict]:
    """The document's text cut at segment bounds, for shading by kind."""
    return [{"kind": s["kind"], "unit": s["unit"], "start": s["start"], "text": text[s["start"] : s["end"]]} for s in segments]


@renderers.register("html", "index.html, a self-contained page")
def render_html(brief: dict[str, Any]) -> tuple[str, str]:
    texts = brief.get("texts", {})
    docs = [dict(d, parts=shaded(texts.get(d["id"], ""), d["segments"])) for d in brief["documents"]]
    page = _env.get_template("brief.html.j2").render(brief=brief, documents=docs, kinds=SEGMENT_KINDS)
    return "index.html", page
