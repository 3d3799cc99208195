"""The ``storyline`` command."""

from __future__ import annotations

import json
import logging
import traceback
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer
from typer.core import TyperArgument, TyperCommand, TyperGroup

from .. import __version__
from ..errors import StorylineError, UsageError
from ..ingest.readers import collect_files, display_path, supported_extensions
from ..registry import entity_backends, exporters, langid, renderers
from ..settings import SETTINGS, load_settings, setting
from . import console
from .params import use_plain_values

# The analysis (service), the store and the brief are imported by the
# commands that use them: ``storyline --help`` and a usage error load none
# of it (issue 17, start-up).
if TYPE_CHECKING:
    from ..service import IngestReport
    from ..store import Store


def is_url(path: str) -> bool:
    from ..store import is_url as store_is_url

    return store_is_url(path)


def open_store(target: str) -> Store:
    from ..store import open_store as store_open

    return store_open(target)


def brief_for(store: Any, ids: Iterable[str] | None = None, *, include_low_quality: bool = False) -> dict[str, Any]:
    from ..api import brief_for as api_brief_for

    return api_brief_for(store, ids, include_low_quality=include_low_quality)


def write_outputs(content: dict[str, Any], out: Path, formats: list[str]) -> list[Path]:
    from ..service import write_outputs as service_write_outputs

    return service_write_outputs(content, out, formats)


class PlainCommand(TyperCommand):
    """Help in plain words: ``PATH...`` in the usage line and arguments listed
    without Python types (Typer prints ``{paths}...`` and ``<list[Path]>``)."""

    def collect_usage_pieces(self, ctx: Any) -> list[str]:
        pieces = [self.options_metavar] if self.options_metavar else []
        for param in self.get_params(ctx):
            if isinstance(param, TyperArgument):
                name = param.metavar or param.name.upper()
                pieces.append(name if param.required else f"[{name}]")
        return pieces

    def parse_args(self, ctx: Any, args: list[str]) -> list[str]:
        use_plain_values(self.get_params(ctx))  # no pydantic for plain values (cli/params.py)
        return super().parse_args(ctx, args)

    def format_help(self, ctx: Any, formatter: Any) -> None:
        for param in self.params:
            if isinstance(param, TyperArgument) and param.metavar:
                # Only the metavar: Typer would add the Python type after it.
                param.display_type = lambda ctx: ""  # type: ignore[method-assign]
        super().format_help(ctx, formatter)


class PlainGroup(TyperGroup):
    """The top command, whose own options (-v, -q, --version) are plain values too."""

    def parse_args(self, ctx: Any, args: list[str]) -> list[str]:
        use_plain_values(self.get_params(ctx))
        return super().parse_args(ctx, args)


app = typer.Typer(
    cls=PlainGroup,
    name="storyline",
    help="Turn news articles in many languages into sourced, reconciled briefs.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
    # Plain help: rich markup would eat "[default: ...]" and draw Python types.
    rich_markup_mode=None,
)


def setting_option(name: str, *decls: str) -> Any:
    """A command-line option for a setting: its help, plain type and default come from the settings table."""
    s = setting(name)
    return typer.Option(
        *(decls or (f"--{name.replace('_', '-')}",)),
        help=f"{s.help} [default: {s.shown_default}; setting {name}, STORYLINE_{name.upper()}]",
        metavar=s.shown_metavar,
        show_default=False,
    )


INPUTS_HELP = (
    f"Files or folders of articles: {supported_extensions()}. Folders are read recursively; a .jsonl whose "
    "records have 'path' and no text is a metadata sidecar. Other files are skipped with the reason "
    "(PDF and Word: convert them to text first)."
)
Paths = Annotated[list[Path], typer.Argument(help=INPUTS_HELP, metavar="PATH...", show_default=False)]
Meta = Annotated[
    list[Path] | None,
    typer.Option("--meta", help="Metadata sidecar, JSON Lines of {path or id, title, source, published, language, url} (repeatable).", metavar="FILE"),
]
Db = Annotated[str | None, setting_option("db")]
Quiet = Annotated[bool, typer.Option("--quiet", "-q", help="Print only errors.")]
MaxBytes = Annotated[int | None, setting_option("max_bytes")]
Formats = Annotated[str, typer.Option("--format", help=f"Comma-separated output formats ({', '.join(renderers.names())}).", metavar="LIST")]
Workers = Annotated[int | None, setting_option("workers")]
Out = Annotated[Path, typer.Option("--out", help="Folder for brief.json, brief.md and index.html (written over).", metavar="DIR")]
EngineName = Annotated[str | None, setting_option("engine")]
Scheduler = Annotated[str | None, setting_option("scheduler")]
LowQuality = Annotated[
    bool | None,
    typer.Option("--include-low-quality/--exclude-low-quality", help=setting("include_low_quality").help + " [default: exclude; setting include_low_quality]", show_default=False),
]
EXIT_CODES = (
    "Exit codes: 0 every input read; 1 some inputs failed; 126 nearly all failed; "
    "2 usage error or nothing to read; 70 a bug in Storyline."
)

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
    skipped = len(report.problems) - len(report.failures)
    console.info(
        f"{_count(len(report.documents), 'document')}: {len(report.added)} added, {len(report.unchanged)} unchanged, "
        f"{len(report.reanalysed)} re-analysed; {_count(len(report.failures), 'input')} failed"
        + (f", {skipped} skipped" if skipped else ""),
        quiet,
    )


def _count(n: int, noun: str) -> str:
    return f"{n} {noun}{'' if n == 1 else 's'}"


def _no_brief(report: IngestReport) -> bool:
    """No document was read (every input failed): say so; no brief is written."""
    if report.documents:
        return False
    console.err.print("error: no document was read, so no brief was written", markup=False)
    return True


def _kept_out(asked: list[str], content: dict[str, Any], quiet: bool) -> None:
    """Say which documents the brief leaves out as low quality, and how to keep them in."""
    shown = {d["id"] for d in content["documents"]}
    left = [d for d in dict.fromkeys(asked) if d not in shown]
    if left:
        console.info(
            f"note: {_count(len(left), 'low-quality document')} kept out of the brief ({', '.join(left[:5])}"
            f"{', ...' if len(left) > 5 else ''}); --include-low-quality keeps them in",
            quiet,
        )


def _internal(exc: Exception) -> typer.Exit:
    """A failure of the tool itself, not of an input: say so, show where, and exit apart from 'some inputs failed'."""
    console.err.print(f"error: internal error, the batch stopped: {type(exc).__name__}: {exc}", markup=False)
    console.err.print("".join(traceback.format_exception(exc)), markup=False)
    return typer.Exit(EXIT_INTERNAL)


@contextmanager
def _tool_errors() -> Iterator[None]:
    """A Storyline error (usage, store) exits 2 with its message and hint; any
    other exception is the tool's own failure: exit 70, not "some inputs failed"."""
    try:
        yield
    except StorylineError as exc:
        raise _fail(exc) from None
    except typer.Exit:
        raise
    except Exception as exc:  # noqa: BLE001 - see the docstring
        raise _internal(exc) from None


def _ingest(paths: list[Path], meta: list[Path] | None, db: str | None, max_bytes: int | None, quiet: bool, **engine):
    settings = load_settings(db=db, max_bytes=max_bytes, **engine)
    # Before the store is opened: an empty folder must not leave a new database behind.
    files, _, skipped = collect_files(paths)
    if not files:
        for p in skipped:
            console.problem(p)
        raise UsageError(
            f"no articles to read in {', '.join(map(display_path, paths))}",
            hint=f"Storyline reads {supported_extensions()}",
        )
    if settings.engine == "dask":
        # distributed logs every connection (and the workers' shutdown) on stderr; our lines are the report.
        logging.getLogger("distributed").setLevel(logging.ERROR)
    from ..service import IngestReport, ingest

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
    return store, report, settings


@app.command(cls=PlainCommand, epilog=EXIT_CODES)
def run(
    paths: Paths,
    meta: Meta = None,
    db: Db = None,
    out: Out = Path("out"),
    fmt: Formats = "json,markdown,html",
    max_bytes: MaxBytes = None,
    quiet: Quiet = False,
    workers: Workers = None,
    engine: EngineName = None,
    scheduler: Scheduler = None,
    include_low_quality: LowQuality = None,
) -> None:
    """Read articles, analyse them, and write their brief.

    Stores every document in the store (--db) and writes brief.json, brief.md
    and index.html of these inputs to --out.
    """
    with _tool_errors():
        store, report, settings = _ingest(
            paths, meta, db, max_bytes, quiet, workers=workers, engine=engine, scheduler=scheduler, include_low_quality=include_low_quality
        )
        with store:
            if _no_brief(report):
                raise typer.Exit(report.exit_code)
            content = brief_for(store, report.documents, include_low_quality=settings.include_low_quality)
            _kept_out(report.documents, content, quiet)
            written = write_outputs(content, out, _formats(fmt))
    console.info("wrote " + ", ".join(str(p) for p in written), quiet)
    raise typer.Exit(report.exit_code)


@app.command("ingest", cls=PlainCommand, epilog=EXIT_CODES)
def ingest_cmd(
    paths: Paths,
    meta: Meta = None,
    db: Db = None,
    max_bytes: MaxBytes = None,
    quiet: Quiet = False,
    workers: Workers = None,
    engine: EngineName = None,
    scheduler: Scheduler = None,
    include_low_quality: LowQuality = None,
) -> None:
    """Read and analyse articles into the store only.

    Write a brief later with `storyline brief`, or browse with `storyline serve`.
    """
    with _tool_errors():
        store, report, _ = _ingest(
            paths, meta, db, max_bytes, quiet, workers=workers, engine=engine, scheduler=scheduler, include_low_quality=include_low_quality
        )
        store.close()
    raise typer.Exit(report.exit_code)


@app.command(cls=PlainCommand)
def brief(
    db: Db = None,
    out: Out = Path("out"),
    doc: Annotated[list[str] | None, typer.Option("--doc", help="Only these document ids (repeatable).", metavar="ID")] = None,
    fmt: Formats = "json,markdown,html",
    quiet: Quiet = False,
    include_low_quality: LowQuality = None,
) -> None:
    """Write the brief of stored documents.

    All stored documents, or those named with --doc.
    """
    try:
        with open_store(_existing_db(db)) as store:
            missing = sorted(d for d in set(doc or ()) if not store.id_taken(d))
            if missing:
                raise StorylineError(f"unknown document id(s): {', '.join(missing)}")
            include = load_settings(include_low_quality=include_low_quality).include_low_quality
            content = brief_for(store, doc, include_low_quality=include)
            if doc:
                _kept_out(doc, content, quiet)
            written = write_outputs(content, out, _formats(fmt))
    except StorylineError as exc:
        raise _fail(exc) from None
    console.info("wrote " + ", ".join(str(p) for p in written), quiet)


@app.command(cls=PlainCommand)
def stats(db: Db = None, as_json: Annotated[bool, typer.Option("--json", help="Print JSON.")] = False) -> None:
    """Counts of what the store holds."""
    try:
        with open_store(_existing_db(db)) as store:
            from ..service import current_version

            data = store.stats()
            current = current_version(load_settings(db=db))
            data["old_analysis"] = sum(n for version, n in store.analysis_versions().items() if version != current)
    except StorylineError as exc:
        raise _fail(exc) from None
    if as_json:
        console.out.print_json(json.dumps(data))
        return
    for key, value in data.items():
        if isinstance(value, dict):
            value = ", ".join(f"{k} {v}" for k, v in value.items()) or "—"
        console.out.print(f"{key:16} {value}", markup=False)
    if data["old_analysis"]:
        console.err.print(
            f"note: {_count(data['old_analysis'], 'document')} carry an older analysis version (data, models, "
            "code or libraries changed since); `storyline reanalyse` analyses them again",
            markup=False,
        )


@app.command(cls=PlainCommand, epilog=EXIT_CODES)
def reanalyse(db: Db = None, workers: Workers = None, quiet: Quiet = False) -> None:
    """Analyse again the stored documents of an older analysis version.

    A document's analysis version names the steps, data, models and library
    versions that produced it; `storyline stats` counts the old ones.
    """
    from ..service import IngestReport
    from ..service import reanalyse as reanalyse_store

    report = IngestReport()
    with _tool_errors():
        settings = load_settings(db=_existing_db(db), workers=workers)
        with open_store(settings.db) as store:
            try:
                with console.progress(quiet) as bar:
                    reanalyse_store(store, settings, progress=bar, report=report)
            finally:
                _report(report, quiet)  # also what was done before a stop
    raise typer.Exit(report.exit_code)


@app.command(cls=PlainCommand)
def settings() -> None:
    """Every setting with its type, default and help.

    Set them in storyline.toml, as STORYLINE_<NAME>, or with the option of the same name.
    """
    for s in SETTINGS:
        console.out.print(f"{s.name:26} {s.shown_metavar:12} {s.shown_default:24} {s.help}", markup=False)


@app.command(cls=PlainCommand)
def backends() -> None:
    """Registered backends and output formats, by versioned name."""
    from .. import backends as _backends  # noqa: F401  (registers model backends)

    for reg in (langid, entity_backends, renderers, exporters):
        for name, help in reg.describe().items():
            console.out.print(f"{reg.kind:36} {name:24} {help}", markup=False)


@app.command("eval", cls=PlainCommand)
def eval_cmd(
    sets: Annotated[
        str, typer.Option("--sets", help="Comma-separated: own (gold shipped in the package), heldout (the same, held out), stories (tests/fixtures/stories.jsonl), hr500k, meantime, uner (UNER hr/sr dev; shared sets skip when absent), names (person-name merging and nominatives, gold/names in the package).", metavar="LIST")
    ] = "own,heldout,stories,hr500k,meantime,uner,names",
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON.")] = False,
    errors: Annotated[bool, typer.Option("--errors", help="List every miss of the own gold.")] = False,
    gate: Annotated[bool, typer.Option("--gate", help="Check the figures against the pinned floors of evaluate/baselines/ and exit 1 when one is below.")] = False,
) -> None:
    """Score the extractors against gold data.

    Precision, recall, F1 and accuracies per set.
    """
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


@app.command("serve", cls=PlainCommand)
def serve_cmd(
    db: Db = None,
    host: Annotated[str, typer.Option("--host", help="Address to listen on; 127.0.0.1 keeps the app local.", metavar="ADDRESS")] = "127.0.0.1",
    port: Annotated[int, typer.Option("--port", help="Port to listen on.", metavar="PORT")] = 8000,
) -> None:
    """Open the web app and HTTP API on a store.

    Pages at /, the API at /api, its OpenAPI description at /docs.
    """
    import uvicorn

    from ..web import create_app

    # The server's log goes to stderr through the handler of the app callback
    # (--verbose / --quiet): a warning when it listens beyond this machine
    # (create_app logs it) and the traceback behind any 500.
    settings = load_settings(db=db)
    try:
        web = create_app(_existing_db(db), settings, bound_host=host)
    except StorylineError as exc:
        raise _fail(exc) from exc
    console.err.print(f"Storyline on http://{host}:{port}/ (API docs at /docs); Ctrl+C stops")
    uvicorn.run(web, host=host, port=port, log_level="warning", server_header=False)


@app.command("watch", cls=PlainCommand)
def watch_cmd(
    sources: Annotated[list[str], typer.Argument(help="Feed URLs (http, https), folders or files to poll.", metavar="SOURCE...", show_default=False)],
    every: Annotated[str | None, setting_option("watch_every", "--every")] = None,
    db: Db = None,
    out: Annotated[Path | None, typer.Option("--out", help="Rewrite the brief of all stored documents here after a cycle that added some.", metavar="DIR")] = None,
    fmt: Formats = "json,markdown,html",
    meta: Meta = None,
    once: Annotated[bool, typer.Option("--once", help="One cycle, then stop.")] = False,
    cycles: Annotated[int | None, typer.Option("--cycles", help="Stop after this many cycles.", metavar="N")] = None,
    workers: Workers = None,
    quiet: Quiet = False,
) -> None:
    """Poll feeds and folders and ingest what is new.

    One line per cycle; Ctrl+C stops.
    """
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


from .export import export_cmd  # noqa: E402 - one module per command

app.command("export")(export_cmd)


def version_callback(value: bool) -> None:
    if value:
        console.out.print(f"storyline {__version__}")
        raise typer.Exit()


@app.callback()
def _root(
    version: Annotated[bool, typer.Option("--version", callback=version_callback, is_eager=True, help="Show the version.")] = False,
    verbose: Annotated[
        int, typer.Option("--verbose", "-v", count=True, help="Log what the batch does on stderr (-v: progress and skipped documents; -vv: everything).", show_default=False)
    ] = 0,
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="Log only errors (each command's own --quiet also hides its summary lines).")] = False,
) -> None:
    """Storyline: sourced, reconciled accounts of the events in the news."""
    console.configure_logging(-1 if quiet else verbose)


def main() -> None:
    app()
