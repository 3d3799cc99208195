"""Random records through the whole ingest path: the batch never stops, and every input is stored or named in a problem."""

from __future__ import annotations

import json
import tempfile
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from storyline import service
from storyline.settings import Settings
from storyline.store import SQLiteStore

from .helpers import light_steps

GOOD = "Dobra vijest\n\nNovi most preko rijeke otvoren je u subotu nakon dvije godine radova."

# Values a crawler's JSON may hold where a string is expected.
odd_text = st.one_of(
    st.text(max_size=40),
    st.sampled_from(["\\ud800", "\\udfff", "x\\ud83d", "\\u0000", "\\u2028", "\\u0085", "\\u001b[31m"]),
)
odd_value = st.recursive(
    st.one_of(st.none(), st.booleans(), st.integers(), st.floats(allow_nan=True), odd_text),
    lambda inner: st.one_of(st.lists(inner, max_size=3), st.dictionaries(st.text(max_size=5), inner, max_size=3)),
    max_leaves=6,
)
FIELDS = ["id", "text", "html", "url", "source", "published", "language", "title"]


def encode(value: object) -> str:
    """JSON whose escapes may spell lone surrogates and control characters (valid JSON, hostile text)."""
    raw = json.dumps(value, ensure_ascii=True)
    return raw.replace("\\\\u", "\\u")  # let '\\ud800' written above become the escape \ud800


records = st.dictionaries(st.sampled_from(FIELDS), odd_value, max_size=6)
deep = st.integers(min_value=1, max_value=3).map(lambda k: "[" * (10**k * 3) + "]" * (10**k * 3))
files = st.lists(st.one_of(records.map(encode), deep), min_size=1, max_size=4)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(files)
def test_hostile_records_never_stop_the_batch(contents: list[str]) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp) / "in"
        folder.mkdir()
        for n, content in enumerate(contents):
            (folder / f"r{n}.json").write_text(content, encoding="utf-8", errors="surrogatepass")
        (folder / "z-good.txt").write_text(GOOD, encoding="utf-8")
        with SQLiteStore(Path(tmp) / "s.db") as store:
            report = service.ingest([folder], store, Settings(workers=1), steps=light_steps())
            named = {Path(p.origin.split("#")[0]).name for p in report.problems}
            # each file holds one record: it gave one document (new, or the text of an earlier one) or a problem
            assert len(report.documents) == len(contents) - len(named - {"z-good.txt"}) + 1, report.as_dict()
            assert "z-good.txt" not in named and store.get("z-good") is not None
            assert report.exit_code in (0, 1, 126)
            assert store.stats()["problems"] == len(report.problems)
