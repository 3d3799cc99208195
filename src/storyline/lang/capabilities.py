"""What the analysis can do in each language, said in the output.

A document in a language the tool handles only partly says so (brief.json,
brief.md, the pages, ``storyline backends``) instead of silently showing
noise. Each extractor gets a level:

- ``model``: a trained statistical model (``entities.hbs.v1``, spaCy);
- ``rules``: rules with word lists of the language's own (``lang/<code>/``,
  or its base language's: Serbian and Bosnian build on Croatian);
- ``generic``: language-neutral methods only (``entities.generic.v1``:
  capitalisation, the language's dictionary, gazetteers);
- ``english-fallback``: English word lists applied to another language, which
  find little (cue words, numbers in words, month names do not match);
- ``none``: not run.

German, French, Russian, Spanish, Italian, Portuguese and Ukrainian have
quote, figure and time data of their own (cue words as data; decimal signs
and month and weekday names from CLDR), so those read ``rules``; their
events still run English word lists and say ``english-fallback``.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from functools import cache

from . import BASE, load

LEVELS: tuple[str, ...] = ("model", "rules", "generic", "english-fallback", "none")
# Extractor -> the lang/<code>/ file whose presence gives it rules.
DATA_FILES: dict[str, str] = {"quotes": "quotes", "figures": "figures", "time": "time", "events": "events"}
# Levels an analyst can rely on; anything else is flagged in the brief.
RELIABLE: frozenset[str] = frozenset({"model", "rules"})


@dataclass(frozen=True, slots=True)
class Capability:
    language: str
    entities: str
    entities_backend: str
    quotes: str
    figures: str
    time: str
    events: str

    @property
    def partial(self) -> bool:
        return any(getattr(self, k) not in RELIABLE for k in ("entities", *DATA_FILES))

    def note(self) -> str | None:
        """One line for the brief when the language is handled only partly."""
        if not self.partial:
            return None
        weak = [f"{k} {getattr(self, k)}" for k in ("entities", *DATA_FILES) if getattr(self, k) not in RELIABLE]
        return f"partial analysis: language {self.language} is handled only partly: " + ", ".join(weak)

    def as_dict(self) -> dict[str, object]:
        return {**asdict(self), "partial": self.partial}


@cache
def capability(language: str, entities_setting: str = "auto") -> Capability:
    from ..extract import backend_for

    backend = backend_for(language, entities_setting)
    entities = {"entities.rules.v1": "rules", "entities.generic.v1": "generic"}.get(backend, "model")
    if entities == "rules" and not load(language, "entities"):
        entities = "english-fallback"

    def level(name: str) -> str:
        if load(language, name):
            return "rules"
        return "none" if language in BASE else "english-fallback"

    return Capability(language, entities, backend, **{k: level(f) for k, f in DATA_FILES.items()})
