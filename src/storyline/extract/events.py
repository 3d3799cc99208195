"""Events: typed, with actors, place and date from the sentence and its neighbours.

A sentence reports an event when it holds a trigger word of a type in
``lang/<code>/events.toml`` (stems, so inflected forms match). One event
per type per sentence. The date is the first resolved date in the sentence,
else in the sentence before (same article unit); the place is the first
location named; the actors are the people, organisations and groups named
in the sentence.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from functools import cache

from ..lang import load_or_english
from ..records import EVENT_TYPES, Event, Mention, TimeExpr
from .entities import cues
from .gazetteer import countries
from .spans import SpanIndex

ACTOR_TYPES = ("person", "organization", "group")
# Types tried first when one word could trigger two ("napad" before "statement").
PRIORITY = ("ceasefire", "evacuation", "agreement", "killing", "attack", "armed_clash", "displacement", "aid", "negotiation", "statement")


# What may stand between two coordinated dates: "četvrtak i petak", "Monday and Tuesday".
_COORDINATED = re.compile(r"\s*(?:,|i|and|or|ili|te|-|–)\s*(?:u|on|na)?\s*", re.IGNORECASE)


@cache
def triggers(language: str) -> tuple[tuple[str, re.Pattern[str]], ...]:
    data = load_or_english(language, "events").get("triggers", {})
    out = []
    for kind in PRIORITY:
        if kind not in EVENT_TYPES or kind not in data:
            continue
        stems = sorted(data[kind], key=len, reverse=True)
        out.append((kind, re.compile(r"(?<!\w)(?:" + "|".join(re.escape(s) for s in stems) + r")\w*", re.IGNORECASE)))
    return tuple(out)


@cache
def not_events(language: str) -> tuple[str, ...]:
    return tuple(p.lower() for p in load_or_english(language, "events").get("not_events", {}).get("phrases", []))


def _idiom(sentence: str, at: int, language: str) -> bool:
    """The trigger at ``at`` is part of a phrase that reports no event ("sukob interesa")."""
    low = sentence.lower()
    for phrase in not_events(language):
        i = low.find(phrase, max(0, at - len(phrase)))
        if i != -1 and i <= at < i + len(phrase):
            return True
    return False


@cache
def participles(language: str) -> dict[str, str]:
    return dict(load_or_english(language, "events").get("participles", {}))


def _place(text: str, here: Sequence[Mention], language: str) -> str | None:
    """Where it happened: a place after a place preposition ("u Alepu", "in
    Aleppo"), else a place that is no country. A country without a
    preposition is an actor ("Rusija tvrdi", "Iran sought"), not a place."""
    places = [m for m in here if m.type == "location"]
    preps = cues(language).place_prepositions
    for m in places:
        before = text[max(0, m.start - 12) : m.start].split()
        if before and before[-1].lower() in preps:
            return m.canonical
    return next((m.canonical for m in places if m.canonical not in countries()), None)


def find_events(
    text: str,
    sentences: Sequence[tuple[int, int]],
    language: str,
    mentions: Sequence[Mention],
    times: Sequence[TimeExpr],
) -> list[Event]:
    out: list[Event] = []
    prev_date: TimeExpr | None = None
    # Indexed look-ups keep this linear on long texts (a scan per sentence was quadratic).
    time_index, mention_index = SpanIndex(times), SpanIndex(mentions)
    for s, e in sentences:
        sentence = text[s:e]
        dated = [t for t in time_index.starting_in(s, e) if t.date]
        date = dated[0] if dated else prev_date
        # "u četvrtak i petak": days joined by a conjunction date one event twice.
        also = [t for a, t in zip(dated, dated[1:]) if _COORDINATED.fullmatch(text[a.end : t.start])] if dated else []
        here = mention_index.starting_in(s, e)
        place = _place(text, here, language)
        actors = list(dict.fromkeys(m.canonical for m in here if m.type in ACTOR_TYPES))
        taken: list[tuple[int, int]] = []
        for kind, pattern in triggers(language):
            for m in pattern.finditer(sentence):
                a, b = s + m.start(), s + m.end()
                if any(x < b and a < y for x, y in taken) or any(mm.start <= a < mm.end for mm in here) or _idiom(sentence, m.start(), language):
                    continue
                taken.append((a, b))
                for when in [date, *also]:
                    out.append(
                        Event(
                            type=kind,
                            start=s,
                            end=e,
                            trigger_start=a,
                            trigger_end=b,
                            date=when.date if when else None,
                            date_start=when.start if when else None,
                            date_end=when.end if when else None,
                            place=place,
                            actors=actors,
                        )
                    )
                break
        prev_date = dated[0] if dated else None
    return out
