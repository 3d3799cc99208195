"""Segmentation on our own texts (written for these tests, not copied from any source)."""

from __future__ import annotations

from storyline.anatomy import segment, teaser_end

from ..conftest import assert_tiles

# Croatian, no line breaks, a glued teaser and then a different article.
FLAT_HR = (
    "Vlada je u utorak usvojila paket mjera vrijedan 300 milijuna eura za pomoć poljoprivrednicima pogođenim sušom. "
    "Ministrica poljoprivrede rekla je da će isplate početi do kraja mjeseca. Udruge seljaka tvrde da je pomoć premala. "
    ">> Suša uništila trećinu uroda kukuruza u Slavoniji Osječki vatrogasci su u srijedu ugasili požar na odlagalištu otpada "
    "kod Tenje, a uzrok se još istražuje. Zapovjednik postrojbe kazao je da nitko nije ozlijeđen. "
)

EN_WITH_COMMENTS = """Council Approves New Tram Line

Work to start in spring

By Jonas Berg

The city council approved a new tram line on Tuesday, ending a debate that lasted two years.

The line will connect the university with the main station, the mayor said.

Jonas Berg covers transport for the paper.

  • railfan_88

    Finally. I have been waiting for this since I was a student and now I am almost retired.

  • Petra K.

    Who is going to pay for all of this? Not the council, that much is certain.
"""


def kinds(text: str, title: str | None = None) -> list[tuple[str, int, str]]:
    return [(s.kind, s.unit, text[s.start : s.end].strip()) for s in segment(text, title)]


def test_flat_teaser_then_second_article_is_its_own_unit() -> None:
    segs = kinds(FLAT_HR)
    assert [k for k, _, _ in segs] == ["body", "teaser", "body"]
    teaser = segs[1][2]
    assert teaser.startswith(">>") and teaser.endswith("u Slavoniji")
    assert segs[2][1] == 1 and segs[2][2].startswith("Osječki vatrogasci")
    assert segs[0][1] == 0


def test_teaser_at_end_with_subheadline_runs_to_the_end() -> None:
    text = "Pregovori su završeni bez dogovora. >> Ministar: Nema odustajanja od reforme. 'Idemo do kraja' "
    segs = kinds(text)
    assert [k for k, _, _ in segs] == ["body", "teaser"]
    assert segs[1][2] == ">> Ministar: Nema odustajanja od reforme. 'Idemo do kraja'"


def test_teaser_does_not_cut_after_a_title_or_preposition() -> None:
    text = ">> Razgovor s ministrom Horvatom o novom zakonu o radu Sindikati su u petak najavili prosvjed ispred Vlade, a policija je zatvorila dio ulica."
    end = teaser_end(text, 3, len(text))
    assert text[3:end].strip() == "Razgovor s ministrom Horvatom o novom zakonu o radu"


def test_text_after_teaser_that_continues_stays_in_the_unit() -> None:
    text = (
        "Izbori su raspisani za lipanj, a stranke već skupljaju potpise. >> Pročitajte i: Tko su kandidati "
        "Međutim, oporba traži da se izbori odgode zbog novih popisa birača, a o tome odlučuje sud."
    )
    segs = kinds(text)
    assert [k for k, _, _ in segs] == ["body", "teaser", "body"]
    assert {u for _, u, _ in segs} == {0}


def test_comments_headline_byline_and_author_note() -> None:
    segs = kinds(EN_WITH_COMMENTS)
    assert [k for k, _, _ in segs] == ["headline", "headline", "byline", "body", "byline", "comments"]
    assert segs[-1][2].startswith("• railfan_88") and segs[-1][2].endswith("that much is certain.")


def test_comment_heading_with_count_in_flat_text() -> None:
    text = "Most je otvoren za promet nakon dvije godine radova. Gradonačelnik je presjekao vrpcu. Komentari (2) marko: super vijest ana: konačno"
    segs = kinds(text)
    assert [k for k, _, _ in segs] == ["body", "comments"]
    assert segs[1][2].startswith("Komentari (2)")


def test_labelled_byline_inline_and_agency_credit() -> None:
    text = "Piše: Lana Kovač Gradsko vijeće je u četvrtak izglasalo novi proračun od 40 milijuna eura. Oporba je bila protiv. (Hina)"
    segs = kinds(text)
    assert [k for k, _, _ in segs] == ["byline", "body", "byline"]
    assert segs[0][2] == "Piše: Lana Kovač"
    assert segs[2][2] == "(Hina)"


def test_dateline_is_a_byline() -> None:
    text = "ZAGREB, 3. ožujka (Hina) - Sabor je u petak izglasao zakon o strancima s 80 glasova za."
    segs = kinds(text)
    assert segs[0][0] == "byline" and segs[0][2].startswith("ZAGREB")
    assert segs[1][0] == "body" and segs[1][2].startswith("Sabor")


def test_given_title_is_split_off_flat_text() -> None:
    title = "Cijene goriva ponovno rastu"
    text = title + " Od utorka će benzin biti skuplji za četiri centa po litri, objavilo je ministarstvo."
    segs = kinds(text, title)
    assert segs[0] == ("headline", 0, title)
    assert segs[1][0] == "body"


def test_page_furniture_is_other() -> None:
    text = "Storm Closes Schools\n\nSchools in three counties stayed closed on Friday as the storm moved inland.\n\nShare\n\nForecasters expect the wind to ease by Sunday evening."
    segs = kinds(text)
    assert [k for k, _, _ in segs] == ["headline", "body", "other", "body"]


def test_single_line_text_is_body_and_tiles() -> None:
    from storyline.api import analyse_text

    doc = analyse_text("Samo jedna rečenica bez ikakvog naslova.", language="hr")
    assert [s.kind for s in doc.segments] == ["body"]
    assert_tiles(doc)


def test_bulleted_list_in_body_is_not_a_comment_thread() -> None:
    text = (
        "Aid Reaches Flooded Towns\n\nThe agency listed what arrived on Monday:\n\n"
        "• 400 tents for families who lost their homes\n\n• 12 tonnes of drinking water\n\n"
        "More deliveries are expected later this week, officials said."
    )
    assert "comments" not in [k for k, _, _ in kinds(text)]


def test_blank_or_repeated_title_terminates() -> None:
    # regression: a whitespace title used to split pieces forever
    assert [s.kind for s in segment("   x y", " ")] == ["body"]
    assert [(s.kind, s.start, s.end) for s in segment("a a a a", "a")] == [("headline", 0, 1), ("body", 1, 7)]


def test_by_at_sentence_start_is_not_a_byline() -> None:
    text = "By Monday, the river had risen two metres and the army was called in to build barriers along the banks."
    assert [k for k, _, _ in kinds(text)] == ["body"]
    text2 = "By Jane Roe The river rose two metres overnight and the army was called in to help residents leave."
    assert kinds(text2)[0][:1] == ("byline",) and kinds(text2)[0][2] == "By Jane Roe"
