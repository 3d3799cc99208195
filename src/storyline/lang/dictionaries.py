"""Word lists that take long to build (simplemma's dictionaries, the gazetteer),
built once per machine and kept in the user cache directory instead of once per run."""

from __future__ import annotations

import hashlib
import marshal
import os
import sys
from collections.abc import Callable
from functools import cache
from pathlib import Path
from typing import Any, TypeVar

T = TypeVar("T")


def _cache_dir() -> Path:
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return Path(base) / "storyline"


@cache
def cached_simplemma_dictionaries() -> None:
    """simplemma decodes its packed dictionary of a language on first use, in
    Python (0.5-1.3 s for hbs, every run). The decoded dictionary is kept in
    the user cache directory in marshal form (2-3 times faster to load),
    keyed by simplemma's and Python's versions; when the directory cannot be
    written, or a copy cannot be read, simplemma decodes as before. The
    dictionaries are the same either way."""
    try:
        from importlib.metadata import version

        from simplemma.strategies.dictionaries import dictionary_factory as factory

        key = f"simplemma-{version('simplemma')}-py{sys.version_info[0]}{sys.version_info[1]}"
    except Exception:  # noqa: BLE001 - another simplemma layout: leave it alone
        return
    decode = getattr(factory, "_load_dictionary_from_disk", None)
    if decode is None or getattr(decode, "storyline_cached", False):
        return

    def load_dictionary(langcode: str) -> dict[bytes, bytes]:
        path = _cache_dir() / f"{key}-{langcode}.marshal"
        try:
            data = marshal.loads(path.read_bytes())
            if isinstance(data, dict):
                return data
        except (OSError, ValueError, EOFError, TypeError):
            pass
        data = decode(langcode)
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            tmp = path.with_name(f"{path.name}.{os.getpid()}.tmp")
            tmp.write_bytes(marshal.dumps(data))
            os.replace(tmp, path)
        except OSError:
            pass
        return data

    load_dictionary.storyline_cached = True  # type: ignore[attr-defined]
    factory._load_dictionary_from_disk = load_dictionary


def cached_strings(name: str, key: str, build: Callable[[], frozenset[str]]) -> frozenset[str]:
    """``build()``, kept in the user cache directory in marshal form under
    ``name`` and ``key`` (which must change whenever the result can: library
    versions, the building code). Built again when the copy is missing or
    unreadable; when the directory cannot be written, simply built."""
    return cached_data(name, key, lambda: frozenset(build()), frozenset)


def cached_data(name: str, key: str, build: Callable[[], T], kind: type) -> T:
    """Like :func:`cached_strings` for any value marshal can write (dicts of
    strings and tuples, frozensets); ``kind`` is the type a good copy has."""
    digest = hashlib.sha1(f"{key}|py{sys.version_info[0]}{sys.version_info[1]}".encode()).hexdigest()[:16]
    path = _cache_dir() / f"{name}-{digest}.marshal"
    try:
        data = marshal.loads(path.read_bytes())
        if isinstance(data, kind):
            return data  # type: ignore[return-value]
    except (OSError, ValueError, EOFError, TypeError):
        pass
    data = build()
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_name(f"{path.name}.{os.getpid()}.tmp")
        tmp.write_bytes(marshal.dumps(data))
        os.replace(tmp, path)
    except (OSError, ValueError):
        pass
    return data


def cached_gender_detector(case_sensitive: bool = False) -> Any:
    """gender-guesser's ``Detector``, whose 48,000-line name file is parsed
    in Python on every construction (0.5-0.6 s, the largest part of the first
    quote's cost). Its parsed table (``names``) is kept in the user cache
    directory, keyed by gender-guesser's version; answers are the same (the
    methods only read ``names`` and ``case_sensitive``). Another
    gender-guesser layout: built as before. Raises ImportError without it."""
    from gender_guesser.detector import Detector

    if not hasattr(Detector, "_parse"):
        return Detector(case_sensitive=case_sensitive)

    def build() -> dict:
        return Detector(case_sensitive=case_sensitive).names

    key = f"{versions('gender-guesser')}|case_sensitive={case_sensitive}"
    detector = Detector.__new__(Detector)
    detector.case_sensitive = case_sensitive
    detector.names = cached_data("gender-guesser-names", key, build, dict)
    return detector


def versions(*packages: str) -> str:
    """Installed versions of ``packages`` ("-" for one that is missing), for cache keys."""
    from importlib.metadata import PackageNotFoundError, version

    out = []
    for package in packages:
        try:
            out.append(f"{package}={version(package)}")
        except PackageNotFoundError:
            out.append(f"{package}=-")
    return ",".join(out)
