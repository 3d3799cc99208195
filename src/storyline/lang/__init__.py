"""Per-language data (cue words, function words, markers), one folder per language.

Each ``<code>/<name>.toml`` holds lists of words and phrases; code reads them
through :func:`load`, never by hard-coding words in logic.

Serbian and Bosnian share Croatian's grammar, so ``sr`` and ``bs`` build on
``hr`` (:data:`BASE`) and never on English: ``load("sr", name)`` is
``lang/hr/<name>.toml`` with ``lang/sr/<name>.toml`` laid over it. Laying
over works the same for every file:

- a table merges key by key, recursively (``[government]``, ``[counted]``,
  ``[relative_days]``: the overlay adds entries and changes single ones);
- a list is extended, duplicates dropped (``verb_lemmas``, ``person_titles``,
  the ``[[rule]]`` list of ``declension.toml``);
- a list of lists is extended element by element (``months``, ``weekdays``:
  the Serbian month names join the Croatian forms of the same month);
- a list of numbers (a range such as ``desetak = [8, 12]``) is one value:
  replaced;
- any other value is replaced;
- keys named in the overlay's top-level ``replace = [...]`` are replaced
  whole instead of merged.

So every file of ``hr`` (anatomy, claims, declension, entities, events,
figures, numbers, quotes, time) reaches ``sr`` and ``bs``, whose own files
hold only what differs (ekavian forms, month names, "saopštio", "hiljada").
:func:`load_or_english` falls back to English only for languages outside
these families. A language without a folder falls back to the union of the
known ones' language-neutral parts (:func:`anatomy_words`), so unseen
languages still get segmented.
"""

from __future__ import annotations

import marshal
import re
import sys
import tomllib
from collections.abc import Callable, Iterable
from dataclasses import fields
from functools import cache
from importlib import resources
from itertools import zip_longest
from pathlib import Path
from typing import Any, TypeVar

T = TypeVar("T")

# The language whose data a language builds on (its own files hold the differences).
BASE = {"sr": "hr", "bs": "hr"}


def read_own(language: str, name: str) -> dict[str, Any]:
    """``lang/<language>/<name>.toml`` alone (no base language, no Cyrillic);
    an empty mapping when there is no such file. A file on disk is parsed
    once per machine (:func:`_parsed_toml`)."""
    source = resources.files(__package__).joinpath(language, f"{name}.toml")
    try:
        if isinstance(source, Path):
            return _parsed_toml(source)
        return tomllib.loads(source.read_text(encoding="utf-8"))
    except (FileNotFoundError, NotADirectoryError):
        return {}


# -- Parsed files kept per machine ----------------------------------------------
# tomllib is pure Python: parsing the ~20 files a run reads was ~35 ms of every
# start-up (issue 17). Each file's parse is kept (marshal) in the user cache
# directory under its path, size and mtime_ns, so an edited file is parsed
# again; every call decodes its own copy (callers may change what they get).
_PARSED: dict[str, tuple[int, int, bytes]] | None = None


def _parsed_path() -> Path:
    from .dictionaries import _cache_dir

    return _cache_dir() / f"lang-toml-py{sys.version_info[0]}{sys.version_info[1]}.marshal"


def _parsed() -> dict[str, tuple[int, int, bytes]]:
    global _PARSED
    if _PARSED is None:
        from .dictionaries import read_marshal

        _PARSED = read_marshal(_parsed_path(), dict) or {}
    return _PARSED


def _parsed_toml(path: Path) -> dict[str, Any]:
    """``tomllib.loads`` of the file, from the per-machine copy when the file's
    size and mtime_ns are those it was parsed at; else parsed and the copy
    rewritten (atomically; a cache that cannot be written is skipped)."""
    stat = path.stat()
    table = _parsed()
    key = str(path)
    kept = table.get(key)
    if kept is not None and kept[0] == stat.st_size and kept[1] == stat.st_mtime_ns:
        data: dict[str, Any] = marshal.loads(kept[2])
        return data
    data = tomllib.loads(path.read_text(encoding="utf-8"))
    try:
        table[key] = (stat.st_size, stat.st_mtime_ns, marshal.dumps(data))
    except ValueError:  # a value marshal cannot hold (a TOML date): parsed every time
        return data
    from .dictionaries import write_marshal

    write_marshal(_parsed_path(), table)
    return data


def merge(base: dict[str, Any], overlay: dict[str, Any]) -> dict[str, Any]:
    """``overlay`` laid over ``base`` (see the module docstring); neither is changed."""
    out = dict(base)
    replace = set(overlay.get("replace", []))
    for key, value in overlay.items():
        if key == "replace":
            continue
        old = out.get(key)
        if key in replace or old is None:
            out[key] = value
        elif isinstance(old, dict) and isinstance(value, dict):
            out[key] = merge(old, value)
        elif isinstance(old, list) and isinstance(value, list):
            if all(isinstance(x, (int, float)) for x in old + value):
                out[key] = value  # a range or tuple of numbers ([8, 12]) is one value, not a word list
            elif all(isinstance(x, list) for x in old + value):
                out[key] = [_extend(a, b) for a, b in zip_longest(old, value, fillvalue=[])]
            else:
                out[key] = _extend(old, value)
        else:
            out[key] = value
    return out


def _extend(old: list[Any], new: list[Any]) -> list[Any]:
    return old + [x for x in new if x not in old]


def repeats(base: dict[str, Any], overlay: dict[str, Any]) -> list[str]:
    """The entries of ``overlay`` that :func:`merge` lays over ``base``
    without changing anything: a key, a table entry ("counted.demonstrant")
    or a word of a list ("verb_lemmas: reći", "months[7]: avgust") whose
    removal alone leaves ``merge(base, overlay)`` as it is. An overlay holds
    only what differs from its base (``tests/lang/test_overlays.py`` keeps
    ``sr`` and ``bs`` so); half of a pair (``"čovek" = ["people", "people"]``)
    is never such an entry, as removing it changes the pair."""
    merged = merge(base, overlay)
    found: list[str] = []

    def walk(value: dict[str, Any] | list[Any], path: tuple[str | int, ...]) -> None:
        entries: list[tuple[str | int, Any]] = list(value.items() if isinstance(value, dict) else enumerate(value))
        for key, item in entries:
            here = (*path, key)
            if here != ("replace",) and merge(base, _without(overlay, here)) == merged:
                found.append(_label(here, item))
            elif isinstance(item, (dict, list)):
                walk(item, here)

    walk(overlay, ())
    return found


def _without(data: Any, path: tuple[str | int, ...]) -> Any:
    """A copy of ``data`` (tables and lists) without the entry at ``path``."""
    key, rest = path[0], path[1:]
    pairs = data.items() if isinstance(data, dict) else enumerate(data)
    kept = [(k, _without(v, rest) if k == key else v) for k, v in pairs if rest or k != key]
    return dict(kept) if isinstance(data, dict) else [v for _, v in kept]


def _label(path: tuple[str | int, ...], item: Any) -> str:
    """"counted.demonstrant", "months[7]: avgust" for an entry's path."""
    out = ""
    for p in path[:-1]:
        out += f"[{p}]" if isinstance(p, int) else f".{p}" if out else p
    last = path[-1]
    if isinstance(last, int):
        return f"{out}[{last}]" if isinstance(item, list) else f"{out}: {item}"
    return f"{out}.{last}" if out else last


@cache
def load(language: str, name: str) -> dict[str, Any]:
    """``lang/<language>/<name>.toml`` over its base language's (:data:`BASE`);
    an empty mapping when neither has the file. Languages of
    :data:`BOTH_SCRIPTS` get every word in Cyrillic too."""
    own = read_own(language, name)
    base = BASE.get(language)
    data = merge(load(base, name), own) if base else own
    return with_cyrillic(data) if language in BOTH_SCRIPTS else data


# -- Serbian Cyrillic ----------------------------------------------------------
# Languages written in Latin and Cyrillic alike: their data are Latin, and
# each word is added in Cyrillic, so the matchers read Cyrillic text as it is
# (offsets stay those of the original text, nothing is transliterated).
BOTH_SCRIPTS = frozenset({"sr"})
# Tables whose keys are names, not words: their keys stay, their list values
# are words ("triggers": event type -> stems; "government": case -> prepositions).
# In every other table the keys are words and the values data (numbers, TIMEX3
# codes, English names): the keys get Cyrillic twins, the values stay.
NAME_KEYED = frozenset(
    {"triggers", "participles", "government", "agreement", "present", "past", "future", "not_events", "place_codes"}
)


@cache
def _to_cyrillic() -> tuple[tuple[str, str], ...]:
    """Latin spelling -> Serbian Cyrillic letter, digraphs first, lower and
    upper case: the inverse of ``common/cyrillic.toml`` (shared with
    :mod:`storyline.extract.translit`)."""
    pairs: dict[str, str] = {}
    for cyr, lat in read_own("common", "cyrillic").get("serbian", {}).items():
        pairs[lat] = cyr
        pairs[lat[0].upper() + lat[1:]] = cyr.upper()
        pairs[lat.upper()] = cyr.upper()
    return tuple(sorted(pairs.items(), key=lambda kv: -len(kv[0])))


@cache
def _cyrillic_pattern() -> tuple[re.Pattern[str], dict[str, str]]:
    """One alternation of :func:`_to_cyrillic`'s spellings in its order
    (digraphs first), so a match at a position is the table's first spelling
    that starts there, as a scan of the table would find it (the scan was
    three quarters of loading Serbian data, once per word)."""
    table = _to_cyrillic()
    return re.compile("|".join(re.escape(lat) for lat, _ in table)), dict(table)


def serbian_cyrillic(text: str) -> str:
    """Serbian Latin spelling in Cyrillic ("saopštio" -> "саопштио"); other
    characters stay."""
    pattern, table = _cyrillic_pattern()
    return pattern.sub(lambda m: table[m.group()], text)


def _twins(words: list[Any]) -> list[Any]:
    """A list of words with their Cyrillic spellings after it (lists of
    lists: each inner list). Tables in a list (declension rules) stay Latin:
    without gazetteer evidence in Cyrillic they would guess nominatives, so
    names are made nominative after transliteration instead."""
    if words and all(isinstance(w, list) for w in words):
        return [_twins(w) for w in words]
    out = list(words)
    for w in words:
        if isinstance(w, str) and (c := serbian_cyrillic(w)) not in out:
            out.append(c)
    return out


def with_cyrillic(data: dict[str, Any]) -> dict[str, Any]:
    """``data`` with every word also in Serbian Cyrillic (see :data:`NAME_KEYED`)."""
    out: dict[str, Any] = {}
    for key, value in data.items():
        if isinstance(value, list):
            out[key] = _twins(value)
        elif isinstance(value, dict) and key in NAME_KEYED:
            out[key] = {k: _twins(v) if isinstance(v, list) else v for k, v in value.items()}
        elif isinstance(value, dict):
            table = dict(value)
            for k, v in value.items():
                table.setdefault(serbian_cyrillic(k), v)
            out[key] = table
        else:
            out[key] = value
    return out


def load_or_english(language: str, name: str) -> dict[str, Any]:
    """:func:`load`, or the English file for a language with no data of its
    own and no base language (Serbian and Bosnian never get English words)."""
    data = load(language, name)
    if data or language in BASE:
        return data
    return load("en", name)


def word_set(data: dict[str, Any], key: str) -> frozenset[str]:
    """The file's list ``key`` as a set of lower-cased words (empty when absent)."""
    return frozenset(w.lower() for w in data.get(key, []))


def check_keys(data: dict[str, Any], known: frozenset[str], what: str) -> None:
    """Fail on a key no loader reads: a typo would otherwise drop a whole table silently."""
    unknown = sorted(set(data) - known - {"replace"})
    if unknown:
        raise ValueError(f"{what}: unknown key(s) {unknown}; known: {sorted(known)}")


def read_table(cls: Callable[..., T], data: dict[str, Any], what: str, *, also: Iterable[str] = (), **given: Any) -> T:
    """The word lists of one language file as the dataclass ``cls``, whose
    fields are the file's keys: a ``frozenset[str]`` field is the key's set
    of lower-cased words (:func:`word_set`), a ``tuple[str, ...]`` field the
    list as written. Fields of other types, or read otherwise, are ``given``.
    A key that is neither a field nor read elsewhere (``also``) fails (:func:`check_keys`)."""
    names = [f.name for f in fields(cls)]  # type: ignore[arg-type]
    check_keys(data, frozenset([*names, *also]), what)
    values = dict(given)
    for f in fields(cls):  # type: ignore[arg-type]
        if f.name in values:
            continue
        if f.type not in ("frozenset[str]", "tuple[str, ...]"):
            raise TypeError(f"{what}: field {f.name} ({f.type}) must be given")
        values[f.name] = word_set(data, f.name) if f.type == "frozenset[str]" else tuple(data.get(f.name, []))
    return cls(**values)


@cache
def languages_with(name: str) -> tuple[str, ...]:
    root = resources.files(__package__)
    return tuple(sorted(p.name for p in root.iterdir() if p.is_dir() and p.joinpath(f"{name}.toml").is_file()))


@cache
def anatomy_words(key: str) -> frozenset[str]:
    """Union over all languages of one word list (lower-cased)."""
    out: set[str] = set()
    for lang in languages_with("anatomy"):
        out.update(w.lower() for w in load(lang, "anatomy").get(key, []))
    return frozenset(out)


@cache
def anatomy_phrases(key: str) -> tuple[str, ...]:
    """Union over all languages of one phrase list, longest first."""
    out: set[str] = set()
    for lang in languages_with("anatomy"):
        out.update(load(lang, "anatomy").get(key, []))
    return tuple(sorted(out, key=len, reverse=True))
