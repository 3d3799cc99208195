"""Claims and contradictions: polarity from the words that govern the event
word, and conflicts only between different sources about the same event."""

from __future__ import annotations

import pytest

from storyline.evaluate.conflicts import conflicts_dir, story_conflicts
from storyline.evaluate.own import analysis_pipeline
from storyline.evaluate.score import read_jsonl
from storyline.reconcile.conflicts import _english_speaker, conflicts, polarity, stance
from storyline.reconcile.model import CONFIDENT


def read(text: str, word: str, language: str) -> str | None:
    at = text.index(word)
    return polarity(text, at, at + len(word), language).polarity


@pytest.mark.parametrize(
    ("text", "word", "expected"),
    [
        ("Monitors reported no violations of the truce in the hills.", "truce", "positive"),
        ("The truce in the hills did not hold for a day.", "truce", "negative"),
        ("The rebel council denied that any deal had been struck.", "deal", "negative"),
        ("The minister said a national ceasefire would be declared in spring.", "ceasefire", None),
        ("Officials plan to evacuate the clinic next month.", "evacuate", None),
        ("If the rain stops, the evacuation will resume.", "evacuation", None),
        ("All bridges were shelled during the evacuation.", "evacuation", "positive"),
        ("All patients were evacuated from the clinic by noon.", "evacuated", "completed"),
        ("The evacuation of the port was suspended after a mortar hit.", "evacuation", "halted"),
        ("The two delegations failed to reach a deal.", "deal", "negative"),
        ("Nobody was killed in the blast, the police said.", "killed", "negative"),
        ("The summit ended without an agreement.", "agreement", "negative"),
        ("Aid groups blamed the militia for the evacuation deal not going through.", "deal", "negative"),
        ("The agreement did not stop the shelling, residents said.", "agreement", "positive"),
        ("Troops have yet to begin the evacuation of the town.", "evacuation", "negative"),
        ("The fighting in the valley is not over.", "fighting", None),
        ("We are nowhere near the end of the fighting, the envoy said.", "fighting", None),
        ("The fighting is far from over.", "fighting", None),
        ("The evacuation of the camp is over.", "evacuation", "completed"),
        ("A truce agreed between the clans in May has not held, elders say.", "truce", "halted"),
        ("The truce was agreed on Monday and held.", "truce", "positive"),
        ("The evacuation convoy did not leave on Friday.", "evacuation", "negative"),
        ("The attack did not leave anyone hurt, police said.", "attack", "positive"),
    ],
)
def test_english_polarity_follows_the_parse(text: str, word: str, expected: str | None) -> None:
    assert read(text, word, "en") == expected


@pytest.mark.parametrize(
    ("text", "word", "expected"),
    [
        ("U selu nije postignut dogovor o vodi.", "dogovor", "negative"),
        ("Nema primirja u dolini, kažu mještani.", "primirja", "negative"),
        ("Sastanak je završio bez sporazuma.", "sporazuma", "negative"),
        ("Nisu zabilježena kršenja primirja u dolini.", "primirja", "positive"),
        ("Sporazum bi trebao biti potpisan u srijedu.", "Sporazum", None),
        ("Župan je zanijekao da je potpisan sporazum.", "sporazum", "negative"),
        ("Svi mostovi bili su zatvoreni tijekom evakuacije.", "evakuacije", "positive"),
        ("Svi bolesnici evakuirani su iz bolnice.", "evakuirani", "completed"),
        ("Evakuacija luke obustavljena je u utorak.", "Evakuacija", "halted"),
        ("Pregovori o primirju nastavljaju se sutra.", "primirju", None),
        ("Dogovor nije spriječio nove napade na grad.", "Dogovor", "positive"),
        ("Rekao je da će borbe prestati, a borci napustiti grad.", "napustiti", None),
        ("Nitko nije ubijen u napadu na postaju.", "napadu", "positive"),
        ("Nitko nije ubijen u napadu na postaju.", "ubijen", "negative"),
        # Nearness: the predicate says the event is near, not there; the
        # preposition before a place says nothing of it.
        ("U napadu blizu Harkiva ubijeno je pet civila.", "napadu", "positive"),
        ("Granatiranje nadomak Mostara trajalo je cijelu noć.", "Granatiranje", "positive"),
        ("Napad je bio blizu granice, kaže policija.", "Napad", "positive"),
        ("Dogovor je blizu.", "Dogovor", None),
        ("Posrednici tvrde da je sporazum o razmjeni zarobljenika vrlo blizu.", "sporazum", None),
        ("Katar: dogovor o primirju blizu", "dogovor", None),
        ("Sporazum o prekidu vatre na pomolu", "Sporazum", None),
        ("Dogovor o povlačenju je nadohvat ruke, tvrde diplomati.", "Dogovor", None),
        ("Strane su blizu dogovora o primirju.", "dogovora", None),
        ("Blizu smo postizanja sporazuma.", "sporazuma", None),
    ],
)
def test_croatian_polarity_from_the_clause(text: str, word: str, expected: str | None) -> None:
    assert read(text, word, "hr") == expected


def test_nearness_reaches_serbian_and_bosnian_from_the_croatian_data() -> None:
    assert read("Sporazum o primirju je blizu.", "Sporazum", "sr") is None
    assert read("U napadu blizu Tuzle ranjena su dva policajca.", "napadu", "bs") == "positive"


def test_a_deal_said_to_be_near_does_not_conflict_with_its_denial(pipeline) -> None:
    denial = ("Sjeverni Glas", "hr", "Vlada je u srijedu zanijekala da je sporazum o primirju u Dolcu potpisan.", "")
    near = "Posrednici: sporazum o primirju u Dolcu blizu\n\nPosrednici kažu da je sporazum o primirju u Dolcu blizu."
    signed = "Posrednici: sporazum o primirju u Dolcu potpisan\n\nPosrednici kažu da je sporazum o primirju u Dolcu potpisan."
    assert story_conflicts(story(("Vjesnik Juga", "hr", near, ""), denial), pipeline) == []
    assert story_conflicts(story(("Vjesnik Juga", "hr", signed, ""), denial), pipeline)  # the same, once signed, does


def test_an_adjective_or_a_bare_pronoun_is_no_claimant() -> None:
    """ "The official reports are that ...": the claim is the report's, not an "official"'s."""
    text = "The official reports are that the two sides have signed a deal. Some of the rebel groups are denying it."
    assert _english_speaker("official", text, text.index("the two sides")) is None
    assert _english_speaker("Some", text, text.index("it.")) == "Some of the rebel groups"
    assert _english_speaker("police", "Local police said the road was open.", 18) == "police"


def test_the_denial_verb_of_a_quote_turns_it_around() -> None:
    assert stance("any deal was in place", "denied", "en", "agreement") == "negative"
    assert stance("any deal was in place", "said", "en", "agreement") == "positive"
    assert stance("je postignut dogovor", "demantirao", "hr", "agreement") == "negative"


@pytest.fixture(scope="module")
def pipeline():
    return analysis_pipeline()


def story(*reports: tuple[str, str, str, str]) -> dict:
    return {
        "id": "t",
        "reports": [
            {"id": f"t-{i}", "source": src, "language": lang, "published": "2025-03-03", "text": text}
            for i, (src, lang, text, _) in enumerate(reports)
        ],
    }


def test_agreeing_reports_with_negation_words_do_not_conflict(pipeline) -> None:
    found = story_conflicts(
        story(
            ("Lowland Wire", "en", "The truce in Merrow held through Sunday night.", ""),
            ("Upland Wire", "en", "No violations of the truce in Merrow were reported on Sunday.", ""),
        ),
        pipeline,
    )
    assert found == []


def test_a_denial_conflicts_and_is_shown_with_its_verb(pipeline) -> None:
    s = story(
        (
            "Lowland Wire",
            "en",
            "Army officers said on Monday that a deal had been reached to open the road to Kelso.",
            "",
        ),
        ("Upland Wire", "en", "The Hill Brigade denied that any deal had been reached over the road to Kelso.", ""),
    )
    [c] = story_conflicts(s, pipeline)
    assert c.type == "agreement" and 0.0 < c.confidence <= 1.0
    [no] = c.against
    assert no.polarity["agreement"] == "negative" and no.text.startswith("denied")
    text = s["reports"][1]["text"]
    assert text[no.evidence.start : no.evidence.end] == no.evidence.text
    assert {x.evidence.document for x in c.claims} == {"t-0", "t-1"}


def test_one_outlet_does_not_contradict_itself(pipeline) -> None:
    found = story_conflicts(
        story(
            ("Harbour Daily", "en", "The evacuation of Cresby began on Friday.", ""),
            ("Harbour Daily", "en", "The evacuation of Cresby did not begin on Friday.", ""),
        ),
        pipeline,
    )
    assert found == []
    other = story_conflicts(
        story(
            ("Harbour Daily", "en", "The evacuation of Cresby began on Friday.", ""),
            ("Bay Daily", "en", "The evacuation of Cresby did not begin on Friday.", ""),
        ),
        pipeline,
    )
    assert [c.type for c in other] == ["evacuation"] and other[0].confidence >= CONFIDENT


def test_future_statements_are_not_claims_about_what_happened(pipeline) -> None:
    found = story_conflicts(
        story(
            ("Glas Juga", "hr", "Evakuacija Lipika nije počela, kažu mještani.", ""),
            ("Tjednik", "hr", "Vlada planira evakuaciju Lipika idućeg tjedna.", ""),
        ),
        pipeline,
    )
    assert found == []


def test_conflicts_keeps_the_brief_form(pipeline) -> None:
    from storyline.api import text_document
    from storyline.reconcile.facts import story_facts
    from storyline.records import StoryRecord

    texts = {
        "a": "A ceasefire took effect in Dranj on Monday, officials said.",
        "b": "There was no ceasefire in Dranj on Monday.",
    }
    docs = {k: pipeline.run_one(text_document(t, id=k, language="en")) for k, t in texts.items()}
    facts = story_facts(
        StoryRecord(id="s", title="", documents=list(docs), languages=["en"], units=[("a", 0), ("b", 0)]), docs
    )
    [c] = conflicts(facts, texts)
    assert c["type"] == "ceasefire" and {x["stance"] for x in c["claims"]} == {"negative", "positive"}
    assert all(
        texts[x["evidence"][0]["document"]][x["evidence"][0]["start"] : x["evidence"][0]["end"]]
        == x["evidence"][0]["text"]
        for x in c["claims"]
    )


def test_gold_sets_are_well_formed() -> None:
    dev, held = read_jsonl(conflicts_dir() / "dev.jsonl"), read_jsonl(conflicts_dir() / "heldout.jsonl")
    assert len(dev) >= 40 and len(held) >= 20 and len(dev) + len(held) >= 60
    for s in dev + held:
        ids = {r["id"] for r in s["reports"]}
        assert all(set(c["documents"]) <= ids for c in s["conflicts"]), s["id"]
        assert {r["language"] for r in s["reports"]} <= {"en", "hr", "sr", "bs"}


@pytest.mark.parametrize(
    ("text", "language", "kind", "expected"),
    [
        # A quantifier over what was attacked says how wide the attack was, not that it ran its course.
        ("All roads into the valley were shelled overnight.", "en", "attack", "positive"),
        ("Sve ceste prema dolini granatirane su u noći.", "hr", "attack", "positive"),
        ("All patients were evacuated from the clinic by noon.", "en", "evacuation", "completed"),
        # A negated end: the event goes on (no claim that it stopped or never was).
        ("Stručnjaci smatraju da još nije kraj sukoba u dolini.", "hr", "armed_clash", "positive"),
        ("Evakuacija bolnice još nije završena.", "hr", "evacuation", "positive"),
        ("Evakuacija bolnice nije prekinuta.", "hr", "evacuation", "positive"),
        # A negated verb cut from its subject by a relative clause.
        ("Primirje koje su plemena dogovorila u svibnju nije se održalo.", "hr", "ceasefire", "halted"),
        ("Primirje koje nije potpisano u svibnju održalo se.", "hr", "ceasefire", "positive"),
    ],
)
def test_stance_by_kind_and_clause(text: str, language: str, kind: str, expected: str) -> None:
    assert stance(text, None, language, kind) == expected


def test_a_wide_attack_and_its_end_do_not_conflict(pipeline) -> None:
    story = {
        "id": "t-wide",
        "reports": [
            {"id": "w-a", "source": "Hill Post", "language": "en", "published": "2025-01-06",
             "text": "Every bridge in Norrby was shelled on Sunday, the mayor said."},
            {"id": "w-b", "source": "Coast Wire", "language": "en", "published": "2025-01-06",
             "text": "The shelling of Norrby stopped on Sunday evening."},
        ],
    }
    assert story_conflicts(story, pipeline) == []
