"""Acceptance on the shared reference samples (skipped when ../shared is absent)."""

from __future__ import annotations

import json
from pathlib import Path

from typer.testing import CliRunner

from storyline.cli import app


def test_samples_brief(samples: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    result = CliRunner().invoke(
        app, ["run", str(samples), "--meta", str(samples / "manifest.jsonl"), "--db", str(tmp_path / "s.db"), "--out", str(out)]
    )
    assert result.exit_code == 0, result.output
    brief = json.loads((out / "brief.json").read_text())
    docs = sorted(brief["documents"], key=lambda d: d["id"])
    assert [d["language"] for d in docs] == ["hr", "hr", "en"]
    for d in docs:
        original = (samples / f"{d['id']}.txt").read_text(encoding="utf-8")
        assert brief["texts"][d["id"]] == original
        assert "".join(original[s["start"] : s["end"]] for s in d["segments"]) == original
        for s in d["segments"]:
            chunk = original[s["start"] : s["end"]].strip()
            if chunk.startswith(">>"):
                assert s["kind"] == "teaser"
    first, second, english = docs
    # the English report ends in one comment thread
    kinds = [s["kind"] for s in english["segments"]]
    assert kinds.count("comments") == 1 and kinds[-1] == "comments"
    thread = english["segments"][-1]
    assert brief["texts"][english["id"]][thread["start"] :].lstrip().startswith("•")
    assert "body" in kinds
    # the article after the teaser in the first Croatian file is its own unit
    units = [(s["kind"], s["unit"]) for s in first["segments"]]
    assert units[:2] == [("body", 0), ("teaser", 0)] and ("body", 1) in units
    assert [s["kind"] for s in second["segments"]] == ["body", "teaser"]
