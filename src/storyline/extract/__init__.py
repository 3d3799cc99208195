"""Per-document extraction: entities, time, quotes, figures, events.

Only reporting segments (headline, body) are read: nothing is extracted
from teasers, bylines or comments. Each article unit is analysed apart, in
its own language, so a glued second article never lends the first its
names or dates.
"""

from __future__ import annotations

import logging
from collections import defaultdict
from functools import cache

from ..fingerprint import backend_fingerprint
from ..lang.dictionaries import cached_simplemma_dictionaries
from ..records import REPORTING_KINDS, Document
from ..registry import entity_backends
from ..settings import Settings
from .entities import EntityRecognizer, get_recognizer
from .events import find_events
from .figures import find_figures
from .quotes import QuoteFinder
from .timex import find_times

log = logging.getLogger(__name__)

# Backends for "auto": English by spaCy, Croatian, Serbian and Bosnian by the
# CRF trained on UNER (dev F1 in docs/extraction.md); the rules when the
# backend cannot load.
AUTO_BY_LANGUAGE = {"en": "entities.spacy.v1", "hr": "entities.hbs.v1", "sr": "entities.hbs.v1", "bs": "entities.hbs.v1"}
DEFAULT_BACKEND = "entities.rules.v1"


# Languages with rules and word lists of their own (lang/<code>/entities.toml);
# every other language gets the generic layer (extract/generic.py).
RULE_LANGUAGES = frozenset({"en", "hr", "sr", "bs"})
GENERIC_BACKEND = "entities.generic.v1"


def backend_for(language: str, setting: str = "auto") -> str:
    if setting != "auto":
        return setting
    if language not in AUTO_BY_LANGUAGE and language not in RULE_LANGUAGES:
        from ..backends.spacy_other import MODELS, installed

        if installed(language):  # a trained pipeline measured better than the generic layer
            from .. import backends  # noqa: F401  (registers the model backends)

            return MODELS[language][0]
        from . import generic  # noqa: F401  (registers the generic backend)

        return GENERIC_BACKEND
    wanted = AUTO_BY_LANGUAGE.get(language, DEFAULT_BACKEND)
    if wanted != DEFAULT_BACKEND:
        from .. import backends  # noqa: F401  (registers the model backends)
        from ..errors import NotInstalled

        try:
            get_recognizer(wanted)
        except NotInstalled as exc:
            _fallback_once(wanted, str(exc))
            return DEFAULT_BACKEND
    return wanted


@cache
def _fallback_once(backend: str, reason: str) -> None:
    log.warning("entity backend %s unavailable (%s); using %s", backend, reason, DEFAULT_BACKEND)


def unit_spans(doc: Document) -> dict[tuple[int, str], dict[str, list[tuple[int, int]]]]:
    """Reporting sentences and segments, grouped by (article unit, language)."""
    groups: dict[tuple[int, str], dict[str, list[tuple[int, int]]]] = defaultdict(lambda: {"sentences": [], "segments": []})
    for seg in doc.segments:
        if seg.kind in REPORTING_KINDS:
            groups[(seg.unit, seg.language or doc.language or "en")]["segments"].append((seg.start, seg.end))
    for sent in doc.sentences:
        seg = doc.segments[sent.segment]
        if seg.kind in REPORTING_KINDS:
            groups[(seg.unit, seg.language or doc.language or "en")]["sentences"].append((sent.start, sent.end))
    return groups


class ExtractStep:
    """Entities, times, quotes, figures and events of every reporting sentence."""

    requires = frozenset({"segments", "sentences", "language"})
    assigns = frozenset({"mentions", "times", "quotes", "figures", "events"})

    def __init__(self, entities_backend: str = "auto", settings: Settings | None = None) -> None:
        self.setting = entities_backend
        self.settings = settings  # what the entity backends are built with (None: the user's)
        if entities_backend != "auto":
            entity_backends.get(entities_backend)  # fail now on an unknown name
        # v3: "auto" reads Croatian, Serbian and Bosnian with the trained
        # entities.hbs.v1 model and Serbian/Bosnian with their own data, so
        # documents stored by v2 are analysed again when ingested again. The
        # backend's own settings (another LLM or GLiNER model) follow its
        # name as a digest; with their defaults the name is unchanged.
        self.name = f"extract.v3[{entities_backend}{backend_fingerprint(entities_backend, settings)}]"
        self.quotes = QuoteFinder()

    def recognizer(self, language: str) -> EntityRecognizer:
        return get_recognizer(backend_for(language, self.setting), self.settings)

    def process(self, doc: Document) -> Document:
        # Every reader that asks simplemma (the generic name layer too) gets
        # its dictionaries through the user cache, not decoded again (German: 3.7 s).
        cached_simplemma_dictionaries()
        doc.mentions, doc.times, doc.quotes, doc.figures, doc.events = [], [], [], [], []
        languages: set[str] = set()
        for (_unit, language), spans in sorted(unit_spans(doc).items()):
            languages.add(language)
            sentences = spans["sentences"]
            mentions = self.recognizer(language).recognise(doc, sentences, language)
            _full_names(mentions)
            doc.mentions.extend(mentions)
            times = [t for s, e in sentences for t in find_times(doc.text, s, e, language, doc.published)]
            doc.times.extend(times)
            quotes = self.quotes.find(doc, mentions, sentences, spans["segments"], language)
            doc.quotes.extend(quotes)
            figures = find_figures(doc.text, sentences, language, times, quotes)
            events = find_events(doc.text, sentences, language, mentions, times, figures)
            doc.figures.extend(figures)
            doc.events.extend(events)
        for items in (doc.mentions, doc.times, doc.quotes, doc.figures):
            items.sort(key=lambda x: x.start)
        doc.events.sort(key=lambda x: (x.start, x.trigger_start))
        _say_what_was_partial(doc, languages, self.setting)
        return doc


def _say_what_was_partial(doc: Document, languages: set[str], setting: str) -> None:
    """A note on each language of the document the analysis handles only partly
    (lang/capabilities.py), so the brief says so instead of showing noise."""
    from ..lang.capabilities import capability

    doc.notes = [n for n in doc.notes if not n.startswith(PARTIAL_NOTE)]
    for language in sorted(languages):
        note = capability(language, setting).note()
        if note:
            doc.notes.append(note)


# How a capability note begins (a re-analysis replaces the old one).
PARTIAL_NOTE = "partial analysis: "


def _full_names(mentions) -> None:
    """A surname alone names the person given in full in the same article:
    "Borin" after "Ivan Borin". Two people sharing it: left alone."""
    full: dict[str, set[str]] = defaultdict(set)
    for m in mentions:
        words = m.canonical.split()
        if m.type == "person" and len(words) > 1:
            full[words[-1]].add(m.canonical)
    for m in mentions:
        if m.type == "person" and " " not in m.canonical and len(full.get(m.canonical, ())) == 1:
            m.canonical = next(iter(full[m.canonical]))


def extract_steps(entities_backend: str = "auto", settings: Settings | None = None) -> list:
    from .. import backends  # noqa: F401  (registers the model backends)

    return [ExtractStep(entities_backend, settings)]


__all__ = ["ExtractStep", "backend_for", "extract_steps", "unit_spans"]
