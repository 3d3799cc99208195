"""Titles and summaries: from the best-supported event, places that are
names (never ordinary words of the report's language), honest fallbacks,
and nothing weakly supported in the summary."""

from __future__ import annotations

import datetime as dt

from storyline import analyse_text
from storyline.extract.gazetteer import ordinary_word, place_name_ok
from storyline.link.stories import story_records
from storyline.reconcile.model import CONFIDENT, Claim, Conflict
from storyline.reconcile.story import reconcile
from storyline.reconcile.summary import days, story_view, summarise
from storyline.records import Document, Evidence
from storyline.render import build_brief, render

MON = dt.date(2023, 10, 9)


def _brief(*texts: tuple[str, str, str]):
    docs = [analyse_text(t, id=i, language=lang, published=MON) for i, lang, t in texts]
    by_id = {d.id: d for d in docs}
    [record] = story_records(by_id, {"s": [(d.id, 0) for d in docs]})
    return reconcile(record, by_id), by_id, record


def test_ordinary_words_are_no_places() -> None:
    assert ordinary_word("Auch", "de") and ordinary_word("Name", "en")
    assert not ordinary_word("Paris", "en") and not ordinary_word("Turkey", "en")
    assert not ordinary_word("Alep", "hr") and not ordinary_word("Ahr Valley", "en")
    assert not place_name_ok("Auch", "de") and place_name_ok("Auch", "fr")


def test_title_from_the_best_supported_event() -> None:
    brief, _, _ = _brief(
        (
            "en",
            "en",
            "Troops and rebels clash\n\nThe evacuation of civilians from Mosul began on Sunday. Buses carried the evacuated families to camps.",
        ),
        ("hr", "hr", "Evakuacija civila iz Mosula počela je u nedjelju, a autobusi su ih odvezli u kampove."),
    )
    assert brief.title.startswith("Evacuation in Mosul") and "8 October 2023" in brief.title
    first = brief.summary[0]
    assert "evacuation in Mosul" in first.text and first.kind == "event" and first.evidence


def test_a_passing_mention_gives_no_event_title() -> None:
    brief, _, _ = _brief(
        (
            "en",
            "en",
            "Tasting notes: a riesling to remember\n\nThe wine is crisp and dry. Frost was a killer for some vines this spring. We liked it.",
        )
    )
    assert brief.title == "Tasting notes: a riesling to remember"


def test_no_ordinary_word_becomes_a_place_in_a_title() -> None:
    text = "Das Telefon im Test. Auch die Kamera ist gut. Ein Händler in Paris verkauft es."
    doc = Document(id="de", text=text, language="de")
    entities = [
        {
            "id": f"e-{name}",
            "name": name,
            "name_en": name,
            "type": "location",
            "in_gazetteer": True,
            "aliases": [name],
            "mentions": [
                {"document": "de", "start": text.index(name), "end": text.index(name) + len(name), "text": name}
            ],
        }
        for name in ("Auch", "Paris")
    ]
    # A declined name the gazetteer does not know ("Händler" read as a place) is no place either.
    entities.append(dict(entities[1], id="e-Handler", name="Händler", name_en="Händler", in_gazetteer=False))
    view = story_view({"entities": entities}, {"de": doc})
    assert view.good_places == {"e-Paris"}
    assert view.place(["e-Auch", "e-Paris"]) == "Paris"


def test_a_story_with_nothing_to_name_says_what_it_is() -> None:
    brief, by_id, record = _brief(
        ("hr", "hr", "Novi roman stiže u knjižare\n\nKnjiga ima tristo stranica i lijepe korice.")
    )
    assert brief.title == "A report in Croatian" and brief.title_language == "en"
    md = render("markdown", build_brief(by_id.values(), [record]))[1]
    assert "Original headline \\[hr, not translated\\]: Novi roman stiže u knjižare" in md


def test_days_read_as_english() -> None:
    assert days(["2016-12-15"]) == "15 December 2016"
    assert days(["2016-12-16", "2016-12-15"]) == "15 and 16 December 2016"
    assert days(["2016-12-13", "2016-12-15", "2016-12-16"]) == "13, 15 and 16 December 2016"
    assert days(["2016-12-30", "2017-01-02"]) == "30 December 2016 and 2 January 2017"


def _claim(doc: str, source: str, stance: str, who: str | None = None) -> Claim:
    return Claim("x", Evidence(doc, 0, 1, "x"), source, who, frozenset({"agreement"}), {"agreement": stance})


def test_only_confident_conflicts_between_sources_reach_the_summary() -> None:
    brief, by_id, record = _brief(
        (
            "en",
            "en",
            "Talks resume\n\nThe truce was agreed on Monday in Geneva, officials said. Both sides signed the deal.",
        )
    )
    view = story_view({"entities": brief.entities}, by_id)
    weak = Conflict(
        "whether a deal is in place",
        "agreement",
        [_claim("en", "report:en", "negative")],
        [_claim("en", "e1", "positive")],
        confidence=CONFIDENT - 0.2,
    )
    strong = Conflict(
        "whether a deal is in place",
        "agreement",
        [_claim("en", "report:en", "negative")],
        [_claim("hr", "report:hr", "positive")],
        confidence=0.9,
    )
    itself = Conflict(
        "whether a deal is in place",
        "agreement",
        [_claim("en", "report:en", "negative")],
        [_claim("en", "report:en", "positive")],
        confidence=0.9,
    )
    for conflicts, expected in (([weak], False), ([itself], False), ([strong], True)):
        text = " ".join(s.text for s in summarise(record, view, brief.timeline, brief.undated, [], conflicts, []))
        assert ("disagree" in text) is expected, conflicts


def test_uncertain_items_are_marked_and_kept_out_of_the_summary() -> None:
    brief, by_id, record = _brief(
        (
            "en",
            "en",
            'Port strike\n\nDockworkers walked out on Monday, the union said. "We will not go back," said Ana Novak.',
        )
    )
    quotes = [dict(q, confidence=0.3) for q in brief.quotes]
    assert quotes
    view = story_view({"entities": brief.entities}, by_id)
    text = " ".join(s.text for s in summarise(record, view, brief.timeline, brief.undated, [], [], quotes))
    assert "Statements" not in text
    data = build_brief(by_id.values(), [record])
    data["stories"][0]["quotes"] = quotes
    assert "(uncertain)" in render("markdown", data)[1] and "(uncertain)" in render("html", data)[1]


def test_a_passing_mention_in_croatian_is_no_topic() -> None:
    brief, _, _ = _brief(
        (
            "hr",
            "hr",
            (
                "Vinari iz Iloka zadovoljni su ovogodišnjom berbom. Mraz je u travnju ubio dio loze u nižim vinogradima. "
                "Vino je lagano i svježe, a cijene ostaju iste."
            ),
        )
    )
    assert "illing" not in brief.title and brief.title_language == "en"
    assert not any("killings" in s.text for s in brief.summary)
    assert brief.summary[0].kind == "background" and brief.summary[0].evidence[0]["text"].startswith("Vinari iz Iloka")


def test_vague_counts_are_told_in_words() -> None:
    from storyline.reconcile.summary import _value

    assert _value({"vague": True, "low": 1000, "high": 9999, "value": None, "qualifier": "approx"}, {"approx": "about "}) == "thousands"
    assert _value({"vague": False, "low": 10, "high": 15, "value": None, "qualifier": "exact"}, {}) == "10 to 15"


def test_the_event_in_headlines_and_first_sentences_leads_over_background_fighting() -> None:
    """Fighting is mentioned by every report, in passing; the evacuation is what
    the headlines and first sentences tell: it names the story."""
    brief, _, _ = _brief(
        (
            "a",
            "en",
            "Families leave Kirkuk by bus\n\nThe evacuation of families from Kirkuk began on Saturday, under a deal "
            "negotiated by Norway and Qatar. Years of fighting have left the town in ruins.",
        ),
        (
            "b",
            "en",
            "Buses reach Kirkuk\n\nThe evacuation of Kirkuk went on through Saturday as buses queued at the gates. "
            "Fighting around the town has eased, residents said.",
        ),
        (
            "c",
            "hr",
            "Počela evakuacija Kirkuka\n\nEvakuacija civila iz Kirkuka počela je u subotu. Borbe oko grada traju već godinama.",
        ),
    )
    assert brief.title.startswith("Evacuation in Kirkuk"), brief.title
    assert "negotiated by Norway and Qatar" in brief.title and "7 October 2023" in brief.title
    assert "fighting" not in brief.title.lower()
    first = brief.summary[0].text
    assert first.startswith("All three reports") and "an evacuation in Kirkuk" in first


def test_a_halt_then_a_new_start_is_told_in_the_title() -> None:
    brief, _, _ = _brief(
        (
            "a",
            "en",
            "Evacuation of Tikrit stalls\n\nThe evacuation of Tikrit was halted on Thursday when shelling resumed.",
        ),
        (
            "b",
            "en",
            "Evacuation of Tikrit back on track\n\nThe evacuation of Tikrit resumed on Friday, with 40 buses leaving at dawn.",
        ),
    )
    assert brief.title.startswith("Evacuation in Tikrit resumed after a halt"), brief.title
    assert "6 October 2023" in brief.title
    assert brief.summary[0].text.startswith("Both reports, in English, describe an evacuation in Tikrit")


def test_an_agent_the_recogniser_does_not_know_is_not_named() -> None:
    """Only named actors reach a title: "by the two sides" names nobody."""
    brief, _, _ = _brief(
        (
            "a",
            "en",
            "Truce holds in Mosul\n\nThe evacuation of Mosul began on Sunday under a deal negotiated by the two sides. "
            "Buses carried the evacuated families to camps.",
        ),
    )
    assert brief.title.startswith("Evacuation in Mosul") and " by " not in brief.title, brief.title


def test_who_acts_comes_from_the_subject_of_a_past_verb() -> None:
    brief, _, _ = _brief(
        (
            "a",
            "en",
            "Deal to evacuate Kirkuk\n\nNorway and Qatar brokered a deal on Sunday to evacuate families from Kirkuk. "
            "Buses carried the evacuated families to camps.",
        ),
    )
    assert "under a deal brokered by Norway and Qatar" in brief.title, brief.title
    brief, _, _ = _brief(
        (
            "b",
            "en",
            "Kirkuk families leave\n\nThe Red Cross evacuated 300 families from Kirkuk on Sunday. The evacuation went on into the night.",
        ),
    )
    assert brief.title == "Evacuation in Kirkuk, carried out by the Red Cross, 8 October 2023"
    # A plan names nobody as having acted.
    brief, _, _ = _brief(
        (
            "c",
            "en",
            "Kirkuk plan\n\nThe Red Cross will evacuate 300 families from Kirkuk on Sunday. The evacuation of Kirkuk began on Saturday.",
        ),
    )
    assert "Red Cross" not in brief.title, brief.title
