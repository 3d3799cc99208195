"""Who said what, scored on our own quote gold (``gold/quotes/*.jsonl``).

Gold lines: {id, language, text, quotes: [{content, speaker, kind}]}.
``content`` is any stretch inside the quoted or reported words, located by
its first occurrence in the text; ``speaker`` is the canonical full name
(nominative in Croatian) or null when the text names nobody; ``kind`` is
direct | reported | attribution. A text with no quotes (a film title in
quotation marks, the noun "states", a date) counts against every quote
found in it.

Files: ``dev-<lang>.jsonl`` (errors read and rules tuned on them),
``heldout-<lang>.jsonl`` (short texts, written before the finder was first
run on any of this gold) and ``heldout2-<lang>.jsonl`` (longer articles with
several speakers, written after the rules); the held-out files are never
tuned on.

An institution named only by a common noun is named by that noun as the
finder names it ("the ministry said" -> "ministry", "Policija je
priopćila" -> "Policija"); a person named by no name ("one resident said",
"izvor iz Vlade") is null.

Measures, per file:
- content: predicted quote spans against gold stretches, overlap matched one
  to one (P/R/F1);
- source_accuracy: share of ALL gold attributions whose best-overlapping
  predicted quote has the right speaker (a missed quote counts wrong);
  ``source_accuracy_found`` is the same over the gold quotes found;
- kind_accuracy: right kind among the gold quotes found.

Names are compared whole: both canonical names case- and diacritic-folded
and with spaces normalised must be equal ("Mike McCaul" != "Mike"; a
surname alone is not enough). A gold null speaker is right only when the
finder names nobody either.
"""

from __future__ import annotations

import time
import unicodedata
from pathlib import Path
from typing import Any

from ..api import text_document
from ..records import Quote
from .own import analysis_pipeline, gold_dir
from .score import PRF, overlap, read_jsonl, scored_or_skipped

LANGUAGES = ("en", "hr")
PARTS = ("dev", "heldout", "heldout2")


def quotes_dir() -> Path:
    return gold_dir() / "quotes"


def fold_name(name: str | None) -> str | None:
    """The comparison key of a canonical name: case and diacritics folded
    ("Đ" as "d", as news typed without diacritics writes it), spaces normalised."""
    if name is None:
        return None
    s = unicodedata.normalize("NFKD", name.replace("đ", "d").replace("Đ", "D"))
    s = "".join(c for c in s if not unicodedata.combining(c))
    return " ".join(s.casefold().split())


def same_speaker(gold: str | None, predicted: str | None) -> bool:
    return fold_name(gold) == fold_name(predicted)


def _best(quotes: list[Quote], a: int, b: int) -> Quote | None:
    """The predicted quote overlapping [a, b) the most."""
    hits = [(min(b, q.end) - max(a, q.start), q) for q in quotes if q.start < b and a < q.end]
    return max(hits, key=lambda h: h[0])[1] if hits else None


def score_file(path: Path, settings=None) -> dict[str, Any]:
    lines = read_jsonl(path)
    language, part = path.stem.split("-")[1], path.stem.split("-")[0]
    pipeline = analysis_pipeline(settings)
    content = PRF()
    n = found = right = kind_right = 0
    confidence_right: list[float] = []
    confidence_wrong: list[float] = []
    errors: list[str] = []
    started = time.perf_counter()
    for g in lines:
        doc = pipeline.run_one(text_document(g["text"], id=g["id"], language=g.get("language", language)))
        text = doc.text
        gold = []
        for q in g["quotes"]:
            a = text.find(q["content"])
            gold.append((a, a + len(q["content"]), "q"))
        pred = [(q.start, q.end, "q") for q in doc.quotes]
        content.add(overlap(gold, pred))
        for (a, b, _), q in zip(gold, g["quotes"]):
            n += 1
            hit = _best(doc.quotes, a, b)
            if hit is None:
                errors.append(f"{g['id']} missed {q['content']!r} ({q['speaker']}, {q['kind']})")
                continue
            found += 1
            kind_right += hit.kind == q["kind"]
            if same_speaker(q["speaker"], hit.speaker):
                right += 1
                confidence_right.append(hit.confidence)
            else:
                confidence_wrong.append(hit.confidence)
                errors.append(f"{g['id']} {q['content']!r}: wanted {q['speaker']!r}, got {hit.speaker!r} ({hit.kind}, {hit.confidence})")
        golden = [(a, b) for a, b, _ in gold]
        for p in doc.quotes:
            if not any(p.start < b and a < p.end for a, b in golden):
                errors.append(f"{g['id']} spurious {text[p.start:p.end]!r} ({p.speaker}, {p.kind})")
    return {
        "set": f"quotes-{language}-{part}",
        "texts": len(lines),
        "attributions": n,
        "content": content.as_dict(),
        "source_accuracy": round(right / n, 3) if n else 0.0,
        "source_accuracy_found": round(right / found, 3) if found else 0.0,
        "kind_accuracy": round(kind_right / found, 3) if found else 0.0,
        "mean_confidence": {
            "right_speaker": round(sum(confidence_right) / len(confidence_right), 3) if confidence_right else 0.0,
            "wrong_speaker": round(sum(confidence_wrong) / len(confidence_wrong), 3) if confidence_wrong else 0.0,
        },
        "seconds": round(time.perf_counter() - started, 2),
        "errors": errors,
    }


def score_quotes(settings=None) -> list[dict[str, Any]]:
    """quotes-<lang>-dev, -heldout and -heldout2 for English and Croatian."""
    out = []
    for language in LANGUAGES:
        for part in PARTS:
            path = quotes_dir() / f"{part}-{language}.jsonl"
            out.append(scored_or_skipped(f"quotes-{language}-{part}", path, lambda p: score_file(p, settings)))
    return out
