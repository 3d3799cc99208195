"""Parameter values of the plain types the commands use, without pydantic.

Typer (0.29) coerces every parameter value through a pydantic ``TypeAdapter``
built on the parameter's first use, so every command imported pydantic and
built a dozen adapters: ~0.1 s of `storyline run`'s start-up (issue 17). The
commands' parameters are strings, whole numbers, flags, paths and lists of
them, whose coercion is plain Python. :class:`PlainValue` coerces the values
it is sure of as typer does (a ``str`` is the string; digits are the ``int``;
a path goes through typer's own path checks, with typer's messages) and hands
any other value to typer's own coercion, built then, so its answers and its
errors are typer's. Parameters of other types, or with ranges, parsers or
path options, keep typer's coercion from the start (:func:`use_plain_values`).
If typer's internals change, nothing is replaced.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, get_args, get_origin

try:  # typer's internals: only a speed-up rides on them
    from typer._coercion import RuntimeParam, TypeDescriptor, build_runtime_param
    from typer._param_types import coerce_cli_path
    from typer.core import _TyperParameter
except ImportError:  # pragma: no cover - another typer: its own coercion throughout
    RuntimeParam = None  # type: ignore[assignment,misc]

# Leaf types coerced here; anything else (float, enums, dates, files) is typer's.
PLAIN_TYPES = (str, int, bool, Path)
# Whole numbers pydantic reads the same way as int() (no sign, space, "_" or leading zero).
_DIGITS = re.compile(r"0|[1-9][0-9]*")
# A value this module leaves to typer.
_TYPER = object()


def _leaf(kind: type, value: Any, param: Any, ctx: Any) -> Any:
    """``value`` coerced to ``kind`` as typer would, or :data:`_TYPER` when
    this is not sure to give typer's answer."""
    if kind is bool:
        return value if type(value) is bool else _TYPER
    if kind is int:
        if type(value) is int:
            return value
        return int(value) if isinstance(value, str) and _DIGITS.fullmatch(value) else _TYPER
    if kind is str:
        return value if type(value) is str else _TYPER
    if isinstance(value, Path) or (type(value) is str and value):
        # typer's path checks; a Path is what pydantic makes of a non-empty str
        return coerce_cli_path(Path(value), param.type_descriptor.parameter_info, path_type=Path, param=param, ctx=ctx)
    return _TYPER


if RuntimeParam is not None:

    @dataclass(frozen=True)
    class PlainValue(RuntimeParam):
        """Coercion of a plain parameter (see the module docstring)."""

        kind: type = str
        is_list: bool = False
        descriptor: Any = None
        _typer: list[Any] = field(default_factory=list, compare=False, repr=False)

        def _coerce_value(self, value: Any, param: Any, ctx: Any) -> Any:
            if self.is_list and isinstance(value, (list, tuple)):
                items = [_leaf(self.kind, v, param, ctx) for v in value]
                if all(i is not _TYPER for i in items):
                    return items
            elif not self.is_list:
                got = _leaf(self.kind, value, param, ctx)
                if got is not _TYPER:
                    return got
            return self.typer()._coerce_value(value, param=param, ctx=ctx)

        def typer(self) -> Any:
            """Typer's own coercion of this parameter, built on first need."""
            if not self._typer:
                self._typer.append(build_runtime_param(self.descriptor))
            return self._typer[0]


def plain_value(descriptor: Any) -> Any | None:
    """A :class:`PlainValue` for a parameter of a plain type (``str``, ``int``,
    ``bool``, ``Path`` or a list of one) with no range, parser or path option;
    None for any other."""
    if RuntimeParam is None or not isinstance(descriptor, TypeDescriptor) or descriptor.is_file:
        return None
    info = descriptor.parameter_info
    annotation = descriptor.annotation
    is_list = get_origin(annotation) is list
    kind = get_args(annotation)[0] if is_list else annotation
    if kind not in PLAIN_TYPES or (is_list and kind is bool):
        return None
    if info.parser is not None or info.min is not None or info.max is not None or info.path_type is not None:
        return None
    if kind is Path and (info.exists or info.resolve_path or info.allow_dash or info.writable or not (info.file_okay and info.dir_okay)):
        return None
    return PlainValue(parameter_info=info, annotation=annotation, kind=kind, is_list=is_list, descriptor=descriptor)


def use_plain_values(params: list[Any]) -> None:
    """Give each plain typer parameter of a command :class:`PlainValue` as its
    coercion (before typer builds its own); other parameters are left alone."""
    if RuntimeParam is None:
        return
    for param in params:
        if isinstance(param, _TyperParameter) and getattr(param, "_runtime_param", False) is None:
            plain = plain_value(param.type_descriptor)
            if plain is not None:
                param._runtime_param = plain
