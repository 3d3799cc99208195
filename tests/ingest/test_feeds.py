"""RSS and Atom feeds: one document per entry, with title, date, source and language."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from storyline.api import analyse_text
from storyline.ingest.feeds import html_fragment_text
from storyline.records import Document, Problem

from ..conftest import populate_folder
from .test_readers import read_all

RSS = """<?xml version="1.0" encoding="utf-8"?>
<rss version="2.0"><channel><title>Lokalni portal</title><link>https://portal.invalid</link><language>hr-HR</language>
<item><title>Most otvoren za promet</title><link>https://portal.invalid/most</link><guid>most-1</guid>
<pubDate>Fri, 05 Apr 2024 08:00:00 +0200</pubDate>
<description>&lt;p&gt;Novi most preko Drave otvoren je u petak.&lt;/p&gt;&lt;p&gt;Gradnja je trajala tri godine.&lt;/p&gt;&lt;script&gt;steal()&lt;/script&gt;</description></item>
<item><title>Kiša sutra</title><link>https://portal.invalid/kisa</link><description>Sutra se očekuje kiša u cijeloj zemlji.</description></item>
</channel></rss>"""

ATOM = """<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom"><title>Harbour News</title><id>urn:x</id><updated>2024-09-02T10:00:00Z</updated>
<entry><title>Strike ends</title><id>urn:x:1</id><updated>2024-09-06T10:00:00Z</updated>
<content type="html">&lt;p&gt;The dockworkers returned to work on Friday.&lt;/p&gt;</content></entry></feed>"""


def test_rss_entries_become_documents(tmp_path: Path) -> None:
    populate_folder(tmp_path, {"portal.rss": RSS})
    docs = [d for d in read_all(tmp_path) if isinstance(d, Document)]
    assert len(docs) == 2
    first = docs[0]
    assert first.text == "Most otvoren za promet\n\nNovi most preko Drave otvoren je u petak.\nGradnja je trajala tri godine."
    assert (first.title, first.source, first.language, first.url) == ("Most otvoren za promet", "Lokalni portal", "hr", "https://portal.invalid/most")
    assert first.published == dt.date(2024, 4, 5)
    assert "steal" not in first.text
    assert first.id.startswith("portal-") and first.id != docs[1].id
    assert docs[1].published is None


def test_ids_survive_new_entries_on_top(tmp_path: Path) -> None:
    populate_folder(tmp_path / "a", {"portal.rss": RSS})
    newer = RSS.replace("<item>", "<item><title>Nova vijest</title><guid>nova</guid><description>Tekst.</description></item><item>", 1)
    populate_folder(tmp_path / "b", {"portal.rss": newer})
    ids_a = {d.id for d in read_all(tmp_path / "a") if isinstance(d, Document)}
    ids_b = {d.id for d in read_all(tmp_path / "b") if isinstance(d, Document)}
    assert ids_a < ids_b and len(ids_b) == 3


def test_atom_and_headline_segment(tmp_path: Path) -> None:
    populate_folder(tmp_path, {"harbour.atom": ATOM})
    [doc] = [d for d in read_all(tmp_path) if isinstance(d, Document)]
    assert doc.published == dt.date(2024, 9, 6) and doc.source == "Harbour News"
    analysed = analyse_text(doc.text, title=doc.title, language="en")
    assert [s.kind for s in analysed.segments] == ["headline", "body"]


def test_other_xml_is_skipped_not_failed(tmp_path: Path) -> None:
    populate_folder(tmp_path, {"corpus.xml": "<?xml version='1.0'?><Document><token>x</token></Document>"})
    [problem] = read_all(tmp_path)
    assert isinstance(problem, Problem) and problem.code == "unsupported"


def test_fragment_text_keeps_blocks_apart() -> None:
    assert html_fragment_text("<p>One <b>two</b></p><ul><li>three</li><li>four</li></ul>") == "One two\nthree\nfour"
    assert html_fragment_text("plain   text") == "plain text"
