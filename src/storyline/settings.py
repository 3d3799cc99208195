"""Every setting, declared once: name, type, default, help.

The declarations are the fields of :class:`Settings` (each made by
:func:`declare`); :data:`SETTINGS`, which ``storyline settings``, the CLI's
option help and the README test read, is derived from them, so a default is
written in exactly one place. Environment variables that are not settings
(the config file's path, standard variables) are declared in
:data:`ENVIRONMENT`; ``tests/test_settings.py`` checks that the code reads no
other.

Layers, later wins: defaults < user file (``storyline.toml`` in the working
directory or ``$STORYLINE_CONFIG``) < environment (``STORYLINE_<NAME>``) <
explicit values (CLI flags, keyword arguments).
"""

from __future__ import annotations

import os
import tomllib
from dataclasses import dataclass, field, fields, replace
from pathlib import Path
from typing import Any

from .errors import UsageError

# Prefix of the environment variable of each setting: STORYLINE_<NAME>.
ENV_PREFIX = "STORYLINE_"


@dataclass(frozen=True)
class Setting:
    name: str
    default: Any
    help: str
    # What a value looks like, in plain words, for help texts ("FILE|URL", "BYTES");
    # empty: derived from the default's type.
    metavar: str = ""

    @property
    def env(self) -> str:
        """The environment variable that sets it."""
        return ENV_PREFIX + self.name.upper()

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


def declare(default: Any, help: str, metavar: str = "") -> Any:
    """One setting's declaration, as a field of :class:`Settings` (its name is the field's)."""
    return field(default=default, metadata={"help": help, "metavar": metavar})


@dataclass(frozen=True)
class Settings:
    db: str = declare("storyline.db", "SQLite file, or postgresql://user@host/database URL, that holds documents and analyses.", "FILE|URL")
    max_bytes: int = declare(20_000_000, "Inputs larger than this many bytes are refused.", "BYTES")
    near_duplicate_threshold: float = declare(
        0.8,
        "Estimated Jaccard similarity of word 5-grams above which a document "
        "is marked as a near-duplicate of an earlier one.",
    )
    langid_backend: str = declare("langid.lingua.v1", "Language identification backend (see `storyline backends`).")
    on_error: str = declare("skip", "Per-document failures: 'skip' (record and go on) or 'raise'.")
    entities_backend: str = declare(
        "auto",
        "Entity recognition backend (see `storyline backends`); 'auto' uses entities.spacy.v1 "
        "for English, entities.hbs.v1 for Croatian, Serbian and Bosnian, and entities.rules.v1 "
        "otherwise or when a model cannot load.",
    )
    llm_url: str = declare("", "Base URL of an OpenAI-compatible endpoint for entities.llm.v1 (e.g. http://localhost:11434/v1).")
    llm_model: str = declare("", "Model name to ask at llm_url.")
    gliner_model: str = declare(
        "urchade/gliner_multi-v2.1",
        "Hugging Face model that entities.gliner.v1 loads (downloaded at first use).",
        "MODEL",
    )
    hf_ner_model: str = declare(
        "classla/bcms-bertic-ner",
        "Hugging Face token-classification model (name or folder) that entities.hf.v1 loads (downloaded at "
        "first use); the default, BERTić fine-tuned for NER, reads Croatian, Serbian, Bosnian and Montenegrin.",
        "MODEL",
    )
    api_token: str = declare(
        "",
        "Token that POST /api/documents of `storyline serve` requires (Authorization: Bearer <token>); "
        "empty: posting is off. Reads need no token: bind to 127.0.0.1 (the default) to keep them local.",
    )
    max_request_bytes: int = declare(5_000_000, "Largest request body `storyline serve` accepts; larger ones get 413.")
    allowed_hosts: str = declare(
        "localhost,127.0.0.1,::1",
        "Host names `storyline serve` answers to (comma-separated; the bound --host is added; '*': any). "
        "Other Host headers get 400, which stops DNS rebinding.",
    )
    story_threshold: float = declare(
        # = link.stories.STORY_THRESHOLD, where its calibration is written (tests/test_settings.py keeps them equal).
        0.18,
        "Similarity (0-1: shared names, words, numbers, event types, and embeddings with story_embeddings) from "
        "which an article joins an existing story; higher splits stories finer. The default is calibrated on "
        "evaluate/gold/stories/dev.jsonl (docs/linking.md).",
    )
    story_embeddings: bool = declare(
        False,
        "Compare articles for stories also by multilingual-e5-small embeddings of headline and lead "
        "(pip install 'storyline[embed]'): translations and reports in other languages group far better, "
        "ingest is several times slower.",
    )
    workers: int = declare(
        0,
        "Worker processes that analyse documents (the writer stores them in input order); 1: in process; "
        "0: auto, the machine's cores for batches of 2 MB of input or more, else in process.",
        "N",
    )
    engine: str = declare("local", "Where analysis runs: 'local' (this machine, see workers) or 'dask' (a Dask cluster).", "local|dask")
    scheduler: str = declare("", "Dask scheduler address (tcp://host:8786) for engine 'dask'; empty: a LocalCluster of `workers` processes.", "ADDRESS")
    watch_every: str = declare("5m", "How often `storyline watch` polls its feeds and folders (30s, 5m, 1h).", "PERIOD")
    include_low_quality: bool = declare(
        False,
        "Place documents the input quality gate marks low_quality (too short, mostly markup or template "
        "placeholders, mostly paywall or cookie notices) in stories and briefs; by default they are stored, "
        "noted and counted (`storyline stats`) but kept out.",
    )
    quality_min_letters: int = declare(
        25,
        "Fewer letters than this in the headline and body: the document is low_quality (too short). "
        "Calibrated on the dev part of src/storyline/evaluate/gold/quality/ (storyline eval --sets quality).",
        "LETTERS",
    )
    quality_max_markup: float = declare(
        0.3,
        "Share (0-1) of the main text's characters in markup or template placeholders ({{...}}, <tags>, ${...}) "
        "from which a document is low_quality.",
        "SHARE",
    )
    quality_max_boilerplate: float = declare(
        0.5,
        "Share (0-1) of the main text's letters in sentences of paywall, login, cookie or error notices "
        "from which a document is low_quality.",
        "SHARE",
    )
    quality_min_letters_with_notice: int = declare(
        250,
        "A main text with a paywall, login, cookie or error notice and fewer other letters than this "
        "is low_quality (a photo caption left by a paywall).",
        "LETTERS",
    )
    datasets: str = declare(
        "",
        "Folder of the shared evaluation datasets (hr500k, MEANTIME, UNER) that `storyline eval` scores "
        "when present; empty: ../shared/datasets next to the working directory or the repository.",
        "DIR",
    )

    def with_(self, **values: Any) -> Settings:
        clean = {k: v for k, v in values.items() if v is not None}
        unknown = set(clean) - set(_BY_NAME)
        if unknown:
            raise UsageError(f"unknown setting(s): {', '.join(sorted(unknown))}")
        return replace(self, **{k: _coerce(k, v) for k, v in clean.items()})


SETTINGS: tuple[Setting, ...] = tuple(
    Setting(f.name, f.default, f.metadata["help"], f.metadata["metavar"]) for f in fields(Settings)
)
_BY_NAME = {s.name: s for s in SETTINGS}


def setting(name: str) -> Setting:
    """The declaration of one setting (help texts read it)."""
    return _BY_NAME[name]


@dataclass(frozen=True)
class EnvironmentVariable:
    """An environment variable the code reads that is not a setting's STORYLINE_<NAME>."""

    name: str
    help: str


ENVIRONMENT: tuple[EnvironmentVariable, ...] = (
    EnvironmentVariable("STORYLINE_CONFIG", "The settings file to read instead of ./storyline.toml."),
    EnvironmentVariable(
        "XDG_CACHE_HOME",
        "Standard cache folder (default ~/.cache); word lists built from dictionaries are cached in its storyline/ folder.",
    ),
)


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
    env = {s.name: os.environ[s.env] for s in SETTINGS if s.env in os.environ}
    return settings.with_(**env).with_(**overrides)
