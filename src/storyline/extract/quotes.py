"""Who said what: direct quotes in every common style and reported speech.

Direct quotes: „…“, “…”, "…", »…«, «…» and dash-introduced paragraphs
("– … – naglasio je X"). Reported speech: "X je kazao da …", "X said
(that) …", "prema riječima X, …", "according to X". The speaker is the
name next to the reporting verb (before it, or after it in Croatian
inversion "rekao je X"), a role ("ruski veleposlanik u UN-u", "the UN
spokesman") resolved to the person earlier introduced with that role, or a
pronoun resolved to the last person named. Cue words live in
``lang/<code>/quotes.toml``.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache
from itertools import pairwise

from ..lang import load_or_english
from ..records import Document, Mention, Quote
from .entities import cues
from .lemmas import function_words, lemma, one_of
from .names import governed_prepositions
from .spans import SpanIndex
from .tokens import Token, tokenize

PAIRS = {"„": "“”\"", "“": "”\"", "”": "”", "»": "«", "«": "»", '"': '"', "‚": "‘’"}
# Quotes shorter than this many words count only with a reporting verb
# beside them (otherwise they are titles or scare quotes).
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
# Words of an insertion between a subject and its verb, at most
# ("Hezbollah, which reportedly sided with Iran ..., denied").
MAX_INSERTION = 18
DASHES = "–—-"
# A dash that opens a quote: at a line start, or after a sentence's end.
_DASH_OPEN = re.compile(r"(?m)(?:^[ \t]*|(?<=[.!?…])[ \t]+)[–—-][ \t]+(?=\S)")
# The dash that closes it, before the reporting verb: "…, – rekao je X", "… – naglasio je X".
_DASH_CLOSE = re.compile(r"[,.!?]?[ \t]+[–—-][ \t]+")
# Characters a dash quote runs at most.
MAX_DASH_QUOTE = 1500


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


@cache
def quote_words(language: str) -> QuoteWords:
    data = load_or_english(language, "quotes")
    return QuoteWords(
        verb_lemmas=frozenset(data.get("verb_lemmas", [])),
        verb_forms=frozenset(data.get("verb_forms", [])),
        source_phrases=tuple(sorted((tuple(p.split()) for p in data.get("source_phrases", [])), key=len, reverse=True)),
        complementisers=frozenset(data.get("complementisers", [])),
        pronouns=frozenset(data.get("pronouns", [])),
        auxiliaries=frozenset(data.get("auxiliaries", [])),
        relatives=frozenset(data.get("relatives", [])),
        adverbs=frozenset(data.get("adverbs", [])),
        connectors=frozenset(data.get("connectors", [])),
        genitive_markers=frozenset(data.get("genitive_markers", [])),
        bare_clause_verbs=frozenset(data.get("bare_clause_verbs", [])),
    )


@cache
def _first_words(phrases: tuple[tuple[str, ...], ...]) -> frozenset[str] | None:
    """The words the phrases start with (None when one is empty: it starts anywhere)."""
    return None if any(not p for p in phrases) else frozenset(p[0] for p in phrases)


def is_reporting_verb(word: str, language: str) -> bool:
    qw = quote_words(language)
    low = word.lower()
    return low in qw.verb_forms or lemma(low, language) in qw.verb_lemmas


class QuoteFinder:
    name = "quotes.rules.v1"

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
        taken = SpanIndex(quotes)
        for s, e in sentences:
            if taken.overlaps(s, e):
                continue
            quotes.extend(ctx.reported(s, e))
        return sorted(quotes, key=lambda q: q.start)


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

    def sentence_at(self, pos: int) -> tuple[int, int]:
        if self._sorted_sentences:
            # In order and not overlapping: only the last one starting at or before pos can hold it.
            k = bisect_right(self._sentence_starts, pos) - 1
            return self.sentences[k] if k >= 0 and pos < self.sentences[k][1] else (pos, pos)
        for s, e in self.sentences:
            if s <= pos < e:
                return s, e
        return pos, pos

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
        while end > start and (self.text[end - 1].isspace() or self.text[end - 1] == ","):
            end -= 1  # “…peace,” said X: the comma is the sentence's, not the speaker's
        words = len(self.text[start:end].split())
        if words == 0:
            return None
        # After: "…“, rekao je X." / "…,” X said." / "…”, said the spokesman."
        s_start, s_end = self.sentence_at(close_at)
        after = tokenize(self.text[close_at + 1 : max(s_end, close_at + 1)], close_at + 1)
        found = self._speaker_near_verb(after[:VERB_WINDOW + 6], verb_limit=VERB_WINDOW, s_end=s_end)
        if not found:
            # Before: "X je rekao: „…“" / "X said: “…”"
            b_start, _ = self.sentence_at(open_at)
            before = tokenize(self.text[b_start:open_at], b_start)
            if words < MIN_WORDS_WITHOUT_VERB:
                before = before[-NEAR_VERB:]
            found = self._speaker_near_verb(before, verb_limit=None, s_end=open_at, before=True)
        if not found and self.text[max(0, open_at - 3) : open_at].strip().endswith(":"):
            # "Glasnogovornik je rekao:" in the sentence before.
            prev = self.sentence_at(max(0, open_at - 3))
            toks = tokenize(self.text[prev[0] : open_at], prev[0])
            found = self._speaker_near_verb(toks, verb_limit=None, s_end=open_at, before=True)
        if not found:
            if words < MIN_WORDS_WITHOUT_VERB:
                return None
            return Quote(start, end, True)
        speaker, sp_start, sp_end, cue = found
        return Quote(start, end, True, speaker, sp_start, sp_end, cue.start, cue.end)

    def dashed(self, seg_start: int, seg_end: int) -> list[Quote]:
        """Quotes opened by a dash, at a line start or after a sentence:
        "– Ovo je …, – rekao je X." (the closing dash and a reporting verb
        right after it mark the end; without them it is no quote)."""
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
                    speaker, sp_start, sp_end, cue = found
                    out.append(Quote(open_at, d.start(), True, speaker, sp_start, sp_end, cue.start, cue.end))
                    break
        return out

    # -- reported speech -------------------------------------------------------
    def reported(self, s: int, e: int) -> list[Quote]:
        toks = tokenize(self.text[s:e], s)
        low = [t.text.lower() for t in toks]
        # "according to X, …" / "prema riječima X, …"
        firsts = _first_words(self.qw.source_phrases)
        for i in range(len(toks)):
            if firsts is not None and low[i] not in firsts:
                continue  # no phrase starts here
            for phrase in self.qw.source_phrases:
                if tuple(low[i : i + len(phrase)]) != phrase:
                    continue
                m = self._source_after(toks, i + len(phrase))
                if not m:
                    continue
                if i == 0 or toks[i - 1].text in ",(":
                    # Content is the rest of the sentence on the other side.
                    if i == 0:
                        rest = next((t for t in toks if t.start >= m.end and t.text not in ",:"), None)
                        c_start = rest.start if rest else m.end
                        c_end = _trim_end(self.text, c_start, e)
                    else:
                        c_start, c_end = s, toks[i - 1].start
                    if c_end - c_start > 10:
                        return [Quote(c_start, c_end, False, m.canonical, m.start, m.end, toks[i].start, toks[i + len(phrase) - 1].end)]
        # "…, rekao je X." / "…, X said." / "…, the agency reported." (attribution after the clause)
        commas = [k for k, t in enumerate(toks) if t.text == ","]
        if commas:
            c = commas[-1]
            tail = toks[c + 1 :]
            if (
                0 < len(tail) <= 14
                and any(t.is_word and is_reporting_verb(t.text, self.language) for t in tail)
                and not any(t.text.lower() in self.qw.complementisers for t in tail)
            ):
                found = self._speaker_near_verb(tail, verb_limit=None, s_end=e)
                if found and found[0] is not None and toks[c].start - s > 10:
                    speaker, sp_start, sp_end, cue = found
                    return [Quote(s, toks[c].start, False, speaker, sp_start, sp_end, cue.start, cue.end)]
        # "X je kazao da …", "X said (that) …", "rekao je X da …"; several in
        # one sentence ("X claims that …, while Y confirms that …").
        out: list[Quote] = []
        first = 0  # a later attribution looks for its subject after the last one's conjunction
        for i, t in enumerate(toks):
            if i < first or not t.is_word or not is_reporting_verb(t.text, self.language):
                continue
            comp = next((k for k in range(i + 1, min(len(toks), i + 9)) if low[k] in self.qw.complementisers), None)
            if comp is None:
                if (
                    low[i] not in self.qw.bare_clause_verbs
                    or i + 1 >= len(toks)
                    or not (toks[i + 1].is_word or toks[i + 1].text[0].isdigit())
                    or low[i + 1] in self.qw.auxiliaries - {"the", "a", "an"}
                ):
                    continue
                comp = i  # "X said the deal …"
            found = self._speaker_near_verb(toks[first : max(comp, i + 1)], verb_limit=None, s_end=toks[comp].start, verb_at=i - first)
            if not found:
                continue
            speaker, sp_start, sp_end, cue = found
            c_start = toks[comp + 1].start if comp + 1 < len(toks) else e
            c_end = _trim_end(self.text, c_start, self._next_report(toks, comp + 1, e))
            if c_end - c_start < 10:
                continue
            out.append(Quote(c_start, c_end, False, speaker, sp_start, sp_end, t.start, t.end))
            first = comp + 1
        # Each reported clause ends where the next attribution begins.
        for a, b in zip(out, out[1:]):
            cut = min(x for x in (b.speaker_start, b.cue_start) if x is not None)
            comma = max(self.text.rfind(",", a.start, cut), self.text.rfind(";", a.start, cut))
            if comma > a.start:
                cut = comma  # the next subject's words ("another rebel faction X") stay out
            if a.start < cut < a.end:
                a.end = self._clause_end(a.start, cut)
        return out

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
    def _speaker_near_verb(self, toks: list[Token], *, verb_limit: int | None, s_end: int, before: bool = False, verb_at: int | None = None):
        """(speaker name, start, end, verb token) for the reporting verb in ``toks``."""
        if verb_at is None:
            idx = [i for i, t in enumerate(toks) if t.is_word and is_reporting_verb(t.text, self.language)]
            if verb_limit is not None:
                idx = [i for i in idx if i < verb_limit]
            if not idx:
                return None
            verb_at = idx[-1] if before else idx[0]
        verb = toks[verb_at]
        # Inverted subject after the verb: "rekao je X", "said X", "said the UN spokesman".
        k = verb_at + 1
        while k < len(toks) and toks[k].text.lower() in self.qw.auxiliaries:
            k += 1
        if k < len(toks):
            m = self._mention_starting_within(toks[k].start, s_end, max_gap=60)
            if m and not self._clause_between(toks[k].start, m.start):
                r = self._resolved(m, toks[k].start)
                if r:
                    return (*r, verb)
        # Subject before the verb: "X je rekao", "X said", "X, koja vodi udrugu, kazala je".
        first = toks[0].start if toks else verb.start
        subject = self._subject_before(first, verb.start)
        if subject:
            return (*subject, verb)
        # A pronoun or a role without a name.
        if k < len(toks) and toks[k].text.lower() in self.qw.pronouns or (verb_at > 0 and toks[verb_at - 1].text.lower() in self.qw.pronouns):
            at = toks[k] if k < len(toks) and toks[k].text.lower() in self.qw.pronouns else toks[verb_at - 1]
            person = self._last_person(at.start)
            return (person.canonical if person else None), at.start, at.end, verb
        role = self._role_phrase(toks, k, s_end)
        if role:
            r_start, r_end = role
            person = self._by_role(self.text[r_start:r_end], r_start)
            return (person.canonical if person else None), r_start, r_end, verb
        return None

    def _subject_before(self, first: int, verb_at: int) -> tuple[str | None, int, int] | None:
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
            appositive = gap.strip() == "," and m.type == "person"  # "The mayor of X, Y, announced"
            if (len(gap) <= 40 and "," not in gap or appositive or self._insertion(gap)) and (
                m.type != "location" or not self._governed(m.start)
            ):
                return m.canonical, m.start, m.end
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
        entry = one_of(head.text, self.cue.institution_heads, self.language) or one_of(head.text, self.cue.person_titles, self.language)
        if entry is None:
            return None
        start = head.start
        if k > 0 and toks[k - 1].is_word and toks[k - 1].text.lower() not in function_words(self.language) and self.text[toks[k - 1].end : head.start] == " ":
            start = toks[k - 1].start  # "The Interior Ministry", "Hrvatska vlada"
        name = entry if head.text.islower() else entry[0].upper() + entry[1:]
        return name, start, head.end

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

    def _governed(self, pos: int) -> bool:
        """A preposition right before ``pos`` ("u Zagrebu", "in Moscow")."""
        before = self.text[max(0, pos - 20) : pos].split()
        return bool(before) and before[-1].lower() in self.cue.place_prepositions | governed_prepositions(self.language) | self.qw.genitive_markers

    def _source_after(self, toks: list[Token], k: int) -> Mention | None:
        """The named source after "according to" / "prema riječima", maybe
        behind a determiner or a role ("according to the UNHCR", "kako
        navodi agencija Hina")."""
        for skip in range(3):
            if k + skip >= len(toks):
                return None
            m = self._mention_at(toks[k + skip].start)
            if m and m.type in SPEAKER_TYPES:
                return m
            if toks[k + skip].is_capitalised and skip:
                return None
        return None

    def _resolved(self, m: Mention, role_start: int):
        """A mention found after a verb; an organisation named inside a role
        ("glasnogovornik UN-a") points at the role's holder when known."""
        if m.type == "person" or m.start == role_start:
            return m.canonical, m.start, m.end
        role = self.text[role_start : m.start]
        person = self._by_role(self.text[role_start : m.end], role_start)
        name = person.canonical if person else None
        if name is None and m.start > role_start:
            if not any(one_of(w, self.cue.person_titles, self.language) for w in re.findall(r"\w+", role)):
                return m.canonical, m.start, m.end  # "javlja agencija Reuters": no role, the name itself
            return None, role_start, m.end
        return name or m.canonical, role_start, m.end

    def _mention_at(self, pos: int) -> Mention | None:
        k = bisect_left(self._mention_starts, pos)
        return self.mentions[k] if k < len(self.mentions) and self.mentions[k].start == pos else None

    def _mention_starting_within(self, pos: int, limit: int, max_gap: int) -> Mention | None:
        bound = min(limit, pos + max_gap)
        lo, hi = bisect_left(self._mention_starts, pos), bisect_left(self._mention_starts, bound)
        for m in self.mentions[lo:hi]:
            if pos <= m.start < bound:
                # Prefer a person after an organisation in the same role phrase.
                later = [p for p in self.mentions[lo:hi] if m.start <= p.start < bound and p.type == "person"]
                return later[0] if later and m.type != "person" and not self._clause_between(m.end, later[0].start) else m
        return None

    def _clause_between(self, a: int, b: int) -> bool:
        return bool(re.search(r"[,;:.!?„“”\"»«]", self.text[a:b]))

    def _role_phrase(self, toks: list[Token], k: int, s_end: int) -> tuple[int, int] | None:
        titles = cues(self.language).person_titles
        j = k
        while j < len(toks) and toks[j].start < s_end and toks[j].text not in ",.;:!?\"„“”»«":
            j += 1
        span = toks[k:j]
        if not span or len(span) > 8:
            return None
        if any(lemma(t.text, self.language) in titles or t.text.lower() in titles for t in span):
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

    def _last_person(self, before: int) -> Mention | None:
        for k in range(bisect_left(self._mention_starts, before) - 1, -1, -1):
            m = self.mentions[k]
            if m.type == "person" and m.end <= before:
                return m
        return None


def _closing(text: str, start: int, end: int, closers: str) -> int | None:
    for i in range(start, min(end, start + 2000)):
        if text[i] in closers:
            return i
        if text[i] == "\n" and text[i + 1 : i + 2] == "\n":
            return None
    return None


def _trim_end(text: str, start: int, end: int) -> int:
    while end > start and (text[end - 1].isspace() or text[end - 1] in ".!?"):
        end -= 1
    return end
