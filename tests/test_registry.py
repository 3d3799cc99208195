"""The registry: one declared table of built-in backends and formats, loaded on demand."""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Iterator
from contextlib import contextmanager

import pytest

from storyline import registry
from storyline.errors import UsageError
from storyline.registry import Registry
from storyline.settings import Settings

ALL = (registry.langid, registry.entity_backends, registry.renderers, registry.exporters)


@contextmanager
def isolated_builds(reg: Registry) -> Iterator[Registry]:
    """``reg`` with no instance built, given back afterwards with the
    instances it had: the backends a test builds (LLM clients on a dead
    port) do not reach any other test."""
    with reg._building:
        saved = dict(reg._built)
        reg._built.clear()
    try:
        yield reg
    finally:
        with reg._building:
            reg._built.clear()
            reg._built.update(saved)


@pytest.fixture
def entity_backends() -> Iterator[Registry]:
    """The global entity backend registry, isolated (see isolated_builds)."""
    with isolated_builds(registry.entity_backends) as reg:
        yield reg


@pytest.mark.parametrize("reg", ALL, ids=lambda r: r.kind)
def test_every_declared_name_is_registered_by_the_factory_it_names(reg: Registry) -> None:
    for name in reg.names():
        factory = reg.get(name)
        assert f"{factory.__module__}:{factory.__qualname__}" == reg._declared[name]
    assert list(reg.describe()) == reg.names()
    assert all(reg.describe().values())  # every one has a line of help


def test_names_need_no_import_and_get_imports_the_module() -> None:
    code = (
        "import sys; from storyline.registry import entity_backends as r\n"
        "assert 'entities.gliner.v1' in r.names()\n"
        "assert 'storyline.backends.optional' not in sys.modules\n"
        "r.get('entities.gliner.v1')\n"
        "assert 'storyline.backends.optional' in sys.modules\n"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr


def test_a_declared_name_registered_by_another_factory_is_refused() -> None:
    reg = Registry("test backend")
    reg.declare("thing.v1", "some.module:Thing")
    with pytest.raises(ValueError, match="declared as some.module:Thing"):
        reg.register("thing.v1")(lambda: None)
    with pytest.raises(ValueError, match="declared twice"):
        reg.declare("thing.v1", "some.module:Thing")


def test_third_parties_register_undeclared_names_and_unknown_names_fail_with_the_choices() -> None:
    reg = Registry("test backend")

    @reg.register("mine.v1", "my backend")
    def make() -> str:
        return "made"

    assert reg.get("mine.v1")() == "made" and reg.describe() == {"mine.v1": "my backend"}
    with pytest.raises(UsageError) as info:
        reg.get("mine.v2")
    assert "mine.v1" in (info.value.hint or "")


def test_backends_are_built_once_per_value_of_the_settings_they_read(
    monkeypatch: pytest.MonkeyPatch, entity_backends: Registry
) -> None:
    from storyline.backends.optional import LLMRecognizer

    monkeypatch.setenv("STORYLINE_LLM_MODEL", "from-the-environment")
    one = Settings(llm_url="http://127.0.0.1:9/v1", llm_model="model-a")
    reg = entity_backends
    a = reg.build("entities.llm.v1", one)
    assert isinstance(a, LLMRecognizer) and a.model == "model-a"  # the settings given, not the environment
    assert reg.build("entities.llm.v1", one.with_(db="other.db")) is a  # a setting it does not read
    b = reg.build("entities.llm.v1", one.with_(llm_model="model-b"))
    assert b is not a and b.model == "model-b"


def test_a_backend_that_reads_no_settings_is_made_once_without_them() -> None:
    reg = Registry("test backend")
    made: list[object] = []

    @reg.register("plain.v1")
    class Plain:
        def __init__(self) -> None:
            made.append(self)

    first = reg.build("plain.v1", Settings())
    assert reg.build("plain.v1", Settings(gliner_model="x")) is first and len(made) == 1
    reg.clear()
    assert reg.build("plain.v1") is not first and len(made) == 2


def test_isolated_builds_forget_what_was_built_inside_and_keep_what_was_there() -> None:
    reg = Registry("test backend")

    @reg.register("counted.v1")
    class Counted:
        settings_used = ("llm_model",)

        def __init__(self, settings: Settings) -> None:
            self.model = settings.llm_model

    before = reg.build("counted.v1", Settings(llm_model="kept"))
    with isolated_builds(reg):
        inside = reg.build("counted.v1", Settings(llm_model="inside"))
        assert reg.build("counted.v1", Settings(llm_model="kept")) is not before  # nothing built is visible
    assert reg.build("counted.v1", Settings(llm_model="kept")) is before
    assert reg.build("counted.v1", Settings(llm_model="inside")) is not inside
