"""One entity per real thing across the documents of a story.

Mentions are first keyed (:func:`mention_key`): places by their gazetteer
entry, so "Beču", "Wien" and "Vienna" are one key and "Rusija" and
"Russia" another; people and organisations by their folded spelling. Then
organisations and places of the same kind are merged when their spellings
are near-identical. People merge only when :func:`~storyline.link.names.same_person`
allows it: given names equal, an initial or variants of one name, surnames
maybe spelled two ways ("Viktor Černomyrdin" / "Viktor Chernomyrdin",
"Pavel Orlov" / "Павел Орлов"), never "Marko Marić" with "Mirko Marić"
nor "Ivan Horvat" with "Ivana Horvat". A name with an initial ("P. Orlov")
or a surname alone ("Orlov") joins the one person it fits; when two people
fit it joins neither.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import cache

from rapidfuzz import fuzz

from ..lang import languages_with, load
from ..records import Document, Mention
from .names import fold, name_parts, place_of, same_person, same_surname

# Spelling similarity (rapidfuzz ratio, 0-100, on folded names) from which
# two names are one: "horvat"/"horvath" 92, "bozinovic"/"bozhinovich" 100
# once folded, while different surnames of one length ("maric"/"matic" 80)
# stay below. Set on our own fixtures of variant spellings.
SAME_NAME = 88
# Kinds of entity whose keys may merge with each other (an organisation in
# one language is a group in another: "Hezbollah").
KIND = {"person": "PER", "location": "LOC", "organization": "ORG", "group": "ORG", "other": "OTH"}


@dataclass
class Entity:
    key: str
    type: str
    names: Counter[str] = field(default_factory=Counter)  # canonical names as given per mention
    surfaces: Counter[str] = field(default_factory=Counter)  # the words as written
    english: str | None = None  # the English name, when a gazetteer gives one
    mentions: list[tuple[str, Mention]] = field(default_factory=list)  # (document id, mention)

    @property
    def name(self) -> str:
        """The most common canonical name; the longest among the most common."""
        top = max(self.names.values())
        return max((n for n, c in self.names.items() if c == top), key=len)

    @property
    def id(self) -> str:
        return "e-" + "".join(c if c.isalnum() else "-" for c in self.key.lower()).strip("-")

    def absorb(self, other: Entity) -> None:
        self.names.update(other.names)
        self.surfaces.update(other.surfaces)
        self.mentions.extend(other.mentions)
        self.english = self.english or other.english


def mention_key(m: Mention, surface: str) -> tuple[str, str | None]:
    """(key, English name or None) of one mention."""
    kind = KIND.get(m.type, "OTH")
    if kind in ("LOC", "ORG"):
        # An organisation named exactly like a city or country (its own name,
        # not an alternate one: "Hamas" is some town's) is mostly a place the
        # recogniser mistyped ("Kharkiv"); clubs named after cities join it too.
        place = place_of(m.canonical, surface, _without_head(m.canonical))
        if place and (kind == "LOC" or (place.main and m.canonical == surface)):
            return f"LOC:{place.key}", place.english
    if kind == "ORG":
        # An acronym keeps its letters: "UN" and "un" are not one word.
        return f"ORG:{m.canonical if m.canonical.isupper() else fold(m.canonical)}", None
    return f"{kind}:{fold(m.canonical)}", None


@cache
def _place_heads() -> frozenset[str]:
    """Place head words of every language with data ("province", "pokrajina")."""
    return frozenset(w for lang in languages_with("entities") for w in load(lang, "entities").get("place_heads", []))


def _without_head(name: str) -> str:
    """"Malatya province" -> "Malatya": a place head word after the name."""
    words = name.split()
    return " ".join(words[:-1]) if len(words) > 1 and words[-1].lower() in _place_heads() else name


def link(mentions: Iterable[tuple[Document, Mention]]) -> list[Entity]:
    """Entities of these mentions, each with every mention that names it."""
    by_key: dict[str, Entity] = {}
    for doc, m in mentions:
        surface = doc.text[m.start : m.end]
        key, english = mention_key(m, surface)
        ent = by_key.get(key)
        if ent is None:
            ent = by_key[key] = Entity(key, m.type, english=english)
        ent.names[m.canonical] += 1
        ent.surfaces[surface] += 1
        ent.mentions.append((doc.id, m))
    entities = list(by_key.values())
    entities = _merge_spellings(entities)
    entities = _merge_people(entities)
    for ent in entities:
        ent.type = Counter(m.type for _, m in ent.mentions).most_common(1)[0][0]
    return entities


def _kind(ent: Entity) -> str:
    return ent.key.split(":", 1)[0]


def _spelling(ent: Entity) -> str:
    return ent.key.split(":", 1)[1]


def _merge_spellings(entities: list[Entity]) -> list[Entity]:
    """Near-identical spellings of one kind are one entity (places resolved
    by the gazetteer are already one key each and are not merged further)."""
    out: list[Entity] = []
    for ent in sorted(entities, key=lambda e: -len(e.mentions)):
        if _kind(ent) == "PER":
            out.append(ent)  # people: _merge_people
            continue
        if ent.english is None:
            same = next(
                (
                    o
                    for o in out
                    if _kind(o) == _kind(ent)
                    and o.english is None
                    and len(_spelling(o).split()) == len(_spelling(ent).split())
                    and fuzz.ratio(_spelling(o), _spelling(ent)) >= SAME_NAME
                ),
                None,
            )
            if same:
                same.absorb(ent)
                continue
        out.append(ent)
    return out


def _merge_people(entities: list[Entity]) -> list[Entity]:
    """People named in full merge when :func:`same_person` allows it; then a
    name with an initial ("P. Orlov") and a surname alone ("Orlov") each join
    the one person it fits, and join none when several fit."""
    people = sorted((e for e in entities if _kind(e) == "PER"), key=lambda e: -len(e.mentions))
    full: list[Entity] = []
    partial: list[Entity] = []
    for ent in people:
        given, _ = name_parts(ent.name)
        (full if given and len(fold(given[0])) > 1 else partial).append(ent)
    merged: list[Entity] = []
    for ent in full:
        same = next((o for o in merged if same_person(o.name, ent.name)), None)
        if same:
            same.absorb(ent)
        else:
            merged.append(ent)
    alone: list[Entity] = []
    for ent in partial:
        given, surname = name_parts(ent.name)
        if given:  # an initial: the full names it fits
            fits = [o for o in merged if same_person(o.name, ent.name)]
        else:  # a surname alone
            fits = [o for o in merged if same_surname(name_parts(o.name)[1], surname)]
        if len(fits) == 1:
            fits[0].absorb(ent)
            continue
        if not given:
            # Two spellings of one surname, both alone ("Horvat" / "Horvath").
            same = next((o for o in alone if not name_parts(o.name)[0] and same_surname(o.name, ent.name)), None)
            if same and not fits:
                same.absorb(ent)
                continue
        alone.append(ent)
    kept = {id(e) for e in merged + alone}
    return [e for e in entities if _kind(e) != "PER" or id(e) in kept]
