"""Scoring against gold: our own fixtures (gold/*.jsonl beside this module,
and gold/heldout/*.jsonl, written after the rules and never tuned against),
and the shared sets. The own gold is package data, so ``storyline eval
--sets own`` works from an installed wheel too.

Own gold lines: {id, published, text, entities: [[surface, type]],
quotes: [{text, speaker}], figures: [{text, value | low+high, qualifier}],
times: [{text, value}]}. Gold items are located by their first occurrence
in the text (``text`` of a quote or figure is any stretch inside it).

Measures:
- entities: P/R/F1, same type and overlapping span, one to one;
- quote attribution: share of gold quotes found (a predicted quote overlaps
  the gold stretch) whose speaker's canonical name equals the gold speaker;
- figures: share of gold figures found whose value (or range) and
  qualifier are both right;
- time: share of gold expressions found whose TIMEX3 value is right.
"""

from __future__ import annotations

import datetime as dt
import time
from importlib import import_module
from pathlib import Path
from typing import Any

from ..api import text_document
from ..pipeline import Pipeline
from ..records import Document
from ..service import analysis_steps
from ..settings import load_settings
from .datasets import UNER_LANGUAGES, GoldDoc, hr500k_docs, meantime_docs, uner_docs
from .score import PRF, exact, inside, overlap, read_jsonl

ENTITY_TYPES = ("person", "organization", "location")


def gold_dir() -> Path:
    """Our own gold, shipped with the package."""
    return Path(__file__).resolve().parent / "gold"


def analysis_pipeline(settings=None) -> Pipeline:
    """The whole per-document analysis, built once per evaluated set."""
    return Pipeline(analysis_steps(settings or load_settings()), on_error="raise")


def _span(text: str, needle: str) -> tuple[int, int] | None:
    i = text.find(needle)
    return (i, i + len(needle)) if i >= 0 else None


def score_own(path: Path, settings=None) -> dict[str, Any]:
    ents_exact = PRF()
    ents, quotes_ok, quotes_n, figs_ok, figs_n, times_ok, times_n = PRF(), 0, 0, 0, 0, 0, 0
    errors: list[str] = []
    started = time.perf_counter()
    lines = read_jsonl(path)
    language = path.stem
    kind = {"heldout": "heldout", "languages": "languages"}.get(path.parent.name, "own")
    if path.parent.parent.name == "languages":  # gold/languages/<folder>/<code>.jsonl: languages-<folder>-<code>
        kind = f"languages-{path.parent.name}"
    pipeline = analysis_pipeline(settings)
    for g in lines:
        published = dt.date.fromisoformat(g["published"]) if g.get("published") else None
        doc = pipeline.run_one(text_document(g["text"], id=g["id"], language=language, published=published))
        text = doc.text
        gold = [(*_span(text, s), t) for s, t in g.get("entities", []) if _span(text, s)]
        pred = [(m.start, m.end, m.type) for m in doc.mentions if m.type in ENTITY_TYPES]
        ents.add(overlap(gold, pred))
        ents_exact.add(exact(gold, pred))
        for q in g.get("quotes", []):
            quotes_n += 1
            a, b = _span(text, q["text"]) or (0, 0)
            hit = next((p for p in doc.quotes if p.start < b and a < p.end), None)
            if hit and (hit.speaker or "").casefold() == q["speaker"].casefold():
                quotes_ok += 1
            else:
                errors.append(f"{g['id']} quote {q['text']!r}: wanted {q['speaker']!r}, got {hit.speaker if hit else 'no quote'!r}")
        for f in g.get("figures", []):
            figs_n += 1
            a, b = _span(text, f["text"]) or (0, 0)
            hit = next((p for p in doc.figures if p.start < b and a < p.end), None)
            ok = hit is not None and hit.qualifier == f["qualifier"] and (
                (hit.value == f.get("value")) if "value" in f else (hit.low == f.get("low") and hit.high == f.get("high"))
            )
            figs_ok += ok
            if not ok:
                got = (hit.value, hit.low, hit.high, hit.qualifier) if hit else "no figure"
                errors.append(f"{g['id']} figure {f['text']!r}: wanted {f.get('value', (f.get('low'), f.get('high')))} {f['qualifier']}, got {got}")
        for t in g.get("times", []):
            times_n += 1
            a, b = _span(text, t["text"]) or (0, 0)
            hit = next((p for p in doc.times if p.start < b and a < p.end), None)
            ok = hit is not None and hit.value == t["value"]
            times_ok += ok
            if not ok:
                errors.append(f"{g['id']} time {t['text']!r}: wanted {t['value']}, got {hit.value if hit else 'nothing'}")
    return {
        "set": f"{kind}-{language}",
        "sentences": len(lines),
        "entities": ents.as_dict(),
        "entities_exact": ents_exact.as_dict(),
        "quote_attribution": _acc(quotes_ok, quotes_n),
        "figure_value_qualifier": _acc(figs_ok, figs_n),
        "time_value": _acc(times_ok, times_n),
        "seconds": round(time.perf_counter() - started, 2),
        "errors": errors,
    }


def _acc(ok: int, n: int) -> dict[str, float | int]:
    return {"accuracy": round(ok / n, 3) if n else 0.0, "correct": ok, "total": n}


def _entity_scores(docs: list[GoldDoc], settings=None) -> dict[str, Any]:
    from .. import backends  # noqa: F401
    from ..extract import backend_for
    from ..extract.entities import get_recognizer

    ex, ov, per_type = PRF(), PRF(), {t: PRF() for t in ENTITY_TYPES}
    ov_lenient = PRF()  # predictions on other annotated mentions (not NAM, or MISC) are not counted wrong
    names_right = names_total = 0  # canonical names against gold lemmas (hr500k), exact spans
    started = time.perf_counter()
    for g in docs:
        rec = get_recognizer(backend_for(g.language, settings.entities_backend if settings else "auto"), settings)
        doc = Document(id=g.id, text=g.text, language=g.language, published=g.published)
        mentions = [m for m in rec.recognise(doc, g.sentences, g.language) if m.type in ENTITY_TYPES and inside((m.start, m.end), g.scored)]
        pred = [(m.start, m.end, m.type) for m in mentions]
        # Only names whose gold lemmas are names ("Fikret Hasanović"); multiword
        # organisations are lemmatised word by word there ("europski unija").
        lemmas = {(s.start, s.end): s.extra for s in g.entities if s.extra and all(w[:1].isupper() for w in s.extra.split())}
        for m in mentions:
            if (m.start, m.end) in lemmas:
                names_total += 1
                names_right += m.canonical.casefold() == lemmas[(m.start, m.end)].casefold()
        gold = [(s.start, s.end, s.label) for s in g.entities]
        ex.add(exact(gold, pred))
        ov.add(overlap(gold, pred))
        annotated = [(o.start, o.end) for o in g.other_entities]
        spared = [p for p in pred if not any(a < p[1] and p[0] < b for a, b, _ in gold) and any(a < p[1] and p[0] < b for a, b in annotated)]
        ov_lenient.add(overlap(gold, [p for p in pred if p not in spared]))
        for t in ENTITY_TYPES:
            per_type[t].add(exact([x for x in gold if x[2] == t], [x for x in pred if x[2] == t]))
    return {
        "entities_exact": ex.as_dict(),
        "entities_overlap": ov.as_dict(),
        "entities_overlap_other_annotations_ignored": ov_lenient.as_dict(),
        **({"canonical_name_accuracy": _acc(names_right, names_total)} if names_total else {}),
        "exact_f1_by_type": {t: round(v.f1, 3) for t, v in per_type.items()},
        "seconds": round(time.perf_counter() - started, 2),
    }


def score_hr500k(settings=None) -> dict[str, Any] | None:
    docs = hr500k_docs()
    if not docs:
        return None
    out = {"set": "hr500k-slice", "paragraphs": len(docs), **_entity_scores(docs, settings)}
    from ..extract import backend_for

    if backend_for("hr", settings.entities_backend if settings else "auto") == "entities.hbs.v1":
        out["note"] = "not held-out: many of these sentences are in the UNER training data of entities.hbs.v1"
    return out


def score_uner(language: str, settings=None) -> dict[str, Any] | None:
    """UNER dev (SETimes news): exact span+type F1 per type, as ``scripts/train_ner.py`` reports."""
    docs = uner_docs(language, "dev")
    if not docs:
        return None
    return {"set": f"uner-{language}-dev", "documents": len(docs), "sentences": sum(len(d.sentences) for d in docs),
            **_entity_scores(docs, settings)}


def score_meantime(settings=None) -> dict[str, Any] | None:
    from ..extract.timex import find_times

    docs = meantime_docs()
    if not docs:
        return None
    out = {"set": "meantime-en", "documents": len(docs), **_entity_scores(docs, settings)}
    found = PRF()
    matched = correct = 0
    for g in docs:
        pred = [t for s, e in g.sentences for t in find_times(g.text, s, e, "en", g.published) if inside((t.start, t.end), g.scored)]
        gold = [(x.start, x.end, "t") for x in g.timexes]
        found.add(overlap(gold, [(t.start, t.end, "t") for t in pred]))
        for x in g.timexes:
            hit = next((t for t in pred if t.start < x.end and x.start < t.end), None)
            if hit:
                matched += 1
                correct += hit.value == x.label
    out["timex_overlap"] = found.as_dict()
    out["timex_value_accuracy_found"] = _acc(correct, matched)
    out["timex_value_accuracy_all"] = _acc(correct, sum(len(g.timexes) for g in docs))
    return out


def run_eval(sets: list[str], settings=None) -> list[dict[str, Any]]:
    """Score each named set: own (our fixtures), hr500k, meantime, uner; shared sets skip when absent."""
    results = []
    # heldout: written after the rules, never tuned against: the honest figure.
    for name, folder in (("own", gold_dir()), ("heldout", gold_dir() / "heldout")):
        if name in sets:
            paths = sorted(folder.glob("*.jsonl"))
            results.extend(score_own(path, settings) for path in paths)
            if not paths:
                results.append({"set": name, "skipped": f"no gold found in {folder}"})
    if "stories" in sets:
        from .stories import score_stories, stories_path

        if stories_path().is_file():
            results.append(score_stories(settings.story_threshold) if settings else score_stories())
        else:  # the labelled articles live in the repository's tests/, not in the package
            results.append({"set": "stories-own", "skipped": f"not found at {stories_path()} (a source checkout has it)"})
    if "hr500k" in sets:
        results.append(score_hr500k(settings) or {"set": "hr500k-slice", "skipped": "not found under ../shared/datasets"})
    if "meantime" in sets:
        results.append(score_meantime(settings) or {"set": "meantime-en", "skipped": "not found under ../shared/datasets"})
    if "names" in sets:
        from .names import names_dir, score_canonical, score_name_pairs

        if names_dir().is_dir():
            results.append(score_name_pairs())
            results.append(score_canonical())
        else:
            results.append({"set": "names", "skipped": f"no gold found in {names_dir()}"})
    if "uner" in sets:
        for language in UNER_LANGUAGES:
            results.append(score_uner(language, settings) or {"set": f"uner-{language}-dev", "skipped": "not found under ../shared/datasets"})
    for name, target in SCORERS.items():
        if name in sets:
            module, _, func = target.partition(":")
            results.extend(getattr(import_module(module), func)(settings))
    return results


# Further gold sets: ``--sets`` name -> "module:function"; the function takes
# the settings (or None) and returns a list of results, each with its "set".
SCORERS: dict[str, str] = {
    "conflicts": "storyline.evaluate.conflicts:score_conflicts",
    "quality": "storyline.evaluate.quality:score_quality",
    "languages": "storyline.evaluate.own:score_languages",
    "figures": "storyline.evaluate.figures:score_figures",
    "events": "storyline.evaluate.events:score_events",
    "timeline": "storyline.evaluate.timeline:score_timeline",
    "quotes": "storyline.evaluate.quotes:score_quotes",
    "stories-multi": "storyline.evaluate.stories:score_multi",
    "langid": "storyline.evaluate.langid:score_langid",
    "names-declined": "storyline.evaluate.names_declined:score_names_declined",
}


# Folders of gold/languages/ beside the development files (<code>.jsonl), in scoring order.
# dev2: de/fr/ru/es sentences first written as held-out 3, then tuned on (their names reached
# rules and comments), so development data now. heldout*: written before the pass they measure
# and never tuned on; heldout3 keeps it/pt/uk only, heldout4 is German, heldout5 fr/ru/es.
LANGUAGE_FOLDERS = ("dev2", "heldout", "heldout2", "heldout3", "heldout4", "heldout5", "heldout6")  # heldout6: fr, 2026-12-01


def score_languages(settings=None) -> list[dict[str, Any]]:
    """Our own gold for languages beyond hr/sr/bs/en (gold/languages/<code>.jsonl), written before their rules."""
    root = gold_dir() / "languages"
    paths = [path for folder in ("", *LANGUAGE_FOLDERS) for path in sorted((root / folder).glob("*.jsonl"))]
    return [score_own(path, settings) for path in paths] or [{"set": "languages", "skipped": "no gold found"}]
