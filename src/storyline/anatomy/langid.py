"""Language identification of segments.

Default backend ``langid.lingua.v1``, two stages:

1. lingua over all its 75 languages in low-accuracy mode (trigram models
   only: 0.6 s to load, about 2,000 texts/s here).
2. When stage 1 says Croatian, Serbian or Bosnian (Latin script), lingua's
   high-accuracy models for those three vote together with the word
   markers in ``lang/bcms/markers.toml`` (jat reflex, norm-specific words).
   lingua alone takes Serbian in Latin script for Bosnian (MODELS.md); the
   markers fix that. See ``benchmarks/langid_bench.py`` for the figures.
3. Cyrillic text: Serbian when stage 1 says hr/sr/bs or the text has
   ђ/ћ; otherwise lingua's high-accuracy models choose among the Cyrillic
   Slavic languages (sr, mk, bg, ru, uk, be).
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from functools import cache
from typing import Protocol

from .. import lang
from ..registry import langid as langid_registry

BCMS = ("hr", "sr", "bs")
# Weight of one marker word against lingua's log-probability, which is
# floored at log(LINGUA_FLOOR) so that lingua's certainty is bounded (a gap
# of at most ~3): one word of one norm only (an ekavian "sleteo", a fused
# future "biće") outvotes it, since such forms do not occur in the other
# standards. On a line without markers lingua decides. Calibrated on tests/fixtures/langid
# (own texts): lingua alone takes Serbian Latin for Bosnian (0/12 right).
MARKER_WEIGHT = 3.5
LINGUA_FLOOR = 0.05
# lingua's term lies within [log(FLOOR), log(1 + FLOOR)], a spread of ~3.04:
# when one marker word outweighs it, a norm that leads the others by one
# marker word or more wins whatever lingua says, so lingua is not asked (the
# same decision, 3-7 ms less per hr/sr/bs segment, issue 17).
MARKERS_DECIDE = MARKER_WEIGHT > math.log((1 + LINGUA_FLOOR) / LINGUA_FLOOR)
# Texts with fewer letters than this are too short to judge on their own;
# they take the document's language when one is known.
MIN_LETTERS = 25
# Long texts are judged on a sample: their start and their middle, this many
# characters each. A few thousand characters decide a language; a megabyte
# only costs time (2.3 s for a 1 MB segment, measured).
SAMPLE_CHARS = 2000
# The first stage (75 languages) only has to name the language or its
# family, which a shorter sample decides as well; its cost grows with the
# length (half the per-document time of language identification on
# 600-word articles). The hr/sr/bs stage and the markers read the full sample.
BROAD_SAMPLE_CHARS = 600
_WORD = re.compile(r"[^\W\d_]+")
_CYRILLIC = re.compile(r"[\u0400-\u04FF]")
# Letters only Serbian Cyrillic has (Macedonian writes ѓ, ќ for these sounds).
SERBIAN_ONLY_LETTERS = frozenset("ђћЂЋ")
# Slavic languages written in Cyrillic that lingua confuses with Serbian.
CYRILLIC_SLAVIC = ("sr", "mk", "bg", "ru", "uk", "be")


def sample(text: str, chars: int = SAMPLE_CHARS) -> str:
    if len(text) <= 2 * chars:
        return text
    mid = len(text) // 2
    return text[:chars] + "\n" + text[mid : mid + chars]


@dataclass(frozen=True)
class Detection:
    language: str | None
    confidence: float


class LanguageIdentifier(Protocol):
    name: str

    def detect(self, text: str) -> Detection: ...

    def choose(self, text: str, candidates: tuple[str, ...]) -> str:
        """The likelier of a few candidate languages for a short text."""


@cache
def _markers() -> dict[str, frozenset[str]]:
    data = lang.load("bcms", "markers")
    ijekavian = {w.lower() for w in data.get("ijekavian", [])}
    marks = {code: {w.lower() for w in data.get(code, [])} for code in BCMS}
    marks["hr"] |= ijekavian
    marks["bs"] |= ijekavian
    return {code: frozenset(words) for code, words in marks.items()}


def marker_votes(text: str) -> dict[str, int]:
    words = [w.lower() for w in _WORD.findall(text)]
    marks = _markers()
    return {code: sum(1 for w in words if w in marks[code]) for code in BCMS}


def _marker_lead(votes: dict[str, int]) -> int:
    """How many marker words the leading norm has over the next one."""
    first, second = sorted(votes.values(), reverse=True)[:2]
    return first - second


def count_letters(text: str) -> int:
    return sum(map(str.isalpha, text))


def _cyrillic_share(text: str) -> float:
    letters = count_letters(text)
    return len(_CYRILLIC.findall(text)) / letters if letters else 0.0


class LinguaIdentifier:
    """lingua (all languages, low accuracy) + hr/sr/bs second stage with word markers."""

    name = "langid.lingua.v1"

    def __init__(self) -> None:
        from lingua import Language, LanguageDetectorBuilder

        self._broad = LanguageDetectorBuilder.from_all_languages().with_low_accuracy_mode().build()
        self._bcms = LanguageDetectorBuilder.from_languages(
            Language.CROATIAN, Language.SERBIAN, Language.BOSNIAN
        ).build()

    def detect(self, text: str, refine: bool = True) -> Detection:
        """``refine=False`` skips stage 2: a Latin-script hr/sr/bs text comes
        back as whichever of the three stage 1 ranked first (for callers that
        only need to know it is one of them)."""
        text = sample(text)
        values = self._broad.compute_language_confidence_values(sample(text, BROAD_SAMPLE_CHARS))
        if not values:
            return Detection(None, 0.0)
        top = values[0]
        code = top.language.iso_code_639_1.name.lower()
        if (code in BCMS or code in CYRILLIC_SLAVIC) and _cyrillic_share(text) > 0.5:
            return Detection(self._cyrillic(text, code), float(top.value))
        if code not in BCMS or not refine:
            return Detection(code, float(top.value))
        votes = marker_votes(text)
        if MARKERS_DECIDE and _marker_lead(votes) >= 1:
            # lingua cannot change the winner; its share is taken as even
            # (the confidence is informative only: nothing stores it).
            probs = dict.fromkeys(BCMS, 1.0 / len(BCMS))
        else:
            probs = {
                v.language.iso_code_639_1.name.lower(): v.value
                for v in self._bcms.compute_language_confidence_values(text)
            }
        scores = {c: math.log(probs.get(c, 0.0) + LINGUA_FLOOR) + MARKER_WEIGHT * votes[c] for c in BCMS}
        best = max(scores, key=lambda c: scores[c])
        total = sum(math.exp(s - scores[best]) for s in scores.values())
        return Detection(best, 1.0 / total)

    def _cyrillic(self, text: str, code: str) -> str:
        """Serbian in Cyrillic, told from the other Cyrillic Slavic languages.
        Croatian and Bosnian are not written in Cyrillic (Bosnian rarely is,
        in Serbian Cyrillic), so a Cyrillic hr/sr/bs text is Serbian; ђ and
        ћ are Serbian only; else lingua's high-accuracy models decide among
        the Cyrillic Slavic languages (its low-accuracy stage takes short
        Serbian lines for Ukrainian or Macedonian)."""
        if code in BCMS or SERBIAN_ONLY_LETTERS & set(text):
            return "sr"
        if code not in CYRILLIC_SLAVIC:
            return code
        return self.choose(text, CYRILLIC_SLAVIC)

    def choose(self, text: str, candidates: tuple[str, ...]) -> str:
        text = sample(text)
        detector = _pair_detector(tuple(sorted(set(candidates))))
        if detector is None:
            return candidates[0]
        values = detector.compute_language_confidence_values(text)
        return values[0].language.iso_code_639_1.name.lower() if values else candidates[0]


@cache
def _pair_detector(codes: tuple[str, ...]):
    """High-accuracy lingua models for a few languages (loaded once per set)."""
    from lingua import IsoCode639_1, Language, LanguageDetectorBuilder

    try:
        langs = [Language.from_iso_code_639_1(getattr(IsoCode639_1, c.upper())) for c in codes]
    except AttributeError:
        return None
    return LanguageDetectorBuilder.from_languages(*langs).build() if len(langs) >= 2 else None


@langid_registry.register("langid.lingua.v1", "lingua, all languages, with a hr/sr/bs word-marker stage")
def _make_lingua() -> LanguageIdentifier:
    return LinguaIdentifier()


class FixedLanguage:
    """Pass-through: every text is in one given language (for precomputed input, tests)."""

    def __init__(self, language: str | None = None) -> None:
        self.name = f"langid.fixed.v1:{language}"
        self.language = language

    def detect(self, text: str) -> Detection:
        return Detection(self.language, 1.0 if self.language else 0.0)

    def choose(self, text: str, candidates: tuple[str, ...]) -> str:
        return candidates[0]


@langid_registry.register("langid.fixed.v1", "no detection: the language given in metadata, else none")
def _make_fixed() -> LanguageIdentifier:
    return FixedLanguage()


@cache
def get_identifier(name: str) -> LanguageIdentifier:
    """Backends are built once per process: loading models is the slow part."""
    return langid_registry.get(name)()
