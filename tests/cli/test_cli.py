"""The storyline command, run as a user would (in-process through Typer's runner)."""

from __future__ import annotations

import json
from importlib import resources
from pathlib import Path

import jsonschema
from typer.testing import CliRunner

from storyline.cli import app

from ..conftest import EXAMPLES, populate_folder

runner = CliRunner()


def run(*args: str):
    return runner.invoke(app, list(args), catch_exceptions=False)


def test_run_on_examples_writes_a_valid_brief_and_is_idempotent(tmp_path: Path) -> None:
    db, out = str(tmp_path / "s.db"), tmp_path / "out"
    result = run("run", str(EXAMPLES), "--db", db, "--out", str(out))
    assert result.exit_code == 0, result.output
    assert {p.name for p in out.iterdir()} == {"brief.json", "brief.md", "index.html"}
    brief = json.loads((out / "brief.json").read_text())
    schema = json.loads(resources.files("storyline.render").joinpath("brief.schema.json").read_text())
    jsonschema.validate(brief, schema)
    docs = {d["id"]: d for d in brief["documents"]}
    assert {"hr-poplave-sava", "en-port-strike", "hr-izbori", "wire-wildfire-en", "wire-wildfire-hr"} == set(docs)
    assert docs["hr-poplave-sava"]["language"] == "hr" and docs["en-port-strike"]["language"] == "en"
    for d in brief["documents"]:
        text = brief["texts"][d["id"]]
        assert "".join(text[s["start"] : s["end"]] for s in d["segments"]) == text
    # the glued second article is its own story
    assert any(s["id"].endswith("-u1") for s in brief["stories"])
    again = run("run", str(EXAMPLES), "--db", db, "--out", str(out))
    assert again.exit_code == 0
    assert "0 added, 5 unchanged" in again.output
    stats = run("stats", "--db", db, "--json")
    assert json.loads(stats.stdout)["documents"] == 5


def test_some_bad_inputs_exit_1_and_name_each(tmp_path: Path) -> None:
    folder = populate_folder(tmp_path / "in", {"good.txt": "Dobra vijest o novom mostu preko Drave.", "empty.txt": "", "bin.txt": b"\x00\x01\x02binary"})
    result = run("run", str(folder), "--db", str(tmp_path / "s.db"), "--out", str(tmp_path / "o"))
    assert result.exit_code == 1
    lines = result.output.splitlines()
    assert any(line.startswith("error: ") and line.endswith("empty.txt: empty file") for line in lines)
    assert any("bin.txt: not a text file" in line for line in lines)
    brief = json.loads((tmp_path / "o" / "brief.json").read_text())
    assert [d["id"] for d in brief["documents"]] == ["good"]


def test_nearly_all_failed_exits_126(tmp_path: Path) -> None:
    folder = populate_folder(tmp_path / "in", {f"e{i}.txt": "" for i in range(10)})
    assert run("ingest", str(folder), "--db", str(tmp_path / "s.db")).exit_code == 126


def test_quiet_prints_only_errors(tmp_path: Path) -> None:
    folder = populate_folder(tmp_path / "in", {"good.txt": "Vijest o kiši i vjetru na obali.", "empty.txt": ""})
    result = run("ingest", str(folder), "--db", str(tmp_path / "s.db"), "--quiet")
    assert result.exit_code == 1
    assert [line for line in result.output.splitlines() if line] == [f"error: {folder / 'empty.txt'}: empty file"]


def test_missing_path_is_a_usage_error(tmp_path: Path) -> None:
    result = run("run", str(tmp_path / "nope"), "--db", str(tmp_path / "s.db"))
    assert result.exit_code == 2 and "no such file or folder" in result.output


def test_brief_from_store_and_unknown_id(tmp_path: Path) -> None:
    folder = populate_folder(tmp_path / "in", {"a.txt": "Vijest o kiši.", "b.txt": "Vijest o suncu i vrućini."})
    db = str(tmp_path / "s.db")
    run("ingest", str(folder), "--db", db, "-q")
    ok = run("brief", "--db", db, "--doc", "b", "--out", str(tmp_path / "o"), "--format", "json")
    assert ok.exit_code == 0
    assert [d["id"] for d in json.loads((tmp_path / "o" / "brief.json").read_text())["documents"]] == ["b"]
    bad = run("brief", "--db", db, "--doc", "zzz", "--out", str(tmp_path / "o"))
    assert bad.exit_code == 2 and "unknown document id(s): zzz" in bad.output
    assert run("stats", "--db", str(tmp_path / "none.db")).exit_code == 2


def test_interrupted_store_keeps_what_was_stored(tmp_path: Path) -> None:
    db = str(tmp_path / "s.db")
    first = populate_folder(tmp_path / "a", {"a.txt": "Prva vijest o gradu."})
    run("ingest", str(first), "--db", db, "-q")
    second = populate_folder(tmp_path / "b", {"bad.txt": b"\x89PNG\r\n"})
    assert run("ingest", str(second), "--db", db, "-q").exit_code == 126
    stats = json.loads(run("stats", "--db", db, "--json").stdout)
    assert stats["documents"] == 1 and stats["problems"] == 1


def test_settings_and_backends_are_listed() -> None:
    assert "near_duplicate_threshold" in run("settings").output
    assert "langid.lingua.v1" in run("backends").output
