"""Canonical (nominative) forms of names.

Croatian inflects names ("u Hamburgu", "s Merkelovom", "Tarkia Bozaka"); no
lemmatiser on PyPI handles proper names (simplemma returns them unchanged),
so this module reads the case endings of ``lang/<code>/declension.toml`` and
undoes them. Each word gets candidate nominatives, and evidence picks one:

1. a known place name (gazetteer);
2. the form seen elsewhere in the same document ("Putin" beside "Putina");
3. agreement: a masculine title in the same case ("predsjednika Putina"),
   or the other words of the name ending alike ("Tarkia Bozaka");
4. the rule's prior, then the word itself.

Languages without a declension table (English) keep names as written.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache

from ..lang import load
from .gazetteer import given_names, own_given_names, places
from .lemmas import lemma

# Stems shorter than this are never cut further ("Ana" stays "Ana").
MIN_STEM = 2
VOWELS = set("aeiouAEIOU")


@dataclass(frozen=True, slots=True)
class Rule:
    ending: str
    nominative: str
    paradigm: str
    prior: int
    cases: frozenset[str] = frozenset()


@cache
def rules(language: str) -> tuple[Rule, ...]:
    data = load(language, "declension")
    out = [
        Rule(r["ending"], r["nominative"], r["paradigm"], int(r.get("prior", 0)), frozenset(r.get("cases", ())))
        for r in data.get("rule", [])
    ]
    return tuple(sorted(out, key=lambda r: (-len(r.ending), -r.prior)))


@cache
def title_endings(language: str) -> tuple[str, ...]:
    return tuple(load(language, "declension").get("agreement", {}).get("masculine_title_endings", []))


@cache
def governed_cases(language: str, preposition: str) -> frozenset[str]:
    """Cases a preposition governs; empty when unknown (no constraint)."""
    gov = load(language, "declension").get("government", {})
    return frozenset(case for case, preps in gov.items() if preposition.lower() in preps)


@cache
def governed_prepositions(language: str) -> frozenset[str]:
    """Every preposition of the government table."""
    gov = load(language, "declension").get("government", {})
    return frozenset(p for preps in gov.values() for p in preps)


@dataclass(frozen=True, slots=True)
class Candidate:
    form: str
    rule: Rule | None  # None: the word as written

    @property
    def ending(self) -> str:
        return self.rule.ending if self.rule else ""


def candidates(word: str, language: str) -> list[Candidate]:
    """The word itself, then each nominative a case ending could come from."""
    out = [Candidate(word, None)]
    if word.isupper() or "-" in word and word.split("-")[0].isupper():
        # Acronyms carry their ending after a hyphen: UN-a, NATO-om.
        head = word.split("-")[0]
        return [Candidate(head, Rule(word[len(head):], "", "acronym", 5))] if head != word else out
    for rule in rules(language):
        if not word.endswith(rule.ending):
            continue
        stem = word[: len(word) - len(rule.ending)]
        if len(stem) < MIN_STEM or not stem[-1].isalpha():
            continue
        if rule.nominative == "" and stem[-1] in VOWELS and rule.paradigm == "masc":
            continue  # "Obami" is not a masculine form of "Obam"
        out.append(Candidate(stem + rule.nominative, rule))
    return out


def canonical(
    words: list[str],
    language: str,
    *,
    attested: Iterable[str] = (),
    title: str | None = None,
    kind: str | None = None,
    preposition: str | None = None,
) -> str:
    """The nominative of a name given as words (its tokens, in order).

    ``attested``: other surface forms in the document; ``title``: the title
    or role word right before the name, as written; ``kind``: the entity
    type, if known; ``preposition``: the word before the name, whose case
    government rules some endings out.
    """
    if not rules(language) or not words:
        return " ".join(words)
    seen = set(attested)
    whole = " ".join(words)
    gaz = places()
    per_word = [candidates(w, language) for w in words]
    cases = governed_cases(language, preposition) if preposition else frozenset()
    if cases:
        per_word = [_governed(c, cases) for c in per_word]
    if whole in gaz and all(c[0].rule is None for c in per_word):
        return whole
    # Whole-name gazetteer hit with every word declined alike ("Novom Sadu" -> "Novi Sad").
    if len(words) > 1:
        for combo in _combos(per_word):
            name = " ".join(c.form for c in combo)
            if name != whole and name in gaz:
                return name
    masc_title = (
        bool(title)
        and title[0].islower()
        and any(title.endswith(e) for e in title_endings(language))
        and _declined_title(title, language)
    )
    endings = [w[-1:] for w in words]
    out = []
    for i, (word, cands) in enumerate(zip(words, per_word)):
        if len(cands) == 1:
            out.append(cands[0].form)
            continue
        # Every nominative the document's other forms of this word could come
        # from: "Putina" beside "Putin" -> "Putin"; "Macronom" beside "Macrona"
        # -> "Macron" (both could be "Macrona" too; the likelier ending wins).
        others = {c.form for w in seen if w != word and w[:4] == word[:4] for c in candidates(w, language)}
        out.append(_choose(word, cands, others, gaz, masc_title, len(set(endings)) == 1 and len(words) > 1, kind, i == 0 and len(words) > 1))
    return " ".join(out)


def _declined_title(title: str, language: str) -> bool:
    """"predsjednika" (an oblique case of "predsjednik"), not "gradonačelnica" (a nominative)."""
    return lemma(title, language) != title.lower()


def _governed(cands: list[Candidate], cases: frozenset[str]) -> list[Candidate]:
    """Keep the readings the preposition allows; the word as written stays
    possible only as a masculine inanimate accusative, or when nothing else fits."""
    fit = [c for c in cands[1:] if c.rule is None or not c.rule.cases or c.rule.cases & cases]
    if not fit:
        return cands[:1]
    return ([cands[0]] if "A" in cases else [Candidate(cands[0].form, Rule("", "", "unknown", -9))]) + fit


def _combos(per_word: list[list[Candidate]], limit: int = 64) -> list[tuple[Candidate, ...]]:
    combos: list[tuple[Candidate, ...]] = [()]
    for cands in per_word:
        combos = [c + (x,) for c in combos for x in cands][:limit]
    return combos


def _choose(
    word: str,
    cands: list[Candidate],
    seen: set[str],
    gaz: frozenset[str],
    masc_title: bool,
    alike: bool,
    kind: str | None,
    first_of_name: bool,
) -> str:
    declined = sorted(cands[1:], key=lambda c: -(c.rule.prior if c.rule else 0))
    if cands[0].rule is not None:  # a preposition rules out the form as written
        for known in (gaz, seen):
            for c in declined:
                if c.form in known:
                    return c.form
        return declined[0].form
    if first_of_name and word in own_given_names():
        return word
    # A place name as written stays ("Rijeka", not a declined reading that
    # happens to be another place); else a reading that is a place ("Alepu" -> "Alep").
    if word in gaz and kind in (None, "location"):
        return word
    for c in declined:
        if c.form in gaz and kind in (None, "location"):
            return c.form
    if first_of_name:
        # Our own list first, then the large dictionary (where some declined
        # forms are names of their own: "Ivane").
        for names in (own_given_names(), given_names()):
            if word in names:
                return word
            for c in declined:
                if c.form in names:
                    return c.form
    for c in declined:
        if c.form in seen:
            return c.form
    # Agreement of the name's words is evidence for people only: a place
    # ("Velike Britanije") declines adjective and noun alike too.
    if kind == "person" or (kind is None and (masc_title or alike)):
        masc = [c for c in declined if c.rule and c.rule.paradigm.startswith("masc")]
        if masc and (masc_title or alike or masc[0].rule.ending not in ("a", "e", "i")):
            return masc[0].form
    if kind == "location" or kind == "organization":
        best = max(declined, key=lambda c: c.rule.prior if c.rule else 0)
        if best.rule and best.rule.prior >= 1 and best.rule.ending != "a":
            return best.form
    strong = [c for c in declined if c.rule and c.rule.prior >= 3]
    if strong:
        return strong[0].form
    return word
