"""spaCy loaded with less start-up work (backends/spacy_load.py, issue 17)
gives the very pipeline ``spacy.load`` gives, and a later ``import spacy.cli``
is spaCy's own."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from storyline.backends import spacy_load

SENTENCES = [
    "Harbour officials in Cardiff said on Monday that the operator Westline would cut 35 jobs.",
    '"We had no choice," chief executive Ruth Halloran told reporters after the board met in Leeds.',
    "Dr. O'Brien's U.S.-based firm paid $4.5m on 3/4/2021; see http://example.org or mail info@example.org :)",
    "The Red Crescent can't confirm reports that 1,200 families fled Aleppo's eastern districts -- yet.",
    "Mr. Nakamura (R-Ohio) won't say whether the e-mail was sent at 5:30 p.m. or later.",
]


def _english_package() -> str:
    spacy = pytest.importorskip("spacy")
    from storyline.backends.spacy_en import MODEL_PACKAGES

    for name in MODEL_PACKAGES:
        if spacy.util.is_package(name):
            return name
    pytest.skip("no English spaCy model installed")


def test_loaded_pipeline_equals_spacy_load() -> None:
    """Tokenizer and every component serialise to the same bytes, and the
    tokens, tags, parses, lemmas and entities are the same."""
    package = _english_package()
    import spacy

    fast = spacy_load.load(package)
    plain = spacy.load(package)
    assert fast.config["nlp"]["tokenizer"] == {"@tokenizers": spacy_load.SAVED_TOKENIZER}  # the cheap path was taken
    assert fast.tokenizer.to_bytes() == plain.tokenizer.to_bytes()
    assert fast.component_names == plain.component_names
    for name in plain.component_names:
        assert fast.get_pipe(name).to_bytes(exclude=["vocab"]) == plain.get_pipe(name).to_bytes(exclude=["vocab"]), name

    def read(doc):  # noqa: ANN001, ANN202 - spacy Doc
        return [(t.text, t.whitespace_, t.tag_, t.pos_, t.dep_, t.head.i, t.lemma_, t.ent_iob_, t.ent_type_) for t in doc]

    for a, b in zip(fast.pipe(SENTENCES), plain.pipe(SENTENCES)):
        assert read(a) == read(b)
    assert ("Ruth Halloran", "PERSON") in [(e.text, e.label_) for e in fast(SENTENCES[1]).ents]  # a real model ran


def test_excluded_components_are_not_loaded() -> None:
    package = _english_package()
    nlp = spacy_load.load(package, exclude=["senter", "lemmatizer"], disable=["parser"])
    assert "senter" not in nlp.component_names and "lemmatizer" not in nlp.component_names
    assert "parser" in nlp.disabled


def test_spacy_imports_without_its_cli_and_the_cli_still_works() -> None:
    pytest.importorskip("spacy")
    probe = (
        "import sys, json\n"
        "from storyline.backends.spacy_load import import_spacy\n"
        "spacy = import_spacy()\n"
        "before = sorted(m for m in sys.modules if m.startswith(('spacy.cli', 'weasel')))\n"
        "import spacy.cli\n"
        "from spacy.cli.info import info\n"
        "print(json.dumps({'before': before, 'real': info.__module__, 'info': sorted(spacy.info(silent=True))}))\n"
    )
    out = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True, timeout=180)
    seen = json.loads(out.stdout.strip().splitlines()[-1])
    assert seen["before"] == []  # neither spaCy's CLI nor weasel at import
    assert seen["real"] == "spacy.cli.info"  # the placeholder is gone: spaCy's own module
    assert "spacy_version" in seen["info"]  # spacy.info answers as spaCy's


def test_grouped_entry_points_answer_as_the_registry_did() -> None:
    spacy = pytest.importorskip("spacy")
    from importlib.metadata import entry_points

    import catalogue

    spacy_load.import_spacy()
    grouped = catalogue.AVAILABLE_ENTRY_POINTS
    every = entry_points()
    assert type(grouped) is dict  # grouped even when spaCy was imported before
    assert set(grouped) == set(every.groups)
    for group in every.groups:
        assert [(e.name, e.value) for e in grouped[group]] == [(e.name, e.value) for e in every.select(group=group)]
    assert spacy.util.registry.tokenizers.get("spacy.Tokenizer.v1") is not None


def test_data_dir_finds_the_versioned_folder(tmp_path: Path) -> None:
    assert spacy_load._data_dir(tmp_path) is None
    (tmp_path / "pkg-1.0").mkdir()
    (tmp_path / "pkg-1.0" / "config.cfg").write_text("", encoding="utf-8")
    assert spacy_load._data_dir(tmp_path) == tmp_path / "pkg-1.0"
    (tmp_path / "config.cfg").write_text("", encoding="utf-8")
    assert spacy_load._data_dir(tmp_path) == tmp_path


def test_without_the_saved_tokenizer_spacys_own_is_kept(tmp_path: Path) -> None:
    """The empty tokenizer is only made when the saved one fills it: with the
    saved tokenizer excluded, spaCy's tokenizer from the language's defaults."""
    spacy = pytest.importorskip("spacy")
    spacy.blank("en").to_disk(tmp_path / "blank")
    nlp = spacy_load.load(str(tmp_path / "blank"), exclude=["tokenizer"])
    assert nlp.config["nlp"]["tokenizer"] != {"@tokenizers": spacy_load.SAVED_TOKENIZER}
    assert [t.text for t in nlp("Don't stop.")] == ["Do", "n't", "stop", "."]
    saved = spacy_load.load(str(tmp_path / "blank"))
    assert saved.config["nlp"]["tokenizer"] == {"@tokenizers": spacy_load.SAVED_TOKENIZER}
    assert [t.text for t in saved("Don't stop.")] == ["Do", "n't", "stop", "."]
