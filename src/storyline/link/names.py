"""Keys that make one entity of a name's spellings across languages.

- Places resolve to a gazetteer entry: a country by its ISO code (CLDR
  names in every language we read: "Rusija", "Russia", "Russie" -> RU), a
  city by its GeoNames id (its alternate names: "Alep", "Aleppo", "Halab").
  The entry also gives the English name used in the brief.
- People and organisations get a folded spelling (:func:`fold`): diacritics
  and the common Latin transliterations of one sound written alike
  ("Černomyrdin", "Chernomyrdin", "Tchernomyrdine" -> "cernomirdin"), so near-identical
  spellings can be compared with a string distance.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import cache

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


def fold(name: str) -> str:
    """A spelling key: lower case, transliterations unified, diacritics and
    punctuation dropped, a French final -e dropped ("Tchourkine")."""
    s = name.lower()
    for a, b in TRANSLITERATION:
        s = s.replace(a, b)
    s = unicodedata.normalize("NFKD", s)
    s = "".join(c for c in s if not unicodedata.combining(c))
    words = [w for w in re.split(r"[^a-z0-9]+", s) if w]
    return " ".join(w[:-1] if len(w) > 5 and w.endswith("ine") else w for w in words)


def stem_key(name: str) -> str:
    """The folded name with each word cut to its first STEM_LETTERS letters."""
    return " ".join(w[:STEM_LETTERS] for w in fold(name).split())


@dataclass(frozen=True, slots=True)
class Place:
    key: str  # "country:RU", "geo:170063"
    english: str  # the name in the English brief
    main: bool = True  # the entry's own name, not one of its alternate names


@cache
def place_index() -> dict[str, Place]:
    """Every place name we know, as written, to its entry."""
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
