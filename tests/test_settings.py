"""One settings table: every setting and environment variable declared once, with default and help."""

from __future__ import annotations

import ast
import dataclasses
from pathlib import Path

import pytest

from storyline.errors import UsageError
from storyline.settings import ENV_PREFIX, ENVIRONMENT, SETTINGS, Settings, load_settings, setting

SRC = Path(__file__).resolve().parents[1] / "src" / "storyline"
# Read only by tests or to steer a test run: declared here, not for users.
TEST_ONLY = frozenset({"STORYLINE_TEST_PAUSE_IN_WRITE", "STORYLINE_TEST_POSTGRES", "STORYLINE_SCREENSHOTS"})


def _is_environ(node: ast.AST) -> bool:
    """``os.environ`` or a bare ``environ``."""
    return (isinstance(node, ast.Attribute) and node.attr == "environ") or (isinstance(node, ast.Name) and node.id == "environ")


def _read_names(tree: ast.Module) -> list[ast.expr]:
    """The expressions naming the variables a module reads from the environment
    (``os.environ.get(X)``, ``os.getenv(X)``, ``os.environ[X]``, ``X in os.environ``)."""
    found: list[ast.expr] = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Call) and node.args:
            f = node.func
            if isinstance(f, ast.Attribute) and ((f.attr == "get" and _is_environ(f.value)) or f.attr == "getenv"):
                found.append(node.args[0])
        elif isinstance(node, ast.Subscript) and _is_environ(node.value) and isinstance(node.ctx, ast.Load):
            found.append(node.slice)
        elif isinstance(node, ast.Compare) and any(isinstance(op, ast.In | ast.NotIn) for op in node.ops):
            if any(_is_environ(c) for c in node.comparators):
                found.append(node.left)
    return found


def _constants(tree: ast.Module) -> dict[str, str]:
    """Module-level ``NAME = "string"`` assignments (``PAUSE_ENV = "STORYLINE_..."``)."""
    out = {}
    for node in tree.body:
        if isinstance(node, ast.Assign) and isinstance(node.value, ast.Constant) and isinstance(node.value.value, str):
            for target in node.targets:
                if isinstance(target, ast.Name):
                    out[target.id] = node.value.value
    return out


def environment_reads(root: Path = SRC) -> dict[str, list[str]]:
    """Every environment variable the code under ``root`` reads: {name: [file:line, ...]}.
    A read whose name cannot be told from the code is listed as ``?<expression>``
    (only settings.py may read ``STORYLINE_<NAME>`` built from the table)."""
    reads: dict[str, list[str]] = {}
    for path in sorted(root.rglob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        constants = _constants(tree)
        for expr in _read_names(tree):
            if isinstance(expr, ast.Constant) and isinstance(expr.value, str):
                name = expr.value
            elif isinstance(expr, ast.Name) and expr.id in constants:
                name = constants[expr.id]
            elif path.name == "settings.py" and path.parent == SRC:
                continue  # the settings table's own STORYLINE_<NAME> reads, checked below
            else:
                name = "?" + ast.unparse(expr)
            reads.setdefault(name, []).append(f"{path.relative_to(root)}:{expr.lineno}")
    return reads


def test_the_scan_finds_environment_reads() -> None:
    # The scanner itself: it must see the reads it is meant to police.
    reads = environment_reads()
    assert "STORYLINE_CONFIG" in reads
    assert "STORYLINE_TEST_PAUSE_IN_WRITE" in reads  # through a module constant


def test_the_scan_sees_every_form_of_read(tmp_path: Path) -> None:
    (tmp_path / "m.py").write_text(
        "import os\nfrom os import environ\nNAME = 'B_VAR'\n"
        "a = os.environ.get('A_VAR')\nb = os.getenv(NAME)\nc = environ['C_VAR']\n"
        "d = 'D_VAR' in os.environ\ne = os.environ.get(f'X_{a}')\n",
        encoding="utf-8",
    )
    assert set(environment_reads(tmp_path)) == {"A_VAR", "B_VAR", "C_VAR", "D_VAR", "?f'X_{a}'"}


def test_every_environment_variable_the_code_reads_is_declared() -> None:
    declared = {s.env for s in SETTINGS} | {v.name for v in ENVIRONMENT} | TEST_ONLY
    undeclared = {name: where for name, where in environment_reads().items() if name not in declared}
    assert not undeclared, f"declare these in settings.SETTINGS or settings.ENVIRONMENT (or TEST_ONLY): {undeclared}"


def test_declared_environment_variables_are_read() -> None:
    # No stale declarations: each variable of ENVIRONMENT is read somewhere.
    reads = environment_reads()
    assert {v.name for v in ENVIRONMENT} <= set(reads)


def test_each_default_is_written_once_in_the_dataclass() -> None:
    # SETTINGS is derived from the fields of Settings: same names, order and defaults.
    assert [s.name for s in SETTINGS] == [f.name for f in dataclasses.fields(Settings)]
    defaults = Settings()
    for s in SETTINGS:
        assert getattr(defaults, s.name) == s.default
        assert s.help.strip(), s.name
        assert s.env == f"{ENV_PREFIX}{s.name.upper()}"


def test_settings_source_repeats_no_default() -> None:
    # A default appears once in settings.py (as the first argument of its declaration).
    source = (SRC / "settings.py").read_text(encoding="utf-8")
    for s in SETTINGS:
        if isinstance(s.default, str) and s.default:
            assert source.count(repr(s.default).replace("'", '"')) == 1, s.name


def test_every_annotation_matches_its_default() -> None:
    hints = {f.name: f.type for f in dataclasses.fields(Settings)}
    for s in SETTINGS:
        assert hints[s.name] == type(s.default).__name__, s.name


def test_layers_environment_over_file_over_default(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    cfg = tmp_path / "storyline.toml"
    cfg.write_text('[storyline]\nworkers = 3\ngliner_model = "some/model"\n', encoding="utf-8")
    monkeypatch.setenv("STORYLINE_CONFIG", str(cfg))
    assert load_settings().workers == 3
    assert load_settings().gliner_model == "some/model"
    monkeypatch.setenv("STORYLINE_WORKERS", "5")
    monkeypatch.setenv("STORYLINE_DATASETS", str(tmp_path))
    monkeypatch.setenv("STORYLINE_HF_NER_MODEL", "/models/my-ner")
    got = load_settings()
    assert got.workers == 5 and got.datasets == str(tmp_path) and got.hf_ner_model == "/models/my-ner"
    assert load_settings(workers=7).workers == 7


def test_datasets_root_reads_the_setting(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from storyline.evaluate.datasets import datasets_root

    monkeypatch.setenv("STORYLINE_DATASETS", str(tmp_path))
    assert datasets_root() == tmp_path


def test_a_bad_value_is_a_usage_error(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("STORYLINE_MAX_BYTES", "lots")
    with pytest.raises(UsageError, match="max_bytes"):
        load_settings()
    with pytest.raises(UsageError, match="unknown setting"):
        Settings().with_(no_such_setting=1)


def test_story_threshold_default_agrees_with_the_linking_constant() -> None:
    # The calibrated value is the setting's default; link.stories keeps a constant for
    # callers without settings, which must not drift from it.
    from storyline.link.stories import STORY_THRESHOLD

    assert setting("story_threshold").default == STORY_THRESHOLD


def test_the_settings_command_reads_the_same_table() -> None:
    from typer.testing import CliRunner

    from storyline.cli import app

    printed = CliRunner().invoke(app, ["settings"]).stdout.splitlines()
    assert [line.split()[0] for line in printed] == [s.name for s in SETTINGS]
    for line, s in zip(printed, SETTINGS, strict=True):
        assert s.shown_default in line and s.help[:40] in line


def test_the_quality_thresholds_are_part_of_the_analysis_version() -> None:
    from storyline.fingerprint import ANALYSIS_SETTINGS
    from storyline.service import current_version

    assert {s.name for s in SETTINGS if s.name.startswith("quality_")} <= set(ANALYSIS_SETTINGS)
    default = current_version(Settings())
    assert current_version(Settings(db="elsewhere.db", story_threshold=0.3)) == default  # not analysis settings
    versions = {current_version(Settings().with_(**{name: setting(name).default * 2})) for name in ANALYSIS_SETTINGS}
    assert default not in versions and len(versions) == len(ANALYSIS_SETTINGS)
    # Each value has its own version, the defaults' version is a prefix of it
    # (only the settings' digest is added), and the default value given
    # explicitly is the defaults' version.
    changed = current_version(Settings(quality_min_letters=26))
    assert changed.startswith(default + "~") and changed != current_version(Settings(quality_min_letters=27))
    assert current_version(Settings(quality_min_letters=setting("quality_min_letters").default)) == default
