"""Messages, errors and progress bars on stderr; results on stdout."""

from __future__ import annotations

import sys
from collections.abc import Iterator
from contextlib import contextmanager

from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, TextColumn, TimeRemainingColumn
from rich.progress import Progress as RichProgress

from ..records import Problem
from ..service import Progress

err = Console(stderr=True, highlight=False, soft_wrap=True)
out = Console(highlight=False, soft_wrap=True)


class BarProgress(Progress):
    def __init__(self, bar: RichProgress) -> None:
        self.bar = bar
        self.task = None

    def start(self, total: int, label: str) -> None:
        self.task = self.bar.add_task(label, total=total)

    def advance(self, n: int = 1) -> None:
        if self.task is not None:
            self.bar.advance(self.task, n)


@contextmanager
def progress(quiet: bool) -> Iterator[Progress]:
    """A progress bar when a person watches (stderr is a terminal), else nothing."""
    if quiet or not sys.stderr.isatty():
        yield Progress()
        return
    bar = RichProgress(
        TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(), TimeRemainingColumn(), console=err, transient=True
    )
    with bar:
        yield BarProgress(bar)


def problem(p: Problem) -> None:
    level = "skipped" if p.code == "unsupported" else "error"
    err.print(f"{level}: {p.origin}: {p.reason}", markup=False)


def info(text: str, quiet: bool) -> None:
    if not quiet:
        err.print(text, markup=False)
