"""Nominatives of declined person names in sentences (issue 12).

``gold/names/declined-<part>.jsonl``: one declined person name per line,
in a sentence of its own ({text, words, language, kind, preposition,
nominative, note}); hr/sr/bs, Latin and Cyrillic, every case. The name is
read as the recognisers read it: Cyrillic transliterated to Latin, the
word before it passed as preposition and title, the sentence's
capitalised words as the document's attested forms (a nominative written
elsewhere in the text is evidence). ``dev`` may be tuned on; ``heldout``
was written before the rules it measures and never tuned on.
"""

from __future__ import annotations

import re
from typing import Any

from ..extract.names import canonical
from ..extract.translit import to_latin
from .own import gold_dir
from .score import read_jsonl

PARTS = ("dev", "heldout")
_CAPITALISED = re.compile(r"\b[^\W\d_][\w-]*", re.UNICODE)


def _latin(text: str) -> str:
    return to_latin(text).text


def nominative_in_sentence(item: dict[str, Any]) -> str:
    """canonical() of the item's name, with the sentence as its document; in Latin script."""
    text = _latin(item["text"])
    attested = {w for w in _CAPITALISED.findall(text) if w[:1].isupper()}
    prev = _latin(item["preposition"]) if item.get("preposition") else None
    kind = item.get("kind")
    return canonical(
        _latin(item["words"]).split(),
        item.get("language", "hr"),
        attested=attested,
        title=prev if kind == "person" else None,
        kind=kind,
        preposition=prev,
    )


def score_names_declined(settings=None) -> list[dict[str, Any]]:  # noqa: ARG001 - the scorer signature
    """Accuracy of the nominative per part, and per language within it."""
    out: list[dict[str, Any]] = []
    for part in PARTS:
        path = gold_dir() / "names" / f"declined-{part}.jsonl"
        if not path.is_file():
            out.append({"set": f"names-declined-{part}", "skipped": f"not found at {path}"})
            continue
        items = read_jsonl(path)
        errors: list[str] = []
        by_language: dict[str, list[int]] = {}
        for it in items:
            got = nominative_in_sentence(it)
            right = got == _latin(it["nominative"])
            counts = by_language.setdefault(it.get("language", "hr"), [0, 0])
            counts[0] += right
            counts[1] += 1
            if not right:
                errors.append(f"{it['words']} -> {got} (gold {it['nominative']}; {it.get('note', '')})")
        out.append(
            {
                "set": f"names-declined-{part}",
                "names": len(items),
                "accuracy": round((len(items) - len(errors)) / len(items), 3) if items else 0.0,
                "accuracy_by_language": {k: round(r / n, 3) for k, (r, n) in sorted(by_language.items())},
                "errors": errors,
            }
        )
    return out
