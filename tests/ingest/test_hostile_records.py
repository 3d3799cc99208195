"""Hostile records and files: each bad one becomes one Problem with a clear
reason naming it (file:line for JSON Lines); the others are read."""

from __future__ import annotations

import json
import os
import re
from pathlib import Path

import pytest

from storyline.ingest.readers import iter_documents, read_inputs
from storyline.records import Document, Problem

from ..conftest import populate_folder

GOOD = "Gradsko vijeće izglasalo je u ponedjeljak novi plan, a građani su prosvjedovali."


def read_all(*paths: Path, max_bytes: int = 20_000_000) -> list[Document | Problem]:
    files, manifest, problems = read_inputs(paths)
    return [*problems, *iter_documents(files, manifest, max_bytes)]


def split(items: list[Document | Problem]) -> tuple[dict[str, Document], list[Problem]]:
    return {d.id: d for d in items if isinstance(d, Document)}, [p for p in items if isinstance(p, Problem)]


@pytest.mark.parametrize(
    ("record", "reason"),
    [
        ('{"id": "s", "text": "Zagreb \\ud800 floods on Monday."}', r"field 'text' holds a lone surrogate \(\\ud800 at character 7\)"),
        ('{"id": "s\\udfff", "text": "Text."}', "field 'id' holds a lone surrogate"),
        ('{"text": "Text.", "source": ["a", "b"]}', "field 'source' must be a string, not a list"),
        ('{"text": "Text.", "title": {"x": 1}}', "field 'title' must be a string, not an object"),
        ('{"text": "Text.", "url": 7}', "field 'url' must be a string, not a number"),
        ('{"text": "Text.", "published": ["2024-01-01"]}', "field 'published' must be a date string, not a list"),
        ('{"text": "Text.", "id": ["a"]}', "field 'id' must be a string or an integer, not a list"),
        ('{"text": "Text.", "id": true}', "field 'id' must be a string or an integer, not a boolean"),
        ('{"text": "Text.", "id": "   "}', "field 'id' is blank"),
        ('{"text": "Text.", "id": "a\\nb"}', "field 'id' holds control characters"),
        ('{"text": 12}', "field 'text' must be a string, not a number"),
        ('{"html": ["<p>x</p>"]}', "field 'html' must be a string, not a list"),
        ('{"text": "Text.", "language": {"code": "hr"}}', "field 'language' must be a string, not an object"),
        ('{"text": "\\u0001\\u0002\\u0003\\u0004 a"}', "field 'text' holds too many control characters"),
        ('{"text": "Text.", "extra": "\\ud800"}', "a metadata field holds a lone surrogate"),
        ("[" * 100_000 + "]" * 100_000, "invalid JSON: nested too deeply"),
        ("[]", r"no records \(an empty JSON list\)"),
    ],
)
def test_bad_json_record_is_one_problem(tmp_path: Path, record: str, reason: str) -> None:
    populate_folder(tmp_path, {"a.json": record, "z.txt": GOOD})
    docs, problems = split(read_all(tmp_path))
    assert list(docs) == ["z"] and docs["z"].text == GOOD
    assert len(problems) == 1
    assert problems[0].origin.startswith(str(tmp_path / "a.json"))
    assert re.search(reason, problems[0].reason), problems[0].reason


def test_jsonl_bad_lines_refused_alone(tmp_path: Path) -> None:
    lines = [
        json.dumps({"id": "r1", "text": "Prvi zapis o poplavi."}),
        '{"id": "r2", "text": "Drugi \x00 zapis."}',  # a raw NUL: invalid JSON
        json.dumps({"id": "r3", "text": "Treći zapis\u2028s razdjelnikom\u2029i \u0085 znakom."}, ensure_ascii=False),
        "[" * 50_000 + "]" * 50_000,
        json.dumps({"id": "r5", "text": "Zapis \ud800 s pogreškom."}),
        json.dumps({"id": "r6", "text": "Zadnji zapis.", "source": {"name": "x"}}),
        json.dumps({"id": "r7", "text": "Sedmi zapis ostaje."}),
    ]
    (tmp_path / "f.jsonl").write_bytes("\n".join(lines).encode("utf-8", errors="surrogatepass") + b"\n")
    docs, problems = split(read_all(tmp_path))
    assert set(docs) == {"r1", "r3", "r7"}
    # U+2028, U+2029 and U+0085 are kept in the text as written (the file is split at \n only).
    assert docs["r3"].text == "Treći zapis\u2028s razdjelnikom\u2029i \u0085 znakom."
    assert docs["r3"].notes == []
    by_line = {p.origin.rsplit(":", 1)[1]: p.reason for p in problems}
    assert set(by_line) == {"2", "4", "5", "6"}
    assert by_line["2"].startswith("invalid JSON line: Invalid control character")
    assert by_line["4"] == "invalid JSON line: nested too deeply"
    assert "lone surrogate" in by_line["5"]
    assert by_line["6"] == "field 'source' must be a string, not an object"


def test_jsonl_damaged_bytes_noted_on_their_record_only(tmp_path: Path) -> None:
    good = json.dumps({"id": "a", "text": "Župan je rekao da će most biti gotov."}, ensure_ascii=False).encode()
    bad = json.dumps({"id": "b", "text": "Načelnik je rekao da će škola biti gotova."}, ensure_ascii=False).encode()
    at = bad.index("č".encode())  # inside the text string, between two characters
    bad = bad[:at] + b"\xff" + bad[at:]
    (tmp_path / "f.jsonl").write_bytes(good + b"\n" + bad + b"\n")
    docs, problems = split(read_all(tmp_path))
    assert not problems
    assert docs["a"].notes == [] and docs["a"].text == "Župan je rekao da će most biti gotov."
    assert docs["b"].notes == ["1 invalid UTF-8 byte(s) replaced with U+FFFD"]
    assert docs["b"].text.replace("\ufffd", "") == "Načelnik je rekao da će škola biti gotova."


def test_mojibake_repaired_per_record(tmp_path: Path) -> None:
    text = "Župan je rekao da će škola biti obnovljena do jeseni."
    recs = [{"id": "m", "text": text.encode().decode("latin-1")}, {"id": "c", "text": "Kept \u0094 as is."}]
    (tmp_path / "f.jsonl").write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in recs), encoding="utf-8")
    docs, problems = split(read_all(tmp_path))
    assert not problems
    assert docs["m"].text == text and any("mojibake" in n for n in docs["m"].notes)
    assert docs["c"].text == "Kept \u0094 as is." and docs["c"].notes == []


def test_title_control_characters_are_cleaned(tmp_path: Path) -> None:
    populate_folder(tmp_path, {"a.json": json.dumps({"text": GOOD, "title": "Naslov\n\tčlanka\x07"})})
    docs, problems = split(read_all(tmp_path))
    assert not problems and docs["a"].title == "Naslov članka"


def test_integer_id_becomes_a_string(tmp_path: Path) -> None:
    populate_folder(tmp_path, {"a.json": json.dumps({"text": GOOD, "id": 42})})
    docs, _ = split(read_all(tmp_path))
    assert list(docs) == ["42"]


@pytest.mark.skipif(os.name != "posix", reason="file names of raw bytes need a POSIX file system")
def test_file_name_that_is_not_utf8(tmp_path: Path) -> None:
    name = os.fsdecode(b"vijest-\xff\xfe.txt")
    try:
        (tmp_path / name).write_text(GOOD, encoding="utf-8")
    except (OSError, UnicodeEncodeError):
        pytest.skip("this file system refuses file names that are not UTF-8")
    populate_folder(tmp_path, {"z.txt": GOOD + " Drugi."})
    docs, problems = split(read_all(tmp_path))
    assert not problems
    assert set(docs) == {"vijest-\ufffd\ufffd", "z"}
    doc = docs["vijest-\ufffd\ufffd"]
    assert doc.origin.encode("utf-8").endswith("vijest-��.txt".encode())  # printable and storable
    assert any("not valid UTF-8" in n for n in doc.notes)


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="needs FIFOs")
def test_fifo_named_explicitly_is_refused_without_blocking(tmp_path: Path) -> None:
    fifo = tmp_path / "pipe.txt"
    os.mkfifo(fifo)
    [problem] = read_all(fifo)
    assert isinstance(problem, Problem) and "not a regular file" in problem.reason


@pytest.mark.skipif(not Path("/dev/zero").exists(), reason="needs /dev/zero")
def test_device_is_refused() -> None:
    [problem] = read_all(Path("/dev/zero"), max_bytes=1000)
    assert isinstance(problem, Problem) and "not a regular file" in problem.reason


def test_size_limit_enforced_on_bytes_read(tmp_path: Path) -> None:
    populate_folder(tmp_path, {"big.txt": GOOD * 10})
    [problem] = read_all(tmp_path / "big.txt", max_bytes=100)
    assert isinstance(problem, Problem) and problem.code == "too_large"


def test_manifest_with_wrong_types_does_not_crash(tmp_path: Path) -> None:
    populate_folder(tmp_path / "in", {"a.txt": GOOD})
    meta = tmp_path / "meta.jsonl"
    meta.write_text(
        json.dumps({"path": ["a.txt"]}) + "\n" + "[" * 50_000 + "]" * 50_000 + "\n" + json.dumps({"path": "in/a.txt", "source": ["x"]}) + "\n",
        encoding="utf-8",
    )
    files, manifest, problems = read_inputs([tmp_path / "in"], meta_files=[meta])
    assert [p.reason for p in problems] == ["bad metadata line: 'path' must be a string", "bad metadata line: nested too deeply"]
    [item] = list(iter_documents(files, manifest, 20_000_000))
    assert isinstance(item, Problem) and item.reason == "field 'source' must be a string, not a list"
