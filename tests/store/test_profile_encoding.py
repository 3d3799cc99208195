"""A story profile is written as before: weights rounded as ``round`` rounds
them, and what the store remembers of a text it wrote is what the text decodes to."""

from __future__ import annotations

import datetime as dt
import json
import math
import random
from collections import Counter

from storyline.records import Profile, rounded_weights
from storyline.store import sql


def _plain(weights: dict) -> dict:
    return {k: round(v, 5) for k, v in weights.items()}


def _same(a: dict, b: dict) -> bool:
    """Equal keys in the same order, values of the same type and the same
    text (so 0.0 is not -0.0 and 1 is not 1.0)."""
    return list(a) == list(b) and all(type(a[k]) is type(b[k]) and repr(a[k]) == repr(b[k]) for k in a)


def test_rounded_weights_are_rounds() -> None:
    rnd = random.Random(11)
    for n in range(400):
        weights: dict = {
            f"t{i}": rnd.choice([rnd.random(), rnd.random() * 1e-4, rnd.uniform(-3, 3), round(rnd.random(), 5)])
            for i in range(rnd.randint(0, 30))
        }
        if n % 7 == 0:
            weights.update(
                {"zero": 0.0, "minus zero": -0.0, "int": 1, "big": 12345.678901234, "nan": math.nan, "tiny": 5e-06}
            )
        for _ in range(2):  # first sight, then remembered
            assert _same(rounded_weights(weights), _plain(weights)), weights
    # A remembered 1.0 never stands for the int 1, a remembered 2.5 never for -0.0.
    rounded_weights({"a": 1.0, "b": 2.5})
    assert _same(rounded_weights({"a": 1, "b": -0.0}), {"a": 1, "b": -0.0})


def test_as_dict_unchanged_after_joins() -> None:
    """A profile read back, grown and written again, as a store does at every join."""
    rnd = random.Random(5)
    story = Profile()
    for i in range(30):
        unit = Profile(
            keys={f"P:{rnd.randint(0, 9)}": 1.0},
            events=Counter({"protest": 1}),
            first=dt.date(2026, 3, 1 + i % 20),
            last=dt.date(2026, 3, 1 + i % 20),
            terms={f"w{rnd.randint(0, 60)}": rnd.random() for _ in range(12)},
            units=1,
            anchors={f"A{rnd.randint(0, 9)}": rnd.random() for _ in range(3)},
        )
        story = Profile.from_dict(json.loads(json.dumps(story.as_dict())))
        story.add(unit)
        d = story.as_dict()
        assert _same(d["terms"], _plain(story.terms)) and _same(d["anchors"], _plain(story.anchors))


def test_written_profile_is_remembered_as_it_decodes() -> None:
    profile = Profile(
        keys={"P:ana kovač": 2.0, "O:vlada": 1},
        events=Counter({"strike": 2}),
        first=dt.date(2026, 1, 2),
        last=dt.date(2026, 1, 9),
        terms={"most": 0.123456789, "luka": 1e-07, "čamac": 0.5},
        units=3,
        anchors={"EUR": 0.25},
        embedding=[0.1, -0.2],
    )
    text = sql._profile_json(profile)
    remembered = sql._profile_data(text)
    assert remembered == json.loads(text)
    assert json.dumps(remembered, ensure_ascii=False) == text
    profile.keys["P:novi"] = 1.0  # the profile changes later: what was remembered does not
    assert sql._profile_data(text) == json.loads(text)
