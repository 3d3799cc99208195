"""Document anatomy: segments, their language, sentences."""

from __future__ import annotations

from collections import Counter

from ..records import Document
from .langid import MIN_LETTERS, Detection, LanguageIdentifier, get_identifier
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
    holding most letters of the body. Segments too short to judge (a teaser
    headline, a byline) take the document's language.
    """

    requires = frozenset({"segments"})
    assigns = frozenset({"language"})

    def __init__(self, backend: str = "langid.lingua.v1", identifier: LanguageIdentifier | None = None) -> None:
        self.identifier = identifier or get_identifier(backend)
        self.name = self.identifier.name.split(":")[0]

    def process(self, doc: Document) -> Document:
        found: list[Detection | None] = []
        weight: Counter[str] = Counter()
        for seg in doc.segments:
            text = doc.text[seg.start : seg.end]
            letters = sum(1 for ch in text if ch.isalpha())
            det = self.identifier.detect(text) if letters >= MIN_LETTERS else None
            found.append(det)
            if det and det.language and seg.kind in ("body", "headline"):
                weight[det.language] += letters
        if not doc.language_given:
            doc.language = weight.most_common(1)[0][0] if weight else next(
                (d.language for d in found if d and d.language), None
            )
        for seg, det in zip(doc.segments, found):
            seg.language = det.language if det and det.language else doc.language
        return doc


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
