"""The reader's fast paths give the answers of what they replace: ``decode.is_bad``
against ftfy's own ``is_bad``, ``control_share`` against a count per character."""

from __future__ import annotations

import random
import re

import ftfy
import pytest

from storyline.ingest import decode
from storyline.ingest.decode import _badness_triggers, control_share, is_bad

# Sentences written for this test (Croatian, Serbian in both scripts, English,
# German, French), turned into mojibake by the code pages that make it.
SENTENCES = [
    "Župan Đurđević rekao je u četvrtak da će „novi most” stajati 12,5 milijuna €.",
    "Čelnici sindikata iz Šapca najavili su štrajk za 3. ožujka – ako plaće ne porastu.",
    "Министар је у среду у Нишу рекао да ће радови трајати „најмање шест месеци“.",
    "ВРС, Г. Радић и С. Петровић: «нове мере» ступају на снагу 1. јула.",
    "The council’s budget — about £4.2m — was approved on Tuesday… “at last”, said Ms O’Neill.",
    "Der Bürgermeister sagte am Montag, die Straße werde für 2½ Wochen gesperrt: „Größer als geplant“.",
    "À Besançon, l’école a reçu 300 000 € ; « c’est déjà ça », a déclaré la maire, née à Orléans.",
    "Temperature 25°C ± 2°, area 3 m² × 4, ratio ½ — ™ © ® § ¶ № ∞ ≈ ≠ µ",
]
CODE_PAGES = ["latin-1", "cp1252", "cp1250", "cp1251", "cp1253", "cp1257", "mac_roman"]


def _mojibake(text: str, codec: str) -> str:
    return text.encode("utf-8").decode(codec, errors="replace")


def _alphabet() -> str:
    """ASCII, every character of ftfy's badness classes, and the letters and
    punctuation of the languages read here."""
    chars = set("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789 .,;:!?'\"()-\n\t")
    for klass in ftfy.badness.MOJIBAKE_CATEGORIES.values():
        chars |= _expand(klass)
    chars |= set("".join(SENTENCES))
    return "".join(sorted(chars))


def _expand(klass: str) -> set[str]:
    """The characters of one of ftfy's classes (written as the inside of [...])."""
    pattern = re.compile(f"[{klass}]")
    return {chr(c) for c in range(0x10000) if pattern.match(chr(c))}


def test_triggers_are_read_from_ftfy() -> None:
    found = _badness_triggers()
    assert found is not None, "ftfy's pattern changed shape: is_bad now asks ftfy every time"
    assert found.width >= 2
    assert not found.chars.search("Plain ASCII text, nothing else; 12.5% (up 3).")
    assert not found.chars.search("čćšžđ джшћђ")  # everyday letters are not triggers


@pytest.mark.parametrize("sentence", SENTENCES)
def test_real_looking_text_and_its_mojibake(sentence: str) -> None:
    for text in [sentence, *(_mojibake(sentence, cp) for cp in CODE_PAGES)]:
        assert is_bad(text) == ftfy.is_bad(text), text
        for cut in range(0, len(text), 7):  # every start and end of a match inside and at the edges
            assert is_bad(text[cut:]) == ftfy.is_bad(text[cut:]), text[cut:]
            assert is_bad(text[:cut]) == ftfy.is_bad(text[:cut]), text[:cut]


def test_random_strings() -> None:
    rnd = random.Random(17)
    alphabet = _alphabet()
    ascii_part = "abcdefghij klmnop QRSTUV .,\n"
    seen = {True: 0, False: 0}
    for n in range(6000):
        length = rnd.randint(1, 40) if n % 2 else rnd.randint(40, 300)  # long: stretches apart and merged
        # Mostly ASCII with a few other characters, as text is; sometimes dense.
        dense = n % 5 == 0
        text = "".join(
            rnd.choice(alphabet) if dense or rnd.random() < 0.15 else rnd.choice(ascii_part) for _ in range(length)
        )
        expected = ftfy.is_bad(text)
        seen[expected] += 1
        assert is_bad(text) == expected, repr(text)
    assert min(seen.values()) > 500  # both answers were tested many times


def test_anchor_at_the_real_start_only() -> None:
    # "^[ÃÂ][ ]" matches at the start of the text only, not of a searched stretch.
    for text in ["Ã xyz", "ab\u00c3 xyz", "x Ã", "xxxxxxxxxxxxÂ yyy", "Â "]:
        assert is_bad(text) == ftfy.is_bad(text), text


def test_without_triggers_ftfy_is_asked(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(decode, "_badness_triggers", lambda: None)
    assert is_bad("cafÃ© crÃ¨me") == ftfy.is_bad("cafÃ© crÃ¨me") is True
    assert is_bad("plain text") is False


def _control_share_slow(text: str) -> float:
    sample = text[: decode.SAMPLE_CHARS]
    if not sample:
        return 0.0
    return sum(1 for ch in sample if ord(ch) < 32 and ch not in "\t\n\r\f") / len(sample)


def test_control_share_counts_as_before() -> None:
    rnd = random.Random(3)
    pool = [chr(c) for c in range(0, 40)] + list("aбč\u0085\u2028 ")
    texts = ["", "plain", "\x00", "\t\n\r\f", "\x0b\x0c\x1f\x7f", "x" * 10 + "\x01"]
    texts += ["".join(rnd.choice(pool) for _ in range(rnd.randint(1, 60))) for _ in range(2000)]
    texts.append("a\x02" * (decode.SAMPLE_CHARS))  # longer than the sample
    for text in texts:
        assert control_share(text) == _control_share_slow(text), repr(text[:50])
