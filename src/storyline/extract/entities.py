"""Named entities: who and where.

Every recogniser maps the reporting sentences of a document to
:class:`~storyline.records.Mention` records with offsets into the original
text. Backends are registered by versioned name (``storyline backends``):

- ``entities.rules.v1`` (default for Croatian and any language with data in
  ``lang/<code>/entities.toml``): candidate names from capitalisation,
  typed with gazetteers (GeoNames, CLDR), given names and cue words
  (titles, organisation and group heads, prepositions of place), with
  nominatives from :mod:`storyline.extract.names`;
- ``entities.spacy.v1`` (default for English): spaCy's small English
  pipeline, typed into our classes and corrected with the gazetteer;
- optional: ``entities.gliner.v1``, ``entities.classla.v1``,
  ``entities.llm.v1`` in :mod:`storyline.backends`.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import cache, cached_property
from typing import Protocol

from ..lang import load, load_or_english, word_set
from ..records import Document, Mention
from ..registry import entity_backends
from ..settings import Settings
from .gazetteer import countries, given_names, own_given_names, places
from .lemmas import function_words, is_common_word, is_known_word, is_one_of, is_verb, lemma, one_of
from .names import candidates, canonical
from .tokens import Token, tokenize


class EntityRecognizer(Protocol):
    name: str

    def recognise(self, doc: Document, spans: Sequence[tuple[int, int]], language: str) -> list[Mention]:
        """Mentions inside the given sentence spans of ``doc`` (in ``language``)."""
        ...


@dataclass(frozen=True)
class Cues:
    person_titles: frozenset[str]
    org_heads: frozenset[str]
    group_heads: frozenset[str]
    place_heads: frozenset[str]
    place_prepositions: frozenset[str]
    place_abbreviations: frozenset[str]
    name_particles: frozenset[str]
    org_linkers: frozenset[str]
    not_names: frozenset[str]
    coordinators: frozenset[str] = frozenset()

    @cached_property
    def institution_heads(self) -> frozenset[str]:
        """Heads of organisation and group names together."""
        return self.org_heads | self.group_heads


@cache
def cues(language: str) -> Cues:
    data = load_or_english(language, "entities")
    return Cues(
        person_titles=word_set(data, "person_titles"),
        org_heads=word_set(data, "org_heads"),
        group_heads=word_set(data, "group_heads"),
        place_heads=word_set(data, "place_heads"),
        place_prepositions=word_set(data, "place_prepositions"),
        place_abbreviations=frozenset(data.get("place_abbreviations", [])),
        name_particles=word_set(data, "name_particles"),
        org_linkers=word_set(data, "org_linkers"),
        not_names=frozenset(data.get("not_names", [])),
        coordinators=word_set(data, "coordinators"),
    )


# Croatian verbal adverbs ("Uvjeravajući", "Rekavši") open sentences, never names.
VERBAL_ADVERB_ENDINGS = ("jući", "ući", "avši", "ivši", "evši")
OPENERS = set("\"'„“”«»‹›‘’([–—-•>:")


@dataclass
class Candidate:
    tokens: list[Token]
    type: str | None = None
    prev: Token | None = None
    sentence_start: bool = False  # the name opens its sentence: capitalisation says little
    after: tuple[Token, ...] = ()  # the tokens right after the name (three at most)

    @property
    def next(self) -> Token | None:
        return self.after[0] if self.after else None


@entity_backends.register("entities.rules.v1", "capitalisation, gazetteers and cue words; nominatives by declension rules")
class RuleRecognizer:
    name = "entities.rules.v1"

    def recognise(self, doc: Document, spans: Sequence[tuple[int, int]], language: str) -> list[Mention]:
        cue = cues(language)
        found: list[Candidate] = []
        for start, end in spans:
            toks = tokenize(doc.text[start:end], start)
            found.extend(self._candidates(toks, cue, language))
        return self._finish(doc, found, cue, language)

    # -- finding -----------------------------------------------------------
    def _candidates(self, toks: list[Token], cue: Cues, language: str) -> list[Candidate]:
        out: list[Candidate] = []
        first_word = next((i for i, t in enumerate(toks) if t.is_word), None)
        i = 0
        while i < len(toks):
            t = toks[i]
            if not (t.is_word and t.is_capitalised) or t.text in cue.not_names or self._possessive(toks, i, language):
                i += 1
                continue
            j = i + 1
            while j < len(toks) and not t.is_acronym and not toks[j].is_acronym:
                nxt = toks[j]
                if nxt.is_word and nxt.is_capitalised and nxt.text not in cue.not_names and _adjacent(toks[j - 1], nxt):
                    j += 1
                elif _particle_name(nxt.text, cue) and _adjacent(toks[j - 1], nxt):
                    j += 1  # "al-Hussein", "el-Sisi"
                else:
                    # Particles, maybe several, then a capitalised word: "von der Leyen", "bin Abdul".
                    k = j
                    while k < len(toks) and toks[k].text.lower() in cue.name_particles and _adjacent(toks[k - 1], toks[k]):
                        k += 1
                    if k > j and k < len(toks) and toks[k].is_word and toks[k].is_capitalised and _adjacent(toks[k - 1], toks[k]):
                        j = k + 1
                    else:
                        break
            a, b = i, j  # the name is toks[a:b]
            sentence_start = i == first_word or (i > 0 and toks[i - 1].text in OPENERS)
            if sentence_start and self._ordinary_start(toks[a], language):
                heads_org = (
                    b - a == 1
                    and lemma(toks[a].text, language).endswith("i")
                    and toks[a].text.lower() not in function_words(language)
                    and b < len(toks)
                    and is_one_of(toks[b].text, cue.institution_heads, language)
                )
                opens_org = (
                    is_one_of(toks[a].text, cue.org_heads, language)
                    and a + 1 < len(toks)
                    and toks[a + 1].is_word
                    and not toks[a + 1].is_capitalised
                    and len(toks[a + 1].text) >= 4
                    and _genitive_like(toks[a + 1].text)
                )
                if not (heads_org or opens_org):
                    a += 1
            if a < b:
                b = self._extend_org(toks, a, b, cue, language)
                for x, y in self._split(toks, a, b, language):
                    out.append(
                        Candidate(
                            toks[x:y],
                            prev=toks[x - 1] if x else None,
                            sentence_start=sentence_start and x == i,
                            after=tuple(toks[y : y + 3]),
                        )
                    )
            i = max(j, b)
        return out

    def _split(self, toks: list[Token], a: int, b: int, language: str) -> list[tuple[int, int]]:
        """A place (or an ordinary word) glued to the person after it is two
        names: "predsjednikom Slovenije Ivanom Markom Borinom" -> "Slovenije" +
        "Ivanom ... Borinom"."""
        for k in range(a + 1, b - 1):
            if not is_given_name(toks[k].text, language) or is_given_name(toks[k - 1].text, language):
                continue
            head = [t.text for t in toks[a:k]]
            if canonical(head, language, kind="location") in places() or all(is_known_word(w, language) for w in head):
                # "Srpkinja Jelena Janković": an ordinary word before a given name is no part of it.
                return [(a, k), (k, b)]
        return [(a, b)]

    def _possessive(self, toks: list[Token], i: int, language: str) -> bool:
        """"Annanovo izvješće": a possessive adjective before a lower-case noun."""
        if not load(language, "declension") or not _POSSESSIVE.match(toks[i].text):
            return False
        nxt = toks[i + 1] if i + 1 < len(toks) else None
        return bool(nxt and nxt.is_word and not nxt.is_capitalised and not is_verb(nxt.text, language))

    def _ordinary_start(self, tok: Token, language: str) -> bool:
        """A sentence-initial capital that is only an ordinary word ("Nakon", "Ali" as "but")."""
        if tok.is_acronym:
            return False
        if tok.text.lower() in function_words(language) or tok.text.lower().endswith(VERBAL_ADVERB_ENDINGS):
            return True
        if tok.text in places() or tok.text in given_names():
            return False
        return is_common_word(tok.text, language)

    def _extend_org(self, toks: list[Token], a: int, b: int, cue: Cues, language: str) -> int:
        """Where the name toks[a:b] really ends: Croatian organisation names go
        on in lower case ("Europska unija", "Kosovska carinska služba",
        "Ministarstvo vanjskih poslova", "Agencija za privredne registre",
        "Vrhovni sud Srbije")."""
        heads = cue.institution_heads
        has_head = any(is_one_of(t.text, heads, language) for t in toks[a:b])
        k = j = b
        if is_given_name(toks[a].text, language):
            return b  # a person's name does not open an organisation's
        if (
            not has_head
            and b - a == 1
            and _ADJECTIVE_NAME.search(toks[a].text)
            and k < len(toks)
            and toks[k].is_word
            and not toks[k].is_capitalised
            and _adjacent(toks[k - 1], toks[k])
            and is_one_of(toks[k].text, cue.place_heads, language)
        ):
            # "Islamske države": a capitalised adjective before a lower-case head is one name.
            return k + 1
        if not has_head:
            # Up to two lower-case adjectives, then the head noun.
            for n in range(3):
                if k + n >= len(toks) or not toks[k + n].is_word or toks[k + n].is_capitalised:
                    break
                if not _adjacent(toks[k + n - 1], toks[k + n]):
                    break
                if is_one_of(toks[k + n].text, heads, language):
                    has_head = True
                    k = k + n + 1
                    break
                word = toks[k + n].text
                if len(word) < 4 or word.lower() in function_words(language) or not _adjective_like(word):
                    break
        if not has_head:
            return b
        # Genitive complements in lower case ("vanjskih poslova"), or "za" + a phrase.
        taken = 0
        while k < len(toks) and taken < 2 and toks[k].is_word and not toks[k].is_capitalised:
            w = toks[k].text
            if w.lower() in cue.org_linkers and taken == 0 and k + 1 < len(toks) and toks[k + 1].is_word:
                end = k + 1
                while end < len(toks) and end - k <= 3 and toks[end].is_word and not is_verb(toks[end].text, language) and toks[end].text.lower() not in function_words(language):
                    end += 1
                if end > k + 1:
                    k = end
                break
            if len(w) < 4 or not _genitive_like(w) or is_verb(w, language) or not _adjacent(toks[k - 1], toks[k]):
                break
            k += 1
            taken += 1
        # A place or acronym in the genitive closes the name: "... Srbije", "... UN-a".
        if k < len(toks) and k > j and _adjacent(toks[k - 1], toks[k]) and toks[k].is_capitalised:
            nxt = toks[k]
            if nxt.is_acronym or canonical([nxt.text], language, kind="location") in places():
                k += 1
        return k

    # -- typing and names --------------------------------------------------
    def _type(self, cand: Candidate, cue: Cues, language: str) -> str | None:
        words = [t.text for t in cand.tokens]
        prev = cand.prev.text.lower() if cand.prev else ""
        prev_lemma = lemma(prev, language) if prev else ""
        if len(words) == 1 and cand.tokens[0].is_acronym:
            head = words[0].split("-")[0]
            return "location" if head in cue.place_abbreviations else "organization"
        lemmas = [lemma(w, language) for w in words]
        if len(words) > 1 and is_given_name(words[0], language) and not any(is_known_word(w, language) or w in places() for w in words[1:]):
            return "person"  # "Vlade Divac": a given name that is also a form of "vlada"
        if any(is_one_of(w, cue.group_heads, language) for w in words):
            return "group"
        if any(is_one_of(w, cue.org_heads, language) for w in words):
            return "organization"
        # A country wins over the title before it ("veleposlanik Rusije"), a
        # given name over an organisation before it ("glasnogovornica policije
        # Marija Kolar"), a title over a town of the same name ("predsjednik Bush").
        name = canonical(words, language, kind="location", preposition=prev or None)
        if name in countries() or (len(words) > 1 and (name in places() or " ".join(words) in places())):
            return "location"
        if is_given_name(words[0], language) and (len(words) > 1 or prev not in cue.place_prepositions or name not in places()):
            return "person"  # a given name alone that is also a town stays a place after "u", "in" ("u Rafah")
        if prev_lemma in cue.person_titles or prev in cue.person_titles:
            return "person"
        if prev_lemma in cue.group_heads or prev in cue.group_heads:
            return "group"
        if prev_lemma in cue.org_heads:
            return "organization"
        if any(lm in cue.place_heads for lm in lemmas):
            return "location"
        if name in places() or " ".join(words) in places():
            return "location"
        if prev_lemma in cue.place_heads or (
            prev in cue.place_prepositions and len(words) == 1 and not cand.sentence_start
            and words[0].lower() not in function_words(language)
        ):
            return "location"
        if len(words) >= 2:
            # "Hellenic Petroleum", "Power Point": ordinary words inside make it no person.
            if any(is_known_word(w, language) or is_known_word(w, "en") for w in words[1:]):
                return "organization"
            return "person"
        return None

    def _finish(self, doc: Document, found: list[Candidate], cue: Cues, language: str) -> list[Mention]:
        for c in found:
            c.type = self._type(c, cue, language)
        # Single words left untyped: the surname of a person named in full
        # elsewhere in the document, else dropped.
        surnames = {c.tokens[-1].text[:4] for c in found if c.type == "person" and len(c.tokens) > 1}
        attested = {t.text for c in found for t in c.tokens}
        weak: set[int] = set()  # typed by default, not by a cue
        for n, c in enumerate(found):
            if c.type is None and len(c.tokens) == 1 and c.tokens[0].text[:4] in surnames and len(c.tokens[0].text) > 3:
                c.type = "person"
            if (
                c.type is None
                and len(c.tokens) == 1
                and not (c.sentence_start and _before_noun(c, language))
                and not is_known_word(c.tokens[0].text, language)
                and not _ADJECTIVE_CASE.search(c.tokens[0].text)
            ):
                # An unknown single name that no cue types: in news mostly a
                # surname; at a sentence start as often an ordinary word.
                c.type = "person"
                weak.add(n)
        _coordinated(doc.text, found, weak, cue)
        out = []
        for c in found:
            if c.type is None:
                continue
            words = [t.text for t in c.tokens]
            title = c.prev.text if c.prev and c.type == "person" else None
            prep = c.prev.text if c.prev and c.prev.is_word else None
            if c.type in ("organization", "group") and not c.tokens[0].is_acronym:
                name = organisation_name(words, language, cue)
            else:
                name = canonical(words, language, attested=attested, title=title, kind=c.type, preposition=prep)
            start, end = c.tokens[0].start, c.tokens[-1].end
            out.append(Mention(start, end, c.type, name, self.name))
        return out


# Passes of type agreement along a list ("Gorce Petrov, Volkovo, Jankovik i Uroševac").
COORDINATION_PASSES = 3


def _coordinated(text: str, found: list[Candidate], weak: set[int], cue: Cues) -> None:
    """Names joined in a list share a type: a member typed only by default
    takes the type a cue gave its neighbour ("kompanije Lukoil i Rosneft")."""
    joined = [_list_gap(text[a.tokens[-1].end : b.tokens[0].start], cue) for a, b in zip(found, found[1:])]
    for _ in range(COORDINATION_PASSES):
        changed = False
        for k, linked in enumerate(joined):
            if not linked:
                continue
            for x, y in ((k, k + 1), (k + 1, k)):
                if x in weak and y not in weak and found[y].type in ("location", "organization") and found[x].type != found[y].type:
                    found[x].type = found[y].type
                    weak.discard(x)
                    changed = True
        if not changed:
            break


def _list_gap(gap: str, cue: Cues) -> bool:
    """", " or " i " or ", and ": what stands between two members of a list."""
    words = gap.replace(",", " , ").split()
    return 0 < len(words) <= 2 and all(w == "," or w.lower() in cue.coordinators for w in words) and words.count(",") <= 1


def organisation_name(words: list[str], language: str, cue: Cues) -> str:
    """Nominative of an organisation name: adjectives and head noun in the
    dictionary form (the adjective agreeing with the head's gender), the
    genitive complement as written: "Europskoj uniji" -> "Europska unija"."""
    heads = cue.institution_heads | cue.place_heads
    at = next((i for i, w in enumerate(words) if is_one_of(w, heads, language)), None)
    if at is None or not load(language, "declension"):
        return " ".join(words)
    head = one_of(words[at], heads, language) or words[at].lower()
    out = []
    for i, w in enumerate(words):
        if i < at and not w.isupper():
            form = _agree(_adjective_lemma(w, language), head)
        elif i == at:
            form = head
        else:
            out.extend(words[i:])
            break
        out.append(form[0].upper() + form[1:] if w[0].isupper() else form)
    return " ".join(out)


class ModelNames:
    """Types and nominatives of the names a statistical recogniser (the
    hbs CRF, a transformer) found in one document of a language with
    declension data: one place for what both backends decide after the
    model has spoken. An organisation headed by a word only armed groups
    have ("pobunjenička skupina", "Islamska fronta") is a group; an
    organisation's nominative agrees adjectives with its head, an acronym
    drops its case ending ("UN-a" -> "UN"), a person or place takes the
    declension rules with the document's other forms as evidence. A name
    repeats in an article: its nominative is found once."""

    def __init__(self, language: str, attested: Iterable[str]) -> None:
        self.language = language
        self.cue = cues(language)
        # Heads that only armed groups have ("pokret" names parties too).
        self.armed = self.cue.group_heads - self.cue.org_heads
        self.attested = frozenset(attested)
        self._names: dict[tuple[tuple[str, ...], str, str | None], str] = {}

    def kind(self, words: Sequence[str], kind: str, before: str | None) -> str:
        """``kind`` as the model gave it, or "group" for an armed group's organisation."""
        if kind == "organization" and (
            any(is_one_of(w, self.armed, self.language) for w in words) or (before and is_one_of(before, self.armed, self.language))
        ):
            return "group"
        return kind

    def name(self, words: list[str], kind: str, before: str | None, *, acronym: bool) -> str:
        """The nominative of ``words`` (Latin letters) of type ``kind`` after the word ``before``."""
        key = (tuple(words), kind, before)
        name = self._names.get(key)
        if name is None:
            if kind in ("organization", "group") and not acronym:
                name = organisation_name(words, self.language, self.cue)
            elif kind in ("organization", "group"):
                name = canonical(words, self.language, kind=kind)  # "UN-a" -> "UN"
            else:
                title = before if kind == "person" else None
                name = canonical(words, self.language, attested=self.attested, title=title, kind=kind, preposition=before)
            self._names[key] = name
        return name


# Oblique endings of adjectives: a "lemma" still ending in one of them is a
# dictionary miss (simplemma gives "evropskoma" for "Evropskom").
_OBLIQUE_ADJECTIVE = re.compile(r"(oga|ome|omu|oma|ima|om|oj|og|im|ih)$")


def _adjective_lemma(word: str, language: str) -> str:
    """Masculine dictionary form of an adjective in a name: the lemmatiser's,
    or the word without its oblique ending when the lemmatiser left one."""
    lem = lemma(word, language)
    if not _OBLIQUE_ADJECTIVE.search(lem.lower()):
        return lem
    stem = _OBLIQUE_ADJECTIVE.sub("", word.lower())
    return stem + "i" if len(stem) >= 3 else lem


def _agree(adjective: str, head: str) -> str:
    """Masculine dictionary adjective to the head noun's gender (Croatian).

    Names take the definite form: "crven" -> "Crveni križ", "Crvena zvijezda"."""
    if not adjective.endswith(("i", "a", "o", "e")):
        adjective += "i"
    elif not adjective.endswith("i"):
        return adjective
    if head.endswith("a"):
        return adjective[:-1] + "a"
    if head.endswith(("o", "e")):
        return adjective[:-1] + "o"
    return adjective


_ADJECTIVE = re.compile(r"(ski|ska|sko|ske|skog|skih|čki|čka|čke|čkog|ni|na|no|ne|nog|nih|ji|ja|je|jeg|ih|og|a|e|i)$")
# Possessive adjectives from names ("Annanovo izvješće", "Borinove vlade"):
# capitalised, but not names themselves.
_POSSESSIVE = re.compile(r"\w{3,}(ov|ev)(a|o|e|og|oga|om|omu|oj|u|ih|im|ima)$")


# Oblique adjective endings: a capitalised "Crvenog" is part of a longer name, never a surname.
_ADJECTIVE_CASE = re.compile(r"(og|oga|ome|omu|oj|ih|ima|skom|skoj|skim)$")


def _before_noun(c: Candidate, language: str) -> bool:
    """A lower-case word that is no verb follows: "Pobunjenički dužnosnici" is
    an adjective and its noun, where "Sejdiu kaže" is a subject and its verb."""
    nxt = c.next
    return bool(nxt and nxt.is_word and not nxt.is_capitalised and not is_verb(nxt.text, language))


@cache
def is_given_name(word: str, language: str) -> bool:
    """A given name, maybe declined ("Ivane" -> "Ivana", "Recepom" -> "Recep").

    A name from the library's dictionary that is also an ordinary word here
    ("Velika", "Vera") is no evidence; our own list is trusted as it is."""
    return any(_name_form(c.form, language) for c in candidates(word, language))


def _name_form(form: str, language: str) -> bool:
    if form in own_given_names():
        return True
    return form in given_names() and not is_known_word(form, language)


def _particle_name(word: str, cue: Cues) -> bool:
    """"al-Hussein", "el-Sisi": a particle joined by a hyphen to a capitalised name."""
    head, _, rest = word.partition("-")
    return bool(rest) and head.lower() in cue.name_particles and rest[:1].isupper()


# An adjective made from a noun (-sk-, -čk-, -n-, -j-) with a case ending: "Islamske", "Crvenog".
_ADJECTIVE_NAME = re.compile(r"(sk|čk|šk|ck|n|j)(i|a|o|e|u|og|oga|om|omu|oj|ih|im|ima)$")


def _adjective_like(word: str) -> bool:
    return bool(_ADJECTIVE.search(word))


_GENITIVE = re.compile(r"(a|e|i|ih|og|ije|ja|ova|eva|stva|ova)$")


def _genitive_like(word: str) -> bool:
    return bool(_GENITIVE.search(word))


def _adjacent(a: Token, b: Token) -> bool:
    """Same name only if nothing but spaces (no line break) lies between."""
    return b.start - a.end <= 1


def get_recognizer(name: str, settings: Settings | None = None) -> EntityRecognizer:
    """One recogniser per process for each name and value of the settings it reads (registry.Registry.build)."""
    return entity_backends.build(name, settings)

