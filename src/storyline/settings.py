"""Every setting, declared once: name, default, help.

Layers, later wins: defaults < user file (``storyline.toml`` in the working
directory or ``$STORYLINE_CONFIG``) < environment (``STORYLINE_<NAME>``) <
explicit values (CLI flags, keyword arguments).
"""

from __future__ import annotations

import os
import tomllib
from dataclasses import dataclass, fields, replace
from pathlib import Path
from typing import Any

from .errors import UsageError


@dataclass(frozen=True)
class Setting:
    name: str
    default: Any
    help: str
    # What a value looks like, in plain words, for help texts ("FILE|URL", "BYTES");
    # empty: derived from the default's type.
    metavar: str = ""

    @property
    def shown_metavar(self) -> str:
        if self.metavar:
            return self.metavar
        return {bool: "BOOL", int: "INTEGER", float: "NUMBER"}.get(type(self.default), "TEXT")

    @property
    def shown_default(self) -> str:
        """The default as a user would type it: ``20000000``, ``false``, ``(empty)``."""
        if isinstance(self.default, bool):
            return str(self.default).lower()
        return str(self.default) if self.default != "" else "(empty)"


SETTINGS: tuple[Setting, ...] = (
    Setting("db", "storyline.db", "SQLite file, or postgresql://user@host/database URL, that holds documents and analyses.", "FILE|URL"),
    Setting("max_bytes", 20_000_000, "Inputs larger than this many bytes are refused.", "BYTES"),
    Setting(
        "near_duplicate_threshold",
        0.8,
        "Estimated Jaccard similarity of word 5-grams above which a document "
        "is marked as a near-duplicate of an earlier one.",
    ),
    Setting(
        "langid_backend",
        "langid.lingua.v1",
        "Language identification backend (see `storyline backends`).",
    ),
    Setting("on_error", "skip", "Per-document failures: 'skip' (record and go on) or 'raise'."),
    Setting(
        "entities_backend",
        "auto",
        "Entity recognition backend (see `storyline backends`); 'auto' uses entities.spacy.v1 "
        "for English, entities.hbs.v1 for Croatian, Serbian and Bosnian, and entities.rules.v1 "
        "otherwise or when a model cannot load.",
    ),
    Setting("llm_url", "", "Base URL of an OpenAI-compatible endpoint for entities.llm.v1 (e.g. http://localhost:11434/v1)."),
    Setting("llm_model", "", "Model name to ask at llm_url."),
    Setting(
        "api_token",
        "",
        "Token that POST /api/documents of `storyline serve` requires (Authorization: Bearer <token>); "
        "empty: posting is off. Reads need no token: bind to 127.0.0.1 (the default) to keep them local.",
    ),
    Setting("max_request_bytes", 5_000_000, "Largest request body `storyline serve` accepts; larger ones get 413."),
    Setting(
        "allowed_hosts",
        "localhost,127.0.0.1,::1",
        "Host names `storyline serve` answers to (comma-separated; the bound --host is added; '*': any). "
        "Other Host headers get 400, which stops DNS rebinding.",
    ),
    Setting(
        "story_threshold",
        0.14,
        "Similarity (0-1: shared names, words, numbers, event types, and embeddings with story_embeddings) from "
        "which an article joins an existing story; higher splits stories finer. 0.14 is calibrated on "
        "evaluate/gold/stories/dev.jsonl (docs/linking.md).",
    ),
    Setting(
        "story_embeddings",
        False,
        "Compare articles for stories also by multilingual-e5-small embeddings of headline and lead "
        "(pip install 'storyline[embed]'): translations and reports in other languages group far better, "
        "ingest is several times slower.",
    ),
    Setting(
        "workers",
        0,
        "Worker processes that analyse documents (the writer stores them in input order); 1: in process; "
        "0: auto, the machine's cores for batches of 2 MB of input or more, else in process.",
        "N",
    ),
    Setting("engine", "local", "Where analysis runs: 'local' (this machine, see workers) or 'dask' (a Dask cluster).", "local|dask"),
    Setting("scheduler", "", "Dask scheduler address (tcp://host:8786) for engine 'dask'; empty: a LocalCluster of `workers` processes.", "ADDRESS"),
    Setting("watch_every", "5m", "How often `storyline watch` polls its feeds and folders (30s, 5m, 1h).", "PERIOD"),
    Setting(
        "include_low_quality",
        False,
        "Place documents the input quality gate marks low_quality (too short, mostly markup or template "
        "placeholders, mostly paywall or cookie notices) in stories and briefs; by default they are stored, "
        "noted and counted (`storyline stats`) but kept out.",
    ),
    Setting(
        "quality_min_letters",
        25,
        "Fewer letters than this in the headline and body: the document is low_quality (too short). "
        "Calibrated on the dev part of src/storyline/evaluate/gold/quality/ (storyline eval --sets quality).",
        "LETTERS",
    ),
    Setting(
        "quality_max_markup",
        0.3,
        "Share (0-1) of the main text's characters in markup or template placeholders ({{...}}, <tags>, ${...}) "
        "from which a document is low_quality.",
        "SHARE",
    ),
    Setting(
        "quality_max_boilerplate",
        0.5,
        "Share (0-1) of the main text's letters in sentences of paywall, login, cookie or error notices "
        "from which a document is low_quality.",
        "SHARE",
    ),
    Setting(
        "quality_min_letters_with_notice",
        250,
        "A main text with a paywall, login, cookie or error notice and fewer other letters than this "
        "is low_quality (a photo caption left by a paywall).",
        "LETTERS",
    ),
)

_BY_NAME = {s.name: s for s in SETTINGS}


def setting(name: str) -> Setting:
    """The declaration of one setting (help texts read it)."""
    return _BY_NAME[name]


@dataclass(frozen=True)
class Settings:
    db: str = "storyline.db"
    max_bytes: int = 20_000_000
    near_duplicate_threshold: float = 0.8
    langid_backend: str = "langid.lingua.v1"
    on_error: str = "skip"
    entities_backend: str = "auto"
    llm_url: str = ""
    llm_model: str = ""
    api_token: str = ""
    max_request_bytes: int = 5_000_000
    allowed_hosts: str = "localhost,127.0.0.1,::1"
    story_threshold: float = 0.14
    story_embeddings: bool = False
    workers: int = 0
    engine: str = "local"
    scheduler: str = ""
    watch_every: str = "5m"
    include_low_quality: bool = False
    quality_min_letters: int = 25
    quality_max_markup: float = 0.3
    quality_max_boilerplate: float = 0.5
    quality_min_letters_with_notice: int = 250

    def with_(self, **values: Any) -> Settings:
        clean = {k: v for k, v in values.items() if v is not None}
        unknown = set(clean) - set(_BY_NAME)
        if unknown:
            raise UsageError(f"unknown setting(s): {', '.join(sorted(unknown))}")
        return replace(self, **{k: _coerce(k, v) for k, v in clean.items()})


def _coerce(name: str, value: Any) -> Any:
    default = _BY_NAME[name].default
    try:
        if isinstance(default, bool):
            return value if isinstance(value, bool) else str(value).lower() in {"1", "true", "yes"}
        return type(default)(value)
    except (TypeError, ValueError) as exc:
        raise UsageError(f"setting {name}: cannot read {value!r} as {type(default).__name__}") from exc


def load_settings(config_file: str | Path | None = None, **overrides: Any) -> Settings:
    """Build settings from the layers described in the module docstring."""
    settings = Settings()
    path = config_file or os.environ.get("STORYLINE_CONFIG")
    if path is None and Path("storyline.toml").is_file():
        path = "storyline.toml"
    if path:
        try:
            data = tomllib.loads(Path(path).read_text(encoding="utf-8"))
        except (OSError, tomllib.TOMLDecodeError) as exc:
            raise UsageError(f"cannot read config file {path}: {exc}") from exc
        settings = settings.with_(**data.get("storyline", data))
    env = {
        s.name: os.environ[f"STORYLINE_{s.name.upper()}"]
        for s in SETTINGS
        if f"STORYLINE_{s.name.upper()}" in os.environ
    }
    return settings.with_(**env).with_(**overrides)


assert {f.name for f in fields(Settings)} == set(_BY_NAME), "Settings and SETTINGS disagree"
