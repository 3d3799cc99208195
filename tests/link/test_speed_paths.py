"""Speed paths of placement and of the cached tables give exactly what the plain computation gives (issue 17)."""

from __future__ import annotations

import datetime as dt
import os
import random
import unicodedata
from pathlib import Path

import pytest

from storyline.extract import events, figures
from storyline.lang.dictionaries import DiskMap
from storyline.link import stories
from storyline.records import Profile, UnitProfile


def _profile(rng: random.Random, size: int) -> Profile:
    words = [f"w{rng.randrange(300)}" for _ in range(size)]
    return Profile(
        keys={f"N:k{rng.randrange(12)}": rng.random() for _ in range(5)},
        first=dt.date(2026, 3, 1) + dt.timedelta(days=rng.randrange(30)),
        last=dt.date(2026, 4, 1),
        terms={w: rng.random() for w in words},
        units=rng.randrange(1, 6),
        anchors={f"#{rng.randrange(50)}": rng.random() for _ in range(size // 3)},
    )


def test_similarity_with_known_norms_is_the_same_float() -> None:
    rng = random.Random(7)
    for _ in range(300):
        a, b = _profile(rng, rng.randrange(0, 60)), _profile(rng, rng.randrange(0, 400))
        plain = stories.similarity(a, b)
        assert stories.similarity(a, b, stories._norms(a), stories._norms(b)) == plain
        assert stories.similarity(b, a, stories._norms(b), stories._norms(a)) == stories.similarity(b, a)


def test_placement_with_norms_matches_the_plain_scoring(monkeypatch: pytest.MonkeyPatch) -> None:
    """The same units placed with the plain similarity (no norms given) end in the same stories."""
    rng = random.Random(3)
    units = []
    for i in range(120):
        p = _profile(rng, 30)
        p.keys = {f"N:event{i % 15}": 1.0, f"LOC:geo:{i % 4}": 0.5}
        p.units = 1
        units.append(UnitProfile(f"d{i}", 0, p))

    def placed() -> list[str]:
        index = stories.MemoryIndex()
        return [stories.assign(UnitProfile(u.document, u.unit, Profile.from_dict(u.profile.as_dict())), index) for u in units]

    fast = placed()
    plain = stories.similarity.__wrapped__ if hasattr(stories.similarity, "__wrapped__") else stories.similarity
    monkeypatch.setattr(stories, "similarity", lambda u, s, un=None, sn=None: plain(u, s))
    assert placed() == fast and len(set(fast)) < len(fast)  # some units joined others


def test_rest_of_a_story_from_one_rounded_copy() -> None:
    rng = random.Random(5)
    units = [UnitProfile(f"d{i}", 0, _profile(rng, 40)) for i in range(6)]
    total = Profile()
    for u in units:
        total.add(u.profile)
    base = total.as_dict()
    for u in units:
        assert stories._without(total, [u], units, base).as_dict() == stories._without(total, [u], units).as_dict()


@pytest.mark.parametrize("text", ["Škola u Čačku", "Ђурђевац", "naïve café", "Rafaḩ", "x\u0301\u0327y", "plain ascii"])
def test_folding_drops_exactly_the_combining_marks(text: str) -> None:
    s = unicodedata.normalize("NFKD", text.lower())
    assert s.translate(stories._NO_COMBINING) == "".join(c for c in s if not unicodedata.combining(c))


def test_disk_map_answers_as_the_table(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    table = {f"k{i}": (f"v{i}", i % 2 == 0) for i in range(500)} | {"Ђурђевац": ("geo:1", True)}
    loads: list[int] = []

    def load() -> dict:
        loads.append(1)
        return dict(table)

    DiskMap("t-1", load)  # no copy yet: loaded and written
    assert len(loads) == 1 and (tmp_path / "storyline" / "t-1.sqlite").exists()
    m = DiskMap("t-1", load, switch_after=50)
    for key in ["k3", "nope", "Ђурђевац", "k3", "k499"]:
        assert m.get(key) == table.get(key) and (key in m) == (key in table)
    assert len(loads) == 1  # answered from the copy
    for i in range(200):  # past switch_after: the table is loaded once
        assert m.get(f"k{i}") == table[f"k{i}"]
    assert len(loads) == 2 and dict(m) == table
    with pytest.raises(KeyError):
        m["missing"]
    (tmp_path / "storyline" / "t-1.sqlite").write_bytes(b"not a database")
    broken = DiskMap("t-1", load)
    assert broken.get("k7") == table["k7"] and broken.get("nope") is None  # a broken copy: the table serves


def test_disk_map_of_bytes_after_fork(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    table = {b"kuca": b"ku\xc4\x87a", b"x": b"y"}
    DiskMap("b-1", lambda: dict(table))
    m = DiskMap("b-1", lambda: dict(table))
    assert m.get(b"kuca") == table[b"kuca"]
    pid = os.fork()
    if pid == 0:  # the child opens its own connection
        os._exit(0 if m.get(b"x") == b"y" and m.get(b"z") is None else 1)
    _, status = os.waitpid(pid, 0)
    assert os.waitstatus_to_exitcode(status) == 0


def test_predicate_phrases_by_first_word_keep_the_order() -> None:
    lex = figures.Lexicon.of({"ranjeno je": "wounded", "ranjen": "wounded", "poginulo je": "killed", "bilo je ranjeno": "wounded", "bilo je": "x"})
    for form, lem in [("bilo", "biti"), ("ranjeno", "ranjen"), ("biti", "bilo"), ("nista", "nista")]:
        want = tuple(i for i, (phrase, _) in enumerate(lex.phrases) if phrase[0] in (form, lem))
        assert lex.phrases_at(form, lem) == want


def _tokens_trying_every_gap(text: str, start: int, end: int, lex: events.Lexicon) -> list[events.Token]:
    """events.tokens as it was: every gap searched for a clause break."""
    out, clause, last = [], 0, start
    for m in events._WORD.finditer(text, start, end):
        gap = text[last : m.start()]
        paren = False
        if out and events._CLAUSE_BREAK.search(gap):
            clause += 1
            paren = not events._CLAUSE_BREAK.search(gap.replace("(", "").replace(")", ""))
        low = m.group().lower()
        stems = events._stems(low, lex.endings) if lex.endings else frozenset()
        out.append(events.Token(m.start(), m.end(), m.group(), low, events._keys(low, lex.language), stems, clause, paren))
        last = m.end()
    return out


@pytest.mark.parametrize("language", ["hr", "sr", "en"])
def test_event_tokens_as_when_every_gap_was_searched(language: str) -> None:
    lex = events.lexicon(language)
    for text in [
        "Policija je (u utorak) privela dvije osobe, a jedna je ozlijeđena; istraga traje.  Kraj",
        "Vlada je — kako je rečeno — odlučila:  nema promjena (za sada).",
        "(Uvod) a b,c  d\n\ne [f] g–h",
        "",
    ]:
        for start in (0, 3):
            assert events.tokens(text, start, len(text), lex) == _tokens_trying_every_gap(text, start, len(text), lex)
