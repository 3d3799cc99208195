"""Names: merging of person names across documents, and nominatives.

- ``gold/names/pairs.jsonl`` (shipped with the package, like the other own gold): pairs of person names as written
  ({a, b, lang_a, lang_b, same, note}), in several languages and scripts.
  Each name is given its nominative (:func:`storyline.extract.names.canonical`,
  for languages with declension data), the two are linked as mentions of
  two documents (:func:`storyline.link.entities.link`), and the pair is
  predicted "same" when they end in one entity. Precision and recall of
  merging: of the pairs merged, the share that are one person; of the pairs
  that are one person, the share merged.
- ``gold/names/canonical.jsonl``: declined names with their gold
  nominative ({words, kind, preposition, nominative}), written after the
  rules; accuracy of :func:`canonical` on them.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from ..extract.names import canonical, rules
from ..link.entities import link
from ..records import Document, Mention
from .own import gold_dir
from .score import read_jsonl


def names_dir() -> Path:
    return gold_dir() / "names"


def nominative(name: str, language: str) -> str:
    """The name's nominative, read without context as a person's name."""
    return canonical(name.split(), language, kind="person") if rules(language) else name


def merged(a: str, b: str, lang_a: str, lang_b: str) -> bool:
    """Whether linking puts the two names, one per document, in one entity."""
    pairs = []
    for i, (name, language) in enumerate(((a, lang_a), (b, lang_b))):
        doc = Document(id=f"d{i}", text=name, language=language)
        pairs.append((doc, Mention(0, len(name), "person", nominative(name, language))))
    return len(link(pairs)) == 1


def score_name_pairs(path: Path | None = None) -> dict[str, Any]:
    path = path or names_dir() / "pairs.jsonl"
    tp = fp = fn = 0
    errors: list[str] = []
    pairs = read_jsonl(path)
    for p in pairs:
        guess = merged(p["a"], p["b"], p.get("lang_a", "en"), p.get("lang_b", p.get("lang_a", "en")))
        tp += guess and p["same"]
        fp += guess and not p["same"]
        fn += p["same"] and not guess
        if guess != p["same"]:
            errors.append(f"{'merged' if guess else 'kept apart'}: {p['a']} / {p['b']} ({p.get('note', '')})")
    return {
        "set": "names-pairs",
        "pairs": len(pairs),
        "merge_precision": round(tp / (tp + fp), 3) if tp + fp else 1.0,
        "merge_recall": round(tp / (tp + fn), 3) if tp + fn else 1.0,
        "false_merges": fp,
        "errors": errors,
    }


def score_canonical(path: Path | None = None) -> dict[str, Any]:
    path = path or names_dir() / "canonical.jsonl"
    items = read_jsonl(path)
    errors = []
    for it in items:
        got = canonical(
            it["words"].split(), it.get("language", "hr"), kind=it.get("kind"), preposition=it.get("preposition")
        )
        if got != it["nominative"]:
            errors.append(f"{it['words']} -> {got} (gold {it['nominative']})")
    right = len(items) - len(errors)
    return {
        "set": "names-canonical",
        "names": len(items),
        "accuracy": round(right / len(items), 3) if items else 0.0,
        "errors": errors,
    }
