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


def _event_line(ev: dict, names: dict[str, str]) -> str:
    when = f"{ev['date']} ({md_escape(ev['date_text'])})" if ev.get("date") else "undated"
    where = f" · {md_escape(names.get(ev['place'], ev['place']))}" if ev.get("place") else ""
    who = f" · {md_escape(', '.join(names.get(a, a) for a in ev['actors']))}" if ev.get("actors") else ""
    return f"- {when} · **{ev['type']}**{where}{who}: {md_escape(ev['text'])} ({_ev(ev['evidence'])})"


QUALIFIER_WORDS = {"exact": "", "approx": "about ", "at_least": "at least ", "at_most": "at most "}


def _figure_line(fig: dict, names: dict[str, str]) -> str:
    value = f"{fig['value']:,.0f}" if fig.get("value") is not None else f"{fig['low']:,.0f}–{fig['high']:,.0f}"
    claim = f", according to {md_escape(names.get(fig['claimed_by'], fig['claimed_by']))}" if fig.get("claimed_by") else ""
    words = "; ".join(f"“{md_escape(e['text'])}”" for e in fig["evidence"])
    return f"- **{QUALIFIER_WORDS.get(fig['qualifier'], '')}{value}** {md_escape(fig['what'])}{claim}: {words} ({_ev(fig['evidence'])})"


def _quote_line(q: dict, names: dict[str, str]) -> str:
    who = names.get(q["speaker"]) if q.get("speaker") else None
    speaker = md_escape(who or q.get("speaker_text") or "unknown speaker")
    said = f"“{md_escape(q['text'])}”" if q["direct"] else f"(reported) {md_escape(q['text'])}"
    return f"- **{speaker}**: {said} ({_ev(q['evidence'])})"


def _conflict_line(c: dict, names: dict[str, str]) -> str:
    sides = " vs ".join(f"{md_escape(x['text'])} ({_ev(x['evidence'])})" for x in c["claims"])
    return f"- {md_escape(c['about'])}: {sides}"


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
        names = {e["id"]: e["name"] for e in story["entities"]}
        for key, label, line in (
            ("events", "Events", _event_line),
            ("figures", "Figures", _figure_line),
            ("quotes", "Who said what", _quote_line),
            ("conflicts", "Conflicts", _conflict_line),
        ):
            if story[key]:
                out.append(f"### {label}")
                out += [line(item, names) for item in story[key]]
                out.append("")
        if story["entities"]:
            out.append("### Entities")
            out += [
                f"- {md_escape(e['name'])} ({e['type']}; {len(e['mentions'])} mentions"
                + (f"; also {md_escape(', '.join(a for a in e['aliases'] if a != e['name']))}" if len(e["aliases"]) > 1 else "")
                + ")"
                for e in story["entities"]
            ]
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
