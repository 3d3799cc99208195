"""Document anatomy: segments, their language, sentences."""

from __future__ import annotations

from collections import Counter

from ..records import REPORTING_KINDS, Document
from .langid import (
    BCMS,
    MIN_LETTERS,
    UNDECIDED_NOTE_PREFIX,
    Detection,
    LanguageIdentifier,
    LinguaIdentifier,
    count_letters,
    get_identifier,
    undecided_note,
)
from .segment import Segmenter, segment, teaser_end
from .sentences import sentences_of, split_sentences

# Segments with at least this many letters are judged on their own; shorter
# ones (bylines, teasers, furniture) keep the document's language unless the
# high-accuracy models, asked to choose between the two, say otherwise.
# lingua's low-accuracy mode gave "tn" for a 40-letter English byline.
LONG_SEGMENT_LETTERS = 200


class SegmentStep:
    name = "segments.rules.v1"
    requires = frozenset({"text"})
    assigns = frozenset({"segments"})

    def __init__(self) -> None:
        self._segmenter = Segmenter()

    def process(self, doc: Document) -> Document:
        doc.segments = self._segmenter.segment(doc.text, doc.title)
        return doc


class LanguageStep:
    """Language of each segment and of the document.

    The document's language is the one given in metadata, else the language
    holding most letters of the body. Headline and body are judged together
    once; a segment is judged on its own only when the identifier's cheap
    first guess says it may be in another language (else it takes the
    document's). A short segment whose detected language differs from the
    document's (a teaser, a byline) is re-judged between the two: by its
    function words alone when they name one of them clearly, else by
    lingua's high-accuracy models on its words without the names.
    """

    requires = frozenset({"segments"})
    assigns = frozenset({"language"})

    def __init__(self, backend: str = "langid.lingua.v1", identifier: LanguageIdentifier | None = None) -> None:
        self.identifier = identifier or get_identifier(backend)
        self.name = self.identifier.name.split(":")[0]

    def process(self, doc: Document) -> Document:
        found: list[tuple[Detection | None, int] | None] = [None] * len(doc.segments)
        weight: Counter[str] = Counter()
        texts = [doc.text[seg.start : seg.end] for seg in doc.segments]

        def detect(i: int, refine: bool = True) -> None:
            letters = count_letters(texts[i])
            if letters < MIN_LETTERS:
                found[i] = (None, letters)
            elif refine or not isinstance(self.identifier, LinguaIdentifier):
                found[i] = (self.identifier.detect(texts[i]), letters)
            else:
                found[i] = (self.identifier.detect(texts[i], refine=False), letters)

        # Headline and body first: they give the document its language. They
        # are judged together once; one is judged on its own only when the
        # identifier's cheap first guess says it may be in another language.
        reporting = [i for i, seg in enumerate(doc.segments) if seg.kind in REPORTING_KINDS]
        may_differ = getattr(self.identifier, "may_differ", None)
        joined = "\n\n".join(texts[i] for i in reporting)
        shared = self.identifier.detect(joined) if may_differ and count_letters(joined) >= MIN_LETTERS else None
        for i in reporting:
            if shared and shared.language and may_differ and not may_differ(texts[i], shared.language):
                letters = count_letters(texts[i])
                found[i] = (shared if letters >= MIN_LETTERS else None, letters)
                weight[shared.language] += letters
                continue
            detect(i)
            det, letters = found[i]
            if det and det.language:
                weight[det.language] += letters
        if not doc.language_given:
            if weight:
                doc.language = weight.most_common(1)[0][0]
            else:  # no headline or body to judge: the first segment that has a language
                for i in range(len(doc.segments)):
                    if found[i] is None:
                        detect(i)
                doc.language = next((d.language for d, _ in found if d and d.language), None)
        # Say so when no evidence told hr, sr and bs apart (the norm is then a guess).
        doc.notes = [n for n in doc.notes if not n.startswith(UNDECIDED_NOTE_PREFIX)]
        if not doc.language_given and shared is not None and shared.language == doc.language and (note := undecided_note(shared)):
            doc.notes.append(note)
        # Other segments (teasers, bylines, comments). A short one in an
        # hr/sr/bs document keeps the document's language when it reads as
        # any of the three (_segment_language), so which one is not asked.
        for i in range(len(doc.segments)):
            if found[i] is None and may_differ and doc.language and not may_differ(texts[i], doc.language):
                found[i] = (None, count_letters(texts[i]))
            elif found[i] is None:
                detect(i, refine=not (doc.language in BCMS and len(texts[i]) < LONG_SEGMENT_LETTERS))
        for seg, text, (det, letters) in zip(doc.segments, texts, found):
            seg.language = self._segment_language(det, text, letters, doc.language)
        return doc

    def _segment_language(self, det: Detection | None, text: str, letters: int, doc_language: str | None) -> str | None:
        if det is None or not det.language:
            return doc_language
        if doc_language is None or det.language == doc_language:
            return det.language
        if letters >= LONG_SEGMENT_LETTERS:
            return det.language
        if det.language in BCMS and doc_language in BCMS:
            return doc_language  # too short to tell hr, sr and bs apart
        # Short and disagreeing: let the high-accuracy models pick between the two.
        return self.identifier.choose(text, (doc_language, det.language))


class SentenceStep:
    name = "sentences.blingfire.v1"
    requires = frozenset({"segments"})
    assigns = frozenset({"sentences"})

    def process(self, doc: Document) -> Document:
        doc.sentences = sentences_of(doc.text, doc.segments)
        return doc


def anatomy_steps(langid_backend: str = "langid.lingua.v1") -> list:
    return [SegmentStep(), LanguageStep(langid_backend), SentenceStep()]


__all__ = [
    "LanguageStep",
    "SegmentStep",
    "Segmenter",
    "SentenceStep",
    "anatomy_steps",
    "segment",
    "sentences_of",
    "split_sentences",
    "teaser_end",
]
