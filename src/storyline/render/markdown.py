"""brief.md: the brief for reading in a terminal or a code host."""

from __future__ import annotations

import re
from typing import Any

from ..registry import renderers

_MD_SPECIAL = re.compile(r"([\\`*_\[\]#|<>])")


def md_escape(text: str) -> str:
    """Escape Markdown and inline HTML so document text renders as text."""
    return _MD_SPECIAL.sub(r"\\\1", " ".join(str(text).split()))


def _ev(evidence: list[dict]) -> str:
    return "; ".join(f"{md_escape(e['document'])} [{e['start']}:{e['end']}]" for e in evidence)


@renderers.register("markdown", "brief.md")
def render_markdown(brief: dict[str, Any]) -> tuple[str, str]:
    docs = {d["id"]: d for d in brief["documents"]}
    out = ["# Storyline brief", "", f"Generated {brief['generated']} · {len(brief['stories'])} stories · {len(docs)} documents", ""]
    for story in brief["stories"]:
        lang = story.get("title_language")
        note = f" \\[{lang}, not translated\\]" if lang and lang != "en" else ""
        out += [f"## {md_escape(story['title'])}{note}", ""]
        out.append(f"Languages: {', '.join(story['languages']) or 'unknown'} · documents: {', '.join(md_escape(d) for d in story['documents'])}")
        out.append("")
        if story["summary"]:
            out.append("### Summary")
            out += [f"- {md_escape(s['text'])} ({_ev(s['evidence'])})" for s in story["summary"]]
            out.append("")
        for key, label in (("events", "Events"), ("figures", "Figures"), ("quotes", "Who said what"), ("conflicts", "Conflicts")):
            if story[key]:
                out.append(f"### {label}")
                out += [f"- {md_escape(item.get('text') or item.get('what') or item.get('about'))}" for item in story[key]]
                out.append("")
    out += ["## Documents", "", "| id | language | published | source | segments |", "|---|---|---|---|---|"]
    for d in brief["documents"]:
        kinds: dict[str, int] = {}
        for s in d["segments"]:
            kinds[s["kind"]] = kinds.get(s["kind"], 0) + 1
        seg = ", ".join(f"{k} {n}" for k, n in kinds.items())
        out.append(
            f"| {md_escape(d['id'])} | {d['language'] or '?'} | {d['published'] or '—'} | {md_escape(d['source'] or '—')} | {seg} |"
        )
    out.append("")
    return "brief.md", "\n".join(out)


__all__ = ["md_escape", "render_markdown"]
