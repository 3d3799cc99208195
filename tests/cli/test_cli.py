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
    folder = populate_folder(tmp_path / "in", {"a.txt": "Vijest o kiši koja je pala u Zagrebu.", "b.txt": "Vijest o suncu i vrućini na obali u subotu."})
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


def test_help_shows_plain_types_defaults_and_every_input_format() -> None:
    text = " ".join(run("run", "--help").output.split())  # wrapped at the terminal's width
    assert "Usage: storyline run [OPTIONS] PATH..." in text
    assert "{paths}" not in text and "<list[" not in text and "<int>" not in text and "<str>" not in text
    assert "--db FILE|URL" in text and "[default: storyline.db;" in text
    assert "--max-bytes BYTES" in text and "[default: 20000000;" in text
    assert " . " not in text and " .]" not in text  # no stray " ." where rich markup ate "[default: ...]"
    for ext in (".txt", ".html", ".json", ".jsonl", ".rss", ".atom", ".xml"):
        assert ext in text, ext
    assert "--include-low-quality" in text
    settings_lines = run("settings").output
    assert "quality_min_letters" in settings_lines and "FILE|URL" in settings_lines


def test_unsupported_files_named_or_found_give_one_skipped_line(tmp_path: Path) -> None:
    folder = populate_folder(tmp_path / "mixed", {"article.pdf": b"%PDF-1.4 x", "report.docx": b"PK\x03\x04 x", "good.txt": "Vijest o novom mostu preko Drave kod Osijeka otvorenom u petak."})
    db = str(tmp_path / "s.db")
    for args in ([str(folder)], [str(folder / "article.pdf"), str(folder / "report.docx"), str(folder / "good.txt")]):
        result = run("ingest", *args, "--db", db)
        assert result.exit_code == 0, result.output
        skipped = [line for line in result.output.splitlines() if line.startswith("skipped:")]
        assert len(skipped) == 2, result.output
        pdf = next(line for line in skipped if "article.pdf" in line)
        assert pdf.count("skipped") == 1 and "pdftotext" in pdf
        assert "pandoc" in next(line for line in skipped if "report.docx" in line)


def test_nothing_to_read_exits_2_and_writes_no_brief(tmp_path: Path) -> None:
    empty = tmp_path / "empty"
    empty.mkdir()
    out, db = tmp_path / "out", tmp_path / "s.db"
    result = run("run", str(empty), "--db", str(db), "--out", str(out))
    assert result.exit_code == 2 and "no articles to read" in result.output
    assert not out.exists() and not db.exists()
    only_pdf = populate_folder(tmp_path / "pdf", {"a.pdf": b"%PDF-1.4"})
    result = run("run", str(only_pdf), "--db", str(db), "--out", str(out))
    assert result.exit_code == 2 and "skipped:" in result.output and not out.exists()


LONG_ARTICLE = (
    "Most preko Drave otvoren\n\nNovi most preko Drave kod Osijeka otvoren je u petak za promet, "
    "a gradnja je trajala tri godine i stajala 42 milijuna eura, rekao je gradonačelnik."
)


def test_low_quality_documents_are_stored_counted_and_kept_out_unless_included(tmp_path: Path) -> None:
    folder = populate_folder(
        tmp_path / "in",
        {
            "good.txt": LONG_ARTICLE,
            "template.txt": "Učitavanje {{ article.title }} {{ article.lead }} {{ article.body | safe }}",
            "paywall.txt": "Policija na mjestu nesreće kod Karlovca. Foto: Pixsell\n\nPretplatite se za nastavak čitanja.",
        },
    )
    db, out = str(tmp_path / "s.db"), tmp_path / "out"
    result = run("run", str(folder), "--db", db, "--out", str(out))
    assert result.exit_code == 0, result.output
    assert "note: template: low_quality: mostly markup or template placeholders" in result.output
    assert "note: paywall: low_quality:" in result.output
    assert "note: 2 low-quality documents kept out of the brief (paywall, template); --include-low-quality" in result.output
    brief = json.loads((out / "brief.json").read_text())
    assert [d["id"] for d in brief["documents"]] == ["good"]
    assert all(d == "good" for s in brief["stories"] for d in s["documents"])
    assert json.loads(run("stats", "--db", db, "--json").stdout)["low_quality"] == 2
    included = run("brief", "--db", db, "--out", str(out), "--include-low-quality", "--format", "json")
    assert included.exit_code == 0
    assert {d["id"] for d in json.loads((out / "brief.json").read_text())["documents"]} == {"good", "template", "paywall"}
