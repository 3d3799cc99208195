"""spaCy and its trained pipelines, loaded with less start-up work (issue 17).

The same pipeline, component for component and weight for weight, as
``spacy.load`` gives; three costs every English (or French) process paid are
left out, each measured with ``-X importtime`` and cProfile of ``spacy.load``
(docs/decisions.md, "English start-up, 2026-12-01"):

- spaCy's package imports its command-line interface (weasel, typer's
  commands, requests, the project tools) only to export ``spacy.info``:
  about 0.3 s of CPU. While spaCy itself is imported, ``spacy.cli.info``
  is a placeholder whose ``info`` imports the real one when called; the
  placeholder is removed right after, so a later ``import spacy.cli`` is
  the real package.
- catalogue (spaCy's and thinc's registries) answers every registry
  look-up, a few hundred during one load, by filtering all installed
  packages' entry points again (``EntryPoints.select``): about 0.15 s.
  catalogue also accepts them grouped in a dict (its form for older
  Pythons); grouping the same list once gives the same answers.
- the tokenizer was built twice: first from the language's defaults
  (1,300 special cases, three large regexes), then replaced wholesale by
  the pipeline's own saved tokenizer (``Tokenizer.from_bytes`` resets every
  field before reading). The first is now an empty tokenizer: about 0.2 s.
"""

from __future__ import annotations

import sys
import types
from collections.abc import Sequence
from pathlib import Path
from typing import Any

# The tokenizer function the pipeline's config names is swapped for this one,
# which makes an empty tokenizer for the saved one to fill.
SAVED_TOKENIZER = "storyline.saved_tokenizer.v1"


def _info(*args: Any, **kwargs: Any) -> Any:
    """``spacy.info``, imported when called (spaCy's CLI is not imported at load)."""
    from spacy.cli.info import info

    return info(*args, **kwargs)


def import_spacy() -> types.ModuleType:
    """The spacy package, imported without its command-line interface, with
    catalogue's entry points grouped."""
    _group_entry_points()
    if "spacy" in sys.modules:
        return sys.modules["spacy"]
    placeholder = types.ModuleType("spacy.cli.info", "Placeholder while spaCy imports (storyline.backends.spacy_load).")
    placeholder.info = _info  # type: ignore[attr-defined]
    planted = sys.modules.setdefault("spacy.cli.info", placeholder) is placeholder
    try:
        import spacy
    finally:
        if planted and sys.modules.get("spacy.cli.info") is placeholder:
            del sys.modules["spacy.cli.info"]
    return spacy


def _group_entry_points() -> None:
    """catalogue's entry points as a plain dict of lists by group (once per process)."""
    import catalogue

    available = catalogue.AVAILABLE_ENTRY_POINTS
    if type(available) is not dict and hasattr(available, "select") and hasattr(available, "groups"):
        catalogue.AVAILABLE_ENTRY_POINTS = {group: list(available.select(group=group)) for group in available.groups}


def _register_saved_tokenizer(spacy: types.ModuleType) -> None:
    from spacy.tokenizer import Tokenizer

    def empty_tokenizer() -> Any:
        def make(nlp: Any) -> Any:
            return Tokenizer(nlp.vocab)

        return make

    if SAVED_TOKENIZER not in spacy.util.registry.tokenizers:
        spacy.util.registry.tokenizers.register(SAVED_TOKENIZER, func=empty_tokenizer)


def load(package: str, *, exclude: Sequence[str] = (), disable: Sequence[str] = ()) -> Any:
    """``spacy.load(package, exclude=..., disable=...)`` with the start-up costs
    above left out. Raises ImportError (spaCy missing) or OSError (no such
    pipeline) as ``spacy.load`` does. A pipeline without a saved tokenizer
    (none of spaCy's trained ones) is loaded by ``spacy.load`` itself."""
    spacy = import_spacy()
    path = spacy.util.get_package_path(package) if spacy.util.is_package(package) else Path(package)
    data = _data_dir(path)
    if data is None or not (data / "tokenizer").exists() or "tokenizer" in exclude:
        return spacy.load(package, exclude=list(exclude), disable=list(disable))
    _register_saved_tokenizer(spacy)
    return spacy.load(
        package, exclude=list(exclude), disable=list(disable), config={"nlp": {"tokenizer": {"@tokenizers": SAVED_TOKENIZER}}}
    )


def _data_dir(path: Path) -> Path | None:
    """The folder with the pipeline's config.cfg: the path itself, or the
    versioned folder a pipeline package keeps it in."""
    if (path / "config.cfg").exists():
        return path
    found = sorted(p.parent for p in path.glob("*/config.cfg"))
    return found[0] if len(found) == 1 else None
