"""Croatian, Serbian and Bosnian entities from a CRF trained on Universal NER.

Two linear-chain CRFs (CRFsuite), trained by ``scripts/train_ner.py`` on
the UNER Croatian and Serbian SETimes training sets (CC BY-SA 4.0;
``models/README.md``), can tag in two passes; by default (``TWO_PASS``)
only pass 1 runs. Pass 1 (``models/ner-hbs-v1-pass1.crfsuite``) reads
each sentence alone: the word's form, affixes and shape, its neighbours,
and what the project already knows (gazetteer places, given names, the cue
words of ``lang/hr/entities.toml``, the lemmatiser's dictionary); it tags
PER, ORG, LOC and OTH (other names), and OTH is dropped. Pass 2
(``models/ner-hbs-v1.crfsuite``) adds the word's lemma (lemmagen3) and its
neighbours', whether it or a word near it is one that organisation names
are made of (``models/ner-hbs-v1-orgwords.txt``, learned from the training
data), and what pass 1 made of it, of its neighbours and of every other
occurrence of the same word or lemma in the article: a name tagged once is
tagged alike elsewhere. Pass 2 was trained on pass-1 tags from 4-fold
cross-validation, the tags a model gives on text it has not seen.

The model reads the project's tokens with web addresses kept whole
("Index.hr": one word, an organisation; :func:`model_tokens`). After
tagging, a name tagged once is tagged where the same words repeat untagged
in the article (``_repeats``), and a lone surname of a person named in full
is that person (``_surnames_alone``); a capitalised word the model left
untagged that the gazetteer knows as a country, region or large city is a
place (``_known_names``: "Katar: dogovor o primirju blizu").

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
from ..extract.entities import ModelNames, cues, is_given_name
from ..extract.gazetteer import places
from ..extract.lemmas import is_known_word, is_one_of, is_verb, lemma
from ..extract.names import candidates, lemmatiser
from ..extract.tokens import Token, tokenize
from ..extract.translit import has_cyrillic, to_latin
from ..lang import load
from ..records import Document, Mention
from ..registry import entity_backends

log = logging.getLogger(__name__)

NAME = "entities.hbs.v1"
MODEL_FILE = "ner-hbs-v1.crfsuite"  # pass 2
PASS1_FILE = "ner-hbs-v1-pass1.crfsuite"
ORG_WORDS_FILE = "ner-hbs-v1-orgwords.txt"
# Pass 2 costs as much again as pass 1 (13.5 ms of CPU per 600-word article
# against 6.2 for pass 1 alone). With web addresses kept whole and names
# repeated in the article tagged alike (``_repeats``), it loses on UNER dev:
# hr / sr 0.827 / 0.884 against 0.830 / 0.887 for pass 1 alone
# (docs/decisions.md): off. True: both passes.
TWO_PASS = False
LABELS = {"PER": "person", "ORG": "organization", "LOC": "location"}
# The lexicon the features read. The model was trained on Croatian and
# Serbian (Latin) with the Croatian cue words; the same data must be used
# at run time, whatever the text's language, or the features shift.
FEATURE_LANGUAGE = "hr"
# Per-word feature cache: news vocabulary repeats; 200,000 entries is a few tens of MB at most.
WORD_CACHE = 200_000


# Top-level domains that end a web address: "Index.hr", "B92.net" and "Sarajevo-x.com" are
# portals (UNER tags them ORG), one word to the model, not "Index", ".", "hr".
DOMAIN_ENDINGS = frozenset("hr ba rs me si mk al bg ro hu at de it eu uk com net org info biz tv fm io co".split())


def model_tokens(text: str) -> list[Token]:
    """The words the model reads (training and tagging): the project's
    tokens, with a web address written without spaces kept whole."""
    toks = tokenize(text)
    out, i, n = [], 0, len(toks)
    while i < n:
        j = i
        while (j + 2 < n and toks[j + 1].text == "." and toks[j].end == toks[j + 1].start
               and toks[j + 1].end == toks[j + 2].start and toks[j + 2].text[:1].isalnum()):
            j += 2
        if j > i and toks[i].text[:1].isalnum() and toks[j].text in DOMAIN_ENDINGS:
            out.append(Token(text[toks[i].start : toks[j].end], toks[i].start, toks[j].end))
            i = j + 1
        else:
            out.append(toks[i])
            i += 1
    return out


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


@lru_cache(maxsize=WORD_CACHE)
def _lemma2(word: str) -> str:
    """lemmagen3's lemma (lower-cased): it knows names' endings too ("Zagrebu" -> "zagreb")."""
    if not word[:1].isalpha():
        return word.lower()
    return lemmatiser(FEATURE_LANGUAGE).lemmatize(word).lower()


@dataclass(frozen=True, slots=True)
class _Lemma:
    """One word's lemma features for pass 2: its own, and those it lends its neighbours."""

    own: tuple[str, ...]
    before1: tuple[str, ...]  # read by the next word
    after1: tuple[str, ...]  # read by the previous word
    org: bool


def lemma_features(org_words: Container[str], known: Container[str] | None = None) -> Callable[[str], _Lemma]:
    """A cached word -> _Lemma function; ``known``: keep only features the model has a weight for."""

    @lru_cache(maxsize=WORD_CACHE)
    def lem(word: str) -> _Lemma:
        x = _lemma2(word)
        org = x in org_words
        keep = lambda fs: tuple(f for f in fs if known is None or f in known)
        flag = ("orgw",) if org else ()
        return _Lemma(keep(("lg=" + x, *flag)), keep(("-1:lg=" + x, *("-1:" + f for f in flag))),
                      keep(("+1:lg=" + x, *("+1:" + f for f in flag))), org)

    return lem


def extra_features(
    words: Sequence[str], lem: Callable[[str], _Lemma], known: Container[str] | None = None, into: list | None = None
) -> list[list[str]]:
    """Pass 2's own features of one sentence: lemmas of the word and its
    neighbours, and the organisation-word flags of it and of the words
    up to three either side (``lem`` from :func:`lemma_features`).
    ``into``: the words' feature lists to extend (and return) instead of new lists."""
    ls = [lem(w) for w in words]
    org = [x.org for x in ls]
    right = known is None or "orgw_r3" in known
    left = known is None or "orgw_l3" in known
    n = len(words)
    out = [] if into is None else into
    for i in range(n):
        if into is None:
            f = list(ls[i].own)
            out.append(f)
        else:
            f = into[i]
            f += ls[i].own
        if i > 0:
            f += ls[i - 1].before1
        if i < n - 1:
            f += ls[i + 1].after1
        if right and any(org[i + 1 : i + 4]):
            f.append("orgw_r3")
        if left and any(org[max(0, i - 3) : i]):
            f.append("orgw_l3")
    return out


def document_features(
    sentences: Sequence[Sequence[str]], tags: Sequence[Sequence[str]], known: Container[str] | None = None
) -> list[list[tuple[str, ...]]]:
    """Pass 2's features from pass 1's tags (``tags``, one list per sentence):
    the word's own tag and its neighbours', and the types pass 1 gave the
    other occurrences of the same form and of the same lemma in the document
    (the most frequent, first seen on a tie; and each entity type seen);
    "dlowseen" for a capitalised word the document also has in lower case."""
    seen_as: dict[str, dict[str, int]] = {}  # word -> {type: count}, in order of appearance
    for words, ts in zip(sentences, tags):
        for w, t in zip(words, ts):
            c = seen_as.get(w)
            if c is None:
                c = seen_as[w] = {}
            typ = t[2:] if t != "O" else t
            c[typ] = c.get(typ, 0) + 1
    counts: dict[tuple[str, str], dict[str, int]] = {}
    keys: dict[str, tuple[str, str]] = {}
    lower_seen = set()
    for w, types in seen_as.items():
        if not w[:1].isalpha():
            continue
        k = keys[w] = (w.lower(), _lemma2(w))
        for key in (("form", k[0]), ("lem", k[1])):
            c = counts.setdefault(key, {})
            for typ, n in types.items():
                c[typ] = c.get(typ, 0) + n
        if w[:1].islower():
            lower_seen.add(w)
    ok = (lambda f: True) if known is None else known.__contains__

    def others(key: tuple[str, str], me: str) -> tuple[str, ...]:
        best, most, seen = "", 0, []
        for typ, c in counts[key].items():
            if typ == me:
                c -= 1
            if c > 0:
                if c > most:
                    best, most = typ, c
                if typ != "O":
                    seen.append(typ)
        name = key[0]
        return (f"d{name}=" + best, *(f"d{name}any=" + typ for typ in seen)) if most else ()

    only_o = {(f, m): tuple(x for x in (("dform=O",) if f else ()) + (("dlem=O",) if m else ()) if ok(x))
              for f in (False, True) for m in (False, True)}
    around: dict[tuple[str, str, str], tuple[str, ...]] = {}  # (tag before, tag, tag after) -> features
    word: dict[tuple[str, str], tuple[str, ...]] = {}  # (word, its tag) -> features
    out = []
    for words, ts in zip(sentences, tags):
        padded = ["BOS", *ts, "EOS"]
        sent = []
        for j, w in enumerate(words):
            t = padded[j + 1]
            trio = (padded[j], t, padded[j + 2])
            f = around.get(trio)
            if f is None:
                f = around[trio] = tuple(x for x in ("p1=" + t, "p1-1=" + trio[0], "p1+1=" + trio[2]) if ok(x))
            g = word.get((w, t))
            if g is None:
                g = ()
                k = keys.get(w)
                if k:
                    by_form, by_lemma = counts[("form", k[0])], counts[("lem", k[1])]
                    if t == "O" and len(by_form) == 1 and len(by_lemma) == 1 and not (w[:1].isupper() and k[0] in lower_seen):
                        g = only_o[by_form["O"] > 1, by_lemma["O"] > 1]  # the common case: a word never tagged
                    else:
                        me = t[2:] if t != "O" else t
                        g = others(("form", k[0]), me) + others(("lem", k[1]), me)
                        if w[:1].isupper() and k[0] in lower_seen:
                            g += ("dlowseen",)
                        g = tuple(x for x in g if ok(x))
                word[(w, t)] = g
            sent.append(f + g)
        out.append(sent)
    return out


def pass2_features(
    sentences: Sequence[Sequence[str]], tags: Sequence[Sequence[str]], org_words: Container[str]
) -> list[list[list[str]]]:
    """Pass 2's features of a document's sentences, given pass 1's tags (what the training script uses;
    the recogniser builds the same, less the features its model has no weight for)."""
    lem = lemma_features(org_words)
    return [[[*b, *e, *d] for b, e, d in zip(features(words), extra_features(words, lem), doc)]
            for words, doc in zip(sentences, document_features(sentences, tags))]


def model_path(name: str = MODEL_FILE):
    return resources.files("storyline.models").joinpath(name)


@cache
def load_tagger(name: str = MODEL_FILE):
    """A trained CRF, opened once per process."""
    try:
        import pycrfsuite
    except ImportError as exc:
        raise NotInstalled("python-crfsuite", "hbs") from exc
    path = model_path(name)
    if not path.is_file():
        raise NotInstalled(f"the model file {name} (run: python scripts/train_ner.py)", "hbs")
    tagger = pycrfsuite.Tagger()
    with resources.as_file(path) as real:
        tagger.open(str(real))
    log.info("loaded %s", name)
    return tagger


@cache
def load_org_words() -> frozenset[str]:
    """Lemmas organisation names are made of, learned by the training script."""
    path = model_path(ORG_WORDS_FILE)
    if not path.is_file():
        raise NotInstalled(f"the data file {ORG_WORDS_FILE} (run: python scripts/train_ner.py)", "hbs")
    return frozenset(path.read_text(encoding="utf-8").split())


@lru_cache(maxsize=WORD_CACHE)
def _readings(word: str, language: str) -> frozenset[str]:
    """Every nominative the word's case ending allows, and the word itself."""
    return frozenset(c.form for c in candidates(word, language))


def _repeats(sentences, tags: Sequence[Sequence[str]]) -> None:
    """A name the model tagged somewhere in the article is tagged where the
    same words repeat untagged, with the type it got most often (first seen
    on a tie), unless the words sit inside a longer capitalised run: the
    model misses a name in one sentence that it finds in another. Words the
    model tagged as another kind of name (OTH) stay as they are. On UNER
    dev: hr +0.4 points of F1 (organisations +1.4), sr unchanged, precision
    unchanged (docs/decisions.md)."""
    types: dict[tuple[str, ...], dict[str, int]] = {}
    for _, _, toks, ents in sentences:
        for a, b, label in ents:
            c = types.setdefault(tuple(t.text for t in toks[a:b]), {})
            c[label] = c.get(label, 0) + 1
    by_first: dict[str, list[tuple[tuple[str, ...], str]]] = {}
    for name, c in types.items():
        by_first.setdefault(name[0], []).append((name, max(c, key=c.__getitem__)))
    for names in by_first.values():
        names.sort(key=lambda x: -len(x[0]))  # the longest name first
    for (_, _, toks, ents), model_tags in zip(sentences, tags):
        taken = [t != "O" for t in model_tags]
        words = [t.text for t in toks]
        n, added = len(words), False
        for i, w in enumerate(words):
            if taken[i] or w not in by_first or not w[:1].isupper():
                continue
            if i and toks[i - 1].is_word and toks[i - 1].is_capitalised:
                continue  # inside a longer capitalised run the model did not take
            for name, label in by_first[w]:
                j = i + len(name)
                if tuple(words[i:j]) == name and not any(taken[i:j]) and not (j < n and toks[j].is_word and toks[j].is_capitalised):
                    ents.append((i, j, label))
                    taken[i:j] = [True] * (j - i)
                    added = True
                    break
        if added:
            ents.sort()


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


# The gazetteer post-rule (``_known_names``; docs/decisions.md, "gazetteer
# post-rule"): on UNER dev hr +1 name, no wrong one; sr unchanged. Cities
# count from this size up (15,000: one more wrong name in each language).
PLACE_RULE_POPULATION = 100_000
NO_CITIES = 10**12  # a population no city has: countries and regions only
# Other spellings of the large cities ("Beč", but also "Roma", in Croatian
# the Roma people): sr -0.2 points of F1, four wrong names; off.
ALTERNATE_NAMES = False
# A known given name before a capitalised word the model left untagged is a
# person: changed nothing on UNER dev or our Croatian gold; off.
GIVEN_NAME_RULE = False
PLACE_RULE = True
# A segment that ends without one of these is a headline.
SENTENCE_END = frozenset('.!?…"”“»«\'')
OPENING_QUOTES = frozenset('"„“«»‘‚\'')


@cache
def known_places(population: int = PLACE_RULE_POPULATION) -> frozenset[str]:
    """Country and region names (GeoNames, CLDR in hr/en/sr/bs) and the main
    names of cities of at least ``population``. Built once per machine
    (~0.5 s, GeoNames' city table) and then read from the user cache."""
    import hashlib
    from pathlib import Path

    from ..extract.gazetteer import _cache_key
    from ..lang.dictionaries import cached_strings

    code = hashlib.sha1(Path(__file__).read_bytes()).hexdigest()
    return cached_strings("hbs-known-places", f"{_cache_key()}|{code}|{population}|{ALTERNATE_NAMES}",
                          lambda: _build_known_places(population))


def _build_known_places(population: int) -> frozenset[str]:
    from ..extract.gazetteer import _LATIN, ALTERNATE_NAMES_POPULATION, countries, geonames

    out = set(countries())
    for city in geonames().get_cities().values():
        pop = city["population"]
        if pop < population:
            continue
        out.add(city["name"])
        if ALTERNATE_NAMES and pop >= ALTERNATE_NAMES_POPULATION:
            out.update(n for n in city["alternatenames"] if n[:1].isupper() and _LATIN.match(n))
    out.discard("")
    return frozenset(out)


@lru_cache(maxsize=WORD_CACHE)
def _place_readings(word: str) -> tuple[str, ...]:
    """The word as written and its lemmas (lemmagen3, simplemma), capitalised like the word."""
    out = [word]
    for lem in (lemmatiser(FEATURE_LANGUAGE).lemmatize(word), lemma(word, FEATURE_LANGUAGE)):
        lem = lem[:1].upper() + lem[1:]
        if lem not in out:
            out.append(lem)
    return tuple(out)


def _is_headline(toks: Sequence[Token]) -> bool:
    """A segment that does not end as a sentence does: a headline or a title line."""
    return bool(toks) and toks[-1].text[-1:] not in SENTENCE_END


def _capitalised_runs(toks: Sequence[Token], taken: Container[int]) -> list[tuple[int, int]]:
    """Maximal runs of capitalised words, none of them tagged."""
    runs, i, n = [], 0, len(toks)
    while i < n:
        j = i
        while j < n and j not in taken and toks[j].is_word and toks[j].is_capitalised:
            j += 1
        if j > i:
            runs.append((i, j))
            i = j
        else:
            i += 1
    return runs


def _abbreviation_at(toks: Sequence[Token], i: int) -> bool:
    """A lower-case abbreviation written with dots starts at toks[i] ("d.o.o.", "d.d.": a firm's legal form)."""
    return (i + 1 < len(toks) and toks[i].text.islower() and len(toks[i].text) <= 3
            and toks[i + 1].text == "." and toks[i].end == toks[i + 1].start)


def _opens(toks: Sequence[Token], a: int, b: int, headline: bool) -> bool:
    """Whether the run toks[a:b] may be judged: a sentence's first word
    ("Bugarska vojska ..." is an adjective there) only before ":", or in a
    headline before a verb or at its end ("Katar pregovara"); never the
    first word of a quotation or a title ("Pet zemalja ..."), nor a name
    before a number or a legal form ("Delta 4", "Mauricijus d.o.o.")."""
    if a and toks[a - 1].text in OPENING_QUOTES:
        return False
    if b < len(toks) and (toks[b].text[:1].isdigit() or _abbreviation_at(toks, b)):
        return False  # "Delta 4", "Mauricijus d.o.o.": a product, a firm
    if a:
        return True
    nxt = toks[b] if b < len(toks) else None
    if nxt is not None and nxt.text == ":":
        return True
    return headline and (nxt is None or not nxt.is_word or is_verb(nxt.text, FEATURE_LANGUAGE))


def _known_names(sentences, language: str) -> None:
    """What the model left untagged but the project's lists know: a
    capitalised word or run whose form or lemma is a country, region or
    city name of the gazetteer is a place; a known given name before a
    capitalised word is a person ("Katar: dogovor o primirju blizu")."""
    cities = known_places()
    for _, _, toks, ents in sentences:
        # A word the model tagged OTH is open to the rule: on UNER dev that
        # finds one more country ("Čilea") and no wrong name.
        taken = {k for a, b, _ in ents for k in range(a, b)}
        headline = _is_headline(toks)
        added = False
        for a, b in _capitalised_runs(toks, taken):
            if a == 0 and b > 1 and not _opens(toks, a, b, headline):
                a = 1  # the run's first word is the sentence's: judge the rest
            if not _opens(toks, a, b, headline):
                continue
            # A headline's first word may be a common noun that is also a
            # town ("Rijeka nabujala ..."): only countries and regions there.
            gaz = known_places(NO_CITIES) if a == 0 and not (b < len(toks) and toks[b].text == ":") else cities
            words = [t.text for t in toks[a:b]]
            if PLACE_RULE and not any(t.is_acronym for t in toks[a:b]) and (
                " ".join(words) in gaz or (b - a == 1 and any(r in gaz for r in _place_readings(words[0])))
            ):
                ents.append((a, b, "LOC"))
                added = True
            elif GIVEN_NAME_RULE and b - a == 2 and is_given_name(words[0], language) and not toks[a + 1].is_acronym:
                ents.append((a, b, "PER"))
                added = True
        if added:
            ents.sort()


@cache
def model_attributes(name: str = MODEL_FILE) -> frozenset[str]:
    """Every feature the model has a weight for. Reading them from the model
    takes about a second, so the set is kept in the user cache directory,
    keyed by the model file's hash (lang/dictionaries.py)."""
    import hashlib

    from ..lang.dictionaries import cached_strings

    digest = hashlib.sha1(model_path(name).read_bytes()).hexdigest()
    return cached_strings(
        "crf-attributes",
        f"{name}|{digest}",
        lambda: frozenset(attr for attr, _label in load_tagger(name).info().state_features),
    )


def _pruned(known: frozenset[str]) -> Callable[[str], _Word]:
    """A word's features, less those the model gives no weight (cached)."""

    @lru_cache(maxsize=WORD_CACHE)
    def word(w: str) -> _Word:
        x = _word(w)
        keep = lambda fs: tuple(f for f in fs if f in known)
        return _Word(keep(x.own), x.low, x.caps, keep(x.before1), keep(x.after1), keep(x.before2), keep(x.after2))

    return word


def _name_language(language: str) -> str:
    """Whose declension data gives nominatives: the language's own when it
    has some, else Croatian (the standards share their case endings)."""
    return language if load(language, "declension") else FEATURE_LANGUAGE


@entity_backends.register(NAME, "CRF trained on Universal NER (Croatian, Serbian; Latin and Cyrillic), nominatives by declension rules")
class HbsRecognizer:
    name = NAME

    def __init__(self) -> None:
        self.pass1 = load_tagger(PASS1_FILE)
        self.tagger = load_tagger(MODEL_FILE)
        self.known = model_attributes(MODEL_FILE)
        # One set of base features serves both passes: those either model has a weight for.
        self.known_base = model_attributes(PASS1_FILE) | self.known
        self._word = _pruned(self.known_base)
        self._lemma = lemma_features(load_org_words(), self.known)

    def tag_document(self, sentences: Sequence[Sequence[str]]) -> list[list[str]]:
        """BIO tags (PER, ORG, LOC) of the tokenised sentences of one document, tagged together."""
        base = [features(words, self._word, self.known_base) for words in sentences]
        first = [self.pass1.tag(x) if x else [] for x in base]
        if not TWO_PASS:
            return first
        out = []
        # Pass 2 reads the same features and more: pass 1 is done with the lists, extend them.
        for words, x, d in zip(sentences, base, document_features(sentences, first, self.known)):
            extra_features(words, self._lemma, self.known, into=x)
            for f, dd in zip(x, d):
                f += dd
            out.append(self.tagger.tag(x) if x else [])
        return out

    def tag(self, words: Sequence[str]) -> list[str]:
        """BIO tags of one tokenised sentence, as a document of its own."""
        return self.tag_document([words])[0]

    def recognise(self, doc: Document, spans: Sequence[tuple[int, int]], language: str) -> list[Mention]:
        read = []
        for start, end in spans:
            text = doc.text[start:end]
            latin = to_latin(text) if has_cyrillic(text) else None
            read.append((start, latin, model_tokens(latin.text if latin else text)))
        all_tags = self.tag_document([[t.text for t in toks] for _, _, toks in read])
        sentences = [(start, latin, toks, [x for x in bio_spans(tags) if x[2] in LABELS])
                     for (start, latin, toks), tags in zip(read, all_tags)]
        _repeats(sentences, all_tags)
        # +13 / +11 names found, +1 wrong each, on UNER hr / sr dev.
        _surnames_alone(sentences, _name_language(language))
        _known_names(sentences, _name_language(language))
        found: list[tuple[list[Token], str, Token | None, tuple[int, int]]] = []
        for start, latin, toks, ents in sentences:
            for a, b, label in ents:
                s, e = toks[a].start, toks[b - 1].end
                if latin:
                    s, e = latin.span(s, e)
                found.append((toks[a:b], label, toks[a - 1] if a else None, (start + s, start + e)))
        return self._finish(found, language)

    def _finish(self, found, language: str) -> list[Mention]:
        resolve = ModelNames(_name_language(language), (t.text for toks, *_ in found for t in toks))
        out = []
        for toks, label, prev, (start, end) in found:
            words = [t.text for t in toks]
            if not words[0][:1].isupper() and not words[0][:1].isdigit():
                continue  # a lower-case opening is a common word the model took in
            prev_word = prev.text if prev and prev.is_word else None
            kind = resolve.kind(words, LABELS[label], prev_word)  # "pobunjenička skupina Abu Sajaf": a group
            out.append(Mention(start, end, kind, resolve.name(words, kind, prev_word, acronym=toks[0].is_acronym), self.name))
        return out


__all__ = ["HbsRecognizer", "document_features", "extra_features", "features", "lemma_features", "load_tagger", "model_tokens", "pass2_features"]
