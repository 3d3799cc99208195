"""brief.md: the brief for reading in a terminal or a code host."""

from __future__ import annotations

import re
from typing import Any

from ..reconcile.model import CONFIDENT
from ..reconcile.summary import vague_words
from ..registry import renderers

_MD_SPECIAL = re.compile(r"([\\`*_\[\]#|<>])")


def md_escape(text: str) -> str:
    """Escape Markdown and inline HTML so document text renders as text."""
    return _MD_SPECIAL.sub(r"\\\1", " ".join(str(text).split()))


def uncertain(item: dict) -> str:
    """" (uncertain)" for an item known to be weakly supported (confidence
    below reconcile.model.CONFIDENT); unknown (None) is not."""
    c = item.get("confidence")
    return " (uncertain)" if c is not None and c < CONFIDENT else ""


def _ev(evidence: list[dict]) -> str:
    return "; ".join(f"{md_escape(e['document'])} [{e['start']}:{e['end']}]" for e in evidence)


def _event_line(ev: dict, names: dict[str, str]) -> str:
    # A date of another clause or sentence is no date of this event (reconcile.timeline).
    when = f"{ev['date']} ({md_escape(ev['date_text'])})" if ev.get("date") and ev.get("date_in_clause", True) else "undated"
    where = f" · {md_escape(names.get(ev['place'], ev['place']))}" if ev.get("place") else ""
    who = f" · {md_escape(', '.join(names.get(a, a) for a in ev['actors']))}" if ev.get("actors") else ""
    negated = " (reported as not happening)" if ev.get("negated") else ""
    return f"- {when} · **{ev['type']}**{where}{who}{negated}{uncertain(ev)}: {md_escape(ev['text'])} ({_ev(ev['evidence'])})"


@renderers.register("markdown", "brief.md")
def render_markdown(brief: dict[str, Any]) -> tuple[str, str]:
    docs = {d["id"]: d for d in brief["documents"]}
    out = ["# Storyline brief", "", f"Generated {brief['generated']} · {len(brief['stories'])} stories · {len(docs)} documents", ""]
    for story in brief["stories"]:
        out += [f"## {md_escape(story['title'])}", ""]
        original = story.get("original_title")
        if original and original != story["title"]:
            lang = story.get("original_title_language") or "?"
            label = "Original headline" if lang == "en" else f"Original headline \\[{lang}, not translated\\]"
            out += [f"{label}: {md_escape(original)}", ""]
        out.append(f"Languages: {', '.join(story['languages']) or 'unknown'} · documents: {', '.join(md_escape(d) for d in story['documents'])}")
        out.append("")
        names = {e["id"]: e.get("name_en") or e["name"] for e in story["entities"]}
        if story["summary"]:
            out.append("### Summary")
            out += [f"- {md_escape(s['text'])} ({_ev(s['evidence'])})" for s in story["summary"]]
            out.append("")
        if story.get("timeline"):
            out.append("### Timeline")
            out += [_timeline_line(x) for x in story["timeline"]]
            out.append("")
        if story.get("undated"):
            out.append("### Undated events")
            out += [_timeline_line(x) for x in story["undated"]]
            out.append("")
        if story.get("figure_rows"):
            out += ["### Figures", "", "| what | value | qualifier | claimed by | source words |", "|---|---|---|---|---|"]
            for row in story["figure_rows"]:
                flag = (" ⚠ sources differ" if row["disagree"] else "") + uncertain(row)
                for f in row["sources"]:
                    value = f"{f['value']:,.0f}" if f.get("value") is not None else f"{f['low']:,.0f}–{f['high']:,.0f}"
                    if f.get("vague"):  # "thousands": the words, with the conservative range beside them
                        value = f"{vague_words(f) or 'vague'} ({value})"
                    who = md_escape(names.get(f["claimed_by"], "")) if f.get("claimed_by") else ""
                    words = "; ".join(f"“{md_escape(e['text'])}” ({_ev([e])})" for e in f["evidence"])
                    out.append(f"| {md_escape(row['what'])}{flag}{uncertain(f) if not uncertain(row) else ''} | {value} | {f['qualifier']} | {who} | {words} |")
            out.append("")
        if story["quotes"]:
            out.append("### Who said what")
            by_speaker: dict[str, list[dict]] = {}
            for q in story["quotes"]:
                who = names.get(q["speaker"]) if q.get("speaker") else None
                by_speaker.setdefault(who or q.get("speaker_text") or "unknown speaker", []).append(q)
            for who, quotes in by_speaker.items():
                out.append(f"- **{md_escape(who)}**")
                out += [f"  - {_quote_text(q)} ({_ev(q['evidence'])})" for q in quotes]
            out.append("")
        if story["conflicts"]:
            out.append("### Conflicts")
            for c in story["conflicts"]:
                out.append(f"- **{md_escape(c['about'])}**{uncertain(c)}")
                for x in c["claims"]:
                    who = names.get(x.get("claimed_by")) or x.get("source", "").split(":", 1)[-1]
                    out.append(f"  - {x.get('stance', '')} · {md_escape(who)}: {md_escape(x['text'])} ({_ev(x['evidence'])})")
            out.append("")
        if story["entities"]:
            out.append("### Entities")
            out += [
                f"- {md_escape(e.get('name_en') or e['name'])} ({e['type']}; {len(e['mentions'])} mentions"
                + (f"; also {md_escape(', '.join(a for a in e['aliases'] if a != e['name']))}" if len(e["aliases"]) > 1 else "")
                + ")"
                for e in story["entities"]
            ]
            out.append("")
        if story["events"]:
            out.append("### Events, sentence by sentence")
            out += [_event_line(item, names) for item in story["events"]]
            out.append("")
    out += ["## Documents", "", "| id | language | published | source | segments |", "|---|---|---|---|---|"]
    for d in brief["documents"]:
        kinds: dict[str, int] = {}
        for s in d["segments"]:
            kinds[s["kind"]] = kinds.get(s["kind"], 0) + 1
        seg = ", ".join(f"{k} {n}" for k, n in kinds.items())
        langs = ", ".join(sorted({s["language"] for s in d["segments"] if s.get("language")}))
        out.append(
            f"| {md_escape(d['id'])} | {d['language'] or '?'} ({langs}) | {d['published'] or '—'} | {md_escape(d['source'] or '—')} | {seg} |"
        )
    out.append("")
    return "brief.md", "\n".join(out)


def _quote_text(q: dict) -> str:
    text = f"“{md_escape(q['text'])}”" if q["direct"] else f"(reported) {md_escape(q['text'])}"
    return text + uncertain(q)


def _timeline_line(x: dict) -> str:
    when = x["date"] or "undated"
    said = f" — “{md_escape(', '.join(x['date_texts']))}”" if x.get("date_texts") else ""
    return f"- **{when}** · {md_escape(x['text'])}{uncertain(x)}{said} ({_ev(x['evidence'][:3])})"


__all__ = ["md_escape", "render_markdown"]
