"""Language identification on our own hr / sr / bs / en sentences, against a pinned floor."""

from __future__ import annotations

import json
from pathlib import Path

from storyline.anatomy.langid import get_identifier, marker_votes

FIXTURE = Path(__file__).resolve().parents[1] / "fixtures" / "langid.jsonl"
# Accuracy floor for langid.lingua.v1 on the fixture; measured 0.952 when set
# (lingua alone: see benchmarks/langid_bench.py). A drop below fails CI.
FLOOR = 0.9


def load() -> list[dict]:
    rows = [json.loads(line) for line in FIXTURE.read_text(encoding="utf-8").splitlines()]
    return [r for r in rows if "language" in r]


def test_accuracy_floor() -> None:
    ident = get_identifier("langid.lingua.v1")
    rows = load()
    wrong = [(r["language"], ident.detect(r["text"]).language, r["text"]) for r in rows if ident.detect(r["text"]).language != r["language"]]
    accuracy = 1 - len(wrong) / len(rows)
    assert accuracy >= FLOOR, wrong


def test_each_language_is_mostly_right() -> None:
    ident = get_identifier("langid.lingua.v1")
    for lang in ("hr", "sr", "bs", "en"):
        rows = [r for r in load() if r["language"] == lang]
        right = sum(ident.detect(r["text"]).language == lang for r in rows)
        assert right / len(rows) >= 0.75, lang


def test_markers_follow_the_jat_reflex() -> None:
    assert marker_votes("Deca su posle škole išla na reku.")["sr"] >= 3
    assert marker_votes("Djeca su poslije škole išla na rijeku, a vrijeme je bilo lijepo.")["sr"] == 0


def test_cyrillic_serbian() -> None:
    assert get_identifier("langid.lingua.v1").detect("Влада је у четвртак саопштила да ће хиљаду породица добити помоћ.").language == "sr"
