"""Backends and output formats, found by a versioned name.

A change of behaviour gets a new name (``langid.lingua.v2``), so results
stored in a database can say exactly what produced them.

Every built-in is declared at the end of this module with the place of its
factory (``"module:name"``): the table is the one list of what exists, and
``get`` imports a backend's module only when it is asked for (a spaCy or
CRF backend is not loaded for a run that never uses it). A module registers
its factory with the decorator as before; a declared name must be registered
by the factory it names. Third parties register their own names the same way.
"""

from __future__ import annotations

import importlib
import threading
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from .errors import UsageError

if TYPE_CHECKING:
    from .settings import Settings


class Registry:
    def __init__(self, kind: str) -> None:
        self.kind = kind
        self._items: dict[str, tuple[Callable[..., Any], str]] = {}
        self._declared: dict[str, str] = {}  # name -> "module:qualified name" of its factory
        self._built: dict[tuple[str, tuple[Any, ...]], Any] = {}
        self._building = threading.RLock()  # a factory may build another backend

    def declare(self, name: str, target: str) -> None:
        """Say where the factory of ``name`` lives; its module is imported on first use."""
        if name in self._declared:
            raise ValueError(f"{self.kind} {name!r} declared twice")
        self._declared[name] = target

    def register(self, name: str, help: str = "") -> Callable[[Callable[..., Any]], Callable[..., Any]]:
        def deco(factory: Callable[..., Any]) -> Callable[..., Any]:
            if name in self._items:
                raise ValueError(f"{self.kind} {name!r} registered twice")
            target = self._declared.get(name)
            if target is not None and target != f"{factory.__module__}:{factory.__qualname__}":
                raise ValueError(f"{self.kind} {name!r} is declared as {target}, not {factory.__module__}:{factory.__qualname__}")
            self._items[name] = (factory, help or (factory.__doc__ or "").strip().split("\n")[0])
            return factory

        return deco

    def _load(self, name: str) -> None:
        """Import the module of a declared name that is not registered yet (its import registers it)."""
        target = self._declared.get(name)
        if target is not None and name not in self._items:
            importlib.import_module(target.split(":")[0])

    def get(self, name: str) -> Callable[..., Any]:
        self._load(name)
        try:
            return self._items[name][0]
        except KeyError:
            raise UsageError(
                f"unknown {self.kind} {name!r}",
                hint=f"choose one of: {', '.join(self.names())}",
            ) from None

    def build(self, name: str, settings: Settings | None = None) -> Any:
        """The instance of ``name``, made once per process for each value of
        the settings its factory reads (the factory's ``settings_used``, a
        tuple of setting names; such a factory is called with the settings,
        others without arguments). A model loads once however many steps use
        it, and two settings that name different models get two instances.
        ``settings`` None: the user's settings (``load_settings()``)."""
        factory = self.get(name)
        used = self.settings_used(name)
        if used and settings is None:
            from .settings import load_settings

            settings = load_settings()
        key = (name, tuple(getattr(settings, k) for k in used))
        with self._building:
            if key not in self._built:
                self._built[key] = factory(settings) if used else factory()
            return self._built[key]

    def settings_used(self, name: str) -> tuple[str, ...]:
        """The settings the factory of ``name`` reads (its ``settings_used``):
        what :meth:`build` keys its instances by, and what enters the
        analysis version of a step using it (fingerprint.backend_fingerprint)."""
        return tuple(getattr(self.get(name), "settings_used", ()))

    def clear(self) -> None:
        """Forget the instances :meth:`build` made (tests that break a backend's loading)."""
        with self._building:
            self._built.clear()

    def names(self) -> list[str]:
        """Every name, declared or registered, without importing anything."""
        return sorted(set(self._items) | set(self._declared))

    def describe(self) -> dict[str, str]:
        for name in self._declared:
            self._load(name)
        return {name: help for name, (_, help) in sorted(self._items.items())}


langid = Registry("language identification backend")
renderers = Registry("output format")
entity_backends = Registry("entity recognition backend")
exporters = Registry("export format")  # tables of stored documents' items (render/acled.py)

# -- the built-ins -------------------------------------------------------------
for _registry, _name, _target in (
    (langid, "langid.lingua.v1", "storyline.anatomy.langid:_make_lingua"),
    (langid, "langid.fixed.v1", "storyline.anatomy.langid:_make_fixed"),
    (entity_backends, "entities.rules.v1", "storyline.extract.entities:RuleRecognizer"),
    (entity_backends, "entities.generic.v1", "storyline.extract.generic:GenericRecognizer"),
    (entity_backends, "entities.hbs.v1", "storyline.backends.hbs_crf:HbsRecognizer"),
    (entity_backends, "entities.spacy.v1", "storyline.backends.spacy_en:SpacyRecognizer"),
    (entity_backends, "entities.spacy_fr.v1", "storyline.backends.spacy_other:SpacyFrenchRecognizer"),
    (entity_backends, "entities.slovnet_ru.v1", "storyline.backends.ru_slovnet:SlovnetRussianRecognizer"),
    (entity_backends, "entities.gliner.v1", "storyline.backends.optional:GlinerRecognizer"),
    (entity_backends, "entities.classla.v1", "storyline.backends.optional:ClasslaRecognizer"),
    (entity_backends, "entities.llm.v1", "storyline.backends.optional:LLMRecognizer"),
    (entity_backends, "entities.hf.v1", "storyline.backends.optional:HfRecognizer"),
    (renderers, "json", "storyline.render.json_:render_json"),
    (renderers, "markdown", "storyline.render.markdown:render_markdown"),
    (renderers, "html", "storyline.render.html:render_html"),
    (exporters, "acled-csv", "storyline.render.acled:export_acled_csv"),
):
    _registry.declare(_name, _target)
