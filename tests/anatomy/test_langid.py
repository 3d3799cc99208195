"""Language identification on our own hr / sr / bs / en sentences, against a pinned floor."""

from __future__ import annotations

import json
from pathlib import Path

from storyline.anatomy.langid import get_identifier, marker_votes

FIXTURE = Path(__file__).resolve().parents[1] / "fixtures" / "langid.jsonl"
# Accuracy floor for langid.lingua.v1 on the fixture (its sentences are also
# part of gold/langid/dev.jsonl, scored by `storyline eval --sets langid`);
# measured 0.952 when first set, 0.976 since the marker lists were split by
# norm (one Bosnian sentence with only a shared word now reads as Serbian).
FLOOR = 0.95


def load() -> list[dict]:
    rows = [json.loads(line) for line in FIXTURE.read_text(encoding="utf-8").splitlines()]
    return [r for r in rows if "language" in r]


def test_accuracy_floor() -> None:
    ident = get_identifier("langid.lingua.v1")
    rows = load()
    wrong = [(r["language"], ident.detect(r["text"]).language, r["text"]) for r in rows if ident.detect(r["text"]).language != r["language"]]
    accuracy = 1 - len(wrong) / len(rows)
    assert accuracy >= FLOOR, wrong


def test_each_language_is_mostly_right() -> None:
    ident = get_identifier("langid.lingua.v1")
    for lang in ("hr", "sr", "bs", "en"):
        rows = [r for r in load() if r["language"] == lang]
        right = sum(ident.detect(r["text"]).language == lang for r in rows)
        assert right / len(rows) >= 0.75, lang


def test_markers_follow_the_jat_reflex() -> None:
    assert marker_votes("Deca su posle škole išla na reku.")["sr"] >= 3
    assert marker_votes("Djeca su poslije škole išla na rijeku, a vrijeme je bilo lijepo.")["sr"] == 0


def test_cyrillic_serbian() -> None:
    assert get_identifier("langid.lingua.v1").detect("Влада је у четвртак саопштила да ће хиљаду породица добити помоћ.").language == "sr"


def _every_segment_in_full(doc) -> list[str | None]:
    """The segment languages when every segment is judged in full, in order (the rule LanguageStep must keep)."""
    from collections import Counter

    from storyline.anatomy import LanguageStep
    from storyline.anatomy.langid import MIN_LETTERS, count_letters

    step = LanguageStep()
    found, weight = [], Counter()
    for seg in doc.segments:
        text = doc.text[seg.start : seg.end]
        letters = count_letters(text)
        det = step.identifier.detect(text) if letters >= MIN_LETTERS else None
        found.append((det, letters))
        if det and det.language and seg.kind in ("body", "headline"):
            weight[det.language] += letters
    language = weight.most_common(1)[0][0] if weight else next((d.language for d, _ in found if d and d.language), None)
    return [step._segment_language(d, doc.text[s.start : s.end], n, language) for s, (d, n) in zip(doc.segments, found)]


def test_segments_judged_in_order_of_use_get_the_languages_of_judging_each_in_full() -> None:
    from storyline.anatomy import LanguageStep, SegmentStep
    from storyline.records import Document

    texts = [
        "Vlada prekinula evakuaciju iz Alepa\n\nSirijska vlada u srijedu je prekinula evakuaciju civila i pobunjenika iz istočnog"
        " dijela Alepa, javljaju agencije. >> Pročitajte i: Rusija tvrdi da je evakuacija završena\n\nPromatrači kažu da je"
        " u gradu ostalo još nekoliko tisuća ljudi.\n\nKomentari\nivan_zg: Strašno je to što se događa, nitko ništa ne poduzima.",
        "Deca su posle škole išla na reku\n\nU sredu posle podne deca iz obližnje škole otišla su na reku, gde su ih dočekali"
        " roditelji i učitelji. >> Read more: Floods hit the region again after heavy rain on Monday\n\nAuthor: Jane Roe",
        "Dockworkers Walk Out\n\nAbout 2,500 dockworkers stopped work on Monday morning after talks collapsed overnight."
        "\n\nComments\n  • ivica: Ovo je sramota, lučki radnici trebaju bolje plaće i uvjete rada.",
        "Kratko.\n\n>> Pročitajte i: Vlada izdvaja 20 milijuna kuna za obnovu nakon poplava na Savi",
    ]
    for text in texts:
        doc = SegmentStep().process(Document(id="d", text=text))
        want = _every_segment_in_full(doc)
        LanguageStep().process(doc)
        assert [s.language for s in doc.segments] == want, text[:40]


def test_marker_lists_are_checked() -> None:
    import pytest

    from storyline.anatomy.langid import check_markers

    check_markers({"hr": ["tisuća"], "sr_bs": ["hiljada"]})
    with pytest.raises(ValueError, match="unknown key"):
        check_markers({"hr": ["tisuća"], "ijekavain": ["rijeka"]})
    with pytest.raises(ValueError, match="in both"):
        check_markers({"sr": ["voz"], "sr_bs": ["voz"]})
    with pytest.raises(ValueError, match="lower-case"):
        check_markers({"hr": ["Tisuća"]})


def test_marker_weights_are_checked() -> None:
    import pytest

    from storyline.anatomy.langid import check_markers, check_weights

    good = {"word": 3.5, "serbian_share": 0.6, "other_reflex": 0.1}
    assert check_weights(good).reflex_factors(ekavian=2, ijekavian=0) == {"hr": 0.1, "sr": 1.0, "bs": 0.1}
    assert check_weights(good).reflex_factors(ekavian=1, ijekavian=1) == {"hr": 1.0, "sr": 1.0, "bs": 1.0}
    check_markers({"hr": ["tisuća"], "weights": good})
    with pytest.raises(ValueError, match="unknown key"):
        check_weights(good | {"serbain_share": 0.5})
    with pytest.raises(ValueError, match="missing"):
        check_weights({k: v for k, v in good.items() if k != "word"})
    with pytest.raises(ValueError, match="within"):
        check_weights(good | {"other_reflex": 1.5})
    with pytest.raises(ValueError, match="number"):
        check_markers({"weights": good | {"word": "3.5"}})


def test_the_jat_reflex_and_the_vocabulary_tell_the_three_norms_apart() -> None:
    """Ijekavian with words Serbian and Bosnian share is Bosnian, ekavian
    Serbian, ijekavian with Croatian words Croatian; a Serbian spelling the
    Bosnian standard also admits ("saopštila") does not make a text Serbian."""
    ident = get_identifier("langid.lingua.v1")
    for text, norm in (
        ("Rudari u Brezi ponovo su u štrajku zbog plata koje nisu isplaćene mjesecima.", "bs"),
        ("Rudari u Resavici ponovo su u štrajku zbog plata koje nisu isplaćene mesecima.", "sr"),
        ("Rudari u Labinu ponovo su u štrajku zbog plaća koje nisu isplaćene mjesecima.", "hr"),
        ("Policija je saopštila da su u nesreći kod Zenice povrijeđene dvije osobe.", "bs"),
        ("Policija je saopštila da su u nesreći kod Čačka povređene dve osobe.", "sr"),
        ("Vatrogasci su cijelu noć gasili požar iznad Livna, a nijedan objekat nije izgorio.", "bs"),
    ):
        assert ident.detect(text).language == norm, text


def test_the_jat_reflex_weighs_linguas_serbian_or_bosnian() -> None:
    """A Serbian word ("takođe") in an ijekavian text with a word Serbian and
    Bosnian share: the markers tie Serbian and Bosnian, and the prior alone
    would give lingua's Serbian-or-Bosnian mostly to Serbian; the ijekavian
    reflex makes Serbian unlikely, so the text is Bosnian. Croatian against
    Bosnian (both ijekavian) keeps lingua's ratio."""
    from storyline.anatomy.langid import _bcms_probabilities, marker_hits, marker_votes, marker_weights

    text = "Ministarstvo je takođe najavilo da će plate od ponedjeljka biti veće."
    votes = marker_votes(text)
    assert votes["sr"] == votes["bs"] > votes["hr"]
    weights, hits = marker_weights(), marker_hits(text)
    prior = _bcms_probabilities(text, weights.serbian_share)
    reflex = _bcms_probabilities(text, weights.serbian_share, weights.reflex_factors(hits["ekavian"], hits["ijekavian"]))
    assert prior["sr"] > prior["bs"] and reflex["bs"] > reflex["sr"]
    assert abs(prior["hr"] / prior["bs"] - reflex["hr"] / reflex["bs"]) < 1e-9
    assert get_identifier("langid.lingua.v1").detect(text).language == "bs"


def test_shared_marker_lists_vote_for_each_norm_they_name() -> None:
    # "općina" is Croatian and Bosnian, "hiljada" Serbian and Bosnian, "sedmica" Bosnian only.
    assert marker_votes("Općina je dala hiljadu maraka, a sedmica je počela.") == {"hr": 1, "sr": 1, "bs": 3}


def test_first_guess_narrows_by_script_letters_and_function_words() -> None:
    from storyline.anatomy.langid import LATIN, candidates

    assert candidates("Уряд України затвердив її нову програму, і Європа її підтримала: єдині правила діятимуть з травня.") == ("uk",)
    # One "ї" and one "і" are no real share of the text: every Cyrillic language stays possible.
    assert "ru" in (candidates("Президент України заявив, що переговори тривають.") or ())
    assert set(candidates("Хиљаде људи на протесту у Београду") or ()) == {"sr", "mk"}
    assert set(candidates("Новый закон вступает в силу в понедельник.") or ()) >= {"ru", "be"}
    assert candidates("Police arrested three men after a bank was robbed in the town centre on Friday.") == ("en",)
    assert {"de", "nl"} <= set(candidates("Die Stadt hat mobile Schutzwände am Ufer aufgebaut und die Straßen gesperrt.") or ())
    assert "hr" in (candidates("Vlada je u četvrtak objavila da će obitelji dobiti pomoć za obnovu kuća.") or ())
    # No listed function words, but letters only Lithuanian writes (ė, į, ų).
    assert candidates("Vyriausybė trečiadienį patvirtino naują mokesčių reformą.") == ("lt",)
    # Neither (Swahili): every Latin-script language stays possible.
    swahili = "Serikali imetangaza mpango mpya wa kujenga barabara katika mikoa mitano."
    assert candidates(swahili) == LATIN
    assert get_identifier("langid.lingua.v1").detect(swahili).language == "sw"


def test_serbian_latin_without_ijekavian_is_not_taken_for_bosnian() -> None:
    """lingua's Serbian model is of Cyrillic text: a tie between Serbian and
    Bosnian on shared words goes to Serbian, not to lingua's Bosnian."""
    ident = get_identifier("langid.lingua.v1")
    assert ident.detect("Fudbaleri su u subotu igrali protiv vodećeg kluba, a ulaznice su rasprodate.").language == "sr"
    assert ident.detect("Fudbaleri su poslije utakmice rekli da je ekipa igrala dobro.").language == "bs"


class _CountingIdentifier:
    """langid.lingua.v1 that counts the texts lingua is asked about."""

    def __init__(self) -> None:
        from storyline.anatomy.langid import LinguaIdentifier

        self.inner = LinguaIdentifier()
        self.name = self.inner.name
        self.asked: list[str] = []

    def detect(self, text: str, refine: bool = True):
        self.asked.append(text)
        return self.inner.detect(text, refine)

    def choose(self, text: str, candidates: tuple[str, ...]) -> str:
        self.asked.append(text)
        return self.inner.choose(text, candidates)

    def may_differ(self, text: str, language: str | None) -> bool:
        return self.inner.may_differ(text, language)


def _languages(text: str, identifier) -> tuple[str | None, list[str | None]]:
    from storyline.anatomy import LanguageStep, SegmentStep
    from storyline.records import Document

    doc = LanguageStep(identifier=identifier).process(SegmentStep().process(Document(id="d", text=text)))
    return doc.language, [s.language for s in doc.segments]


def test_a_document_is_judged_once_and_only_segments_that_can_differ_again() -> None:
    croatian = (
        "Vlak iz Rijeke kasnio tri sata\n\nVlak iz Rijeke za Zagreb u utorak je kasnio tri sata zbog kvara na pruzi."
        " Putnici su čekali u vagonima bez grijanja, a HŽ je priopćio da će im vratiti novac za karte.\n\n"
        "Iz uprave su rekli da je kvar otklonjen u podne i da se promet odvija prema voznom redu."
    )
    ident = _CountingIdentifier()
    language, segments = _languages(croatian, ident)
    assert language == "hr" and set(segments) == {"hr"}
    assert len(ident.asked) == 1
    # An English comment under a Croatian article is judged on its own, and is English.
    english = "\n\nKomentari\njane_r: This is a disgrace, the trains are always late and nobody ever takes the blame for it."
    ident = _CountingIdentifier()
    language, segments = _languages(croatian + english, ident)
    # Asked: the headline and body together once, the comment, and (short and
    # disagreeing) the choice between Croatian and English for it.
    assert language == "hr" and segments[-1] == "en" and len(ident.asked) == 3


def test_a_short_segment_without_norm_evidence_takes_the_document_language() -> None:
    from storyline.anatomy.langid import LinguaIdentifier, marker_votes

    headline = "Partizan doveo novog trenera"
    assert set(marker_votes(headline).values()) == {0}
    for body, norm in (
        ("Klub je u utorak saopštio da je novi trener potpisao ugovor na dve godine. On će prvi trening voditi u sredu.", "sr"),
        ("Klub je u utorak priopćio da je novi trener potpisao ugovor na dvije godine. On će prvi trening voditi u srijedu.", "hr"),
        ("Klub je u utorak saopćio da je novi trener potpisao ugovor na dvije godine. On će prvi trening voditi u srijedu.", "bs"),
    ):
        language, segments = _languages(headline + "\n\n" + body, LinguaIdentifier())
        assert language == norm and segments[0] == norm, norm


def test_one_letter_of_a_foreign_name_decides_nothing() -> None:
    ident = get_identifier("langid.lingua.v1")
    # One "ğ" (Turkish) in a Croatian sentence; "S" is not the capital of "ß", nor "I" of Turkish "ı".
    assert ident.detect("Turski predsjednik Recep Tayyip Erdoğan razgovarao je s Vladimirom Putinom telefonom.").language == "hr"
    assert ident.detect("Several hundred people gathered in Trafalgar Square.").language == "en"
    assert ident.detect("Im Norden Italiens fiel seit Wochen kein Regen.").language == "de"


def test_one_letter_of_a_foreign_name_decides_nothing_in_cyrillic() -> None:
    from storyline.anatomy.langid import candidates

    ident = get_identifier("langid.lingua.v1")
    # The Ukrainian "І" of a name in a Russian sentence (it once made it Kazakh).
    sentence = "Президент России заявил, что переговоры с Украиной продолжатся, сообщил Ігор Петренко."
    assert "ru" in (candidates(sentence) or ())
    assert ident.detect(sentence).language == "ru"
    russian = (
        "Власти Екатеринбурга закрыли центральный парк на реконструкцию до конца лета. Работы обойдутся городу "
        "в триста миллионов рублей. Проект представил главный архитектор Василь Ничипорук."
    )
    assert ident.detect(russian).language == "ru"
    # A Serbian name's "Ђ" and "ћ" in a Macedonian text leave Macedonian possible.
    macedonian = "Градот Битола доби нов спортски центар, кој ќе биде отворен следниот месец. На отворањето ќе присуствува и тренерот Драган Ђукић."
    assert ident.detect(macedonian).language == "mk"
    # Letters that make a real share still narrow the guess.
    assert candidates("Хиљаде људи на протесту у Београду") == ("mk", "sr")


def test_a_polish_name_does_not_make_an_english_headline_polish() -> None:
    from storyline.anatomy.langid import LinguaIdentifier

    headline = "Łódź mayor Zdanowska resigns"
    body = (
        "The mayor of the city announced her resignation on Monday after a row with the regional council over the "
        "budget. She said she had been unable to secure funding for the new tram line and would leave office at the "
        "end of the month. Her deputy will run the city until an early election is held."
    )
    ident = LinguaIdentifier()
    # Letters alone never decide choose(): lingua judges the words around the names.
    assert ident.choose(headline, ("en", "pl")) == "en"
    language, segments = _languages(headline + "\n\n" + body, ident)
    assert language == "en" and segments[0] == "en"


def test_neighbours_of_listed_languages_are_not_forced_into_them() -> None:
    from storyline.anatomy.langid import candidates, decides_alone

    ident = get_identifier("langid.lingua.v1")
    esperanto = (
        "La urbestro de Valencio anoncis hieraŭ, ke la nova tramlinio estos preta post du jaroj. Laŭ la urba konsilio, "
        "la projekto kostos ĉirkaŭ cent milionojn da eŭroj. Kelkaj loĝantoj timas, ke la laboroj kaŭzos grandan bruon."
    )
    assert ident.detect(esperanto).language == "eo"
    assert ident.detect("La registaro decidis plialtigi la pensiojn de la emerituloj kaj la salajrojn de la instruistoj.").language == "eo"
    latin = (
        "Consules heri in curia de novis vectigalibus diu disputaverunt. Multi senatores dixerunt pecuniam ad classem "
        "aedificandam deesse. Tandem lex probata est et populus in foro gaudebat."
    )
    assert ident.detect(latin).language == "la"
    catalan = (
        "La policia va detenir ahir tres persones acusades de robar en diverses botigues del centre. Segons els "
        "investigadors, el grup actuava sobretot els caps de setmana. Els detinguts passaran avui a disposició judicial."
    )
    assert ident.detect(catalan).language == "ca"
    slovak = (
        "Prezident v pondelok vymenoval nového ministra zdravotníctva. Podľa neho je najväčšou úlohou rezortu skrátiť "
        "čakacie lehoty v nemocniciach a zvýšiť platy sestier."
    )
    assert ident.detect(slovak).language == "sk"
    # Two function words of a one-language group ("dei", "nella") name it, but decide nothing alone; more do.
    weak = "Sciopero dei treni: disagi nella capitale"
    assert candidates(weak) == ("it",) and not decides_alone(weak, ("it",))
    strong = "The council said that the plan for the new bridge was approved on Monday."
    assert candidates(strong) == ("en",) and decides_alone(strong, ("en",))
