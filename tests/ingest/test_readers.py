"""Readers: formats, metadata, encodings and bad input, each with a one-line reason."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from storyline.errors import InputError
from storyline.ingest.decode import decode_bytes
from storyline.ingest.readers import iter_documents, read_inputs
from storyline.records import Document, Problem

from ..conftest import populate_folder, populate_jsonl

HR_TEXT = "Gradsko vijeće u Zadru izglasalo je u ponedjeljak novi prostorni plan. Građani su prosvjedovali ispred zgrade."


def read_all(*paths: Path, meta: tuple[Path, ...] = (), max_bytes: int = 20_000_000) -> list[Document | Problem]:
    files, manifest, problems = read_inputs(paths, meta_files=meta)
    return [*problems, *iter_documents(files, manifest, max_bytes)]


def test_text_html_json_and_jsonl(tmp_path: Path) -> None:
    populate_folder(
        tmp_path,
        {
            "a.txt": HR_TEXT,
            "b.html": "<html><head><title>Naslov stranice</title><script>alert('x')</script></head><body><article><p>"
            + HR_TEXT
            + "</p><p>Druga rečenica u drugom odlomku teksta ovdje je napisana.</p></article></body></html>",
            "c.json": '{"id": "rec-c", "text": "English text about a council vote on Monday.", "language": "en", "published": "2024-02-03T10:00:00Z"}',
        },
    )
    populate_jsonl(tmp_path / "d.jsonl", [{"id": "d1", "text": "First record text."}, {"text": "Second record, no id."}])
    items = read_all(tmp_path)
    docs = {d.id: d for d in items if isinstance(d, Document)}
    assert set(docs) == {"a", "b", "rec-c", "d1", "d-2"}
    assert docs["a"].text == HR_TEXT and docs["a"].format == "text"
    assert "alert" not in docs["b"].text and HR_TEXT in docs["b"].text and docs["b"].title == "Naslov stranice"
    assert docs["rec-c"].language == "en" and docs["rec-c"].published == dt.date(2024, 2, 3)
    assert docs["d-2"].origin.endswith("d.jsonl:2")


def test_manifest_found_beside_files_and_not_read_as_articles(tmp_path: Path) -> None:
    populate_folder(tmp_path, {"x1.txt": HR_TEXT})
    populate_jsonl(tmp_path / "manifest.jsonl", [{"id": "story-1", "path": "x1.txt", "language": "hr", "published": "2020-05-01", "source": "Portal"}])
    items = read_all(tmp_path)
    assert len(items) == 1 and isinstance(items[0], Document)
    doc = items[0]
    assert (doc.id, doc.language, doc.source, doc.published) == ("story-1", "hr", "Portal", dt.date(2020, 5, 1))
    assert doc.language_given


def test_explicit_meta_file_elsewhere(tmp_path: Path) -> None:
    populate_folder(tmp_path / "in", {"x1.txt": HR_TEXT})
    meta = populate_jsonl(tmp_path / "meta.jsonl", [{"id": "x1", "path": "in/x1.txt", "language": "hrv"}])
    [doc] = read_all(tmp_path / "in", meta=(meta,))
    assert isinstance(doc, Document) and doc.language == "hr"


def test_cp1250_is_detected_and_noted() -> None:
    data = ("Čađa i šljunak: žičara na Sljemenu radit će i zimi, najavio je gradonačelnik. " * 3).encode("cp1250")
    decoded = decode_bytes(data)
    assert "Čađa" in decoded.text and "žičara" in decoded.text
    assert any("not UTF-8" in n for n in decoded.notes)


def test_mojibake_is_repaired() -> None:
    text = "Župan je rekao da će škola biti obnovljena do jeseni."
    broken = text.encode("utf-8").decode("cp1252", errors="replace").encode("utf-8")
    decoded = decode_bytes(broken)
    assert decoded.text == text
    assert any("mojibake" in n for n in decoded.notes)


def test_a_few_broken_utf8_bytes_are_replaced_not_fatal() -> None:
    data = ("Vijest o izborima u gradu. " * 200).encode("utf-8") + b"\xff" + b"kraj."
    decoded = decode_bytes(data)
    assert "\ufffd" in decoded.text and decoded.text.endswith("kraj.")


@pytest.mark.parametrize(
    ("content", "reason"),
    [
        (b"", "empty file"),
        (b"   \n\t ", "empty file"),
        (b"%PDF-1.7\n%binary", "not a text file (PDF)"),
        (b"\x89PNG\r\n\x1a\nxxxx", "not a text file (PNG image)"),
        (bytes(range(256)) * 4, "not a text file"),
    ],
)
def test_bad_bytes_have_a_clear_reason(content: bytes, reason: str) -> None:
    with pytest.raises(InputError, match=reason.replace("(", r"\(").replace(")", r"\)")):
        decode_bytes(content)


def test_folder_with_bad_files_among_good_ones(tmp_path: Path) -> None:
    populate_folder(
        tmp_path,
        {
            "good.txt": HR_TEXT,
            "empty.txt": "",
            "image.txt": b"\x89PNG\r\n\x1a\n\x00\x00",
            "scripts.html": "<html><body><script>" + "var a = 1;" * 50 + "</script></body></html>",
            "broken.json": "{not json",
            "notes.pdf": b"%PDF-1.4",
        },
    )
    populate_jsonl(tmp_path / "feed.jsonl", [{"id": "ok", "text": "A fine record about the harbour."}])
    (tmp_path / "feed.jsonl").write_text((tmp_path / "feed.jsonl").read_text() + "{oops\n" + '{"id": "x"}\n', encoding="utf-8")
    items = read_all(tmp_path)
    docs = sorted(d.id for d in items if isinstance(d, Document))
    problems = {Path(p.origin.split(":")[0]).name + (":" + p.origin.split(":")[1] if ":" in p.origin else ""): p for p in items if isinstance(p, Problem)}
    assert docs == ["good", "ok"]
    assert problems["empty.txt"].reason == "empty file"
    assert "PNG" in problems["image.txt"].reason
    assert problems["scripts.html"].reason == "no main text found in the HTML"
    assert problems["broken.json"].reason.startswith("invalid JSON")
    assert problems["feed.jsonl:2"].reason.startswith("invalid JSON line")
    assert problems["feed.jsonl:3"].reason == "record has neither 'text' nor 'html'"
    assert problems["notes.pdf"].code == "unsupported"
    for p in problems.values():
        assert "\n" not in str(p)


def test_huge_file_is_refused_before_reading(tmp_path: Path) -> None:
    big = tmp_path / "big.txt"
    with big.open("wb") as fh:
        fh.seek(21_000_000)
        fh.write(b"x")
    [problem] = read_all(big)
    assert isinstance(problem, Problem) and problem.code == "too_large"
    assert "21.0 MB > 20 MB" in problem.reason


def test_bad_date_is_noted_not_fatal(tmp_path: Path) -> None:
    populate_jsonl(tmp_path / "r.jsonl", [{"id": "r", "text": "Text.", "published": "sometime soon"}])
    [doc] = read_all(tmp_path / "r.jsonl")
    assert isinstance(doc, Document) and doc.published is None
    assert any("not understood" in n for n in doc.notes)


@pytest.mark.parametrize(
    ("name", "content", "hint"),
    [
        ("article.pdf", b"%PDF-1.4 ...", "pdftotext"),
        ("article.docx", b"PK\x03\x04 ...", "pandoc"),
        ("notes.md", "# Notes\n\nNot an article.", "rename it to .txt"),
        ("table.csv", "a,b\n1,2\n", "rename it to .txt"),
    ],
)
def test_unsupported_file_is_skipped_the_same_named_or_in_a_folder(tmp_path: Path, name: str, content, hint: str) -> None:
    """One `unsupported` problem with the reason and how to convert, whether the file is named or found."""
    folder = populate_folder(tmp_path / "in", {name: content, "good.txt": HR_TEXT})
    named = read_all(folder / name)
    found = [x for x in read_all(folder) if isinstance(x, Problem)]
    assert len(named) == 1 and len(found) == 1
    for problem in (named[0], found[0]):
        assert isinstance(problem, Problem) and problem.code == "unsupported"
        assert hint in problem.reason and not problem.reason.startswith("skipped")
        assert problem.reason.startswith(f"{Path(name).suffix} files are not read")
    # The conversion command names the file itself.
    if hint in ("pdftotext", "pandoc"):
        assert str(folder / Path(name).stem) in named[0].reason


def test_a_file_without_extension_is_read_as_text_named_or_found(tmp_path: Path) -> None:
    folder = populate_folder(tmp_path / "in", {"crawled-page": HR_TEXT})
    for items in (read_all(folder / "crawled-page"), read_all(folder)):
        [doc] = items
        assert isinstance(doc, Document) and doc.format == "text" and doc.id == "crawled-page"


def test_a_saved_page_folder_of_assets_is_one_skipped_line(tmp_path: Path) -> None:
    html = "<html><body><article><p>" + HR_TEXT + "</p></article></body></html>"
    assets = {f"page_files/a{i}{ext}": b"x" for i, ext in enumerate([".js", ".css", ".png", ".png", ".woff2"])}
    folder = populate_folder(tmp_path / "saved", {"page.html": html, **assets})
    items = read_all(folder)
    problems = [p for p in items if isinstance(p, Problem)]
    assert [d.id for d in items if isinstance(d, Document)] == ["page"]
    assert len(problems) == 1 and problems[0].code == "unsupported"
    assert problems[0].origin.endswith("page_files") and problems[0].reason.startswith("5 page assets not read (.css, .js, .png, .woff2")
    [named] = read_all(folder / "page_files" / "a0.js")  # named, a file is its own line
    assert isinstance(named, Problem) and named.reason.startswith(".js files are not read")
