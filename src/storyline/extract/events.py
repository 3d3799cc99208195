"""Events: typed by ACLED's definitions, with actors, target, place, date and
fatalities, each with its evidence.

A sentence reports an event when one of its words is a trigger of a rule in
``lang/<code>/events.toml``; ``lang/common/acled.toml`` gives each rule its
brief type (:data:`records.EVENT_TYPES`) and ACLED event and sub-event type.
Triggers are whole words matched by lemma (simplemma), never substrings, so
"according to" does not fire an agreement and "napadač" (a striker) is no
"napad".

A trigger reports no event when the sentence is a question, when a hedge
precedes it in its clause (a plan, a forecast, a condition: "will", "could",
"planira", "ako"; a parenthesis or a clause that carries the forecast on,
"after which", "nakon čega", does not end the hedge's reach), when the
sentence gives analysts' or observers' views, when it names a remembered
event ("wartime massacre"), durative background ("after years of fighting",
"shelled for months", "unatoč bombardiranju", "until a few days ago"), the
conflict as a whole ("the end of the fighting"), an agreement broken or
refused ("violated the agreement"), or when the sentence is about sport.
A negation near it keeps the event and sets ``negated``.

Triggers of one sentence are then resolved into events the way ACLED codes
them: deaths in a battle, a strike or a disaster are that event's
fatalities, not a killing of their own; an attack on soldiers is a battle;
a protest takes its sub-event type from the force used (by the state:
excessive force; dispersal: intervention; by the protesters: a riot);
a captured town is government or rebel territory by who took it. One event
per type per sentence.

The date is the first resolved date in the sentence, else in the sentence
before (same article unit); the place is the first location named that the
text does not deny or exclude ("not in Geneva", "ni u Ženevi"); the actors
are the people, organisations and groups named in the sentence except the
source who reports it (the subject of a reporting verb, "according to X"):
the UN that voices concern over killings did not kill.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from functools import cache
from itertools import pairwise
from typing import NamedTuple

from ..lang import load, load_or_english, word_set
from ..records import EVENT_TYPES, Event, Figure, Mention, TimeExpr
from .entities import cues
from .gazetteer import countries
from .gazetteer import places as known_places
from .lemmas import is_common_word, lemma
from .spans import SpanIndex

ACTOR_TYPES = ("person", "organization", "group")
# Order of event types on a timeline, and which type wins when one word could trigger two.
PRIORITY = (
    "ceasefire",
    "evacuation",
    "agreement",
    "killing",
    "attack",
    "armed_clash",
    "explosion",
    "territory_change",
    "protest",
    "riot",
    "arrest",
    "abduction",
    "sexual_violence",
    "looting",
    "displacement",
    "aid",
    "negotiation",
    "disaster",
    "statement",
    "other",
)
# Rules of organised violence: deaths reported beside them are their fatalities.
VIOLENT = frozenset(
    {
        "armed_clash",
        "territory",
        "chemical",
        "suicide_bomb",
        "grenade",
        "air_strike",
        "shelling",
        "explosive",
        "attack",
        "protest",
        "riot",
        "mob",
        "disaster",
    }
)
REMOTE = ("chemical", "suicide_bomb", "grenade", "air_strike", "shelling", "explosive")
# ACLED event types whose events make an aid word part of their story ("an aid convoy was shelled").
ABSORB_AID = frozenset({"Battles", "Explosions/Remote violence", "Violence against civilians", "Riots"})
# Tokens between a noun trigger and a hedge or negation after it ("the evacuation would begin"), at most.
AFTER_WINDOW = 3
# Tokens between a negation and the trigger after it ("no one had been arrested"), at most.
NEGATION_WINDOW = 5
# Tokens before a trigger where a background word names a remembered event ("victims of the wartime massacre").
BACKGROUND_WINDOW = 3
# Tokens around a territory trigger where its object must be named ("captured the town of X").
OBJECT_WINDOW = 6
# Shortest stem a form may be matched by with an inflection ending ("granatir-ala"); shorter ones match too much.
MIN_STEM = 4
# Confidence added when the event names its actor, and taken off when its sub-event type is a default guess.
ACTOR_BONUS, GUESS_PENALTY = 0.05, 0.1
# Tokens between a name and its reporting verb ("UN je izrazio"), or a source phrase and the name, at most.
REPORT_WINDOW = 3
# Tokens between a negation and the place it excludes ("will not be held in Geneva"), at most.
PLACE_NEGATION_WINDOW = 4

_ANY = re.compile(r"[\s\S]+")  # a stretch of text as a match object, for TriggerPattern
_YEAR = re.compile(r"(?:1[89]|20)\d\ds?$")
_WORD = re.compile(r"\w+(?:[-'’]\w+)*")
# What separates clauses inside a sentence.
_CLAUSE_BREAK = re.compile(r"[,;:()\[\]–—]")
# What may stand between two coordinated dates: "četvrtak i petak", "Monday and Tuesday".
_COORDINATED = re.compile(r"\s*(?:,|i|and|or|ili|te|-|–)\s*(?:u|on|na)?\s*", re.IGNORECASE)


# -- data ---------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Rule:
    name: str
    type: str
    acled_event_type: str | None
    acled_sub_event_type: str | None
    confidence: float
    specificity: int = 0


@cache
def rules() -> dict[str, Rule]:
    """Rule name -> its type and ACLED codes, from ``lang/common/acled.toml``."""
    out = {}
    for name, r in load("common", "acled").get("rules", {}).items():
        out[name] = Rule(
            name,
            r["type"],
            r.get("acled_event_type"),
            r.get("acled_sub_event_type"),
            float(r.get("confidence", 0.5)),
            int(r.get("specificity", 0)),
        )
        assert out[name].type in EVENT_TYPES, f"acled.toml: rule {name} has unknown type {out[name].type}"
    return out


@dataclass(frozen=True, slots=True)
class Entry:
    """One trigger or cue: a lemma or a phrase of lemmas; ``exact`` forms only; ``weak`` needs an armed actor."""

    words: tuple[str, ...]
    exact: bool = False
    weak: bool = False
    # Each word's stem (:func:`_stem`), matched against a word's stems in
    # languages with inflection ``endings``; made once, not at every try.
    stems: tuple[str | None, ...] = ()


def _entry(raw: str, lemma_endings: tuple[str, ...] = ()) -> Entry:
    exact, weak = raw.startswith("="), raw.startswith("?")
    words = tuple(raw.lstrip("=?").lower().split())
    return Entry(words, exact, weak, tuple(_stem(w, lemma_endings) for w in words))


def _entries(words: Sequence[str], lemma_endings: tuple[str, ...] = ()) -> tuple[Entry, ...]:
    return tuple(sorted((_entry(w, lemma_endings) for w in words), key=lambda e: -len(e.words)))


@dataclass(frozen=True)
class Lexicon:
    """A language's trigger and cue words (``lang/<code>/events.toml``)."""

    language: str
    triggers: dict[str, tuple[Entry, ...]]  # rule -> entries
    cues: dict[str, tuple[Entry, ...]]  # hedges, negations, armed, ... -> entries
    idioms: tuple[str, ...]
    endings: tuple[str, ...]
    clitics: frozenset[str] = frozenset()
    infinitive_endings: tuple[str, ...] = ()
    by_first: dict[str, tuple[tuple[str, Entry], ...]] = field(default_factory=dict)  # first word -> (rule, entry)
    by_stem: dict[str, tuple[tuple[str, Entry], ...]] = field(
        default_factory=dict
    )  # stem of first word -> (rule, entry)


CUE_LISTS = (
    "hedges",
    "modals",
    "negations",
    "terms",
    "causes",
    "past_prepositions",
    "background",
    "sport",
    "armed",
    "armed_targets",
    "government_actors",
    "nonstate_actors",
    "territory_objects",
    "base_objects",
    "excessive_force",
    "intervention",
    "protester_violence",
    "targets",
    "deaths",
    "durative_after",
    "background_sentence",
    "opinion_sources",
    "carry_hedge",
    "breaches",
    "reporting",
    "not_here",
    "attributive",
)


@cache
def lexicon(language: str) -> Lexicon:
    data = load_or_english(language, "events")
    stem_by = lemma_endings(language)
    trig = {rule: _entries(words, stem_by) for rule, words in data.get("triggers", {}).items() if rule in rules()}
    by_first: dict[str, list[tuple[str, Entry]]] = {}
    by_stem: dict[str, list[tuple[str, Entry]]] = {}
    endings = tuple(data.get("endings", []))
    for rule, entries in trig.items():
        for e in entries:
            by_first.setdefault(e.words[0], []).append((rule, e))
            st = e.stems[0]
            if endings and not e.exact and st:
                by_stem.setdefault(st, []).append((rule, e))
    return Lexicon(
        language=language,
        triggers=trig,
        cues={name: _entries(data.get(name, []), stem_by) for name in CUE_LISTS},
        idioms=tuple(p.lower() for p in data.get("not_events", {}).get("phrases", [])),
        endings=endings,
        clitics=word_set(data, "clitics"),
        infinitive_endings=tuple(data.get("infinitive_endings", [])),
        by_first={k: tuple(v) for k, v in by_first.items()},
        by_stem={k: tuple(v) for k, v in by_stem.items()},
    )


@cache
def _stem(word: str, endings: tuple[str, ...]) -> str | None:
    """A lemma less the first of ``endings`` it ends with, its infinitive or
    final vowel ("granatirati" -> "granatir"), or None when too short to trust."""
    for suffix in endings:
        if word.endswith(suffix):
            word = word[: -len(suffix)]
            break
    return word if len(word) >= MIN_STEM and " " not in word else None


@cache
def lemma_endings(language: str) -> tuple[str, ...]:
    """The endings a lemma loses before its stem is compared with a word's
    (``lemma_endings`` of ``events.toml``; none: stems are the lemmas). Checked:
    words without spaces, and each before any shorter ending it ends with,
    since the first that fits is taken ("jeti" before "ti")."""
    raw = load_or_english(language, "events").get("lemma_endings", [])
    where = f"lang/{language}/events.toml: lemma_endings"
    if not isinstance(raw, list) or not all(isinstance(e, str) and e and e == e.strip().lower() and " " not in e for e in raw):
        raise ValueError(f"{where} must be a list of lower-case endings without spaces")
    for n, later in enumerate(raw):
        for earlier in raw[:n]:
            if later.endswith(earlier) and later != earlier:
                raise ValueError(f"{where}: {later!r} comes after {earlier!r}, which it ends with, so it never applies")
    return tuple(raw)


# -- tokens and matching ------------------------------------------------------


class Token(NamedTuple):
    """A word of a sentence (a named tuple: made for every word of every
    sentence, three times faster than a frozen dataclass)."""

    start: int
    end: int
    text: str
    low: str
    keys: frozenset[str]  # the form and its lemma
    stems: frozenset[str]  # the form less an inflection ending (languages with ``endings``)
    clause: int
    paren: bool = False  # only a parenthesis separates it from the clause before


@cache
def _keys(low: str, language: str) -> frozenset[str]:
    return frozenset({low, lemma(low, language), low.replace("’", "'")})


@cache
def _stems(low: str, endings: tuple[str, ...]) -> frozenset[str]:
    return frozenset({low[: -len(e)] for e in endings if low.endswith(e) and len(low) - len(e) >= MIN_STEM} | {low})


def tokens(text: str, start: int, end: int, lex: Lexicon) -> list[Token]:
    out: list[Token] = []
    clause, last = 0, start
    language, endings = lex.language, lex.endings
    for m in _WORD.finditer(text, start, end):
        a, b = m.span()
        paren = False
        if out and a > last:
            gap = text[last:a]
            # A gap of one space (most of them) holds no clause break.
            if gap != " " and _CLAUSE_BREAK.search(gap):
                clause += 1
                paren = not _CLAUSE_BREAK.search(gap.replace("(", "").replace(")", ""))
        word = m.group()
        low = word.lower()
        out.append(Token(a, b, word, low, _keys(low, language), _stems(low, endings) if endings else _NO_STEMS, clause, paren))
        last = b
    return out


_NO_STEMS: frozenset[str] = frozenset()


def _word_matches(tok: Token, word: str, stem: str | None, exact: bool) -> bool:
    if exact:
        return tok.low == word
    if word in tok.keys:
        return True
    return bool(tok.stems) and stem is not None and stem in tok.stems


def _entry_at(toks: Sequence[Token], i: int, entry: Entry, clitics: frozenset[str] = frozenset()) -> int:
    """Tokens the entry covers from token ``i`` (0: no match). Phrases stay in
    one clause; ``clitics`` may stand between their words ("otvorili su vatru")."""
    k = i
    for n, word in enumerate(entry.words):
        if n and clitics:
            while k < len(toks) and toks[k].low in clitics:
                k += 1
        if k >= len(toks) or toks[k].clause != toks[i].clause or not _word_matches(toks[k], word, entry.stems[n], entry.exact):
            return 0
        k += 1
    return k - i


def find_cue(
    toks: Sequence[Token], entries: Sequence[Entry], lo: int = 0, hi: int | None = None, lower: bool = False
) -> int | None:
    """Index of the first token in ``toks[lo:hi]`` where one of the entries
    matches, or None. ``lower``: a capitalised word inside the sentence is a
    name, not a cue ("in May" is no hedge)."""
    first = _by_first_word(entries)
    exact, keys, stems = first.exact, first.keys.keys(), first.stems.keys()
    for i in range(max(lo, 0), min(len(toks), len(toks) if hi is None else hi)):
        tok = toks[i]
        if lower and i > 0 and tok.text[:1].isupper():
            continue
        if tok.low not in exact and keys.isdisjoint(tok.keys) and stems.isdisjoint(tok.stems):
            continue  # no entry starts here (FirstWords.candidates' own test, without the call)
        if any(_entry_at(toks, i, e) for e in first.candidates(tok)):
            return i
    return None


@dataclass(frozen=True, slots=True)
class FirstWords:
    """Entries by what their first word can match, so a token is tried only
    against the entries that could start there (the same matches as trying
    every entry: see :func:`_word_matches`)."""

    exact: dict[str, tuple[Entry, ...]]  # the form itself
    keys: dict[str, tuple[Entry, ...]]  # a form or lemma of the token
    stems: dict[str, tuple[Entry, ...]]  # the word's stem among the token's stems

    rank: dict[Entry, int]  # an entry's place in its list (the first, for an entry listed twice)

    def candidates(self, tok: Token) -> list[Entry]:
        if tok.low not in self.exact and self.keys.keys().isdisjoint(tok.keys) and self.stems.keys().isdisjoint(tok.stems):
            return []  # most tokens start no entry: three look-ups in C, no list built
        out = list(self.exact.get(tok.low, ()))
        for k in tok.keys:
            out += self.keys.get(k, ())
        for st in tok.stems:
            out += self.stems.get(st, ())
        return list(dict.fromkeys(out))


def _matches_at(toks: Sequence[Token], k: int, entries: Sequence[Entry], clitics: frozenset[str] = frozenset()) -> bool:
    """Whether one of the entries matches from token ``k``: ``any(_entry_at(...)
    for e in entries)``, trying only the entries whose first word can start
    there (a sentence of 30 tokens against a list of 200 cues was 6,000 tries)."""
    return any(_entry_at(toks, k, e, clitics) for e in _by_first_word(entries).candidates(toks[k]))


# Entry list (by identity) -> the list and its index. The lists are the cached
# Lexicon's tuples, so each is indexed once per process and a call finds its
# index without hashing every entry; keeping the list keeps its id from reuse.
_FIRST_WORDS: dict[int, tuple[Sequence[Entry], FirstWords]] = {}


def _by_first_word(entries: Sequence[Entry]) -> FirstWords:
    got = _FIRST_WORDS.get(id(entries))
    if got is None or got[0] is not entries:
        got = _FIRST_WORDS[id(entries)] = (entries, _index_first_words(entries))
    return got[1]


def _index_first_words(entries: Sequence[Entry]) -> FirstWords:
    exact: dict[str, list[Entry]] = {}
    keys: dict[str, list[Entry]] = {}
    stems: dict[str, list[Entry]] = {}
    for e in entries:
        word = e.words[0]
        if e.exact:
            exact.setdefault(word, []).append(e)
            continue
        keys.setdefault(word, []).append(e)
        st = e.stems[0]
        if st is not None:
            stems.setdefault(st, []).append(e)
    freeze = lambda d: {k: tuple(v) for k, v in d.items()}  # noqa: E731
    rank: dict[Entry, int] = {}
    for n, e in enumerate(entries):
        rank.setdefault(e, n)
    return FirstWords(freeze(exact), freeze(keys), freeze(stems), rank)


@dataclass(slots=True)
class Hit:
    rule: str
    i: int  # first token
    j: int  # after the last token
    weak: bool = False
    negated: bool = False


def trigger_hits(toks: Sequence[Token], lex: Lexicon, only: frozenset[str] | None = None) -> list[Hit]:
    """Every trigger, longest first where two overlap (a "car bomb" is not a "bomb" and a "car")."""
    found: list[Hit] = []
    for i, tok in enumerate(toks):
        cands = [c for k in tok.keys for c in lex.by_first.get(k, ())]
        if tok.stems:
            cands += [c for s in tok.stems for c in lex.by_stem.get(s, ())]
        best: Hit | None = None
        for rule, e in cands:
            if only is not None and rule not in only:
                continue
            n = _entry_at(toks, i, e, lex.clitics)
            if n and (best is None or n > best.j - best.i or (n == best.j - best.i and best.weak and not e.weak)):
                best = Hit(rule, i, i + n, e.weak)
        if best:
            found.append(best)
    found.sort(key=lambda h: (-(h.j - h.i), h.i))
    out: list[Hit] = []
    for h in found:
        if all(h.j <= o.i or o.j <= h.i for o in out):
            out.append(h)
    return sorted(out, key=lambda h: h.i)


class TriggerPattern:
    """The triggers of one event type, with the ``search``/``finditer`` of a
    regular expression (reconcile/conflicts.py reads claims with it). Weak
    triggers count here: a claim is read inside a story already about the
    conflict ("the Northern Front denied that any deal was in place")."""

    def __init__(self, language: str, rule_names: frozenset[str]) -> None:
        self.language, self.rules = language, rule_names

    def finditer(self, text: str) -> Iterator[re.Match[str]]:
        lex = lexicon(self.language)
        toks = tokens(text, 0, len(text), lex)
        idioms = _idiom_spans(text, 0, lex)
        for h in trigger_hits(toks, lex, self.rules):
            a, b = toks[h.i].start, toks[h.j - 1].end
            if not any(x < b and a < y for x, y in idioms):
                yield _ANY.match(text, a, b)  # type: ignore[misc]

    def search(self, text: str) -> re.Match[str] | None:
        return next(self.finditer(text), None)


@cache
def triggers(language: str) -> tuple[tuple[str, TriggerPattern], ...]:
    """(event type, its trigger pattern) in :data:`PRIORITY` order."""
    names = lexicon(language).triggers
    out = []
    for kind in PRIORITY:
        mine = frozenset(r for r in names if rules()[r].type == kind)
        if mine:
            out.append((kind, TriggerPattern(language, mine)))
    return tuple(out)


# -- one sentence -------------------------------------------------------------


def _idiom_spans(sentence: str, offset: int, lex: Lexicon) -> list[tuple[int, int]]:
    low = sentence.lower()
    out = []
    for phrase in lex.idioms:
        if phrase in low:  # most sentences hold none: a substring test before the regex
            for m in _idiom_pattern(phrase).finditer(low):
                out.append((offset + m.start(), offset + m.end()))
    return out


@cache
def _idiom_pattern(phrase: str) -> re.Pattern[str]:
    return re.compile(rf"(?<!\w){re.escape(phrase)}(?!\w)")


def _noun_like(tok: Token, language: str) -> bool:
    """An uninflected or plural form ("evacuation", "attacks"): a modal after it is its verb's."""
    lem = lemma(tok.low, language)
    return lem == tok.low or tok.low == lem + "s"


def _hedged(toks: Sequence[Token], h: Hit, lex: Lexicon) -> bool:
    """A plan, forecast, condition or purpose governs the trigger: a hedge
    before it in its clause, or a modal just after a noun ("the offensive could backfire")."""
    c = toks[h.i].clause
    lo = _scope_start(toks, next(k for k in range(h.i + 1) if toks[k].clause == c), lex)
    if find_cue(toks, lex.cues["hedges"], lo, h.i, lower=True) is not None:
        return True
    first = toks[h.i]
    if (
        lex.infinitive_endings
        and first.low.endswith(lex.infinitive_endings)
        and lemma(first.low, lex.language) == first.low
    ):
        return True
    if not _noun_like(toks[h.j - 1], lex.language):
        return False
    after = find_cue(toks, lex.cues["modals"], h.j, h.j + AFTER_WINDOW, lower=True)
    return after is not None and toks[after].clause == c


def _scope_start(toks: Sequence[Token], lo: int, lex: Lexicon) -> int:
    """Where a hedge's reach begins for a clause starting at ``lo``: a
    parenthesis ("could (if talks go well) agree") and a clause that carries
    a forecast on ("..., after which", "..., nakon čega") do not end it."""
    while lo > 0 and (toks[lo].paren or _matches_at(toks, lo, lex.cues["carry_hedge"])):
        c = toks[lo - 1].clause
        lo = next(k for k in range(lo) if toks[k].clause == c)
    return lo


def _background(toks: Sequence[Token], h: Hit, lex: Lexicon) -> bool:
    """Told as background, not as news: a remembered event ("wartime
    massacre"), a durative stretch before it ("years of fighting", "unatoč
    bombardiranju") or after it ("shelled for months"), the conflict as a
    whole ("the end of the fighting", "kraj sukoba")."""
    cue = lex.cues
    if _near(toks, h, cue["background"], BACKGROUND_WINDOW, 0) is not None:
        return True
    if _near(toks, h, cue["durative_after"], 0, AFTER_WINDOW) is not None:
        return True
    ends = _end_words(lex.language)
    c = toks[h.i].clause
    return any(toks[k].low in ends and toks[k].clause == c for k in range(max(0, h.i - BACKGROUND_WINDOW), h.i))


def _past(toks: Sequence[Token], h: Hit, lex: Lexicon) -> bool:
    """A preposition and a year just after the trigger: "the protests of 2011", "do prosvjeda iz 2011."."""
    c = toks[h.i].clause
    for k in range(h.j, min(len(toks) - 1, h.j + BACKGROUND_WINDOW)):
        nxt = toks[k + 1]
        if nxt.clause == c and _YEAR.match(nxt.low) and _matches_at(toks, k, lex.cues["past_prepositions"]):
            return True
    return False


def _between(toks: Sequence[Token], first: Hit, second: Hit, entries: Sequence[Entry]) -> bool:
    """``second`` follows ``first`` in its clause with one of the entries between them."""
    return (
        first.j <= second.i
        and toks[first.i].clause == toks[second.i].clause
        and find_cue(toks, entries, first.j, second.i) is not None
    )


@cache
def _end_words(language: str) -> frozenset[str]:
    """Nouns of an end ("kraj", "end"), from ``claims.toml``: "još nije kraj
    sukoba" negates the end, so the fighting goes on, not the fighting."""
    return word_set(load_or_english(language, "claims"), "ends")


def _negated(toks: Sequence[Token], h: Hit, lex: Lexicon) -> bool:
    c = toks[h.i].clause
    before = find_cue(toks, lex.cues["negations"], h.i - NEGATION_WINDOW, h.i, lower=True)
    if before is not None and any(toks[k].low in _end_words(lex.language) for k in range(before + 1, h.i)):
        before = None
    after = find_cue(toks, lex.cues["negations"], h.j, h.j + AFTER_WINDOW, lower=True)
    return (before is not None and toks[before].clause == c) or (after is not None and toks[after].clause == c)


def _near(toks: Sequence[Token], h: Hit, entries: Sequence[Entry], before: int, after: int) -> int | None:
    """A cue within ``before`` tokens before or ``after`` tokens after the trigger, in its clause."""
    c = toks[h.i].clause
    for k in (*range(h.j, min(len(toks), h.j + after)), *range(h.i - 1, max(-1, h.i - before - 1), -1)):
        if toks[k].clause == c and _matches_at(toks, k, entries):
            return k
    return None


@dataclass(slots=True)
class Resolved:
    """An event of one sentence before it becomes a record: its rule, trigger, ACLED codes."""

    rule: Rule
    hit: Hit
    sub: str | None
    acled: str | None
    type: str
    guessed: bool = False


def resolve(
    toks: Sequence[Token], hits: list[Hit], lex: Lexicon, has_armed_name: bool, has_place: bool
) -> list[Resolved]:
    """The events ACLED would code from a sentence's triggers (see the module docstring)."""
    R = rules()
    cue = lex.cues
    armed = has_armed_name or find_cue(toks, cue["armed"]) is not None
    sport = find_cue(toks, cue["sport"]) is not None
    keep: list[Hit] = []
    for h in hits:
        if h.weak and not armed:
            continue
        if sport and h.rule in ("armed_clash", "attack", "killing", "looting", "territory"):
            continue
        if _background(toks, h, lex) or _past(toks, h, lex):
            continue
        if h.rule in ("agreement", "ceasefire") and _near(toks, h, cue["breaches"], OBJECT_WINDOW, 2) is not None:
            continue  # "violated the agreement", "odbio ono što je dogovoreno": no new agreement
        if (
            h.rule in ("territory", "transfer")
            and not has_place
            and _near(toks, h, cue["territory_objects"], OBJECT_WINDOW, OBJECT_WINDOW) is None
        ):
            continue
        if h.rule == "territory" and h.i > 0 and _matches_at(toks, h.i - 1, cue["attributive"]):
            continue  # "in the captured districts": where, not a capture
        if h.rule == "base" and _near(toks, h, cue["base_objects"], 0, 5) is None:
            continue
        keep.append(h)
    # "a deal to evacuate civilians": the evacuation is the deal's content, not an event yet;
    # "displaced by the fighting": the fighting is the displacement's cause, told as background.
    deals = [h for h in keep if h.rule in ("agreement", "ceasefire")]
    moves = [h for h in keep if h.rule in ("displacement", "evacuation")]
    keep = [
        h
        for h in keep
        if not (
            R[h.rule].acled_event_type in (None, "Strategic developments")
            and h.rule not in ("agreement", "ceasefire")
            and any(_between(toks, d, h, cue["terms"]) for d in deals)
        )
        and not (
            R[h.rule].acled_event_type in ("Battles", "Explosions/Remote violence")
            and any(_between(toks, m, h, cue["causes"]) for m in moves)
        )
    ]
    by: dict[str, list[Hit]] = {}
    for h in keep:
        # An attack on soldiers or a base is a battle (ACLED: Battles/Armed clash).
        if h.rule == "attack" and _near(toks, h, cue["armed_targets"], 0, OBJECT_WINDOW) is not None:
            h.rule = "armed_clash"
        by.setdefault(h.rule, []).append(h)
    present = set(by)

    def drop(*names: str) -> None:
        for n in names:
            by.pop(n, None)

    if "disrupted_weapons" in present:
        drop(*REMOTE)
    remote = [r for r in REMOTE if r in by]
    if remote:
        best = max(remote, key=lambda r: R[r].specificity)
        drop(*(r for r in remote if r != best))
        drop("attack", "protest")  # a bomb thrown into a rally is the bombing
    if "territory" in by:
        drop("armed_clash", "transfer", "attack")
    if "sexual_violence" in by or "abduction" in by:
        drop("attack")
    if "armed_clash" in by or "mob" in by or "riot" in by:
        drop("attack")
    out: list[Resolved] = []
    if "mob" in by:
        drop("protest", "riot", "looting", "armed_clash")
    if "protest" in by or "riot" in by:
        force = "riot" in by or "armed_clash" in by or find_cue(toks, cue["protester_violence"]) is not None
        hit = by.pop("protest", None) or by.pop("riot")
        if force:
            rule = R["riot"]
            out.append(Resolved(rule, hit[0], rule.acled_sub_event_type, rule.acled_event_type, rule.type))
        else:
            rule = R["protest"]
            sub = "Peaceful protest"
            if find_cue(toks, cue["excessive_force"]) is not None:
                sub = "Excessive force against protesters"
            elif find_cue(toks, cue["intervention"]) is not None:
                sub = "Protest with intervention"
            out.append(Resolved(rule, hit[0], sub, rule.acled_event_type, rule.type))
        drop("riot", "attack", "killing", "armed_clash", "looting")
        if out[-1].sub != "Peaceful protest":
            drop("arrest")
    if any(r in by for r in VIOLENT) or out:
        drop("killing")
    if "attack" in by or "mob" in by:
        drop("looting")
    if "ceasefire" in by:
        drop("agreement")
    # An aid word joins a violent event of its own clause ("an aid convoy was
    # shelled"), not one of another ("the convoy did not leave, blaming fighting").
    aid_clauses = {toks[h.i].clause for h in by.get("aid", [])}
    if out or any(
        R[r].acled_event_type in ABSORB_AID and any(toks[h.i].clause in aid_clauses for h in by[r]) for r in by
    ):
        drop("aid")
    for name, hs in by.items():
        rule = R[name]
        sub, guessed = rule.acled_sub_event_type, False
        if name == "territory":
            sub, guessed = _territory_side(toks, hs[0], lex)
        out.append(Resolved(rule, hs[0], sub, rule.acled_event_type, rule.type, guessed))
    seen: set[str] = set()
    unique = []
    for r in sorted(out, key=lambda r: r.hit.i):
        if r.type not in seen:
            seen.add(r.type)
            unique.append(r)
    return unique


def _territory_side(toks: Sequence[Token], h: Hit, lex: Lexicon) -> tuple[str, bool]:
    """Government regains territory or a non-state actor overtakes it: by the
    actor nearest before the trigger in its clause (the subject), else after it
    ("captured by rebels"); a non-state actor when none is named."""
    c = toks[h.i].clause
    gov, rebels = lex.cues["government_actors"], lex.cues["nonstate_actors"]
    order = [k for k in range(h.i - 1, -1, -1) if toks[k].clause == c] + [
        k for k in range(h.j, len(toks)) if toks[k].clause == c
    ]
    for k in order:
        if _matches_at(toks, k, rebels):
            return "Non-state actor overtakes territory", False
        if _matches_at(toks, k, gov):
            # "rebel forces", "opposition police": the word before names the side
            if k > 0 and _matches_at(toks, k - 1, rebels):
                return "Non-state actor overtakes territory", False
            return "Government regains territory", False
    return "Non-state actor overtakes territory", True


def _fatalities(toks: Sequence[Token], figures: Sequence[Figure], lex: Lexicon) -> Figure | None:
    """The sentence's death toll: a figure whose predicate is "killed", else a
    figure in the clause of a death word, nearest to it."""
    for f in figures:
        if f.predicate == "killed":
            return f
    deaths = [k for k in range(len(toks)) if _matches_at(toks, k, lex.cues["deaths"])]
    best: tuple[int, Figure] | None = None
    for f in figures:
        at = next((k for k, t in enumerate(toks) if t.start >= f.start), None)
        if at is None:
            continue
        for k in deaths:
            if toks[k].clause == toks[at].clause and (best is None or abs(k - at) < best[0]):
                best = (abs(k - at), f)
    return best[1] if best else None


def conservative(f: Figure) -> int | None:
    """ACLED's most conservative number for a count of the dead: the least it can mean.

    The one reading of fatalities (``render/acled.py`` uses it too): a
    range and a vague count give their low end (the figure extractor's
    language data sets a vague count's low end to ACLED's reading: "dozens"
    12, "hundreds" 100); "at least N" gives N; "up to N" gives None, as it
    supports no least number (ACLED never codes more than the sources
    support, and an empty cell is not a claim that nobody died).
    """
    if f.qualifier == "at_most":
        return None
    n = f.low if f.low is not None else f.value
    return int(n) if n is not None else None


def _token_at(toks: Sequence[Token], offset: int) -> int | None:
    return next((k for k, t in enumerate(toks) if t.start >= offset), None)


def _reporting_source(toks: Sequence[Token], m: Mention, lex: Lexicon) -> bool:
    """The mention reports the event rather than takes part in it: the subject
    of a reporting verb just after it ("the UN voiced concern", "Amnesty
    said", "UN je izrazio"), or the source after "according to" / "prema
    navodima" just before it."""
    i = _token_at(toks, m.start)
    j = _token_at(toks, m.end)
    j = len(toks) if j is None else j
    if i is None:
        return False
    c = toks[i].clause
    for k in range(j, min(len(toks), j + REPORT_WINDOW)):
        if toks[k].clause != c:
            break
        if _matches_at(toks, k, _reporting(lex.language), lex.clitics):
            return True
    # "..., said the commissioner, X", "\", priopćio je visoki povjerenik UN-a X": a clause that opens with the verb
    k = next(k for k in range(i + 1) if toks[k].clause == c)
    if k > 0 and _matches_at(toks, k, _reporting(lex.language), lex.clitics):
        return True
    for k in range(max(0, i - REPORT_WINDOW), i):
        for e in _by_first_word(_sources(lex.language)).candidates(toks[k]):
            n = _entry_at(toks, k, e)
            if n and k + n >= i - 1:
                return True
    return False


def _clause_of(toks: Sequence[Token], offset: int) -> int | None:
    k = _token_at(toks, offset)
    return toks[k].clause if k is not None else None


def _excluded_place(toks: Sequence[Token], m: Mention, lex: Lexicon) -> bool:
    """A place the text denies or excludes ("neither in Vienna", "ni u Beču",
    "not in Geneva", "instead of Doha"), or where something only will or may
    happen ("talks will be held in the capital, Astana"): not where it happened."""
    i = _token_at(toks, m.start)
    if i is None or m.type != "location":
        return False
    c = toks[i].clause
    lo = max(0, i - PLACE_NEGATION_WINDOW)
    if any(
        toks[k].clause == c
        and (_matches_at(toks, k, lex.cues["negations"]) or _matches_at(toks, k, lex.cues["not_here"]))
        for k in range(lo, i)
    ):
        return True
    start = next(k for k in range(i + 1) if toks[k].clause == c)
    if start == i and start > 0:  # an apposition ("the capital, Astana"): its clause is the one before
        start = next(k for k in range(i) if toks[k].clause == toks[i - 1].clause)
    return find_cue(toks, lex.cues["hedges"], start, i, lower=True) is not None


@cache
def _reporting(language: str) -> tuple[Entry, ...]:
    """Reporting verbs: the quote extractor's (``quotes.toml``) and the events data's own ("voice concern")."""
    q = load_or_english(language, "quotes")
    words = [*q.get("verb_lemmas", []), *("=" + w for w in q.get("verb_forms", []))]
    return _entries(words, lemma_endings(language)) + lexicon(language).cues["reporting"]


@cache
def _sources(language: str) -> tuple[Entry, ...]:
    """What introduces a source: "according to", "prema navodima" (``quotes.toml``)."""
    return _entries(load_or_english(language, "quotes").get("source_phrases", []), lemma_endings(language))


def _place(text: str, here: Sequence[Mention], language: str) -> Mention | None:
    """Where it happened: a place after a place preposition ("u Lipovcu", "in
    Lipovac"), else a place that is no country. A country without a
    preposition is an actor ("Rusija tvrdi", "Iran sought"), not a place."""
    places = [m for m in here if m.type == "location"]
    preps = cues(language).place_prepositions
    for m in places:
        before = text[max(0, m.start - 12) : m.start].split()
        if before and before[-1].lower() in preps:
            return m
    return next((m for m in places if m.canonical not in countries()), None)


def _target(toks: Sequence[Token], h: Hit, here: Sequence[Mention], lex: Lexicon) -> tuple[str, int, int] | None:
    """Who the event was aimed at: a target word after the trigger in its clause, else a name there."""
    c = toks[h.i].clause
    for k in range(h.j, len(toks)):
        if toks[k].clause != c:
            break
        first = _by_first_word(lex.cues["targets"])
        for e in sorted(first.candidates(toks[k]), key=first.rank.__getitem__):  # the list's order decides
            n = _entry_at(toks, k, e)
            if n:
                return " ".join(e.words), toks[k].start, toks[k + n - 1].end
    end = next((t.start for t in toks[h.j :] if t.clause != c), toks[-1].end)
    for m in here:
        if toks[h.j - 1].end <= m.start < end and m.type in ACTOR_TYPES:
            return m.canonical, m.start, m.end
    return None


def _in_name(tok: Token, here: Sequence[Mention], language: str, first: bool) -> bool:
    """The trigger is part of a name ("Islamic Jihad", "Peace Agreement Party"). A
    one-word "name" that is an ordinary word, or a trigger opening the sentence
    ("Missiles struck", "Mina je ubila"), is a recogniser's slip, not a name."""
    for m in here:
        if m.start <= tok.start < m.end:
            one_word = m.start == tok.start and m.end == tok.end
            return not (one_word and (first or is_common_word(tok.text, language)))
    return False


def find_events(
    text: str,
    sentences: Sequence[tuple[int, int]],
    language: str,
    mentions: Sequence[Mention],
    times: Sequence[TimeExpr],
    figures: Sequence[Figure] = (),
) -> list[Event]:
    out: list[Event] = []
    lex = lexicon(language)
    prev_date: TimeExpr | None = None
    # Indexed look-ups keep this linear on long texts (a scan per sentence was quadratic).
    time_index, mention_index, figure_index = SpanIndex(times), SpanIndex(mentions), SpanIndex(figures)
    for s, e in sentences:
        dated = [t for t in time_index.starting_in(s, e) if t.date]
        date = dated[0] if dated else prev_date
        prev_date = dated[0] if dated else None
        # "u četvrtak i petak": days joined by a conjunction date one event twice.
        also = [t for a, t in pairwise(dated) if _COORDINATED.fullmatch(text[a.end : t.start])] if dated else []
        if text[s:e].rstrip().endswith("?"):
            continue  # a question reports nothing
        toks = tokens(text, s, e, lex)
        if not toks:
            continue
        if find_cue(toks, lex.cues["opinion_sources"]) is not None:
            continue  # analysts' and observers' views and forecasts report no event
        if find_cue(toks, lex.cues["background_sentence"]) is not None:
            continue  # "until a few days ago, thousands lived there": habitual past
        here = mention_index.starting_in(s, e)
        idioms = _idiom_spans(text[s:e], s, lex)
        hits = []
        for h in trigger_hits(toks, lex):
            a, b = toks[h.i].start, toks[h.j - 1].end
            if (
                _in_name(toks[h.i], here, language, h.i == 0)
                or any(x < b and a < y for x, y in idioms)
                or _hedged(toks, h, lex)
            ):
                continue
            h.negated = _negated(toks, h, lex)
            hits.append(h)
        if not hits:
            continue
        actors = [m for m in here if m.type in ACTOR_TYPES and not _reporting_source(toks, m, lex)]
        names = list(dict.fromkeys(m.canonical for m in actors))
        spans = [next((m.start, m.end) for m in actors if m.canonical == n) for n in names]
        places = [m for m in here if m.type == "location" and not _excluded_place(toks, m, lex)]
        place = _place(text, places, language)
        resolved = resolve(toks, hits, lex, any(m.type == "group" for m in here), place is not None)
        toll = _fatalities(toks, figure_index.starting_in(s, e), lex)
        toll_taken = False
        for r in resolved:
            h = r.hit
            a, b = toks[h.i].start, toks[h.j - 1].end
            target = _target(toks, h, here, lex)
            # The place named in the trigger's own clause, when there is one ("... strijeljali 82 ljudi u Lipovcu").
            # Else one from another clause only when the gazetteer knows it: a name the recogniser
            # took for a place ("veleposlanik u Ujedinjenim narodima") is no place of the event.
            place = _place(text, [m for m in places if _clause_of(toks, m.start) == toks[h.i].clause], language) or (
                _place(text, [m for m in places if m.canonical in known_places()], language)
            )
            fat = None
            if (
                toll
                and not toll_taken
                and (r.rule.name in VIOLENT or r.rule.name in ("killing", "sexual_violence", "abduction"))
            ):
                fat, toll_taken = toll, True
            conf = r.rule.confidence + (ACTOR_BONUS if names else 0.0) - (GUESS_PENALTY if r.guessed else 0.0)
            for when in [date, *also]:
                out.append(
                    Event(
                        type=r.type,
                        start=s,
                        end=e,
                        trigger_start=a,
                        trigger_end=b,
                        date=when.date if when else None,
                        date_start=when.start if when else None,
                        date_end=when.end if when else None,
                        place=place.canonical if place else None,
                        actors=list(names),
                        place_start=place.start if place else None,
                        place_end=place.end if place else None,
                        actor_spans=list(spans),
                        target=target[0] if target else None,
                        target_start=target[1] if target else None,
                        target_end=target[2] if target else None,
                        acled_event_type=r.acled,
                        acled_sub_event_type=r.sub if r.acled else None,
                        fatalities=conservative(fat) if fat else None,
                        fatalities_start=fat.start if fat else None,
                        fatalities_end=fat.end if fat else None,
                        negated=h.negated,
                        confidence=round(min(max(conf, 0.0), 1.0), 2),
                    )
                )
    return out
