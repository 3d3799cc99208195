"""Split a document into headline / body / teaser / byline / comments / other.

Works on text with line structure and on crawled text without line breaks.
Segments tile the text: the first starts at 0, each starts where the last
ended, the last ends at ``len(text)``; whitespace between parts belongs to
the part before it. Nothing is ever rewritten, so offsets stay exact.

The rules, in order of strength:

1. Reader comments: a comment heading ("Comments", "Komentari (3)") or a
   bullet with a short user name followed by a paragraph. Everything after
   it is one ``comments`` segment.
2. Teasers: a ``>>``-style marker or a "Read also:" phrase opens a link to
   another article. Its extent, when no line break ends it, is found by
   :func:`teaser_end`. Body text after a glued-in teaser is a new article
   unit (``Segment.unit``) unless it reads as a continuation.
3. Bylines: labelled credits ("Author:", "Piše:"), an author note right
   after one, and agency datelines ("ZAGREB (Hina) -").
4. Headlines: the title given in metadata where the text starts with it,
   or up to two short unpunctuated lines before the first paragraph.
5. Short unpunctuated lines among paragraphs ("Share", "Advertisement")
   are ``other``; the rest is ``body``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from itertools import islice

import simplemma

from .. import lang
from ..lang.dictionaries import cached_simplemma_dictionaries
from ..records import Segment

# A teaser headline has at least this many words before its end can be
# sought, and is cut after at most this many; news headlines run 5-20 words.
MIN_TEASER_WORDS = 3
MAX_TEASER_WORDS = 30
# Text after a candidate teaser end with fewer words than this, and no
# sentence-final punctuation, is still part of the teaser (a sub-headline).
MIN_UNIT_WORDS = 12
# Headline lines have at most this many words and no final full stop.
MAX_HEADLINE_WORDS = 25
# A line of at most this many words without final punctuation amid
# paragraphs is page furniture ("Share", "Advertisement"), not reporting.
MAX_OTHER_WORDS = 5
# A line this short that starts with a byline label is a byline whole.
MAX_BYLINE_WORDS = 12
# A comment author line: bullet + at most this many words.
MAX_HANDLE_WORDS = 4
# ...followed by a comment of at least this many words.
MIN_COMMENT_WORDS = 6

TEASER_MARKERS = (">>", "»»", "►", "▶", "➤", "→")
BULLETS = "•·◦▪●*-–"
_TOKEN = re.compile(r"\S+")
_FINAL = re.compile(r"[.!?…][\"'”“’»«)\]]*$")
_OPEN_PUNCT = "\"'„“”‘’»«([–—-"
_TIMESTAMP = re.compile(
    r"(\b\d{1,2}[./]\d{1,2}[./]\d{2,4}\b|\b\d{1,2}:\d{2}\b|\b(ago|prije|hours?|minutes?|days?|sati?|minut[aei]?|dana)\b)",
    re.IGNORECASE,
)
_COUNTED_COMMENTS = re.compile(
    r"(?:^|(?<=[.!?\s]))(?:(?P<n1>\d+)\s+(?P<w1>[^\W\d]+)|(?P<w2>[^\W\d]+(?:\s+[^\W\d]+)?)\s*\(\s*\d+\s*\))(?=\s|$)"
)
_DATELINE = re.compile(r"^[A-ZČĆŽŠĐ][A-ZČĆŽŠĐ .-]{2,40}(?:,[^()\n]{0,40})?\s*[(/][A-Za-z][\w .]{0,20}[)/]\s*[-–—]\s*")
_AGENCY_TAIL = re.compile(r"\s*[(/][A-Z][\w .]{1,20}[)/]\s*$")


@dataclass(frozen=True)
class _Cues:
    teaser_phrases: tuple[str, ...]
    comment_headings: tuple[str, ...]
    byline_labels: tuple[str, ...]
    function_words: frozenset[str]
    name_titles: frozenset[str]
    name_classifiers: frozenset[str]
    continuation: frozenset[str]
    clause_verbs: frozenset[str]


# Heads of names that are places or organisations ("grad", "agency"): a
# capitalised word after them may still start a clause, given a verb after it.
_CLASSIFIER_LEMMAS = frozenset(
    "agencija organizacija stranka pokret skupina grad selo pokrajina regija država rijeka otok planina ulica trg klub "
    "agency organization organisation party movement group city town village province region state river island street square club".split()
)


@cache
def cues() -> _Cues:
    heads = lang.anatomy_words("name_heads")
    return _Cues(
        teaser_phrases=lang.anatomy_phrases("teaser_phrases"),
        comment_headings=lang.anatomy_phrases("comment_headings"),
        byline_labels=lang.anatomy_phrases("byline_labels"),
        function_words=lang.anatomy_words("function_words"),
        name_titles=heads - _CLASSIFIER_LEMMAS,
        name_classifiers=heads & _CLASSIFIER_LEMMAS,
        continuation=lang.anatomy_words("continuation_starters"),
        clause_verbs=lang.anatomy_words("clause_verbs"),
    )


def _bare(word: str) -> str:
    return word.strip(_OPEN_PUNCT + ".,;:!?…)]")


@cache
def _lemma(word: str) -> str:
    cached_simplemma_dictionaries()
    low = word.lower()
    for lang_code in ("hbs", "en"):
        lem = simplemma.lemmatize(low, lang=lang_code)
        if lem != low:
            return lem.lower()
    return low


def _is_capitalised(word: str) -> bool:
    w = word.lstrip(_OPEN_PUNCT)
    return bool(w) and w[0].isupper()


def _words(text: str, start: int, end: int) -> list[tuple[int, int]]:
    return [(m.start(), m.end()) for m in _TOKEN.finditer(text, start, end)]


def _ends_sentence(word: str) -> bool:
    return bool(_FINAL.search(word))


def teaser_end(text: str, start: int, end: int, *, last_final: int | None = None) -> int:
    """End of a teaser headline that begins at ``start`` and may run on into other text.

    A headline has no final full stop, so its end is where the next
    sentence begins: a capitalised word after a lower-case content word
    (not after a preposition, conjunction or a title like "minister"),
    best followed by a verb ("X je poslao", "X said"), or after a full stop.

    Only the first words after ``start`` are read, so a call costs the same
    however long the line runs on. ``last_final`` is where the last word of
    ``text[:end]`` that ends a sentence starts (-1: none); a caller that
    splits one line at many teasers computes it once (:func:`last_final_word`).
    """
    c = cues()
    # Enough words for every test below (a verb up to two words after the last candidate).
    toks = [(m.start(), m.end()) for m in islice(_TOKEN.finditer(text, start, end), MAX_TEASER_WORDS + 3)]
    if len(toks) <= MIN_TEASER_WORDS:
        return end
    # (position, score)
    found: list[tuple[int, int]] = []
    for i in range(MIN_TEASER_WORDS, min(len(toks), MAX_TEASER_WORDS + 1)):
        word = text[toks[i][0] : toks[i][1]]
        if not _is_capitalised(word):
            continue
        prev = text[toks[i - 1][0] : toks[i - 1][1]]
        verb = _verb_follows(text, toks, i)
        if _ends_sentence(prev):
            score = 2
        elif prev[-1].isalnum() and prev == prev.lower() and not prev.isdigit():
            bare = _bare(prev).lower()
            if bare in c.function_words or _lemma(bare) in c.name_titles:
                continue
            score = 1 - (_lemma(bare) in c.name_classifiers)
        elif verb and _is_capitalised(prev) and _place_run_before(text, toks, i):
            # "... u Slavoniji Osječki vatrogasci su": a place name ends the headline.
            score = 0
        else:
            continue
        score += (2 if verb else 0) + (_bare(word).lower() in c.continuation)
        if score >= 1:
            found.append((toks[i][0], score))
    if found and last_final is None:
        last_final = last_final_word(text, start, end)
    for cut, score in found:
        # A weak break (capital after a content word, no verb) counts only when
        # the text after it holds a full sentence: otherwise it is a headline word.
        if score < 2 and last_final < cut:
            continue
        # The words after the cut, up to as many as a unit needs (all of them when fewer).
        rest = list(islice(_TOKEN.finditer(text, cut, end), MIN_UNIT_WORDS))
        if len(rest) >= MIN_UNIT_WORDS or (rest and _ends_sentence(rest[-1].group())):
            return cut
    if len(toks) <= MAX_TEASER_WORDS:
        return end
    weak = [cut for cut, score in found if score == 1]
    return weak[0] if weak else toks[MAX_TEASER_WORDS][0]


def last_final_word(text: str, start: int, end: int) -> int:
    """Start of the last word in ``text[start:end]`` that ends a sentence, or -1."""
    return max((m.start() for m in _TOKEN.finditer(text, start, end) if _FINAL.search(m.group())), default=-1)


def _verb_follows(text: str, toks: list[tuple[int, int]], i: int) -> bool:
    """A clause verb right after token i, or after one lower-case word ("X je", "X vatrogasci su")."""
    verbs = cues().clause_verbs
    for k in (i + 1, i + 2):
        if k >= len(toks):
            return False
        word = _bare(text[toks[k][0] : toks[k][1]])
        if word.lower() in verbs:
            return True
        if not word or word != word.lower():
            return False
    return False


# A place name closing a headline is at most this many capitalised words after a preposition.
MAX_PLACE_RUN = 3


def _place_run_before(text: str, toks: list[tuple[int, int]], i: int) -> bool:
    j = i - 1
    while j >= 0 and i - j <= MAX_PLACE_RUN and _is_capitalised(text[toks[j][0] : toks[j][1]]):
        j -= 1
    if j < 0 or i - j > MAX_PLACE_RUN:
        return False
    return _bare(text[toks[j][0] : toks[j][1]]).lower() in cues().function_words


def _teaser_marker_at(text: str, pos: int, end: int) -> int | None:
    """If a teaser starts at ``pos``, return where its headline text begins."""
    for marker in TEASER_MARKERS:
        if text.startswith(marker, pos):
            j = pos + len(marker)
            while j < end and text[j] in " \t:":
                j += 1
            return j
    low = text[pos : pos + 40].lower()
    for phrase in cues().teaser_phrases:
        if low.startswith(phrase.lower()):
            j = pos + len(phrase)
            # "Read also:" / "Pročitajte i >>" : a phrase counts only with a colon, marker or line end.
            k = j
            while k < end and text[k] in " \t":
                k += 1
            if k >= end or text[k] in ":>»":
                while k < end and text[k] in " \t:>»":
                    k += 1
                return k
    return None


@cache
def _teaser_patterns() -> tuple[re.Pattern[str], re.Pattern[str]]:
    markers = re.compile("|".join(re.escape(x) for x in TEASER_MARKERS))
    phrases = "|".join(re.escape(p) for p in cues().teaser_phrases)
    return markers, re.compile(r"(?:(?<=[.!?”\"'])\s+|^)(" + phrases + r")\s*[:>]", re.IGNORECASE | re.MULTILINE)


def _find_inline_teasers(text: str, start: int, end: int) -> list[int]:
    """Positions inside a line where a teaser marker or phrase begins."""
    markers, phrases = _teaser_patterns()
    found = []
    for m in markers.finditer(text, start, end):
        pos = m.start()
        if pos == start or text[pos - 1].isspace():
            if not found or pos > found[-1] + 2:
                found.append(pos)
    chunk = text[start:end]
    found.extend(start + m.start(1) for m in phrases.finditer(chunk))
    return sorted(set(found))


def _comment_heading(line: str) -> bool:
    """A whole line that announces reader comments."""
    bare = line.strip().strip(BULLETS + " ").strip()
    bare = re.sub(r"^\d+\s+|\s*\(\s*\d+\s*\)$|\s*\d+$", "", bare).strip(" :")
    return bare.lower() in {h.lower() for h in cues().comment_headings}


def _inline_comment_start(text: str, start: int, end: int) -> int | None:
    """'Komentari (3)' or '12 comments' inside a run of text without line breaks."""
    headings = {h.lower() for h in cues().comment_headings}
    for m in _COUNTED_COMMENTS.finditer(text, start, end):
        word = (m.group("w1") or m.group("w2") or "").lower()
        if word in headings:
            return m.start()
    return None


def _handle_line(text: str, s: int, e: int, nxt: tuple[int, int] | None) -> bool:
    """'• Bianca' or 'marko_77 12.12.2016. 14:33' followed by a comment."""
    line = text[s:e]
    stripped = line.strip()
    bullet = stripped[:1] in BULLETS and stripped[1:2] == " "
    body = stripped[1:].strip() if bullet else stripped
    words = body.split()
    if not words or _ends_sentence(body):
        return False
    timestamped = bool(_TIMESTAMP.search(body)) and len(words) <= MAX_HANDLE_WORDS + 4
    if not (bullet and len(words) <= MAX_HANDLE_WORDS) and not timestamped:
        return False
    if nxt is None:
        return False
    return len(text[nxt[0] : nxt[1]].split()) >= MIN_COMMENT_WORDS


def _byline_len(text: str, s: int, e: int) -> int | None:
    """Length of a labelled byline starting at ``s`` ("Author: X", "Piše: X"), if any."""
    chunk = text[s:e]
    for label in cues().byline_labels:
        if chunk.startswith(label) and (label.endswith(":") or chunk[len(label) : len(label) + 1] == " "):
            j = len(label)
            toks = _words(chunk, j, len(chunk))
            n = 0
            for a, b in toks[:4]:
                w = chunk[a:b]
                if not _is_capitalised(w) and w.lower() not in {"i", "and", "&", "de", "van", "von", "al"}:
                    break
                if _is_capitalised(w) and _bare(w).lower() in cues().function_words:
                    break  # "By Jane Roe The river ...": "The" starts the report
                n += 1
                if _ends_sentence(w) or w.endswith(","):
                    break
            if n == 0:
                return None
            # "Piše: Ivan Horvat Vlada je ..." -- the last capital belongs to the next clause.
            if n >= 3 and _verb_follows(chunk, toks, n - 1):
                n -= 1
            if len(toks) <= MAX_BYLINE_WORDS:
                return len(chunk)
            last = chunk[toks[n - 1][0] : toks[n - 1][1]]
            if not label.endswith(":") and (n < 2 or last.endswith((",", "."))):
                return None  # "By Monday, the river ..." is a sentence, not a byline
            return toks[n - 1][1]
    m = _DATELINE.match(chunk)
    if m:
        return m.end()
    return None


def _name_after_label(byline: str) -> tuple[str, ...]:
    """The capitalised words of a byline after its label: 'By Jane Roe' -> ('Jane', 'Roe')."""
    words = [_bare(w) for w in byline.split()]
    label = next((lab for lab in cues().byline_labels if byline.startswith(lab)), "")
    words = words[len(label.split()) :]
    out: list[str] = []
    for w in words:
        if not w or not w[0].isupper():
            break
        out.append(w)
    return tuple(out[:4])


def _headline_like(text: str, s: int, e: int) -> bool:
    line = text[s:e].strip()
    words = line.split()
    return 0 < len(words) <= MAX_HEADLINE_WORDS and not line.endswith((".", ",", ";", ":"))


@dataclass
class _Piece:
    kind: str | None  # None: decide later (body / headline / other)
    start: int
    end: int
    new_unit: bool = False


class Segmenter:
    """Stateless: call :meth:`segment` per document."""

    def segment(self, text: str, title: str | None = None) -> list[Segment]:
        lines = [(m.start(), m.end()) for m in re.finditer(r"[^\n]+", text) if m.group().strip()]
        lines = [(s + len(text[s:e]) - len(text[s:e].lstrip()), e - (len(text[s:e]) - len(text[s:e].rstrip()))) for s, e in lines]
        pieces: list[_Piece] = []
        in_comments = False
        byline_names: list[tuple[str, ...]] = []
        seen_body = False
        for idx, (s, e) in enumerate(lines):
            nxt = lines[idx + 1] if idx + 1 < len(lines) else None
            if in_comments:
                pieces.append(_Piece("comments", s, e))
                continue
            if seen_body and (_comment_heading(text[s:e]) or _handle_line(text, s, e, nxt)):
                in_comments = True
                pieces.append(_Piece("comments", s, e))
                continue
            if byline_names and self._author_note(text, s, e, byline_names):
                pieces.append(_Piece("byline", s, e))
                continue
            new = self._split_line(text, s, e)
            for p in new:
                if p.kind == "byline":
                    name = _name_after_label(text[p.start : p.end])
                    if len(name) >= 2:
                        byline_names.append(name)
                if p.kind == "comments":
                    in_comments = True
                if p.kind is None:
                    seen_body = True
            pieces.extend(new)
        pieces = self._decide(text, pieces, lines, title)
        return self._tile(text, pieces)

    @staticmethod
    def _author_note(text: str, s: int, e: int, names: list[tuple[str, ...]]) -> bool:
        """'Jane Roe is a reporter based in Oslo.' after a byline naming Jane Roe."""
        words = tuple(_bare(w) for w in text[s:e].split())
        if len(words) > MAX_HEADLINE_WORDS:
            return False
        return any(words[: len(name)] == name for name in names)

    def _split_line(self, text: str, s: int, e: int) -> list[_Piece]:
        """Split one line at inline teasers, comment headings and bylines."""
        out: list[_Piece] = []
        pos = s
        b = _byline_len(text, s, e)
        if b:
            out.append(_Piece("byline", s, s + b))
            pos = s + b
            while pos < e and text[pos].isspace():
                pos += 1
        comment_at = _inline_comment_start(text, pos, e)
        limit = comment_at if comment_at is not None else e
        last_final: int | None = None  # computed once per line, at its first teaser
        for t in _find_inline_teasers(text, pos, limit):
            if t < pos:
                continue
            if t > pos:
                out.append(_Piece(None, pos, t))
            head = _teaser_marker_at(text, t, limit) or t
            if last_final is None:
                last_final = last_final_word(text, pos, limit)
            stop = teaser_end(text, head, limit, last_final=last_final)
            out.append(_Piece("teaser", t, stop))
            pos = stop
            while pos < limit and text[pos].isspace():
                pos += 1
            if pos < limit:
                # Body glued after a teaser: a new article unless it reads as a continuation.
                word = _TOKEN.search(text, pos, limit)
                first = _bare(word.group()[:40]).lower() if word else ""
                cont = first in cues().continuation or not _is_capitalised(text[pos : pos + 40])
                out.append(_Piece(None, pos, pos, new_unit=not cont and s < t))
        if out and out[-1].kind is None and out[-1].start == out[-1].end:
            out[-1].end = limit
        elif pos < limit:
            out.append(_Piece(None, pos, limit))
        out = [p for p in out if p.end > p.start]
        if comment_at is not None:
            out.append(_Piece("comments", comment_at, e))
        # A credit at the very end of a report: "(Hina)", "/AP/".
        if out and out[-1].kind is None:
            m = _AGENCY_TAIL.search(text, out[-1].start, out[-1].end)
            if m and m.start() > out[-1].start:
                last = out[-1]
                out[-1] = _Piece(None, last.start, m.start(), last.new_unit)
                out.append(_Piece("byline", m.start() + len(m.group()) - len(m.group().lstrip()), last.end))
        return out

    @staticmethod
    def _split_title(text: str, pieces: list[_Piece], title: str | None) -> list[_Piece]:
        """Flat text that starts with the title given in metadata: the title becomes a headline."""
        wanted = (title or "").strip()
        first = next((i for i, p in enumerate(pieces) if p.kind is None), None)
        if not wanted or first is None:
            return pieces
        p = pieces[first]
        chunk = text[p.start : p.end]
        if not chunk.strip().startswith(wanted) or len(chunk.strip()) <= len(wanted):
            return pieces
        if any(q.kind == "headline" for q in pieces[:first]):
            return pieces
        cut = text.index(wanted, p.start) + len(wanted)
        return [*pieces[:first], _Piece("headline", p.start, cut, p.new_unit), _Piece(None, cut, p.end), *pieces[first + 1 :]]

    def _decide(self, text: str, pieces: list[_Piece], lines: list[tuple[int, int]], title: str | None) -> list[_Piece]:
        """Give undecided pieces a kind: headline, body or other."""
        starts_line = {s for s, _ in lines}
        ends_line = {e for _, e in lines}
        pieces = self._split_title(text, pieces, title)
        seen_body = False
        heads = 0
        # body_after[i]: an undecided or body piece comes after piece i (one pass, not a scan per piece)
        body_after = [False] * (len(pieces) + 1)
        for k in range(len(pieces) - 1, -1, -1):
            body_after[k] = body_after[k + 1] or pieces[k].kind in (None, "body")
        for i, p in enumerate(pieces):
            if p.new_unit:
                seen_body, heads = False, 0
            if p.kind is not None:
                continue
            whole_line = p.start in starts_line and p.end in ends_line
            words = text[p.start : p.end].split()
            more_follows = body_after[i + 1]
            if not seen_body and whole_line and heads < 2 and more_follows and _headline_like(text, p.start, p.end):
                p.kind = "headline"
                heads += 1
                continue
            if seen_body and whole_line and len(words) <= MAX_OTHER_WORDS and not _ends_sentence(words[-1]):
                p.kind = "other"
                continue
            p.kind = "body"
            seen_body = True
        # Split pieces inserted above may still be undecided.
        for p in pieces:
            if p.kind is None:
                p.kind = "body"
        return pieces

    def _tile(self, text: str, pieces: list[_Piece]) -> list[Segment]:
        pieces = sorted((p for p in pieces if p.end > p.start), key=lambda p: p.start)
        if not pieces:
            return [Segment("other", 0, len(text), unit=0)]
        segs: list[Segment] = []
        unit = 0
        for i, p in enumerate(pieces):
            if p.new_unit:
                unit += 1
            start = 0 if i == 0 else segs[-1].end
            end = pieces[i + 1].start if i + 1 < len(pieces) else len(text)
            # Paragraphs of one kind run together; each headline and teaser stays its own.
            if segs and segs[-1].kind == p.kind and segs[-1].unit == unit and p.kind not in ("headline", "teaser"):
                segs[-1].end = end
                continue
            segs.append(Segment(p.kind or "body", start, end, unit=unit))
        return segs


def segment(text: str, title: str | None = None) -> list[Segment]:
    return Segmenter().segment(text, title)
