"""Steps and the pipeline that runs them.

A step maps Documents to Documents and declares which fields it needs
(``requires``) and which it sets (``assigns``). The pipeline checks the
order when it is built, so a misordered pipeline fails before any input is
read. Per-document failures follow one policy: ``raise`` or ``skip``
(the document becomes a :class:`Problem` with the reason; the batch in
``service`` records and counts them).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Protocol

from .errors import PipelineError
from .records import Document, Problem

# What a freshly read Document already has.
INPUT_FIELDS = frozenset({"text", "metadata"})


class Step(Protocol):
    """A step whose output depends on settings keeps them as ``settings``: the
    ones among them that change an analysis (``fingerprint.ANALYSIS_SETTINGS``)
    enter the pipeline's version."""

    name: str
    requires: frozenset[str]
    assigns: frozenset[str]

    def process(self, doc: Document) -> Document: ...


@dataclass
class Pipeline:
    steps: list[Step]
    on_error: str = "skip"

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
        from .fingerprint import analysis_fingerprint, settings_fingerprint

        given = [s for step in self.steps if (s := getattr(step, "settings", None)) is not None]
        by_settings = "".join(dict.fromkeys(settings_fingerprint(s) for s in given))
        return "+".join(step.name for step in self.steps) + "@" + analysis_fingerprint() + by_settings

    def run_one(self, doc: Document) -> Document | Problem:
        for step in self.steps:
            try:
                doc = step.process(doc)
            except Exception as exc:  # noqa: BLE001 - the policy decides: re-raise or record
                if self.on_error == "raise":
                    raise
                reason = f"{step.name} failed: {type(exc).__name__}: {exc}"
                return Problem(doc.origin or doc.id, reason, "analysis")
        doc.anatomy_version = self.version
        return doc
