"""Language identification of segments.

Default backend ``langid.lingua.v1``:

1. A cheap first guess names the plausible languages (``lang/common/langid.toml``):
   a Cyrillic text is judged among the Cyrillic languages only, narrowed by
   the letters only some of them write (ђ ћ Serbian, ѓ ќ ѕ Macedonian, ї є ґ
   Ukrainian...) when they make a real share of the text, not one foreign
   name's; a Latin text among the languages whose function words it uses (a
   German text among de/nl/af), or among all Latin-script languages when
   its function words say nothing clear (a headline, an unlisted language)
   or name one language on a few words only. A guess that leaves one
   language answers without lingua. lingua's models load per language (~15 ms each), so a
   Croatian document no longer loads the 75 languages' models (~0.7-1 s at
   the first call, ~2 ms a call after) but four or five.
2. lingua in low-accuracy mode (trigrams) among those candidates.
3. When it says Croatian, Serbian or Bosnian (Latin script), lingua's
   high-accuracy models for those three vote together with the word markers
   in ``lang/bcms/markers.toml`` (jat reflex, norm-specific words). lingua
   alone takes Serbian in Latin script for Bosnian (MODELS.md); the markers
   fix that, and the jat reflex says whether what lingua gives "Serbian or
   Bosnian" is Serbian (ekavian) or Bosnian (ijekavian), see
   :class:`MarkerWeights`.
4. Cyrillic text: Serbian when lingua says hr/sr/bs; otherwise lingua's
   high-accuracy models choose among the Cyrillic candidates left by the
   letters (sr, mk, bg, ru, uk, be; kk and mn when lingua's first answer is
   one of them) unless its low-accuracy answer is sure.

Figures: ``storyline eval --sets langid`` (dev and held-out gold) and
``benchmarks/langid_bench.py`` (speed).
"""

from __future__ import annotations

import math
import re
from collections import Counter
from dataclasses import dataclass
from functools import cache, lru_cache
from typing import Any, Protocol

from .. import lang
from ..registry import langid as langid_registry

BCMS = ("hr", "sr", "bs")
# lingua's hr/sr/bs log-probability is floored at log(LINGUA_FLOOR), so that
# its certainty is bounded: it lies within [log(FLOOR), log(1 + FLOOR)], a
# spread of ~3.04. The weight of one marker word against it, and how
# lingua's "Serbian or Bosnian" is shared out by the jat reflex, are data
# ([weights] in lang/bcms/markers.toml, see MarkerWeights).
LINGUA_FLOOR = 0.05
LINGUA_SPREAD = math.log((1 + LINGUA_FLOOR) / LINGUA_FLOOR)
# When one marker word outweighs lingua's spread, a norm that leads the
# others by one marker word or more wins whatever lingua says, so lingua is
# not asked (the same decision, 3-7 ms less per hr/sr/bs segment, issue 17).
# A switch, so that a test can compare with the full computation.
MARKERS_DECIDE = True
# Texts with fewer letters than this are too short to judge on their own;
# they take the document's language when one is known.
MIN_LETTERS = 25
# Long texts are judged on a sample: their start and their middle, this many
# characters each. A few thousand characters decide a language; a megabyte
# only costs time (2.3 s for a 1 MB segment, measured).
SAMPLE_CHARS = 2000
# The first stage only has to name the language or its family, which a
# shorter sample decides as well; its cost grows with the length. The
# hr/sr/bs stage and the markers read the full sample.
BROAD_SAMPLE_CHARS = 600
# A segment at least this long whose first guess is unclear is judged on its
# own even inside a document (LanguageStep's long-segment threshold).
MAY_DIFFER_LETTERS = 200
# The function-word guess (lang/common/langid.toml) is trusted when its best
# group has at least this many hits making at least this share of the words;
# the candidates are then the languages of every group within GUESS_NEAR of
# the best. Chosen on the langid dev gold so that every paragraph and every
# headline with two function words is judged among the right languages,
# while text in an unlisted language (Lithuanian, Tagalog, Swahili in the
# dev gold) hits too few words and goes to all Latin-script languages.
GUESS_MIN_HITS = 2
GUESS_MIN_SHARE = 0.2
GUESS_NEAR = 0.5
# A guess that leaves one language (a group of one: en, fr, it, pl, ro, hu,
# sq) answers without lingua only with at least this many hits; with fewer
# ("dei" and "nella" of a headline) lingua judges the text among every
# Latin-script language, so that an unlisted neighbour (Esperanto, Latin,
# Galician) is not forced into the listed one. Every single-group item of
# the langid dev gold has 5 hits or more, but one Polish paragraph with 3
# (which its letters decide).
GUESS_ALONE_HITS = 4
# A kind of distinctive letter narrows the candidates only when it makes a
# real share of the text: at least LETTER_MIN occurrences and LETTER_MIN_SHARE
# of its letters. One foreign name must not rule the text's language out (a
# Ukrainian "і" in a Russian article, a Turkish "ğ" in a Croatian sentence, a
# Polish "ł" in an English one). Chosen on the langid dev gold: a foreign
# name's letters make at most 1.0% of a paragraph there (two "і" of a
# Ukrainian name in a Russian one); a language's own kind of letters, when
# it is the only evidence, 2% or more.
LETTER_MIN = 2
LETTER_MIN_SHARE = 0.015
# choose() judges a short text on its words without a capital when they have
# at least this many letters (two short words).
CHOOSE_MIN_LETTERS = 10
# lingua's high-accuracy mode judges a text this long or longer on trigrams
# only (all its n-gram models below).
LINGUA_SHORT_CHARS = 120
_WORD = re.compile(r"[^\W\d_]+")
_CYRILLIC = re.compile(r"[\u0400-\u04FF]")
_LATIN = re.compile(r"[A-Za-z\u00C0-\u024F]")
# Slavic languages written in Cyrillic that lingua confuses with Serbian.
CYRILLIC_SLAVIC = ("sr", "mk", "bg", "ru", "uk", "be")
# lingua's low-accuracy confidence (among the candidates the letters leave)
# above which a Cyrillic Slavic text is not re-judged with the
# high-accuracy models (Russian's alone take ~1.5 s to load), when its
# letters narrowed the candidates or it is long. Chosen on the langid dev
# gold: no Cyrillic item changes against always re-judging (a 19-letter
# Serbian headline without distinctive letters, at 0.9 for Macedonian
# among all, would have).
CYRILLIC_SURE = 0.9
# Every language lingua writes in Cyrillic.
CYRILLIC_LANGUAGES = (*CYRILLIC_SLAVIC, "kk", "mn")
# Which norms a marker list votes for.
MARKER_NORMS = {
    "hr": ("hr",),
    "sr": ("sr",),
    "bs": ("bs",),
    "ekavian": ("sr",),
    "ijekavian": ("hr", "bs"),
    "hr_bs": ("hr", "bs"),
    "sr_bs": ("sr", "bs"),
}
MARKER_KEYS = frozenset(MARKER_NORMS) | {"weights"}
UNDECIDED_NOTE_PREFIX = "language undecided: "


def sample(text: str, chars: int = SAMPLE_CHARS) -> str:
    if len(text) <= 2 * chars:
        return text
    mid = len(text) // 2
    return text[:chars] + "\n" + text[mid : mid + chars]


@dataclass(frozen=True)
class Detection:
    """A language and lingua's confidence in it. ``undecided`` names the
    hr/sr/bs norms no evidence told apart (no marker word and no jat reflex
    separating them): the language is then one of them chosen by lingua and
    the Serbian prior, and :func:`undecided_note` says so."""

    language: str | None
    confidence: float
    undecided: tuple[str, ...] = ()


def undecided_note(detection: Detection) -> str | None:
    """The note a document carries when its hr/sr/bs norm was a guess."""
    if len(detection.undecided) < 2 or detection.language is None:
        return None
    return f"{UNDECIDED_NOTE_PREFIX}{'/'.join(detection.undecided)} not told apart (no marker word or jat reflex sets them apart); read as {detection.language}"


class LanguageIdentifier(Protocol):
    name: str

    def detect(self, text: str) -> Detection: ...

    def choose(self, text: str, candidates: tuple[str, ...]) -> str:
        """The likelier of a few candidate languages for a short text."""


@dataclass(frozen=True)
class MarkerWeights:
    """How marker words weigh against lingua (``[weights]`` of lang/bcms/markers.toml).

    ``word``: one marker word against lingua's bounded log-probability.
    ``serbian_share``: the prior share of Serbian in what lingua gives
    "Serbian or Bosnian" (its Serbian model is of Cyrillic text and gives
    Serbian Latin ~0). ``other_reflex``: how likely a text of one jat reflex
    is in a norm of the other (Serbian news is ekavian, Croatian and Bosnian
    ijekavian): the norms whose reflex the text does not show have their
    lingua share multiplied by it, so an ijekavian text's Serbian-or-Bosnian
    is Bosnian's, an ekavian one's Serbian's, while Croatian against Bosnian
    (both ijekavian) stays as lingua and the prior put it."""

    word: float
    serbian_share: float
    other_reflex: float

    def reflex_factors(self, ekavian: int, ijekavian: int) -> dict[str, float]:
        """Per norm, the likelihood of the text's dominant jat reflex (1 for
        every norm when neither dominates)."""
        if ekavian > ijekavian:
            return {"hr": self.other_reflex, "sr": 1.0, "bs": self.other_reflex}
        if ijekavian > ekavian:
            return {"hr": 1.0, "sr": self.other_reflex, "bs": 1.0}
        return dict.fromkeys(BCMS, 1.0)


def check_weights(data: dict[str, Any]) -> MarkerWeights:
    """The ``[weights]`` table, checked: every key known and present, a
    positive word weight, the share and the likelihood within [0, 1]."""
    where = "lang/bcms/markers.toml: weights"
    names = frozenset(MarkerWeights.__dataclass_fields__)
    lang.check_keys(data, names, where)
    if missing := sorted(names - set(data)):
        raise ValueError(f"{where}: missing {', '.join(missing)}")
    if not all(isinstance(v, int | float) and not isinstance(v, bool) for v in data.values()):
        raise ValueError(f"{where}: every weight must be a number")
    weights = MarkerWeights(**{k: float(v) for k, v in data.items()})
    if weights.word <= 0 or not all(0.0 <= getattr(weights, k) <= 1.0 for k in names - {"word"}):
        raise ValueError(f"{where}: word must be > 0, the others within [0, 1]")
    return weights


def check_markers(data: dict[str, Any]) -> None:
    """Fail on an unknown key, a word that is not lower case, or a word in two
    lists (it would vote twice); the weights are checked when present."""
    lang.check_keys(data, MARKER_KEYS, "lang/bcms/markers.toml")
    if "weights" in data:
        check_weights(data["weights"])
    seen: dict[str, str] = {}
    for key in sorted(k for k in data if k != "weights"):
        for word in data[key]:
            if not isinstance(word, str) or word != word.lower():
                raise ValueError(f"lang/bcms/markers.toml: {key}: {word!r} is not a lower-case word")
            if word in seen:
                raise ValueError(f"lang/bcms/markers.toml: {word!r} in both {seen[word]} and {key}")
            seen[word] = key


@cache
def _marker_data() -> tuple[dict[str, str], MarkerWeights]:
    """Word -> the list it stands in, and the weights."""
    data = lang.read_own("bcms", "markers")
    check_markers(data)
    if "weights" not in data:
        raise ValueError("lang/bcms/markers.toml: no [weights]")
    words = {word: key for key, items in data.items() if key != "weights" for word in items}
    return words, check_weights(data["weights"])


def marker_weights() -> MarkerWeights:
    return _marker_data()[1]


def marker_hits(text: str) -> Counter[str]:
    """How many words of each marker list the text has."""
    marks = _marker_data()[0]
    return Counter(key for w in _WORD.findall(text) if (key := marks.get(w.lower())) is not None)


def votes_of(hits: Counter[str]) -> dict[str, int]:
    """Marker votes per norm: each hit votes for every norm its list names."""
    votes = dict.fromkeys(BCMS, 0)
    for key, n in hits.items():
        for code in MARKER_NORMS[key]:
            votes[code] += n
    return votes


def marker_votes(text: str) -> dict[str, int]:
    return votes_of(marker_hits(text))


def undecided_norms(votes: dict[str, int], factors: dict[str, float]) -> tuple[str, ...]:
    """The norms that neither the marker words nor the jat reflex (its
    factors, :meth:`MarkerWeights.reflex_factors`) set apart: those tied at
    the most votes and at the highest reflex factor."""
    most = max(votes.values())
    tied = [c for c in BCMS if votes[c] == most]
    best = max(factors[c] for c in tied)
    return tuple(c for c in tied if factors[c] == best)


def _marker_lead(votes: dict[str, int]) -> int:
    """How many marker words the leading norm has over the next one."""
    first, second = sorted(votes.values(), reverse=True)[:2]
    return first - second


@lru_cache(maxsize=16)
def count_letters(text: str) -> int:
    """Letters in ``text``; remembered for the last few texts (the language
    step counts the same sample for its script, its letters and its markers)."""
    return sum(map(str.isalpha, text))


def _cyrillic_share(text: str) -> float:
    letters = count_letters(text)
    return len(_CYRILLIC.findall(text)) / letters if letters else 0.0


@cache
def _guess_data() -> tuple[dict[str, frozenset[str]], dict[str, tuple[str, ...]], tuple[tuple[frozenset[str], frozenset[str]], ...]]:
    """Function words per group, the group's languages, and the Cyrillic letter rules."""
    data = lang.read_own("common", "langid")
    lang.check_keys(data, frozenset({"groups", "letters"}), "lang/common/langid.toml")
    words, languages = {}, {}
    for name, group in data.get("groups", {}).items():
        lang.check_keys(group, frozenset({"languages", "words"}), f"lang/common/langid.toml: groups.{name}")
        words[name] = frozenset(w.lower() for w in group["words"])
        languages[name] = tuple(group["languages"])
    letters = tuple((_with_capitals(k), frozenset(v)) for k, v in data.get("letters", {}).items())
    for code in {c for codes in languages.values() for c in codes} | {c for _, codes in letters for c in codes}:
        if _language(code) is None:
            raise ValueError(f"lang/common/langid.toml: {code!r} is no language lingua knows")
    return words, languages, letters


def _with_capitals(letters: str) -> frozenset[str]:
    """The letters and their capitals, leaving out capitals that are plain
    ASCII or more than one letter ("ı" -> "I", "ß" -> "SS")."""
    capitals = {c.upper() for c in letters}
    return frozenset(letters) | {c for c in capitals if len(c) == 1 and not c.isascii()}


def latin_candidates(text: str) -> tuple[str, ...] | None:
    """The languages whose function words a Latin-script text uses, or None
    when they say nothing clear (judge among all Latin-script languages)."""
    return _latin_guess(text)[0]


@cache
def _groups_of_word() -> dict[str, tuple[str, ...]]:
    """Per function word, the groups that list it."""
    groups: dict[str, list[str]] = {}
    for name, group in _guess_data()[0].items():
        for word in group:
            groups.setdefault(word, []).append(name)
    return {w: tuple(names) for w, names in groups.items()}


@lru_cache(maxsize=8)
def _latin_guess(text: str) -> tuple[tuple[str, ...] | None, int]:
    """:func:`latin_candidates` and the hits of the best group.

    Each distinct word is looked up once in an index of the groups' words
    (testing every word against every group, twice per text, was a tenth of
    the language step, issue 17); remembered for the last few texts, since
    ``detect`` asks for the candidates and then whether they are weak."""
    tokens = _WORD.findall(text)
    if not tokens:
        return None, 0
    words, languages, _ = _guess_data()
    groups_of = _groups_of_word()
    hits = Counter(dict.fromkeys(words, 0))  # the groups' order: most_common keeps it among ties
    for token, n in Counter(map(str.lower, tokens)).items():
        for name in groups_of.get(token, ()):
            hits[name] += n
    (_, top), = hits.most_common(1)
    if top < GUESS_MIN_HITS or top < GUESS_MIN_SHARE * len(tokens):
        return None, top
    out: dict[str, None] = {}
    for name, n in hits.most_common():
        if n >= GUESS_NEAR * top:
            out.update(dict.fromkeys(languages[name]))
    return tuple(out), top


def _weak_words(text: str) -> bool:
    """Whether a Latin-script text's function words name one language on
    fewer than GUESS_ALONE_HITS hits: that language is likely, but lingua
    judges it among every Latin-script language."""
    found, top = _latin_guess(text)
    return found is not None and len(found) == 1 and top < GUESS_ALONE_HITS


def decides_alone(text: str, cands: tuple[str, ...] | None) -> bool:
    """Whether the first guess ``cands`` of ``text`` may answer without
    lingua: it leaves one language, by letters making a real share of the
    text or by a group of one language with enough hits."""
    return cands is not None and len(cands) == 1 and cands != LATIN and not _weak_words(text)


def letter_candidates(text: str, script: tuple[str, ...] | None = None) -> tuple[str, ...] | None:
    """The languages (of ``script``, when given) that write the most kinds of
    the text's distinctive letters, each kind counted when it makes a real
    share of the text (LETTER_MIN, LETTER_MIN_SHARE); None when none does."""
    present = _LetterCounts(text)
    letter_count = count_letters(text)
    writes = Counter(
        c
        for letters, languages in _guess_data()[2]
        if _real_share(present, letters, letter_count)
        for c in languages
        if script is None or c in script
    )
    if not writes:
        return None
    most = max(writes.values())
    return tuple(sorted(c for c in writes if writes[c] == most))


class _LetterCounts(dict[str, int]):
    """How often each character occurs in a text, counted on first look-up
    (``str.count``), 0 for a character the text lacks: the same numbers as
    ``Counter(text)`` without counting every character of a 4,000-character
    sample to read a few distinctive letters (issue 17)."""

    def __init__(self, text: str) -> None:
        super().__init__()
        self.text, self.chars = text, frozenset(text)

    def __missing__(self, ch: str) -> int:
        n = self[ch] = self.text.count(ch) if ch in self.chars else 0
        return n


def _real_share(present: dict[str, int], letters: frozenset[str], letter_count: int) -> bool:
    """Whether ``letters`` occur often enough among the text's ``letter_count``
    letters (``present``: its characters counted) to narrow the guess."""
    return sum(present[x] for x in letters) >= max(LETTER_MIN, LETTER_MIN_SHARE * letter_count)


def cyrillic_candidates(text: str) -> tuple[str, ...]:
    """The Cyrillic languages that write the most kinds of the text's
    distinctive letters (all of them when it has none)."""
    return letter_candidates(text, CYRILLIC_LANGUAGES) or CYRILLIC_LANGUAGES


def candidates(text: str) -> tuple[str, ...] | None:
    """The plausible languages of a text by script and a cheap first guess;
    None: any language lingua knows."""
    letters = count_letters(text)
    if not letters:
        return None
    if len(_CYRILLIC.findall(text)) > 0.5 * letters:
        return cyrillic_candidates(text)
    if len(_LATIN.findall(text)) > 0.5 * letters:
        return latin_candidates(text) or letter_candidates(text) or LATIN
    return None


LATIN = ("latin",)  # candidates(): every Latin-script language


def _without_names(text: str) -> str:
    """A short text's words that do not start with a capital, when they hold
    CHOOSE_MIN_LETTERS letters or more; else the text. In a headline the
    names weigh as much as the words around them, and lingua takes "Łódź
    mayor Zdanowska resigns" for Polish, "mayor resigns" for English. Texts
    of LINGUA_SHORT_CHARS or more are left whole: lingua judges them on
    trigrams only, and a shortened one would load its 1- to 5-gram models
    (2-3 s more for the Cyrillic Slavic languages, measured)."""
    if len(text) >= LINGUA_SHORT_CHARS:
        return text
    common = " ".join(w for w in _WORD.findall(text) if not w[0].isupper())
    return common if count_letters(common) >= CHOOSE_MIN_LETTERS else text


def _words_guess(text: str) -> tuple[str, ...] | None:
    """The languages a Latin-script text's function words name, None when
    they say nothing clear or the text is in another script. Unlike
    :func:`candidates`, never a guess resting on letters alone."""
    letters = count_letters(text)
    if not letters or len(_LATIN.findall(text)) <= 0.5 * letters or _weak_words(text):
        return None
    return latin_candidates(text)


def _bcms_probabilities(text: str, serbian_share: float, factors: dict[str, float] | None = None) -> dict[str, float]:
    """lingua's hr/sr/bs high-accuracy probabilities for a Latin-script text,
    read as Croatian against the other two: its Serbian model is of
    Cyrillic text and gives Serbian Latin ~0 (on every hr/sr/bs text of the
    dev gold), so what it gives Bosnian is Serbian or Bosnian, shared out by
    the prior ``serbian_share``; then each norm's share is multiplied by its
    factor (the jat reflex, :meth:`MarkerWeights.reflex_factors`) and the
    three are normalised again."""
    probs = {v.language.iso_code_639_1.name.lower(): v.value for v in _high_detector(BCMS).compute_language_confidence_values(text)}
    rest = probs.get("sr", 0.0) + probs.get("bs", 0.0)
    shares = {"hr": probs.get("hr", 0.0), "sr": rest * serbian_share, "bs": rest * (1 - serbian_share)}
    weighted = {c: p * (factors or {}).get(c, 1.0) for c, p in shares.items()}
    total = sum(weighted.values())
    return {c: p / total for c, p in weighted.items()} if total > 0 else weighted


class LinguaIdentifier:
    """lingua among the plausible languages + hr/sr/bs second stage with word markers.

    Detectors are built on first use (lingua loads each language's models
    when a text first needs them, and shares them between detectors)."""

    name = "langid.lingua.v1"

    def detect(self, text: str, refine: bool = True) -> Detection:
        """``refine=False`` skips the hr/sr/bs stage: a Latin-script hr/sr/bs
        text comes back as whichever of the three lingua ranked first (for
        callers that only need to know it is one of them)."""
        text = sample(text)
        cands = candidates(text)
        if decides_alone(text, cands):
            code, confidence = cands[0], 1.0
        else:
            if cands is not None and len(cands) == 1:
                cands = LATIN  # a weak one-language guess (_weak_words)
            broad = _broad_detector(cands if cands is None or cands == LATIN else tuple(sorted(cands)))
            values = broad.compute_language_confidence_values(sample(text, BROAD_SAMPLE_CHARS))
            if not values:
                return Detection(None, 0.0)
            code, confidence = values[0].language.iso_code_639_1.name.lower(), float(values[0].value)
        if (code in BCMS or code in CYRILLIC_LANGUAGES) and _cyrillic_share(text) > 0.5:
            return Detection(self._cyrillic(text, code, cands, confidence), confidence)
        if code not in BCMS or not refine:
            return Detection(code, confidence)
        hits = marker_hits(text)
        votes, weights = votes_of(hits), marker_weights()
        factors = weights.reflex_factors(hits["ekavian"], hits["ijekavian"])
        if MARKERS_DECIDE and weights.word > LINGUA_SPREAD and _marker_lead(votes) >= 1:
            # lingua cannot change the winner; its share is taken as even
            # (the confidence is informative only: nothing stores it).
            probs = dict.fromkeys(BCMS, 1.0 / len(BCMS))
        else:
            probs = _bcms_probabilities(text, weights.serbian_share, factors)
        scores = {c: math.log(probs.get(c, 0.0) + LINGUA_FLOOR) + weights.word * votes[c] for c in BCMS}
        best = max(scores, key=lambda c: scores[c])
        total = sum(math.exp(s - scores[best]) for s in scores.values())
        undecided = undecided_norms(votes, factors)
        return Detection(best, 1.0 / total, undecided if len(undecided) > 1 else ())

    def may_differ(self, text: str, language: str | None) -> bool:
        """Whether a segment of a document in ``language`` can be in another
        language, by the cheap first guess alone (no lingua): another script,
        function words of other languages, a long text whose function words
        say nothing clear, or a long hr/sr/bs text whose marker words lead
        for another norm. LanguageStep judges only such segments on their
        own; the others take the document's language (issue 17)."""
        if language is None:
            return True
        text = sample(text)
        cands = candidates(text)
        long = count_letters(text) >= MAY_DIFFER_LETTERS
        if cands is None:
            return True
        if cands == LATIN:
            return long or language in CYRILLIC_LANGUAGES and language != "sr"
        if language not in cands and not (language in BCMS and set(BCMS) & set(cands)):
            return True
        if language in BCMS and long:
            votes = marker_votes(text)
            best = max(votes, key=lambda c: votes[c])
            return best != language and _marker_lead(votes) >= 1
        return False

    def _cyrillic(self, text: str, code: str, cands: tuple[str, ...] | None, confidence: float) -> str:
        """Serbian in Cyrillic, told from the other Cyrillic Slavic languages.
        Croatian and Bosnian are not written in Cyrillic (Bosnian rarely is,
        in Serbian Cyrillic), so a Cyrillic hr/sr/bs text is Serbian; else
        lingua's high-accuracy models decide among the Cyrillic candidates
        (its low-accuracy stage takes short Serbian lines for Ukrainian or
        Macedonian, Ukrainian for Kazakh). The letters only Serbian writes
        (ђ, ћ) decide only through the first guess, when they make a real
        share of the text and Macedonian's own (ѓ, ќ, ѕ) do not: one Serbian
        name in a Macedonian text leaves both."""
        if code in BCMS:
            return "sr"
        slavic = tuple(c for c in CYRILLIC_SLAVIC if cands is None or c in cands)
        if code not in CYRILLIC_SLAVIC:
            # Kazakh or Mongolian: lingua's low-accuracy stage can give them
            # a Ukrainian or Belarusian text (they share "і"), even at 1.0.
            return self.choose(text, (code, *slavic)) if slavic else code
        narrowed = cands is not None and len(cands) < len(CYRILLIC_LANGUAGES)
        if len(slavic) < 2 or confidence >= CYRILLIC_SURE and (narrowed or count_letters(text) >= MAY_DIFFER_LETTERS):
            return code
        return self.choose(text, slavic)

    def choose(self, text: str, candidates: tuple[str, ...]) -> str:
        """The likelier of a few languages: the only one the function words
        leave, else lingua's high-accuracy models among them. Letters alone
        never decide here: in a short segment a foreign name's letters make
        a large share (an English headline naming a Polish city), and lingua
        then reads the segment without its names."""
        text = sample(text)
        plausible = _words_guess(text)
        if plausible is not None:
            left = [c for c in candidates if c in plausible]
            if len(left) == 1:
                return left[0]
        codes = tuple(sorted(set(candidates)))
        if len(codes) < 2 or _language(codes[0]) is None:
            return candidates[0]
        # Telling letters in a text its function words leave unclear are most
        # likely a name's: lingua reads the words around the names.
        judged = _without_names(text) if letter_candidates(text) is not None else text
        values = _high_detector(codes).compute_language_confidence_values(judged)
        return values[0].language.iso_code_639_1.name.lower() if values else candidates[0]


def _language(code: str) -> Any:
    from lingua import IsoCode639_1, Language

    iso = getattr(IsoCode639_1, code.upper(), None)
    return Language.from_iso_code_639_1(iso) if iso is not None else None


@cache
def _broad_detector(codes: tuple[str, ...] | None) -> Any:
    """lingua in low-accuracy mode among ``codes`` (:data:`LATIN`: every
    Latin-script language; None: all 75)."""
    from lingua import LanguageDetectorBuilder

    if codes is None:
        return LanguageDetectorBuilder.from_all_languages().with_low_accuracy_mode().build()
    if codes == LATIN:
        return LanguageDetectorBuilder.from_all_languages_with_latin_script().with_low_accuracy_mode().build()
    langs = [x for x in map(_language, codes) if x is not None]
    return LanguageDetectorBuilder.from_languages(*langs).with_low_accuracy_mode().build()


@cache
def _high_detector(codes: tuple[str, ...]) -> Any:
    """High-accuracy lingua models for a few languages (loaded once per set)."""
    from lingua import LanguageDetectorBuilder

    return LanguageDetectorBuilder.from_languages(*[x for x in map(_language, sorted(codes)) if x is not None]).build()


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
