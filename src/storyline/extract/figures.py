"""Figures: a number, the noun phrase it quantifies, and what its clause
says happened to those counted.

"više od 4,5 tisuća džihadista" -> 4500, at_least, jihadists; "oko 400
ranjenika" -> 400, approx, people, wounded; "tisuće civila" -> vague,
1000..9999 (ACLED's conservative low end, see ``lang/<code>/numbers.toml``).

What is counted is the head noun after the number, whatever it is
("2,500 dockworkers", "38 putnika"): ``lang/<code>/figures.toml`` gives
English words for common nouns and lists what is never counted (money,
measures, time, shares), so sums and ages are left alone. In English the
noun is found by spaCy's part of speech when the model is installed; in
other languages by the lemmatiser and, where the language's file lists
them, its case endings (Croatian, Serbian, Bosnian: ``[endings]``).

The predicate is looked for in the figure's own clause only (between the
clause boundaries around it: punctuation, "a", "dok", "koji", "while",
"which"): "više od 100 tisuća ljudi kao živi štit, a ubijeno je ..." counts
people used as shields, not people killed. The claimant is the speaker of
a quote that holds the figure.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import cache, cached_property

from ..lang import load_or_english, read_table, word_set
from ..records import Figure, Quote, TimeExpr
from .lemmas import function_words, is_known_word, is_verb, lemma
from .numbers import Number, number_words, read_number
from .spans import SpanIndex
from .tokens import Token, tokenize

# Words between a number and its noun, at most ("2.500 lučkih radnika",
# "150 Palestinian prisoners", "200 medical staff").
MAX_BETWEEN = 3
# Confidence of a figure, by what backs it. Hand-set, then checked on the
# development gold (evaluate/gold/figures, 2026-12-01): of the figures given
# 0.9 (known noun, digits) 78 of 80 were right in value, qualifier, what and
# predicate; of those given 0.5 (elliptical: "a 30 ih je ...") 10 of 12. The
# order holds; the values are cautious rather than calibrated.
BASE_CONFIDENCE = 0.6
KNOWN_NOUN = 0.2
DIGITS = 0.1
VAGUE_PENALTY = 0.15
ELLIPTICAL_PENALTY = 0.2
UNKNOWN_NOUN_PENALTY = 0.1
# Bare four-digit numbers in this range are years unless they count a noun
# of the [counted] table ("2015 deal" is a year, "1500 migranata" a count).
YEAR_LIKE = re.compile(r"^(1[89]\d\d|20\d\d)$")
CLAUSE_PUNCTUATION = frozenset(',;:()–—[]"“”„«»')
# Dashes that join the two ends of a range written close: "10-15".
RANGE_DASHES = frozenset({"-", "–"})
# English parts of speech that may stand in a noun phrase before its head.
EN_MODIFIERS = frozenset({"ADJ", "NOUN", "PROPN", "VERB"})


@dataclass(frozen=True)
class Lexicon:
    """Words and phrases of one table: exact forms/lemmas, phrases, and stems ("evakuir*")."""

    words: dict[str, str]
    phrases: tuple[tuple[tuple[str, ...], str], ...]  # longest first
    stems: tuple[tuple[str, str], ...]  # longest first

    @classmethod
    def of(cls, table: dict[str, object]) -> Lexicon:
        words, phrases, stems = {}, [], []
        for key, value in table.items():
            key = key.lower()
            if " " in key:
                phrases.append((tuple(key.split()), value))
            elif key.endswith("*"):
                stems.append((key[:-1], value))
            else:
                words[key] = value
        return cls(
            words=words,
            phrases=tuple(sorted(phrases, key=lambda p: -len(p[0]))),
            stems=tuple(sorted(stems, key=lambda s: -len(s[0]))),
        )

    @cached_property
    def _phrases_by_first(self) -> dict[str, tuple[int, ...]]:
        by_first: dict[str, list[int]] = {}
        for i, (phrase, _) in enumerate(self.phrases):
            by_first.setdefault(phrase[0], []).append(i)
        return {w: tuple(ix) for w, ix in by_first.items()}

    def phrases_at(self, form: str, lem: str) -> tuple[int, ...]:
        """Indexes of the phrases whose first word is ``form`` or ``lem``, in
        ``phrases`` order (trying every phrase at every word was the largest
        cost of a Serbian article)."""
        first = self._phrases_by_first
        a, b = first.get(form, ()), first.get(lem, ()) if lem != form else ()
        return tuple(sorted({*a, *b})) if a and b else a or b

    @cached_property
    def _stems_by_first(self) -> dict[str, tuple[tuple[str, str], ...]]:
        """The stems by their first letter, each group in ``stems`` order."""
        by_first: dict[str, list[tuple[str, str]]] = {}
        for stem, value in self.stems:
            by_first.setdefault(stem[:1], []).append((stem, value))
        return {c: tuple(group) for c, group in by_first.items()}

    def word(self, form: str, lem: str):
        """The value for one word, by its form, its lemma or a stem, or None.

        Only the stems that begin with the form's first letter are tried (a
        Serbian table holds every stem twice, in Latin and in Cyrillic: 50
        ``startswith`` a word was the figure reader's largest cost, issue 17);
        the first that fits in ``stems`` order wins, as before (an empty
        stem fits every word and comes last: stems are longest first)."""
        if form in self.words:
            return self.words[form]
        if lem in self.words:
            return self.words[lem]
        by_first = self._stems_by_first
        for stem, value in by_first.get(form[:1], ()):
            if form.startswith(stem):
                return value
        empty = by_first.get("")
        return empty[0][1] if empty else None


@dataclass(frozen=True)
class FigureWords:
    qualifiers: tuple[tuple[tuple[str, ...], str], ...]
    counted: Lexicon  # noun -> (English, unit)
    noun_predicates: Lexicon  # noun -> predicate class
    predicates: Lexicon  # word or phrase -> predicate class
    between: frozenset[str]
    not_counted: frozenset[str]
    elliptical: frozenset[str]
    boundaries: frozenset[str]
    currency: frozenset[str]
    exact: frozenset[str]
    transitive: frozenset[str]  # lemmas: after the figure, only passive forms count
    auxiliaries: frozenset[str]  # English: a passive needs one of them before the participle
    linking: frozenset[str]  # verbs that do not end the search for a predicate
    subset: tuple[tuple[str, ...], ...]  # "među kojima", "among them": a part of the figure before
    range_joiners: frozenset[str]  # "10 to 15", "200 do 300"
    range_openers: frozenset[str]  # "between", "između"
    range_ands: frozenset[str]  # "between 20 and 30"
    tally_joiners: frozenset[str]  # "312 votes to 201"
    partitive: frozenset[str]  # "of", "od": "5 of the 13", "nine of them"
    determiners: frozenset[str]  # "the", "these": between a partitive and its noun
    tolls: Lexicon  # "death toll" -> (English, unit): what a figure without a noun counts
    # French elided articles glued to the noun ("d'habitants"): read without them.
    elisions: tuple[str, ...] = ()
    # Scales that are approximate by themselves ("une centaine", "un millier"): about that many.
    approximate_scales: frozenset[str] = frozenset()
    # Case endings (lang/<code>/figures.toml "*_endings"; none: the rule is
    # not used). A word before the noun that agrees with it ("2.500 lučkih radnika"):
    modifier_endings: tuple[str, ...] = ()
    # Capitalised words that can be the counted noun: demonyms ("90 Palestinaca");
    # a capitalised word without one of these is a name, not what is counted.
    demonym_endings: tuple[str, ...] = ()
    # A participle or adjective in front of another noun ("opkoljenog grada").
    attributive_endings: tuple[str, ...] = ()
    # The active past after the figure: the figure did it ("20 napadača ubilo je")...
    active_past_endings: tuple[str, ...] = ()
    # ... unless it is one of these passive participles ("ubijeni", "zarobljeni").
    passive_endings: tuple[str, ...] = ()




@cache
def figure_words(language: str) -> FigureWords:
    data = load_or_english(language, "figures")
    quals = sorted(((tuple(k.split()), v) for k, v in data.get("qualifiers", {}).items()), key=lambda kv: -len(kv[0]))
    return read_table(
        FigureWords,
        data,
        f"lang/{language}/figures.toml",
        qualifiers=tuple(quals),
        counted=Lexicon.of({k: (v[0], v[1]) for k, v in data.get("counted", {}).items()}),
        noun_predicates=Lexicon.of(data.get("noun_predicates", {})),
        predicates=Lexicon.of(data.get("predicates", {})),
        tolls=Lexicon.of({k: (v[0], v[1]) for k, v in data.get("tolls", {}).items()}),
        range_joiners=word_set(data, "range_joiners") | RANGE_DASHES,
        subset=tuple(tuple(p.lower().split()) for p in data.get("subset", [])),
    )


def _unelided(word: str, elisions: tuple[str, ...]) -> str:
    """"d'habitants" -> "habitants" where the language elides articles onto nouns."""
    for e in elisions:
        if word.startswith(e) and len(word) > len(e):
            return word[len(e) :]
    return word


@dataclass(slots=True)
class _Sentence:
    """One sentence's tokens with what the rules ask of them, computed once."""

    toks: list[Token]
    low: list[str]
    language: str
    pos: Callable[[int], str | None]

    def lemma(self, i: int) -> str:
        return lemma(self.low[i], self.language)


@dataclass(slots=True)
class _Head:
    index: int  # token index of the counted noun
    what: str
    unit: str
    noun: str
    known: bool
    predicate: str | None  # from the noun itself ("poginulih", "wounded")
    modifier: tuple[str, int] | None = None  # "19 wounded soldiers": the class and its token


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
        toks = tokenize(text[s:e], s)
        sent = _Sentence(toks, [_unelided(t.text.lower(), fw.elisions) for t in toks], language, _pos_tagger(text[s:e], s, toks, language))
        figures: list[Figure] = []
        waiting: list[Figure] = []  # elliptical figures before any noun: "poginulo 14, a ranjeno 37 ljudi"
        i = 0
        while i < len(toks):
            if in_time.covers(toks[i].start):
                i += 1
                continue
            num = read_number(toks, i, language, sent.low)
            if num is None or not _may_start(sent, i, fw):
                i = max(i + 1, num.end if num else 0)
                continue
            if figures and i >= 2 and sent.low[i - 1] in fw.tally_joiners and toks[i - 2].end == figures[-1].what_end:
                i = num.end  # "312 votes to 201": the other side of a tally
                continue
            num = _range(sent, num, fw)
            fig, after = _figure(sent, num, fw, figures)
            if fig is None:
                i = max(i + 1, num.end)
                continue
            claim = quoted.first_containing(fig.start, fig.end, slack=1)
            if claim and claim.speaker:
                fig.claimed_by = claim.speaker
                fig.claim_start, fig.claim_end = claim.speaker_start, claim.speaker_end
            if fig.what == "" and not figures:
                waiting.append(fig)
            else:
                for w in waiting:
                    w.what, w.unit, w.noun = fig.what, fig.unit, fig.noun
                out.extend(waiting)
                waiting = []
                out.append(fig)
                figures.append(fig)
            i = after
    return out


def _may_start(sent: _Sentence, i: int, fw: FigureWords) -> bool:
    """Not a sum ("$120 million"), an ordinal ("2. bojna") or a part of a word."""
    w = sent.low[i]
    if i > 0 and sent.low[i - 1] in fw.currency:
        return False
    if _glued_colon(sent, i - 1, i - 2) or _glued_colon(sent, i + 1, i + 2):
        return False  # "2:0", "14:30": a score or a time
    if w[0].isdigit() and sent.language != "en" and i + 1 < len(sent.toks):
        nxt = sent.toks[i + 1]
        if (
            nxt.text == "."
            and nxt.start == sent.toks[i].end
            and i + 2 < len(sent.toks)
            and sent.toks[i + 2].text[0].islower()
        ):
            return False  # "2014. do danas", "3. bojna": an ordinal
    return True


def _glued_colon(sent: _Sentence, colon: int, other: int) -> bool:
    toks = sent.toks
    if not (0 <= colon < len(toks) and 0 <= other < len(toks)) or toks[colon].text != ":":
        return False
    a, b = sorted((colon, other))
    return toks[other].text[0].isdigit() and toks[a].end == toks[b].start


def _range(sent: _Sentence, num: Number, fw: FigureWords) -> Number:
    """ "10-15 tisuća", "od 200 do 300", "between 800 and 1,200": one range."""
    j = num.end
    if num.value is None or j + 1 >= len(sent.toks):
        return num
    joiner = sent.low[j]
    opened = num.start > 0 and sent.low[num.start - 1] in fw.range_openers
    if not (joiner in fw.range_joiners or (opened and joiner in fw.range_ands)):
        return num
    if joiner in RANGE_DASHES and sent.toks[j].start != sent.toks[j - 1].end:
        return num  # "20 - a dash", not "20-30"
    language = sent.language
    second = read_number(sent.toks, j + 1, language, sent.low)
    if second is None or second.value is None or second.value <= num.value:
        return num
    low = num.value
    scale = number_words(language).scales.get(sent.low[second.end - 1])
    if scale and num.end - num.start == 1 and low * scale <= second.value:
        low *= scale  # "10-15 tisuća": the scale is the second number's
    return Number(None, low, second.value, num.start, second.end)


def _figure(sent: _Sentence, num: Number, fw: FigureWords, before: list[Figure]) -> tuple[Figure | None, int]:
    """The figure of the number, with the token index to read on from."""
    toks, low = sent.toks, sent.low
    head = _head(sent, num.end, fw)
    whole = None if head is not None else _of_whole(sent, num.end, fw)
    if whole is not None:
        head, whole_start = whole
    elliptical = False
    digits = toks[num.start].text[0].isdigit()
    if head is None:
        if not _elliptical(sent, num.end, fw) or (digits and YEAR_LIKE.match(toks[num.start].text)):
            return None, num.end  # "... than in 2019.": a year, not a count
        elliptical = True
    if (
        head is not None
        and not head.known
        and digits
        and num.end - num.start == 1
        and YEAR_LIKE.match(toks[num.start].text)
    ):
        return None, num.end  # "the 2015 deal": a year
    qualifier, q_start = "exact", toks[num.start].start
    for phrase, q in fw.qualifiers:
        k = num.start - len(phrase)
        if k >= 0 and tuple(low[k : num.start]) == phrase:
            qualifier, q_start = q, toks[k].start
            break
    else:
        if num.start > 0 and low[num.start - 1] in fw.range_openers and num.value is None:
            q_start = toks[num.start - 1].start
    if num.value is None and qualifier == "exact" and not (num.start > 0 and low[num.start - 1] in fw.exact):
        qualifier = "approx"
    if qualifier == "exact" and any(w in fw.approximate_scales for w in low[num.start : num.end]):
        qualifier = "approx"  # "une centaine": about a hundred
    end_tok = head.index if head is not None else num.end - 1
    if whole is not None:
        end_tok = whole_start - 1  # "5 of the": the 13 are a figure of their own
    # "nine of them", "100 others": the elliptical words are part of the figure.
    if head is None and num.end < len(toks) and low[num.end] in fw.elliptical:
        end_tok = num.end
    elif (
        head is None and num.end + 1 < len(toks) and low[num.end] in fw.partitive and low[num.end + 1] in fw.elliptical
    ):
        end_tok = num.end + 1
    fig = Figure(
        start=q_start,
        end=toks[end_tok].end,
        value=num.value,
        low=num.low,
        high=num.high,
        qualifier=qualifier,
        unit=head.unit if head else "",
        what=head.what if head else "",
        vague=num.approximate,
    )
    if head is not None:
        fig.what_start, fig.what_end, fig.noun = toks[head.index].start, toks[head.index].end, head.noun
    else:
        toll = _toll(sent, num.start, end_tok, fw, q_start)
        if toll is not None:  # "the death toll rose to 52": people
            fig.what, fig.unit = toll
        elif before:  # "a još 40 čeka", "100 others": what the sentence's last figure counted
            last = before[-1]
            fig.what, fig.unit, fig.noun = last.what, last.unit, last.noun
    predicate = head.predicate if head is not None else None
    if predicate is not None:
        fig.predicate, fig.predicate_start, fig.predicate_end = predicate, toks[head.index].start, toks[head.index].end
    else:
        found = _clause_predicate(sent, num.start, end_tok, fw, q_start)
        if found is None and before and _subset_of_before(sent, before[-1], num.start, fw):
            last = before[-1]  # "340 osoba, od kojih 85 djece": the part shares what happened to the whole
            found = (last.predicate, last.predicate_start, last.predicate_end) if last.predicate else None
        if found is None and head is not None and head.modifier is not None:
            cls, k = head.modifier  # "19 ranjenih vojnika": the participle before the noun
            found = (cls, toks[k].start, toks[k].end)
        if found:
            fig.predicate, fig.predicate_start, fig.predicate_end = found
    fig.confidence = _confidence(head, digits, num, elliptical)
    return fig, end_tok + 1


def _of_whole(sent: _Sentence, j: int, fw: FigureWords) -> tuple[_Head, int] | None:
    """ "5 of the 13 hostages", "12 od 140 putnika": the part counts the whole's
    noun; returns that noun and where the whole's number starts."""
    low = sent.low
    if j >= len(low) or low[j] not in fw.partitive:
        return None
    k = j + 1
    if k < len(low) and low[k] in fw.determiners:
        k += 1
    if k >= len(low) or not (sent.toks[k].text[0].isdigit() or low[k] in number_words(sent.language).words):
        return None
    whole = read_number(sent.toks, k, sent.language, low)
    head = _head(sent, whole.end, fw) if whole is not None else None
    return (head, k) if head is not None else None


def _subset_of_before(sent: _Sentence, last: Figure, start: int, fw: FigureWords) -> bool:
    """A phrase like "među kojima", "among them" stands between the last figure and this one."""
    # Indexed by offset: a scan of the whole sentence per figure was quadratic on long ones.
    first = bisect_left(sent.toks, last.end, key=lambda t: t.start)
    low = sent.low
    return any(tuple(low[k : k + len(p)]) == p for k in range(first, start) for p in fw.subset if k + len(p) <= start)


def _toll(sent: _Sentence, first: int, last: int, fw: FigureWords, q_start: int) -> tuple[str, str] | None:
    """What a number without a noun counts, by a phrase of its clause ("death toll", "broj poginulih")."""
    left, right, _ = _clause(sent, first, last, fw, q_start)
    low = sent.low
    for phrase, value in fw.tolls.phrases:
        n = len(phrase)
        if any(tuple(low[k : k + n]) == phrase for k in range(left, right - n + 1)):
            return value
    return None


def _clause(sent: _Sentence, first: int, last: int, fw: FigureWords, q_start: int) -> tuple[int, int, int]:
    """Token bounds (left, right exclusive) of the figure's clause, and where its qualifier starts."""
    toks = sent.toks
    lo = first
    while lo > 0 and toks[lo - 1].start >= q_start:
        lo -= 1  # the qualifier's words are the figure's
    left = lo
    while left > 0 and not _boundary(sent, left - 1, fw):
        left -= 1
    right = last + 1
    while right < len(toks) and not _boundary(sent, right, fw):
        right += 1
    return left, right, lo


def _head(sent: _Sentence, j: int, fw: FigureWords) -> _Head | None:
    """The noun the number quantifies, starting at token ``j``, or None."""
    toks, low = sent.toks, sent.low
    skipped = 0
    while j < len(toks) and skipped <= MAX_BETWEEN:
        w = low[j]
        if (not toks[j].is_word and w != "%") or w in fw.elliptical or w in number_words(sent.language).openers:
            return None  # "nekoliko desetaka": a number word is never the counted noun
        if w in fw.not_counted or sent.lemma(j) in fw.not_counted:
            return None
        known = fw.counted.word(w, sent.lemma(j))
        said = fw.noun_predicates.word(w, sent.lemma(j))
        if known and said and _noun_follows(sent, j, fw):
            head = _head(sent, j + 1, fw)  # "19 wounded soldiers", "12 poginulih civila"
            if head is not None:
                head.modifier = head.modifier or (said, j)
            return head
        if known:
            # "more people", "of the children": a modifier that is also a counted word reads on when a noun follows.
            if not (w in fw.between and _noun_follows(sent, j, fw)):
                return _make_head(sent, j, fw, known)
        elif w in fw.between or _is_modifier(sent, j, fw):
            pass
        elif _is_noun(sent, j, fw):
            return _make_head(sent, j, fw, None)
        else:
            return None
        j += 1
        skipped += 1
    return None


def _make_head(sent: _Sentence, j: int, fw: FigureWords, known: tuple[str, str] | None) -> _Head:
    w, lem = sent.low[j], sent.lemma(j)
    noun = lem if sent.language != "en" else (lem if lem.isalpha() else w)
    if known:
        what, unit = known
    else:
        what, unit = (w if sent.language == "en" else lem), "other"
    return _Head(j, what, unit, noun, known is not None, fw.noun_predicates.word(w, lem))


def _noun_follows(sent: _Sentence, j: int, fw: FigureWords) -> bool:
    k = j + 1
    if k < len(sent.toks) and sent.low[k] in fw.determiners:
        k += 1
    return (
        k < len(sent.toks)
        and sent.toks[k].is_word
        and (fw.counted.word(sent.low[k], sent.lemma(k)) is not None or _is_noun(sent, k, fw))
    )


def _is_modifier(sent: _Sentence, j: int, fw: FigureWords) -> bool:
    """A word before the head noun: an adjective, or a noun of a compound ("aid trucks")."""
    if j + 1 >= len(sent.toks) or not sent.toks[j + 1].is_word:
        return False
    if sent.language == "en":
        tag = sent.pos(j)
        if tag is None or tag not in EN_MODIFIERS or tag == "VERB" and not sent.low[j].endswith("ed"):
            return False
        nxt = sent.pos(j + 1)
        return nxt in ("NOUN", "PROPN") or fw.counted.word(sent.low[j + 1], sent.lemma(j + 1)) is not None
    return bool(fw.modifier_endings) and sent.low[j].endswith(fw.modifier_endings) and (
        fw.counted.word(sent.low[j + 1], sent.lemma(j + 1)) is not None or _is_noun(sent, j + 1, fw)
    )


def _is_noun(sent: _Sentence, j: int, fw: FigureWords) -> bool:
    """A word that can be the counted noun: a noun by its part of speech or
    by the lemmatiser, not a verb, a function word or a measure."""
    tok, w = sent.toks[j], sent.low[j]
    if (
        not tok.is_word
        or "'" in w
        or "’" in w
        or w in fw.not_counted
        or w in function_words(sent.language)
        or w in fw.boundaries
    ):
        return False
    if sent.language == "en":
        tag = sent.pos(j)
        if tag is not None:
            return tag == "NOUN" or (tag == "PROPN" and w.endswith("s") and tok.text[0].isupper())
        return is_known_word(w, "en") and lemma(w, "en") != w and w.endswith("s")  # a plural without a tagger
    if is_verb(w, sent.language) or w in _qualifier_words(sent.language):
        return False
    if tok.is_capitalised and fw.demonym_endings:
        # Demonyms are capitalised in the genitive plural: "90 Palestinaca", "Nijemaca".
        return w.endswith(fw.demonym_endings)
    return is_known_word(w, sent.language) or sent.lemma(j) != w


@cache
def _qualifier_words(language: str) -> frozenset[str]:
    return frozenset(w for phrase, _ in figure_words(language).qualifiers for w in phrase)


def _elliptical(sent: _Sentence, at: int, fw: FigureWords) -> bool:
    """The number stands alone: a verb, the clause's end or "others" follows it."""
    if at >= len(sent.toks):
        return True
    nxt, w = sent.toks[at], sent.low[at]
    if w in fw.elliptical or (w in fw.partitive and at + 1 < len(sent.toks) and sent.low[at + 1] in fw.elliptical):
        return True
    if not nxt.is_word:
        return nxt.text in ",.;:!?)"
    if w in fw.boundaries:
        return True  # "more than 500 when it sank"
    if sent.language == "en":
        return sent.pos(at) in ("VERB", "AUX")
    return is_verb(nxt.text, sent.language)


def _clause_predicate(
    sent: _Sentence, first: int, last: int, fw: FigureWords, q_start: int
) -> tuple[str, int, int] | None:
    """The predicate class nearest the figure within its own clause, with its characters."""
    toks = sent.toks
    left, right, lo = _clause(sent, first, last, fw, q_start)
    best: tuple[int, str, int, int] | None = None
    # Outward on each side; another verb ends a side: "uhitila 11 krijumčara
    # i zaustavila 230 migranata" says nothing of arrest about the migrants.
    for side in (range(lo - 1, left - 1, -1), range(last + 1, right)):
        for k in side:
            hit = _predicate_at(sent, k, fw)
            if hit is not None and (_attributive(sent, k, fw) or _counted_by_another(sent, k)):
                continue  # "the besieged hospital", "i 400 ranjenika": said of another noun
            if hit is not None and k > last and not _passive(sent, k, last, fw):
                break  # "gunmen ... abducted 32 women": the figure did it
            if hit is not None:
                cls, span = hit
                distance = lo - k if k < lo else k - last
                if best is None or distance < best[0] or (distance == best[0] and k > last):
                    best = (distance, cls, toks[k].start, toks[k + span - 1].end)
                break
            if _other_verb(sent, k, fw):
                break
    return best[1:] if best else None


def _attributive(sent: _Sentence, k: int, fw: FigureWords) -> bool:
    """A participle or adjective in front of another noun ("besieged hospital", "opkoljenog grada")."""
    if k + 1 >= len(sent.toks) or not sent.toks[k + 1].is_word:
        return False
    if sent.language == "en":
        return sent.pos(k) in ("ADJ", "VERB") and sent.pos(k + 1) == "NOUN" and sent.low[k].endswith("ed")
    return bool(fw.attributive_endings) and sent.low[k].endswith(fw.attributive_endings) and _is_noun(sent, k + 1, fw)


def _counted_by_another(sent: _Sentence, k: int) -> bool:
    """The word is the noun of another figure ("oko 400 ranjenika"): what it says is that figure's."""
    if k == 0:
        return False
    prev = sent.low[k - 1]
    return prev[0].isdigit() or prev in number_words(sent.language).openers


def _passive(sent: _Sentence, k: int, last: int, fw: FigureWords) -> bool:
    """After the figure, a transitive verb counts only when its subject
    suffers it: "were killed", "stranded" right after the noun, "ubijeno"."""
    w, lem = sent.low[k], sent.lemma(k)
    if lem not in fw.transitive and w not in fw.transitive:
        return True
    if sent.language == "en":
        if any(sent.low[m] in fw.auxiliaries for m in range(max(last + 1, k - 3), k)):
            return True
        nxt = sent.pos(k + 1) if k + 1 < len(sent.toks) else None
        adverbs = all(sent.low[m].endswith("ly") for m in range(last + 1, k))
        return adverbs and nxt not in ("NUM", "DET", "NOUN", "PROPN", "PRON")
    # By the ending (lang/<code>/figures.toml active_past_endings; Croatian -l, -la, -li, -lo, -le: "ubilo", "oteli").
    return not w.endswith(fw.active_past_endings) or w.endswith(fw.passive_endings)


def _other_verb(sent: _Sentence, k: int, fw: FigureWords) -> bool:
    """A verb that is neither a predicate nor a linking verb: the clause's own action."""
    w = sent.low[k]
    if not sent.toks[k].is_word or w in fw.linking or sent.lemma(k) in fw.linking:
        return False
    if sent.language == "en":
        return sent.pos(k) == "VERB"
    return w not in function_words(sent.language) and is_verb(w, sent.language)


def _predicate_at(sent: _Sentence, k: int, fw: FigureWords) -> tuple[str, int] | None:
    low = sent.low
    phrases = fw.predicates.phrases
    for i in fw.predicates.phrases_at(low[k], sent.lemma(k)) if phrases else ():
        phrase, cls = phrases[i]
        n = len(phrase)
        if k + n <= len(low) and all(low[k + m] == p or sent.lemma(k + m) == p for m, p in enumerate(phrase)):
            return cls, n
    if not sent.toks[k].is_word:
        return None
    cls = fw.predicates.word(low[k], sent.lemma(k))
    return (cls, 1) if cls else None


def _boundary(sent: _Sentence, k: int, fw: FigureWords) -> bool:
    return sent.toks[k].text in CLAUSE_PUNCTUATION or sent.low[k] in fw.boundaries


def _confidence(head: _Head | None, digits: bool, num: Number, elliptical: bool) -> float:
    c = BASE_CONFIDENCE
    if head is not None:
        c += KNOWN_NOUN if head.known else -UNKNOWN_NOUN_PENALTY
    if digits:
        c += DIGITS
    if num.approximate:
        c -= VAGUE_PENALTY
    if elliptical:
        c -= ELLIPTICAL_PENALTY
    return round(max(0.05, min(0.95, c)), 3)


def _pos_tagger(sentence: str, offset: int, toks: list[Token], language: str) -> Callable[[int], str | None]:
    """Coarse part of speech of a token (English, by spaCy), computed on first
    use: most sentences hold no number and are never tagged. None when the
    model is not installed or the language is not English."""
    if language != "en":
        return lambda i: None
    tags: list[str | None] = []

    def pos(i: int) -> str | None:
        if not tags:
            tags.extend(_tag_tokens(sentence, offset, toks))
        return tags[i]

    return pos


def _tag_tokens(sentence: str, offset: int, toks: list[Token]) -> list[str | None]:
    nlp = _english_tagger()
    if nlp is None:
        return [None] * len(toks)
    from ..backends.spacy_en import tag_pos

    parsed = nlp.make_doc(sentence)
    tag_pos(nlp, parsed)
    by_start = {offset + t.idx: t.pos_ for t in parsed}
    by_char: dict[int, str] = {}
    for t in parsed:
        for c in range(offset + t.idx, offset + t.idx + len(t.text)):
            by_char[c] = t.pos_
    return [by_start.get(t.start) or by_char.get(t.start) for t in toks]


@cache
def _english_tagger():
    """spaCy's English pipeline, or None without it: figures then fall back
    to the [counted] table and plural nouns the lemmatiser knows."""
    from ..errors import NotInstalled

    try:
        from ..backends.spacy_en import load_model

        return load_model()
    except (NotInstalled, ImportError):
        return None
