"""Optional, stronger entity backends for users with internet or a GPU.

None of these is a default: their models download at first use (GLiNER,
classla) or need a server (an OpenAI-compatible LLM endpoint such as
Ollama, vLLM or a llama.cpp server). Each fails at construction, before
any input is read, with the exact install command or setting to fix.
"""

from __future__ import annotations

import json
import re
import urllib.request
from collections.abc import Sequence

from ..errors import NotInstalled, UsageError
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
