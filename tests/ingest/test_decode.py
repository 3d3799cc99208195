"""Decoding never garbles: stray bytes stay stray, BOMs decide, legacy files and
mixed files are read line by line, and ftfy repairs only real mojibake."""

from __future__ import annotations

import codecs

import pytest

from storyline.errors import InputError
from storyline.ingest.decode import decode_bytes, decode_lines, repair_mojibake

# Our own text: a headline and two paragraphs with every Croatian diacritic.
HR = (
    "Županija obnavlja most kod Đakova\n"
    "Župan je u četvrtak rekao da će radovi na mostu početi čim stigne novac iz državnog proračuna.\n"
    "Načelnik općine Ivan Kovač dodao je da će se đaci do tada voziti školskim autobusom preko šume.\n"
)


def _with_stray(text: str, count: int, stray: bytes = b"\xff") -> bytes:
    """UTF-8 bytes of ``text`` with ``count`` stray bytes put between characters."""
    step = len(text) // (count + 1)
    parts, prev = [], 0
    for k in range(1, count + 1):
        parts.append(text[prev : k * step].encode("utf-8"))
        parts.append(stray)
        prev = k * step
    parts.append(text[prev:].encode("utf-8"))
    return b"".join(parts)


@pytest.mark.parametrize("count", [1, 3, 7, 12])
def test_stray_bytes_in_utf8_stay_utf8(count: int) -> None:
    decoded = decode_bytes(_with_stray(HR, count))
    assert decoded.encoding == "utf-8"
    assert decoded.text.count("\ufffd") == count
    assert decoded.text.replace("\ufffd", "") == HR  # every č ć ž š đ kept
    assert decoded.notes == [f"{count} invalid UTF-8 byte(s) replaced with U+FFFD"]
    assert not any("mojibake" in n or "decoded as" in n for n in decoded.notes)


def test_stray_bytes_of_every_kind_stay_utf8() -> None:
    for stray in (b"\x80", b"\xfe", b"\xc3", b"\xe8", b"\x9a"):
        decoded = decode_bytes(_with_stray(HR, 3, stray))
        assert decoded.text.replace("\ufffd", "") == HR, stray


@pytest.mark.parametrize("codec", ["utf-16", "utf-16-le", "utf-16-be", "utf-32", "utf-32-le", "utf-32-be"])
def test_bom_marked_utf16_and_utf32_are_read(codec: str) -> None:
    data = HR.encode(codec)  # "utf-16" and "utf-32" write their own BOM
    if codec.startswith("utf-16") and codec.endswith(("le", "be")):
        data = (codecs.BOM_UTF16_LE if codec.endswith("le") else codecs.BOM_UTF16_BE) + data
    elif codec.endswith(("le", "be")):
        data = (codecs.BOM_UTF32_LE if codec.endswith("le") else codecs.BOM_UTF32_BE) + data
    decoded = decode_bytes(data)
    assert decoded.text == HR
    assert decoded.encoding.startswith(codec[:6])


def test_utf16_without_bom_is_recognised_and_said() -> None:
    decoded = decode_bytes("Council meets on Monday to vote on the new bridge.\n".encode("utf-16-le"))
    assert decoded.text.startswith("Council meets")
    assert decoded.notes == ["no byte-order mark: decoded as UTF-16 LE"]


def test_utf8_bom_is_dropped() -> None:
    decoded = decode_bytes(codecs.BOM_UTF8 + HR.encode("utf-8"))
    assert decoded.text == HR and decoded.encoding == "utf-8-sig" and not decoded.notes


def test_short_cp1250_file_is_cp1250() -> None:
    data = "Požar u Šibeniku\nVatrogasci su noćas ugasili požar kod škole, rekao je zapovjednik Đurđević.".encode("cp1250")
    decoded = decode_bytes(data)
    assert decoded.encoding == "cp1250"
    assert "\ufffd" not in decoded.text
    assert decoded.text.startswith("Požar u Šibeniku") and "Đurđević" in decoded.text
    assert decoded.notes == ["not UTF-8: decoded as cp1250"]


def test_one_word_cp1250_headline_is_cp1250() -> None:
    decoded = decode_bytes("Obnova mosta kod Osijeka počinje".encode("cp1250"))
    assert decoded.text == "Obnova mosta kod Osijeka počinje"


def test_cp1251_serbian_cyrillic() -> None:
    text = "Влада је у петак рекла да ће мост бити обновљен до јесени."
    decoded = decode_bytes(text.encode("cp1251"))
    assert decoded.text == text and decoded.encoding == "cp1251"


def test_western_cp1252_is_not_read_as_cp1250() -> None:
    text = "Le maire a déclaré que le pont rouvrira près de l'église, à côté du marché."
    decoded = decode_bytes(text.encode("cp1252"))
    assert decoded.text == text


def test_mixed_utf8_and_cp1250_lines_each_decoded() -> None:
    first = "Župan je rekao da će škola biti obnovljena.\n"
    second = "Načelnik općine najavio je da će se đaci vratiti u četvrtak.\n"
    decoded = decode_bytes(first.encode("utf-8") + second.encode("cp1250"))
    assert decoded.text == first + second
    assert decoded.notes == ["mixed encodings: 1 of 2 lines were not UTF-8 and were decoded as cp1250"]
    assert not any("mojibake" in n for n in decoded.notes)


def test_mixed_file_with_a_stray_byte_in_a_utf8_line() -> None:
    utf8_line = "Župan je rekao da će škola biti obnovljena.\n".encode()
    damaged = utf8_line[:5] + b"\xff" + utf8_line[5:]
    legacy = "Načelnik općine najavio je da će se đaci vratiti.\n".encode("cp1250")
    decoded = decode_bytes(damaged + legacy)
    lines = decoded.text.split("\n")
    assert lines[0].replace("\ufffd", "") == "Župan je rekao da će škola biti obnovljena."
    assert lines[1] == "Načelnik općine najavio je da će se đaci vratiti."
    assert "1 invalid UTF-8 byte(s) replaced with U+FFFD" in decoded.notes


def test_single_stray_byte_in_ascii_text_is_replaced_not_reinterpreted() -> None:
    decoded = decode_bytes(b"The council met on Monday.\xff It voted for the plan.")
    assert decoded.text == "The council met on Monday.\ufffd It voted for the plan."


def test_mojibake_repaired_only_when_real() -> None:
    text = "Župan je rekao da će škola biti obnovljena do jeseni."
    broken = text.encode("utf-8").decode("latin-1")
    assert repair_mojibake(broken) == (text, True)
    decoded = decode_bytes(broken.encode("utf-8"))
    assert decoded.text == text
    assert decoded.notes == ["mojibake repaired (UTF-8 text that had been decoded with the wrong encoding)"]


@pytest.mark.parametrize(
    "text",
    [
        HR,
        "Plain English about a council vote, with “curly quotes” – and a dash…",
        "C1 controls on their own: a\u0085b and \u0094c are kept as they are.",
        "Déjà vu: the café’s naïve façade.",
    ],
)
def test_clean_text_is_never_repaired(text: str) -> None:
    assert repair_mojibake(text) == (text, False)
    decoded = decode_bytes(text.encode("utf-8"))
    assert decoded.text == text and decoded.notes == []


def test_decode_lines_isolates_bad_lines() -> None:
    data = (
        b'{"text": "prvi zapis"}\n'
        + b'{"text": "drugi \x00 zapis"}\n'
        + '{"text": "treći: Šibenik"}\n'.encode("cp1250")
        + '{"text": "četvrti\u2028zapis"}\r\n'.encode()
    )
    lines = list(decode_lines(data))
    assert [n for n, _, _ in lines] == [1, 2, 3, 4, 5]
    assert lines[1][1] == '{"text": "drugi \x00 zapis"}'
    assert lines[2][1] == '{"text": "treći: Šibenik"}' and lines[2][2] == ["not UTF-8: decoded as cp1250"]
    assert lines[3][1] == '{"text": "četvrti\u2028zapis"}' and lines[3][2] == []


def test_binary_still_refused() -> None:
    with pytest.raises(InputError, match="NUL"):
        decode_bytes(bytes(range(256)) * 8)
    with pytest.raises(InputError, match="empty"):
        decode_bytes(codecs.BOM_UTF16_LE + "   ".encode("utf-16-le"))


def test_stray_bytes_in_a_line_without_diacritics_are_not_reinterpreted() -> None:
    body = "Župan je rekao da će škola biti obnovljena.\n"
    data = b"Poplave u gradu \xfe\xa3 i okolici\n" + body.encode("utf-8")
    decoded = decode_bytes(data)
    assert decoded.text == "Poplave u gradu \ufffd\ufffd i okolici\n" + body
    assert decoded.notes == ["2 invalid UTF-8 byte(s) replaced with U+FFFD"]
