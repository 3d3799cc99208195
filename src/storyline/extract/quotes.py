"""Who said what: direct quotes in every common style and reported speech.

Direct quotes: „…“, “…”, "…", »…«, «…» and dash-introduced paragraphs
("– … – naglasio je X"). Reported speech: "X je kazao da …", "X said
(that) …"; attributions: "prema riječima X, …", "according to X". Each
quote carries its kind (direct | reported | attribution) and a confidence.

The speaker is the subject of the reporting verb, never its object or
addressee ("told Fox News", "rekao je za HRT"): in English the dependency
parse of the few sentences holding a reporting verb names the subject (and
tells a verb from the noun "states"); in Croatian the rules read word order,
prepositions and the verb's agreement ("rekla je": a woman). A pronoun, or a
Croatian verb without a subject ("dodao je"), goes to the nearest earlier
person of a compatible gender, never to an organisation; a run of quotes
goes on with the last speaker until another is named. Cue words live in
``lang/<code>/quotes.toml``.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from functools import cache, cached_property
from itertools import pairwise

from ..lang import load_or_english, read_table
from ..lang.dictionaries import cached_gender_detector
from ..records import Document, Mention, Quote
from .entities import cues
from .lemmas import function_words, lemma, one_of
from .names import governed_prepositions
from .spans import SpanIndex
from .tokens import Token, tokenize

PAIRS = {"„": "“”\"", "“": "”\"", "”": "”", "»": "«", "«": "»", '"': '"', "‚": "‘’", "‘": "’"}
# Closing marks that are also apostrophes ("don’t"): between two letters they close nothing.
APOSTROPHES = "’'"
# Quotes shorter than this many words count only with a reporting verb
# beside them or as the next quote of a run (otherwise they are titles or
# scare quotes).
MIN_WORDS_WITHOUT_VERB = 6
# Tokens between a quote and its reporting verb.
VERB_WINDOW = 6
SPEAKER_TYPES = ("person", "organization", "group")
# Places speak too, as the subject of a reporting verb ("Rusija je rekla",
# "Russia said"), never through a role or pronoun.
SUBJECT_TYPES = (*SPEAKER_TYPES, "location")
# A short quote (fewer than MIN_WORDS_WITHOUT_VERB words) is attributed only
# to a reporting verb at most this many tokens before it; farther off it is
# a scare quote ("nazivajući taj čin „pokoljem“").
NEAR_VERB = 8
# Words between a role's title and the name it goes with, at most
# ("glasnogovornik Ministarstva unutarnjih poslova Zvonimir Bačić").
ROLE_WORDS = 6
# Words between a reporting verb and the name in apposition to its subject's role, at most
# (5 missed two French and Spanish roles of the development sets, "celebró en redes sociales la ministra de Igualdad, X").
APPOSED_ROLE = 9
# Words of an insertion between a subject and its verb, at most
# ("the Northern Front, which reportedly sided with the army ..., denied").
MAX_INSERTION = 18
# A dash that opens a quote: at a line start, or after a sentence's end.
_DASH_OPEN = re.compile(r"(?m)(?:^[ \t]*|(?<=[.!?…])[ \t]+)[–—-][ \t]+(?=\S)")
# The dash that closes it, before the reporting verb: "…, – rekao je X", "… – naglasio je X".
_DASH_CLOSE = re.compile(r"[,.!?]?[ \t]+[–—-][ \t]+")
# Characters a dash quote runs at most.
MAX_DASH_QUOTE = 1500
# A pronoun or a subjectless verb looks this many characters back for its
# person (about three news paragraphs); farther back it is a guess.
PRONOUN_REACH = 700
# A verb without a subject ("…“, dodao je.") looks less far: its speaker
# was named in the sentence before or the one before that.
DROPPED_REACH = 350
# A run of quotes goes on with its speaker across at most this many
# characters between two quotes (the attribution and a paragraph break).
RUN_GAP = 160
# How sure an attribution is, by how its speaker was found: a ranking of
# risk for the brief (which marks the low ones), not a measured
# probability. On our gold (evaluate/gold/quotes/) every way was right 85 to
# 100 % of the time, too few cases apart to calibrate; the order follows
# where the known failures come from (a pronoun or a run reaching the wrong
# person, a subjectless verb guessing among several), and an unnamed
# speaker ("one resident said") is no attribution at all.
CONFIDENCE = {
    "named": 0.9,  # a name as the verb's subject, next to it
    "institution": 0.8,  # "the ministry said", "Vlada je objavila"
    "role": 0.75,  # "the spokesman said", resolved to the person introduced with that role
    "pronoun": 0.7,  # "she said": the nearest person of her gender
    "dropped": 0.65,  # "dodao je": no subject, the verb's agreement picks the person
    "run": 0.6,  # the next quote of a run, no verb of its own
    "colon": 0.75,  # "X was blunt: “…”": the person the sentence before the colon is about
    "unnamed": 0.2,  # a subject that names nobody ("witnesses said")
}
# A named subject farther than this from its verb (an insertion between)
# is a little less sure.
FAR_SUBJECT = 40
FAR_PENALTY = 0.1


@dataclass(frozen=True)
class QuoteWords:
    verb_lemmas: frozenset[str]
    verb_forms: frozenset[str]
    source_phrases: tuple[tuple[str, ...], ...]
    complementisers: frozenset[str]
    pronouns: frozenset[str]
    auxiliaries: frozenset[str]
    relatives: frozenset[str]
    adverbs: frozenset[str]
    connectors: frozenset[str]
    genitive_markers: frozenset[str]
    bare_clause_verbs: frozenset[str]
    object_verbs: frozenset[str]
    pronoun_gender: dict[str, str]
    feminine_endings: tuple[str, ...]
    masculine_endings: tuple[str, ...]
    title_abbreviations: frozenset[str]
    not_verbs_after: frozenset[str]
    drops_subjects: bool
    source_prepositions: frozenset[str]
    # German opens a reported clause with a comma, its verb in the
    # subjunctive ("sagte, die Lage habe sich beruhigt"): these verb forms
    # after a comma make the comma the clause's start.
    comma_clause_markers: frozenset[str] = frozenset()
    # French puts the pronoun after the verb with hyphens ("a-t-il
    # déclaré", "dit-elle"): suffix -> the pronoun's gender.
    inverted_pronouns: tuple[tuple[str, str], ...] = ()
    # A verb ending in one of these is plural ("sagten sie": they, not she).
    plural_verb_endings: tuple[str, ...] = ()
    # Source phrases only at a sentence's start, too common elsewhere ("Pour X, « … »", "Para X, …").
    opening_phrases: tuple[tuple[str, ...], ...] = ()
    # Source phrases naming the source by a pronoun ("по его словам", "selon elle") -> its gender.
    pronoun_sources: dict[tuple[str, ...], str] = field(default_factory=dict)
    # Verbs that report only in their reflexive form ("se félicite", "s'inquiète",
    # "s'est réjoui"), by lemma or as written, and the reflexive pronouns that
    # stand before them or are elided onto them or their auxiliary ("s'", "se").
    reflexive_verbs: frozenset[str] = frozenset()
    reflexive_pronouns: frozenset[str] = frozenset()

    def inverted(self, word: str) -> tuple[str, str] | None:
        """(the verb without its pronoun, the pronoun's gender) for "dit-il", "a-t-elle"; None otherwise."""
        low = word.lower()
        for suffix, gender in self.inverted_pronouns:
            if low.endswith(suffix) and len(low) > len(suffix):
                return low[: -len(suffix)], gender
        return None

    @cached_property
    def source_firsts(self) -> frozenset[str] | None:
        """The words the source phrases start with (None when one is empty: it starts anywhere)."""
        return None if any(not p for p in self.source_phrases) else frozenset(p[0] for p in self.source_phrases)


def _phrases(phrases: list[str]) -> tuple[tuple[str, ...], ...]:
    """Phrases of the file as tuples of words, in the file's order."""
    return tuple(tuple(p.split()) for p in phrases)


@cache
def quote_words(language: str) -> QuoteWords:
    """The language's ``quotes.toml`` through :func:`storyline.lang.read_table`
    (its word lists lower-cased, a misspelt key refused). Title
    abbreviations keep their case ("Dr.", "M."): they are matched as written."""
    data = load_or_english(language, "quotes")
    return read_table(
        QuoteWords,
        data,
        f"lang/{language}/quotes.toml",
        also=("opening_source_phrases", "pronoun_source_phrases"),
        source_phrases=tuple(sorted(_phrases(data.get("source_phrases", [])), key=len, reverse=True)),
        pronoun_gender=dict(data.get("pronoun_gender", {})),
        title_abbreviations=frozenset(data.get("title_abbreviations", [])),
        drops_subjects=bool(data.get("drops_subjects", False)),
        inverted_pronouns=tuple(sorted(data.get("inverted_pronouns", {}).items(), key=lambda kv: -len(kv[0]))),
        opening_phrases=_phrases(data.get("opening_source_phrases", [])),
        pronoun_sources={tuple(p.split()): g for p, g in data.get("pronoun_source_phrases", {}).items()},
    )


def is_reporting_verb(word: str, language: str, *, before: str = "") -> bool:
    """A form of a reporting verb by its spelling alone; the part of speech
    in context is checked by the finder (a noun "states" is no verb). With
    ``before`` (the text before the word), a reflexive reporting verb counts
    too when its pronoun stands there or is elided onto it ("se félicite",
    "s'inquiète", "s'est réjoui", "se sont indignés")."""
    qw = quote_words(language)
    low = word.lower()
    inv = qw.inverted(low)
    if inv:  # "déclare-t-il", "dit-elle"
        low = inv[0]
    if low in qw.verb_forms or lemma(low, language) in qw.verb_lemmas:
        return True
    if not qw.reflexive_verbs:
        return False
    elided = next((p for p in qw.reflexive_pronouns if p[-1] in "'’" and low.startswith(p) and len(low) > len(p)), None)
    if elided:
        low = low[len(elided) :]
    elif not _reflexive_before(before, qw):
        return False
    return low in qw.reflexive_verbs or lemma(low, language) in qw.reflexive_verbs


def _reflexive_before(before: str, qw: QuoteWords) -> bool:
    """The reflexive pronoun right before a verb ("se félicite"), or before its
    auxiliary, apart ("se sont réjouis") or elided onto it ("s'est réjoui")."""
    words = before.lower().split()[-2:]
    if not words:
        return False
    last = words[-1]
    if last in qw.reflexive_pronouns:
        return True
    if any(p[-1] in "'’" and last.startswith(p) and last[len(p) :] in qw.auxiliaries for p in qw.reflexive_pronouns):
        return True
    return len(words) == 2 and last in qw.auxiliaries and words[0] in qw.reflexive_pronouns


@cache
def _gender_detector():
    try:
        return cached_gender_detector(case_sensitive=False)  # parsed once per machine
    except ImportError:  # a declared dependency; without it genders are unknown
        return None


@cache
def name_gender(given: str) -> str | None:
    """"f" or "m" for a given name (gender-guesser's 48,000 names from 54
    countries), None when unknown or used for both."""
    detector = _gender_detector()
    if detector is None:
        return None
    g = detector.get_gender(given)
    return {"female": "f", "mostly_female": "f", "male": "m", "mostly_male": "m"}.get(g)


@dataclass(frozen=True, slots=True)
class Speaker:
    name: str | None  # canonical name; None when the words name nobody
    start: int
    end: int
    how: str  # a key of CONFIDENCE


# What may follow a name that closes its sentence.
SENTENCE_ENDS = frozenset(".!?…")
# Tokens a comma-opened reported clause never spans (quote marks, sentence punctuation).
_QUOTE_STOPS = frozenset('"“”„«»‚‘’›‹;:.!?')


class QuoteFinder:
    name = "quotes.rules.v2"

    def find(
        self,
        doc: Document,
        mentions: Sequence[Mention],
        sentences: Sequence[tuple[int, int]],
        segments: Sequence[tuple[int, int]],
        language: str,
    ) -> list[Quote]:
        """Quotes in ``segments``, speakers among ``mentions`` (those of the same article unit)."""
        mentions = sorted((m for m in mentions if m.type in SUBJECT_TYPES), key=lambda m: m.start)
        ctx = _Context(doc, list(sentences), mentions, language)
        quotes: list[Quote] = []
        for seg_start, seg_end in segments:
            quotes.extend(ctx.direct(seg_start, seg_end))
            quotes.extend(ctx.dashed(seg_start, seg_end))
        long_direct = SpanIndex([q for q in quotes if len(doc.text[q.start : q.end].split()) >= MIN_WORDS_WITHOUT_VERB])
        reported: list[Quote] = []
        for s, e in sentences:
            if not long_direct.overlaps(s, e):
                reported.extend(ctx.reported(s, e))
                continue
            # "„…“, naglasio je X, dodavši da …": the rest after the quote and its attribution.
            rest = max((max(q.end, q.cue_end or 0, q.speaker_end or 0) for q in quotes if q.start < e and s < q.end), default=e)
            if e - rest > 10:
                reported.extend(ctx.reported(rest, e))
        # A short quote inside a reported clause is a word the speaker used
        # ("said the talks had been “constructive”"): the clause is the quote.
        # A reported clause reaching into a quote outside it is no clause.
        quotes.sort(key=lambda q: q.start)
        starts = [q.start for q in quotes]
        reported = [r for r in reported if doc.text[r.start] not in PAIRS and all(
            r.start < q.start and q.end <= r.end and len(doc.text[q.start : q.end].split()) < MIN_WORDS_WITHOUT_VERB
            and (q.cue_start is None or q.cue_start < r.start)
            for q in _overlapping(quotes, starts, r.start, r.end))]
        inside = SpanIndex(reported)
        quotes = [q for q in quotes if not inside.overlaps(q.start, q.end)] + reported
        return ctx.continue_runs(sorted(quotes, key=lambda q: q.start))


class _Context:
    def __init__(self, doc: Document, sentences: list[tuple[int, int]], mentions: list[Mention], language: str) -> None:
        self.doc, self.text = doc, doc.text
        self.sentences, self.language = sentences, language
        self.subjects = mentions  # who can be the subject of a reporting verb
        self.mentions = [m for m in mentions if m.type in SPEAKER_TYPES]  # who can be named by role or pronoun
        self.qw = quote_words(language)
        self.cue = cues(language)
        # Sorted starts for look-ups in log time (linear scans per quote were
        # quadratic on long texts). Both lists are sorted by start.
        self._sentence_starts = [s for s, _ in sentences]
        self._sorted_sentences = all(a[1] <= b[0] for a, b in pairwise(sentences))
        self._subject_starts = [m.start for m in self.subjects]
        self._mention_starts = [m.start for m in self.mentions]
        self._people_by_title: dict[str, list[int]] | None = None
        self._full, self._surnames = _full_names(self.subjects, self.qw, language, self.text)
        self._syntax = _Syntax(self.text, sentences, language)
        self._unattributed: set[tuple[int, int]] = set()  # short quotes kept only if a run continues into them

    def sentence_at(self, pos: int) -> tuple[int, int]:
        if self._sorted_sentences:
            # In order and not overlapping: only the last one starting at or before pos can hold it.
            k = bisect_right(self._sentence_starts, pos) - 1
            return self.sentences[k] if k >= 0 and pos < self.sentences[k][1] else (pos, pos)
        for s, e in self.sentences:
            if s <= pos < e:
                return s, e
        return pos, pos

    def _quote(self, start: int, end: int, kind: str, found: tuple[Speaker, Token] | None) -> Quote:
        if not found:
            return Quote(start, end, kind == "direct", kind=kind, confidence=0.0)
        sp, cue = found
        confidence = CONFIDENCE[sp.how] if sp.name is not None else CONFIDENCE["unnamed"]
        if sp.how == "named" and min(abs(cue.start - sp.end), abs(sp.start - cue.end)) > FAR_SUBJECT:
            confidence -= FAR_PENALTY
        sp_start, sp_end = sp.start, sp.end
        if sp.how == "named":
            sp_start = self._role_start(sp.start)
            cut = _NEXT_NAME.match(self.text, sp.end)
            if cut and sp.name and sp.name.endswith(" " + cut.group(1)):
                sp_end = cut.end()  # "Texas Rep. Mike" + "McCaul"
        return Quote(start, end, kind == "direct", sp.name, sp_start, sp_end, cue.start, cue.end, kind, round(confidence, 2))

    def _role_start(self, start: int) -> int:
        """Where the role before a named speaker begins, so that the evidence
        keeps it with the name: "Texas Rep. [Mike McCaul]", "glasnogovornik
        ministarstva [Dario Lešić]". The nearest title word at most
        ROLE_WORDS words back, and the capitalised words before it."""
        s, _ = self.sentence_at(start)
        lo = max(s, start - 120)
        toks = tokenize(self.text[lo:start], lo)
        stop = function_words(self.language) | self.qw.auxiliaries | self.qw.connectors
        titles = self.cue.person_titles
        title_at, words = None, 0
        for j in range(len(toks) - 1, -1, -1):
            t = toks[j]
            if t.text == "." and j > 0 and toks[j - 1].text + "." in self.qw.title_abbreviations:
                continue
            if not t.is_word or t.text.lower() in stop or is_reporting_verb(t.text, self.language) or words >= ROLE_WORDS:
                break
            if self._person_ending_at(t.end):
                break
            words += 1
            if t.text.lower() in titles or t.text + "." in self.qw.title_abbreviations or t.text in self.qw.title_abbreviations:
                title_at = j
                break
        if title_at is None:
            return start
        k = title_at  # "Ukrainian Foreign [Minister]", "Texas [Rep.]"
        while k > 0 and title_at - k < 3 and toks[k - 1].is_word and toks[k - 1].text[0].isupper() and toks[k - 1].text.lower() not in stop \
                and not self._person_ending_at(toks[k - 1].end) and toks[k - 1].start > s:
            k -= 1
        return toks[k].start

    def _person_ending_at(self, end: int) -> bool:
        k = bisect_left(self._subject_starts, end) - 1
        return k >= 0 and self.subjects[k].end == end and (self.subjects[k].type == "person" or self._person_like(self.subjects[k]))

    # -- direct quotes -------------------------------------------------------
    def direct(self, seg_start: int, seg_end: int) -> list[Quote]:
        out = []
        text = self.text
        i = seg_start
        while i < seg_end:
            ch = text[i]
            if ch in PAIRS and (ch != '"' or i == seg_start or not text[i - 1].isalnum()):
                close = _closing(text, i + 1, seg_end, PAIRS[ch])
                if close is None:
                    i += 1
                    continue
                q = self._attribute(i, close)
                if q:
                    out.append(q)
                i = close + 1
            else:
                i += 1
        return out

    def _attribute(self, open_at: int, close_at: int) -> Quote | None:
        start, end = open_at + 1, close_at
        while start < end and self.text[start].isspace():
            start += 1
        while end > start and (self.text[end - 1].isspace() or self.text[end - 1] in ",."):
            end -= 1  # “…peace,” said X: the comma is the sentence's, not the speaker's
        words = len(self.text[start:end].split())
        if words == 0:
            return None
        # After: "…“, rekao je X." / "…,” X said." / "…”, said the spokesman."
        _, s_end = self.sentence_at(close_at)
        after = tokenize(self.text[close_at + 1 : max(s_end, close_at + 1)], close_at + 1)
        # A quote ending its own sentence ("… now.” The mayor said …") has no verb after it.
        ends_sentence = self.text[max(start, close_at - 1) : close_at] in (".", "!", "?", "…")
        found = None if ends_sentence else self._speaker_near_verb(after[: VERB_WINDOW + 6], verb_limit=VERB_WINDOW, s_end=s_end)
        if not found:
            # Before: "X je rekao: „…“" / "X said: “…”"
            b_start, _ = self.sentence_at(open_at)
            before = tokenize(self.text[b_start:open_at], b_start)
            if words < MIN_WORDS_WITHOUT_VERB:
                before = before[-NEAR_VERB:]
            if before:
                found = self._speaker_near_verb(before, verb_limit=None, s_end=open_at, before=True)
        if not found and self.text[max(0, open_at - 3) : open_at].strip().endswith(":"):
            # "Glasnogovornik je rekao:" (or "X was blunt:") in the sentence before.
            prev = self.sentence_at(max(0, open_at - 3))
            toks = tokenize(self.text[prev[0] : open_at], prev[0])
            found = self._speaker_near_verb(toks, verb_limit=None, s_end=open_at, before=True)
            if not found:
                subject = self._colon_subject(prev[0], open_at)
                if subject and toks:
                    found = (subject, toks[-1])
        if not found:
            found = self._source_opening(open_at)  # "Selon X, « … »", "По словам X: «…»"
        if not found and not ends_sentence:
            found = self._source_following(open_at, close_at, s_end)  # "„…“, so Trainerin X."
        if not found:
            if words < MIN_WORDS_WITHOUT_VERB:
                if not _opens_sentence(self.text, open_at):
                    return None
                self._unattributed.add((start, end))  # a run may continue into it
            return Quote(start, end, True, kind="direct")
        return self._quote(start, end, "direct", found)

    def _source_opening(self, open_at: int) -> tuple[Speaker, Token] | None:
        """The source phrase opening the quote's sentence ("Selon X, « … »",
        "Pour le directeur, X, « … »"), its named source the speaker."""
        s, _ = self.sentence_at(open_at)
        toks = tokenize(self.text[s:open_at], s)
        low = [t.text.lower() for t in toks]
        for phrase in tuple(self.qw.pronoun_sources) + self.qw.source_phrases + self.qw.opening_phrases:
            if phrase and tuple(low[: len(phrase)]) == phrase:
                # "Selon lui, « … »": the person the pronoun goes back to, named before the quote.
                src = self._phrase_source(toks, 0, phrase, open_at)
                gap = self.text[src.end : open_at].strip() if src else ""
                # "Selon X, « … »", or with a role set off by commas: "Selon X, délégué CFDT, « … »".
                apposed = gap.startswith(",") and gap.endswith(",") and gap.count(",") == 2 and len(gap.split()) <= ROLE_WORDS
                if src and src.name is not None and (gap in (",", ":") or apposed):
                    cue = Token(self.text[toks[0].start : toks[len(phrase) - 1].end], toks[0].start, toks[len(phrase) - 1].end)
                    return src, cue
        return None

    def _source_following(self, open_at: int, close_at: int, s_end: int) -> tuple[Speaker, Token] | None:
        """A source phrase right after the quote's closing mark and a comma or
        dash ("„…“, so Trainerin X", "«…», según X"), its named source the speaker."""
        toks = tokenize(self.text[close_at + 1 : max(s_end, close_at + 1)], close_at + 1)
        k = 0
        while k < len(toks) and toks[k].text in ",–—-":
            k += 1
        low = [t.text.lower() for t in toks]
        for phrase in tuple(self.qw.pronoun_sources) + self.qw.source_phrases:
            if phrase and k > 0 and tuple(low[k : k + len(phrase)]) == phrase:
                src = self._phrase_source(toks, k, phrase, open_at)
                if src and src.name is not None:
                    end = k + len(phrase) - 1
                    return src, Token(self.text[toks[k].start : toks[end].end], toks[k].start, toks[end].end)
        return None

    def _phrase_source(self, toks: list[Token], k: int, phrase: tuple[str, ...], before: int) -> Speaker | None:
        """The source of the phrase at ``toks[k]``: the name after it ("selon
        X"), or for a pronoun ("selon lui", "según ella") the person of that
        gender named before ``before`` (the quote's opening mark: never a name
        inside the quote); the evidence is then the phrase itself."""
        gender = self.qw.pronoun_sources.get(phrase)
        if gender is None:
            return self._source_after(toks, k + len(phrase))
        back = min(toks[k].start, before)
        found = self._pronoun(back, back, gender)
        return Speaker(found.name, toks[k].start, toks[k + len(phrase) - 1].end, "pronoun")

    def _colon_subject(self, s: int, colon: int) -> Speaker | None:
        """"Health Minister X was blunt: “…”": the sentence's first name, when it is a person."""
        lo, hi = bisect_left(self._mention_starts, s), bisect_left(self._mention_starts, colon)
        people = [m for m in self.mentions[lo:hi] if m.type == "person" or self._person_like(m)]
        if not people or self._governed(people[0].start):
            return None
        m = people[0]
        return Speaker(self._name(m), m.start, m.end, "colon")

    def dashed(self, seg_start: int, seg_end: int) -> list[Quote]:
        """Quotes opened by a dash, at a line start or after a sentence:
        "– Ovo je …, – rekao je X." (the closing dash and a reporting verb
        right after it mark the end). A dash line right after such a quote,
        with no verb of its own, is the same speaker going on."""
        out: list[Quote] = []
        seg = self.text[seg_start:seg_end]
        for m in _DASH_OPEN.finditer(seg):
            open_at = seg_start + m.end()
            stop = seg.find("\n", m.end())
            limit = seg_start + (stop if stop >= 0 else len(seg))
            limit = min(limit, open_at + MAX_DASH_QUOTE)
            if out and open_at < out[-1].end:
                continue
            for d in _DASH_CLOSE.finditer(self.text, open_at, limit):
                after_at = d.end()
                _, s_end = self.sentence_at(after_at)
                s_end = max(s_end, min(seg_end, after_at + 200))
                toks = tokenize(self.text[after_at:s_end], after_at)
                found = self._speaker_near_verb(toks[: VERB_WINDOW + 6], verb_limit=2, s_end=s_end)
                if found:
                    out.append(self._quote(open_at, d.start(), "direct", found))
                    break
            else:
                if out and out[-1].speaker is not None and self._adjacent_dash(out[-1], open_at - len(m.group()) + len(m.group().lstrip())):
                    end = _trim_end(self.text, open_at, self._sentence_or_line_end(open_at, limit))
                    if end > open_at:
                        out.append(Quote(open_at, end, True, kind="direct"))
                        self._unattributed.add((open_at, end))
        return out

    def _adjacent_dash(self, prev: Quote, dash_at: int) -> bool:
        """The dash opens the sentence or line right after the previous dash quote's attribution."""
        after = max(x for x in (prev.end, prev.cue_end or 0, prev.speaker_end or 0))
        gap = self.text[after:dash_at]
        return len(gap) < RUN_GAP and gap.count("\n") <= 2 and len(re.findall(r"[.!?]", gap)) <= 1

    def _sentence_or_line_end(self, pos: int, limit: int) -> int:
        _, s_end = self.sentence_at(pos)
        return min(limit, s_end) if s_end > pos else limit

    def continue_runs(self, quotes: list[Quote]) -> list[Quote]:
        """A direct quote with no verb of its own, right after another quote,
        is the same speaker going on ("“…,” Obuya said. “We had them a
        month ago.”") unless someone else is named between; a short one
        with nobody to continue is dropped (a title, a scare quote)."""
        out: list[Quote] = []
        for q in quotes:
            if q.direct and q.cue_start is None and q.speaker is None and out:
                prev = out[-1]
                after = max(x for x in (prev.end, prev.cue_end or 0, prev.speaker_end or 0))
                gap = self.text[after : q.start]
                _, s_end = self.sentence_at(q.end)
                if (
                    prev.speaker is not None
                    and len(gap) <= RUN_GAP
                    and not self._other_person(after, q.start, prev.speaker)
                    # "„…“, uzvratila je Krstulović": someone else named right after it is no run
                    and not self._other_person(q.end, max(s_end, q.end), prev.speaker)
                ):
                    q = replace(q, speaker=prev.speaker, speaker_start=prev.speaker_start, speaker_end=prev.speaker_end,
                                confidence=min(prev.confidence, CONFIDENCE["run"]))
            if q.speaker is None and ((q.start, q.end) in self._unattributed or (q.direct and len(self.text[q.start : q.end].split()) < MIN_WORDS_WITHOUT_VERB)):
                continue  # a title or a scare quote ("accusing them of “war crimes”"), no one's words
            out.append(q)
        return out

    def _other_person(self, a: int, b: int, speaker: str) -> bool:
        """Another person named between (an outlet, "told Fox News", is nobody)."""
        lo, hi = bisect_left(self._subject_starts, a), bisect_left(self._subject_starts, b)
        return any(self._name(m) != speaker and (m.type == "person" or self._person_like(m)) for m in self.subjects[lo:hi])

    # -- reported speech -------------------------------------------------------
    def reported(self, s: int, e: int) -> list[Quote]:
        toks = tokenize(self.text[s:e], s)
        low = [t.text.lower() for t in toks]
        # "according to X, …" / "prema riječima X, …"
        firsts = self.qw.source_firsts
        pronoun_phrases = tuple(self.qw.pronoun_sources)
        pronoun_firsts = {p[0] for p in pronoun_phrases}
        for i in range(len(toks)):
            if firsts is not None and low[i] not in firsts and low[i] not in pronoun_firsts and not (i == 0 and self.qw.opening_phrases):
                continue  # no phrase starts here
            for phrase in pronoun_phrases + self.qw.source_phrases + (self.qw.opening_phrases if i == 0 else ()):
                if tuple(low[i : i + len(phrase)]) != phrase:
                    continue
                # "По его словам, …": the nearest person before of that gender; the evidence
                # is the phrase that holds the pronoun, as "a-t-il" is for an inverted one.
                src = self._phrase_source(toks, i, phrase, toks[i].start)
                if src is None or src.name is None:
                    continue
                if i == 0 or toks[i - 1].text in ",(":
                    # Content is the rest of the sentence on the other side.
                    comma = next((t for t in toks if t.start >= src.end and t.text in ",:"), None)
                    rest = next((t for t in toks if t.start >= (comma.end if comma else src.end) and t.text not in ",:"), None)
                    after = (rest.start if rest else src.end, _trim_end(self.text, rest.start if rest else src.end, e))
                    c_start, c_end = after
                    if i > 0 and (toks[i - 1].start - s > after[1] - after[0] or self.text[src.end : after[0]].strip() != ","):
                        # "…, according to X." ("U međuvremenu, prema pisanju X, …": the longer side)
                        c_start, c_end = s, toks[i - 1].start
                    if c_end - c_start > 10:
                        cue = Token(self.text[toks[i].start : toks[i + len(phrase) - 1].end], toks[i].start, toks[i + len(phrase) - 1].end)
                        return [self._quote(c_start, c_end, "attribution", (src, cue))]
        # "…, rekao je X." / "…, X said." / "…, the agency reported." (attribution after the clause)
        # The last comma whose tail holds a reporting verb among its first
        # words ("…, said their lawyer, Graham Halvorsen.": not the last comma).
        tail_at = next(
            (k for k in range(len(toks) - 1, 0, -1) if toks[k].text == "," and len(toks) - k <= 15
             and any(t.is_word and self._is_verb(t) for t in toks[k + 1 : k + 1 + VERB_WINDOW])),
            None,
        )
        if tail_at is not None:
            c = tail_at
            tail = toks[c + 1 :]
            if (
                0 < len(tail) <= 14
                and any(t.is_word and self._is_verb(t) for t in tail)
                and not any(t.text.lower() in self.qw.complementisers for t in tail)
                # "…, krizu koju je UN nazvao …": a relative clause names, it does not attribute
                and not any(t.text.lower() in self.qw.relatives for t in tail[:VERB_WINDOW])
            ):
                found = self._speaker_near_verb(tail, verb_limit=None, s_end=e)
                if (
                    found
                    and (found[0].name is not None or found[0].how in ("unnamed", "role"))
                    and found[0].start >= tail[0].start  # the subject is in the tail, not the clause before
                    and toks[c].start - s > 10
                    and not self._syntax.has_clause_after(found[1])
                ):
                    return [self._quote(s, toks[c].start, "reported", found)]
        # "X je kazao da …", "X said (that) …", "rekao je X da …"; several in
        # one sentence ("X claims that …, while Y confirms that …").
        out: list[Quote] = []
        first = 0  # a later attribution looks for its subject after the last one's conjunction
        for i, t in enumerate(toks):
            if i < first or not t.is_word or not is_reporting_verb(t.text, self.language):
                continue
            comp = next((k for k in range(i + 1, min(len(toks), i + 9)) if low[k] in self.qw.complementisers), None)
            if comp is None and self.qw.comma_clause_markers:
                comp = self._comma_clause(low, i)
            if comp is None:
                if not self._bare_clause_verb(t):
                    continue
                if self._syntax.parsed(t.start):
                    if not self._syntax.has_clause_after(t):
                        continue  # "said after the match": no clause follows
                elif (
                    i + 1 >= len(toks)
                    or not (toks[i + 1].is_word or toks[i + 1].text[0].isdigit())
                    or low[i + 1] in self.qw.auxiliaries - {"the", "a", "an"}
                ):
                    continue
                comp = i  # "X said the deal …"
            found = self._speaker_near_verb(toks[first : max(comp, i + 1)], verb_limit=None, s_end=toks[comp].start, verb_at=i - first)
            if not found:
                continue
            c_start = toks[comp + 1].start if comp + 1 < len(toks) else e
            if comp == i:
                c_start = self._syntax.clause_start(t) or c_start  # "said on Monday the state would …"
            c_end = _trim_end(self.text, c_start, self._next_report(toks, comp + 1, e))
            if c_end - c_start < 10:
                continue
            out.append(self._quote(c_start, c_end, "reported", found))
            first = comp + 1
        # Each reported clause ends where the next attribution begins.
        for a, b in pairwise(out):
            cut = min(x for x in (b.speaker_start, b.cue_start) if x is not None)
            comma = max(self.text.rfind(",", a.start, cut), self.text.rfind(";", a.start, cut))
            if comma > a.start:
                cut = comma  # the next subject's words ("another rebel faction X") stay out
            if a.start < cut < a.end:
                a.end = self._clause_end(a.start, cut)
        return out

    def _comma_clause(self, low: list[str], i: int) -> int | None:
        """The comma after reporting verb ``i`` that opens a reported clause
        ("sagte am Mittwoch, die Lage habe …"): within eight words of the verb,
        followed within eight words by a subjunctive of
        ``comma_clause_markers``, with no quote mark or further comma between."""
        for k in range(i + 1, min(len(low), i + 9)):
            if low[k] in _QUOTE_STOPS:
                return None
            if low[k] == ",":
                for j in range(k + 1, min(len(low), k + 9)):
                    if low[j] in self.qw.comma_clause_markers:
                        return k
                    if low[j] in _QUOTE_STOPS or low[j] == ",":
                        return None
                return None
        return None

    def _bare_clause_verb(self, t: Token) -> bool:
        low = t.text.lower()
        return low in self.qw.bare_clause_verbs or lemma(low, self.language) in self.qw.bare_clause_verbs

    def _next_report(self, toks: list[Token], k: int, end: int) -> int:
        """Where a reported clause gives way to another report in the same
        sentence: "X tvrdi da …, s terena dolaze informacije kako …" ends at
        the comma. A conjunction right after "i", "a" or a comma is the same
        speaker going on ("… i da …") and does not end it."""
        low = [t.text.lower() for t in toks]
        for j in range(k + 1, len(toks)):
            if low[j] in self.qw.complementisers and low[j - 1] not in self.qw.connectors and low[j - 1] != ",":
                commas = [x for x in range(k, j) if low[x] == ","]
                if commas:
                    return toks[commas[-1]].start
        return end

    def _clause_end(self, start: int, end: int) -> int:
        """``end`` moved back over spaces, commas and a joining word ("…, while")."""
        words = self.text[start:end].rstrip(" ,;").split(" ")
        while len(words) > 1 and words[-1].lower() in self.qw.connectors:
            words.pop()
            words[-1] = words[-1].rstrip(",;")
        return start + len(" ".join(words).rstrip(" ,;"))

    # -- speakers --------------------------------------------------------------
    def _is_verb(self, t: Token) -> bool:
        """A reporting verb here, not a noun or a date word of the same
        spelling: spaCy's tag in English; in Croatian a form after a
        preposition or a determiner is the noun ("o navodima", "te navode")."""
        if not is_reporting_verb(t.text, self.language, before=self.text[max(0, t.start - 24) : t.start]):
            return False
        tag = self._syntax.pos(t.start)
        if tag is not None:
            return tag in ("VERB", "AUX")
        if t.text[0].isupper() and self.language != "en" and not self._opens(t):
            return False  # a capitalised word inside a sentence is a name
        before = self.text[max(0, t.start - 20) : t.start].split()
        return not (before and before[-1].lower() in self.qw.not_verbs_after)

    def _opens(self, t: Token) -> bool:
        s, _ = self.sentence_at(t.start)
        return not self.text[s : t.start].strip(" \t\n„“”\"»«–—-")

    def _speaker_near_verb(
        self, toks: list[Token], *, verb_limit: int | None, s_end: int, before: bool = False, verb_at: int | None = None
    ) -> tuple[Speaker, Token] | None:
        """The speaker of the reporting verb in ``toks``, and the verb."""
        if verb_at is None:
            idx = [i for i, t in enumerate(toks) if t.is_word and self._is_verb(t)]
            if verb_limit is not None:  # counted in words: "“…,” the referee, Anton Berisha, said"
                idx = [i for i in idx if sum(x.is_word for x in toks[:i]) < verb_limit]
            if not idx:
                return None
            verb_at = idx[-1] if before else idx[0]
        elif not self._is_verb(toks[verb_at]):
            return None
        verb = toks[verb_at]
        parsed = self._syntax.subject(verb.start)
        if parsed is not None:
            sp = self._from_parse(parsed, verb)
            return (sp, verb) if sp else None
        return self._rule_speaker(toks, verb_at, s_end)

    def _from_parse(self, subject: tuple[int, int, str, list[tuple[int, int]]] | str, verb: Token) -> Speaker | None:
        """The speaker from the parse's subject: (start, end, part of speech,
        the spans of the head, its compound parts and appositions)."""
        if subject == "none":
            return None
        s, e, pos, parts = subject  # type: ignore[misc]
        word = self.text[s:e].lower()
        if pos == "PRON":
            return self._pronoun(s, e, self.qw.pronoun_gender.get(word))
        for a, b in parts:
            m = self._subject_covering(a, b)
            if m and (m.type != "location" or not self._governed(m.start) or self._person_like(m)):
                return Speaker(self._name(m), m.start, m.end, "named")
        if pos == "PROPN" and self.text[s:e] in self._surnames:
            # "Holt said": a surname the recogniser missed, of the one person so named here.
            return Speaker(self._surnames[self.text[s:e]], s, e, "named")
        head = one_of(self.text[s:e], self.cue.institution_heads, self.language)
        if head:
            name = head if self.text[s].islower() else head[0].upper() + head[1:]
            return Speaker(name, s, e, "institution")
        if one_of(self.text[s:e], self.cue.person_titles, self.language):
            person = self._by_role(self.text[s:e], s)
            return Speaker(self._name(person) if person else None, s, e, "role")
        return Speaker(None, s, e, "unnamed")

    def _rule_speaker(self, toks: list[Token], verb_at: int, s_end: int) -> tuple[Speaker, Token] | None:
        verb = toks[verb_at]
        gender = self._verb_gender(verb)
        # "a-t-il déclaré", "dit-elle": the pronoun is written onto the verb or its auxiliary.
        for t in (verb, toks[verb_at - 1] if verb_at > 0 else None):
            inv = self.qw.inverted(t.text) if t is not None and t.is_word else None
            if inv and t is not None:
                return self._pronoun(t.start, t.end, inv[1]), verb
        # Subject before the verb: "X je rekao", "“…”, X said", "X, koja vodi udrugu, kazala je".
        first = toks[0].start if toks else verb.start
        subject = self._subject_before(first, verb.start, gender)
        if subject:
            return subject, verb
        # Inverted subject after the verb: "rekao je X", "said X", "said the UN spokesman";
        # never the object or addressee ("told Fox News", "rekao je za HRT").
        k = verb_at + 1
        while k < len(toks) and toks[k].text.lower() in self.qw.auxiliaries:
            k += 1
        inverts = lemma(verb.text.lower(), self.language) not in self.qw.object_verbs and verb.text.lower() not in self.qw.object_verbs
        if k < len(toks) and inverts:
            m = self._inverted_subject(toks[k].start, s_end, gender)
            if m:
                r = self._resolved(m, toks[k].start)
                if r:
                    return r, verb
        # A pronoun or a role without a name.
        j = verb_at - 1  # "On je rekao", "she also said"
        while j >= 0 and toks[j].text.lower() in self.qw.auxiliaries | self.qw.adverbs:
            j -= 1
        if k < len(toks) and toks[k].text.lower() in self.qw.pronouns or (j >= 0 and toks[j].text.lower() in self.qw.pronouns):
            at = toks[k] if k < len(toks) and toks[k].text.lower() in self.qw.pronouns else toks[j]
            said = self.qw.pronoun_gender.get(at.text.lower()) or gender
            if self.qw.plural_verb_endings and verb.text.lower().endswith(self.qw.plural_verb_endings):
                said = None  # "sagten sie": they
            return self._pronoun(at.start, at.end, said), verb
        role = self._role_phrase(toks, k, s_end)
        if role:
            r_start, r_end = role
            person = self._by_role(self.text[r_start:r_end], r_start)
            return Speaker(self._name(person) if person else None, r_start, r_end, "role"), verb
        free = self.qw.auxiliaries | self.qw.adverbs | self.qw.connectors
        if (
            self.qw.drops_subjects
            and (k >= len(toks) or not toks[k].is_capitalised)
            and self._empty_subject(toks, verb_at, free)
        ):
            # "…“, dodao je." / "rekla je nakon sastanka": no subject; the
            # nearest person the verb's agreement allows ("rekla": a woman).
            sp = self._pronoun(verb.start, verb.start, gender, how="dropped", any_gender=True, reach=DROPPED_REACH)
            if sp.name is not None:
                return sp, verb
        return None

    def _empty_subject(self, toks: list[Token], verb_at: int, free: frozenset[str]) -> bool:
        """Nobody stands right before the verb: only auxiliaries, adverbs and
        joining words back to a comma or the clause's start ("Upitana o
        cijenama, odgovorila je"; not "Lešić ističe")."""
        j = verb_at - 1
        while j >= 0 and toks[j].is_word and toks[j].text.lower() in free:
            j -= 1
        if j >= 0 and toks[j].is_word:
            # "Za RTL je izjavio": a name governed by a preposition is no subject.
            m = self._subject_covering(toks[j].start, toks[j].end)
            if m and self._governed(m.start) and not self._after_source_preposition(m.start):
                while j >= 0 and toks[j].start >= m.start:
                    j -= 1
                j -= 1  # the preposition
                while j >= 0 and toks[j].is_word and toks[j].text.lower() in free:
                    j -= 1
        return j < 0 or not toks[j].is_word

    def _verb_gender(self, verb: Token) -> str | None:
        """"f" for "rekla", "m" for "rekao" (a past participle agrees with its subject)."""
        low = verb.text.lower()
        if low.endswith(self.qw.feminine_endings) and self.qw.feminine_endings:
            return "f"
        if low.endswith(self.qw.masculine_endings) and self.qw.masculine_endings:
            return "m"
        return None

    def _gender_of(self, m: Mention) -> str | None:
        words = self._name(m).split()
        if len(words) < 2:
            return None if m.type != "person" else name_gender(words[0])
        return name_gender(words[0]) or (_declined_gender(words[0]) if self.qw.drops_subjects else None)

    def _compatible(self, m: Mention, gender: str | None) -> bool:
        return gender is None or self._gender_of(m) in (None, gender)

    def _inverted_subject(self, pos: int, limit: int, gender: str | None) -> Mention | None:
        """The first name after an inverted verb that is not governed by a
        preposition ("rekao je za Index.hr vlasnik X": X) and agrees with the verb."""
        bound = min(limit, pos + 90)
        lo, hi = bisect_left(self._mention_starts, pos), bisect_left(self._mention_starts, bound)
        last = pos
        for m in self.mentions[lo:hi]:
            if self._clause_between(last, m.start) and not self._apposition(last, m.start):
                return None
            if self._governed(m.start) or (m.type == "person" and not self._compatible(m, gender)):
                last = m.end  # "za Index.hr", "s ministrom X": not the subject; look on
                continue
            # Prefer a person after an organisation in the same role phrase ("glasnogovornik UN-a X").
            later = [p for p in self.mentions[lo:hi] if m.start < p.start and p.type == "person"]
            if later and m.type != "person" and (not self._clause_between(m.end, later[0].start) or self._apposition(m.end, later[0].start)):
                return later[0]  # "the secretary of the CGT, Solène Berthomieu": the person in apposition
            return m
        return None

    def _apposition(self, a: int, b: int) -> bool:
        """"said their lawyer, Graham Halvorsen": a role, one comma, the name."""
        gap = self.text[a:b]
        # Up to APPOSED_ROLE words: "a réagi sur X le président de la région Grand Est, Hervé Lambinet".
        return gap.count(",") == 1 and not re.search(r"[;:.!?„“”\"»«]", gap) and len(gap.split()) <= APPOSED_ROLE

    def _subject_before(self, first: int, verb_at: int, gender: str | None = None) -> Speaker | None:
        """The subject of a verb at ``verb_at``: the last name before it (a
        place only when no preposition governs it), with at most one
        comma-enclosed insertion between; else a common-noun subject that is
        an institution or a role ("Vlada je objavila", "the ministry said")."""
        lo, hi = bisect_left(self._subject_starts, first), bisect_left(self._subject_starts, verb_at)
        cands = [m for m in self.subjects[lo:hi] if m.end <= verb_at]
        for m in reversed(cands):
            gap = self.text[m.end : verb_at]
            if re.search(r"[.!?;„“”\"»«]", gap) or len(gap) > 40 + 8 * MAX_INSERTION:
                break
            # "The mayor of X, Y, announced", "Le maire de X, Y, a déclaré": the comma closing the apposition, auxiliaries after it.
            appositive = m.type == "person" and [w for w in gap.split() if w.lower() not in self.qw.auxiliaries | self.qw.adverbs] == [","]
            if (len(gap) <= 40 and "," not in gap or appositive or self._insertion(gap)) and (
                m.type != "location" or not self._governed(m.start)
            ):
                if self._governed(m.start) and m.type != "location":
                    if m.type != "person" and self._after_source_preposition(m.start):
                        # "Iz Ministarstva financija poručili su": the institution speaks.
                        return Speaker(self._name(m), m.start, m.end, "institution")
                    continue  # "s predsjednikom X je …": an object, look further back
                if m.type == "person" and not self._compatible(m, gender):
                    continue
                return Speaker(self._name(m), m.start, m.end, "named")
        if cands:
            return None
        toks = tokenize(self.text[first:verb_at], first)
        k = len(toks) - 1
        while k >= 0 and toks[k].text.lower() in self.qw.auxiliaries | self.qw.adverbs:
            k -= 1
        if k > 0 and toks[k].text == ",":
            # Back over a relative clause: "The union, which represents nurses, says".
            p = max((x for x in range(max(0, k - MAX_INSERTION), k) if toks[x].text == ","), default=-1)
            if p > 0 and toks[p + 1].text.lower() in self.qw.relatives:
                k = p - 1
        if k < 0 or not toks[k].is_word or (k > 0 and toks[k - 1].is_word and toks[k - 1].text.lower() in self.cue.place_prepositions):
            return None
        head = toks[k]
        if head.text in self._surnames:  # "Webb said": a surname the recogniser missed
            return Speaker(self._surnames[head.text], head.start, head.end, "named")
        start = head.start
        if k > 0 and toks[k - 1].is_word and toks[k - 1].text.lower() not in function_words(self.language) and self.text[toks[k - 1].end : head.start] == " ":
            start = toks[k - 1].start  # "The Interior Ministry", "Hrvatska vlada"
        entry = one_of(head.text, self.cue.institution_heads, self.language)
        if entry is not None:
            name = entry if head.text.islower() else entry[0].upper() + entry[1:]
            return Speaker(name, start, head.end, "institution")
        if one_of(head.text, self.cue.person_titles, self.language) is not None:
            # "Glasnogovornik je rekao": the person introduced with that role, else nobody named.
            person = self._by_role(self.text[start : head.end], start)
            return Speaker(self._name(person) if person else None, start, head.end, "role")
        return None

    def _insertion(self, gap: str) -> bool:
        """", koja vodi udrugu, " / ", one of Turkey's main proxies, ": one clause set off by commas."""
        inner = gap.strip()
        # Auxiliaries and adverbs may follow the insertion: ", one of …, is claiming".
        words = inner.split()
        while words and words[-1].lower() in self.qw.auxiliaries | self.qw.adverbs:
            words.pop()
        inner = " ".join(words)
        if not (inner.startswith(",") and inner.endswith(",")) or inner.count(",") != 2:
            return False
        return len(words) <= MAX_INSERTION

    def _after_source_preposition(self, pos: int) -> bool:
        before = self.text[max(0, pos - 12) : pos].split()
        return bool(before) and before[-1].lower() in self.qw.source_prepositions

    def _governed(self, pos: int) -> bool:
        """A preposition right before ``pos`` ("u Zagrebu", "in Moscow", "za HRT")."""
        before = self.text[max(0, pos - 20) : pos].split()
        return bool(before) and before[-1].lower() in self.cue.place_prepositions | governed_prepositions(self.language) | self.qw.genitive_markers

    def _source_after(self, toks: list[Token], k: int) -> Speaker | None:
        """The named source after "according to" / "prema riječima", maybe
        behind a determiner or a role ("according to the UNHCR", "kako
        navodi agencija Hina"); an institution named by a common noun
        ("according to police")."""
        for skip in range(5):  # "secondo il ministro della Difesa Ettore Sbarra"
            if k + skip >= len(toks):
                break
            t = toks[k + skip]
            m = self._mention_at(t.start)
            if m and m.type in SPEAKER_TYPES:
                # "prema riječima direktora ureda WHO-a Larsa Berga": the person holding the role.
                nxt = self._mention_at(toks[k + skip + 1].start) if k + skip + 1 < len(toks) and toks[k + skip + 1].start >= m.end else None
                k2 = bisect_left(self._mention_starts, m.end)
                if nxt is None and k2 < len(self.mentions) and self.mentions[k2].start - m.end < 3:
                    nxt = self.mentions[k2]
                if m.type != "person" and nxt is not None and nxt.type == "person" and not self._clause_between(m.end, nxt.start):
                    m = nxt
                return Speaker(self._name(m), m.start, m.end, "named")
            if m and m.type == "location" and self._person_after(m.end):
                continue  # "по словам мэра Кирова Степана Лыкова": the place is in the role
            if t.text in ",;:":
                break
            if t.is_capitalised and skip and not one_of(t.text, self.cue.person_titles, self.language) and not self._person_after(t.end):
                break  # a capitalised word right before the person is in the role ("ministro della Difesa Ettore Sbarra")
        apposed = self._apposed_person(toks, k)
        if apposed:
            return apposed
        t = toks[k] if k < len(toks) else None
        entry = one_of(t.text, self.cue.institution_heads, self.language) if t is not None and t.is_word else None
        if entry and t is not None:
            return Speaker(entry, t.start, t.end, "institution")
        return None

    def _person_after(self, pos: int) -> bool:
        """A person's name starts right after ``pos`` (one space)."""
        k = bisect_left(self._mention_starts, pos)
        return k < len(self.mentions) and self.mentions[k].start - pos <= 2 and self.mentions[k].type == "person"

    def _apposed_person(self, toks: list[Token], k: int) -> Speaker | None:
        """"según el portavoz de la Guardia Urbana, Íñigo Larrañeta, …": a role of
        a few words, a comma, then a person's name closed by a comma or by the
        end of the words given ("«…», selon sa directrice, X.": nothing more
        follows that could make the name the start of a new clause)."""
        for j in range(k, min(len(toks), k + ROLE_WORDS + 2)):
            if toks[j].text in ";:.!?" or toks[j].text in PAIRS:
                return None
            if toks[j].text != ",":
                continue
            if j + 1 >= len(toks):
                return None
            m = self._mention_at(toks[j + 1].start)
            if m is None or m.type != "person":
                return None
            closed = self.text[m.end : m.end + 1] == "," or all(t.text in SENTENCE_ENDS for t in toks if t.start >= m.end)
            return Speaker(self._name(m), m.start, m.end, "named") if closed else None
        return None

    def _resolved(self, m: Mention, role_start: int) -> Speaker | None:
        """A mention found after a verb; an organisation named inside a role
        ("glasnogovornik UN-a") points at the role's holder when known."""
        if m.type == "person" or m.start == role_start or self._person_like(m):
            return Speaker(self._name(m), m.start, m.end, "named")
        role = self.text[role_start : m.start]
        person = self._by_role(self.text[role_start : m.end], role_start)
        if person is None and m.start > role_start:
            if not any(one_of(w, self.cue.person_titles, self.language) for w in re.findall(r"\w+", role)):
                return Speaker(self._name(m), m.start, m.end, "named")  # "javlja agencija Reuters": no role, the name itself
            return Speaker(None, role_start, m.end, "role")
        if person is None:
            return Speaker(self._name(m), role_start, m.end, "named")
        return Speaker(self._name(person), role_start, m.end, "role")

    def _mention_at(self, pos: int) -> Mention | None:
        k = bisect_left(self._mention_starts, pos)
        return self.mentions[k] if k < len(self.mentions) and self.mentions[k].start == pos else None

    def _subject_covering(self, a: int, b: int) -> Mention | None:
        """The name overlapping [a, b) (places included: "Russia said")."""
        k = bisect_right(self._subject_starts, b) - 1
        while k >= 0 and self.subjects[k].end > a - 200:
            m = self.subjects[k]
            if m.start < b and a < m.end:
                return m
            k -= 1
        return None

    def _clause_between(self, a: int, b: int) -> bool:
        # A name in guillemets ("в интервью «Коммерсанту»") is no clause boundary.
        return bool(re.search(r"[,;:.!?„“”\"»«]", _QUOTED_NAME.sub(" ", self.text[a:b])))

    def _role_phrase(self, toks: list[Token], k: int, s_end: int) -> tuple[int, int] | None:
        titles = cues(self.language).person_titles
        j = k
        while j < len(toks) and toks[j].start < s_end and toks[j].text not in ",.;:!?\"„“”»«":
            j += 1
        span = toks[k:j]
        if not span or len(span) > 8:
            return None
        # The title in its dictionary form: a subject ("glasnogovornik",
        # "the spokesman"), not an addressee ("rekao je novinarima", "told reporters").
        if any(t.text.lower() in titles for t in span):
            return span[0].start, span[-1].end
        return None

    def _by_role(self, role: str, before: int) -> Mention | None:
        """The person last introduced with this role's title word before ``before``."""
        titles = cues(self.language).person_titles
        heads = {lemma(w, self.language) for w in re.findall(r"\w+", role)} & titles
        if not heads:
            return None
        index = self._title_index()
        # The last person so introduced before ``before``, in mention order.
        best = max(
            (k for h in heads if (ks := index.get(h)) for k in ks[: bisect_left(ks, before, key=lambda i: self.mentions[i].start)][-1:]),
            default=None,
        )
        if best is None:
            # Introduced later in the text ("… – rekao je veleposlanik. Veleposlanik X …").
            best = min((index[h][0] for h in heads if index.get(h)), default=None)
        return None if best is None else self.mentions[best]

    def _title_index(self) -> dict[str, list[int]]:
        """Title lemma -> indices of the people whose five words before hold it (built once)."""
        if self._people_by_title is None:
            titles = cues(self.language).person_titles
            self._people_by_title = {}
            for k, m in enumerate(self.mentions):
                if m.type != "person":
                    continue
                left = re.findall(r"\w+", self.text[max(0, m.start - 60) : m.start])[-5:]
                for h in {lemma(w, self.language) for w in left} & titles:
                    self._people_by_title.setdefault(h, []).append(k)
        return self._people_by_title

    def _person_like(self, m: Mention) -> bool:
        """A name tagged as an organisation or a place that is a person's
        ("Senate Majority Leader Walter Brisco", "Nives Lešić"): titles cut
        before a given name, or two or three words opening with a given name."""
        if m.type == "person":
            return False
        words = m.canonical.split()
        given = len(words[0]) > 2 and words[0].lower() not in self.cue.name_particles and name_gender(words[0]) is not None
        return self._name(m) != m.canonical or (1 < len(words) <= 3 and given and all(w[:1].isupper() for w in words))

    def _name(self, m: Mention) -> str:
        """The speaker's canonical name, whole: titles before it cut ("Dr.",
        "Texas Rep.", "Senate Majority Leader"), a surname alone completed
        from the full name given in the same article."""
        return self._full.get(m.canonical, m.canonical)

    def _pronoun(
        self, start: int, end: int, gender: str | None, how: str = "pronoun", any_gender: bool = False, reach: int = PRONOUN_REACH
    ) -> Speaker:
        """The nearest person before ``start`` of a compatible gender, never an
        organisation; "they" and its like (no gender given) name nobody
        unless ``any_gender`` (a Croatian present tense: "dodaje")."""
        if gender is None and not any_gender:
            return Speaker(None, start, end, how)
        lo = bisect_left(self._subject_starts, start - reach)
        people = [
            m for m in reversed(self.subjects[lo : bisect_left(self._subject_starts, start)])
            if m.end <= start and (m.type == "person" or self._person_like(m))
        ]
        # A person known to be of that gender first; one of unknown gender
        # ("Der Spiegel" tagged a person) only when none is.
        found = next((m for m in people if gender is not None and self._gender_of(m) == gender), None)
        found = found or next((m for m in people if self._compatible(m, gender)), None)
        if found is None:
            return Speaker(None, start, end, how)
        if how == "dropped":  # no word names the speaker here: the evidence is the name it goes back to
            return Speaker(self._name(found), found.start, found.end, how)
        return Speaker(self._name(found), start, end, how)


class _Syntax:
    """spaCy's parse of the English sentences that hold a candidate reporting
    verb (parsed in one batch when first asked); nothing for other languages
    or without spaCy, and the rules decide alone."""

    def __init__(self, text: str, sentences: list[tuple[int, int]], language: str) -> None:
        self.text, self.sentences, self.language = text, sentences, language
        self._tokens: dict[int, object] | None = None  # char start -> spaCy token

    def _load(self) -> dict[int, object]:
        if self._tokens is not None:
            return self._tokens
        self._tokens = {}
        if self.language != "en":
            return self._tokens
        try:
            from ..backends.spacy_en import parse_sentences
            from ..errors import NotInstalled
        except ImportError:
            return self._tokens
        wanted = [(s, e) for s, e in self.sentences if any(is_reporting_verb(w, "en") for w in re.findall(r"[A-Za-z]+", self.text[s:e]))]
        try:
            docs = parse_sentences([self.text[s:e] for s, e in wanted])
        except NotInstalled:
            return self._tokens
        for (s, _), parsed in zip(wanted, docs):
            for t in parsed:
                self._tokens[s + t.idx] = t
        return self._tokens

    def parsed(self, start: int) -> bool:
        return start in self._load()

    def pos(self, start: int) -> str | None:
        t = self._load().get(start)
        return None if t is None else t.pos_  # type: ignore[attr-defined]

    def subject(self, start: int):
        """The grammatical subject of the verb at ``start``: (start, end,
        part of speech, spans of the head with its compound parts and
        appositions); "none" when the parse shows no subject; None when the
        sentence was not parsed."""
        t = self._load().get(start)
        if t is None:
            return None
        v = t
        for _ in range(3):
            subj = [c for c in v.children if c.dep_ == "nsubj" and c.i < v.i + 6]  # type: ignore[attr-defined]
            if subj:
                break
            if v.dep_ in ("advcl", "conj", "xcomp") and v.head is not v:  # "…, adding that": the subject of "said"
                v = v.head
            else:
                return "none"
        h = subj[0]
        offset = start - t.idx  # spaCy's offsets are the sentence's own
        parts = [h, *[c for c in h.children if c.dep_ in ("appos", "compound", "flat")]]
        parts += [g for c in parts[1:] if c.dep_ == "appos" for g in c.children if g.dep_ in ("compound", "flat")]
        spans = [(offset + p.idx, offset + p.idx + len(p.text)) for p in parts]
        return (offset + h.idx, offset + h.idx + len(h.text), h.pos_, spans)

    def clause_start(self, verb: Token) -> int | None:
        """Where the clause the verb governs begins ("said on Monday [the state …]")."""
        t = self._load().get(verb.start)
        if t is None:
            return None
        clause = next((c for c in t.children if c.dep_ == "ccomp" and c.i > t.i), None)  # type: ignore[attr-defined]
        if clause is None:
            return None
        first = clause.left_edge
        while first.i < clause.i and (first.is_punct or first.lower_ == "that"):
            first = first.doc[first.i + 1]
        return verb.start - t.idx + first.idx

    def has_clause_after(self, verb: Token) -> bool:
        """The verb governs a clause after it ("said he was cold"): it is no
        tail attribution of the clause before."""
        t = self._load().get(verb.start)
        return t is not None and any(c.dep_ in ("ccomp", "xcomp") and c.i > t.i for c in t.children)  # type: ignore[attr-defined]


def _full_names(mentions: list[Mention], qw: QuoteWords, language: str, text: str) -> tuple[dict[str, str], dict[str, str]]:
    """Canonical name -> the speaker's whole name: leading titles cut ("Dr.
    Dana Pettigrew", "Senate Majority Leader Walter Brisco" -> the person), a
    name the recogniser cut after the given name completed ("Texas Rep.
    Mike" + "McCaul"), a surname alone -> the one full name in the article
    ending with it; and surname -> that full name, for a surname the
    recogniser missed."""
    titles = cues(language).person_titles
    stop = function_words(language)
    out: dict[str, str] = {}
    for m in mentions:
        words = m.canonical.split()
        cut = _NEXT_NAME.match(text, m.end)
        if cut and name_gender(words[-1]) is not None and cut.group(1).lower() not in stop and len(words) > 1:
            words.append(cut.group(1))
            out[m.canonical] = " ".join(words)
        k = 0
        while k < len(words) - 2 and (words[k] in qw.title_abbreviations or words[k].lower() in titles or words[k].endswith(".")):
            k += 1
        # Also "Texas Rep. Mike McCaul": a place or other word before a title abbreviation.
        dots = [i for i, w in enumerate(words[:-2]) if w in qw.title_abbreviations or w.lower() in titles]
        if dots:
            k = max(k, dots[-1] + 1)
        if k and name_gender(words[k]) is not None:
            out[m.canonical] = " ".join(words[k:])
        elif m.canonical in out and words[:1] and name_gender(words[0]) is None:
            del out[m.canonical]  # grown, but no person's name
    full: dict[str, set[str]] = {}
    for m in mentions:
        name = out.get(m.canonical, m.canonical)
        words = name.split()
        if len(words) > 1 and (m.type == "person" or m.canonical in out):
            full.setdefault(words[-1], set()).add(name)
    for m in mentions:
        if " " not in m.canonical and len(full.get(m.canonical, ())) == 1:
            out[m.canonical] = next(iter(full[m.canonical]))
    return out, {k: next(iter(v)) for k, v in full.items() if len(v) == 1}


# A short capitalised name in quote marks, or the mark of one cut at either end.
_QUOTED_NAME = re.compile(r"[«„“\"][A-ZА-ЯЁ][^«»„“”\".,;:!?]{0,40}[»“”\"]|^[»“”]|[«„“]$")
# A capitalised word right after a name, joined by one space: its cut-off surname.
_NEXT_NAME = re.compile(r" ([A-ZČĆŠŽĐ][\w'’-]+)\b")


def _overlapping(quotes: list[Quote], starts: list[int], a: int, b: int) -> list[Quote]:
    """The quotes (sorted by start) overlapping [a, b); a quote runs at most
    MAX_DASH_QUOTE characters or to its closing mark (2,000), so the look
    back is bounded and the whole filter stays linear."""
    hi = bisect_left(starts, b)
    lo = bisect_left(starts, a - 2000)
    return [q for q in quotes[lo:hi] if q.end > a]


def _declined_gender(word: str) -> str | None:
    """The gender of a given name in another case ("Annom" <- "Anna", "Ivanu" <- "Ivan"),
    when the recogniser left it declined."""
    for stem in (word[:-2] + "a", word[:-1] + "a", word[:-1], word[:-2]):
        if len(stem) > 2 and (g := name_gender(stem)):
            return g
    return None


def _opens_sentence(text: str, pos: int) -> bool:
    """Only spaces, a line break or a sentence's end before ``pos``."""
    before = text[max(0, pos - 3) : pos].rstrip(" \t")
    return not before or before[-1] in ".!?…\n“”\"»«"


def _closing(text: str, start: int, end: int, closers: str) -> int | None:
    for i in range(start, min(end, start + 2000)):
        if text[i] in closers:
            if text[i] in APOSTROPHES and text[i - 1 : i].isalpha() and text[i + 1 : i + 2].isalpha():
                continue
            return i
        if text[i] == "\n" and text[i + 1 : i + 2] == "\n":
            return None
    return None


def _trim_end(text: str, start: int, end: int) -> int:
    while end > start and (text[end - 1].isspace() or text[end - 1] in ".!?"):
        end -= 1
    return end
