"""Steps and the pipeline that runs them.

A step maps Documents to Documents and declares which fields it needs
(``requires``) and which it sets (``assigns``). The pipeline checks the
order when it is built, so a misordered pipeline fails before any input is
read. Per-document failures follow one policy: ``raise`` or ``skip``
(record the reason and go on), counted by reason.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from typing import Protocol

from .errors import PipelineError
from .records import Document, Problem

# What a freshly read Document already has.
INPUT_FIELDS = frozenset({"text", "metadata"})


class Step(Protocol):
    name: str
    requires: frozenset[str]
    assigns: frozenset[str]

    def process(self, doc: Document) -> Document: ...


@dataclass
class Pipeline:
    steps: list[Step]
    on_error: str = "skip"
    failures: Counter[str] = field(default_factory=Counter)
    problems: list[Problem] = field(default_factory=list)

    def __post_init__(self) -> None:
        if self.on_error not in ("skip", "raise"):
            raise PipelineError(f"on_error must be 'skip' or 'raise', not {self.on_error!r}")
        have = set(INPUT_FIELDS)
        for step in self.steps:
            missing = step.requires - have
            if missing:
                raise PipelineError(
                    f"step {step.name} needs {', '.join(sorted(missing))}, which no earlier step sets",
                    hint="reorder the steps or add the step that assigns it",
                )
            have |= step.assigns

    @property
    def version(self) -> str:
        """The step names (each versioned, with its resolved backend) and the
        fingerprint of the data, models and libraries behind them: a change
        of any re-analyses stored documents (see :mod:`storyline.fingerprint`)."""
        from .fingerprint import analysis_fingerprint

        return "+".join(step.name for step in self.steps) + "@" + analysis_fingerprint()

    def run_one(self, doc: Document) -> Document | Problem:
        for step in self.steps:
            try:
                doc = step.process(doc)
            except Exception as exc:  # noqa: BLE001 - the policy decides: re-raise or record
                if self.on_error == "raise":
                    raise
                reason = f"{step.name} failed: {type(exc).__name__}: {exc}"
                self.failures[step.name] += 1
                problem = Problem(doc.origin or doc.id, reason, "analysis")
                self.problems.append(problem)
                return problem
        doc.anatomy_version = self.version
        return doc

    def run(self, docs: Iterable[Document], progress: Callable[[], None] | None = None) -> Iterator[Document | Problem]:
        for doc in docs:
            yield self.run_one(doc)
            if progress:
                progress()
