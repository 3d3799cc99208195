"""Backends and output formats, found by a versioned name.

A change of behaviour gets a new name (``langid.lingua.v2``), so results
stored in a database can say exactly what produced them.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from .errors import UsageError


class Registry:
    def __init__(self, kind: str) -> None:
        self.kind = kind
        self._items: dict[str, tuple[Callable[..., Any], str]] = {}

    def register(self, name: str, help: str = "") -> Callable[[Callable[..., Any]], Callable[..., Any]]:
        def deco(factory: Callable[..., Any]) -> Callable[..., Any]:
            if name in self._items:
                raise ValueError(f"{self.kind} {name!r} registered twice")
            self._items[name] = (factory, help or (factory.__doc__ or "").strip().split("\n")[0])
            return factory

        return deco

    def get(self, name: str) -> Callable[..., Any]:
        try:
            return self._items[name][0]
        except KeyError:
            raise UsageError(
                f"unknown {self.kind} {name!r}",
                hint=f"choose one of: {', '.join(sorted(self._items))}",
            ) from None

    def names(self) -> list[str]:
        return sorted(self._items)

    def describe(self) -> dict[str, str]:
        return {name: help for name, (_, help) in sorted(self._items.items())}


langid = Registry("language identification backend")
renderers = Registry("output format")
entity_backends = Registry("entity recognition backend")
exporters = Registry("export format")  # tables of stored documents' items (render/acled.py)
