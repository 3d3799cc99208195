"""The layers of docs/architecture.md, kept by reading every import.

A module may import from its own layer and the layers below it, never from
one above: the store that reached up into ``link.stories`` for its profiles
is how a newcomer's change to clustering broke storage. The imports are read
with ``ast`` (function-level imports included), so a lazy import cannot hide
a reach upward.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

SRC = Path(__file__).resolve().parents[1] / "src" / "storyline"

# records < store; lang < anatomy < extract < link < reconcile < render/web/api/cli
# (docs/architecture.md, "The pipeline"). Packages not named here (ingest,
# engine, evaluate, service, ...) are orchestration and are not ranked.
CHAIN = {"lang": 1, "anatomy": 2, "extract": 3, "link": 4, "reconcile": 5, "render": 6, "web": 6, "api": 6, "cli": 6}
# What the bottom two layers may import from the package: records nothing,
# the store the records and the error types.
BOTTOM = {"records": set(), "store": {"records", "errors"}}
# Imports up the chain that exist today, each with why; the test fails when
# one goes away (take it off the list) or a new one comes.
KNOWN_UPWARD = {
    # which entity backend a language resolves to is decided by extract
    ("lang/capabilities.py", "extract"),
    # the gazetteer's place index is built by link.names
    ("extract/names.py", "link"),
    # month names for sentence splitting come from the time-expression data
    ("anatomy/sentences.py", "extract"),
}


def _package(rel: Path) -> str:
    return rel.parts[0].removesuffix(".py")


def imported_packages(path: Path) -> set[str]:
    """The top-level ``storyline`` packages or modules that ``path`` imports."""
    rel = path.relative_to(SRC)
    out: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            out |= {a.name.split(".")[1] for a in node.names if a.name.startswith("storyline.")}
        elif isinstance(node, ast.ImportFrom):
            if node.level == 0:
                if node.module and node.module.startswith("storyline."):
                    out.add(node.module.split(".")[1])
                continue
            base = list(rel.parts[:-1])[: len(rel.parts) - node.level]
            parts = base + (node.module.split(".") if node.module else [])
            # ``from .. import backends``: the names are the modules.
            out |= {parts[0]} if parts else {a.name for a in node.names}
    return {p.removesuffix(".py") for p in out} - {_package(rel)}


def _sources() -> list[Path]:
    return sorted(SRC.rglob("*.py"))


def test_the_import_reader_sees_relative_lazy_and_absolute_imports() -> None:
    assert imported_packages(SRC / "store" / "sql.py") >= {"records", "errors"}
    assert "extract" in imported_packages(SRC / "lang" / "capabilities.py")  # a function-level import
    assert "backends" in imported_packages(SRC / "extract" / "__init__.py")  # ``from .. import backends``


@pytest.mark.parametrize("layer", sorted(BOTTOM))
def test_records_and_store_import_nothing_above_them(layer: str) -> None:
    paths = [SRC / f"{layer}.py"] if (SRC / f"{layer}.py").exists() else sorted((SRC / layer).rglob("*.py"))
    assert paths
    wrong = {str(p.relative_to(SRC)): sorted(imported_packages(p) - BOTTOM[layer]) for p in paths}
    assert not {k: v for k, v in wrong.items() if v}


def test_no_new_import_up_the_pipeline() -> None:
    upward = set()
    for path in _sources():
        rel = path.relative_to(SRC)
        mine = CHAIN.get(_package(rel))
        if mine is None:
            continue
        for target in imported_packages(path):
            if CHAIN.get(target, 0) > mine:
                upward.add((rel.as_posix(), target))
    assert upward - KNOWN_UPWARD == set(), "a module imports from a layer above its own"
    assert KNOWN_UPWARD - upward == set(), "an upward import is gone: take it off KNOWN_UPWARD"
