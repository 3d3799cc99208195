"""Exception hierarchy: every error has a stable code and a hint on how to fix it."""

from __future__ import annotations


class StorylineError(Exception):
    code = "storyline"
    hint = ""

    def __init__(self, message: str, *, hint: str | None = None) -> None:
        super().__init__(message)
        if hint is not None:
            self.hint = hint

    def __str__(self) -> str:
        msg = super().__str__()
        return f"{msg} (hint: {self.hint})" if self.hint else msg


class InputError(StorylineError):
    """One input cannot be read; the batch goes on without it."""

    code = "input"


class UsageError(StorylineError):
    """The command or call itself is wrong (missing path, bad setting)."""

    code = "usage"


class StoreError(StorylineError):
    code = "store"


class NotInstalled(StorylineError):
    """An optional dependency is missing."""

    code = "not_installed"

    def __init__(self, package: str, extra: str) -> None:
        super().__init__(
            f"{package} is not installed",
            hint=f"pip install 'storyline[{extra}]'",
        )


class PipelineError(StorylineError):
    """Steps were put together in an order that cannot work."""

    code = "pipeline"
