"""Document anatomy: segments, their language, sentences."""

from __future__ import annotations

from collections import Counter

from ..records import Document
from .langid import BCMS, MIN_LETTERS, Detection, LanguageIdentifier, count_letters, get_identifier

# Segments with at least this many letters are judged on their own; shorter
# ones (bylines, teasers, furniture) keep the document's language unless the
# high-accuracy models, asked to choose between the two, say otherwise.
# lingua's low-accuracy mode gave "tn" for a 40-letter English byline.
LONG_SEGMENT_LETTERS = 200
from .segment import Segmenter, segment, teaser_end
from .sentences import sentences_of, split_sentences


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
    holding most letters of the body. Short segments whose detected
    language differs from the document's (a teaser, a byline) are re-judged
    between the two languages with lingua's high-accuracy models.
    """

    requires = frozenset({"segments"})
    assigns = frozenset({"language"})

    def __init__(self, backend: str = "langid.lingua.v1", identifier: LanguageIdentifier | None = None) -> None:
        self.identifier = identifier or get_identifier(backend)
        self.name = self.identifier.name.split(":")[0]

    def process(self, doc: Document) -> Document:
        found: list[tuple[Detection | None, int]] = []
        weight: Counter[str] = Counter()
        for seg in doc.segments:
            text = doc.text[seg.start : seg.end]
            letters = count_letters(text)
            det = self.identifier.detect(text) if letters >= MIN_LETTERS else None
            found.append((det, letters))
            if det and det.language and seg.kind in ("body", "headline"):
                weight[det.language] += letters
        if not doc.language_given:
            doc.language = weight.most_common(1)[0][0] if weight else next(
                (d.language for d, _ in found if d and d.language), None
            )
        for seg, (det, letters) in zip(doc.segments, found):
            seg.language = self._segment_language(det, doc.text[seg.start : seg.end], letters, doc.language)
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
