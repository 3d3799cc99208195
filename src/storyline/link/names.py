"""Keys that make one entity of a name's spellings across languages.

- Places resolve to a gazetteer entry: a country by its ISO code (CLDR
  names in every language we read: "Rusija", "Russia", "Russie" -> RU), a
  city by its GeoNames id (its alternate names: "Beč", "Wien", "Vienna").
  The entry also gives the English name used in the brief.
- People and organisations get a folded spelling (:func:`fold`): other
  scripts transliterated (anyascii: "Павел Орлов" -> "pavel orlov"),
  diacritics and the common Latin transliterations of one sound written alike
  ("Černomyrdin", "Chernomyrdin", "Tchernomyrdine" -> "cernomirdin"), so near-identical
  spellings can be compared with a string distance. No name folds to an
  empty key.
- Two person names are one person only when :func:`same_person` says so:
  given names equal, an initial, or variants of one name
  (``lang/common/given_name_variants.toml``); surnames may differ in spelling
  but not as a man's and a woman's form ("Petrov" / "Petrova").
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from functools import cache, lru_cache

# Several Latin spellings of one sound, longest first: Croatian, English,
# French and German transliterations of Slavic and Arabic names, reduced to
# the letters English news keeps when it drops diacritics ("Anušić" is
# printed "Anusic", "Černomyrdin" "Chernomyrdin" or "Cernomyrdin").
TRANSLITERATION = (
    ("tsch", "c"), ("tch", "c"), ("sch", "s"), ("ch", "c"), ("sh", "s"), ("zh", "z"), ("dj", "d"), ("đ", "d"),
    ("kh", "h"), ("ou", "u"), ("ff", "f"), ("ll", "l"), ("ss", "s"), ("w", "v"), ("y", "i"), ("j", "i"),
)
# Letters of each word a story profile keeps: enough to tell names apart,
# few enough that inflection and spelling do not ("Županje" / "Zupanja").
STEM_LETTERS = 5
# Cities at least this large take part in place keys through their alternate names.
PLACE_POPULATION = 15_000


# Names folded per process, remembered: an article repeats its names, and
# every mention's story key folds it again (issue 17).
FOLD_CACHE = 1 << 16


@lru_cache(maxsize=FOLD_CACHE)
def fold(name: str) -> str:
    """A spelling key: other scripts in Latin letters, lower case,
    transliterations unified, diacritics and punctuation dropped, a French
    final -e dropped ("Tchernomyrdine"). Never empty for a non-empty name: a name
    of symbols only keys as itself, without spaces."""
    s = to_latin(name).lower()
    for a, b in TRANSLITERATION:
        s = s.replace(a, b)
    s = unicodedata.normalize("NFKD", s)
    s = "".join(c for c in s if not unicodedata.combining(c))
    words = [w for w in re.split(r"[^a-z0-9]+", s) if w]
    if not words:
        return "".join(name.lower().split())
    return " ".join(w[:-1] if len(w) > 5 and w.endswith("ine") else w for w in words)


# Serbian Cyrillic goes to its own Latin alphabet (the table of
# extract/translit.py), so that a Cyrillic name folds exactly like its Latin
# spelling ("Ђоковић" -> "Đoković"); anyascii covers every other script.
SERBIAN_ONLY = frozenset("ђјљњћџЂЈЉЊЋЏ")


def to_latin(text: str) -> str:
    """``text`` with every letter outside the Latin script transliterated
    (Serbian Cyrillic by its own Latin alphabet, the rest through anyascii)."""
    if text.isascii():
        return text
    return text.translate(_SERBIAN_TABLE if not SERBIAN_ONLY.isdisjoint(text) else _OTHER_TABLE)


class _LatinTable(dict):
    """Code point -> its Latin spelling, worked out on first sight of each
    character (``str.translate`` then runs in C: a name is folded for every
    mention, word by word)."""

    def __init__(self, serbian: bool) -> None:
        super().__init__()
        self.serbian = serbian

    def __missing__(self, code: int) -> str:
        c = chr(code)
        serbian = _serbian_letters() if self.serbian else {}
        if c.isascii() or _is_latin(c):
            out = c
        elif c in serbian:
            out = serbian[c]
        else:
            from anyascii import anyascii

            out = anyascii(c) if c.isalpha() or not unicodedata.combining(c) else c
        self[code] = out
        return out


def _serbian_letters() -> dict[str, str]:
    from ..extract.translit import letters

    return letters()


_SERBIAN_TABLE = _LatinTable(serbian=True)
_OTHER_TABLE = _LatinTable(serbian=False)


@cache
def _is_latin(c: str) -> bool:
    return unicodedata.name(c, "").startswith("LATIN") or unicodedata.combining(c) > 0


# -- people -------------------------------------------------------------------
# Feminine and masculine forms of one surname (Slavic, Baltic, Greek):
# "Petrova" is not "Petrov". Pairs of endings, folded.
GENDERED_SURNAME_ENDINGS = (
    ("ova", "ov"), ("eva", "ev"), ("ina", "in"), ("skaia", "ski"), ("ckaia", "cki"), ("ska", "ski"),
    ("cka", "cki"), ("aia", "ii"), ("ia", "ii"), ("ou", "os"), ("i", "is"),
    ("a", ""),  # any other final -a: "Horvata" beside "Horvat" is a case form left undone, not a spelling
)
# Letters that spellings of one surname add or drop once folded: a silent
# or doubled letter ("Horvat"/"Horvath", "Philips"/"Phillips") or a
# transliterated soft sign or y ("Navalni"/"Navaljni", "Zelenski"/"Zelenskii").
# Any other difference makes another surname ("Marić"/"Marčić",
# "Milanović"/"Milinović"): a string distance cannot tell the two apart,
# and merging two people costs more than missing one link.
SILENT_LETTERS = frozenset("hil")


@cache
def _variants() -> dict[str, int]:
    """Folded given name -> the number of its variant group."""
    from ..lang import load

    out: dict[str, int] = {}
    for i, group in enumerate(load("common", "given_name_variants").get("groups", [])):
        for name in group:
            out[given_key(name)] = i
    return out


@cache
def given_key(word: str) -> str:
    """A given name folded, with its transliteration doublets unified
    ("Aleksej", "Alexei", "Alexey" -> "aleksei"; "Dmitriy" -> "dmitri")."""
    return _undouble(fold(word).replace("x", "ks"))


def _undouble(word: str) -> str:
    """Doubled letters written once: transliterations of one name differ in
    them ("Abbas" / "Abas", "Dmitrii" / "Dmitri")."""
    return re.sub(r"(.)\1+", r"\1", word)


def same_given(a: str, b: str) -> bool:
    """One given name: equal once folded, one the other's initial ("V."),
    or variants of one name ("Bill" / "William"). Never by spelling distance:
    "Marko" and "Mirko", "Ivan" and "Ivana" are different names."""
    ka, kb = given_key(a), given_key(b)
    if not ka or not kb:
        return False
    if ka == kb:
        return True
    if len(ka) == 1 or len(kb) == 1:
        return ka[0] == kb[0]
    va, vb = _variants().get(ka), _variants().get(kb)
    return va is not None and va == vb


@cache
def same_surname(a: str, b: str) -> bool:
    """One surname, maybe spelled two ways; a man's and a woman's form are not one."""
    fa, fb = _undouble(fold(a).replace(" ", "")), _undouble(fold(b).replace(" ", ""))
    if fa == fb:
        return True
    for fem, masc in GENDERED_SURNAME_ENDINGS:
        for x, y in ((fa, fb), (fb, fa)):
            if x.endswith(fem) and y.endswith(masc) and x[: len(x) - len(fem)] == y[: len(y) - len(masc)]:
                return False
    return _one_letter_more(fa, fb) or _one_letter_more(fb, fa)


def _one_letter_more(long: str, short: str) -> bool:
    """``long`` is ``short`` with one letter of SILENT_LETTERS put in."""
    if len(long) != len(short) + 1 or len(short) < 4:
        return False
    i = next((k for k in range(len(short)) if long[k] != short[k]), len(short))
    return long[i] in SILENT_LETTERS and long[i + 1 :] == short[i:]


@cache
def name_parts(name: str) -> tuple[tuple[str, ...], str]:
    """(given names and initials, surname) of a person's name as written:
    "P. A. Orlov" -> (["P", "A"], "Orlov"). Particles join the surname
    ("Samir al-Nouri", "Greta von der Brink")."""
    words = tuple(w for w in re.split(r"[\s.]+", name) if w)
    if not words:
        return (), ""
    cut = len(words) - 1
    while cut > 1 and words[cut - 1].lower() in _particles():
        cut -= 1
    return words[:cut], " ".join(words[cut:])


@cache
def _particles() -> frozenset[str]:
    """Lower-case particles inside names of every language with data ("al", "von")."""
    from ..lang import languages_with, load

    return frozenset(w for lang in languages_with("entities") for w in load(lang, "entities").get("name_particles", []))


def same_person(a: str, b: str) -> bool:
    """Whether two full names (given names and surname, as canonical names)
    can name one person. A surname alone is not judged here (it joins the
    one full name of that surname, :mod:`storyline.link.entities`)."""
    ga, sa = name_parts(a)
    gb, sb = name_parts(b)
    if not ga or not gb or not same_surname(sa, sb):
        return False
    if not same_given(ga[0], gb[0]):
        return False
    # Middle names: both written must agree; one written alone is fine
    # ("Pavel Andrejevič Orlov" / "Pavel Orlov").
    ma, mb = ga[1:], gb[1:]
    if ma and mb:
        return len(ma) == len(mb) and all(same_given(x, y) for x, y in zip(ma, mb))
    return True


def stem_key(name: str) -> str:
    """The folded name with each word cut to its first STEM_LETTERS letters."""
    return " ".join(w[:STEM_LETTERS] for w in fold(name).split())


@dataclass(frozen=True, slots=True)
class Place:
    key: str  # "country:RU", "geo:170063"
    english: str  # the name in the English brief
    main: bool = True  # the entry's own name, not one of its alternate names


@cache
def place_index() -> Mapping[str, Place]:
    """Every place name we know, as written, to its entry. Built once per
    machine (about 1.5 s) and then read from the user cache, keyed by the
    libraries' versions, the language data's place codes and this module's
    code (lang/dictionaries.py): a short run looks its names up in an indexed
    copy, a long one loads the table (``DiskMap``)."""
    import hashlib
    from pathlib import Path

    from ..extract.gazetteer import _cache_key
    from ..lang import languages_with, load
    from ..lang.dictionaries import DiskMap, cached_data

    codes = sorted((lang, sorted(load(lang, "entities").get("place_codes", {}).items())) for lang in languages_with("entities"))
    key = f"{_cache_key()}|{hashlib.sha1(Path(__file__).read_bytes()).hexdigest()}|{codes}"
    digest = hashlib.sha1(key.encode()).hexdigest()[:16]
    rows = DiskMap(
        f"place-index-{digest}",
        lambda: cached_data("place-index", key, lambda: {k: (p.key, p.english, p.main) for k, p in _build_place_index().items()}, dict),
    )
    return PlaceIndex(rows)


class PlaceIndex(Mapping[str, Place]):
    """Place names to their entries, over the cached rows: a Place is made
    when a name is looked up, not 188,000 of them at start-up (~0.45 s for a
    document that names three places)."""

    def __init__(self, rows: Mapping[str, tuple[str, str, bool]]) -> None:
        self._rows = rows

    def __getitem__(self, name: str) -> Place:
        return Place(*self._rows[name])

    def __contains__(self, name: object) -> bool:
        return name in self._rows

    def __iter__(self) -> Iterator[str]:
        return iter(self._rows)

    def __len__(self) -> int:
        return len(self._rows)


def _build_place_index() -> dict[str, Place]:
    from babel import Locale

    from ..extract.gazetteer import CLDR_LOCALES, geonames
    from ..lang import languages_with, load

    index: dict[str, Place] = {}
    gc = geonames()
    # English names: GeoNames' short forms ("Turkey", "Russia"), else CLDR's.
    english = dict(Locale.parse("en").territories)
    english.update({c["iso"]: c["name"] for c in gc.get_countries().values()})
    for lang in languages_with("entities"):
        for abbr, iso in load(lang, "entities").get("place_codes", {}).items():
            index.setdefault(abbr, Place(f"country:{iso}", english.get(iso, abbr)))
    for code in CLDR_LOCALES + ("fr", "de", "es", "it"):
        for iso, name in Locale.parse(code).territories.items():
            if len(iso) == 2 and iso.isalpha() and name[:1].isupper():
                index.setdefault(name, Place(f"country:{iso}", english.get(iso, name)))
    for country in gc.get_countries().values():
        index.setdefault(country["name"], Place(f"country:{country['iso']}", english.get(country["iso"], country["name"])))
    # Larger cities first, so an alternate name shared by two cities names the larger.
    for city in sorted(gc.get_cities().values(), key=lambda c: -c["population"]):
        if city["population"] < PLACE_POPULATION:
            break
        # English text drops GeoNames' transliteration marks ("Rafaḩ" -> "Rafah").
        place = Place(f"geo:{city['geonameid']}", strip_marks(city["name"]))
        index.setdefault(city["name"], place)
        index.setdefault(strip_marks(city["name"]), place)
        alternate = Place(place.key, place.english, main=False)
        for alt in city["alternatenames"]:
            if alt[:1].isupper():
                index.setdefault(alt, alternate)
    return index


def strip_marks(name: str) -> str:
    """The name without diacritics ("Rafaḩ" -> "Rafah")."""
    return "".join(c for c in unicodedata.normalize("NFKD", name) if not unicodedata.combining(c))


@cache
def _names_by_key() -> dict[str, list[tuple[str, Place]]]:
    out: dict[str, list[tuple[str, Place]]] = {}
    for name, place in place_index().items():
        out.setdefault(place.key, []).append((name, place))
    return out


def names_of(key: str) -> list[tuple[str, Place]]:
    """Every name of one gazetteer entry, with its entry ("country:RU" -> Rusija, Russia, ...)."""
    return _names_by_key().get(key, [])


def place_of(*names: str) -> Place | None:
    """The gazetteer entry for the first of ``names`` that has one."""
    index = place_index()
    for name in names:
        if name in index:
            return index[name]
    return None
