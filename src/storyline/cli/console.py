"""Messages, errors and progress bars on stderr; results on stdout."""

from __future__ import annotations

import logging
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from functools import cache
from typing import TYPE_CHECKING, Any

from ..records import Problem

if TYPE_CHECKING:  # the service (the whole analysis) is imported when a batch runs, not for --help
    from rich.console import Console
    from rich.progress import Progress as RichProgress

    from ..service import Progress


@cache
def _console(stderr: bool) -> Console:
    """rich's console for stderr or stdout, made on the first message: a quiet
    run that prints nothing never imports rich (~0.05 s of start-up)."""
    from rich.console import Console

    return Console(stderr=stderr, highlight=False, soft_wrap=True)


def __getattr__(name: str) -> Console:
    """``err`` (messages, errors) and ``out`` (results), made on first use."""
    if name in ("err", "out"):
        return _console(name == "err")
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def _bar_progress(bar: RichProgress) -> Progress:
    from ..service import Progress

    class BarProgress(Progress):
        def __init__(self, bar: RichProgress) -> None:
            self.bar = bar
            self.task: Any = None

        def start(self, total: int, label: str) -> None:
            self.task = self.bar.add_task(label, total=total)

        def advance(self, n: int = 1) -> None:
            if self.task is not None:
                self.bar.advance(self.task, n)

    return BarProgress(bar)


@contextmanager
def progress(quiet: bool) -> Iterator[Progress]:
    """A progress bar when a person watches (stderr is a terminal), else nothing."""
    from ..service import Progress

    if quiet or not sys.stderr.isatty():
        yield Progress()
        return
    from rich.progress import BarColumn, MofNCompleteColumn, TextColumn, TimeRemainingColumn
    from rich.progress import Progress as RichProgress

    bar = RichProgress(
        TextColumn("{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeRemainingColumn(),
        console=_console(True),
        transient=True,
    )
    with bar:
        yield _bar_progress(bar)


def problem(p: Problem) -> None:
    level = "skipped" if p.code == "unsupported" else "error"
    _console(True).print(f"{level}: {p.origin}: {p.reason}", markup=False)


def info(text: str, quiet: bool) -> None:
    if not quiet:
        _console(True).print(text, markup=False)


# Levels of the ``storyline`` loggers by the app's --quiet / --verbose
# (counted: -v, -vv): errors only, warnings (the default: inherited from the
# root logger, whose default is WARNING), progress of the batch, everything.
LOG_LEVELS = {-1: logging.ERROR, 0: logging.NOTSET, 1: logging.INFO, 2: logging.DEBUG}


class _ErrHandler(logging.Handler):
    """Log records as lines on stderr, through ``err`` (looked up at each
    record, so a replaced sys.stderr, as in tests, is followed)."""

    def emit(self, record: logging.LogRecord) -> None:
        try:
            _console(True).print(self.format(record), markup=False)
        except Exception:  # noqa: BLE001 - logging must never break the command
            self.handleError(record)


def configure_logging(verbosity: int) -> None:
    """The one place the command line sets up logging (the library never
    does): the level of the ``storyline`` loggers, and one handler on the
    root logger (so other libraries' warnings show too, at their own level)."""
    level = LOG_LEVELS[max(-1, min(verbosity, 2))]
    logging.getLogger("storyline").setLevel(level)
    root = logging.getLogger()
    handler = next((h for h in root.handlers if isinstance(h, _ErrHandler)), None)
    if handler is None:
        handler = _ErrHandler()
        handler.setFormatter(logging.Formatter("%(levelname)s: %(name)s: %(message)s"))
        root.addHandler(handler)
    handler.setLevel(logging.ERROR if verbosity < 0 else logging.NOTSET)
