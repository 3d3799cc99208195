"""Russian entities from slovnet's news NER model (the one natasha ships), when installed.

Measured on our own Russian gold against the generic layer
(``entities.generic.v1``; exact span+type F1, docs/decisions.md): held-out
0.909 against 0.875, development 0.959 against 0.933, and 0.973 against
0.930 on the set first written as held-out 3 (gold/languages/dev2/ since it
was tuned on). Better on the sentences nobody tuned on, so "auto" takes it
for Russian when installed (``pip install 'storyline[ru]'``: slovnet, navec,
and natasha for the model files, 31 MB); without it Russian gets the
generic layer, and the capability record says which ran.

The natasha package is never imported (it loads pymorphy2 at import): only
its two model files are read, the navec embeddings and the NER weights.
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import cache
from pathlib import Path

from ..errors import NotInstalled
from ..records import Document, Mention
from ..registry import entity_backends

NAME = "entities.slovnet_ru.v1"
# The files inside the natasha package (natasha 1.6).
EMBEDDINGS = "data/emb/navec_news_v1_1B_250K_300d_100q.tar"
WEIGHTS = "data/model/slovnet_ner_news_v1.tar"
LABELS = {"PER": "person", "ORG": "organization", "LOC": "location"}
# The packages the backend needs, for ``installed``.
PACKAGES = ("slovnet", "navec", "natasha")


def natasha_dir() -> Path | None:
    """Where the natasha package lies, found without importing it."""
    from importlib.util import find_spec

    spec = find_spec("natasha")
    if spec is None or not spec.submodule_search_locations:
        return None
    return Path(next(iter(spec.submodule_search_locations)))


@cache
def installed() -> bool:
    from importlib.util import find_spec

    root = natasha_dir()
    return all(find_spec(p) is not None for p in PACKAGES) and root is not None and (root / WEIGHTS).is_file()


@cache
def load_model():  # noqa: ANN201 - slovnet.NER
    try:
        from navec import Navec
        from slovnet import NER
    except ImportError as exc:
        raise NotInstalled("slovnet", "ru") from exc
    root = natasha_dir()
    if root is None or not (root / WEIGHTS).is_file():
        raise NotInstalled("natasha", "ru")
    ner = NER.load(str(root / WEIGHTS))
    ner.navec(Navec.load(str(root / EMBEDDINGS)))
    return ner


@entity_backends.register(NAME, "slovnet news NER (Russian, the model natasha ships), optional extra [ru]")
class SlovnetRussianRecognizer:
    name = NAME

    def __init__(self) -> None:
        self.ner = load_model()

    def recognise(self, doc: Document, spans: Sequence[tuple[int, int]], language: str) -> list[Mention]:
        from ..extract.generic import canonical_name

        out: list[Mention] = []
        # One batch per document: slovnet's per-call overhead is most of its time on single sentences.
        for (s, _), markup in zip(spans, self.ner.map([doc.text[s:e] for s, e in spans])):
            for span in markup.spans:
                label = LABELS.get(span.type)
                text = doc.text[s + span.start : s + span.stop]
                if label is None or not text[:1].isupper():
                    continue
                # Names in the nominative and places by their dictionary form, as the generic layer gives them.
                out.append(Mention(s + span.start, s + span.stop, label, canonical_name(label, tuple(text.split()), language), NAME))
        return out
