"""Serbian Cyrillic to Latin with offsets back to the original characters."""

from __future__ import annotations

from storyline.extract.translit import has_cyrillic, to_latin


def test_letters_and_digraphs() -> None:
    t = to_latin("Љиљана Њујић из Џепа, ЂУРО ЉУБИЋ")
    assert t.text == "Ljiljana Njujić iz Džepa, ĐURO LJUBIĆ"


def test_offsets_map_back_exactly() -> None:
    original = "Јуче је Љубомир Њежић стигао у Чачак."
    t = to_latin(original)
    for word in ("Ljubomir", "Nježić", "Čačak", "Ljubomir Nježić"):
        a = t.text.index(word)
        s, e = t.span(a, a + len(word))
        assert to_latin(original[s:e]).text == word
    s, e = t.span(t.text.index("Nježić"), t.text.index("Nježić") + len("Nježić"))
    assert original[s:e] == "Њежић"
    assert len(t.origin) == len(t.text) + 1 and t.origin[-1] == len(original)


def test_latin_and_other_text_pass_through() -> None:
    text = "Zagreb, 3. svibnja – «Ђ» and ü"
    t = to_latin(text)
    assert t.text == "Zagreb, 3. svibnja – «Đ» and ü"
    assert not has_cyrillic("Beograd") and has_cyrillic("Београд")


def test_position_is_the_inverse_of_origin() -> None:
    original = "Њ и Љ, џ."
    t = to_latin(original)
    for i in range(len(original) + 1):
        k = t.position(i)
        assert k == len(t.text) or t.origin[k] == i
    assert t.text[t.position(original.index("Љ")) :].startswith("Lj")
