"""Canonical (nominative) forms of names.

Croatian, Serbian and Bosnian inflect names ("u Hamburgu", "s Merkelovom",
"Tarkia Bozaka"); simplemma returns proper names unchanged, so this module
reads the case endings of ``lang/<code>/declension.toml`` and undoes them.
Each word gets candidate nominatives, and evidence picks one:

1. a known place name (gazetteer), a given name;
2. the form seen elsewhere in the same document ("Borin" beside "Borina");
3. lemmagen3's lemma, when it is one of the candidates (not for words that
   are given names or women's surname forms as written);
4. agreement: a masculine title in the same case ("predsjednika Borina"),
   or the other words of the name ending alike ("Tarkia Bozaka");
5. the rule's prior, then the word itself.

Then the words of a person's name agree: a man's surname in an oblique
case makes the given name a man's in that case ("Ivana Horvata" -> Ivan
Horvat), an undeclined one makes it a woman's ("s Aleksandrom Jurić" ->
Aleksandra Jurić). When two readings of a given name are both names
("Aleksandrom": Aleksandar, or the Russian Aleksandr), evidence decides
(issue 12): a form in the document that only one of them has, then the name
more common in the language's countries (nam_dict), then the rules' order.
lemmagen3 is loaded once per process, on first use.

Languages without a declension table (English) keep names as written.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, replace
from functools import cache, lru_cache

from ..lang import load
from .gazetteer import given_name_frequency, given_names, listed_given_name, own_given_names, places
from .lemmas import lemma

# Stems shorter than this are never cut further ("Ana" stays "Ana").
MIN_STEM = 2
VOWELS = set("aeiouAEIOU")
VOWELS_LOWER = "aeiou"
# Paradigms of lang/*/declension.toml that, in a person's name, are a man's
# besides the "masc*" ones: given names in -o and -e ("Marko", "Hrvoje").
MASCULINE_STEMS = frozenset({"o-stem", "e-stem"})
# The paradigm of lang/*/declension.toml whose nominative restores an a ("Radovca" -> Radovac).
FLEETING_A = "masc-fleeting-a"
# Endings of women's forms of Slavic surnames (Russian, Bulgarian, Polish,
# Czech): such a word may be a nominative, or a man's genitive ("Borina").
FEMININE_SURNAME_ENDINGS = ("ova", "eva", "ina", "ska", "cka", "aja", "ská", "ová")


# lemmagen3's model per language (its wheel ships Croatian and Serbian).
LEMMAGEN_MODELS = {"hr": "hr", "bs": "hr", "sr": "sr"}


@cache
def lemmatiser(language: str):  # -> lemmagen3.Lemmatizer
    """lemmagen3's lemmatiser for a language, loaded once per process."""
    from lemmagen3 import Lemmatizer

    return Lemmatizer(LEMMAGEN_MODELS[language])


@lru_cache(maxsize=65536)  # bounded: a server reads words without end
def lemmatised(word: str, language: str) -> str:
    """lemmagen3's lemma of a name word, capitalised as written; the word
    itself for acronyms, languages without a model and empty answers."""
    if language not in LEMMAGEN_MODELS or word.isupper() or not word[:1].isalpha():
        return word
    lem = lemmatiser(language).lemmatize(word)
    if not lem:
        return word
    return lem[:1].upper() + lem[1:] if word[:1].isupper() else lem


@dataclass(frozen=True, slots=True)
class Rule:
    ending: str
    nominative: str
    paradigm: str
    prior: int
    cases: frozenset[str] = frozenset()


@cache
def rules(language: str) -> tuple[Rule, ...]:
    data = load(language, "declension")
    out = [
        Rule(r["ending"], r["nominative"], r["paradigm"], int(r.get("prior", 0)), frozenset(r.get("cases", ())))
        for r in data.get("rule", [])
    ]
    return tuple(sorted(out, key=lambda r: (-len(r.ending), -r.prior)))


@cache
def name_countries(language: str) -> tuple[str, ...]:
    """The countries whose given-name frequencies rank two readings that are
    both given names (gender-guesser's names for them; declension.toml)."""
    return tuple(load(language, "declension").get("given_names", {}).get("countries", []))


@cache
def impossible_finals(language: str) -> tuple[str, ...]:
    """Endings no nominative of a name has ("Radovc"): readings ending so are dropped."""
    return tuple(load(language, "declension").get("readings", {}).get("impossible_finals", []))


@cache
def surname_nominative_endings(language: str) -> tuple[str, ...]:
    """Endings that make a reading a surname's nominative before other evidence ("Tkačenko")."""
    return tuple(load(language, "declension").get("readings", {}).get("surname_nominative_endings", []))


@cache
def title_endings(language: str) -> tuple[str, ...]:
    return tuple(load(language, "declension").get("agreement", {}).get("masculine_title_endings", []))


@cache
def governed_cases(language: str, preposition: str) -> frozenset[str]:
    """Cases a preposition governs; empty when unknown (no constraint)."""
    gov = load(language, "declension").get("government", {})
    return frozenset(case for case, preps in gov.items() if preposition.lower() in preps)


@cache
def governed_prepositions(language: str) -> frozenset[str]:
    """Every preposition of the government table."""
    gov = load(language, "declension").get("government", {})
    return frozenset(p for preps in gov.values() for p in preps)


@dataclass(frozen=True, slots=True)
class Candidate:
    form: str
    rule: Rule | None  # None: the word as written

    @property
    def ending(self) -> str:
        return self.rule.ending if self.rule else ""


def candidates(word: str, language: str) -> list[Candidate]:
    """The word itself, then each nominative a case ending could come from."""
    out = [Candidate(word, None)]
    if word.isupper() or "-" in word and word.split("-")[0].isupper():
        # Acronyms carry their ending after a hyphen: UN-a, NATO-om.
        head = word.split("-")[0]
        return [Candidate(head, Rule(word[len(head):], "", "acronym", 5))] if head != word else out
    dropped = -99  # the prior of a reading no nominative can be ("Radovc")
    for rule in rules(language):
        if not word.endswith(rule.ending):
            continue
        stem = word[: len(word) - len(rule.ending)]
        if len(stem) < MIN_STEM or not stem[-1].isalpha():
            continue
        if rule.nominative == "" and stem[-1] in VOWELS and rule.paradigm == "masc":
            continue  # "Obami" is not a masculine form of "Obam"
        if rule.nominative == "" and stem.lower().endswith(impossible_finals(language)):
            dropped = max(dropped, rule.prior)
            continue  # "Radovca" is not a form of "Radovc" (but of "Radovac")
        out.append(Candidate(stem + rule.nominative, rule))
    if dropped > -99:
        # The fleeting-a reading stands where the impossible one was: as likely.
        out = [
            Candidate(c.form, replace(c.rule, prior=max(c.rule.prior, dropped)))
            if c.rule and c.rule.paradigm == FLEETING_A and c.rule.nominative.startswith("a")
            else c
            for c in out
        ]
    return out


def canonical(
    words: list[str],
    language: str,
    *,
    attested: Iterable[str] = (),
    title: str | None = None,
    kind: str | None = None,
    preposition: str | None = None,
) -> str:
    """The nominative of a name given as words (its tokens, in order).

    ``attested``: other surface forms in the document; ``title``: the title
    or role word right before the name, as written; ``kind``: the entity
    type, if known; ``preposition``: the word before the name, whose case
    government rules some endings out.
    """
    if not rules(language) or not words:
        return " ".join(words)
    seen = set(attested)
    whole = " ".join(words)
    gaz = places()
    per_word = [candidates(w, language) for w in words]
    cases = governed_cases(language, preposition) if preposition else frozenset()
    if cases:
        per_word = [_governed(c, cases) for c in per_word]
    if whole in gaz and all(c[0].rule is None for c in per_word) and not _declined_place(words, per_word, gaz, language):
        return whole
    # Whole-name gazetteer hit with every word declined alike ("Novom Sadu" -> "Novi Sad").
    if len(words) > 1:
        for combo in _combos(per_word):
            name = " ".join(c.form for c in combo)
            if name != whole and name in gaz:
                return name
    masc_title = (
        bool(title)
        and title[0].islower()
        and any(title.endswith(e) for e in title_endings(language))
        and _declined_title(title, language)
    )
    endings = [w[-1:] for w in words]
    out = []
    for i, (word, cands) in enumerate(zip(words, per_word)):
        if len(cands) == 1:
            out.append(cands[0].form)
            continue
        # Every nominative the document's other forms of this word could come
        # from: "Borina" beside "Borin" -> "Borin"; "Macronom" beside "Macrona"
        # -> "Macron" (both could be "Macrona" too; the likelier ending wins).
        others = {c.form for w in seen if w != word and w[:4] == word[:4] for c in candidates(w, language)}
        alike = len(set(endings)) == 1 and len(words) > 1
        first = i == 0 and len(words) > 1
        out.append(_choose(word, language, cands, others, gaz, masc_title, alike, kind, first, seen))
    if kind in (None, "person") and len(words) > 1:
        _agree_with_surname(words, per_word, out, language, seen)
    return " ".join(out)


def _by_evidence(readings: list[str], word: str, seen: Iterable[str], language: str) -> list[str]:
    """Readings of a word that are all given names, best first (issue 12):
    the one the document pins (:func:`_pinned`), then the more common given
    name in the language's countries ("Aleksandrom" is Aleksandar in Croatian
    news unless "Aleksandr" is written), then the order given (the rules')."""
    if len(readings) < 2:
        return readings
    pinned = _pinned(readings, word, seen, language)
    countries = name_countries(language)
    return sorted(readings, key=lambda r: (r != pinned, -given_name_frequency(r, countries)))


def _pinned(readings: list[str], word: str, seen: Iterable[str], language: str) -> str | None:
    """The reading the document's other forms of the name decide: a form that
    can come from that reading alone (the nominative "Aleksandar" written
    anywhere; not the genitive "Aleksandra", which both readings share).
    None when no form decides, or forms decide differently (two people)."""
    votes = set()
    for w in seen:
        if w == word or w[:4] != word[:4]:
            continue
        forms = {c.form for c in candidates(w, language)}
        hits = [r for r in readings if r in forms]
        if len(hits) == 1:
            votes.add(hits[0])
    return votes.pop() if len(votes) == 1 else None


def _feminine_given(cands: list[Candidate], word: str, seen: Iterable[str], language: str) -> str | None:
    """A woman's given-name reading of a word ("Aleksandrom" -> Aleksandra),
    our list first, best by evidence; None when there is none."""
    fem = [c.form for c in cands if c.rule and c.rule.paradigm.startswith("fem")]
    for names in (own_given_names(), given_names()):
        named = list(dict.fromkeys(f for f in fem if f in names))
        if named:
            return _by_evidence(named, word, seen, language)[0]
    return None


def _agree_with_surname(
    words: list[str], per_word: list[list[Candidate]], out: list[str], language: str, seen: Iterable[str] = ()
) -> None:
    """A surname read as a masculine oblique form ("Horvata") makes the whole
    name a man's, in that case: Croatian women's surnames do not decline, so
    "Ivana Horvata" is Ivan Horvat's genitive, not Ivana Horvat. The given
    name then takes a masculine reading of the same case: lemmagen3's when
    it is one, else a known given name (our list first)."""
    woman = words[0].endswith("a") and words[0] in given_names() and out[0] == words[0]
    if _feminine_surname(words[-1]) and out[-1] != words[-1] and woman:
        # A woman's given name with a woman's surname form: both nominative
        # ("Marija Zaharova", "Ljudmila Borina"), not a man's genitive.
        out[-1] = words[-1]
        return
    if out[-1] == words[-1]:
        if words[-1][-1:].lower() not in VOWELS_LOWER and words[-1][-1:].isalpha():
            # An undeclined surname ending in a consonant ("Nikolić") is a
            # nominative or a woman's: the given name cannot be a man's
            # oblique form ("Dragana Nikolić" is Dragana, not Dragan's genitive);
            # a woman's oblique form reads as her name ("s Aleksandrom Jurić").
            for i in range(len(words) - 1):
                chosen = next((c for c in per_word[i] if c.form == out[i]), None)
                if chosen and chosen.rule and _masculine(chosen.rule):
                    fem = None if listed_given_name(words[i]) else _feminine_given(per_word[i], words[i], seen, language)
                    out[i] = fem or words[i]  # "Petru" (Romanian) is a name as written
        return
    last = next((c for c in per_word[-1] if c.form == out[-1] and c.rule), None)
    if last is None or not _masculine(last.rule) or _feminine_surname(words[-1]):
        return
    for i in range(len(words) - 1):
        masc = [
            c
            for c in per_word[i][1:]
            if c.rule and _masculine(c.rule) and (not c.rule.cases or not last.rule.cases or c.rule.cases & last.rule.cases)
        ]
        if not masc:
            continue
        lem = lemmatised(words[i], language)
        own = own_given_names()
        if lem == words[i] and lem in own and not lem.endswith("a"):
            out[i] = lem  # a man's name whose genitive is its nominative ("Ante")
            continue
        if lem in own and lem != words[i] and not lem.endswith("a") and all(c.form != lem for c in masc):
            out[i] = lem  # a man's name the endings do not reach ("Antom" -> "Ante")
            continue
        # Readings that are given names ("Petru": Petar, Petr; "Zvonku":
        # Zvonko): evidence decides between them, before lemmagen3's guess.
        # From the large dictionary only names of a man's declension in
        # consonant, or names used in the language's countries (not "Luke").
        countries = name_countries(language)
        named = list(
            dict.fromkeys(
                c.form
                for c in masc
                if c.form in own
                or (
                    c.form in given_names()
                    and (c.rule.paradigm.startswith("masc") or given_name_frequency(c.form, countries) > 0)
                )
            )
        )
        if named:
            out[i] = _by_evidence(named, words[i], seen, language)[0]
            continue
        pick = next((c.form for c in masc if c.form == lem), None)
        if pick is None and lem in own and lem != words[i] and not lem.endswith("a"):
            pick = lem  # a man's name the endings do not reach ("Antu" -> "Ante")
        if pick is None and any(c.form == out[i] for c in masc):
            continue  # already read as a man's name in an oblique case
        pick = pick or next((c.form for c in masc if c.form in own), None)
        # The large dictionary holds foreign names too ("Luke", which "Luka"
        # would be the genitive of): only consonant-final readings from it.
        pick = pick or next((c.form for c in masc if c.rule.paradigm.startswith("masc") and c.form in given_names()), None)
        if pick:
            out[i] = pick


def _declined_place(words: list[str], per_word: list[list[Candidate]], gaz: frozenset[str], language: str) -> str | None:
    """A one-word place name that GeoNames lists in a case form too, as an
    alternate name of a city ("Sarajevu", "Zagreba"): the reading the endings
    allow that is that city's own name; else None."""
    if len(words) != 1:
        return None
    from ..link.names import place_of  # the gazetteer's index of entries (built once)

    place = place_of(words[0])
    if place is None or place.main:
        return None
    return next((c.form for c in per_word[0][1:] if c.form in gaz and (p := place_of(c.form)) and p.key == place.key and p.main), None)


def _feminine_surname(word: str) -> bool:
    """Ends like a woman's form of a Slavic surname ("Ivanova", "Borina",
    "Kowalska"), which may be a nominative as written."""
    return len(word) > 4 and word.lower().endswith(FEMININE_SURNAME_ENDINGS)


def _masculine(rule: Rule) -> bool:
    """A reading as a masculine noun (people: "Ivan", "Marko", "Hrvoje")."""
    return rule.paradigm.startswith("masc") or rule.paradigm in MASCULINE_STEMS


def _declined_title(title: str, language: str) -> bool:
    """"predsjednika" (an oblique case of "predsjednik"), not "gradonačelnica" (a nominative)."""
    return lemma(title, language) != title.lower()


def _governed(cands: list[Candidate], cases: frozenset[str]) -> list[Candidate]:
    """Keep the readings the preposition allows; the word as written stays
    possible only as a masculine inanimate accusative, or when nothing else fits."""
    fit = [c for c in cands[1:] if c.rule is None or not c.rule.cases or c.rule.cases & cases]
    if not fit:
        return cands[:1]
    return ([cands[0]] if "A" in cases else [Candidate(cands[0].form, Rule("", "", "unknown", -9))]) + fit


def _surname_nominative(declined: list[Candidate], language: str, kind: str | None, first_of_name: bool) -> str | None:
    """A surname's reading with an ending only nominatives have ("Tkačenko"), if any."""
    if kind != "person" or first_of_name:
        return None
    return next((c.form for c in declined if c.form.endswith(surname_nominative_endings(language))), None)


def _combos(per_word: list[list[Candidate]], limit: int = 64) -> list[tuple[Candidate, ...]]:
    combos: list[tuple[Candidate, ...]] = [()]
    for cands in per_word:
        combos = [c + (x,) for c in combos for x in cands][:limit]
    return combos


def _choose(
    word: str,
    language: str,
    cands: list[Candidate],
    seen: set[str],
    gaz: frozenset[str],
    masc_title: bool,
    alike: bool,
    kind: str | None,
    first_of_name: bool,
    attested: Iterable[str] = (),
) -> str:
    declined = sorted(cands[1:], key=lambda c: -(c.rule.prior if c.rule else 0))
    if cands[0].rule is not None:  # a preposition rules out the form as written
        for known in (gaz, seen):
            for c in declined:
                if c.form in known:
                    return c.form
        return _surname_nominative(declined, language, kind, first_of_name) or declined[0].form
    if first_of_name and word in own_given_names():
        return word
    # A place name as written stays ("Rijeka", not a declined reading that
    # happens to be another place); else a reading that is a place ("Lipovcu" -> "Lipovac").
    if word in gaz and kind in (None, "location"):
        return _declined_place([word], [cands], gaz, language) or word
    for c in declined:
        if c.form in gaz and kind in (None, "location"):
            return c.form
    if first_of_name:
        # Our own list first, then the large dictionary (where some declined
        # forms are names of their own: "Ivane").
        # Of readings that are names, the rules' likeliest decides the sex
        # ("Ivanu": Ivana before Ivan; the surname settles it later), and
        # evidence the name among that sex's readings (Aleksandar, Aleksandr).
        for names in (own_given_names(), given_names()):
            if word in names:
                return word
            named = [c for c in declined if c.form in names]
            if named:
                sex = _masculine(named[0].rule) if named[0].rule else False
                same = list(dict.fromkeys(c.form for c in named if c.rule and _masculine(c.rule) == sex))
                return _by_evidence(same, word, attested, language)[0]
    for c in declined:
        if c.form in seen:
            return c.form
    if by_ending := _surname_nominative(declined, language, kind, first_of_name):
        return by_ending
    # lemmagen3's lemma, when it is one of the readings the endings allow,
    # decides before agreement and priors (docs/extraction.md: best of the
    # placements tried on the hr500k slice and our held-out names).
    # Not for a word that is a name as written ("Ivana", "Jelena": lemmagen3
    # reads them as "Ivan", "jelen") nor for a woman's surname form
    # ("Smirnova", "Borina" may be nominatives): there it would guess.
    lem = lemmatised(word, language)
    if (
        lem != word
        and any(c.form == lem for c in declined)
        and kind != "location"  # places: the gazetteer decides ("Lika" is not "lik")
        and not (kind in (None, "person") and (word in given_names() or _feminine_surname(word)))
    ):
        return lem
    # Agreement of the name's words is evidence for people only: a place
    # ("Velike Britanije") declines adjective and noun alike too.
    if kind == "person" or (kind is None and (masc_title or alike)):
        masc = [c for c in declined if c.rule and c.rule.paradigm.startswith("masc")]
        if masc and (masc_title or alike or masc[0].rule.ending not in ("a", "e", "i")):
            return masc[0].form
    if kind == "location" or kind == "organization":
        best = max(declined, key=lambda c: c.rule.prior if c.rule else 0)
        if best.rule and best.rule.prior >= 1 and best.rule.ending != "a":
            return best.form
    strong = [c for c in declined if c.rule and c.rule.prior >= 3]
    if strong:
        return strong[0].form
    return word
