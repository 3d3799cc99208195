"""Optional, stronger entity backends for users with internet or a GPU.

None of these is a default: their models download at first use (GLiNER,
classla, a Hugging Face token-classification model such as BERTić) or need
a server (an OpenAI-compatible LLM endpoint such as Ollama, vLLM or a
llama.cpp server). Each fails at construction, before any input is read,
with the exact install command or setting to fix.
"""

from __future__ import annotations

import json
import re
import urllib.request
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from ..errors import NotInstalled, UsageError
from ..extract.entities import ModelNames
from ..extract.tokens import Token, tokenize
from ..extract.translit import has_cyrillic, to_latin
from ..lang import load
from ..records import ENTITY_TYPES, Document, Mention
from ..registry import entity_backends
from ..settings import Settings

GLINER_LABELS = {"person": "person", "organization": "organization", "location": "location", "armed group": "group"}
CLASSLA_TYPES = {"PER": "person", "ORG": "organization", "LOC": "location"}


@entity_backends.register("entities.gliner.v1", "GLiNER multilingual (Hugging Face model, downloads at first use)")
class GlinerRecognizer:
    name = "entities.gliner.v1"
    threshold = 0.5
    # What registry.Registry.build keys its one instance per process by.
    settings_used = ("gliner_model",)

    def __init__(self, settings: Settings, model: str | None = None) -> None:
        """``model``: a Hugging Face model name; None: the setting gliner_model."""
        model = model or settings.gliner_model
        try:
            from gliner import GLiNER
        except ImportError as exc:
            raise NotInstalled("gliner", "gliner") from exc
        self.model = GLiNER.from_pretrained(model)

    def recognise(self, doc: Document, spans: Sequence[tuple[int, int]], language: str) -> list[Mention]:
        out = []
        for s, e in spans:
            for ent in self.model.predict_entities(doc.text[s:e], list(GLINER_LABELS), threshold=self.threshold):
                out.append(Mention(s + ent["start"], s + ent["end"], GLINER_LABELS[ent["label"]], ent["text"], self.name))
        return out


@entity_backends.register("entities.classla.v1", "CLASSLA standard Croatian/Serbian/Slovenian NER (downloads its model at first use)")
class ClasslaRecognizer:
    name = "entities.classla.v1"

    def __init__(self, language: str = "hr") -> None:
        try:
            import classla
        except ImportError as exc:
            raise NotInstalled("classla", "classla") from exc
        classla.download(language)
        self.pipeline = classla.Pipeline(language, processors="tokenize,pos,lemma,ner")

    def recognise(self, doc: Document, spans: Sequence[tuple[int, int]], language: str) -> list[Mention]:
        out = []
        for s, e in spans:
            parsed = self.pipeline(doc.text[s:e])
            for ent in parsed.entities:
                kind = CLASSLA_TYPES.get(ent.type)
                if kind:
                    lemma = " ".join(w.lemma for w in ent.words) if getattr(ent, "words", None) else ent.text
                    out.append(Mention(s + ent.start_char, s + ent.end_char, kind, lemma, self.name))
        return out


HF_NAME = "entities.hf.v1"
# BERTić's labels (classla/bcms-bertic-ner, trained on hr500k, SETimes.SR and
# ReLDI): MISC and DERIV-PER (adjectives made from names, "Tuđmanov") are
# not entities here and are dropped.
HF_TYPES = {"PER": "person", "ORG": "organization", "LOC": "location"}
# Sentences per forward pass: one call per sentence would pay the pipeline's
# Python round trip each time, and padding 32 news sentences to the longest
# wastes little. Not tuned: the model cannot be downloaded where this was written.
HF_BATCH_SIZE = 32
# Tokens shared by the chunks of a sentence longer than the model's window
# (the pipeline's ``stride``).
HF_STRIDE = 64
# Characters of a name's edge that are never part of the name: the model
# may tag an opening quote or a comma with the name beside it.
EDGE_PUNCTUATION = frozenset(",;:!?\"'“”„«»‘’‚‹›()[]{}-–—/*•")


@dataclass(frozen=True, slots=True)
class HfSpan:
    """One name the model found in a sentence: offsets into the sentence,
    the project's type, and the word before it (for nominatives)."""

    start: int
    end: int
    type: str
    before: str | None
    acronym: bool


def _group_label(group: Mapping[str, Any]) -> str:
    """The label of a pipeline group without its B-/I- prefix (aggregation "none" keeps it)."""
    label = str(group.get("entity_group") or group.get("entity") or "")
    return label[2:] if label[:2] in ("B-", "I-") else label


def _group_offsets(group: Mapping[str, Any], length: int) -> tuple[int, int] | None:
    """The group's character span in its sentence, or None where the
    pipeline gave none or one outside the sentence."""
    try:
        start, end = int(group["start"]), int(group["end"])
    except (KeyError, TypeError, ValueError):
        return None
    return (start, end) if 0 <= start < end <= length else None


def _is_edge(toks: Sequence[Token], i: int, first: int, last: int) -> bool:
    """Whether token ``i`` at the edge of ``toks[first:last + 1]`` is
    punctuation to trim: a full stop after a one-letter word ("d.o.o.",
    "J.") and a closing bracket opened inside the name stay."""
    text = toks[i].text
    if text[:1].isalnum():
        return False
    if text == "." and i == last and i > first:
        prev = toks[i - 1]
        return not (len(prev.text) == 1 and prev.text.isalpha() and prev.end == toks[i].start)
    if text in ")]" and i == last:
        return not any(t.text in "([" for t in toks[first:i])
    return text in EDGE_PUNCTUATION or not text.strip() or text == "."


def hf_spans(sentence: str, groups: Sequence[Mapping[str, Any]]) -> list[HfSpan]:
    """The names in a pipeline's groups for one sentence, on the project's
    token boundaries: a group is widened to the whole words it touches
    (a sub-word piece "##u" of "Zagrebu", or "UN" of "UN-a", is the word),
    groups that then share a word are one name typed by the first (as
    aggregation "first" does), and punctuation at either edge is trimmed.
    Groups without offsets, or with labels other than PER/ORG/LOC, give
    nothing. Offsets are into ``sentence``."""
    toks = tokenize(sentence)
    picked: list[tuple[int, int, str]] = []  # token indices (first, last) and label
    for group in groups:
        span = _group_offsets(group, len(sentence))
        if span is None:
            continue
        inside = [i for i, t in enumerate(toks) if t.start < span[1] and span[0] < t.end]
        if inside:
            picked.append((inside[0], inside[-1], _group_label(group)))
    merged: list[tuple[int, int, str]] = []
    for first, last, label in sorted(picked, key=lambda x: x[0]):
        if merged and first <= merged[-1][1]:  # pieces of one word: one name
            merged[-1] = (merged[-1][0], max(last, merged[-1][1]), merged[-1][2])
        else:
            merged.append((first, last, label))
    out = []
    for first, last, label in merged:
        kind = HF_TYPES.get(label)
        while kind and first <= last and _is_edge(toks, first, first, last):
            first += 1
        while kind and first <= last and _is_edge(toks, last, first, last):
            last -= 1
        if kind is None or first > last:
            continue
        before = toks[first - 1].text if first and toks[first - 1].is_word else None
        out.append(HfSpan(toks[first].start, toks[last].end, kind, before, toks[first].is_acronym))
    return out


def _latin(text: str) -> str:
    return to_latin(text).text if has_cyrillic(text) else text


def hf_mentions(
    text: str, spans: Sequence[tuple[int, int]], outputs: Sequence[Sequence[Mapping[str, Any]]], language: str, backend: str = HF_NAME
) -> list[Mention]:
    """Mentions of ``text`` from the pipeline's groups for each sentence
    span (``outputs[k]`` for ``spans[k]``, offsets relative to the span):
    each points at the original characters (Cyrillic stays Cyrillic) and
    carries its nominative in Latin, from the project's declension rules
    (:func:`storyline.extract.names.canonical`, and
    :func:`storyline.extract.entities.organisation_name` for organisations)
    where the language has them, else the name as written."""
    if len(spans) != len(outputs):
        raise ValueError(f"{len(outputs)} pipeline outputs for {len(spans)} sentences")
    found = [(s + x.start, s + x.end, x) for (s, e), groups in zip(spans, outputs) for x in hf_spans(text[s:e], groups)]
    rules = bool(load(language, "declension"))
    resolve = ModelNames(language, (w for a, b, _ in found for w in _latin(text[a:b]).split())) if rules else None
    out = []
    for start, end, x in found:
        written = text[start:end]
        words = _latin(written).split()
        if words[0][:1].islower():
            continue  # a lower-case opening is a common word the model took in
        if resolve is None:
            out.append(Mention(start, end, x.type, " ".join(written.split()), backend))
            continue
        before = _latin(x.before) if x.before else None
        kind = resolve.kind(words, x.type, before)
        out.append(Mention(start, end, kind, resolve.name(words, kind, before, acronym=x.acronym), backend))
    return out


@entity_backends.register(HF_NAME, "Hugging Face token-classification model (setting hf_ner_model; BERTić for Croatian, Serbian, Bosnian by default; downloads at first use)")
class HfRecognizer:
    name = HF_NAME
    # What registry.Registry.build keys its one instance per process by, and what enters the analysis version.
    settings_used = ("hf_ner_model",)

    def __init__(self, settings: Settings, model: str | None = None) -> None:
        """``model``: a Hugging Face model name or folder; None: the setting hf_ner_model."""
        model = model or settings.hf_ner_model
        try:
            import torch
            from transformers import AutoTokenizer, pipeline
        except ImportError as exc:
            raise NotInstalled("transformers", "hf") from exc
        tokenizer = AutoTokenizer.from_pretrained(model)
        if not getattr(tokenizer, "is_fast", False):
            # A slow tokenizer gives no character offsets: no mention could point at the text.
            raise UsageError(
                f"entities.hf.v1 needs a model with a fast tokenizer; {model} has none",
                hint="set hf_ner_model to a model whose tokenizer.json is published (classla/bcms-bertic-ner has one)",
            )
        self.pipeline = pipeline(
            "token-classification",
            model=model,
            tokenizer=tokenizer,
            aggregation_strategy="first",  # a word takes its first piece's label
            device="cuda:0" if torch.cuda.is_available() else "cpu",
            stride=HF_STRIDE,  # a sentence longer than the model's window is read in chunks
        )

    def tag(self, sentences: Sequence[str]) -> list[list[dict[str, Any]]]:
        """The pipeline's groups for each sentence, in batches of HF_BATCH_SIZE."""
        if not sentences:
            return []
        out = self.pipeline(list(sentences), batch_size=HF_BATCH_SIZE)
        return [out] if len(sentences) == 1 and out and isinstance(out[0], dict) else list(out)

    def recognise(self, doc: Document, spans: Sequence[tuple[int, int]], language: str) -> list[Mention]:
        spans = [(s, e) for s, e in spans if doc.text[s:e].strip()]
        return hf_mentions(doc.text, spans, self.tag([doc.text[s:e] for s, e in spans]), language, self.name)


LLM_PROMPT = (
    "List the named entities in the text as a JSON array of objects with keys "
    '"text" (exactly as written in the text), "type" (one of person, organization, location, group) '
    'and "name" (the nominative, dictionary form). Answer with the JSON array only.\n\nText:\n'
)


@entity_backends.register("entities.llm.v1", "any OpenAI-compatible chat endpoint (settings llm_url, llm_model)")
class LLMRecognizer:
    name = "entities.llm.v1"
    timeout = 120
    settings_used = ("llm_url", "llm_model")

    def __init__(self, settings: Settings, url: str | None = None, model: str | None = None) -> None:
        self.url = (url or settings.llm_url).rstrip("/")
        self.model = model or settings.llm_model
        if not self.url or not self.model:
            raise UsageError(
                "entities.llm.v1 needs an endpoint and a model",
                hint="set llm_url (e.g. http://localhost:11434/v1) and llm_model in storyline.toml or STORYLINE_LLM_URL / STORYLINE_LLM_MODEL",
            )

    def complete(self, prompt: str) -> str:
        body = json.dumps({"model": self.model, "messages": [{"role": "user", "content": prompt}], "temperature": 0}).encode()
        req = urllib.request.Request(f"{self.url}/chat/completions", body, {"Content-Type": "application/json"})
        with urllib.request.urlopen(req, timeout=self.timeout) as resp:  # noqa: S310 - the user's own endpoint
            return json.loads(resp.read())["choices"][0]["message"]["content"]

    def recognise(self, doc: Document, spans: Sequence[tuple[int, int]], language: str) -> list[Mention]:
        out = []
        for s, e in spans:
            sentence = doc.text[s:e]
            for item in parse_llm_entities(self.complete(LLM_PROMPT + sentence)):
                # The model's text must be found in the sentence: offsets are ours, never the model's.
                for m in re.finditer(re.escape(item["text"]), sentence):
                    out.append(Mention(s + m.start(), s + m.end(), item["type"], item.get("name") or item["text"], self.name))
        return out


def parse_llm_entities(answer: str) -> list[dict]:
    """The JSON array in a model's answer; items without a known type or text are dropped."""
    m = re.search(r"\[.*\]", answer, re.S)
    if not m:
        return []
    try:
        items = json.loads(m.group())
    except json.JSONDecodeError:
        return []
    return [
        i for i in items
        if isinstance(i, dict) and isinstance(i.get("text"), str) and i["text"].strip() and i.get("type") in ENTITY_TYPES
    ]
