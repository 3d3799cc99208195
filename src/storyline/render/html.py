"""index.html: one self-contained page (no external files, all text escaped)."""

from __future__ import annotations

from functools import cache
from typing import TYPE_CHECKING, Any

from ..records import SEGMENT_KINDS
from ..registry import renderers
from .markdown import uncertain
from .paragraphs import paragraph_starts, place_number

if TYPE_CHECKING:
    from jinja2 import BytecodeCache, Environment


def _bytecode_cache() -> BytecodeCache | None:
    """Jinja2's compiled templates kept in the user cache directory: compiling
    the page's template cost ~0.08 s of every run's start-up, and the cache is
    keyed by the template's source (and Jinja2's own bytecode version), so an
    edited template or a new Jinja2 compiles again. None (compile every time)
    when the directory cannot be made."""
    from jinja2 import FileSystemBytecodeCache

    from ..lang.dictionaries import _cache_dir

    try:
        folder = _cache_dir() / "jinja2"
        folder.mkdir(parents=True, exist_ok=True)
    except OSError:
        return None
    return FileSystemBytecodeCache(str(folder))


@cache
def environment() -> Environment:
    """The page's Jinja2 environment, built on the first HTML page (a run that
    writes only JSON or Markdown never imports Jinja2)."""
    from jinja2 import Environment, PackageLoader, select_autoescape

    env = Environment(
        loader=PackageLoader("storyline.render", "templates"),
        autoescape=select_autoescape(default=True, default_for_string=True),
        trim_blocks=True,
        lstrip_blocks=True,
        bytecode_cache=_bytecode_cache(),
    )
    # " (uncertain)" after an item known to be weakly supported, as in brief.md.
    env.filters["uncertain"] = uncertain
    return env


def shaded(text: str, segments: list[dict]) -> list[dict]:
    """The document's text cut at segment bounds, for shading by kind."""
    return [{"kind": s["kind"], "unit": s["unit"], "start": s["start"], "text": text[s["start"] : s["end"]]} for s in segments]


# Characters of a headline used as a document's name, at most.
HEADLINE_CHARS = 40


class EvidenceLabels:
    """Evidence named as a reader would: the outlet (or headline) and the
    paragraph, "[Coast Daily ¶2]", not the document id and offsets (those stay
    in the link and the tooltip). A text without line breaks counts sentences."""

    def __init__(self, documents: list[dict[str, Any]], texts: dict[str, str]) -> None:
        self.names: dict[str, str] = {}
        self.starts: dict[str, tuple[list[int], str]] = {}
        for d in documents:
            text = texts.get(d["id"], "")
            head = next((x for x in d.get("segments", []) if x["kind"] == "headline"), None)
            headline = " ".join((text[head["start"] : head["end"]] if head else text[: HEADLINE_CHARS * 2]).split())
            if len(headline) > HEADLINE_CHARS:
                headline = headline[:HEADLINE_CHARS].rsplit(" ", 1)[0] + "…"
            self.names[d["id"]] = d.get("source") or d.get("title") or headline or d["id"]
            self.starts[d["id"]] = paragraph_starts(text)

    def __call__(self, e: dict[str, Any]) -> str:
        starts, mark = self.starts.get(e["document"], ([0], "¶"))
        return f"{self.names.get(e['document'], e['document'])} {mark}{place_number(starts, e['start'])}"


@renderers.register("html", "index.html, a self-contained page")
def render_html(brief: dict[str, Any]) -> tuple[str, str]:
    texts = brief.get("texts", {})
    docs = [dict(d, parts=shaded(texts.get(d["id"], ""), d["segments"])) for d in brief["documents"]]
    label = EvidenceLabels(brief["documents"], texts)
    page = environment().get_template("brief.html.j2").render(brief=brief, documents=docs, kinds=SEGMENT_KINDS, label=label)
    return "index.html", page
