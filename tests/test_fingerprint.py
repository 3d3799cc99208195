"""The analysis version follows the settings that change what is extracted."""

from __future__ import annotations

import pytest

from storyline.extract import AUTO_BY_LANGUAGE, DEFAULT_BACKEND, GENERIC_BACKEND, ExtractStep
from storyline.fingerprint import backend_fingerprint
from storyline.registry import entity_backends
from storyline.service import current_version
from storyline.settings import Settings

LLM = Settings(entities_backend="entities.llm.v1", llm_url="http://127.0.0.1:9/v1")


def test_another_llm_model_is_another_analysis_version() -> None:
    a = current_version(LLM.with_(llm_model="model-a"))
    b = current_version(LLM.with_(llm_model="model-b"))
    assert a != b
    assert "extract.v3[entities.llm.v1~" in a  # the step says which backend, the digest which settings
    assert current_version(LLM.with_(llm_model="model-a")) == a  # the same settings, the same version
    assert current_version(LLM.with_(llm_model="model-a", db="other.db")) == a  # a setting it does not read


def test_another_gliner_model_is_another_version_and_the_default_model_keeps_the_old_name() -> None:
    gliner = Settings(entities_backend="entities.gliner.v1")
    default = current_version(gliner)
    assert "+extract.v3[entities.gliner.v1]+" in default  # the name stores made before carry
    assert current_version(gliner.with_(gliner_model="someone/gliner-other")) != default


def test_another_hf_model_is_another_version() -> None:
    hf = Settings(entities_backend="entities.hf.v1")
    assert "+extract.v3[entities.hf.v1]+" in current_version(hf)
    assert current_version(hf.with_(hf_ner_model="someone/other-ner")) != current_version(hf)


def test_the_default_settings_keep_the_version_stores_already_carry() -> None:
    version = current_version(Settings())
    assert "+extract.v3[auto]+" in version
    # Backend settings matter only to the backend that reads them.
    assert current_version(Settings(llm_model="model-a", gliner_model="someone/other")) == version


def test_the_digest_does_not_show_the_settings_values() -> None:
    secret = "http://user:hunter2@llm.example/v1"
    part = backend_fingerprint("entities.llm.v1", LLM.with_(llm_url=secret, llm_model="model-a"))
    assert part.startswith("~") and "hunter2" not in part and "model-a" not in part


def test_no_settings_given_reads_the_users_settings(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("STORYLINE_LLM_URL", "http://127.0.0.1:9/v1")
    monkeypatch.setenv("STORYLINE_LLM_MODEL", "model-a")
    from_env = ExtractStep("entities.llm.v1").name
    monkeypatch.setenv("STORYLINE_LLM_MODEL", "model-b")
    assert ExtractStep("entities.llm.v1").name != from_env
    assert ExtractStep("entities.llm.v1", LLM.with_(llm_model="model-b")).name == ExtractStep("entities.llm.v1").name


def test_auto_picks_only_backends_that_read_no_settings() -> None:
    """"auto" adds no digest to the step name: true only while none of the
    backends it can pick reads settings (add their digest when one does)."""
    from storyline.backends.spacy_other import MODELS

    auto = {*AUTO_BY_LANGUAGE.values(), DEFAULT_BACKEND, GENERIC_BACKEND, *(m[0] for m in MODELS.values())}
    assert {name: entity_backends.settings_used(name) for name in auto} == dict.fromkeys(auto, ())
    assert entity_backends.settings_used("entities.llm.v1") == ("llm_url", "llm_model")  # the check can fail
