"""The input quality gate: documents whose main text is not an article.

Crawls bring pages that read as documents but hold no reporting: a page
still being built by its script (``Modification de page en cours
{{nrco.contentDetailController...}}``), a paywall that leaves a photo
caption and "subscribe to read", a cookie wall, a "page not found". Such a
document is stored (nothing read is thrown away) with one note
``low_quality: <reason>``, counted by ``storyline stats``, and kept out of
stories and briefs unless the ``include_low_quality`` setting is on.

Three signals, each on the main text (headline and body segments, the
part stories are built from), each with a threshold in the settings:

- too short: fewer letters than ``quality_min_letters``;
- markup: the share of its characters inside template placeholders
  (``{{...}}``, ``{%...%}``, ``${...}``), tags or entities;
- boilerplate: the share of its letters in sentences holding a paywall,
  login, cookie or error phrase, or such a sentence beside too little other
  text to be the article (a photo caption left by a paywall) (``lang/common/boilerplate.toml``; phrases
  of every language are looked for in every document, since a Croatian page
  may carry an English cookie notice).

The thresholds were chosen on our own labelled pages
(``evaluate/gold/quality/``, dev part only); the held-out part was written
before and is scored as it is (``storyline eval --sets quality``).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

from ..lang import load
from ..records import REPORTING_KINDS, Document
from ..settings import Settings

NOTE_PREFIX = "low_quality: "
# Markup and template syntax as it survives text extraction. Each kind is
# matched up to 400 characters and never across its own opening character,
# so one unclosed brace cannot swallow a page and the scan stays linear
# (tests/anatomy/test_quality.py times a pathological text).
_MARKUP = re.compile(
    r"\{\{[^{}]{0,400}\}\}|\{%[^%]{0,400}%\}|\$\{[^{}\n]{0,400}\}|<%[^%]{0,400}%>"
    r"|</?[A-Za-z][A-Za-z0-9-]*(?:\s[^<>\n]{0,400})?/?>|&(?:[a-z]{2,8}|#\d{1,6});"
    r"|\[\[[^\[\]]{0,400}\]\]"
)


@dataclass(frozen=True)
class Verdict:
    """What the gate measured on a document, and its reason when it is low quality."""

    letters: int
    markup_share: float
    boilerplate_share: float
    reason: str | None = None


def main_text_spans(doc: Document) -> list[tuple[int, int]]:
    """Character spans of the headline and body (the whole text when anatomy found neither)."""
    spans = [(s.start, s.end) for s in doc.segments if s.kind in REPORTING_KINDS]
    return spans or [(0, len(doc.text))]


def _letters(text: str) -> int:
    return sum(map(str.isalpha, text))


@cache
def _phrases() -> tuple[str, ...]:
    data = load("common", "boilerplate")
    return tuple(p.lower() for group in data.values() if isinstance(group, list) for p in group)


def _is_boilerplate(sentence: str) -> bool:
    low = " ".join(sentence.lower().split())
    return any(p in low for p in _phrases())


def assess(doc: Document, settings: Settings) -> Verdict:
    """Measure the document's main text and give the first reason it is low quality, if any."""
    spans = main_text_spans(doc)
    main = "\n".join(doc.text[a:b] for a, b in spans)
    letters = _letters(main)
    chars = (len(main) - sum(map(str.isspace, main))) or 1
    markup = sum(sum(not ch.isspace() for ch in m.group()) for m in _MARKUP.finditer(main)) / chars
    # Sentences of the main text (the whole main text when anatomy gave none).
    inside = [(s.start, s.end) for s in doc.sentences if any(a <= s.start < b for a, b in spans)]
    pieces = [doc.text[a:b] for a, b in inside] or [main]
    boiler_letters = sum(_letters(p) for p in pieces if _is_boilerplate(p))
    boilerplate = boiler_letters / (letters or 1)
    reason = None
    if markup >= settings.quality_max_markup:
        reason = f"mostly markup or template placeholders ({markup:.0%} of the main text)"
    elif letters < settings.quality_min_letters:
        reason = f"main text too short ({letters} letters, fewer than {settings.quality_min_letters})"
    elif boilerplate >= settings.quality_max_boilerplate:
        reason = f"mostly paywall, login, cookie or error notices ({boilerplate:.0%} of the main text)"
    elif boiler_letters and letters - boiler_letters < settings.quality_min_letters_with_notice:
        # A paywall leaves a caption or a teaser beside its notice: too little to be the article.
        reason = (
            f"a paywall, login, cookie or error notice beside only {letters - boiler_letters} letters of text "
            f"(fewer than {settings.quality_min_letters_with_notice})"
        )
    return Verdict(letters, round(markup, 3), round(boilerplate, 3), reason)


def is_low_quality(doc: Document) -> bool:
    """Whether the gate marked the stored document (its note says so)."""
    return any(n.startswith(NOTE_PREFIX) for n in doc.notes)


def held_back(doc: Document, settings: Settings) -> bool:
    """Kept out of stories and briefs: marked low quality, and the setting does not include such documents."""
    return not settings.include_low_quality and is_low_quality(doc)


class QualityStep:
    """Marks a document low quality with a note; runs after extraction and changes nothing else."""

    name = "quality.v1"
    requires = frozenset({"segments", "sentences"})
    assigns = frozenset({"quality"})

    def __init__(self, settings: Settings) -> None:
        self.settings = settings

    def process(self, doc: Document) -> Document:
        # Analysed again: the earlier verdict goes, the new one is written.
        doc.notes = [n for n in doc.notes if not n.startswith(NOTE_PREFIX)]
        verdict = assess(doc, self.settings)
        if verdict.reason:
            doc.notes.append(NOTE_PREFIX + verdict.reason)
        return doc


__all__ = ["NOTE_PREFIX", "QualityStep", "Verdict", "assess", "held_back", "is_low_quality", "main_text_spans"]
