"""Figures: counts of people and things, with qualifier, what they count and
who claims them.

"više od 4,5 tisuća džihadista" -> 4500, at_least, jihadists; "oko 400
ranjenika" -> 400, approx; "desetak tisuća" -> a range. A number counts as
a figure only when a counted noun from ``lang/<code>/figures.toml``
follows it (possibly after an adjective or two), so years, sums, ages and
percentages are left alone. The claimant is the speaker of a quote that
holds the figure.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache

from ..lang import load_or_english
from ..records import Figure, Quote, TimeExpr
from .lemmas import is_verb, lemma
from .numbers import read_number
from .spans import SpanIndex
from .tokens import tokenize

# Words between a number and its noun, at most.
MAX_BETWEEN = 2


@dataclass(frozen=True)
class FigureWords:
    qualifiers: tuple[tuple[tuple[str, ...], str], ...]
    counted: dict[str, tuple[str, str]]
    between: frozenset[str]


@cache
def figure_words(language: str) -> FigureWords:
    data = load_or_english(language, "figures")
    quals = sorted(((tuple(k.split()), v) for k, v in data.get("qualifiers", {}).items()), key=lambda kv: -len(kv[0]))
    return FigureWords(
        qualifiers=tuple(quals),
        counted={k: (v[0], v[1]) for k, v in data.get("counted", {}).items()},
        between=frozenset(data.get("between", [])),
    )


def find_figures(
    text: str,
    sentences: Sequence[tuple[int, int]],
    language: str,
    times: Sequence[TimeExpr] = (),
    quotes: Sequence[Quote] = (),
) -> list[Figure]:
    fw = figure_words(language)
    out: list[Figure] = []
    # Indexed look-ups keep this linear on long texts (a scan per token was quadratic).
    in_time, quoted = SpanIndex(times), SpanIndex(quotes)
    for s, e in sentences:
        sentence_figures: list[Figure] = []
        toks = tokenize(text[s:e], s)
        low = [t.text.lower() for t in toks]
        i = 0
        while i < len(toks):
            if in_time.covers(toks[i].start):
                i += 1
                continue
            num = read_number(toks, i, language, low)
            if num is None:
                i += 1
                continue
            counted = None
            j = num.end
            skipped = 0
            while j < len(toks) and skipped <= MAX_BETWEEN:
                w = low[j]
                counted = fw.counted.get(w) or fw.counted.get(lemma(w, language))
                if counted or w not in fw.between:
                    break
                j += 1
                skipped += 1
            if not counted and sentence_figures and _elliptical(toks, num.end, language):
                # "1.200 ljudi …, a još 300 čeka": the noun is left out; the
                # number counts what the sentence's last figure counted.
                last = sentence_figures[-1]
                counted, j = (last.what, last.unit), num.end - 1
            if not counted:
                i = max(i + 1, num.end)
                continue
            qualifier, q_start = "exact", toks[i].start
            for phrase, q in fw.qualifiers:
                k = i - len(phrase)
                if k >= 0 and tuple(low[k:i]) == phrase:
                    qualifier, q_start = q, toks[k].start
                    break
            if num.value is None and qualifier == "exact":
                qualifier = "approx"
            what, unit = counted
            fig = Figure(
                start=q_start,
                end=toks[j].end,
                value=num.value,
                low=num.low,
                high=num.high,
                qualifier=qualifier,
                unit=unit,
                what=what,
                what_start=toks[j].start,
                what_end=toks[j].end,
            )
            claim = quoted.first_containing(fig.start, fig.end, slack=1)
            if claim and claim.speaker:
                fig.claimed_by = claim.speaker
                fig.claim_start, fig.claim_end = claim.speaker_start, claim.speaker_end
            out.append(fig)
            sentence_figures.append(fig)
            i = j + 1
    return out


def _elliptical(toks, at: int, language: str) -> bool:  # noqa: ANN001
    """The number stands alone: a verb or the clause's end follows it."""
    if at >= len(toks):
        return True
    nxt = toks[at]
    return not nxt.is_word and nxt.text in ",.;:!?)" or (nxt.is_word and is_verb(nxt.text, language))
