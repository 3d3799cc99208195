"""English titles and summaries, whatever the languages of a story's reports.

There is no offline translation model (MODELS.md), so nothing is
translated. Every sentence is generated from the story's structured facts:
the timeline, the merged figures, the conflicts and the speakers. Each
says only what those facts hold, and each carries the evidence of the facts
it states. An English lead sentence, where a report has one, is quoted as
it stands.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from typing import Any

from ..lang import load
from ..records import Document, Evidence, StoryRecord

# Lead sentences quoted per English unit.
LEAD_SENTENCES = 1
# Sentences of each kind in a summary, at most.
MAX_TIMELINE, MAX_FIGURES, MAX_CONFLICTS, MAX_SPEAKERS = 4, 3, 2, 5


def evidence_dict(ev: Evidence) -> dict:
    return {"document": ev.document, "start": ev.start, "end": ev.end, "text": ev.text}


def lead_summary(story: StoryRecord, docs: dict[str, Document]) -> list[dict]:
    out = []
    for doc_id, unit in story.units:
        doc = docs[doc_id]
        taken = 0
        for sent in doc.sentences:
            seg = doc.segments[sent.segment]
            if seg.unit != unit or seg.kind != "body" or seg.language != "en":
                continue
            ev = Evidence.of(doc, sent.start, sent.end)
            out.append({"text": ev.text, "evidence": [evidence_dict(ev)]})
            taken += 1
            if taken >= LEAD_SENTENCES:
                break
    return out


def _day(iso: str) -> str:
    d = dt.date.fromisoformat(iso)
    return f"{d.day} {d.strftime('%B')} {d.year}"


def _language_names(codes: list[str]) -> str:
    from babel import Locale

    names = Locale.parse("en").languages
    words = [names.get(c, c) for c in codes]
    return " and ".join(words) if len(words) < 3 else ", ".join(words[:-1]) + " and " + words[-1]


def main_place(facts: dict[str, Any]) -> dict[str, Any] | None:
    """The most named place, a city before a country."""
    places = [e for e in facts["entities"] if e["type"] == "location"]
    if not places:
        return None
    return max(places, key=lambda e: (len(e["mentions"]) * (1.5 if "geo" in e["id"] else 1.0)))


def main_event(facts: dict[str, Any]) -> str | None:
    """The kind of event most documents report (sentences within one document count once)."""
    seen = {(e["type"], e["evidence"][0]["document"], e["evidence"][0]["start"]) for e in facts["events"] if e["type"] not in ("statement", "other")}
    kinds = Counter(kind for kind, _, _ in seen)
    return kinds.most_common(1)[0][0] if kinds else None


def english_title(story: StoryRecord, docs: dict[str, Document], facts: dict[str, Any], timeline: list[dict]) -> str:
    """An English headline of the story's own, else one made from its main event and place."""
    for doc_id, unit in story.units:
        doc = docs[doc_id]
        for seg in doc.segments:
            if seg.unit == unit and seg.kind == "headline" and seg.language == "en":
                return " ".join(doc.text[seg.start : seg.end].split())
    nouns = load("en", "brief").get("event_nouns", {})
    kind, place = main_event(facts), main_place(facts)
    noun = nouns.get(kind, "Events") if kind else "Reports"
    title = noun[0].upper() + noun[1:]
    if place:
        title += f" in {place['name_en']}"
    dates = sorted(x["date"] for x in timeline if x["date"] and x["date_source"] == "text")
    if dates:
        title += f", {_day(dates[0])}" + (f" to {_day(dates[-1])}" if dates[-1] != dates[0] else "")
    return title


def english_summary(
    story: StoryRecord,
    docs: dict[str, Document],
    facts: dict[str, Any],
    timeline: list[dict],
    rows: list[dict],
    conflicts: list[dict],
) -> list[dict]:
    names = {e["id"]: e.get("name_en") or e["name"] for e in facts["entities"]}
    quals = load("en", "brief").get("qualifiers", {})
    nouns = load("en", "brief").get("event_nouns", {})
    out: list[dict] = []
    kind, place = main_event(facts), main_place(facts)
    if kind:
        first: dict[str, dict] = {}
        for e in facts["events"]:
            if e["type"] == kind:
                first.setdefault(e["evidence"][0]["document"], e["evidence"][0])
        n = len(story.documents)
        where = f" in {place['name_en']}" if place else ""
        out.append(
            {
                "text": f"{n} report{'s' if n > 1 else ''} in {_language_names(story.languages)} on the {nouns.get(kind, kind)}{where}.",
                "evidence": list(first.values())[:3],
            }
        )
    out += lead_summary(story, docs)
    for x in [x for x in timeline if x["date"] and x["date_source"] == "text"][:MAX_TIMELINE]:
        out.append({"text": f"{_day(x['date'])}: {x['text']}.", "evidence": x["evidence"][:2]})
    for row in sorted(rows, key=lambda r: -len(r["sources"]))[:MAX_FIGURES]:
        parts = []
        for f in row["sources"][:3]:
            value = f"{f['value']:,.0f}" if f["value"] is not None else f"{f['low']:,.0f} to {f['high']:,.0f}"
            who = f" according to {names[f['claimed_by']]}" if f.get("claimed_by") in names else ""
            parts.append(f"{quals.get(f['qualifier'], '')}{value}{who}")
        text = f"{row['what'][0].upper()}{row['what'][1:]}: " + "; ".join(parts) + ("; the sources differ" if row["disagree"] else "") + "."
        out.append({"text": text, "evidence": row["evidence"][:3]})
    for c in conflicts[:MAX_CONFLICTS]:
        sides = [names.get(x["claimed_by"]) or ("a report" if x["source"].startswith("report:") else x["source"].split(":", 1)[-1]) for x in c["claims"]]
        against = [s for s, x in zip(sides, c["claims"]) if x["stance"] in ("negative", "halted")]
        for_ = [s for s, x in zip(sides, c["claims"]) if x["stance"] not in ("negative", "halted")]
        out.append(
            {
                "text": f"Sources disagree {c['about']}: {', '.join(dict.fromkeys(against))} against {', '.join(dict.fromkeys(for_))}.",
                "evidence": [x["evidence"][0] for x in c["claims"]],
            }
        )
    speakers: dict[str, dict] = {}
    for q in facts["quotes"]:
        if q["speaker"] in names:
            speakers.setdefault(names[q["speaker"]], q["evidence"][0])
    if speakers:
        who = list(speakers)[:MAX_SPEAKERS]
        out.append({"text": "Quoted: " + ", ".join(who) + ".", "evidence": [speakers[w] for w in who]})
    return out
