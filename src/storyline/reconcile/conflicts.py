"""Claims and the contradictions between them.

A claim is what one source says about one kind of event:
- a quote, attributed to its speaker;
- the clause of an event sentence outside quotes, attributed to the outlet
  that published it.

Its polarity toward the event (positive, negative, halted, completed) comes
from the words that *govern* the event word, not from a window of words:
- English sentences are read on spaCy's dependency parse
  (:func:`storyline.backends.spacy_en.parse_claim`): a negation of the
  event word ("no deal", "without a deal"), of the event verb ("did not
  attack"), of a verb of occurrence it is the subject of ("the truce did
  not hold") or of a verb of realisation it is the object of ("did not
  sign the deal"); nothing beyond the clause ("didn't happen, as shelling
  resumed");
- Croatian, Serbian and Bosnian have no offline parser, so the cue must sit
  in the clause that holds the event word ("nije postignut dogovor", "nema
  primirja", "bez sporazuma"), and verbs are recognised by their lemma
  (lemmagen3);
- a denial verb over the clause ("the militia denied that ...", "rejected
  claims that ...", "zanijekao je da ...") turns the content around, and is
  shown with the claim;
- a negated breach affirms the event ("no violations of the ceasefire");
- future, conditional and planned events ("will", "would", "could",
  "plans to", "talks on a truce", "će", "trebao bi", "planira") are no
  claim about whether the event happened, and are left out;
- a quantifier ("all", "sve") reads as *completed* only on the participle
  of the event verb itself ("all civilians were evacuated").
Per-language words live in ``lang/<code>/claims.toml``.

Two claims contradict when they come from different sources (an outlet's
own reporting is that outlet: documents of one ``source`` are one source),
are about the same event (its kind; its place and day when both claims
know them) and have opposite polarity: negative against positive or
completed, halted against completed. Connected pairs form one conflict,
whose confidence comes from its claims' attribution and reading and from
how sure it is that both are about the same event.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache, lru_cache
from typing import Any

from ..extract.events import triggers
from ..extract.lemmas import function_words
from ..lang import BASE, load, load_or_english, read_table
from ..records import Evidence
from .model import Claim, Conflict
from .syntax import Parse, Token

# Kinds of event whose claims are compared (statements and aid rarely contradict).
# Fighting is left out: "not near the end of the conflict" negates the end, not the fighting.
CONTESTED = ("agreement", "ceasefire", "evacuation", "attack", "killing")
# Claims on each side of one conflict, at most.
MAX_SIDE = 3
# Characters between two claims of one document that answer each other, at most.
NEAR = 400
# Words between a noun of talks or plans and the event word it governs, at most
# ("pregovori o prekidu vatre i evakuaciji": the idiom in between counts as one word).
MODAL_NOUN_WINDOW = 4
# Words of a noun phrase after its event word before a relative clause ("Konvoj autobusa koji ...").
RELATIVE_NOUN_WORDS = 2
# Words an end noun may stand before its event word ("kraju ovog okrutnog sukoba").
END_WINDOW = 4
# Kinds of event a story holds many of: claims about them must share a named
# place to be about the same one ("no one died in the fire" is not about an air strike elsewhere).
MANY = ("attack", "killing")
# Names this long or longer are matched without their last letter (Croatian case endings).
NAME_STEM_MIN = 5
# Days two dated claims may lie apart and still be about the same event.
DATE_WINDOW_DAYS = 1

# Claim confidence = attribution x reading; a conflict's = its weaker claim's
# x the same-event factors below. Set by hand, then checked on the
# development part of the conflicts gold (evaluate/gold/conflicts/dev.jsonl):
# two claims read by clause rules, one from an unlinked speaker, with no
# place or day known, stay just above model.CONFIDENT (0.62); a "completed"
# read from a quantifier of an unlinked speaker falls below it.
ATTRIBUTION = {"linked": 0.9, "report": 0.85, "named": 0.8}
READING = {"parse": 1.0, "clause": 0.9}
# A "completed" read from a quantifier ("all civilians were evacuated") is less sure than "was completed".
QUANTIFIED = 0.8
# Same-event factors of a pair: place or day unknown on one side.
PLACE_UNKNOWN = 0.9
DATE_UNKNOWN = 0.95

SUBJECTS = ("nsubj", "nsubjpass", "csubj", "csubjpass", "expl")
OBJECTS = ("dobj", "attr", "oprd", "pobj", "dative")
# Dependencies that join a clause of its own: the walk up from an event word stops there.
CLAUSE_EDGES = ("advcl", "relcl", "parataxis")

# How a polarity reads once negated, or once denied by a denial verb (None: no claim left).
NEGATED: dict[str, str | None] = {
    "positive": "negative",
    "negative": "positive",
    "halted": "positive",
    "completed": None,
}


@dataclass(frozen=True, slots=True)
class ClaimWords:
    negations: frozenset[str]
    negative_subjects: frozenset[str]
    negation_prepositions: frozenset[str]
    denial_verbs: frozenset[str]
    negative_verbs: frozenset[str]
    reporting_verbs: frozenset[str]
    halted: tuple[str, ...]
    halted_phrases: frozenset[str]
    completed: tuple[str, ...]
    quantifiers: frozenset[str]
    occurrence_verbs: frozenset[str]
    realisation_verbs: frozenset[str]
    breaches: tuple[str, ...]
    modal_auxiliaries: frozenset[str]
    modal_heads: frozenset[str]
    modal_words: frozenset[str]
    modal_nouns: frozenset[str]
    conditionals: frozenset[str]
    not_yet: frozenset[str]
    negation_auxiliaries: frozenset[str]
    auxiliaries: frozenset[str]
    occurrence_stems: tuple[str, ...]
    participle_endings: tuple[str, ...]
    infinitive_endings: tuple[str, ...]
    clause_openers: frozenset[str]
    complementisers: frozenset[str]
    idioms: tuple[str, ...]
    finished: frozenset[str] = frozenset()
    distant: frozenset[str] = frozenset()
    ends: frozenset[str] = frozenset()
    relatives: frozenset[str] = frozenset()
    departure_verbs: frozenset[str] = frozenset()
    near_predicates: tuple[tuple[str, ...], ...] = ()  # words of each phrase, longest phrase first
    copulas: frozenset[str] = frozenset()


@cache
def claim_words(language: str) -> ClaimWords:
    data = load_or_english(language, "claims")
    return read_table(
        ClaimWords,
        data,
        f"lang/{language}/claims.toml",
        also=("claim_triggers",),  # read by _claim_words_of
        occurrence_stems=tuple(x.lower() for x in data.get("occurrence_stems", [])),
        participle_endings=tuple(sorted(data.get("participle_endings", []), key=len, reverse=True)),
        near_predicates=tuple(
            sorted({tuple(p.lower().split()) for p in data.get("near_predicates", [])}, key=lambda p: (-len(p), p))
        ),
    )


@dataclass(frozen=True, slots=True)
class Reading:
    """A claim's polarity toward one event word, how it was read, and where
    the denial verb that turned it around sits (offset into the text read)."""

    polarity: str | None  # None: no claim on whether it happened (future, conditional, planned)
    certainty: float
    denial_at: int | None = None
    claimant: tuple[int, int] | None = None  # who denies, when named in the text read


@lru_cache(maxsize=4096)  # bounded: a server reads sentences without end
def parse_claim(sentence: str) -> Parse:
    """The parse of one English sentence, once: a sentence is read once per
    kind of event it names, and its quotes and clauses again for each."""
    from ..backends.spacy_en import parse_claim as parse

    parsed: Parse = parse(sentence)  # the backend returns spaCy's Doc untyped: read through the Protocol
    return parsed


def polarity(text: str, start: int, end: int, language: str, kind: str | None = None) -> Reading:
    """The polarity of ``text`` toward the event word at ``start:end``.

    ``kind`` is the kind of event the word names: a quantifier makes an
    evacuation "completed" ("all civilians were evacuated") but never an
    attack or a killing ("all roads were shelled" says how wide the attack
    was, not that it ran its course, so it contradicts no report that it stopped).
    """
    quantified = kind not in MANY
    if language == "en":
        return _parsed(text, start, end, quantified)
    return _clause_rules(text, start, end, language, quantified)


def _parsed(text: str, start: int, end: int, quantified: bool = True) -> Reading:
    """English: walk up the dependency parse from the event word to the root
    of its clause, then through the reporting verbs above it."""
    w = claim_words("en")
    doc = parse_claim(text)
    event = next((t for t in doc if t.idx < end and start < t.idx + len(t)), None)
    if event is None:
        return Reading(None, 0.0)
    state: str | None = "positive"
    certainty = READING["parse"]
    denial_at = claimant = None
    reported = False  # above a reporting verb: only denials and modals of the reporter count
    plain = True  # every verb between the event word and here realises it ("failed to *reach* a deal")
    below = None
    for t in [event, *event.ancestors]:
        if below is not None and (
            below.dep_ in CLAUSE_EDGES or (below.dep_ == "conj" and below.pos_ in ("VERB", "AUX"))
        ):
            break  # another clause ("didn't happen, as shelling resumed"): its cues are not this event's
        lemma, deps = t.lemma_.lower(), {c.dep_ for c in t.children}
        as_subject = below is not None and below.dep_ in SUBJECTS
        negs = [
            c for c in t.children if c.dep_ == "neg" or (c.dep_ == "det" and c.lower_ in w.negations) or _no_longer(c)
        ]
        if any(c.dep_ in ("aux", "auxpass") and c.lower_ in w.modal_auxiliaries for c in t.children):
            return Reading(None, certainty)
        if any(c.dep_ == "mark" and c.lower_ in w.conditionals for c in t.children):
            return Reading(None, certainty)
        if t is not event and below is not None:
            if lemma in w.denial_verbs:
                if negs:  # "did not deny": nothing claimed
                    return Reading(None, certainty)
                state, denial_at, reported = (NEGATED[state] if state else None), t.idx, True
                subject = next((c for c in t.children if c.dep_ in ("nsubj", "nsubjpass")), None)
                if subject is not None and subject.pos_ not in ("PRON",):
                    claimant = (subject.left_edge.idx, subject.right_edge.idx + len(subject.right_edge))
                below = t
                continue
            if lemma in w.reporting_verbs:
                if negs:  # "did not confirm that ...": nothing claimed
                    return Reading(None, certainty)
                reported = True
                below = t
                continue
        if reported:
            below = t
            continue
        if t is not event:
            if lemma in w.modal_heads and not as_subject:
                return Reading(None, certainty)
            if lemma == "be" and as_subject and any(c.dep_ == "xcomp" for c in t.children):
                return Reading(None, certainty)  # "the evacuation was to begin": planned
            if lemma in w.breaches:
                # "no violations of the ceasefire": the negation is the breach's; the event stands.
                state = "positive" if state else None
                reported = True  # nothing below a breach is negated by what governs it
                below = t
                continue
            if as_subject and state == "positive" and _stopped_after(t, w):
                state = "halted"  # "a ceasefire agreed in August has not held": it was, then stopped
            if t.lower_ in w.distant and state == "completed":
                return Reading(None, certainty)  # "nowhere near the end of the fighting": it goes on
            if as_subject and lemma in w.occurrence_verbs and state == "positive":
                if any(c.dep_ in ("advmod", "acomp", "prt") and c.lower_ in w.finished for c in t.children):
                    state = "completed"  # "the fighting is over" (negated below: it goes on)
                elif any(
                    c.lower_ in w.distant and any(d.lower_ in w.finished for d in c.subtree) for c in t.children
                ):
                    return Reading(None, certainty)  # "the fighting is far from over"
            phrase = " ".join([lemma, *(c.lower_ for c in t.children if c.dep_ == "prt")])
            transitive = as_subject and "dobj" in deps
            if transitive and (lemma in w.halted or lemma in w.completed or lemma in w.negative_verbs):
                # "the agreement did not stop the shelling": the event acts, it is not stopped.
                below, plain = t, False
                continue
            if (
                below is not None
                and below.dep_ in OBJECTS
                and lemma in w.realisation_verbs
                and _negative_argument(t, w)
            ):
                negs = negs + [t]  # "neither side has signed the agreement"
            if (lemma in w.halted or phrase in w.halted_phrases) and state == "positive":
                state = "halted"
            elif lemma in w.completed and state == "positive":
                state = "completed"
            elif lemma in w.negative_verbs and not as_subject and plain:
                state = NEGATED[state] if state else None
            if (
                below is not None
                and below.dep_ == "xcomp"
                and plain
                and any(c.dep_ == "advmod" and c.lower_ in w.not_yet for c in t.children)
            ):
                state = NEGATED[state] if state else None  # "troops have yet to begin the evacuation"
        else:
            state, certainty = _event_word_state(t, state, certainty, quantified, w)
            negs = negs + _event_word_negations(t, w)
        if negs and state and _negation_governs(t, t is event, below, as_subject, plain, w):
            state = NEGATED[state] if state != "completed" else None
        if t is not event and t.pos_ in ("VERB", "AUX") and lemma not in w.realisation_verbs | w.occurrence_verbs:
            plain = False
        below = t
    return Reading(state, certainty, denial_at, claimant)


def _event_word_state(t: Token, state: str | None, certainty: float, quantified: bool, w: ClaimWords) -> tuple[str | None, float]:
    """What the event word itself says: done ("already evacuated"), or done
    to a quantified whole ("all the residents were evacuated")."""
    if any(c.dep_ == "advmod" and c.lemma_.lower() in w.completed for c in t.children):
        return "completed", certainty
    if (
        quantified
        and t.pos_ == "VERB"
        and t.tag_ in ("VBN", "VBD")
        and any(
            c.dep_ in ("nsubjpass", "dobj")
            and (
                c.lower_ in w.quantifiers
                or any(d.lower_ in w.quantifiers for d in c.children if d.dep_ in ("det", "predet"))
            )
            for c in t.children
        )
    ):
        return "completed", certainty * QUANTIFIED
    return state, certainty


def _event_word_negations(t: Token, w: ClaimWords) -> list[Token]:
    """The words around the event word that negate it."""
    negs = []
    if t.head is not t and t.dep_ == "pobj" and t.head.lower_ in w.negations:
        negs.append(t.head)  # "without a deal"
    if _negative_argument(t, w):
        negs.append(t)  # "no protesters were killed", "nobody left"
    return negs + [
        c  # "the deal not going through": a negated verb of occurrence hung on the event word
        for c in t.children
        if c.dep_ == "acl"
        and _occurs(c, w)
        and any(d.dep_ == "neg" for d in c.children)
    ]


def _negation_governs(t: Token, is_event: bool, below: Token | None, as_subject: bool, plain: bool, w: ClaimWords) -> bool:
    """Whether a negation on ``t`` (reached from ``below`` on the way up) negates the event."""
    lemma = t.lemma_.lower()
    return (
        is_event
        or (as_subject and _occurs(t, w))
        or (
            below is not None
            and below.dep_ in OBJECTS + ("prep",)
            and lemma in w.realisation_verbs | w.occurrence_verbs
        )
        or (below is not None and below.dep_ in ("xcomp", "ccomp", "pcomp") and plain)
        or ((lemma in w.halted or lemma in w.completed) and not as_subject)
    )


def _negative_argument(verb: Token, w: ClaimWords) -> bool:
    """A verb whose subject or object is "nobody", "none", or has "no"/"neither" as determiner."""
    return verb.pos_ in ("VERB", "AUX") and any(
        c.dep_ in SUBJECTS + ("dobj",)
        and (c.lower_ in w.negative_subjects or any(d.dep_ == "det" and d.lower_ in w.negations for d in c.children))
        for c in verb.children
    )


def _occurs(verb: Token, w: ClaimWords) -> bool:
    """A verb of occurrence ("the truce did not hold"), or of departure with no
    object ("the convoy never left"; "the attack left no one hurt" is no departure)."""
    lemma = verb.lemma_.lower()
    if lemma in w.departure_verbs:
        return not any(c.dep_ in ("dobj", "ccomp", "oprd") for c in verb.children)
    return lemma in w.occurrence_verbs


def _stopped_after(verb: Token, w: ClaimWords) -> bool:
    """A second verb of the event's subject, negated, says it did not last:
    "the truce was agreed but has not held" (and the reduced relative "a
    truce agreed in May has not held", which the parser reads the same way)."""
    return any(
        c.dep_ == "conj"
        and c.pos_ in ("VERB", "AUX")
        and c.lemma_.lower() in w.occurrence_verbs
        and not any(d.dep_ in SUBJECTS for d in c.children)
        and any(d.dep_ == "neg" for d in c.children)
        for c in verb.children
    )


def _no_longer(token: Token) -> bool:
    """ "no longer": an adverb negated by its own "no"."""
    return token.dep_ == "advmod" and token.lower_ == "longer" and any(c.lower_ == "no" for c in token.children)


def _lemma(word: str, language: str) -> str:
    from ..extract.names import LEMMAGEN_MODELS, lemmatiser

    if language in LEMMAGEN_MODELS or BASE.get(language) in LEMMAGEN_MODELS:
        return lemmatiser(language if language in LEMMAGEN_MODELS else BASE[language]).lemmatize(word) or word
    return word


_WORD = re.compile(r"\w+")
_CLAUSE_MARK = re.compile(r"[,;:()\"“”«»]")  # punctuation between two words that opens a new clause


def _clause_rules(text: str, start: int, end: int, language: str, quantified: bool = True) -> Reading:
    """Croatian, Serbian, Bosnian (and languages without a parser): the cues of
    the clause that holds the event word, and the denial verb of the clause
    it is the content of ("... zanijekao je da ...")."""
    w = claim_words(language)
    tokens, clauses = _clause_tokens(text, start, end, w)
    index = next((i for i, (at, word) in enumerate(tokens) if at < end and start < at + len(word)), None)
    if index is None:
        return Reading(None, 0.0)
    here = clauses[index]
    words = [(i, at, word) for i, (at, word) in enumerate(tokens) if clauses[i] == here]
    opener = words[0][2]
    certainty = READING["clause"]
    before = [word for i, _, word in words if i < index]
    if tokens[index][1].endswith(w.infinitive_endings) and _lemma(tokens[index][1], language) == tokens[index][1]:
        return Reading(None, certainty)  # "(će) borci napustiti grad": an infinitive event is planned or wished, not reported
    if any(word in w.modal_words for _, _, word in words) or set(before[-MODAL_NOUN_WINDOW:]) & w.modal_nouns:
        return Reading(None, certainty)  # "trebao bi biti potpisan", "pregovori o primirju"
    if _only_near(text, words, index, language, w):
        return Reading(None, certainty)  # "dogovor je blizu": near, not there
    end_at = next((i for i, _, word in words[::-1] if i < index and word in w.ends), None)
    if end_at is not None and index - end_at <= END_WINDOW:
        if any(i < end_at and _negates(w, words, k, end_at) for k, (i, _, _) in enumerate(words)):
            return Reading(None, certainty)  # "još nije kraj sukoba": the event goes on
    state: str | None = "positive"
    if before[-2:] and any(word.startswith(w.breaches) for word in before[-2:]):
        negated = False  # "kršenja primirja": a negation here is the breach's
        breach = True
    else:
        breach = False
        # Other event words of the clause: a negation right before one of them is
        # that event's ("nitko nije ubijen u napadu": the killing is denied, not the attack).
        spans = {x for kind in CONTESTED for x in event_words(text, language, kind)}
        eventful = {
            i
            for i, (at, word) in enumerate(tokens)
            if i != index and any(a <= at < b for a, b in spans) and not word.startswith(w.occurrence_stems)
        }
        negated = any(_negates(w, words, k, index, eventful) for k in range(len(words)))
        if not negated and _negated_past_relative(w, tokens, clauses, index):
            # Told as existing (the relative clause), then not going ahead: halted, the
            # safer reading (it contradicts only a report that it was completed).
            return Reading("halted", certainty)
    trigger = tokens[index][1]
    others = [word for i, _, word in words if i != index]
    if not breach:
        if any(word.startswith(tuple(h.lower() for h in w.halted)) for word in others):
            state = "halted"
        elif any(word.startswith(tuple(c.lower() for c in w.completed)) for word in others) or re.search(
            "|".join(re.escape(c) for c in w.completed if " " in c) or r"(?!x)x", " ".join(word for _, _, word in words)
        ):
            state = "completed"
        elif (
            quantified
            and any(word in w.quantifiers for word in before)
            and trigger.endswith(w.participle_endings)
            and _lemma(trigger, language) != trigger
        ):
            state, certainty = "completed", certainty * QUANTIFIED
        if negated and state is not None:
            state = NEGATED[state] if state != "completed" else None
    denial_at = claimant = None
    for i, at, word in words:  # "demantirao je napad": the event is the denial's object
        if i < index and (word in w.denial_verbs or _lemma(word, language) in w.denial_verbs):
            state, denial_at = (NEGATED[state] if state else None), at
            claimant = _claimant(tokens, clauses, here, i, text, w)
            break
    if denial_at is None and opener in w.complementisers and here > 0:
        no_claim, denial_at, claimant = _governing_clause(text, tokens, clauses, words[0][0], language, w)
        if no_claim:
            return Reading(None, certainty)
        if denial_at is not None:
            state = NEGATED[state] if state else None
    return Reading(state, certainty, denial_at, claimant)


def _only_near(text: str, words: list[tuple[int, int, str]], index: int, language: str, w: ClaimWords) -> bool:
    """A word of nearness in the clause says the event (token ``index``) is
    near, not there: as the predicate, after a form of "biti" ("dogovor je
    blizu", "su nadomak") or at the end of the clause (the headline
    "dogovor o primirju blizu"), or as a preposition whose object is the
    event word ("blizu smo dogovora", "blizu postizanja dogovora").
    Followed by another noun it is the preposition of a place ("u napadu
    blizu Harkiva ubijeno je pet civila"), which says nothing of the event.
    Without a tagger, "another noun" is any word after it that is not a
    function word (lang/<code>/anatomy.toml), a copula or a negation."""
    if not w.near_predicates:
        return False
    low = [word for _, _, word in words]
    event = next(k for k, (i, _, _) in enumerate(words) if i == index)
    for k in range(len(low)):
        phrase = next((p for p in w.near_predicates if tuple(low[k : k + len(p)]) == p), None)
        if phrase is None:
            continue
        after = k + len(phrase)
        between = [m for m in range(after, event) if low[m] not in w.copulas]
        if after <= event and len(between) <= 1 and not any(text[words[m][1]].isupper() for m in between):
            return True  # its object is the event word (a name between is a place: "blizu Gaze dogovor")
        if after == len(low):
            return True  # the last word of its clause
        follower = low[after]
        noun_after = follower not in function_words(language) | w.copulas | w.negations
        if not noun_after and set(low[max(0, k - 2) : k]) & w.copulas:
            return True  # "je blizu", "je vrlo blizu i ..."
    return False


def _clause_tokens(text: str, start: int, end: int, w: ClaimWords) -> tuple[list[tuple[int, str]], list[int]]:
    """The words of ``text`` (offset, lower case) and the clause number of each;
    idioms are masked, offsets kept ("prekid vatre" is no halt), unless they
    hold the event word (``start:end``) itself."""
    low = text.lower()
    for idiom in w.idioms:
        for m in re.finditer(re.escape(idiom), low):
            if not (m.start() < end and start < m.end()):
                low = low[: m.start()] + " " * len(idiom) + low[m.end() :]
    tokens = [(m.start(), m.group()) for m in _WORD.finditer(low)]
    clause, prev_end = 0, 0
    clauses: list[int] = []
    for at, word in tokens:
        if clauses and (_CLAUSE_MARK.search(text, prev_end, at) or word in w.clause_openers):
            clause += 1
        clauses.append(clause)
        prev_end = at + len(word)
    return tokens, clauses


def _governing_clause(
    text: str, tokens: list[tuple[int, str]], clauses: list[int], first: int, language: str, w: ClaimWords
) -> tuple[bool, int | None, tuple[int, int] | None]:
    """The clause that the event's clause (starting at token ``first``, opened
    by a complementiser) is the content of: (nothing claimed, the offset of
    its denial verb, who denies). "zanijekao je da ...": a denial; "nije
    potvrdio da ...", "nije demantirao da ...", a modal: nothing claimed."""
    above = max(c for c in clauses[:first])
    governing = [(i, at, word) for i, (at, word) in enumerate(tokens) if clauses[i] == above]
    negated = any(x in w.negations for _, _, x in governing)
    for i, at, word in governing:
        if word in w.denial_verbs or _lemma(word, language) in w.denial_verbs:
            if negated:  # "nije demantirao": nothing claimed
                return True, None, None
            return False, at, _claimant(tokens, clauses, above, i, text, w)
    reporting = any(word in w.reporting_verbs or _lemma(word, language) in w.reporting_verbs for _, _, word in governing)
    if (reporting and negated) or any(x in w.modal_words for _, _, x in governing):
        return True, None, None  # "nije potvrdio da ..."
    return False, None, None


def _negated_past_relative(w: ClaimWords, tokens: list[tuple[int, str]], clauses: list[int], index: int) -> bool:
    """The event word's noun phrase is cut from its verb by a relative
    clause, and that verb is a negated verb of occurrence: "Konvoj autobusa
    koji je trebao prevesti ranjenike nije krenuo" (the convoy did not leave),
    "Primirje koje je dogovoreno u kolovozu nije se održalo". The negation
    counts only after the relative clause's own verb (its auxiliary)."""
    here = clauses[index]
    if sum(1 for i in range(index + 1, len(tokens)) if clauses[i] == here) > RELATIVE_NOUN_WORDS:
        return False  # more than a noun phrase before the relative clause
    after = [i for i in range(index + 1, len(tokens)) if clauses[i] in (here + 1, here + 2)]
    if not after or tokens[after[0]][1] not in w.relatives:
        return False
    words = [tokens[i][1] for i in after[1:]]
    own_verb = False
    for k, word in enumerate(words):
        if word in w.negation_auxiliaries and own_verb:
            return any(x.startswith(w.occurrence_stems) for x in words[k + 1 : k + 3] if x not in w.auxiliaries)
        own_verb = own_verb or word in w.auxiliaries or word in w.negation_auxiliaries
    return False


@cache
def _not_events(language: str) -> tuple[str, ...]:
    return tuple(p.lower() for p in load_or_english(language, "events").get("not_events", {}).get("phrases", []))


def _idiom(low: str, at: int, language: str) -> bool:
    """The event word at ``at`` of a lower-cased sentence is part of a phrase that reports no event ("deal with")."""
    return any(0 <= at - i < len(p) for p in _not_events(language) for i in [low.rfind(p, 0, at + 1)] if i >= 0)


def _negates(
    w: ClaimWords, words: list[tuple[int, int, str]], k: int, index: int, eventful: frozenset[int] | set[int] = frozenset()
) -> bool:
    """Whether the k-th word of the event word's clause negates the event:
    "bez" right before it; a negation before it ("nije postignut dogovor",
    "nema primirja"); after it, "nema" ("primirja nema"), or "nije"/"ne"
    before a verb of occurrence ("evakuacija nije počela"), but not before
    any other verb ("dogovor nije spriječio napade"). A negation with
    another event word (``eventful``) between it and the event is that word's."""
    i, _, word = words[k]
    if word in w.negation_prepositions:
        return i < index and index - i <= 2
    if word not in w.negations:
        return False
    if i < index:
        return not any(i < j < index for j in eventful)
    if word not in w.negation_auxiliaries:
        return True
    after = [x for _, _, x in words[k + 1 : k + 3]]
    # "evakuacija nije završena / prekinuta": the negation is the end's or the stop's.
    stops = tuple(c.lower() for c in (*w.completed, *w.halted) if " " not in c)
    return any(x.startswith(w.occurrence_stems) or x.startswith(stops) for x in after)


def _claimant(
    tokens: list[tuple[int, str]], clauses: list[int], clause: int, verb: int, text: str, w: ClaimWords
) -> tuple[int, int] | None:
    """The words of a clause before its denial verb, less auxiliaries: who denies ("Ministarstvo obrane")."""
    mine = [k for k in range(verb) if clauses[k] == clause and tokens[k][1] not in w.clause_openers]
    while mine and (tokens[mine[-1]][1] in w.negation_auxiliaries or tokens[mine[-1]][1] in w.auxiliaries):
        mine.pop()
    if not mine or not text[tokens[mine[0]][0]].isupper():
        return None
    return tokens[mine[0]][0], tokens[mine[-1]][0] + len(tokens[mine[-1]][1])


def words_pattern(words: Iterable[str]) -> re.Pattern[str] | None:
    """Any of ``words`` (or phrases) as a whole word, case-insensitive, the
    longest first; None for no words."""
    words = sorted(words, key=len, reverse=True)
    return re.compile(r"(?<!\w)(?:" + "|".join(re.escape(w) for w in words) + r")(?!\w)", re.IGNORECASE) if words else None


@cache
def _claim_words_of(language: str) -> dict[str, re.Pattern[str]]:
    """Words that name a contested event in a claim though they are too loose
    to report one on their own ("any deal was in place": "deal" needs
    context to be an event, not to be what a denial is about)."""
    extra = load_or_english(language, "claims").get("claim_triggers", {})
    return {kind: pattern for kind, words in extra.items() if (pattern := words_pattern(words)) is not None}


def event_words(text: str, language: str, kind: str) -> list[tuple[int, int]]:
    """Spans of the words for ``kind`` in ``text``: the event triggers, and the claim words."""
    pattern = dict(triggers(language)).get(kind)
    spans = [m.span() for m in pattern.finditer(text)] if pattern is not None else []
    if kind in _claim_words_of(language):
        spans += [
            m.span()
            for m in _claim_words_of(language)[kind].finditer(text)
            if all(m.end() <= a or b <= m.start() for a, b in spans)
        ]
    low = text.lower()
    return sorted(x for x in spans if not _idiom(low, x[0], language))


def _first_trigger(text: str, language: str, kind: str) -> tuple[int, int] | None:
    found = event_words(text, language, kind)
    return found[0] if found else None


def _is_denial(cue: str | None, language: str) -> bool:
    if not cue:
        return False
    w = claim_words(language)
    word = cue.lower().split()[0] if cue.split() else ""
    if language == "en":
        return word in w.denial_verbs or any(t.lemma_.lower() in w.denial_verbs for t in parse_claim(cue))
    return word in w.denial_verbs or _lemma(word, language) in w.denial_verbs


def stance(text: str, cue: str | None, language: str, kind: str) -> str:
    """The claim's stance on events of ``kind`` (positive when it makes no
    claim, e.g. a future or conditional one)."""
    m = _first_trigger(text, language, kind)
    if m is None:
        return "positive"
    reading = polarity(text, *m, language, kind)
    state = reading.polarity
    if state and _is_denial(cue, language):
        state = NEGATED[state]
    return state or "positive"


def event_types(text: str, language: str) -> set[str]:
    return {kind for kind in CONTESTED if event_words(text, language, kind)}


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


def _evidence(texts: dict[str, str], doc: str, a: int, b: int) -> Evidence:
    return Evidence(doc, a, b, texts[doc][a:b])


def _english_speaker(said: str, text: str, quote_start: int) -> str | None:
    """The words naming an unlinked English speaker, or None when the claim is
    the report's own: an adjective of a reporting noun ("The official reports
    are that ..."), a bare pronoun. A quantifier grows to its phrase ("some"
    -> "some of the factions tangentially involved")."""
    if " " in said.strip():
        return said
    at = text.rfind(said, max(0, quote_start - 300), quote_start)
    if at < 0:
        return said
    line = max(text.rfind("\n", 0, at), text.rfind(". ", 0, at)) + 1
    parsed = parse_claim(text[line:quote_start])
    token = next((t for t in parsed if line + t.idx == at), None)
    if token is None:
        return said
    if token.pos_ == "ADJ" or token.dep_ == "amod":
        return None
    if token.pos_ in ("PRON", "DET"):
        phrase = parsed[token.left_edge.i : token.right_edge.i + 1]
        return " ".join(phrase.text.split()) if len(phrase) > 1 else None
    return said


def claims_of(facts: dict[str, Any], texts: dict[str, str]) -> list[Claim]:
    """Claims of a story: its quotes, and the clauses of its events outside
    quotes; a claim of no polarity toward any contested kind is left out."""
    out: list[Claim] = []
    quoted: dict[str, list[tuple[int, int]]] = {}
    for q in facts["quotes"]:
        ev = q["evidence"][0]
        quoted.setdefault(ev["document"], []).append((ev["start"], ev["end"]))
    for q in facts["quotes"]:
        claim = _quote_claim(q, facts, texts)
        if claim is not None:
            out.append(claim)
    # Every contested event word of an event sentence outside quotes, not only
    # the one word each event was typed by ("... a iz bolnica javljaju da je
    # evakuacija prekinuta" holds a second evacuation word, outside the quote).
    by_clause: dict[tuple[str, int, int], list[tuple[str, int, int, dict[str, Any]]]] = {}
    sentences: dict[tuple[str, int, int], list[dict[str, Any]]] = {}
    for e in facts["events"]:
        sent = e["evidence"][0]
        sentences.setdefault((sent["document"], sent["start"], sent["end"]), []).append(e)
    for (doc, s0, s1), events in sentences.items():
        language = events[0]["language"]
        sentence = texts[doc][s0:s1]
        for kind in CONTESTED:
            for m0, m1 in event_words(sentence, language, kind):
                a, b = s0 + m0, s0 + m1
                if any(x <= a < y for x, y in quoted.get(doc, ())):
                    continue
                like = next((e for e in events if e["type"] == kind), events[0])
                word = {
                    "trigger_evidence": {"document": doc, "start": a, "end": b},
                    "evidence": [{"start": s0, "end": s1}],
                }
                by_clause.setdefault(event_clause(word, texts), []).append((kind, a, b, like))
    for (doc, a, b), words in by_clause.items():
        claim = _report_claim(doc, a, b, words, texts)
        if claim is not None:
            out.append(claim)
    for claim in out:
        if claim.place is None:
            claim.place = _place_before(claim, facts["events"])
    return out


def _place_before(claim: Claim, events: list[dict[str, Any]]) -> str | None:
    """The place of the nearest event of the claim's kind just before it in its
    document ("Two aid workers were killed in Omsby. The militia denied it
    had killed anyone.": the denial is about Omsby)."""
    ev = claim.evidence
    before = [
        e
        for e in events
        if e.get("place")
        and e["type"] in claim.types
        and e["trigger_evidence"]["document"] == ev.document
        and 0 <= ev.start - e["trigger_evidence"]["start"] <= NEAR
    ]
    return max(before, key=lambda e: e["trigger_evidence"]["start"])["place"] if before else None


def _quote_claim(q: dict[str, Any], facts: dict[str, Any], texts: dict[str, str]) -> Claim | None:
    ev = q["evidence"][0]
    doc, language = ev["document"], q["language"]
    text = texts[doc]
    inside = [
        e
        for e in facts["events"]
        if e["trigger_evidence"]["document"] == doc and ev["start"] <= e["trigger_evidence"]["start"] < ev["end"]
    ]
    denial = _is_denial(q.get("cue"), language)
    pol: dict[str, str] = {}
    certainty = 1.0
    for kind in sorted(event_types(q["text"], language)):
        at = next((e["trigger_evidence"] for e in inside if e["type"] == kind), None)
        if at is not None:
            span = (at["start"] - ev["start"], at["end"] - ev["start"])
        elif (m := _first_trigger(q["text"], language, kind)) is not None:
            span = m
        else:
            continue
        reading = polarity(q["text"], *span, language, kind)
        state = reading.polarity
        if state and denial:
            state = NEGATED[state]
        if state:
            pol[kind] = state
            certainty = min(certainty, reading.certainty)
    if not pol:
        return None
    start = ev["start"]
    if denial and q.get("cue"):  # the denial belongs to what is shown: "denied that any deal was in place"
        cue = text.rfind(q["cue"], max(0, start - 200), start)
        if cue >= 0 and not re.search(r"[.!?\n]", text[cue:start]):
            start = cue
    speaker, said = q.get("speaker"), q.get("speaker_text")
    if speaker:
        source, attribution = speaker, "linked"
    elif said and (words := _english_speaker(said, text, ev["start"]) if language == "en" else said):
        source, attribution = f"speaker:{words}", "named"
    else:
        source, attribution, speaker = f"report:{doc}", "report", None
    place = next((e["place"] for e in inside if e["type"] in pol and e.get("place")), None)
    date = next((e["date"] for e in inside if e["type"] in pol and e.get("date")), None)
    return Claim(
        text=" ".join(text[start : ev["end"]].split()),
        evidence=_evidence(texts, doc, start, ev["end"]),
        source=source,
        claimed_by=speaker,
        types=frozenset(pol),
        polarity=pol,
        attributed=attribution != "report",
        place=place,
        date=date,
        confidence=ATTRIBUTION[attribution] * certainty,
    )


def _report_claim(
    doc: str, a: int, b: int, words: list[tuple[str, int, int, dict[str, Any]]], texts: dict[str, str]
) -> Claim | None:
    """The outlet's own clause: its polarity read on the whole sentence, so a
    denial verb outside the clause still counts (and is then shown)."""
    text = texts[doc]
    pol: dict[str, str] = {}
    certainty, start, about, claimant = 1.0, a, [], None
    for kind, t0, t1, e in words:
        if kind in pol:
            continue
        sent = e["evidence"][0]
        reading = polarity(
            text[sent["start"] : sent["end"]], t0 - sent["start"], t1 - sent["start"], e["language"], kind
        )
        if reading.polarity:
            pol[kind] = reading.polarity
            about.append(e)
            certainty = min(certainty, reading.certainty)
            if reading.denial_at is not None:
                start = min(start, sent["start"] + reading.denial_at)
            if reading.claimant and claimant is None:
                claimant = " ".join(
                    text[sent["start"] + reading.claimant[0] : sent["start"] + reading.claimant[1]].split()
                )
    if not pol:
        return None
    # A denial names who denies ("The ministry denied that ..."): the claim is
    # theirs, not the outlet's, though no quote was found around it.
    attribution = "named" if claimant else "report"
    return Claim(
        text=" ".join(text[start:b].split()),
        evidence=_evidence(texts, doc, start, b),
        source=f"speaker:{claimant}" if claimant else f"report:{doc}",
        claimed_by=None,
        types=frozenset(pol),
        polarity=pol,
        attributed=claimant is not None,
        place=next((e["place"] for e in about if e.get("place")), None),
        date=next((e["date"] for e in about if e.get("date")), None),
        confidence=ATTRIBUTION[attribution] * certainty,
    )


def _outlets(facts: dict[str, Any]) -> dict[str, str]:
    """Document id -> its outlet (``source``), the document itself when unknown."""
    out: dict[str, str] = {}
    for item in [*facts["events"], *facts["quotes"]]:
        doc = item["evidence"][0]["document"]
        if item.get("source"):
            out.setdefault(doc, item["source"])
    return out


def _source_key(c: Claim, outlets: dict[str, str]) -> str:
    """Who makes the claim: a speaker, or the outlet for its own reporting."""
    if c.source.startswith("report:"):
        doc = c.evidence.document
        return f"report:{outlets.get(doc, doc)}"
    return c.source


def _days_apart(a: str, b: str) -> int | None:
    try:
        return abs((dt.date.fromisoformat(a[:10]) - dt.date.fromisoformat(b[:10])).days)
    except ValueError:
        return None


@dataclass(frozen=True, slots=True)
class Scope:
    """What tells two claims' sources and events apart: each document's
    outlet, each place's names, and the sentence around each claim."""

    outlets: dict[str, str]
    names: dict[str, re.Pattern[str]]
    texts: dict[str, str]

    def sentence(self, claim: Claim) -> str:
        text, ev = self.texts[claim.evidence.document], claim.evidence
        a = max(text.rfind(c, 0, ev.start) for c in ".!?\n") + 1
        ends = [i for i in (text.find(c, ev.end) for c in ".!?\n") if i >= 0]
        return text[a : min(ends) if ends else len(text)]

    def named_in(self, place: str, claim: Claim) -> bool:
        """The place is named in the claim's sentence, in any case form: a
        name's last letter may change ("Sinja", "Sinju", "Sinj")."""
        pattern = self.names.get(place)
        return pattern is not None and pattern.search(self.sentence(claim)) is not None


def _name_pattern(names: set[str]) -> re.Pattern[str] | None:
    """One pattern for a place's names, each cut to its stem (built once per story, not per claim pair)."""
    stems = sorted({n[:-1] if len(n) >= NAME_STEM_MIN else n for n in names if len(n) > 2})
    return re.compile(r"(?<!\w)(?:" + "|".join(map(re.escape, stems)) + ")") if stems else None


def _scope(facts: dict[str, Any], texts: dict[str, str]) -> Scope:
    names = {
        e["id"]: _name_pattern({e["name"], e.get("name_en") or e["name"], *e.get("aliases", [])})
        for e in facts.get("entities", [])
    }
    return Scope(_outlets(facts), {k: v for k, v in names.items() if v is not None}, texts)


def pair_confidence(against: Claim, supporting: Claim, scope: Scope) -> float | None:
    """How sure it is that two claims contradict each other; None when they
    cannot: one source (so never a document against itself), different
    places, or days too far apart. Where one claim names no place, the
    other's place must be named in its sentence for the kinds of event a
    story holds many of (attacks, killings)."""
    outlets = scope.outlets
    if _source_key(against, outlets) == _source_key(supporting, outlets):
        return None
    factor = 1.0
    kind = next(iter(against.types & supporting.types), "")
    if against.place and supporting.place:
        if against.place != supporting.place:
            return None
    elif against.place or supporting.place:
        known, other = (against, supporting) if against.place else (supporting, against)
        if not scope.named_in(known.place or "", other):
            if kind in MANY:
                return None
            factor *= PLACE_UNKNOWN
    else:
        factor *= PLACE_UNKNOWN
    if against.date and supporting.date:
        apart = _days_apart(against.date, supporting.date)
        if apart is not None and apart > DATE_WINDOW_DAYS:
            return None
    else:
        factor *= DATE_UNKNOWN
    return min(against.confidence, supporting.confidence) * factor


def find_conflicts(facts: dict[str, Any], texts: dict[str, str]) -> list[Conflict]:
    """Contradictions between a story's claims, each with both sides' evidence
    and a confidence; the most confident first within each kind of event."""
    about = load("en", "brief").get("about", {})
    claims = claims_of(facts, texts)
    scope = _scope(facts, texts)
    outlets = scope.outlets
    out: list[Conflict] = []
    for kind in CONTESTED:
        on = [c for c in claims if kind in c.polarity]
        found: list[Conflict] = []
        for against, wanted, what in (
            (("negative",), ("positive", "completed"), about.get(kind, f"whether the {kind} happened")),
            (("halted",), ("completed",), f"whether the {kind} was completed or interrupted"),
        ):
            no = [c for c in on if c.polarity[kind] in against]
            yes = [c for c in on if c.polarity[kind] in wanted]
            pairs = [
                (i, j, p)
                for i, n in enumerate(no)
                for j, y in enumerate(yes)
                if (p := pair_confidence(n, y, scope)) is not None
            ]
            for group in _components(pairs):
                sides_no = [no[i] for i in sorted({i for i, _, _ in group})]
                sides_yes = [yes[j] for j in sorted({j for _, j, _ in group})]
                # The answer given right beside a claim is the likeliest opposite
                # ("X claims ..., while Y confirms ..."), then attributed claims elsewhere.
                sides_yes.sort(key=lambda c: (not _near(c, sides_no), not c.attributed, c.evidence.start))
                found.append(
                    Conflict(
                        about=what,
                        type=kind,
                        against=_distinct(sides_no, outlets)[:MAX_SIDE],
                        supporting=_distinct(sides_yes, outlets)[:MAX_SIDE],
                        confidence=max(p for _, _, p in group),
                    )
                )
        out += sorted(found, key=lambda c: -c.confidence)
    return out


def conflicts(facts: dict[str, Any], texts: dict[str, str]) -> list[dict[str, Any]]:
    """:func:`find_conflicts` in the brief's JSON form."""
    return [c.to_dict() for c in find_conflicts(facts, texts)]


def _components(pairs: list[tuple[int, int, float]]) -> list[list[tuple[int, int, float]]]:
    """Pairs (against i, supporting j) grouped by shared claims."""
    parent: dict[tuple[str, int], tuple[str, int]] = {}

    def root(x: tuple[str, int]) -> tuple[str, int]:
        while parent.setdefault(x, x) != x:
            x = parent[x]
        return x

    for i, j, _ in pairs:
        parent[root(("n", i))] = root(("y", j))
    groups: dict[tuple[str, int], list[tuple[int, int, float]]] = {}
    for p in pairs:
        groups.setdefault(root(("n", p[0])), []).append(p)
    return list(groups.values())


def _near(claim: Claim, others: Iterable[Claim]) -> bool:
    ev = claim.evidence
    return any(o.evidence.document == ev.document and abs(o.evidence.start - ev.start) <= NEAR for o in others)


def _distinct(claims: list[Claim], outlets: dict[str, str]) -> list[Claim]:
    """One claim per source (the first), attributed ones first."""
    seen, out = set(), []
    for c in sorted(claims, key=lambda c: not c.attributed):
        key = _source_key(c, outlets)
        if key not in seen:
            seen.add(key)
            out.append(c)
    return out
