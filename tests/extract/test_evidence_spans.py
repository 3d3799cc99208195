"""Every extracted item's evidence is a non-empty stretch of the text.

Evidence is the product's promise (document id and character offsets), so
a zero-width span (a source named by "По его словам" once pointed at the
comma after it) or one past the end is a bug whatever the item. This runs
the whole analysis over every text of the shipped gold and checks every
span of every record kind.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterator
from dataclasses import fields
from pathlib import Path

import pytest

from storyline import analyse_text
from storyline.evaluate.own import gold_dir
from storyline.records import Document

CODES = ("hr", "sr", "bs", "en", "de", "fr", "ru", "es", "it", "pt", "uk")


def _language(path: Path, line: dict) -> str | None:
    """The line's own language, else the code in the file's name (hr.jsonl, dev-en.jsonl, languages/heldout5/ru.jsonl)."""
    given = line.get("language")
    if isinstance(given, str):
        return given
    parts = path.stem.split("-")
    return next((p for p in parts if p in CODES), None)


def _texts(item: object, path: Path, language: str | None, published: str | None) -> Iterator[tuple[str, str | None, str | None]]:
    """Every document of a gold line (a "text" beside an "id"; nested reports included, a gold
    quote's or figure's own "text" not), with the language and date nearest to it."""
    if isinstance(item, dict):
        language = item["language"] if isinstance(item.get("language"), str) else language
        published = item["published"] if isinstance(item.get("published"), str) else published
        if isinstance(item.get("text"), str) and "id" in item:
            yield item["text"], language, published
        for value in item.values():
            if isinstance(value, list | dict):
                yield from _texts(value, path, language, published)
    elif isinstance(item, list):
        for value in item:
            yield from _texts(value, path, language, published)


def _gold_texts() -> list[tuple[str, str, str | None, str | None]]:
    out: list[tuple[str, str, str | None, str | None]] = []
    seen: set[tuple[str, str | None]] = set()
    for path in sorted(gold_dir().rglob("*.jsonl")):
        for n, raw in enumerate(path.read_text(encoding="utf-8").splitlines()):
            line = json.loads(raw) if raw.strip() else {}
            for text, language, published in _texts(line, path, _language(path, line), None):
                if (text, language) not in seen:
                    seen.add((text, language))
                    out.append((f"{path.relative_to(gold_dir())}:{n + 1}", text, language, published))
    return out


def _spans(doc: Document) -> Iterator[tuple[str, int | None, int | None]]:
    """(what, start, end) of every span any record of the document carries; None where a span is absent."""
    for kind in ("mentions", "times", "quotes", "figures", "events"):
        for item in getattr(doc, kind):
            names = {f.name for f in fields(item)}
            for name in sorted(names):
                if name == "start" or name.endswith("_start"):
                    end = "end" if name == "start" else name[: -len("start")] + "end"
                    if end in names:
                        yield f"{kind}.{name}", getattr(item, name), getattr(item, end)
            for a, b in getattr(item, "actor_spans", ()):
                yield f"{kind}.actor_spans", a, b


GOLD = _gold_texts()


def test_gold_texts_are_found() -> None:
    where = {key.split("/")[0] for key, *_ in GOLD}
    assert len(GOLD) > 1500 and {"languages", "quotes", "figures", "events"} <= where


def test_every_evidence_span_is_non_empty_and_inside_the_text() -> None:
    bad: list[str] = []
    for key, text, language, published in GOLD:
        if language not in CODES:
            language = None  # detected, as a document of unknown language would be
        date = dt.date.fromisoformat(published) if published else None
        doc = analyse_text(text, language=language, published=date)
        for what, start, end in _spans(doc):
            if start is None and end is None:
                continue  # the record has no such part (a quote without a cue)
            if start is None or end is None or not 0 <= start < end <= len(doc.text):
                bad.append(f"{key} {what} ({start}, {end}): {doc.text[:80]!r}")
    assert not bad, f"{len(bad)} bad spans:\n" + "\n".join(bad[:40])


@pytest.mark.parametrize(
    ("text", "language", "phrase"),
    [
        ("Мэр Москвы Сергей Собянин посетил больницу в среду. По его словам, ситуация в городе остается под контролем.", "ru", "По его словам"),
        ("Le ministre Arnaud Vidal a visité l'usine. Selon lui, les emplois seront préservés jusqu'en 2028.", "fr", "Selon lui"),
        ("Bürgermeister Jonas Thiel besuchte die Baustelle. Ihm zufolge wird die Brücke im Mai fertig.", "de", "Ihm zufolge"),
        ("El consejero Julián Prats visitó el hospital. Según él, las obras terminarán en verano.", "es", "Según él"),
    ],
)
def test_a_pronoun_source_is_evidenced_by_its_phrase(text: str, language: str, phrase: str) -> None:
    doc = analyse_text(text, language=language)
    quote = next(q for q in doc.quotes if q.start > text.index(phrase))
    assert quote.speaker is not None and quote.speaker_start is not None and quote.speaker_end is not None
    assert text[quote.speaker_start : quote.speaker_end] == phrase
