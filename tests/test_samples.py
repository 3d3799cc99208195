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


def test_samples_extraction(samples: Path, tmp_path: Path) -> None:
    """Issue 4's acceptance: speakers by canonical name, figures with values and
    qualifiers, dated events, and nothing taken from comments or teasers."""
    out = tmp_path / "out"
    result = CliRunner().invoke(
        app, ["run", str(samples), "--meta", str(samples / "manifest.jsonl"), "--db", str(tmp_path / "s.db"), "--out", str(out), "--quiet"]
    )
    assert result.exit_code == 0, result.output
    brief = json.loads((out / "brief.json").read_text())
    def named(story: dict, eid: str | None) -> str | None:
        return next((e["name"] for e in story["entities"] if e["id"] == eid), None)

    def called(story: dict, eid: str | None) -> frozenset[str]:
        """Every name and spelling of an entity (a story across languages names it several ways)."""
        return next((frozenset([e["name"], *e["aliases"]]) for e in story["entities"] if e["id"] == eid), frozenset())

    speakers = {named(s, q["speaker"]) for s in brief["stories"] for q in s["quotes"]}
    for who in ("Vladimir Putin", "Sergej Lavrov", "Vitalij Čurkin", "Rupert Coville", "Zeid Ra'ad al-Hussein", "Hezbollah", "Ahrar al-Sham"):
        assert who in speakers, who
    figures = [(f["value"], f["qualifier"], called(s, f["claimed_by"])) for s in brief["stories"] for f in s["figures"]]
    for value, qualifier, who in ((4500, "at_least", None), (400, "approx", None), (10000, "approx", None), (82, "exact", "UN"), (100000, "at_least", "Rusija")):
        assert any(v == value and q == qualifier and (who is None or who in names) for v, q, names in figures), (value, who)
    dated = {(e["evidence"][0]["document"][:3], e["date"], e["date_text"]) for s in brief["stories"] for e in s["events"] if e["date"]}
    assert ("000", "2016-12-15", "četvrtak") in dated
    assert ("002", "2016-12-13", "utorak navečer") in dated
    assert ("003", "2016-12-15", "Thursday morning") in dated
    reporting = {
        d["id"]: [(s["start"], s["end"]) for s in d["segments"] if s["kind"] in ("headline", "body")] for d in brief["documents"]
    }
    for story in brief["stories"]:
        for item in [*story["events"], *story["figures"], *story["quotes"]]:
            for ev in item["evidence"]:
                assert any(a <= ev["start"] and ev["end"] <= b for a, b in reporting[ev["document"]]), ev


def test_samples_story(samples: Path, tmp_path: Path) -> None:
    """Issue 5's acceptance: one story across languages, one entity per place,
    contradictions with both sides' evidence, and the days in order."""
    out = tmp_path / "out"
    result = CliRunner().invoke(
        app, ["run", str(samples), "--meta", str(samples / "manifest.jsonl"), "--db", str(tmp_path / "s.db"), "--out", str(out), "--quiet"]
    )
    assert result.exit_code == 0, result.output
    brief = json.loads((out / "brief.json").read_text())
    main = next(s for s in brief["stories"] if len(s["documents"]) == 3)
    assert main["languages"] == ["en", "hr"]
    # The article glued after the teaser is a story of its own, not part of this one.
    assert all((u["document"][:3], u["unit"]) != ("000", 1) for u in main["units"])
    for english, croatian in (("Aleppo", "Alep"), ("Russia", "Rusija"), ("Turkey", "Turska"), ("Iran", "Iran")):
        found = [e for e in main["entities"] if e["type"] == "location" and english in e["aliases"]]
        assert len(found) == 1 and croatian in found[0]["aliases"] + [found[0]["name"]], english
    assert len(main["conflicts"]) >= 2
    for c in main["conflicts"]:
        stances = {x["stance"] for x in c["claims"]}
        assert stances & {"negative", "halted"} and stances - {"negative", "halted"}
        for x in c["claims"]:
            ev = x["evidence"][0]
            assert brief["texts"][ev["document"]][ev["start"] : ev["end"]] == ev["text"]
    line = [x for x in main["timeline"] if x["date_source"] == "text"]
    def first(kind: str, date: str) -> int:
        return next(i for i, x in enumerate(line) if x["type"] == kind and x["date"] == date)
    # Tuesday brought the ceasefire; the evacuation announced for it was only planned ("će ... evakuirati").
    tuesday = first("ceasefire", "2016-12-13")
    assert not [x for x in line if x["type"] == "evacuation" and x["date"] == "2016-12-13"]
    wednesday = first("evacuation", "2016-12-14")
    assert line[wednesday]["halted"]
    assert tuesday < wednesday < first("evacuation", "2016-12-15") < first("evacuation", "2016-12-16")
    assert main["title_language"] == "en" and all(s["evidence"] for s in main["summary"])
