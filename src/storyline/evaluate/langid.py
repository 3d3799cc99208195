"""Score language identification on our own multilingual gold.

``gold/langid/dev.jsonl`` (the hr/sr/bs marker words and thresholds were
tuned on it), ``gold/langid/heldout.jsonl`` (written before any error was
looked at, never tuned on) and ``gold/langid/heldout2.jsonl`` (60 hr/sr/bs
paragraphs, written the same way for the sr/bs decision) and
``gold/langid/heldout3.jsonl`` (15 texts with a foreign name's letters, and
Esperanto, Latin, Catalan, Slovak beside their neighbours, written the same
way for the first guess's review): one record a line, ``{id, text, lang}``, news-style
texts written for the project in hr, sr (Latin and Cyrillic), bs, en, de, fr,
es, it, pt, ru, uk and, as distractors, mk, bg, sl, pl, cs. The id says the
kind: ``<lang>[-cyr]-para-<n>`` is a paragraph of three to five sentences (how
documents arrive), ``<lang>[-cyr]-short-<n>`` a headline or one sentence.

Short hr/sr/bs items are often valid in two norms at once (no ekavian or
ijekavian word, no norm-specific word): judged alone they are reported
apart (``short``); ``short_in_document`` judges each as the headline of a
document whose body is a paragraph of the same language, as they arrive.
"""

from __future__ import annotations

from collections import Counter
from pathlib import Path
from typing import Any

from ..settings import Settings, load_settings
from . import own
from .score import read_jsonl

SPLITS = (
    ("langid-dev", "dev.jsonl"),
    ("langid-heldout", "heldout.jsonl"),
    ("langid-heldout2", "heldout2.jsonl"),
    ("langid-heldout3", "heldout3.jsonl"),
    ("langid-heldout4", "heldout4.jsonl"),
)


def gold_dir() -> Path:
    """The langid gold, under the evaluation's one gold folder."""
    return own.gold_dir() / "langid"


def kind_of(item_id: str) -> str:
    """``para`` or ``short``, from the id (``sr-cyr-para-03`` -> ``para``)."""
    return "para" if "-para-" in item_id else "short"


def group_of(item_id: str) -> str:
    """The language and script part of the id (``sr-cyr``, ``hr``)."""
    return item_id.split("-para-")[0].split("-short-")[0]


def _accuracy(pairs: list[tuple[str, str | None]]) -> float:
    return round(sum(want == got for want, got in pairs) / len(pairs), 3) if pairs else 1.0


def score_split(path: Path, set_name: str, settings: Settings | None = None) -> dict[str, Any]:
    """Accuracy overall, per language (and Serbian Cyrillic apart), for
    paragraphs and short items, the confusions, and short items in a document."""
    from ..anatomy import LanguageStep, SegmentStep
    from ..anatomy.langid import get_identifier
    from ..api import text_document

    settings = settings or load_settings()
    ident = get_identifier(settings.langid_backend)
    rows = [r for r in read_jsonl(path) if "lang" in r]
    got = {r["id"]: ident.detect(r["text"]).language for r in rows}
    pairs = [(r["lang"], got[r["id"]]) for r in rows]
    by_kind = {k: [(r["lang"], got[r["id"]]) for r in rows if kind_of(r["id"]) == k] for k in ("para", "short")}
    groups = sorted({group_of(r["id"]) for r in rows})
    per_language = {
        g: {k: _accuracy([(r["lang"], got[r["id"]]) for r in rows if group_of(r["id"]) == g and kind_of(r["id"]) == k]) for k in ("para", "short")}
        | {"all": _accuracy([(r["lang"], got[r["id"]]) for r in rows if group_of(r["id"]) == g])}
        for g in groups
    }
    confusions = Counter(f"{want}->{found}" for want, found in pairs if want != found)
    # Short items as the headline of a document whose body is a paragraph of their language.
    bodies = {}
    for r in rows:
        if kind_of(r["id"]) == "para":
            bodies.setdefault(group_of(r["id"]), r["text"])
    segment, language = SegmentStep(), LanguageStep(settings.langid_backend)
    in_doc: list[tuple[str, str | None]] = []
    for r in rows:
        body = bodies.get(group_of(r["id"]))
        if kind_of(r["id"]) != "short" or body is None:
            continue
        doc = language.process(segment.process(text_document(r["text"] + "\n\n" + body, id=r["id"])))
        head = next((s for s in doc.segments if s.start == 0), None)
        in_doc.append((r["lang"], head.language if head else None))
    return {
        "set": set_name,
        "items": len(rows),
        "accuracy": _accuracy(pairs),
        "para": {"items": len(by_kind["para"]), "accuracy": _accuracy(by_kind["para"])},
        "short": {"items": len(by_kind["short"]), "accuracy": _accuracy(by_kind["short"])},
        "short_in_document": {"items": len(in_doc), "accuracy": _accuracy(in_doc)},
        "per_language": per_language,
        "confusions": dict(confusions.most_common()),
        "errors": [f"{r['id']}: {got[r['id']]}" for r in rows if got[r["id"]] != r["lang"]],
    }


def score_langid(settings: Settings | None = None) -> list[dict[str, Any]]:
    """Each split scored (see :func:`score_split`), or reported skipped without its gold."""
    return [
        score_split(gold_dir() / file_name, set_name, settings)
        if (gold_dir() / file_name).is_file()
        else {"set": set_name, "skipped": f"no gold at {gold_dir() / file_name}"}
        for set_name, file_name in SPLITS
    ]
