"""Figure rows: one row per noun class and predicate; disagreement only
between different sources about the same thing, with ranges that do not meet."""

from __future__ import annotations

from storyline.reconcile.figures import build_figure_rows, figure_rows, interval
from storyline.reconcile.model import FigureRow


def fig(doc: str, value=None, qualifier="exact", what="civilians", predicate="killed", **kw) -> dict:
    return {
        "what": what,
        "unit": "people",
        "value": value,
        "low": kw.pop("low", None),
        "high": kw.pop("high", None),
        "qualifier": qualifier,
        "predicate": predicate,
        "claimed_by": kw.pop("claimed_by", None),
        "evidence": [{"document": doc, "start": 0, "end": 5, "text": "x"}],
        **kw,
    }


def test_different_documents_with_ranges_apart_disagree() -> None:
    [row] = build_figure_rows([fig("a", 40), fig("b", 75, "approx")])
    assert isinstance(row, FigureRow)
    assert row.disagree and (row.low, row.high) == (40, 75)
    assert row.what == "civilians killed" and row.predicate == "killed"


def test_a_document_never_disagrees_with_itself() -> None:
    [row] = build_figure_rows([fig("a", 40), fig("a", 75)])
    assert not row.disagree


def test_vague_figures_never_disagree() -> None:
    # "tisuće civila" (1000..9999, vague) against 300 from another document.
    [row] = build_figure_rows([fig("a", low=1000, high=9999, qualifier="approx", vague=True), fig("b", 300)])
    assert not row.disagree
    assert (row.low, row.high) == (300, 300) and not row.vague  # the precise figure bounds the row


def test_overlapping_qualified_ranges_agree() -> None:
    # "more than 300" and "about 320"; "up to 50" and "40".
    assert not build_figure_rows([fig("a", 300, "at_least"), fig("b", 320, "approx")])[0].disagree
    assert not build_figure_rows([fig("a", 50, "at_most"), fig("b", 40)])[0].disagree
    assert build_figure_rows([fig("a", 300, "at_least"), fig("b", 250, "approx")])[0].disagree


def test_different_predicates_or_nouns_are_different_rows() -> None:
    rows = build_figure_rows(
        [
            fig("a", 100000, "at_least", what="people", predicate="used_as_shields"),
            fig("b", 30, what="people", predicate="killed"),
            fig("b", 30, what="soldiers", predicate="killed"),
        ]
    )
    assert [(r.what, r.disagree) for r in rows] == [
        ("people used as human shields", False),
        ("people killed", False),
        ("soldiers killed", False),
    ]


def test_one_claimant_in_two_documents_is_an_update_not_a_dispute() -> None:
    rows = build_figure_rows([fig("a", 40, claimed_by="Q1"), fig("b", 90, claimed_by="Q1")])
    assert not rows[0].disagree
    assert build_figure_rows([fig("a", 40, claimed_by="Q1"), fig("b", 90, claimed_by="Q2")])[0].disagree


def test_different_places_or_days_do_not_disagree() -> None:
    assert not build_figure_rows([fig("a", 40, place="Q1"), fig("b", 90, place="Q2")])[0].disagree
    assert not build_figure_rows([fig("a", 40, date="2025-01-01"), fig("b", 90, date="2025-01-02")])[0].disagree
    assert build_figure_rows([fig("a", 40, date="2025-01-01"), fig("b", 90)])[0].disagree  # one unknown: the same


def test_old_figure_dicts_without_the_new_keys_still_make_rows() -> None:
    old = [
        {k: v for k, v in fig(d, v).items() if k not in ("predicate", "vague", "confidence")}
        for d, v in (("a", 1), ("b", 5))
    ]
    rows = figure_rows(old)
    assert rows[0]["what"] == "civilians" and rows[0]["predicate"] is None and rows[0]["disagree"]
    assert [e["document"] for e in rows[0]["evidence"]] == ["a", "b"]


def test_interval_reads_the_qualifier() -> None:
    assert interval(fig("a", 300, "at_least")) == (300, float("inf"))
    assert interval(fig("a", 40, "at_most")) == (0, 40)
    lo, hi = interval(fig("a", 100, "approx"))
    assert lo < 100 < hi
    assert interval(fig("a", low=10, high=15, qualifier="approx")) == (10, 15)
