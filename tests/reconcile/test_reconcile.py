"""Reconciliation: contradictions between sources, the timeline, merged figures, the English brief."""

from __future__ import annotations

import datetime as dt

from storyline import analyse_text
from storyline.link.stories import cluster, story_records
from storyline.reconcile.model import CONFIDENT
from storyline.render import build_brief

WED = dt.date(2025, 6, 11)
TEXTS = {
    "en-1": (
        "en",
        "Convoy deal stalls at the border\n\n"
        "The evacuation of the wounded from Rafah was to begin on Tuesday under a deal brokered by Egypt. "
        "The evacuation didn't happen, however, as shelling resumed near the crossing. "
        "Hamas denied that any deal was in place, while Egypt said that the agreement still held. "
        "Officials said that at least 300 patients were waiting to leave.",
    ),
    "hr-1": (
        "hr",
        "Egipat tvrdi kako su svi ranjenici evakuirani iz Rafaha, a iz bolnica stižu informacije da je evakuacija prekinuta. "
        "Do sada je evakuirano oko 250 pacijenata, a u srijedu je kroz prijelaz prošlo još 40 kamiona.",
    ),
}


def _brief() -> dict:
    """Both reports as one story, given, not clustered: these tests are about
    reconciling a story; grouping is tested in tests/link."""
    docs = [analyse_text(t, id=i, language=lang, published=WED) for i, (lang, t) in TEXTS.items()]
    by_id = {d.id: d for d in docs}
    return build_brief(docs, story_records(by_id, {"s-rafah": [(d.id, 0) for d in docs]}))


def test_one_story_with_its_contradictions_on_both_sides() -> None:
    b = _brief()
    [story] = b["stories"]
    assert story["languages"] == ["en", "hr"]
    conflicts = {c["type"]: c for c in story["conflicts"]}
    deal = conflicts["agreement"]["claims"]
    assert {c["stance"] for c in deal} >= {"negative", "positive"}
    assert any("any deal was in place" in c["text"] for c in deal)
    evacuation = [c for c in story["conflicts"] if c["type"] == "evacuation"]
    stances = {x["stance"] for c in evacuation for x in c["claims"]}
    assert "halted" in stances and "completed" in stances
    for c in story["conflicts"]:
        for claim in c["claims"]:
            ev = claim["evidence"][0]
            assert b["texts"][ev["document"]][ev["start"] : ev["end"]] == ev["text"]


def test_timeline_orders_days_and_marks_the_failed_start() -> None:
    story = _brief()["stories"][0]
    dated = [x for x in story["timeline"] if x["date_source"] == "text"]
    assert [x["date"] for x in dated] == sorted(x["date"] for x in dated)
    tuesday = next(x for x in dated if x["date"] == "2025-06-10" and x["type"] == "evacuation")
    assert tuesday["halted"]


def test_figures_of_different_things_are_not_a_disagreement() -> None:
    """300 patients waiting to leave and about 250 evacuated count different
    things: two rows, no dispute (tests/reconcile/test_figure_rows.py has rows that disagree)."""
    story = _brief()["stories"][0]
    rows = [r for r in story["figure_rows"] if r["what"].startswith("patients")]
    assert sorted((r["predicate"] or "", r["sources"][0]["value"]) for r in rows) == [("", 300), ("evacuated", 250)]
    assert not any(r["disagree"] for r in rows)


def test_english_title_and_summary_with_evidence() -> None:
    b = _brief()
    story = b["stories"][0]
    # The best-supported event names the story, not the headline of one report.
    assert story["title"].startswith("Evacuation") and "Rafah" in story["title"] and story["title_language"] == "en"
    assert 3 <= len(story["summary"]) <= 6 and all(s["evidence"] for s in story["summary"])
    assert all(s["text"][0].isupper() and s["text"].endswith(".") for s in story["summary"])
    disagree = [s for s in story["summary"] if s["text"].startswith("Sources disagree")]
    assert disagree and disagree[0]["kind"] == "conflict" and disagree[0]["confidence"] >= CONFIDENT
    against, _, supporting = disagree[0]["text"].partition(" while ")
    assert not any(f"a report in {lang}" in against and f"a report in {lang}" in supporting for lang in ("English", "Croatian"))
    for s in story["summary"]:
        for ev in s["evidence"]:
            assert b["texts"][ev["document"]][ev["start"] : ev["end"]] == ev["text"]
    hr_only = build_brief([d := analyse_text(TEXTS["hr-1"][1], id="hr", language="hr", published=WED)], story_records({"hr": d}, cluster([d])))
    title = hr_only["stories"][0]["title"]
    assert title.startswith("Evacuation") and "Rafah" in title


def test_undated_events_are_listed_apart_never_on_the_publication_date() -> None:
    story = _brief()["stories"][0]
    assert all(x["date_source"] == "text" and x["date"] for x in story["timeline"])
    assert story["undated"] and all(x["date"] is None and x["date_source"] == "none" for x in story["undated"])
