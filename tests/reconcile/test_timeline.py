"""The timeline: one row per event, dates only from the event's own clause,
undated events apart, events reported as not happening marked."""

from __future__ import annotations

import datetime as dt

from storyline import analyse_text
from storyline.link.stories import cluster, story_records
from storyline.reconcile.facts import story_facts
from storyline.reconcile.story import reconcile
from storyline.reconcile.timeline import build_timeline, clause_breaks, date_governs

THU = dt.date(2024, 3, 7)


def _story(*texts: tuple[str, str, str]):
    docs = [analyse_text(t, id=i, language=lang, published=THU) for i, lang, t in texts]
    by_id = {d.id: d for d in docs}
    [record] = story_records(by_id, {"s": [(d.id, 0) for d in docs]})
    return reconcile(record, by_id), by_id


def test_a_date_is_not_carried_to_the_next_sentence() -> None:
    brief, _ = _story(
        (
            "a",
            "en",
            "The new mayor of Tarnow will be sworn in on 12 March. Hundreds of refugees fled the villages near the river, officials said.",
        )
    )
    assert not any(x.type == "displacement" for x in brief.timeline)
    assert any(x.type == "displacement" and x.date is None for x in brief.undated)


def test_a_date_in_another_clause_does_not_date_the_event() -> None:
    brief, _ = _story(
        (
            "a",
            "en",
            "The governor leaves office on 20 March because, observers say, the two parties already agreed on a coalition.",
        )
    )
    assert not [x for x in brief.timeline if x.type == "agreement"]
    assert [x for x in brief.undated if x.type == "agreement"]


def test_several_kinds_in_one_sentence_give_one_row() -> None:
    brief, _ = _story(
        (
            "a",
            "en",
            "On Monday the evacuation of 200 families from the besieged district began under an agreement reached after heavy shelling.",
        )
    )
    monday = [x for x in brief.timeline if x.date == "2024-03-04"]
    assert [x.type for x in monday] == ["evacuation"]
    assert brief.undated == []


def test_two_reports_of_one_event_share_a_row_with_all_evidence() -> None:
    brief, docs = _story(
        ("en", "en", "Rescue teams began the evacuation of the flooded town on Tuesday morning."),
        ("hr", "hr", "Evakuacija poplavljenog grada počela je u utorak ujutro, javljaju spasioci."),
    )
    [row] = [x for x in brief.timeline if x.type == "evacuation"]
    assert row.date == "2024-03-05" and sorted(row.documents) == ["en", "hr"]
    assert len(row.evidence) == 2
    for ev in row.evidence:
        assert docs[ev["document"]].text[ev["start"] : ev["end"]] == ev["text"]


def test_a_denied_event_is_marked_not_listed_as_done() -> None:
    brief, _ = _story(
        (
            "a",
            "en",
            "The evacuation of the wounded was to begin on Wednesday. The evacuation didn't happen, however, as shelling resumed.",
        )
    )
    [row] = [x for x in brief.timeline if x.type == "evacuation"]
    assert row.date == "2024-03-06" and row.halted and len(row.evidence) == 2
    # Never told as done: the title and the summary say it was stopped.
    assert brief.title.startswith("Evacuation reported halted")
    assert any("was halted or did not go ahead" in s.text for s in brief.summary)


def test_croatian_dates_govern_their_clause_only() -> None:
    brief, _ = _story(
        ("a", "hr", "Pobunjenici su u utorak napali vojarnu kraj grada. Tisuće izbjeglica napustile su svoje domove.")
    )
    assert [(x.type, x.date) for x in brief.timeline] == [("attack", "2024-03-05")]
    assert len(brief.undated) == 1 and brief.undated[0].date is None


def test_days_joined_by_a_conjunction_stay_two_rows() -> None:
    brief, docs = _story(("a", "hr", "Vojska je evakuirala civile iz sela u četvrtak i petak."))
    days = sorted(t.date for t in docs["a"].times if t.date)
    assert len(days) == 2 and [x.date for x in brief.timeline if x.type == "evacuation"] == days


def test_clause_breaks_follow_the_language_data() -> None:
    text = "Fighting ended on Monday, and the fighters left, which surprised everyone because nobody expected it."
    breaks = clause_breaks(text, 0, len(text), "en", forward=True)
    assert text.index(", and") not in breaks  # "and" goes on with Monday's time frame
    assert text.index(", which") in breaks and text.index("because") in breaks
    assert text.index(", and") in clause_breaks(text, 0, len(text), "en")  # never backwards


def test_old_analyses_without_date_offsets_are_undated() -> None:
    doc = analyse_text("The ceasefire was signed on Friday.", id="a", language="en", published=THU)
    [record] = story_records({"a": doc}, cluster([doc]))
    facts = story_facts(record, {"a": doc})
    event = dict(facts["events"][0], date_evidence=None)
    assert not date_governs(event, {"a": doc.text})
    assert date_governs(facts["events"][0], {"a": doc.text})
    line, undated = build_timeline(facts, {"a": doc.text})
    assert [x.date for x in line] == ["2024-03-01"] and not undated


def test_a_negation_far_from_the_trigger_marks_the_event() -> None:
    """ "A convoy ... that was due to leave on Friday did not depart": the
    negation is the convoy's verb's, beyond the relative clause."""
    brief, _ = _story(
        (
            "a",
            "en",
            "A second aid convoy that was due to leave on Friday did not depart, the agency said, blaming fighting on the road.",
        ),
        ("b", "hr", "Konvoj s pomoći koji je trebao krenuti u petak nije krenuo, javlja agencija."),
    )
    rows = [x for x in brief.timeline + brief.undated if x.type == "aid"]
    assert rows and all(r.halted for r in rows)
    assert {d for r in rows for d in r.documents} == {"a", "b"}


def test_a_truce_that_has_not_held_is_marked() -> None:
    brief, _ = _story(("a", "en", "A ceasefire agreed between the clans in May has not held, elders say."))
    [row] = [x for x in brief.timeline + brief.undated if x.type == "ceasefire"]
    assert row.halted


def test_a_row_with_one_stop_among_its_reports_says_partly() -> None:
    brief, _ = _story(
        (
            "a",
            "hr",
            "Evakuacija civila iz Kirkuka prekinuta je zbog granatiranja. Kasnije je iz Kirkuka evakuirano oko 300 civila.",
        )
    )
    [row] = [x for x in brief.undated if x.type == "evacuation"]
    assert row.halted and "(partly reported halted or denied)" in row.text
