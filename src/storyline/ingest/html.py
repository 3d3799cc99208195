"""Main text of an HTML page, through trafilatura.

For HTML input the document's original text is the text extracted here:
the title on its own line when the extracted text does not already start
with it, then the main text with one line per block. Reader comments that
trafilatura finds are appended after a blank line under a "Comments" line,
so the anatomy stage can mark them as comments rather than lose them.
"""

from __future__ import annotations

from dataclasses import dataclass

from ..errors import InputError


@dataclass
class HtmlText:
    text: str
    title: str | None
    published: str | None
    source: str | None
    url: str | None
    language: str | None


def extract_html(html: str, url: str | None = None) -> HtmlText:
    # Imported on the first HTML page: trafilatura costs 0.14 s of start-up.
    import lxml.etree
    import trafilatura

    try:
        result = trafilatura.bare_extraction(
            html,
            url=url,
            include_comments=True,
            include_tables=True,
            favor_recall=True,
            with_metadata=True,
        )
    except RecursionError:
        raise InputError("the HTML is nested too deeply to be read") from None
    except (ValueError, TypeError, lxml.etree.LxmlError) as exc:
        # A page lxml or trafilatura cannot parse is one bad input, named as such.
        raise InputError(f"the HTML cannot be parsed ({type(exc).__name__}: {exc})") from None
    body = (result.text or "").strip() if result is not None else ""
    if not body:
        raise InputError("no main text found in the HTML")
    title = (result.title or "").strip() or None
    parts = []
    if title and not body.startswith(title):
        parts.append(title)
    parts.append(body)
    comments = (result.comments or "").strip()
    if comments:
        parts.append("Comments\n" + comments)
    return HtmlText(
        text="\n\n".join(parts),
        title=title,
        published=_text_or_none(result.date),
        source=_text_or_none(result.sitename or result.hostname),
        url=_text_or_none(result.url) or url,
        language=_text_or_none(result.language),
    )


def _text_or_none(value: object) -> str | None:
    return value if isinstance(value, str) and value else None
