"""``storyline export``: stored events as a table (ACLED-style CSV), on stdout or into a file."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated

import typer

from ..errors import StorylineError
from ..settings import load_settings
from . import console


def export_cmd(
    db: Annotated[
        str | None,
        typer.Option(
            "--db",
            help="SQLite file or postgresql:// URL [default: storyline.db, or STORYLINE_DB].",
            metavar="FILE|URL",
        ),
    ] = None,
    fmt: Annotated[
        str,
        typer.Option(
            "--format",
            help="Export format: acled-csv (one row per event, ACLED's columns plus evidence).",
            metavar="NAME",
        ),
    ] = "acled-csv",
    out: Annotated[str, typer.Option("--out", help="File to write, or - for stdout.", metavar="FILE")] = "-",
    story: Annotated[
        str | None,
        typer.Option(
            "--story", help="Only the events of this story (its id as in brief.json or /api/stories).", metavar="ID"
        ),
    ] = None,
    min_confidence: Annotated[
        float,
        typer.Option(
            "--min-confidence",
            min=0.0,
            max=1.0,
            help="Leave out events the extraction is less sure of (0..1).",
            metavar="X",
        ),
    ] = 0.0,
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="Print only errors.")] = False,
) -> None:
    """Export stored events as a table: one row per event, with the evidence of each (see docs/export.md)."""
    from ..store import is_url, open_store  # imported by the command, not by --help

    try:
        path = load_settings(db=db).db
        if not is_url(path) and not Path(path).exists():
            raise StorylineError(f"{path}: no such database", hint="run `storyline ingest` first or pass --db")
        from ..render import export  # imported by the command, not by --help

        with open_store(path) as store:
            result = export(fmt, store, story=story, min_confidence=min_confidence)
    except StorylineError as exc:
        console.err.print(f"error: {exc}", markup=False)  # the message carries its hint
        raise typer.Exit(2) from None
    if out == "-":
        # Bytes, so that the CSV's CRLF line ends reach the file unchanged on every platform.
        sys.stdout.flush()
        sys.stdout.buffer.write(result.content.encode("utf-8"))
        sys.stdout.flush()
    else:
        try:
            Path(out).write_bytes(result.content.encode("utf-8"))
        except OSError as exc:
            console.err.print(f"error: {out}: cannot write: {exc.strerror or exc}", markup=False)
            raise typer.Exit(2) from None
    # The counts go to stderr, never into the table: a comment line would break CSV readers.
    console.info(f"{fmt}: {result.summary()}" + ("" if out == "-" else f"; wrote {out}"), quiet)
