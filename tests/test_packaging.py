"""Every data and model file of the package is package data, so a wheel
(`pip install .`, not editable) has it. scripts/wheel_smoke.sh checks the
same on a real wheel in CI; this test catches a forgotten glob in seconds."""

from __future__ import annotations

import fnmatch
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PACKAGE = ROOT / "src" / "storyline"


def _matches(rel: str, pattern: str) -> bool:
    # setuptools globs: "**" spans folders, "*" stays inside one.
    if "**" in pattern:
        head, _, tail = pattern.partition("**/")
        return rel.startswith(head) and fnmatch.fnmatch(Path(rel[len(head) :]).name, tail or "*")
    return fnmatch.fnmatch(rel, pattern) and rel.count("/") == pattern.count("/")


def test_every_data_file_is_package_data() -> None:
    config = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["tool"]["setuptools"]
    patterns = config["package-data"]["storyline"]
    missing = []
    for path in PACKAGE.rglob("*"):
        if not path.is_file() or path.suffix in {".py", ".pyc"} or "__pycache__" in path.parts:
            continue
        rel = path.relative_to(PACKAGE).as_posix()
        if not any(_matches(rel, p) for p in patterns):
            missing.append(rel)
    assert not missing, f"not package data (add a glob to [tool.setuptools.package-data]): {missing}"


def test_own_gold_is_inside_the_package() -> None:
    from storyline.evaluate.own import gold_dir

    assert PACKAGE in gold_dir().parents
    assert sorted(p.name for p in gold_dir().glob("*.jsonl")) == ["en.jsonl", "hr.jsonl"]
    assert sorted(p.name for p in (gold_dir() / "heldout").glob("*.jsonl")) == ["en.jsonl", "hr.jsonl"]
