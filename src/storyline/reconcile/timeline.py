"""A story's timeline: its events in order of date, one entry per kind of
event and day, whichever sources report it, with all their evidence.

An event dated in its text ("u četvrtak", "Wednesday morning") is placed
on that day. An undated one is placed on its document's publication date and
marked so (``date_source: "document"``). Events a source reports as halted
or denied keep their entry but are marked, so "the evacuation was to begin
Wednesday; it did not" reads as a failed start.
"""

from __future__ import annotations

from typing import Any

from ..extract.events import PRIORITY
from ..lang import load
from .conflicts import CONTESTED, event_clause, stance

# Kinds of event left off the timeline: every report is a statement.
NOT_ON_TIMELINE = frozenset({"statement", "other"})
# Undated events placed by their document's date only for these kinds: the
# ones a story turns on. Undated fighting, aid or talks would crowd it.
UNDATED_KINDS = frozenset(CONTESTED)


def timeline(facts: dict[str, Any], texts: dict[str, str]) -> list[dict[str, Any]]:
    names = {e["id"]: e.get("name_en") or e["name"] for e in facts["entities"]}
    nouns = load("en", "brief").get("event_nouns", {})
    entries: dict[tuple[str | None, str, str], dict[str, Any]] = {}
    for e in facts["events"]:
        if e["type"] in NOT_ON_TIMELINE or (not e["date"] and e["type"] not in UNDATED_KINDS):
            continue
        date, source = (e["date"], "text") if e["date"] else (e.get("published"), "document")
        entry = entries.get((date, source, e["type"]))
        if entry is None:
            entry = entries[(date, source, e["type"])] = {
                "date": date,
                "date_source": source,
                "type": e["type"],
                "date_texts": [],
                "places": [],
                "actors": [],
                "documents": [],
                "halted": False,
                "evidence": [],
            }
        trig = e["trigger_evidence"]
        doc, a, b = event_clause(e, texts)
        if stance(texts[doc][a:b], None, e["language"], e["type"]) in ("halted", "negative"):
            entry["halted"] = True
        for key, value in (("date_texts", e["date_text"]), ("places", e["place"]), ("documents", trig["document"])):
            if value and value not in entry[key]:
                entry[key].append(value)
        entry["actors"] += [x for x in e["actors"] if x not in entry["actors"]]
        if e["evidence"][0] not in entry["evidence"]:
            entry["evidence"].append(e["evidence"][0])
    order = {t: i for i, t in enumerate(PRIORITY)}
    out = sorted(entries.values(), key=lambda x: (x["date"] is None, x["date"] or "", x["date_source"] != "text", order.get(x["type"], 99)))
    for x in out:
        noun = nouns.get(x["type"], x["type"])
        where = f" in {names[x['places'][0]]}" if x["places"] and x["places"][0] in names else ""
        halted = " (reported halted or denied)" if x["halted"] else ""
        n = len(x["documents"])
        x["text"] = f"{noun[0].upper()}{noun[1:]}{where}{halted}, reported by {n} source{'s' if n > 1 else ''}"
    return out
