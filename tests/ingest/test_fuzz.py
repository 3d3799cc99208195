"""Random hostile inputs through the real ingest path (readers, analysis, SQLite store).

Whatever the records hold (lone surrogates, wrong types, deep nesting,
control characters, random bytes as files), no exception escapes, every
input is either stored or reported as one problem naming it, and a stored
text equals the text that was given.
"""

from __future__ import annotations

import json
import tempfile
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from storyline.service import analysis_steps, ingest
from storyline.settings import Settings
from storyline.store import SQLiteStore

WORDS = ["Vlada", "je", "u", "ponedjeljak", "rekla", "The", "council", "said", "on", "Monday", "12", "ljudi", "„", "”", ",", "."]
ODD = ["\ud800", "\udfff", "\x00", "\x07", "\x1b[31m", "\u2028", "\u2029", "\u0085", "\ufeff", "\u202e", "\r", "\t", "\n"]

texts = st.one_of(
    st.lists(st.sampled_from(WORDS + ODD), min_size=0, max_size=30).map(" ".join),
    st.text(alphabet=st.characters(exclude_categories=()), max_size=120),  # any code point, surrogates too
)
odd_values = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(),
    st.floats(allow_nan=True),
    texts,
    st.lists(st.integers(), max_size=3),
    st.dictionaries(st.text(max_size=3), st.integers(), max_size=2),
)
records = st.fixed_dictionaries(
    {"text": st.one_of(texts, texts, odd_values)},
    optional={"title": odd_values, "source": odd_values, "url": odd_values, "published": odd_values, "language": odd_values},
)
files = st.lists(
    st.one_of(
        st.tuples(st.just("jsonl"), st.lists(records, min_size=1, max_size=4), st.booleans()),
        st.tuples(st.just("json"), records, st.booleans()),
        st.tuples(st.just("deep"), st.integers(min_value=1_000, max_value=60_000), st.just(False)),
        st.tuples(st.just("bytes"), st.binary(min_size=1, max_size=300), st.just(False)),
    ),
    min_size=1,
    max_size=4,
)


@pytest.fixture(scope="module")
def steps() -> list:
    return analysis_steps(Settings())


def _valid_text(value: Any) -> bool:
    if not isinstance(value, str) or not value.strip():
        return False
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


def _write(folder: Path, n: int, kind: str, payload: Any, raw: bool) -> tuple[Path, list[tuple[str, str, dict | None]]]:
    """Write one input; return its path and (origin, id, record) for every record in it."""
    if kind == "jsonl":
        path = folder / f"f{n}.jsonl"
        expected, lines = [], []
        for k, rec in enumerate(payload, 1):
            rec = {**rec, "id": f"r{n}-{k}"}
            if _valid_text(rec["text"]):
                rec["text"] += f" [{n}-{k}]"  # distinct texts: no record is a duplicate of another
            lines.append(json.dumps(rec, ensure_ascii=not raw))
            expected.append((f"{path}:{k}", rec["id"], rec))
        path.write_bytes("\n".join(lines).encode("utf-8", errors="surrogatepass") + b"\n")
        return path, expected
    if kind == "json":
        path = folder / f"f{n}.json"
        rec = {**payload, "id": f"r{n}"}
        if _valid_text(rec["text"]):
            rec["text"] += f" [{n}]"
        path.write_bytes(json.dumps(rec, ensure_ascii=not raw).encode("utf-8", errors="surrogatepass"))
        return path, [(f"{path}#1", rec["id"], rec)]
    if kind == "deep":
        path = folder / f"f{n}.json"
        path.write_text("[" * payload + "]" * payload, encoding="utf-8")
        return path, [(str(path), "", None)]
    path = folder / f"f{n}.txt"
    path.write_bytes(payload + f" {n}".encode())  # distinct: identical files are one document
    return path, [(str(path), f"f{n}", None)]


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(files)
def test_random_inputs_are_stored_or_reported(steps: list, inputs: list) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp) / "in"
        folder.mkdir()
        expected = []
        for n, (kind, payload, raw) in enumerate(inputs):
            expected.extend(_write(folder, n, kind, payload, raw)[1])
        with SQLiteStore(Path(tmp) / "f.db") as store:
            report = ingest([folder], store, Settings(), steps=steps)  # must not raise
            analysis_crashes = [p for p in report.problems if p.code == "analysis"]
            assert not analysis_crashes, analysis_crashes
            problems = {p.origin for p in report.problems}
            for origin, doc_id, rec in expected:
                doc = store.get(doc_id) if doc_id else None
                reported = origin in problems or (rec is None and any(p.startswith(origin) for p in problems))
                assert (doc is not None) != reported, (origin, doc, [p for p in report.problems if p.origin.startswith(origin)])
                if doc is None or rec is None:
                    continue
                # Text given as valid JSON of valid Unicode is stored exactly as given.
                raw_surrogates = not _valid_text(rec["text"])
                if not raw_surrogates and not any("mojibake" in n for n in doc.notes):
                    assert doc.text == rec["text"]
