"""Croatian, Serbian and Bosnian entities from a CRF trained on Universal NER.

The model (``models/ner-hbs-v1.crfsuite``) is a linear-chain CRF
(CRFsuite) trained by ``scripts/train_ner.py`` on the UNER Croatian and
Serbian SETimes training sets (CC BY-SA 4.0; ``models/README.md``). Its
features are the word's form, affixes and shape, its neighbours, and what
the project already knows: gazetteer places, given names, the cue words of
``lang/hr/entities.toml`` and the lemmatiser's dictionary.

Text in Serbian Cyrillic is transliterated to Latin for the model and
offsets are mapped back, so a mention points at the Cyrillic characters and
its canonical name is in Latin. Nominatives come from
:func:`storyline.extract.names.canonical` (people, places) and
:func:`storyline.extract.entities.organisation_name` (organisations).
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Container, Sequence
from dataclasses import dataclass
from functools import cache, lru_cache
from importlib import resources

from ..errors import NotInstalled
from ..evaluate.datasets import bio_spans
from ..extract.entities import cues, is_given_name, organisation_name
from ..extract.gazetteer import places
from ..extract.lemmas import is_known_word, is_one_of, lemma
from ..extract.names import candidates, canonical
from ..extract.tokens import Token, tokenize
from ..extract.translit import has_cyrillic, to_latin
from ..lang import load
from ..records import Document, Mention
from ..registry import entity_backends

log = logging.getLogger(__name__)

NAME = "entities.hbs.v1"
MODEL_FILE = "ner-hbs-v1.crfsuite"
LABELS = {"PER": "person", "ORG": "organization", "LOC": "location"}
# The lexicon the features read. The model was trained on Croatian and
# Serbian (Latin) with the Croatian cue words; the same data must be used
# at run time, whatever the text's language, or the features shift.
FEATURE_LANGUAGE = "hr"
# Per-word feature cache: news vocabulary repeats; 200,000 entries is a few tens of MB at most.
WORD_CACHE = 200_000


def _shape(word: str) -> str:
    out = []
    for ch in word:
        c = "X" if ch.isupper() else "x" if ch.isalpha() else "d" if ch.isdigit() else ch
        if not out or out[-1] != c:
            out.append(c)
    return "".join(out)[:6]


@lru_cache(maxsize=WORD_CACHE)
def _lexicon(word: str) -> tuple[str, ...]:
    """What the project's lexicons say about one word (flags, Croatian data)."""
    lang = FEATURE_LANGUAGE
    cue = cues(lang)
    out = []
    if word[:1].isupper():
        gaz = places()
        if word in gaz:
            out.append("gaz")
        elif any(c.form in gaz for c in candidates(word, lang)[1:]):
            out.append("gaz~")
        if is_given_name(word, lang):
            out.append("given")
        if word in cue.not_names:
            out.append("notname")
    if word[:1].isalpha():
        if is_known_word(word, lang):
            out.append("known")
        if is_one_of(word, cue.person_titles, lang):
            out.append("title")
        if is_one_of(word, cue.org_heads, lang):
            out.append("orghead")
        if is_one_of(word, cue.group_heads, lang):
            out.append("grouphead")
        if is_one_of(word, cue.place_heads, lang):
            out.append("placehead")
        low = word.lower()
        if low in cue.place_prepositions:
            out.append("prep")
        if low in cue.name_particles:
            out.append("particle")
    return tuple(out)


@dataclass(frozen=True, slots=True)
class _Word:
    """One word's features, built once: its own, and those it lends the
    words one and two places before and after it (already prefixed)."""

    own: tuple[str, ...]
    low: str
    caps: str
    before1: tuple[str, ...]  # read by the next word as "-1:..."
    after1: tuple[str, ...]  # read by the previous word as "+1:..."
    before2: tuple[str, ...]
    after2: tuple[str, ...]


@lru_cache(maxsize=WORD_CACHE)
def _word(word: str) -> _Word:
    low = word.lower()
    shape = _shape(word)
    lex = tuple("lex=" + f for f in _lexicon(word))
    lem = lemma(word, FEATURE_LANGUAGE) if word[:1].isalpha() else low
    cap = word[:1].isupper()
    own = [
        "bias",
        "w=" + low,
        "lem=" + lem,
        "s2=" + low[-2:],
        "s3=" + low[-3:],
        "s4=" + low[-4:],
        "p3=" + low[:3],
        "shape=" + shape,
        "len=" + str(min(len(word), 8)),
    ]
    if cap:
        own.append("cap")
    if word.isupper() and len(word) > 1:
        own.append("allcap")
    if "-" in word:
        own.append("hyphen")
        own.append("afterhyphen=" + low.rsplit("-", 1)[1])
    if any(ch.isdigit() for ch in word):
        own.append("digit")
    own.extend(lex)
    if cap and "lex=known" in lex:
        own.append("cap&known")
    near = ("w=" + low, "lem=" + lem, "s3=" + low[-3:], "shape=" + shape, *lex, *(("cap",) if cap else ()))
    far = (near[0], *near[4:])  # two words away: the word, its lexicon flags, capitalisation
    return _Word(
        own=tuple(own),
        low=low,
        caps="X" if cap else "x" if word[:1].isalpha() else ".",
        before1=tuple("-1:" + x for x in near),
        after1=tuple("+1:" + x for x in near),
        before2=tuple("-2:" + x for x in far),
        after2=tuple("+2:" + x for x in far),
    )


def features(words: Sequence[str], word: Callable[[str], _Word] = _word, known: Container[str] | None = None) -> list[list[str]]:
    """CRF features of each word of one sentence (training and tagging share this).

    ``word`` and ``known`` let the tagger leave out the features its model
    has no weight for: the tags are the same, the call is faster."""
    ws = [word(w) for w in words]
    n = len(ws)
    caps = "__" + "".join(w.caps for w in ws) + "__"
    out = []
    for i, w in enumerate(ws):
        f = list(w.own)
        if i == 0:
            f.append("BOS")
        else:
            f += ws[i - 1].before1
            bigram = "-1|0=" + ws[i - 1].low + "|" + w.low
            if known is None or bigram in known:
                f.append(bigram)
            if i > 1:
                f += ws[i - 2].before2
        if i == n - 1:
            f.append("EOS")
        else:
            f += ws[i + 1].after1
            bigram = "0|+1=" + w.low + "|" + ws[i + 1].low
            if known is None or bigram in known:
                f.append(bigram)
            if i < n - 2:
                f += ws[i + 2].after2
        window = "caps=" + caps[i : i + 5]
        if known is None or window in known:
            f.append(window)
        out.append(f)
    return out


def model_path():
    return resources.files("storyline.models").joinpath(MODEL_FILE)


@cache
def load_tagger():
    """The trained CRF, opened once per process."""
    try:
        import pycrfsuite
    except ImportError as exc:
        raise NotInstalled("python-crfsuite", "hbs") from exc
    path = model_path()
    if not path.is_file():
        raise NotInstalled(f"the model file {MODEL_FILE} (run: python scripts/train_ner.py)", "hbs")
    tagger = pycrfsuite.Tagger()
    with resources.as_file(path) as real:
        tagger.open(str(real))
    log.info("loaded %s", MODEL_FILE)
    return tagger


@lru_cache(maxsize=WORD_CACHE)
def _readings(word: str, language: str) -> frozenset[str]:
    """Every nominative the word's case ending allows, and the word itself."""
    return frozenset(c.form for c in candidates(word, language))


def _surnames_alone(sentences, language: str) -> None:
    """A capitalised word the model left out that shares a nominative with
    the surname of a person named in full in the article is that person:
    "Macrona" after "Emmanuelom Macronom" (both "Macron")."""
    surnames: set[str] = set()
    for _, _, toks, ents in sentences:
        for a, b, label in ents:
            if label == "PER" and b - a > 1:
                surnames.update(_readings(toks[b - 1].text, language))
    if not surnames:
        return
    for _, _, toks, ents in sentences:
        taken = {k for a, b, _ in ents for k in range(a, b)}
        for i, tok in enumerate(toks):
            if i in taken or not tok.is_word or not tok.is_capitalised or len(tok.text) < 3 or tok.is_acronym:
                continue
            if i + 1 < len(toks) and toks[i + 1].is_capitalised and toks[i + 1].is_word:
                continue  # part of a longer name the model did not take
            if not surnames.isdisjoint(_readings(tok.text, language)):
                ents.append((i, i + 1, "PER"))
        ents.sort()


@cache
def model_attributes() -> frozenset[str]:
    """Every feature the model has a weight for."""
    return frozenset(attr for attr, _label in load_tagger().info().state_features)


def _name_language(language: str) -> str:
    """Whose declension data gives nominatives: the language's own when it
    has some, else Croatian (the standards share their case endings)."""
    return language if load(language, "declension") else FEATURE_LANGUAGE


@entity_backends.register(NAME, "CRF trained on Universal NER (Croatian, Serbian; Latin and Cyrillic), nominatives by declension rules")
class HbsRecognizer:
    name = NAME

    def __init__(self) -> None:
        self.tagger = load_tagger()
        self.known = model_attributes()

    @lru_cache(maxsize=WORD_CACHE)  # noqa: B019 - one recogniser per process (get_recognizer caches it)
    def _word(self, word: str) -> _Word:
        """The word's features, less those the model gives no weight."""
        w, known = _word(word), self.known
        keep = lambda fs: tuple(f for f in fs if f in known)
        return _Word(keep(w.own), w.low, w.caps, keep(w.before1), keep(w.after1), keep(w.before2), keep(w.after2))

    def tag(self, words: Sequence[str]) -> list[str]:
        """BIO tags (PER, ORG, LOC, OTH) of one tokenised sentence."""
        return self.tagger.tag(features(words, self._word, self.known)) if words else []

    def recognise(self, doc: Document, spans: Sequence[tuple[int, int]], language: str) -> list[Mention]:
        sentences = []
        for start, end in spans:
            text = doc.text[start:end]
            latin = to_latin(text) if has_cyrillic(text) else None
            toks = tokenize(latin.text if latin else text)
            tags = self.tag([t.text for t in toks])
            sentences.append((start, latin, toks, [x for x in bio_spans(tags) if x[2] in LABELS]))
        # +13 / +11 names found, +1 wrong each, on UNER hr / sr dev.
        _surnames_alone(sentences, _name_language(language))
        found: list[tuple[list[Token], str, Token | None, tuple[int, int]]] = []
        for start, latin, toks, ents in sentences:
            for a, b, label in ents:
                s, e = toks[a].start, toks[b - 1].end
                if latin:
                    s, e = latin.span(s, e)
                found.append((toks[a:b], label, toks[a - 1] if a else None, (start + s, start + e)))
        return self._finish(found, language)

    def _finish(self, found, language: str) -> list[Mention]:
        lang = _name_language(language)
        cue = cues(lang)
        attested = {t.text for toks, *_ in found for t in toks}
        # Heads that only armed groups have ("pokret" names parties too).
        armed = cue.group_heads - cue.org_heads
        names: dict[tuple, str] = {}  # a name repeats in an article: its nominative is found once
        out = []
        for toks, label, prev, (start, end) in found:
            words = [t.text for t in toks]
            if not words[0][:1].isupper() and not words[0][:1].isdigit():
                continue  # a lower-case opening is a common word the model took in
            kind = LABELS[label]
            prev_word = prev.text if prev and prev.is_word else None
            if kind == "organization" and (
                any(is_one_of(w, armed, lang) for w in words) or (prev_word and is_one_of(prev_word, armed, lang))
            ):
                kind = "group"  # "pobunjenička skupina Abu Sajaf", "Islamska fronta"
            key = (tuple(words), kind, prev_word)
            name = names.get(key)
            if name is None:
                if kind in ("organization", "group") and not toks[0].is_acronym:
                    name = organisation_name(words, lang, cue)
                elif kind in ("organization", "group"):
                    name = canonical(words, lang, kind=kind)  # "UN-a" -> "UN"
                else:
                    title = prev_word if kind == "person" else None
                    name = canonical(words, lang, attested=attested, title=title, kind=kind, preposition=prev_word)
                names[key] = name
            out.append(Mention(start, end, kind, name, self.name))
        return out


__all__ = ["HbsRecognizer", "features", "load_tagger"]
