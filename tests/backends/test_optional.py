"""The Hugging Face backend (entities.hf.v1) without transformers: the
decoding of pipeline groups into mentions, on groups written by hand in the
shape the token-classification pipeline returns, and its construction
failing with the install command."""

from __future__ import annotations

import sys
import types
from typing import Any

import pytest

from storyline.backends.optional import HF_BATCH_SIZE, HfRecognizer, hf_mentions, hf_spans
from storyline.errors import NotInstalled, UsageError
from storyline.extract import backend_for
from storyline.records import Document
from storyline.registry import entity_backends
from storyline.settings import Settings


def group(sentence: str, label: str, words: str, *, start: int | None = None, end: int | None = None, at: int = 0) -> dict[str, Any]:
    """One pipeline group over ``words`` (its ``at``-th occurrence is found
    from there), with the pipeline's keys; ``start``/``end`` override the
    offsets, as a tokenizer that glues on a space or a piece would give."""
    s = sentence.index(words, at)
    return {"entity_group": label, "score": 0.97, "word": words, "start": s if start is None else start, "end": s + len(words) if end is None else end}


def texts(sentence: str, spans: list) -> list[tuple[str, str]]:
    return [(sentence[x.start : x.end], x.type) for x in hf_spans(sentence, spans)]


LATIN = "Ministar financija Marko Horvat rekao je u Osijeku da „Croatia osiguranje“ i tvrtka Lipa d.o.o. plaćaju porez, a predstavnik MMF-a to je potvrdio."


def test_groups_become_whole_words_with_the_labels_mapped_and_the_rest_dropped() -> None:
    osijek = LATIN.index("Osijeku")
    spans = [
        # a leading space glued on by the tokenizer
        group(LATIN, "PER", "Marko Horvat", start=LATIN.index("Marko Horvat") - 1),
        # aggregation split a word in two pieces: "Osijek" and "##u"
        {"entity_group": "LOC", "score": 0.99, "word": "Osijek", "start": osijek, "end": osijek + 6},
        {"entity_group": "LOC", "score": 0.51, "word": "##u", "start": osijek + 6, "end": osijek + 7},
        # the quotes tagged with the name
        group(LATIN, "ORG", "„Croatia osiguranje“"),
        # an abbreviation's full stop stays
        group(LATIN, "ORG", "Lipa d.o.o."),
        # the model read "MMF" and not its case ending
        group(LATIN, "ORG", "MMF"),
        # other labels are not entities here
        group(LATIN, "MISC", "porez"),
        group(LATIN, "DERIV-PER", "Ministar"),
    ]
    assert texts(LATIN, spans) == [
        ("Marko Horvat", "person"),
        ("Osijeku", "location"),
        ("Croatia osiguranje", "organization"),
        ("Lipa d.o.o.", "organization"),
        ("MMF-a", "organization"),
    ]


def test_a_trailing_full_stop_after_a_word_and_stray_punctuation_are_trimmed() -> None:
    sentence = "Sastanak je održan u Splitu. (Vijeće)"
    spans = [group(sentence, "LOC", "Splitu."), group(sentence, "ORG", "(Vijeće)")]
    assert texts(sentence, spans) == [("Splitu", "location"), ("Vijeće", "organization")]


def test_prefixed_labels_are_read_and_groups_without_usable_offsets_give_nothing() -> None:
    sentence = "Ana Kovač stigla je u Mostar."
    spans = [
        {**group(sentence, "PER", "Ana Kovač"), "entity_group": None, "entity": "B-PER"},  # aggregation "none"
        {"entity_group": "LOC", "score": 0.9, "word": "Mostar", "start": None, "end": None},  # no offsets
        {"entity_group": "LOC", "score": 0.9, "word": "Mostar.", "start": 22, "end": 99},  # past the sentence
        {"entity_group": "LOC", "score": 0.9, "word": " ", "start": 9, "end": 10},  # only a space
    ]
    assert texts(sentence, spans) == [("Ana Kovač", "person")]


def test_offsets_point_into_the_document_and_names_are_nominatives() -> None:
    head = "Naslov članka\n\n"
    text = head + LATIN
    start = len(head)
    groups = [group(LATIN, "PER", "Marko Horvat"), group(LATIN, "LOC", "Osijeku"), group(LATIN, "ORG", "MMF")]
    mentions = hf_mentions(text, [(start, len(text))], [groups], "hr")
    assert [(text[m.start : m.end], m.type, m.canonical, m.backend) for m in mentions] == [
        ("Marko Horvat", "person", "Marko Horvat", "entities.hf.v1"),
        ("Osijeku", "location", "Osijek", "entities.hf.v1"),
        ("MMF-a", "organization", "MMF", "entities.hf.v1"),
    ]


def test_cyrillic_mentions_point_at_the_cyrillic_text_and_carry_latin_nominatives() -> None:
    first = "Влада је јуче заседала."
    second = "Министарка Јелена Марковић разговарала је у Новом Саду са представницима Европске уније."
    text = f"{first} {second}"
    at = len(first) + 1
    groups = [group(second, "PER", "Јелена Марковић"), group(second, "LOC", "Новом Саду"), group(second, "ORG", "Европске уније")]
    mentions = hf_mentions(text, [(0, len(first)), (at, len(text))], [[], groups], "sr")
    assert [(text[m.start : m.end], m.type) for m in mentions] == [
        ("Јелена Марковић", "person"), ("Новом Саду", "location"), ("Европске уније", "organization"),
    ]  # fmt: skip
    assert [m.canonical for m in mentions] == ["Jelena Marković", "Novi Sad", "Evropska unija"]


def test_armed_groups_lower_case_openings_and_languages_without_declension() -> None:
    sentence = "Pobunjenička skupina Crni orlovi preuzela je odgovornost, rekla je vlada."
    groups = [group(sentence, "ORG", "Crni orlovi"), group(sentence, "ORG", "vlada")]
    assert [(m.type, m.canonical) for m in hf_mentions(sentence, [(0, len(sentence))], [groups], "hr")] == [("group", "Crni orlovi")]
    english = "Talks resumed in  New York on Monday."
    found = hf_mentions(english, [(0, len(english))], [[group(english, "LOC", "New York")]], "en")
    assert [(m.canonical, m.type) for m in found] == [("New York", "location")]


def test_outputs_must_match_the_sentences() -> None:
    with pytest.raises(ValueError, match="1 pipeline outputs for 2 sentences"):
        hf_mentions("A. B.", [(0, 2), (3, 5)], [[]], "hr")


class FakePipeline:
    """Stands in for transformers' pipeline: the groups of each sentence, and the calls it got."""

    def __init__(self, answer: dict[str, list[dict[str, Any]]]) -> None:
        self.answer = answer
        self.calls: list[tuple[list[str], int]] = []

    def __call__(self, inputs: list[str], batch_size: int) -> list[list[dict[str, Any]]]:
        self.calls.append((inputs, batch_size))
        return [self.answer.get(s, []) for s in inputs]


def test_recognise_sends_every_sentence_in_one_batched_call() -> None:
    first, second = "Ivana Babić je otputovala.", "U Rijeci je padala kiša."
    text = f"{first}\n\n{second}"
    fake = FakePipeline({first: [group(first, "PER", "Ivana Babić")], second: [group(second, "LOC", "Rijeci")]})
    rec = object.__new__(HfRecognizer)  # the model itself cannot be downloaded here
    rec.pipeline = fake
    spans = [(0, len(first)), (len(first), len(first) + 2), (len(first) + 2, len(text))]  # the middle one is blank
    mentions = rec.recognise(Document(id="d", text=text), spans, "hr")
    assert fake.calls == [([first, second], HF_BATCH_SIZE)]
    assert [(text[m.start : m.end], m.canonical) for m in mentions] == [("Ivana Babić", "Ivana Babić"), ("Rijeci", "Rijeka")]


def test_a_single_sentence_answered_flat_is_read_as_one_sentence() -> None:
    sentence = "Ivana Babić je otputovala."
    rec = object.__new__(HfRecognizer)
    rec.pipeline = lambda inputs, batch_size: [group(sentence, "PER", "Ivana Babić")]
    assert [m.canonical for m in rec.recognise(Document(id="d", text=sentence), [(0, len(sentence))], "hr")] == ["Ivana Babić"]


def test_eval_scores_the_backend_and_model_the_settings_name(monkeypatch: pytest.MonkeyPatch) -> None:
    """`storyline eval --sets uner` with entities_backend = entities.hf.v1
    builds the backend with the settings' model (here a fake pipeline)."""
    from storyline.evaluate.datasets import GoldDoc, Span
    from storyline.evaluate.own import _entity_scores

    sentence = "Tomislav Jurić otvorio je sajam u Zadru."
    loaded: list[str] = []

    def fake_init(self: HfRecognizer, settings: Settings) -> None:
        loaded.append(settings.hf_ner_model)
        self.pipeline = FakePipeline({sentence: [group(sentence, "PER", "Tomislav Jurić"), group(sentence, "ORG", "Zadru")]})

    monkeypatch.setattr(HfRecognizer, "__init__", fake_init)
    gold = GoldDoc("g", sentence, "hr", None, [(0, len(sentence))], [(0, len(sentence))],
                   [Span(0, 14, "person"), Span(34, 39, "location")])  # fmt: skip
    with entity_backends._building:
        saved = dict(entity_backends._built)
        entity_backends._built.clear()
    try:
        scores = _entity_scores([gold], Settings(entities_backend="entities.hf.v1", hf_ner_model="someone/ner-test"))
    finally:
        with entity_backends._building:
            entity_backends._built.clear()
            entity_backends._built.update(saved)
    assert loaded == ["someone/ner-test"]
    assert scores["exact_f1_by_type"]["person"] == 1.0 and scores["entities_exact"]["precision"] == 0.5


def test_without_transformers_construction_fails_with_the_install_command(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "transformers", None)  # import transformers raises ImportError
    with pytest.raises(NotInstalled) as failure:
        entity_backends.get("entities.hf.v1")(Settings())
    assert failure.value.hint == "pip install 'storyline[hf]'"


def fake_libraries(monkeypatch: pytest.MonkeyPatch, fast: bool, cuda: bool) -> list[dict[str, Any]]:
    """transformers and torch as modules of fakes; the list gets the
    arguments of each pipeline() call."""
    made: list[dict[str, Any]] = []
    tokenizer = types.SimpleNamespace(is_fast=fast)
    auto = types.SimpleNamespace(from_pretrained=lambda name: tokenizer)
    transformers = types.ModuleType("transformers")
    transformers.AutoTokenizer = auto  # type: ignore[attr-defined]

    def pipeline(task: str, **kw: Any) -> FakePipeline:
        made.append({"task": task, **kw})
        return FakePipeline({})

    transformers.pipeline = pipeline  # type: ignore[attr-defined]
    torch = types.ModuleType("torch")
    torch.cuda = types.SimpleNamespace(is_available=lambda: cuda)  # type: ignore[attr-defined]
    monkeypatch.setitem(sys.modules, "transformers", transformers)
    monkeypatch.setitem(sys.modules, "torch", torch)
    return made


def test_the_pipeline_is_built_from_the_setting_on_the_device_torch_sees(monkeypatch: pytest.MonkeyPatch) -> None:
    on_cpu = fake_libraries(monkeypatch, fast=True, cuda=False)
    HfRecognizer(Settings(hf_ner_model="someone/ner"))
    on_gpu = fake_libraries(monkeypatch, fast=True, cuda=True)
    HfRecognizer(Settings())
    assert [(m["task"], m["model"], m["aggregation_strategy"], m["device"], m["stride"]) for m in on_cpu + on_gpu] == [
        ("token-classification", "someone/ner", "first", "cpu", 64),
        ("token-classification", "classla/bcms-bertic-ner", "first", "cuda:0", 64),
    ]


def test_a_model_without_a_fast_tokenizer_is_refused(monkeypatch: pytest.MonkeyPatch) -> None:
    made = fake_libraries(monkeypatch, fast=False, cuda=False)
    with pytest.raises(UsageError, match="fast tokenizer"):
        HfRecognizer(Settings(hf_ner_model="someone/slow"))
    assert made == []


def test_registered_keyed_by_its_model_setting_and_never_chosen_by_auto() -> None:
    assert "entities.hf.v1" in entity_backends.describe()
    assert entity_backends.settings_used("entities.hf.v1") == ("hf_ner_model",)
    assert Settings().hf_ner_model == "classla/bcms-bertic-ner"
    assert all(backend_for(language) != "entities.hf.v1" for language in ("hr", "sr", "bs", "en"))
