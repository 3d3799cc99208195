"""Quotes, figures and times in languages beyond hr/sr/bs/en (issue 16):
numbers and month/weekday names from CLDR, cue words as validated data."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest

from storyline.anatomy.sentences import split_sentences
from storyline.api import text_document
from storyline.evaluate.own import analysis_pipeline, gold_dir
from storyline.extract import numbers, timex
from storyline.extract.numbers import number_words, read_number
from storyline.extract.timex import find_times, time_words
from storyline.extract.tokens import tokenize
from storyline.lang import languages_with
from storyline.lang.capabilities import capability

NEW = ("de", "fr", "ru", "es", "it", "pt", "uk")
# A Thursday.
PUBLISHED = dt.date(2026, 5, 14)


def _number(text: str, language: str) -> float | None:
    toks = tokenize(text)
    num = read_number(toks, 0, language)
    assert num is not None, text
    return num.value


@pytest.mark.parametrize(
    ("text", "language", "value"),
    [
        ("4,5 Tausend", "de", 4500),
        ("12.000", "de", 12000),
        ("1 200", "fr", 1200),
        ("2,5 millions", "fr", 2_500_000),
        ("двух", "ru", 2),
        ("трое", "ru", 3),
        ("5 тысяч", "ru", 5000),
        ("1.500", "pt", 1500),
        ("п’ятеро", "uk", 5),
        # A language with no numbers.toml reads CLDR's notation too.
        ("12.000", "pl", 12000),
        ("4,5", "nl", 4.5),
        # English and Croatian keep their own notation.
        ("4.5 million", "en", 4_500_000),
        ("4,5 tisuća", "hr", 4500),
    ],
)
def test_numbers_read_in_each_language(text: str, language: str, value: float) -> None:
    assert _number(text, language) == value


def test_the_decimal_sign_comes_from_cldr() -> None:
    assert all(number_words(language).decimal_comma for language in NEW)
    assert not number_words("en").decimal_comma


def test_every_shipped_numbers_and_time_file_validates() -> None:
    for language in languages_with("numbers"):
        number_words(language)
    for language in languages_with("time"):
        time_words(language)
    assert set(NEW) <= set(languages_with("time")) & set(languages_with("numbers"))


@pytest.mark.parametrize(("module", "loader", "typo"), [(numbers, "number_words", "scale"), (timex, "time_words", "relative_day")])
def test_a_misspelt_key_fails_loading(monkeypatch: pytest.MonkeyPatch, module, loader: str, typo: str) -> None:
    load = getattr(module, loader)
    name = "numbers" if module is numbers else "time"
    real = module.load_or_english("de", name)
    monkeypatch.setattr(module, "load_or_english", lambda language, file: {**real, typo: {"zwei": 2}})
    load.cache_clear()
    try:
        with pytest.raises(ValueError, match=typo):
            load("de")
    finally:
        monkeypatch.undo()
        load.cache_clear()


def _times(text: str, language: str) -> list[tuple[str, str | None]]:
    return [(text[t.start : t.end], t.value) for t in find_times(text, 0, len(text), language, PUBLISHED)]


@pytest.mark.parametrize(
    ("text", "language", "expected"),
    [
        ("Die Polizei nahm am Dienstag drei Männer fest.", "de", ("Dienstag", "2026-05-12")),
        ("Die Gewerkschaft rief für Samstag zum Streik auf.", "de", ("Samstag", "2026-05-16")),
        ("Le syndicat appelle à la grève le 24 mars.", "fr", ("24 mars", "2026-03-24")),
        ("L'Assemblée votera le texte mardi.", "fr", ("mardi", "2026-05-19")),
        ("L'OMS a recensé 300 cas de choléra mardi.", "fr", ("mardi", "2026-05-12")),
        ("Профсоюз назначил забастовку на 25 марта.", "ru", ("25 марта", "2026-03-25")),
        ("Министр во вторник прибыла в Анкару.", "ru", ("вторник", "2026-05-12")),
        ("Суд рассмотрит жалобу во вторник.", "ru", ("вторник", "2026-05-19")),
        ("Вчера вечером сгорел склад.", "ru", ("Вчера", "2026-05-13")),
        ("El juicio empezará el 3 de junio.", "es", ("3 de junio", "2026-06-03")),
        ("Il governo ha approvato il decreto lunedì.", "it", ("lunedì", "2026-05-11")),
        ("O parlamento votou na segunda-feira.", "pt", ("segunda-feira", "2026-05-11")),
        ("Уряд ухвалив рішення у середу.", "uk", ("середу", "2026-05-13")),
        ("Около 2000 года завод был закрыт.", "ru", ("2000 года", "2000")),
        ("Срок составил 2 года.", "ru", ("2 года", "P2Y")),
    ],
)
def test_times_resolve_against_the_publication_date(text: str, language: str, expected: tuple[str, str]) -> None:
    assert expected in _times(text, language)


def test_a_day_ordinal_before_a_month_does_not_end_the_sentence() -> None:
    text = "Der Stadtrat will am 3. Juni abstimmen. Danach beginnt die Sommerpause."
    assert [text[a:b] for a, b in split_sentences(text, 0, len(text))] == [
        "Der Stadtrat will am 3. Juni abstimmen.",
        "Danach beginnt die Sommerpause.",
    ]


@pytest.fixture(scope="module")
def pipeline():
    return analysis_pipeline()


def _analyse(pipeline, text: str, language: str):
    return pipeline.run_one(text_document(text, id=f"t-{language}", language=language, published=PUBLISHED))


@pytest.mark.parametrize(
    ("text", "language", "quote", "speaker"),
    [
        ("„Wir geben nicht auf“, sagte Bürgermeisterin Ilse Hartung am Montag.", "de", "Wir geben nicht auf", "Ilse Hartung"),
        ("Ministerin Hanna Rieder sagte am Freitag, man werde die Hilfen verlängern.", "de", "man werde die Hilfen verlängern", "Hanna Rieder"),
        ("« Rien n'est décidé », a déclaré le préfet, Bruno Lecerf.", "fr", "Rien n'est décidé", "Bruno Lecerf"),
        ("«Мы справимся», заявил губернатор Олег Смирнов.", "ru", "Мы справимся", "Олег Смирнов"),
        ("«Seguiremos adelante», dijo la alcaldesa Marta Ibáñez.", "es", "Seguiremos adelante", "Marta Ibáñez"),
    ],
)
def test_quotes_get_their_speakers(pipeline, text: str, language: str, quote: str, speaker: str) -> None:
    doc = _analyse(pipeline, text, language)
    assert [(doc.text[q.start : q.end], q.speaker) for q in doc.quotes] == [(quote, speaker)]


def test_a_relative_clause_after_the_speaker_is_not_reported_speech(pipeline) -> None:
    doc = _analyse(pipeline, "„Das geht so nicht“, sagte Bürgermeister Otto Grün, der seit 2020 im Amt ist.", "de")
    assert [doc.text[q.start : q.end] for q in doc.quotes] == ["Das geht so nicht"]


@pytest.mark.parametrize(
    ("text", "language", "value", "qualifier"),
    [
        ("Bei dem Unwetter kamen mindestens sieben Menschen ums Leben.", "de", 7, "at_least"),
        ("Rund 4,5 Tausend Haushalte waren ohne Strom.", "de", 4500, "approx"),
        ("Les pompiers ont évacué une centaine d'habitants.", "fr", 100, "approx"),
        ("Plus de 2 300 foyers sont privés d'électricité.", "fr", 2300, "at_least"),
        ("Не менее 11 мирных жителей погибли при обстреле.", "ru", 11, "at_least"),
        ("Агентство подтвердило гибель двух журналистов.", "ru", 2, "exact"),
    ],
)
def test_figures_have_values_and_qualifiers(pipeline, text: str, language: str, value: float, qualifier: str) -> None:
    doc = _analyse(pipeline, text, language)
    assert [(f.value, f.qualifier) for f in doc.figures] == [(value, qualifier)]


def test_sums_and_shares_are_no_figures(pipeline) -> None:
    for text, language in [
        ("Бюджет составит 3,5 трлн рублей.", "ru"),
        ("Le chômage a reculé de 0,3 point en mars.", "fr"),
        ("Die Schulden stiegen auf 2,5 Billionen Euro.", "de"),
    ]:
        assert _analyse(pipeline, text, language).figures == [], text


def test_a_figure_ends_at_its_noun(pipeline) -> None:
    doc = _analyse(pipeline, "Selon la préfecture, 40 000 personnes ont défilé samedi.", "fr")
    assert [(doc.text[f.start : f.end], f.what) for f in doc.figures] == [("40 000 personnes", "people")]


def test_a_range_is_one_figure(pipeline) -> None:
    doc = _analyse(pipeline, "От 20 до 30 человек получили ранения.", "ru")
    assert [(f.low, f.high, f.qualifier) for f in doc.figures] == [(20, 30, "approx")]


def test_the_capability_record_says_rules_where_there_is_data() -> None:
    for language in NEW:
        cap = capability(language)
        assert (cap.quotes, cap.figures, cap.time) == ("rules", "rules", "rules"), cap
    assert capability("xx").quotes == "english-fallback"


def test_held_out_quote_figure_and_time_gold_ships() -> None:
    for language in ("de", "fr", "ru"):
        path = gold_dir() / "languages" / "heldout2" / f"{language}.jsonl"
        assert len(path.read_text(encoding="utf-8").splitlines()) >= 15


FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "languages"
# Capitalised common nouns of the fixture texts (German capitalises every noun;
# the other languages open sentences and headlines with them): none is a name.
# ("Bundeswehr" is a body's name, an organisation in the German gold: no common noun.)
COMMON_NOUNS = {
    "de": {"Hochwasser", "Tausende", "Strom", "Regen", "Menschen", "Einwohner", "Wochenende", "Häuser", "Polizei", "Lage",
           "Landrat", "Montag", "Soldaten", "Region", "Innenministerin", "Freistaat", "Aufräumarbeiten", "Millionen", "Euro"},
    "fr": {"Grève", "Près", "Le", "Selon"},
    "es": {"Un", "Más", "Las", "Al"},
    "ru": {"Из-за", "Бригады", "По", "Прокуратура"},
}


@pytest.fixture(scope="module")
def brief(tmp_path_factory: pytest.TempPathFactory) -> dict:
    """``storyline run`` on a folder of German, French, Spanish and Russian news, as a user would."""
    from typer.testing import CliRunner

    from storyline.cli import app

    out = tmp_path_factory.mktemp("languages")
    result = CliRunner().invoke(app, ["run", str(FIXTURES), "--db", str(out / "s.db"), "--out", str(out / "brief")], catch_exceptions=False)
    assert result.exit_code == 0, result.output
    return json.loads((out / "brief" / "brief.json").read_text(encoding="utf-8"))


def _story_items(brief: dict, document: str, key: str) -> list[dict]:
    return [x for s in brief["stories"] for x in s[key] if any(e["document"] == document for e in x["evidence"])]


@pytest.mark.parametrize(
    ("document", "language", "names", "quotes", "figures"),
    [
        ("de-hochwasser", "de", {("Georg Huber", "person"), ("Bamberg", "location"), ("Sabine Roth", "person"), ("Bundeswehr", "organization")},
         {("Die Lage bleibt angespannt", "Georg Huber"), ("der Freistaat werde die Aufräumarbeiten", "Sabine Roth")}, {14, 3000, 200}),
        ("fr-greve", "fr", {("Lyon", "location"), ("Camille Moreau", "person"), ("Olivier Duclos", "person")},
         {("Nous ne lâcherons rien", "Camille Moreau"), ("le gouvernement restait ouvert", "Olivier Duclos")}, {2000, 12}),
        ("es-incendio", "es", {("Ourense", "location"), ("Guardia Civil", "organization"), ("Alfonso Vidal", "person")},
         {("El fuego está estabilizado", "Alfonso Vidal")}, {400, 2}),
        ("ru-teploset", "ru", {("Челябинске", "location"), ("Алексей Воронин", "person"), ("МЧС", "organization")},
         {("Бригады работают круглосуточно", "Алексей Воронин"), ("не менее 30 домов", "Андрей Кравцов")}, {5000, 30}),
    ],
)
def test_run_on_news_in_four_languages(brief: dict, document: str, language: str, names: set, quotes: set, figures: set) -> None:
    doc = next(d for d in brief["documents"] if d["id"] == document)
    text = brief["texts"][document]
    assert doc["language"] == language
    # Entities: the names, and no capitalised common noun among them.
    found = {(text[m["start"] : m["end"]], m["type"]) for m in doc["mentions"] if m["type"] in ("person", "organization", "location")}
    assert names <= found, found
    assert not {w for s, _ in found for w in s.split()} & COMMON_NOUNS[language], found
    # Quotes with speakers (the canonical name, nominative in Russian).
    got = {(q["evidence"][0]["text"], q["speaker_name"]) for q in _story_items(brief, document, "quotes")}
    assert all(speaker for _, speaker in got), got
    for words, speaker in quotes:
        assert any(words in t and s == speaker for t, s in got), (words, speaker, got)
    # Figures with values.
    values = {f["value"] for f in _story_items(brief, document, "figures") if f["value"] is not None}
    assert figures <= values, values
    # The capability record: what ran, said per document.
    cap = capability(language)
    note = next(n for n in doc["notes"] if n.startswith("partial analysis: "))
    assert f"language {language}" in note and f"events {cap.events}" in note
    assert (f"entities {cap.entities}" in note) == (cap.entities not in ("model", "rules"))


def test_reclassified_and_fresh_held_out_sets_are_scored_under_their_names() -> None:
    """Held-out 3 for de/fr/ru/es was tuned on, so it is scored as development (dev2); heldout5 replaces it."""
    from storyline.evaluate.own import score_own

    root = gold_dir() / "languages"
    for folder, languages in (("dev2", ("de", "fr", "ru", "es")), ("heldout5", ("fr", "ru", "es"))):
        for language in languages:
            gold = [json.loads(line) for line in (root / folder / f"{language}.jsonl").read_text(encoding="utf-8").splitlines()]
            assert len(gold) >= 20 and sum(len(g["quotes"]) for g in gold) >= 8, (folder, language)
            assert all(g["text"].find(q["text"]) >= 0 for g in gold for q in g["quotes"]), (folder, language)
    assert sorted(p.stem for p in (root / "heldout3").glob("*.jsonl")) == ["it", "pt", "uk"]
    assert not list(root.glob("heldout5/de.jsonl"))  # German has its fresh heldout4
    assert score_own(root / "dev2" / "es.jsonl")["set"] == "languages-dev2-es"  # the gate's baselines name these sets
    assert score_own(root / "heldout5" / "es.jsonl")["set"] == "languages-heldout5-es"


def test_fourth_held_out_set_ships_for_german_and_is_scored() -> None:
    from storyline.evaluate.own import score_own

    path = gold_dir() / "languages" / "heldout4" / "de.jsonl"
    gold = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]
    assert len(gold) >= 20 and sum(len(g["entities"]) for g in gold) >= 50
    assert all(g["text"].find(s) >= 0 for g in gold for s, _ in g["entities"])
    assert score_own(path)["set"] == "languages-heldout4-de"  # the gate's baseline names this set
