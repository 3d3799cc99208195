"""Story summaries in English, each sentence with its evidence.

Until facts are extracted (events, figures, quotes), the only English
sentence we can state without inventing anything is an English lead
sentence itself, quoted with its evidence. Units in other languages get no
summary rather than an untranslated one.
"""

from __future__ import annotations

from ..records import Document, Evidence, StoryRecord

# Lead sentences taken per English unit.
LEAD_SENTENCES = 1


def lead_summary(story: StoryRecord, docs: dict[str, Document]) -> list[dict]:
    out = []
    for doc_id, unit in story.units:
        doc = docs[doc_id]
        taken = 0
        for sent in doc.sentences:
            seg = doc.segments[sent.segment]
            if seg.unit != unit or seg.kind != "body" or seg.language != "en":
                continue
            ev = Evidence.of(doc, sent.start, sent.end)
            out.append({"text": ev.text, "evidence": [evidence_dict(ev)]})
            taken += 1
            if taken >= LEAD_SENTENCES:
                break
    return out


def evidence_dict(ev: Evidence) -> dict:
    return {"document": ev.document, "start": ev.start, "end": ev.end, "text": ev.text}
