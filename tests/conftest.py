"""Shared fixtures. Tests build their inputs with the populate_* helpers below."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from storyline.records import Document
from storyline.store import SQLiteStore

SHARED = Path(__file__).resolve().parents[1].parent / "shared"
SAMPLES = SHARED / "samples" / "aleppo-2016"
EXAMPLES = Path(__file__).resolve().parents[1] / "examples"


@pytest.fixture
def store(tmp_path: Path) -> SQLiteStore:
    s = SQLiteStore(tmp_path / "test.db")
    yield s
    s.close()


@pytest.fixture
def samples() -> Path:
    if not (SAMPLES / "manifest.jsonl").is_file():
        pytest.skip(f"shared samples not found at {SAMPLES}")
    return SAMPLES


def populate_folder(root: Path, files: dict[str, str | bytes]) -> Path:
    """Write {relative name: text or bytes} under root and return root."""
    root.mkdir(parents=True, exist_ok=True)
    for name, content in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, bytes):
            path.write_bytes(content)
        else:
            path.write_text(content, encoding="utf-8")
    return root


def populate_jsonl(path: Path, records: list[dict]) -> Path:
    path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records), encoding="utf-8")
    return path


def assert_tiles(doc: Document) -> None:
    """Segments cover the text in order without gaps or overlap; sentences sit inside them."""
    segs = doc.segments
    assert segs, "no segments"
    assert segs[0].start == 0 and segs[-1].end == len(doc.text)
    for a, b in zip(segs, segs[1:]):
        assert a.end == b.start
    for s in segs:
        assert s.start < s.end or len(doc.text) == 0
    for sent in doc.sentences:
        seg = segs[sent.segment]
        assert seg.start <= sent.start < sent.end <= seg.end
        assert doc.text[sent.start : sent.end].strip() == doc.text[sent.start : sent.end]


@pytest.fixture
def english_backend():  # noqa: ANN201 - the module
    """storyline.backends.spacy_en with its model loaded; skips where spaCy
    or an English model is not installed (an optional extra)."""
    pytest.importorskip("spacy")
    from storyline.backends import spacy_en
    from storyline.errors import NotInstalled

    try:
        spacy_en.load_model()
    except NotInstalled:
        pytest.skip("no English spaCy model installed")
    return spacy_en
