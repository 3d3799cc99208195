"""RSS and Atom feeds (feedparser): each entry becomes one document.

The entry's text is its title on the first line, then the text of its
content (or summary) HTML, paragraph per line; that is the document's
original text. Ids are the file name plus a hash of the entry's guid (or
link), so a feed fetched again later, with new entries on top, keeps the ids
of the entries it had.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Iterator
from typing import Any

from ..errors import InputError

_BLOCKS = {"p", "div", "br", "li", "h1", "h2", "h3", "h4", "h5", "h6", "blockquote", "tr", "section", "article"}


def html_fragment_text(fragment: str) -> str:
    """Text of a small HTML fragment, one block per line (feedparser has removed scripts)."""
    if "<" not in fragment:
        return " ".join(fragment.split())
    import lxml.etree
    import lxml.html

    try:
        root = lxml.html.fragment_fromstring(fragment, create_parent="div")
    except (lxml.etree.LxmlError, ValueError, RecursionError):
        return " ".join(fragment.split())
    for el in root.iter():
        if el.tag in _BLOCKS:
            el.tail = "\n" + (el.tail or "")
    lines = (" ".join(line.split()) for line in root.text_content().split("\n"))
    return "\n".join(line for line in lines if line)


def looks_like_feed(head: str) -> bool:
    head = head.lstrip()[:2000].lower()
    return "<rss" in head or "<feed" in head or "<rdf:rdf" in head


def read_feed(text: str, stem: str, origin: str) -> Iterator[dict[str, Any]]:
    """Yield one record ({id, text, title, url, published, source, language}) per entry."""
    import feedparser  # imported for the first feed only: start-up stays light

    parsed = feedparser.parse(text)
    if not parsed.entries:
        if parsed.bozo:
            raise InputError(f"not a readable feed: {parsed.bozo_exception}")
        raise InputError("feed has no entries")
    source = parsed.feed.get("title")
    feed_language = parsed.feed.get("language")
    for n, entry in enumerate(parsed.entries, 1):
        key = entry.get("id") or entry.get("link") or f"{n}"
        content = entry.get("content") or []
        body_html = content[0].get("value", "") if content else entry.get("summary", "")
        body = html_fragment_text(body_html)
        title = " ".join((entry.get("title") or "").split())
        text = "\n\n".join(part for part in (title, body) if part)
        stamp = entry.get("published_parsed") or entry.get("updated_parsed")
        yield {
            "id": f"{stem}-{hashlib.sha1(str(key).encode('utf-8', errors='surrogatepass')).hexdigest()[:10]}",
            "text": text,
            "title": title or None,
            "url": entry.get("link"),
            "published": dt.date(*stamp[:3]).isoformat() if stamp else None,
            "source": source,
            "language": entry.get("language") or feed_language,
            "_origin": f"{origin}#{n}",
        }
