"""ACLED-style CSV export: rows from hand-made documents, the CLI command and the API route.

The texts are our own invented reports; the places are real towns so that
the gazetteer can place them.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
from pathlib import Path

import pytest
from typer.testing import CliRunner

from storyline.records import Document, Event, Figure, Segment
from storyline.render import ExportOptions
from storyline.render.acled import COLUMNS, acled_rows, conservative_fatalities, export_acled_csv, to_csv

HEADLINE = "Shells hit Tuzla market"
BODY = (
    'Artillery shells struck the covered market in Tuzla on Tuesday, killing dozens of shoppers, the local "Civic Watch" group said. '
    "A reported clash near Zenica never took place, police said. "
    "The mayor, Ana Kovač, said talks with the regional council would resume. "
    'Fighting between the "North Legion" and a local militia, which left between 5 and 9 dead,\nspread to two villages overnight.'
)
COMMENTS = "• reader42: Tuzla was shelled again, 300 dead!!"
TEXT = f"{HEADLINE}\n\n{BODY}\n\n{COMMENTS}"


def _at(text: str, words: str, after: int = 0) -> tuple[int, int]:
    start = text.index(words, after)
    return start, start + len(words)


def _sentence(text: str, first_words: str, last_words: str) -> tuple[int, int]:
    start = text.index(first_words)
    return start, text.index(last_words, start) + len(last_words)


def market_report() -> Document:
    """One English report: a shelling with a vague death toll, a denied clash, a statement, a fight with a range, a comment."""
    body_start = len(HEADLINE) + 2
    comments_start = TEXT.index("•")
    doc = Document(
        id="market-en",
        text=TEXT,
        source="Valley Herald",
        published=dt.date(2025, 3, 6),
        language="en",
        segments=[
            Segment("headline", 0, body_start, "en"),
            Segment("body", body_start, comments_start, "en"),
            Segment("comments", comments_start, len(TEXT), "en"),
        ],
    )
    shelling = _sentence(TEXT, "Artillery shells", "group said.")
    dozens = _at(TEXT, "dozens of shoppers")
    doc.figures = [
        Figure(
            *dozens,
            value=None,
            low=12,
            high=None,
            qualifier="approx",
            unit="people",
            what="shoppers killed",
            vague=True,
            predicate="killed",
        ),
        Figure(
            *_at(TEXT, "between 5 and 9"),
            value=None,
            low=5,
            high=9,
            qualifier="approx",
            unit="people",
            what="dead",
            predicate="killed",
        ),
    ]
    tuzla = _at(TEXT, "Tuzla", body_start)
    shoppers = _at(TEXT, "shoppers")
    clash = _sentence(TEXT, "A reported clash", "police said.")
    talks = _sentence(TEXT, "The mayor", "would resume.")
    fighting = _sentence(TEXT, "Fighting between", "overnight.")
    legion, militia = _at(TEXT, "North Legion"), _at(TEXT, "local militia")
    doc.events = [
        Event(
            "attack",
            *shelling,
            *_at(TEXT, "struck"),
            date="2025-03-04",
            date_start=TEXT.index("on Tuesday") + 3,
            date_end=TEXT.index("on Tuesday") + 10,
            place="Tuzla",
            place_start=tuzla[0],
            place_end=tuzla[1],
            target="shoppers",
            target_start=shoppers[0],
            target_end=shoppers[1],
            acled_event_type="Explosions/Remote violence",
            acled_sub_event_type="Shelling/artillery/missile attack",
            fatalities_start=dozens[0],
            fatalities_end=dozens[1],
            confidence=0.8,
        ),
        Event(
            "armed_clash",
            *clash,
            *_at(TEXT, "clash"),
            place="Zenica",
            place_start=TEXT.index("Zenica"),
            place_end=TEXT.index("Zenica") + 6,
            acled_event_type="Battles",
            acled_sub_event_type="Armed clash",
            negated=True,
            confidence=0.7,
        ),
        Event("statement", *talks, *_at(TEXT, "said", talks[0]), actors=["Ana Kovač"], confidence=0.9),
        Event(
            "armed_clash",
            *fighting,
            *_at(TEXT, "Fighting"),
            actors=["North Legion", "local militia"],
            actor_spans=[legion, militia],
            acled_event_type="Battles",
            acled_sub_event_type="Armed clash",
            fatalities_start=TEXT.index("between 5"),
            fatalities_end=TEXT.index("between 5") + len("between 5 and 9"),
            confidence=0.65,
        ),
        Event(
            "attack",
            comments_start,
            len(TEXT),
            *_at(TEXT, "shelled"),
            place="Tuzla",
            acled_event_type="Explosions/Remote violence",
            acled_sub_event_type="Shelling/artillery/missile attack",
            fatalities=300,
            confidence=0.9,
        ),
    ]
    return doc


def dated_report() -> Document:
    """A crawled page (estimated publication date, URL only) whose events are dated to a month, a week, a year, and
    by a date of another clause."""
    text = (
        "Protesters marched in Mostar in March. Police detained nine students in week ten. Riots shook the city in 2024. "
        "Two rockets hit a depot, the governor said on Friday."
    )
    doc = Document(
        id="mostar-en",
        text=text,
        url="https://www.example-news.ba/vijesti/1",
        published=dt.date(2025, 3, 20),
        published_is_estimate=True,
        language="en",
        segments=[Segment("body", 0, len(text), "en")],
    )
    sentences = [(0, text.index(".") + 1)]
    for _ in range(3):
        start = sentences[-1][1] + 1
        sentences.append((start, text.index(".", start) + 1))
    mostar = _at(text, "Mostar")
    doc.events = [
        Event(
            "protest",
            *sentences[0],
            *_at(text, "marched"),
            date="2025-03",
            date_start=text.index("March"),
            date_end=text.index("March") + 5,
            place="Mostar",
            place_start=mostar[0],
            place_end=mostar[1],
            actors=["Protesters"],
            acled_event_type="Protests",
            acled_sub_event_type="Peaceful protest",
            confidence=0.9,
        ),
        Event(
            "arrest",
            *sentences[1],
            *_at(text, "detained"),
            date="2025-W10",
            date_start=text.index("week ten"),
            date_end=text.index("week ten") + 8,
            actors=["Police"],
            target="students",
            acled_event_type="Strategic developments",
            acled_sub_event_type="Arrests",
            confidence=0.9,
        ),
        Event(
            "riot",
            *sentences[2],
            *_at(text, "Riots"),
            date="2024",
            date_start=text.index("2024"),
            date_end=text.index("2024") + 4,
            acled_event_type="Riots",
            acled_sub_event_type="Violent demonstration",
            confidence=0.9,
        ),
        Event(
            "explosion",
            *sentences[3],
            *_at(text, "hit"),
            date="2025-03-14",  # "said on Friday" dates the saying, not the rockets
            date_start=text.index("on Friday") + 3,
            date_end=text.index("on Friday") + 9,
            acled_event_type="Explosions/Remote violence",
            acled_sub_event_type="Shelling/artillery/missile attack",
            confidence=0.3,
        ),
    ]
    return doc


def _parse(content: str) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(content, newline="")))


def test_columns_and_one_row_per_exported_event() -> None:
    result = export_acled_csv([market_report()])
    assert result.content.startswith(",".join(COLUMNS) + "\r\n")
    rows = _parse(result.content)
    assert [r["storyline_type"] for r in rows] == ["attack", "armed_clash"]
    shelling, fighting = rows
    assert shelling["event_date"] == "2025-03-04" and shelling["year"] == "2025" and shelling["time_precision"] == "1"
    assert shelling["date_source"] == "text"
    assert (shelling["event_type"], shelling["sub_event_type"]) == (
        "Explosions/Remote violence",
        "Shelling/artillery/missile attack",
    )
    assert shelling["disorder_type"] == "Political violence"
    assert (shelling["location"], shelling["country"], shelling["iso"]) == ("Tuzla", "Bosnia and Herzegovina", "70")
    assert shelling["geo_precision"] == "1"
    assert abs(float(shelling["latitude"]) - 44.54) < 0.1 and abs(float(shelling["longitude"]) - 18.68) < 0.1
    assert shelling["actor2"] == "shoppers" and shelling["source"] == "Valley Herald"
    assert shelling["event_id_cnty"].startswith("BIH-")
    # Two armed groups: the first is actor1, the other actor2; no place, no invented country.
    assert (fighting["actor1"], fighting["actor2"], fighting["assoc_actor_1"]) == ("North Legion", "local militia", "")
    assert fighting["location"] == fighting["country"] == fighting["latitude"] == "" and fighting[
        "event_id_cnty"
    ].startswith("XXX-")
    assert fighting["disorder_type"] == "Political violence" and fighting["civilian_targeting"] == ""


def test_fatalities_follow_the_most_conservative_reading() -> None:
    rows = _parse(export_acled_csv([market_report()]).content)
    assert [r["fatalities"] for r in rows] == ["12", "5"]  # "dozens" counts 12; "between 5 and 9" its low end

    def fig(value=None, low=None, high=None, qualifier="exact", vague=False) -> Figure:
        return Figure(0, 1, value, low, high, qualifier, "people", "dead", vague=vague)

    assert conservative_fatalities(fig(low=100, vague=True, qualifier="approx")) == 100  # "hundreds"
    assert conservative_fatalities(fig(low=12, vague=True, qualifier="approx")) == 12  # "dozens"
    assert conservative_fatalities(fig(low=40, high=60, qualifier="approx")) == 40
    assert conservative_fatalities(fig(value=17)) == 17
    assert conservative_fatalities(fig(value=30, qualifier="at_least")) == 30
    assert conservative_fatalities(fig(value=30, qualifier="at_most")) is None  # "up to 30": no least number
    # The event's own reading wins over the figure it points at.
    doc = market_report()
    doc.events[0].fatalities = 14
    assert _parse(export_acled_csv([doc]).content)[0]["fatalities"] == "14"


def test_negated_unmapped_and_comment_events_are_left_out_and_counted() -> None:
    result = export_acled_csv([market_report()])
    assert result.rows == 2
    assert dict(result.left_out) == {"negated": 1, "no_acled_type": 1, "not_reporting": 1}
    assert "3 events left out" in result.summary() and "1 reported as not having happened" in result.summary()
    assert result.header() == "negated=1; no_acled_type=1; not_reporting=1"
    assert "Zenica" not in result.content and "reader42" not in result.content


def test_evidence_columns_point_at_the_right_characters() -> None:
    doc = market_report()
    for row in _parse(export_acled_csv([doc]).content):
        start, end = int(row["start"]), int(row["end"])
        sentence = doc.text[start:end]
        assert row["document"] == "market-en"
        assert row["notes"].endswith(f'Source sentence (en): "{sentence}"')
        words = doc.text[int(row["fatalities_start"]) : int(row["fatalities_end"])]
        assert words in sentence and words in ("dozens of shoppers", "between 5 and 9")
    shelling = _parse(export_acled_csv([doc]).content)[0]
    assert shelling["place_text"] == "Tuzla"
    assert shelling["notes"].startswith(
        "On 2025-03-04, in Tuzla (Bosnia and Herzegovina): Shelling/artillery/missile attack targeting shoppers."
    )


def test_csv_quotes_commas_quotes_and_line_breaks_in_notes() -> None:
    content = export_acled_csv([market_report()]).content
    fighting_note = _parse(content)[1]["notes"]
    assert ",\nspread to two villages" in fighting_note and '"North Legion"' in fighting_note
    # RFC 4180: the field is quoted and its quotes doubled; the raw CSV has the line break inside the field.
    assert '""North Legion""' in content and ",\nspread" in content
    assert len(list(csv.reader(io.StringIO(content, newline="")))) == 3  # header and two rows despite the line break


def test_dates_from_the_text_or_flagged_as_publication_dates() -> None:
    market = market_report()
    market.events[0].date = None
    rows = _parse(export_acled_csv([market, dated_report()]).content)
    by_type = {r["storyline_type"]: r for r in rows}
    undated = rows[0]
    assert (undated["event_date"], undated["date_source"], undated["time_precision"]) == (
        "2025-03-06",
        "publication",
        "2",
    )
    assert undated["notes"].startswith("Reported 2025-03-06 (publication date), in Tuzla")
    protest = by_type["protest"]
    assert (protest["event_date"], protest["time_precision"], protest["date_source"]) == ("2025-03-15", "3", "text")
    assert protest["disorder_type"] == "Demonstrations" and protest["source"] == "example-news.ba"
    arrest = by_type["arrest"]
    assert (arrest["event_date"], arrest["time_precision"]) == ("2025-03-05", "2")  # the Wednesday of ISO week 10
    assert arrest["disorder_type"] == "Strategic developments"
    # An event whose text date belongs to another clause is placed on the publication date, flagged; an
    # estimated publication date only tells the month.
    assert by_type["explosion"]["time_precision"] == "3" and by_type["explosion"]["date_source"] == "publication"
    _, left_out = acled_rows([dated_report()])
    assert left_out == {"year_only": 1}


def test_min_confidence_and_story_units_filter() -> None:
    rows, left_out = acled_rows([market_report(), dated_report()], ExportOptions(min_confidence=0.5))
    assert "explosion" not in {r["storyline_type"] for r in rows} and left_out["below_confidence"] == 1
    rows, left_out = acled_rows([market_report(), dated_report()], ExportOptions(units=frozenset({("mostar-en", 0)})))
    assert {r["document"] for r in rows} == {
        "mostar-en"
    } and "negated" not in left_out  # other stories are not "left out"


def test_ids_are_stable_and_distinct() -> None:
    first = [r["event_id_cnty"] for r in _parse(export_acled_csv([market_report(), dated_report()]).content)]
    again = [r["event_id_cnty"] for r in _parse(export_acled_csv([market_report(), dated_report()]).content)]
    assert first == again and len(set(first)) == len(first)
    # One trigger dated on two days ("on Monday and Tuesday") is two events with two ids.
    doc = market_report()
    twice = Event(**{**{f: getattr(doc.events[0], f) for f in Event.__slots__}, "date": "2025-03-03"})
    doc.events.append(twice)
    ids = [r["event_id_cnty"] for r in _parse(export_acled_csv([doc]).content)]
    assert len(ids) == 3 and len(set(ids)) == 3


def test_violence_against_civilians_is_civilian_targeting() -> None:
    doc = market_report()
    doc.events[0].acled_event_type, doc.events[0].acled_sub_event_type = "Violence against civilians", "Attack"
    row = _parse(export_acled_csv([doc]).content)[0]
    assert row["civilian_targeting"] == "Civilian targeting" and row["disorder_type"] == "Political violence"


# -- the command and the API on a real store ----------------------------------------------------------


@pytest.fixture(scope="module")
def stored(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, str]:
    """A store holding one ingested text whose analysis is replaced by hand-made events (the extractor's output is not under test)."""
    from storyline.cli import app
    from storyline.store import open_store

    folder = tmp_path_factory.mktemp("acled")
    (folder / "in").mkdir()
    (folder / "in" / "market-en.txt").write_text(TEXT, encoding="utf-8")
    meta = folder / "meta.jsonl"
    meta.write_text(
        '{"id": "market-en", "source": "Valley Herald", "published": "2025-03-06", "language": "en"}\n',
        encoding="utf-8",
    )
    db = folder / "s.db"
    args = ["ingest", str(folder / "in"), "--meta", str(meta), "--db", str(db), "-q"]
    result = CliRunner().invoke(app, args, catch_exceptions=False)
    assert result.exit_code == 0, result.output
    with open_store(str(db)) as store:
        doc = store.get("market-en")
        assert doc is not None and doc.text == TEXT and doc.source == "Valley Herald"
        made = market_report()
        doc.events, doc.figures, doc.segments, doc.sentences = made.events, made.figures, made.segments, []
        store.write(lambda: store.save_anatomy(doc))
        [story] = store.story_units(["market-en"])
    return db, story


def test_export_command_writes_csv_to_stdout_and_counts_on_stderr(stored: tuple[Path, str], tmp_path: Path) -> None:
    from storyline.cli import app

    db, story = stored
    runner = CliRunner()
    result = runner.invoke(app, ["export", "--db", str(db), "--format", "acled-csv"], catch_exceptions=False)
    assert result.exit_code == 0, result.output
    rows = _parse(result.stdout)
    assert [r["storyline_type"] for r in rows] == ["attack", "armed_clash"] and rows[0]["fatalities"] == "12"
    assert "2 rows; 3 events left out" in result.stderr and "reported as not having happened" in result.stderr
    out = tmp_path / "events.csv"
    again = runner.invoke(
        app, ["export", "--db", str(db), "--out", str(out), "--story", story, "--min-confidence", "0.7"]
    )
    assert again.exit_code == 0, again.output
    assert [r["storyline_type"] for r in _parse(out.read_text(encoding="utf-8"))] == ["attack"]
    assert runner.invoke(app, ["export", "--db", str(db), "--story", "no-such-story"]).exit_code == 2
    bad = runner.invoke(app, ["export", "--db", str(db), "--format", "xlsx"])
    assert bad.exit_code == 2 and "acled-csv" in bad.stderr
    folder = runner.invoke(app, ["export", "--db", str(db), "--out", str(tmp_path)])
    assert folder.exit_code == 2 and "cannot write" in folder.stderr
    missing = runner.invoke(app, ["export", "--db", str(tmp_path / "none.db")])
    assert missing.exit_code == 2 and "no such database" in missing.stderr


def test_api_export_route_answers_csv_with_a_file_name(stored: tuple[Path, str]) -> None:
    from fastapi.testclient import TestClient

    from storyline.settings import load_settings
    from storyline.web import create_app

    db, story = stored
    client = TestClient(create_app(db, load_settings()), base_url="http://127.0.0.1")
    r = client.get("/api/export", params={"format": "acled-csv"})
    assert r.status_code == 200
    assert r.headers["content-type"].startswith("text/csv")
    assert 'filename="storyline-acled.csv"' in r.headers["content-disposition"]
    assert r.headers["x-storyline-left-out"] == "negated=1; no_acled_type=1; not_reporting=1"
    assert r.text == to_csv(acled_rows([market_report()])[0])  # the same rows as from the records themselves
    assert [
        x["storyline_type"]
        for x in _parse(client.get("/api/export", params={"story": story, "min_confidence": 0.7}).text)
    ] == ["attack"]
    assert client.get("/api/export", params={"story": "nope"}).status_code == 404
    bad = client.get("/api/export", params={"format": "xlsx"})
    assert bad.status_code == 400 and "acled-csv" in bad.json()["error"]["hint"]


def test_export_is_registered_by_name_and_listed() -> None:
    from storyline.cli import app
    from storyline.registry import exporters

    assert exporters.get("acled-csv") is export_acled_csv
    listed = CliRunner().invoke(app, ["backends"])
    assert any(line.startswith("export format") and "acled-csv" in line for line in listed.stdout.splitlines())


def test_target_is_not_repeated_among_actors_and_unknown_places_are_quoted_not_stated() -> None:
    doc = market_report()
    shelling = doc.events[0]
    shelling.actors = ["Highland Brigade", "shoppers", "Highland Brigade"]
    shelling.place, (shelling.place_start, shelling.place_end) = "covered market", _at(TEXT, "covered market")
    row = _parse(export_acled_csv([doc]).content)[0]
    assert (row["actor1"], row["actor2"], row["assoc_actor_1"]) == ("Highland Brigade", "shoppers", "")
    assert row["location"] == row["country"] == row["geo_precision"] == "" and row["place_text"] == "covered market"
    assert row["notes"].startswith(
        "On 2025-03-04: Shelling/artillery/missile attack involving Highland Brigade targeting shoppers."
    )
    assert 'Place not in the gazetteer: "covered market".' in row["notes"] and "in covered market" not in row["notes"]


def test_text_cells_cannot_run_as_spreadsheet_formulas() -> None:
    doc = market_report()
    doc.source = '=HYPERLINK("http://x.example")'
    doc.events[3].actors = ["@North Legion", "local militia"]
    rows = _parse(export_acled_csv([doc]).content)
    assert rows[0]["source"] == '\'=HYPERLINK("http://x.example")' and rows[1]["actor1"] == "'@North Legion"
    dated = dated_report()
    protest = dated.events[0]
    protest.place, protest.place_start, protest.place_end = "Boston", None, None
    row = _parse(export_acled_csv([dated]).content)[0]
    assert row["longitude"].startswith("-71.") and row["admin1"] == "Massachusetts"  # numbers stay numbers


def test_events_of_older_analyses_are_counted_apart() -> None:
    """An analysis before the ACLED mapping has no ACLED type and no confidence: "ingest again", not "not ACLED's"."""
    doc = market_report()
    for e in doc.events:
        e.acled_event_type = e.acled_sub_event_type = None
        e.confidence = 0.0
    result = export_acled_csv([doc])
    assert result.rows == 0 and dict(result.left_out) == {"negated": 1, "not_reporting": 1, "older_analysis": 3}
    assert "3 analysed before the ACLED mapping (ingest again to code them)" in result.summary()


def test_extraction_and_export_read_fatalities_the_same_way() -> None:
    """One reading of a count of the dead: the stored event's and the export's never differ ("up to 30": none)."""
    from storyline.extract.events import conservative

    for f in (
        Figure(0, 1, 30, None, None, "at_most", "people", "dead"),
        Figure(0, 1, None, 12, None, "approx", "people", "dead", vague=True),
        Figure(0, 1, None, 5, 9, "exact", "people", "dead"),
        Figure(0, 1, 40, None, None, "at_least", "people", "dead"),
    ):
        assert conservative(f) == conservative_fatalities(f)
    doc = analyse_text_en("Up to 30 villagers were killed when gunmen attacked Baraka on 3 May 2025.")
    attack = next(e for e in doc.events if e.acled_event_type == "Violence against civilians")
    assert attack.fatalities is None and attack.fatalities_start is not None
    rows = _parse(export_acled_csv([doc]).content)
    assert rows and all(r["fatalities"] == "" for r in rows)


def analyse_text_en(text: str):
    from storyline.api import analyse_text

    return analyse_text(text, language="en")


def test_source_falls_back_to_the_site_and_survives_a_malformed_url() -> None:
    from storyline.render.acled import source_of

    assert source_of(Document(id="a", text="x", source="Coast Daily", url="https://www.example.org/a")) == "Coast Daily"
    assert source_of(Document(id="b", text="x", url="https://www.example.org/a")) == "example.org"
    assert source_of(Document(id="c", text="x", url="http://[::1")) == ""
