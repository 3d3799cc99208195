"""Readers for gold data: our own fixtures and the shared sets.

Each reader yields :class:`GoldDoc` records, one text with its gold
annotations as character spans, so every extractor is scored the same way.
Shared sets live under ``../shared/datasets/`` (or ``$STORYLINE_DATASETS``)
and are skipped cleanly when absent.
"""

from __future__ import annotations

import datetime as dt
import json
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..settings import load_settings

# Gold entity tags per dataset, mapped to our types.
HR500K_TYPES = {"PER": "person", "ORG": "organization", "LOC": "location"}
MEANTIME_TYPES = {"PER": "person", "ORG": "organization", "LOC": "location"}
# MEANTIME annotates the title (sentence 0) and body sentences 2-5 only.
MEANTIME_SCORED_SENTENCES = {0, 2, 3, 4, 5}


@dataclass(frozen=True, slots=True)
class Span:
    start: int
    end: int
    label: str  # entity type, or the TIMEX3 value
    extra: str = ""  # TIMEX3 type


@dataclass
class GoldDoc:
    id: str
    text: str
    language: str
    published: dt.date | None
    sentences: list[tuple[int, int]]
    scored: list[tuple[int, int]]  # regions where predictions are scored
    entities: list[Span] = field(default_factory=list)
    other_entities: list[Span] = field(default_factory=list)  # MISC and the like: reported apart
    timexes: list[Span] = field(default_factory=list)
    extra: dict[str, Any] = field(default_factory=dict)


def datasets_root() -> Path | None:
    """Where shared datasets are: the setting datasets (STORYLINE_DATASETS), else ../shared/datasets from the cwd or repo."""
    env = load_settings().datasets
    candidates = [Path(env)] if env else []
    here = Path(__file__).resolve()
    candidates += [Path.cwd().parent / "shared" / "datasets", here.parents[3].parent / "shared" / "datasets"]
    return next((p for p in candidates if p.is_dir()), None)


# -- hr500k (spaCy v2 JSON, BILUO) -----------------------------------------
def read_hr500k(path: Path) -> Iterator[GoldDoc]:
    data = json.loads(path.read_text(encoding="utf-8"))
    for d in data:
        for p_i, para in enumerate(d["paragraphs"]):
            text = ""
            sentences, entities, other = [], [], []
            for sent in para["sentences"]:
                s_start = len(text)
                open_span: tuple[int, str] | None = None
                lemmas: list[str] = []
                for tok in sent["tokens"]:
                    t_start = len(text)
                    text += tok["orth"]
                    t_end = len(text)
                    text += " " if tok.get("space", " ") else ""
                    tag = tok["ner"]
                    if tag[:1] in ("B", "U"):
                        open_span, lemmas = (t_start, tag[2:]), []
                    lemmas.append(tok.get("lemma") or tok["orth"])
                    if tag[:1] in ("L", "U") and open_span:
                        label = open_span[1]
                        # extra: the gold lemmas of the name, the nominative we should give
                        span = Span(open_span[0], t_end, HR500K_TYPES.get(label, label), " ".join(lemmas))
                        (entities if label in HR500K_TYPES else other).append(span)
                        open_span = None
                text = text.rstrip(" ") + " "
                sentences.append((s_start, len(text) - 1))
            text = text.rstrip(" ")
            yield GoldDoc(
                id=f"hr500k-{d['id']}-{p_i}",
                text=text,
                language="hr",
                published=None,
                sentences=sentences,
                scored=[(0, len(text))],
                entities=entities,
                other_entities=other,
            )


# -- MEANTIME (NAF-like XML) ------------------------------------------------
_NO_SPACE_BEFORE = {",", ".", ":", ";", "!", "?", ")", "]", "'s", "'", "%", "n't", "”", "’"}
_NO_SPACE_AFTER = {"(", "[", "$", "“", "‘"}


def read_meantime(path: Path) -> GoldDoc:
    root = ET.parse(path).getroot()
    tokens = root.findall("token")
    text = ""
    offsets: dict[str, tuple[int, int]] = {}
    sent_of: dict[str, int] = {}
    sent_spans: dict[int, list[int]] = {}
    prev_sent, prev_tok = None, None
    for tok in tokens:
        s = int(tok.get("sentence"))
        word = tok.text or ""
        if prev_sent is not None and s != prev_sent:
            text += "\n"
        elif prev_tok is not None and word not in _NO_SPACE_BEFORE and prev_tok not in _NO_SPACE_AFTER:
            text += " "
        start = len(text)
        text += word
        offsets[tok.get("t_id")] = (start, len(text))
        sent_of[tok.get("t_id")] = s
        span = sent_spans.setdefault(s, [start, len(text)])
        span[1] = len(text)
        prev_sent, prev_tok = s, word
    markables = root.find("Markables")
    types = {e.get("m_id"): e.get("ent_type") for e in markables.iter("ENTITY")}
    refers: dict[str, str] = {}
    for rel in root.iter("REFERS_TO"):
        target = rel.find("target").get("m_id")
        for src in rel.findall("source"):
            refers[src.get("m_id")] = target

    def span_of(el: ET.Element) -> tuple[int, int, int] | None:
        ids = [a.get("t_id") for a in el.findall("token_anchor")]
        if not ids:
            return None
        return offsets[ids[0]][0], offsets[ids[-1]][1], sent_of[ids[0]]

    entities, other = [], []
    for m in markables.iter("ENTITY_MENTION"):
        sp = span_of(m)
        label = types.get(refers.get(m.get("m_id"), ""), "")
        if not sp or sp[2] not in MEANTIME_SCORED_SENTENCES:
            continue
        if m.get("syntactic_type") == "NAM" and label in MEANTIME_TYPES:
            entities.append(Span(sp[0], sp[1], MEANTIME_TYPES[label]))
        else:
            # Premodifiers ("US forces"), mentions without a syntactic type, other types.
            other.append(Span(sp[0], sp[1], MEANTIME_TYPES.get(label, label or "?"), m.get("syntactic_type") or ""))
    timexes, published = [], None
    for t in markables.iter("TIMEX3"):
        if t.get("functionInDocument") == "CREATION_TIME":
            try:
                published = dt.date.fromisoformat(t.get("value")[:10])
            except ValueError:
                published = None
            continue
        sp = span_of(t)
        if sp and sp[2] in MEANTIME_SCORED_SENTENCES:
            timexes.append(Span(sp[0], sp[1], t.get("value") or "", t.get("type") or ""))
    if published is None and 1 in sent_spans:
        published = _dateline(text[slice(*sent_spans[1])])
    sentences = [tuple(v) for _, v in sorted(sent_spans.items())]
    scored = [tuple(v) for k, v in sorted(sent_spans.items()) if k in MEANTIME_SCORED_SENTENCES]
    return GoldDoc(
        id=root.get("doc_id") or path.stem,
        text=text,
        language="en",
        published=published,
        sentences=sentences,  # type: ignore[arg-type]
        scored=scored,  # type: ignore[arg-type]
        entities=sorted(entities, key=lambda s: s.start),
        other_entities=sorted(other, key=lambda s: s.start),
        timexes=sorted(timexes, key=lambda s: s.start),
        extra={"title_sentence": tuple(sent_spans.get(0, (0, 0)))},
    )


def _dateline(line: str) -> dt.date | None:
    """The date a dateline gives ("September 01, 2007"), as a system without
    the annotated creation time would read it."""
    from ..extract.timex import find_times

    return next((dt.date.fromisoformat(t.date) for t in find_times(line, 0, len(line), "en", None) if t.date), None)


# -- Universal NER (UD SET treebanks, BIO2 over UD tokens) ------------------
UNER_TYPES = {"PER": "person", "ORG": "organization", "LOC": "location"}
UNER_LANGUAGES = ("hr", "sr")


@dataclass
class TaggedSentence:
    """One UNER sentence: its text, UD tokens and their BIO2 tags."""

    id: str
    doc: str
    text: str
    words: list[str]
    tags: list[str]


def read_iob2(path: Path) -> list[TaggedSentence]:
    """Sentences of a UNER ``.iob2`` file (``# text =`` comments, then
    index, form, tag per line; a blank line ends a sentence)."""
    out: list[TaggedSentence] = []
    doc = sent_id = text = ""
    words: list[str] = []
    tags: list[str] = []
    for line in [*path.read_text(encoding="utf-8").splitlines(), ""]:
        if line.startswith("# newdoc id"):
            doc = line.split("=", 1)[1].strip()
        elif line.startswith("# sent_id"):
            sent_id = line.split("=", 1)[1].strip()
        elif line.startswith("# text ="):
            text = line.split("=", 1)[1].strip()
        elif line.startswith("#"):
            continue
        elif line.strip():
            cols = line.split("\t")
            words.append(cols[1])
            tags.append(cols[2])
        elif words:
            out.append(TaggedSentence(sent_id, doc, text or " ".join(words), words, tags))
            words, tags, text = [], [], ""
    return out


def bio_spans(tags: list[str]) -> list[tuple[int, int, str]]:
    """Token spans ``(first, last + 1, label)`` of BIO2 tags; a stray I- opens a span."""
    spans: list[tuple[int, int, str]] = []
    start, label = None, ""
    for i, tag in enumerate([*tags, "O"]):
        if start is not None and not (tag.startswith("I-") and tag[2:] == label):
            spans.append((start, i, label))
            start = None
        if tag.startswith("B-") or (tag.startswith("I-") and start is None):
            start, label = i, tag[2:]
    return spans


def uner_gold(sentences: list[TaggedSentence], language: str) -> list[GoldDoc]:
    """One GoldDoc per UNER document: its sentences' texts joined by line
    breaks, gold spans from the UD tokens located in the text."""
    by_doc: dict[str, list[TaggedSentence]] = {}
    for s in sentences:
        by_doc.setdefault(s.doc, []).append(s)
    docs = []
    for doc_id, sents in by_doc.items():
        text, spans, entities, other = "", [], [], []
        for s in sents:
            base = len(text)
            text += s.text
            spans.append((base, len(text)))
            offsets, at = [], 0
            for w in s.words:
                i = s.text.find(w, at)
                if i < 0:  # a form not in the text as written: skip the sentence's gold
                    offsets = []
                    break
                offsets.append((base + i, base + i + len(w)))
                at = i + len(w)
            for a, b, label in bio_spans(s.tags) if offsets else []:
                span = Span(offsets[a][0], offsets[b - 1][1], UNER_TYPES.get(label, label))
                (entities if label in UNER_TYPES else other).append(span)
            text += "\n"
        text = text[:-1]
        docs.append(GoldDoc(id=doc_id, text=text, language=language, published=None, sentences=spans,
                            scored=[(0, len(text))], entities=entities, other_entities=other))
    return docs


def uner_path(language: str, split: str, root: Path | None = None) -> Path | None:
    root = root or datasets_root()
    path = root / "uner" / f"{language}_set-ud-{split}.iob2" if root else None
    return path if path and path.is_file() else None


def uner_docs(language: str, split: str = "dev", root: Path | None = None) -> list[GoldDoc]:
    path = uner_path(language, split, root)
    return uner_gold(read_iob2(path), language) if path else []


def hr500k_docs(root: Path | None = None) -> list[GoldDoc]:
    root = root or datasets_root()
    folder = root / "hr500k-slice" if root else None
    if not folder or not folder.is_dir():
        return []
    return [d for f in sorted(folder.glob("*.json")) for d in read_hr500k(f)]


def meantime_docs(root: Path | None = None) -> list[GoldDoc]:
    root = root or datasets_root()
    folder = root / "meantime-en" if root else None
    if not folder or not folder.is_dir():
        return []
    return [read_meantime(f) for f in sorted(folder.glob("corpus_*/*.xml"))]
