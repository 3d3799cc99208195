"""Claims and the contradictions between them.

A claim is what one source says about one kind of event:
- a quote, attributed to its speaker;
- the clause of an event sentence, attributed to the report itself.

Its stance comes from the words of ``lang/<code>/claims.toml``:
- *negative*: a reporting verb of denial ("Hezbollah denied that any deal
  was in place"), or a negation a few words from the event word ("the deal
  does not allow");
- *halted*: the event stopped or did not take place ("prekid evakuacije",
  "the evacuations didn't happen");
- *completed*: carried out in full ("sve žene i djeca evakuirani");
- *positive* otherwise.

Two claims from different sources contradict when they are about the same
contested kind of event and:
- a negative claim meets a positive or completed one; or
- a halted claim meets a completed one.

Each negative or halted claim yields at most one conflict. Its opposite is
the best claim from another source: an attributed quote over a plain
report, and another document over the same one. Event types come from the
same trigger lists as events, so a Croatian claim can contradict an English
one.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cache
from typing import Any

from ..extract.events import triggers
from ..lang import load, load_or_english

# Kinds of event whose claims are compared (statements and aid rarely contradict).
# Fighting is left out: "not near the end of the conflict" negates the end, not the fighting.
CONTESTED = ("agreement", "ceasefire", "evacuation", "attack", "killing")
# Words between a negation and the event word it negates, at most ("the deal does not allow").
NEGATION_WINDOW = 4
# Claims on each side of one conflict, at most.
MAX_SIDE = 3
# Claims set against one negative or halted claim, at most.
MAX_OPPOSING = 2


@dataclass(frozen=True)
class StanceWords:
    negations: frozenset[str]
    denial_verbs: frozenset[str]
    halted: tuple[str, ...]
    completed: frozenset[str]
    idioms: tuple[str, ...]  # phrases whose words look like a stance but are not ("prekid vatre": a ceasefire)


@cache
def stance_words(language: str) -> StanceWords:
    data = load_or_english(language, "claims")
    return StanceWords(
        negations=frozenset(data.get("negations", [])),
        denial_verbs=frozenset(data.get("denial_verbs", [])),
        halted=tuple(data.get("halted", [])),
        completed=frozenset(data.get("completed", [])),
        idioms=tuple(data.get("idioms", [])),
    )


@dataclass
class Claim:
    text: str
    evidence: dict[str, Any]
    source: str  # an entity id, or "report:<document>" for the report's own words
    claimed_by: str | None
    types: set[str] = field(default_factory=set)
    stances: dict[str, str] = field(default_factory=dict)  # per kind: positive | negative | halted | completed
    attributed: bool = False


def stance(text: str, cue: str | None, language: str, kind: str) -> str:
    """The claim's stance on events of ``kind``."""
    sw = stance_words(language)
    low = text.lower().replace("’", "'")
    for idiom in sw.idioms:
        low = low.replace(idiom, " ")
    words = re.findall(r"\w+(?:'\w+)?|n't", low)
    if any(re.search(rf"(?<!\w){re.escape(h)}", low) for h in sw.halted):
        return "halted"
    if (cue and cue.lower() in sw.denial_verbs) or _negated(low, language, kind):
        return "negative"
    if set(words) & sw.completed:
        return "completed"
    return "positive"


def _negated(low: str, language: str, kind: str) -> bool:
    """A negation within NEGATION_WINDOW words of a word for this kind of event."""
    negs = stance_words(language).negations
    spans = [(m.start(), m.group()) for m in re.finditer(r"\w+(?:'\w+)?|n't", low)]
    at = [i for i, (_, w) in enumerate(spans) if w in negs]
    pattern = dict(triggers(language)).get(kind)
    if not at or pattern is None:
        return False
    starts = [p for p, _ in spans]
    events = [sum(1 for p in starts if p < m.start()) for m in pattern.finditer(low)]
    return any(abs(i - j) <= NEGATION_WINDOW for i in at for j in events)


def event_types(text: str, language: str) -> set[str]:
    return {kind for kind, pattern in triggers(language) if kind in CONTESTED and pattern.search(text)}


def event_clause(event: dict[str, Any], texts: dict[str, str]) -> tuple[str, int, int]:
    """(document, start, end) of the clause around an event's trigger: between
    the nearest , ; : inside its sentence."""
    trig, sent = event["trigger_evidence"], event["evidence"][0]
    text = texts[trig["document"]]
    a = max(sent["start"], *(text.rfind(c, 0, trig["start"]) + 1 for c in ",;:"))
    ends = [i for i in (text.find(c, trig["end"], sent["end"]) for c in ",;:") if i >= 0]
    b = min(ends) if ends else sent["end"]
    while a < b and text[a].isspace():
        a += 1
    return trig["document"], a, b


def claims_of(facts: dict[str, Any], texts: dict[str, str]) -> list[Claim]:
    """Claims of a story: its quotes, and the clauses of its events outside quotes."""
    out: list[Claim] = []
    quoted: dict[str, list[tuple[int, int]]] = {}
    for q in facts["quotes"]:
        ev = q["evidence"][0]
        quoted.setdefault(ev["document"], []).append((ev["start"], ev["end"]))
        types = event_types(q["text"], q["language"])
        if not types:
            continue
        source = q["speaker"] or (f"speaker:{q['speaker_text']}" if q.get("speaker_text") else f"report:{ev['document']}")
        stances = {k: stance(q["text"], q.get("cue"), q["language"], k) for k in types}
        out.append(Claim(q["text"], ev, source, q["speaker"], types, stances, attributed=bool(q["speaker"] or q.get("speaker_text"))))
    seen: set[tuple[str, int, int]] = set()
    for e in facts["events"]:
        if e["type"] not in CONTESTED:
            continue
        trig = e["trigger_evidence"]
        if any(a <= trig["start"] < b for a, b in quoted.get(trig["document"], ())):
            continue
        doc, a, b = event_clause(e, texts)
        if (doc, a, b) in seen:
            continue
        seen.add((doc, a, b))
        clause = texts[doc][a:b]
        evidence = {"document": doc, "start": a, "end": b, "text": clause}
        types = event_types(clause, e["language"]) or {e["type"]}
        stances = {k: stance(clause, None, e["language"], k) for k in types}
        out.append(Claim(" ".join(clause.split()), evidence, f"report:{doc}", None, types, stances))
    return out


def conflicts(facts: dict[str, Any], texts: dict[str, str]) -> list[dict[str, Any]]:
    """Contradictions between a story's claims, each with both sides' evidence:
    per kind of event, the claims against it (denied, negated) set against
    the best claims for it; and halted against completed."""
    about = load("en", "brief").get("about", {})
    claims = claims_of(facts, texts)
    out = []
    for kind in CONTESTED:
        on = [c for c in claims if kind in c.types]
        for against, wanted, what in (
            (("negative",), ("positive", "completed"), about.get(kind, f"whether the {kind} happened")),
            (("halted",), ("completed",), f"whether the {kind} was completed or interrupted"),
        ):
            no = _distinct([c for c in on if c.stances[kind] in against])
            yes = [c for c in on if c.stances[kind] in wanted and all(c.source != n.source for n in no)]
            if not no or not yes:
                continue
            # The answer given right beside a claim is the likeliest opposite
            # ("X claims ..., while Y confirms ..."), then attributed claims elsewhere.
            yes.sort(key=lambda c: (not _near(c, no), not c.attributed, c.evidence["start"]))
            sides = no[:MAX_SIDE] + _distinct(yes)[:MAX_SIDE]
            out.append(
                {
                    "about": what,
                    "type": kind,
                    "claims": [
                        {"text": c.text, "claimed_by": c.claimed_by, "source": c.source, "stance": c.stances[kind], "evidence": [c.evidence]}
                        for c in sides
                    ],
                }
            )
    return out


# Characters between two claims of one document that answer each other, at most.
NEAR = 400


def _near(claim: Claim, others: list[Claim]) -> bool:
    ev = claim.evidence
    return any(o.evidence["document"] == ev["document"] and abs(o.evidence["start"] - ev["start"]) <= NEAR for o in others)


def _distinct(claims: list[Claim]) -> list[Claim]:
    """One claim per source (the first), attributed ones first."""
    seen, out = set(), []
    for c in sorted(claims, key=lambda c: not c.attributed):
        if c.source not in seen:
            seen.add(c.source)
            out.append(c)
    return out
