"""The ``storyline`` command."""

from __future__ import annotations

import json
import logging
import traceback
from pathlib import Path
from typing import Annotated, Optional

import typer

from .. import __version__
from ..errors import StorylineError
from ..api import brief_for
from ..registry import entity_backends, langid, renderers
from ..service import IngestReport, ingest, write_outputs
from ..settings import SETTINGS, load_settings
from ..store import is_url, open_store
from . import console

app = typer.Typer(
    name="storyline",
    help="Turn news articles in many languages into sourced, reconciled briefs.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)

Paths = Annotated[list[Path], typer.Argument(help="Files or folders of .txt, .html, .json, .jsonl articles.", show_default=False)]
Meta = Annotated[Optional[list[Path]], typer.Option("--meta", help="Metadata sidecar (JSON Lines: id, path, language, source, published).")]
Db = Annotated[Optional[str], typer.Option("--db", help="SQLite file or postgresql://user@host/database URL [default: storyline.db, or STORYLINE_DB].")]
Quiet = Annotated[bool, typer.Option("--quiet", "-q", help="Print only errors.")]
MaxBytes = Annotated[Optional[int], typer.Option("--max-bytes", help="Refuse inputs larger than this [default: 20000000].")]
Formats = Annotated[str, typer.Option("--format", help="Comma-separated output formats.")]
Workers = Annotated[
    Optional[int],
    typer.Option("--workers", help="Worker processes for analysis; 1: in process (default: 0 = auto, the machine's cores for large batches)."),
]
EngineName = Annotated[Optional[str], typer.Option("--engine", help="Where analysis runs: local or dask (default: local).")]
Scheduler = Annotated[Optional[str], typer.Option("--scheduler", help="Dask scheduler address, tcp://host:8786 (default: a LocalCluster).")]

# Exit code when the tool itself fails (a bug, not a bad input): sysexits' EX_SOFTWARE.
EXIT_INTERNAL = 70


def _formats(fmt: str) -> list[str]:
    return [f.strip() for f in fmt.split(",") if f.strip()]


def _existing_db(db: str | None) -> str:
    path = load_settings(db=db).db
    if not is_url(path) and not Path(path).exists():
        raise StorylineError(f"{path}: no such database", hint="run `storyline ingest` first or pass --db")
    return path


def _fail(exc: StorylineError) -> typer.Exit:
    console.err.print(f"error: {exc}", markup=False)
    return typer.Exit(2)


def _report(report: IngestReport, quiet: bool) -> None:
    for p in report.problems:
        console.problem(p)
    for doc_id, note in report.notes:
        console.info(f"note: {doc_id}: {note}", quiet)
    for doc_id, of, sim in report.near_duplicates:
        console.info(f"note: {doc_id}: near-duplicate of {of} (similarity {sim:.2f})", quiet)
    console.info(
        f"{len(report.documents)} documents: {len(report.added)} added, {len(report.unchanged)} unchanged, "
        f"{len(report.reanalysed)} re-analysed; {len(report.failures)} inputs failed",
        quiet,
    )


def _internal(exc: Exception) -> typer.Exit:
    """A failure of the tool itself, not of an input: say so, show where, and exit apart from 'some inputs failed'."""
    console.err.print(f"error: internal error, the batch stopped: {type(exc).__name__}: {exc}", markup=False)
    console.err.print("".join(traceback.format_exception(exc)), markup=False)
    return typer.Exit(EXIT_INTERNAL)


def _ingest(paths: list[Path], meta: list[Path] | None, db: str | None, max_bytes: int | None, quiet: bool, **engine):
    settings = load_settings(db=db, max_bytes=max_bytes, **engine)
    if settings.engine == "dask":
        # distributed logs every connection (and the workers' shutdown) on stderr; our lines are the report.
        logging.getLogger("distributed").setLevel(logging.ERROR)
    store = open_store(settings.db)
    report = IngestReport()
    try:
        with console.progress(quiet) as bar:
            ingest(paths, store, settings, meta_files=meta or (), progress=bar, report=report)
    except BaseException:
        _report(report, quiet)  # what was done before the stop
        store.close()
        raise
    _report(report, quiet)
    return store, report


@app.command()
def run(
    paths: Paths,
    meta: Meta = None,
    db: Db = None,
    out: Annotated[Path, typer.Option("--out", help="Folder for brief.json, brief.md and index.html.")] = Path("out"),
    fmt: Formats = "json,markdown,html",
    max_bytes: MaxBytes = None,
    quiet: Quiet = False,
    workers: Workers = None,
    engine: EngineName = None,
    scheduler: Scheduler = None,
) -> None:
    """Ingest and analyse articles, then write the brief of these articles."""
    try:
        store, report = _ingest(paths, meta, db, max_bytes, quiet, workers=workers, engine=engine, scheduler=scheduler)
        with store:
            written = write_outputs(brief_for(store, report.documents), out, _formats(fmt))
    except StorylineError as exc:
        raise _fail(exc) from None
    except Exception as exc:  # noqa: BLE001 - the tool's own failure: exit 70, not "some inputs failed"
        raise _internal(exc) from None
    console.info("wrote " + ", ".join(str(p) for p in written), quiet)
    raise typer.Exit(report.exit_code)


@app.command("ingest")
def ingest_cmd(
    paths: Paths,
    meta: Meta = None,
    db: Db = None,
    max_bytes: MaxBytes = None,
    quiet: Quiet = False,
    workers: Workers = None,
    engine: EngineName = None,
    scheduler: Scheduler = None,
) -> None:
    """Ingest and analyse articles into the store, without writing a brief."""
    try:
        store, report = _ingest(paths, meta, db, max_bytes, quiet, workers=workers, engine=engine, scheduler=scheduler)
        store.close()
    except StorylineError as exc:
        raise _fail(exc) from None
    except Exception as exc:  # noqa: BLE001 - the tool's own failure: exit 70, not "some inputs failed"
        raise _internal(exc) from None
    raise typer.Exit(report.exit_code)


@app.command()
def brief(
    db: Db = None,
    out: Annotated[Path, typer.Option("--out", help="Output folder.")] = Path("out"),
    doc: Annotated[Optional[list[str]], typer.Option("--doc", help="Only these document ids (repeatable).")] = None,
    fmt: Formats = "json,markdown,html",
    quiet: Quiet = False,
) -> None:
    """Write the brief of stored documents (all, or those named with --doc)."""
    try:
        with open_store(_existing_db(db)) as store:
            missing = sorted(d for d in set(doc or ()) if not store.id_taken(d))
            if missing:
                raise StorylineError(f"unknown document id(s): {', '.join(missing)}")
            written = write_outputs(brief_for(store, doc), out, _formats(fmt))
    except StorylineError as exc:
        raise _fail(exc) from None
    console.info("wrote " + ", ".join(str(p) for p in written), quiet)


@app.command()
def stats(db: Db = None, as_json: Annotated[bool, typer.Option("--json", help="Print JSON.")] = False) -> None:
    """Counts of what the store holds."""
    try:
        with open_store(_existing_db(db)) as store:
            data = store.stats()
    except StorylineError as exc:
        raise _fail(exc) from None
    if as_json:
        console.out.print_json(json.dumps(data))
        return
    for key, value in data.items():
        if isinstance(value, dict):
            value = ", ".join(f"{k} {v}" for k, v in value.items()) or "—"
        console.out.print(f"{key:16} {value}", markup=False)


@app.command()
def settings() -> None:
    """Every setting with its default and help (set in storyline.toml or STORYLINE_<NAME>)."""
    for s in SETTINGS:
        console.out.print(f"{s.name:26} {s.default!r:22} {s.help}", markup=False)


@app.command()
def backends() -> None:
    """Registered backends and output formats, by versioned name."""
    from .. import backends as _backends  # noqa: F401  (registers model backends)

    for reg in (langid, entity_backends, renderers):
        for name, help in reg.describe().items():
            console.out.print(f"{reg.kind:36} {name:24} {help}", markup=False)


@app.command("eval")
def eval_cmd(
    sets: Annotated[
        str, typer.Option("--sets", help="Comma-separated: own (gold shipped in the package), heldout (the same, held out), stories (tests/fixtures/stories.jsonl), hr500k, meantime, uner (UNER hr/sr dev; shared sets skip when absent), names (person-name merging and nominatives, gold/names in the package).")
    ] = "own,heldout,stories,hr500k,meantime,uner,names",
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON.")] = False,
    errors: Annotated[bool, typer.Option("--errors", help="List every miss of the own gold.")] = False,
    gate: Annotated[bool, typer.Option("--gate", help="Check the figures against the pinned floors of evaluate/baselines/ and exit 1 when one is below.")] = False,
) -> None:
    """Score the extractors against gold data: precision, recall, F1, accuracies."""
    from ..evaluate.gate import check
    from ..evaluate.own import run_eval

    try:
        results = run_eval([s.strip() for s in sets.split(",") if s.strip()], load_settings())
    except StorylineError as exc:
        raise _fail(exc) from exc
    failures, not_run = check(results) if gate else ([], [])
    if as_json:
        print(json.dumps(results, ensure_ascii=False, indent=2))
    else:
        _print_results(results, errors)
    if gate:
        for name in not_run:
            console.err.print(f"gate: {name} not scored (skipped or not in --sets)", markup=False)
        for failure in failures:
            console.err.print(f"gate: {failure}", markup=False)
        if failures:
            raise typer.Exit(1)


def _print_results(results: list[dict], errors: bool) -> None:
    for r in results:
        errs = r.pop("errors", [])
        print(f"== {r.pop('set')}")
        for key, value in r.items():
            print(f"  {key}: {value}")
        if errors:
            for e in errs:
                print(f"  miss: {e}")


@app.command("serve")
def serve_cmd(
    db: Db = None,
    host: Annotated[str, typer.Option("--host", help="Address to listen on; 127.0.0.1 keeps the app local.")] = "127.0.0.1",
    port: Annotated[int, typer.Option("--port", help="Port to listen on.")] = 8000,
) -> None:
    """Open the web app and HTTP API on the store (pages at /, API at /api, OpenAPI at /docs)."""
    import uvicorn

    from ..web import create_app

    import logging

    # The server's log on stderr: a warning when it listens beyond this
    # machine (create_app logs it) and the traceback behind any 500.
    if not logging.getLogger().handlers:
        logging.basicConfig(level=logging.WARNING, format="%(levelname)s %(name)s: %(message)s")
    settings = load_settings(db=db)
    try:
        web = create_app(_existing_db(db), settings, bound_host=host)
    except StorylineError as exc:
        raise _fail(exc) from exc
    console.err.print(f"Storyline on http://{host}:{port}/ (API docs at /docs); Ctrl+C stops")
    uvicorn.run(web, host=host, port=port, log_level="warning", server_header=False)


@app.command("watch")
def watch_cmd(
    sources: Annotated[list[str], typer.Argument(help="Feed URLs (http, https), folders or files to poll.", show_default=False)],
    every: Annotated[Optional[str], typer.Option("--every", help="Poll period: 30s, 5m, 1h (default: 5m, or the watch_every setting).")] = None,
    db: Db = None,
    out: Annotated[Optional[Path], typer.Option("--out", help="Rewrite the brief of all stored documents here after a cycle that added some.")] = None,
    fmt: Formats = "json,markdown,html",
    meta: Meta = None,
    once: Annotated[bool, typer.Option("--once", help="One cycle, then stop.")] = False,
    cycles: Annotated[Optional[int], typer.Option("--cycles", help="Stop after this many cycles.")] = None,
    workers: Workers = None,
    quiet: Quiet = False,
) -> None:
    """Poll feeds and folders every period and ingest what is new; one line per cycle; Ctrl+C stops."""
    import signal

    from ..watch import Watcher, parse_every

    try:
        settings = load_settings(db=db, watch_every=every, workers=workers)
        period = parse_every(settings.watch_every)
        limit = 1 if once else cycles
        store = open_store(settings.db)
    except StorylineError as exc:
        raise _fail(exc) from None

    def on_cycle(cycle) -> None:
        for p in cycle.report.problems:
            console.problem(p)
        console.info(cycle.line(), quiet)
        if out is not None and (cycle.report.added or cycle.report.reanalysed):
            write_outputs(brief_for(store), out, _formats(fmt))

    # A service manager stops with SIGTERM: end like Ctrl+C, between two documents.
    try:
        previous = signal.signal(signal.SIGTERM, signal.default_int_handler)
    except ValueError:  # not the main thread: leave signals alone
        previous = None
    try:
        with store, Watcher(sources, store, settings, every=period, meta_files=meta or ()) as watcher:
            console.info(f"watching {len(sources)} sources every {settings.watch_every}; Ctrl+C stops", quiet)
            done = watcher.run(limit, on_cycle)
    except StorylineError as exc:
        raise _fail(exc) from None
    except Exception as exc:  # noqa: BLE001 - the tool's own failure: exit 70
        raise _internal(exc) from None
    finally:
        if previous is not None:
            signal.signal(signal.SIGTERM, previous)
    console.info(f"stopped after {done} cycles", quiet)


def version_callback(value: bool) -> None:
    if value:
        console.out.print(f"storyline {__version__}")
        raise typer.Exit()


@app.callback()
def _root(
    version: Annotated[bool, typer.Option("--version", callback=version_callback, is_eager=True, help="Show the version.")] = False,
) -> None:
    """Storyline: sourced, reconciled accounts of the events in the news."""


def main() -> None:
    app()
