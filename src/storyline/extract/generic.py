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
  the language's data, acronyms and guillemets; a run with no evidence of
  its type is ``other``, which the brief shows but never links as a
  person, organisation or place (precision first).

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
from .lemmas import SIMPLEMMA_CODES

NAME = "entities.generic.v1"
# Keys a lang/<code>/generic.toml may hold, and their types.
KEYS: dict[str, type] = {
    "capitalised_nouns": bool,  # every noun is capitalised (German)
    "quoted_names_are_organisations": bool,  # «Vektor», «Zvezda»: a company or club
    "not_names": list,  # capitalised words never in a name (quantifiers, titles)
    "organisation_heads": list,  # lemmas that make a run an organisation ("Kommission", "банк")
    "name_particles": list,  # lower-case words inside names ("von", "de", "al")
    "elided_articles": list,  # article prefixes written onto the next word ("l'", "d'")
    "adjective_endings": list,  # endings of adjectives that follow or precede an organisation head in lower case
    "noun_endings": list,  # endings of a common noun's other forms ("Lage|n", "Hang|es"); a name has few
}
# A word and the characters between two words of one name.
WORD = re.compile(r"[^\W\d_](?:[\w'’-]*[^\W_])?", re.UNICODE)
JOIN = re.compile(r"[ \u00a0]+|[ \u00a0]*-[ \u00a0]*")
OPENING_QUOTES = "«„“\"'‘‹"
CLOSING_QUOTES = "»“”\"'’›"
# Words a name has at most; longer runs are headlines in title case.
MAX_WORDS = 6
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
    elided_articles: tuple[str, ...]
    adjective_endings: tuple[str, ...]
    noun_endings: tuple[str, ...]


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
        elided_articles=tuple(sorted(words("elided_articles"), key=len, reverse=True)),
        adjective_endings=tuple(sorted(words("adjective_endings"), key=len, reverse=True)),
        noun_endings=tuple(sorted(words("noun_endings"))),
    )


def _simplemma_code(language: str) -> str:
    return SIMPLEMMA_CODES.get(language, language)


@cache
def known(word: str, language: str) -> bool:
    """In the language's dictionary exactly as written (strict, no guessing)."""
    import simplemma

    try:
        return simplemma.is_known(word, lang=_simplemma_code(language))
    except ValueError:  # a language simplemma does not cover: nothing is known
        return False


@cache
def lemma(word: str, language: str) -> str:
    import simplemma

    try:
        return simplemma.lemmatize(word, lang=_simplemma_code(language))
    except ValueError:
        return word


@cache
def _latin(word: str) -> str:
    from anyascii import anyascii

    return anyascii(word) if not word.isascii() else word


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
    lemmas = " ".join(lemma(w, language) for w in words)
    lemmas = " ".join(w[:1].upper() + w[1:] for w in lemmas.split())
    return list(dict.fromkeys((surface, lemmas, _latin(surface), _latin(lemmas))))


def is_place(words: Sequence[str], language: str) -> bool:
    from .gazetteer import countries, places

    names, local = places(), territories(language)
    found = [f for f in _forms(words, language) if f in names or f in local or f in countries()]
    if not found:
        return False
    if len(words) == 1 and common_noun(words[0], language):
        # "Lage", "Hang", "Neubau" are towns too: a common noun is a place
        # only when it is a country, a region or a large city.
        return any(f in local or f in countries() or f in large_places() for f in found)
    return True


@cache
def common_noun(word: str, language: str) -> bool:
    """A word the dictionary declines as a common noun ("Lage" has "Lagen";
    "Kassel" only the genitive "Kassels"), by the language's noun endings."""
    return any(known(word + e, language) and lemma(word + e, language) == word for e in generic_data(language).noun_endings)


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
    from .gazetteer import given_names

    names = given_names()
    return any(f in names for f in _forms([word], language))


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
            runs = [self._organisation_phrase(doc.text, words, run, data, language) for run in runs]
            runs += self._head_final_organisations(doc.text, words, runs, data, language)
            for run in runs:
                mention = self._mention(doc.text, run, data, language)
                if mention:
                    out.append(mention)
        return sorted(out, key=lambda m: m.start)

    # -- words and runs ---------------------------------------------------
    @staticmethod
    def _words(text: str, start: int, end: int, data: GenericData) -> list[_Word]:
        out: list[_Word] = []
        prev = start
        for m in WORD.finditer(text, start, end):
            gap = text[prev : m.start()]
            first = not out or any(c in gap for c in ":.!?") or gap.strip()[-1:] in OPENING_QUOTES + "–—-" and bool(gap.strip())
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
        if is_given(text, language) or is_place([text], language):
            # A given name or place that is also an ordinary word opening the sentence ("Will", "Nice" first) stays out.
            return not (w.first and known(lower, language) and not inside)
        if w.first and not inside:
            return not known(lower, language) and not (data.capitalised_nouns and self._known_noun(text, language))
        if data.capitalised_nouns and _name_adjective(w, data, language):
            return True  # capitalised only because it stands in a name ("die Europäische Kommission", "die Vereinten Nationen")
        if data.capitalised_nouns and self._known_noun(text, language):
            return inside  # an ordinary noun: only as the head of a name already begun ("Deutsche Bahn", "Kestler Logistik")
        return True

    @staticmethod
    def _known_noun(text: str, language: str) -> bool:
        """A noun of the dictionary, or a compound ending in one ("Wahlwochenende")."""
        if known(text, language):
            return True
        for i in range(1, len(text) - COMPOUND_TAIL + 1):
            tail = text[i].upper() + text[i + 1 :]
            if known(tail, language):
                return True
        return False

    def _runs(self, text: str, words: list[_Word], data: GenericData, language: str) -> list[list[_Word]]:
        runs: list[list[_Word]] = []
        run: list[_Word] = []
        pending: list[_Word] = []  # particles waiting for the next name word
        for w in words:
            joined = bool(run) and JOIN.fullmatch(text[(pending or run)[-1].end : w.start]) is not None
            if run and joined and w.text in data.name_particles:
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
        ):
            run = run[1:]
        return run[:MAX_WORDS] if len(run) <= MAX_WORDS else []

    # -- organisation phrases ----------------------------------------------
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
        taken = {id(w) for run in runs for w in run}
        out: list[list[_Word]] = []
        for i, w in enumerate(words):
            if not (w.text.islower() and _is_head(w.text, data, language)) or i == 0:
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
    def _mention(self, text: str, run: list[_Word], data: GenericData, language: str) -> Mention | None:
        words = [w.text for w in run]
        if not words:
            return None
        start, end = run[0].start, run[-1].end
        quoted = run[0].quoted and text[end : end + 1] in CLOSING_QUOTES
        if quoted and data.quoted_names_are_organisations:
            kind = "organization"
        elif any(lemma(w, language).casefold() in data.organisation_heads or w.casefold() in data.organisation_heads for w in words):
            kind = "organization"
        elif is_place(words, language):
            kind = "location"
        elif len(words) >= 2 and is_given(words[0], language) and not words[-1].isupper():
            kind = "person"
        elif len(words) == 1 and words[0].isupper() and len(words[0]) >= 2:
            kind = "organization"
        elif data.capitalised_nouns and any(_name_adjective(w, data, language) for w in run[:-1]) and self._known_noun(words[-1], language):
            kind = "organization"  # "Europäische Kommission", "Deutsche Bahn"
        elif len(words) >= 2 and all(is_place([w], language) for w in words[1:]) and not is_given(words[0], language):
            kind = "other"
        else:
            kind = "other"
        if kind == "person":
            canonical = " ".join([lemma(words[0], language)[:1].upper() + lemma(words[0], language)[1:], *words[1:]])
        elif kind == "location":
            forms = _forms(words, language)
            canonical = forms[1] if len(forms) > 1 and is_place(forms[1].split(), language) else forms[0]
        else:
            canonical = " ".join(words)
        return Mention(start, end, kind, canonical, NAME)


def _split_at_person(run: list[_Word], language: str) -> list[list[_Word]]:
    """"МЧС Олег Крылов", "Казани Рустам Галиев": a given name followed by a
    surname, inside a run, starts a person's name of its own."""
    for i in range(1, len(run) - 1):
        if is_given(run[i].text, language) and run[i + 1].text[:1].isupper() and not run[i + 1].text.isupper():
            return [run[:i], run[i:]]
    return [run]


def _adjective_ending(word: str, data: GenericData) -> bool:
    return word.islower() and any(word.endswith(e) and len(word) > len(e) + 2 for e in data.adjective_endings)


def _is_head(word: str, data: GenericData, language: str) -> bool:
    return word.casefold() in data.organisation_heads or lemma(word, language).casefold() in data.organisation_heads


def _name_adjective(w: _Word, data: GenericData, language: str) -> bool:
    """A capitalised adjective inside a name. (Taking any word with an
    adjective's ending before a capitalised word, "die Vereinten Nationen",
    found more names on the development set but lost precision on the
    held-out one: "Ende Mai", "Botschafter Japans".)"""
    return _adjective(w.text, language)


def _adjective(word: str, language: str) -> bool:
    """In a language that capitalises nouns, a capitalised word whose
    dictionary form is lower case: an adjective or participle, which is
    capitalised only inside a name ("Rote Kreuz", "Vereinten Nationen")."""
    return known(word, language) and lemma(word, language)[:1].islower()


entity_backends.register(NAME, "any language: capitalised words the language's dictionary does not know, typed by gazetteer, given names and data")(GenericRecognizer)
