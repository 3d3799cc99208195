"""Per-language data (cue words, function words, markers), one folder per language.

Each ``<code>/anatomy.toml`` holds lists of words and phrases; code reads them
through :func:`anatomy_data`, never by hard-coding words in logic. A language
without a folder falls back to the union of the known ones' language-neutral
parts, so unseen languages still get segmented.
"""

from __future__ import annotations

import tomllib
from functools import cache
from importlib import resources
from typing import Any


@cache
def load(language: str, name: str) -> dict[str, Any]:
    """Load ``lang/<language>/<name>.toml``; an empty mapping when there is none."""
    try:
        text = resources.files(__package__).joinpath(language, f"{name}.toml").read_text(encoding="utf-8")
    except (FileNotFoundError, NotADirectoryError):
        return {}
    return tomllib.loads(text)


def load_or_english(language: str, name: str) -> dict[str, Any]:
    """``lang/<language>/<name>.toml``, or the English file for a language without one."""
    return load(language, name) or load("en", name)


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
