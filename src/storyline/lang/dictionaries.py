"""Word lists that take long to build (simplemma's dictionaries, the gazetteer),
built once per machine and kept in the user cache directory instead of once per run."""

from __future__ import annotations

import hashlib
import marshal
import os
import sys
import threading
from collections.abc import Callable, Iterator, Mapping
from contextlib import closing
from functools import cache
from pathlib import Path
from typing import Any, TypeVar

T = TypeVar("T")
K = TypeVar("K", str, bytes)


def _cache_dir() -> Path:
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return Path(base) / "storyline"


def read_marshal(path: Path, kind: type) -> Any:
    """The value marshalled at ``path`` when it is a ``kind``; None when the
    copy is missing, broken or of another kind (a cache only: rebuild it)."""
    try:
        data = marshal.loads(path.read_bytes())
    except (OSError, ValueError, EOFError, TypeError):
        return None
    return data if isinstance(data, kind) else None


def write_marshal(path: Path, value: Any) -> None:
    """``value`` marshalled to ``path`` atomically (written aside, then
    renamed, so a reader never sees half a file); nothing when the cache
    directory cannot be written or marshal cannot hold the value."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_name(f"{path.name}.{os.getpid()}.tmp")
        tmp.write_bytes(marshal.dumps(value))
        os.replace(tmp, path)
    except (OSError, ValueError):
        pass


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

    def load_full(langcode: str) -> dict[bytes, bytes]:
        path = _cache_dir() / f"{key}-{langcode}.marshal"
        data = read_marshal(path, dict)
        if data is None:
            data = decode(langcode)
            write_marshal(path, data)
        return data

    def load_dictionary(langcode: str) -> Any:
        # A run that looks up a few hundred words (one short document) reads
        # them from an indexed copy instead of loading 610,000 entries
        # (hbs: 0.2 s); a long run soon loads the whole table (DiskMap).
        return DiskMap(f"{key}-{langcode}", lambda: load_full(langcode))

    load_dictionary.storyline_cached = True  # type: ignore[attr-defined]
    factory._load_dictionary_from_disk = load_dictionary


class DiskMap(Mapping[K, Any]):
    """A read-only table (str or bytes keys to values marshal can write) that
    answers its first look-ups from an indexed SQLite copy under the user
    cache directory and loads the whole table only once it is used a lot.

    Loading a large table (simplemma's hbs dictionary, 610,000 entries, 0.2 s;
    the place index, 188,000, 0.15 s) costs more than a short run's few
    hundred look-ups (about 10 microseconds each from SQLite); after
    ``switch_after`` SQLite look-ups (about the cost of one load) the table
    is loaded and used as a dict, so a long run pays at most twice the load.
    Answers are the same either way: the copy is written from the loaded
    table, under ``name`` (which must change whenever the contents can). Without a usable copy (a cache directory
    that cannot be written, a broken file) the table is simply loaded.
    Safe across fork (a process opens its own connection)."""

    def __init__(self, name: str, load: Callable[[], dict[K, Any]], switch_after: int = 20_000) -> None:
        self._name = name
        self._load: Callable[[], dict[K, Any]] = load
        self._switch_after = switch_after
        self._full: dict[K, Any] | None = None
        self._seen: dict[K, Any] = {}
        self._queries = 0
        self._connection: Any = None
        self._pid = -1
        self._lock = threading.Lock()
        self._path = _cache_dir() / f"{name}.sqlite"
        if not self._path.exists():
            self._full = self._build()

    def _build(self) -> dict[K, Any]:
        """Loads the table and writes its SQLite copy (atomically, by rename)."""
        data = self._load()
        try:
            import sqlite3

            self._path.parent.mkdir(parents=True, exist_ok=True)
            tmp = self._path.with_name(f"{self._path.name}.{os.getpid()}.tmp")
            tmp.unlink(missing_ok=True)
            with closing(sqlite3.connect(tmp)) as db:
                db.execute("CREATE TABLE m (k PRIMARY KEY, v BLOB) WITHOUT ROWID")
                db.executemany("INSERT INTO m VALUES (?, ?)", ((k, marshal.dumps(v)) for k, v in data.items()))
                db.commit()
            os.replace(tmp, self._path)
        except Exception:  # noqa: BLE001 - a cache only: the loaded table serves
            pass
        return data

    def _table(self) -> dict[K, Any]:
        if self._full is None:
            self._full = self._load()
            self._connection = None
        return self._full

    def _query(self, key: K) -> Any:
        """The value of ``key`` from the copy (None when absent); loads the
        table instead when the copy cannot be read."""
        import sqlite3

        try:
            with self._lock:
                if self._connection is None or self._pid != os.getpid():
                    self._connection = sqlite3.connect(f"file:{self._path}?mode=ro", uri=True, check_same_thread=False)
                    self._pid = os.getpid()
                row = self._connection.execute("SELECT v FROM m WHERE k = ?", (key,)).fetchone()
        except sqlite3.Error:
            return self._table().get(key)
        return None if row is None else marshal.loads(row[0])

    def get(self, key: Any, default: Any = None) -> Any:
        if self._full is not None:
            return self._full.get(key, default)
        if key in self._seen:
            value = self._seen[key]
        else:
            self._queries += 1
            if self._queries > self._switch_after:
                return self._table().get(key, default)
            value = self._seen[key] = self._query(key)
            if self._full is not None:  # the copy could not be read
                return self._full.get(key, default)
        return default if value is None else value

    def __getitem__(self, key: K) -> Any:
        value = self.get(key, _MISSING)
        if value is _MISSING:
            raise KeyError(key)
        return value

    def __contains__(self, key: object) -> bool:
        return self.get(key, _MISSING) is not _MISSING

    def __iter__(self) -> Iterator[K]:
        return iter(self._table())

    def __len__(self) -> int:
        return len(self._table())


_MISSING = object()


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
    kept = read_marshal(path, kind)
    if kept is not None:
        return kept  # type: ignore[no-any-return]
    data = build()
    write_marshal(path, data)
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
    digest = hashlib.sha1(f"{key}|py{sys.version_info[0]}{sys.version_info[1]}".encode()).hexdigest()[:16]
    # The methods only test and read single names: a few look-ups need not load 48,000.
    detector.names = DiskMap(f"gender-guesser-names-{digest}", lambda: cached_data("gender-guesser-names", key, build, dict))
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
