"""Continuous operation: poll feeds (URLs) and folders, ingest what is new.

One cycle polls every source that is due, reads only what changed (a
conditional GET with ETag / Last-Modified for URLs; new or modified files
for folders), and runs everything new through one batch. A source that
fails (HTTP error, network, a folder gone) backs off exponentially and
the loop goes on. Each cycle is logged as one line.
"""

from __future__ import annotations

import hashlib
import logging
import re
import shutil
import tempfile
import time
import urllib.error
import urllib.request
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Self

from . import __version__
from .engine import Engine, make_engine
from .errors import StorylineError, UsageError
from .ingest.readers import Manifest, read_inputs
from .records import Document, Problem
from .service import IngestReport, ingest_documents, read_isolated
from .settings import Settings
from .store import Store

log = logging.getLogger(__name__)

# A failing source waits every * 2**failures, at most this many periods
# (5 min polls back off to 10, 20, ... up to 160 min).
MAX_BACKOFF_PERIODS = 32
# Seconds a feed server may take to answer before the poll counts as failed.
FETCH_TIMEOUT = 30.0
_UNITS = {"s": 1, "m": 60, "h": 3600, "d": 86400}


def parse_every(text: str) -> float:
    """'30s', '5m', '1h', '1d' or plain seconds, as seconds."""
    m = re.fullmatch(r"\s*(\d+(?:\.\d+)?)\s*([smhd]?)\s*", str(text))
    if not m:
        raise UsageError(f"cannot read the period {text!r}", hint="write it like 30s, 5m, 1h")
    return float(m.group(1)) * _UNITS[m.group(2) or "s"]


def is_url(target: str) -> bool:
    return target.startswith(("http://", "https://"))


class FetchError(Exception):
    pass


@dataclass
class Fetched:
    status: int  # 200, or 304 (not modified)
    body: bytes = b""
    etag: str | None = None
    last_modified: str | None = None


def fetch(url: str, etag: str | None, last_modified: str | None, max_bytes: int) -> Fetched:
    """A conditional GET: 304 when the server says nothing changed since the validators given."""
    headers = {"User-Agent": f"storyline/{__version__} (feed watcher)"}
    if etag:
        headers["If-None-Match"] = etag
    if last_modified:
        headers["If-Modified-Since"] = last_modified
    request = urllib.request.Request(url, headers=headers)
    try:
        with urllib.request.urlopen(request, timeout=FETCH_TIMEOUT) as response:
            body = response.read(max_bytes + 1)
            if len(body) > max_bytes:
                raise FetchError(f"feed larger than {max_bytes} bytes")
            return Fetched(response.status, body, response.headers.get("ETag"), response.headers.get("Last-Modified"))
    except urllib.error.HTTPError as exc:
        if exc.code == 304:
            return Fetched(304, etag=etag, last_modified=last_modified)
        raise FetchError(f"HTTP {exc.code} {exc.reason}") from None
    except (urllib.error.URLError, OSError) as exc:
        reason = getattr(exc, "reason", exc)
        raise FetchError(f"cannot fetch: {reason}") from None


@dataclass
class Source:
    target: str
    etag: str | None = None
    last_modified: str | None = None
    failures: int = 0
    due: float = 0.0
    seen: dict[Path, tuple[int, int]] = field(default_factory=dict)  # folder files: (mtime_ns, size)


@dataclass
class Cycle:
    number: int
    polled: int = 0
    not_modified: int = 0
    backing_off: int = 0
    failed: list[tuple[str, str]] = field(default_factory=list)  # (source, reason)
    report: IngestReport = field(default_factory=IngestReport)

    def line(self) -> str:
        r = self.report
        text = (
            f"cycle {self.number}: {self.polled} sources polled, {self.not_modified} not modified, "
            f"{len(self.failed)} failed, {self.backing_off} backing off; {len(r.added)} added, "
            f"{len(r.unchanged)} unchanged, {len(r.reanalysed)} re-analysed, {len(r.failures)} inputs failed"
        )
        return text + "".join(f"; {source}: {reason}" for source, reason in self.failed)


class Watcher:
    """Polls ``targets`` (feed URLs, folders, files) and ingests what is new into ``store``."""

    def __init__(
        self,
        targets: Sequence[str],
        store: Store,
        settings: Settings,
        *,
        every: float,
        steps: list | None = None,
        meta_files: Sequence[str | Path] = (),
        clock: Callable[[], float] = time.monotonic,
        sleep: Callable[[float], None] = time.sleep,
        fetcher: Callable[[str, str | None, str | None, int], Fetched] = fetch,
    ) -> None:
        for t in targets:
            if not is_url(t) and not Path(t).exists():
                raise UsageError(f"{t}: no such file or folder, and not an http(s) URL")
        self.sources = [Source(t) for t in targets]
        self.store, self.settings, self.every = store, settings, every
        self.meta_files = list(meta_files)
        self.clock, self.sleep, self.fetcher = clock, sleep, fetcher
        # Cycles bring few documents: in process unless workers are asked for explicitly.
        self.engine: Engine = make_engine(settings, steps, input_bytes=0)
        self._dir = Path(tempfile.mkdtemp(prefix="storyline-watch-"))
        self._reported: set[str] = set()
        self.cycles = 0

    def close(self) -> None:
        self.engine.close()
        shutil.rmtree(self._dir, ignore_errors=True)

    def __enter__(self) -> Self:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def cycle(self) -> Cycle:
        """Poll every due source once and ingest what is new, in source order."""
        self.cycles += 1
        cycle = Cycle(self.cycles)
        now = self.clock()
        documents: list[Document | Problem] = []
        for source in self.sources:
            if source.due > now:
                cycle.backing_off += 1
                continue
            cycle.polled += 1
            try:
                got = self._poll_url(source, cycle) if is_url(source.target) else self._poll_path(source)
            except (FetchError, StorylineError, OSError) as exc:
                source.failures += 1
                wait = self.every * min(2**source.failures, MAX_BACKOFF_PERIODS)
                source.due = now + wait
                cycle.failed.append((source.target, f"{exc} (next try in {wait:.0f}s)"))
                log.info("%s: cannot poll (%s); failure %d, next try in %.0f s", source.target, exc, source.failures, wait)
                continue
            source.failures, source.due = 0, 0.0
            documents.extend(got)
        ingest_documents(documents, self.store, self.settings, engine=self.engine, report=cycle.report)
        log.info("%s", cycle.line())
        return cycle

    def run(self, cycles: int | None = None, on_cycle: Callable[[Cycle], None] | None = None) -> int:
        """Cycle every ``every`` seconds, ``cycles`` times or until Ctrl-C; return the cycles run."""
        start = self.clock()
        try:
            while True:
                done = self.cycle()
                if on_cycle:
                    on_cycle(done)
                if cycles is not None and self.cycles >= cycles:
                    break
                next_at = start + self.cycles * self.every
                self.sleep(max(0.0, next_at - self.clock()))
        except KeyboardInterrupt:
            log.info("stopped after %d cycles", self.cycles)
        return self.cycles

    def _poll_url(self, source: Source, cycle: Cycle) -> list[Document | Problem]:
        got = self.fetcher(source.target, source.etag, source.last_modified, self.settings.max_bytes)
        if got.status == 304:
            cycle.not_modified += 1
            return []
        source.etag, source.last_modified = got.etag, got.last_modified
        # The feed reader names entries after the file: a stable name per URL keeps ids stable.
        path = self._dir / f"{_slug(source.target)}.xml"
        path.write_bytes(got.body)
        out: list[Document | Problem] = []
        for item in read_isolated(path, Manifest(), self.settings):
            if isinstance(item, Problem):
                out.append(Problem(item.origin.replace(str(path), source.target), item.reason, item.code))
            else:
                item.origin = item.origin.replace(str(path), source.target)
                out.append(item)
        return out

    def _poll_path(self, source: Source) -> list[Document | Problem]:
        files, manifest, problems = read_inputs([source.target], meta_files=self.meta_files)
        new = [p for p in problems if p.origin not in self._reported]
        self._reported.update(p.origin for p in new)
        out: list[Document | Problem] = list(new)
        for path in files:
            try:
                st = path.stat()
            except OSError:
                continue
            stamp = (st.st_mtime_ns, st.st_size)
            if source.seen.get(path) == stamp:
                continue
            source.seen[path] = stamp
            out.extend(read_isolated(path, manifest, self.settings))
        return out


def _slug(url: str) -> str:
    host = re.sub(r"[^A-Za-z0-9]+", "-", url.split("://", 1)[-1].split("/", 1)[0]).strip("-") or "feed"
    return f"{host}-{hashlib.sha1(url.encode('utf-8')).hexdigest()[:6]}"


__all__ = ["Cycle", "FetchError", "Fetched", "Source", "Watcher", "fetch", "parse_every"]
