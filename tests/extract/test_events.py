"""Events typed by ACLED's definitions: whole-word triggers, sentences that
report nothing, battles with their fatalities, territory by actor, negation,
evidence, and the gold set's coverage and scorer."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from storyline.api import analyse_text
from storyline.evaluate.events import events_dir, score_file
from storyline.extract.events import PRIORITY, find_events, rules, triggers
from storyline.records import EVENT_TYPES


def typed(text: str, language: str) -> list[tuple[str, str | None, str | None, bool]]:
    """(type, ACLED event type, sub-event type, negated) of each event, no names or dates."""
    return [
        (e.type, e.acled_event_type, e.acled_sub_event_type, e.negated)
        for e in find_events(text, [(0, len(text))], language, [], [])
    ]


def test_triggers_are_whole_words_not_substrings() -> None:
    assert typed("According to the ministry, prices rose by four percent.", "en") == []
    assert typed("Napadač kluba dvaput je zabio u drugom poluvremenu.", "hr") == []
    assert dict(triggers("en"))["agreement"].search("according to the UN") is None
    assert dict(triggers("en"))["agreement"].search("the deal does not allow it") is not None


@pytest.mark.parametrize(
    ("text", "language", "expected"),
    [
        (
            "A bomb exploded near the market in the old town.",
            "en",
            ("explosion", "Explosions/Remote violence", "Remote explosive/landmine/IED"),
        ),
        (
            "Vojska je granatirala položaje pobunjenika u brdima.",
            "hr",
            ("attack", "Explosions/Remote violence", "Shelling/artillery/missile attack"),
        ),
        (
            "Government forces captured the town after a week of fighting.",
            "en",
            ("territory_change", "Battles", "Government regains territory"),
        ),
        (
            "Pobunjenici su zauzeli grad nakon povlačenja vojske.",
            "hr",
            ("territory_change", "Battles", "Non-state actor overtakes territory"),
        ),
        (
            "Riot police used tear gas to disperse the protesters.",
            "en",
            ("protest", "Protests", "Protest with intervention"),
        ),
        (
            "Prosvjednici su kamenjem gađali policiju i palili automobile.",
            "hr",
            ("riot", "Riots", "Violent demonstration"),
        ),
        ("Полиција је ухапсила тројицу осумњичених у Београду.", "sr", ("arrest", "Strategic developments", "Arrests")),
        (
            "Gunmen kidnapped two engineers from a construction site.",
            "en",
            ("abduction", "Violence against civilians", "Abduction/forced disappearance"),
        ),
    ],
)
def test_types_follow_acled(text: str, language: str, expected: tuple[str, str, str]) -> None:
    assert typed(text, language) == [(*expected, False)]


def test_deaths_in_a_battle_are_its_fatalities_not_a_killing() -> None:
    text = "At least 14 militants were killed after fierce clashes with the army near the village."
    doc = analyse_text(text, language="en")
    assert [(e.type, e.acled_sub_event_type) for e in doc.events] == [("armed_clash", "Armed clash")]
    ev = doc.events[0]
    assert ev.fatalities == 14 and text[ev.fatalities_start : ev.fatalities_end].startswith("At least 14")
    assert 0 < ev.confidence <= 1


def test_vague_fatalities_take_acleds_conservative_reading() -> None:
    doc = analyse_text(
        "Dozens of fighters were killed when the two factions clashed over the oil field.", language="en"
    )
    assert [(e.type, e.fatalities) for e in doc.events] == [("armed_clash", 12)]


def test_a_natural_disaster_is_no_violence() -> None:
    assert [
        t for t, *_ in typed("A strong earthquake struck the coast on Sunday, killing at least 12 people.", "en")
    ] == ["disaster"]
    assert [t for t, *_ in typed("Poplave su zahvatile nekoliko sela, poginulo je troje ljudi.", "hr")] == ["disaster"]


@pytest.mark.parametrize(
    ("text", "language"),
    [
        ("The government plans to sign a trade agreement with its neighbours next year.", "en"),
        ("Analysts believe the offensive could backfire if winter comes early.", "en"),
        ("Will the truce hold once the observers leave?", "en"),
        ("Vlada namjerava sljedeće godine potpisati sporazum sa susjedima.", "hr"),
        ("Muzej je posvećen žrtvama ratnog pokolja.", "hr"),
        ("Prema podacima ministarstva, broj birača porastao je za četiri posto.", "hr"),
    ],
)
def test_no_event_when_the_sentence_reports_none(text: str, language: str) -> None:
    assert typed(text, language) == []


def test_a_sentence_saying_it_did_not_happen_sets_negated() -> None:
    assert typed("The ceasefire did not take effect on Wednesday.", "en") == [
        ("ceasefire", "Strategic developments", "Agreement", True)
    ]
    assert [(t, n) for t, _, _, n in typed("Policija je rekla da nitko nije uhićen.", "hr")] == [("arrest", True)]


def test_place_and_actors_carry_their_evidence() -> None:
    text = "Rebels of the Free Army clashed with government troops in Idlib on Sunday."
    doc = analyse_text(text, language="en")
    ev = next(e for e in doc.events if e.type == "armed_clash")
    assert ev.place and text[ev.place_start : ev.place_end] == "Idlib"
    assert len(ev.actor_spans) == len(ev.actors)
    for (a, b), name in zip(ev.actor_spans, ev.actors):
        assert text[a:b] and name
    assert text[ev.trigger_start : ev.trigger_end] == "clashed"


def test_rules_and_timeline_order_cover_every_type() -> None:
    assert {r.type for r in rules().values()} <= set(EVENT_TYPES)
    assert set(PRIORITY) == set(EVENT_TYPES)


def _gold(language: str) -> list[dict]:
    return [
        json.loads(x)
        for p in events_dir().glob(f"{language}-*.jsonl")
        for x in p.read_text(encoding="utf-8").splitlines()
        if x.strip()
    ]


@pytest.mark.parametrize("language", ["en", "hr"])
def test_gold_covers_every_acled_sub_event_type_and_no_event_sentences(language: str) -> None:
    lines = _gold(language)
    heldout = [
        g
        for p in events_dir().glob(f"{language}-heldout.jsonl")
        for g in map(json.loads, p.read_text(encoding="utf-8").splitlines())
    ]
    assert len(lines) >= 150 and len(heldout) >= 50
    subs = {e["acled_sub_event_type"] for g in lines for e in g["events"] if e["acled_sub_event_type"]}
    wanted = {r.acled_sub_event_type for r in rules().values() if r.acled_sub_event_type} | {
        "Government regains territory",
        "Protest with intervention",
        "Excessive force against protesters",
    }
    assert wanted <= subs, wanted - subs
    assert sum(1 for g in lines if not g["events"]) >= 20


def test_scorer_counts_types_confusions_and_no_event_sentences(tmp_path: Path) -> None:
    gold = [
        {
            "id": "a",
            "language": "en",
            "text": "A roadside bomb exploded near the bridge.",
            "events": [
                {
                    "type": "explosion",
                    "acled_event_type": "Explosions/Remote violence",
                    "acled_sub_event_type": "Remote explosive/landmine/IED",
                }
            ],
        },
        {
            "id": "b",
            "language": "en",
            "text": "Police arrested four men in the port.",
            "events": [
                {
                    "type": "abduction",
                    "acled_event_type": "Violence against civilians",
                    "acled_sub_event_type": "Abduction/forced disappearance",
                }
            ],
        },
        {"id": "c", "language": "en", "text": "According to the report, exports rose.", "events": []},
    ]
    path = tmp_path / "en-test.jsonl"
    path.write_text("\n".join(json.dumps(g) for g in gold), encoding="utf-8")
    r = score_file(path)
    assert r["set"] == "events-en-test"
    assert r["type_accuracy"] == 0.5 and r["acled_sub_accuracy"] == 0.5
    assert r["no_event_rate"] == 1.0 and r["some_event_precision"] == 1.0
    assert r["confusion"]["abduction"] == {"arrest": 1} and r["confusion"]["explosion"] == {"explosion": 1}


@pytest.mark.parametrize(
    ("text", "language"),
    [
        # A forecast's hedge reaches across a parenthesis and a clause that carries it on.
        ("The two envoys could (if the talks in Bergen go well) agree a prisoner swap in May.", "en"),
        ("Zastoj će potrajati do zime, nakon čega bi se dvije skupine mogle dogovoriti o predaji oružja.", "hr"),
        # Analysts' views and forecasts report nothing.
        ("In the view of two analysts, the rival commanders have quietly agreed to split the valley.", "en"),
        ("Prema procjenama analitičara, vojska i milicija već su se dogovorile o podjeli doline.", "hr"),
        # Durative background: no dated event.
        ("Farmers came back to the valley after years of fighting and months of air strikes.", "en"),
        ("The hilltop villages have been shelled for months.", "en"),
        ("Seljani su ostali u svojim kućama unatoč žestokom granatiranju.", "hr"),
        ("Do prije nekoliko mjeseci u selu je živjelo tristotinjak obitelji, usprkos napadima.", "hr"),
        # The conflict as a whole, and an agreement broken, are no events.
        ("Nitko ne vjeruje da je blizu kraj sukoba na jugu.", "hr"),
        ("The militia breached the agreement by keeping its heavy guns in the port.", "en"),
        ("Pobunjenici su prekršili sporazum o povlačenju teškog naoružanja.", "hr"),
    ],
)
def test_forecasts_views_and_background_report_no_event(text: str, language: str) -> None:
    assert typed(text, language) == []


def test_a_dated_battle_beside_days_of_fighting_is_still_an_event() -> None:
    assert typed("After two days of fighting, government forces recaptured the town of Zarin.", "en") == [
        ("territory_change", "Battles", "Government regains territory", False)
    ]


@pytest.mark.parametrize(
    ("text", "language", "source"),
    [
        (
            "The United Nations said soldiers had shot dead six villagers near Garissa on Friday.",
            "en",
            "United Nations",
        ),
        (
            "According to Médecins Sans Frontières, gunmen killed four nurses in the clinic.",
            "en",
            "Médecins Sans Frontières",
        ),
        (
            "Amnesty International izrazio je zabrinutost jer su vojnici ubili sedam seljana.",
            "hr",
            "Amnesty International",
        ),
    ],
)
def test_the_source_who_reports_an_event_is_not_its_actor(text: str, language: str, source: str) -> None:
    doc = analyse_text(text, language=language)
    violent = [e for e in doc.events if e.acled_event_type == "Violence against civilians"]
    assert violent, doc.events
    assert any(source.split()[0] in m.canonical for m in doc.mentions), (
        "the source must be recognised for the test to mean anything"
    )
    assert all(source.split()[0] not in a for e in violent for a in e.actors)


def test_a_place_the_text_excludes_is_not_where_it_happened() -> None:
    doc = analyse_text("Not in Geneva but in Astana, the two delegations signed a ceasefire on Friday.", language="en")
    deal = next(e for e in doc.events if e.type == "ceasefire")
    assert deal.place == "Astana"
    doc = analyse_text("Razgovori se neće održati ni u Beču ni u Parizu, objavile su obje strane.", language="hr")
    assert all(e.place is None for e in doc.events)
