"""entities.hbs.v1: the CRF for Croatian, Serbian (Latin and Cyrillic) and Bosnian.

Sentences are our own. Each found mention must point exactly at its words
in the original text, and carry a nominative canonical name in Latin.
"""

from __future__ import annotations

import pytest

from storyline import analyse_text
from storyline.backends import hbs_crf
from storyline.errors import NotInstalled
from storyline.extract import ExtractStep, backend_for
from storyline.extract.entities import get_recognizer
from storyline.records import Document
from storyline.registry import entity_backends


def _mentions(text: str, language: str) -> dict[str, tuple[str, str]]:
    """{surface: (type, canonical)} from the backend, checking offsets on the way."""
    rec = get_recognizer("entities.hbs.v1")
    doc = Document(id="t", text=text, language=language)
    out = {}
    for m in rec.recognise(doc, [(0, len(text))], language):
        surface = text[m.start : m.end]
        assert surface == surface.strip() and surface, (m, surface)
        assert m.backend == "entities.hbs.v1"
        out[surface] = (m.type, m.canonical)
    return out


def test_croatian_people_places_organisations_in_the_nominative() -> None:
    found = _mentions("Ministar financija Goran Petrović sastao se u Zagrebu s predstavnicima Europske unije.", "hr")
    assert found["Goran Petrović"] == ("person", "Goran Petrović")
    assert found["Zagrebu"] == ("location", "Zagreb")
    assert found["Europske unije"] == ("organization", "Europska unija")


def test_croatian_declined_person() -> None:
    found = _mentions("Novinari su razgovarali s premijerom Tomislavom Jurićem nakon sjednice Vlade.", "hr")
    assert found["Tomislavom Jurićem"] == ("person", "Tomislav Jurić")


def test_serbian_latin() -> None:
    found = _mentions("Premijer Srbije Dragan Jovanović izjavio je u Beogradu da će vlada podržati plan.", "sr")
    assert found["Dragan Jovanović"] == ("person", "Dragan Jovanović")
    assert found["Beogradu"] == ("location", "Beograd")
    assert found["Srbije"] == ("location", "Srbija")


def test_serbian_cyrillic_offsets_point_at_cyrillic_and_names_are_latin() -> None:
    text = "Премијер Србије Драган Јовановић изјавио је у Београду да ће влада подржати план."
    found = _mentions(text, "sr")
    assert found["Драган Јовановић"] == ("person", "Dragan Jovanović")
    assert found["Београду"] == ("location", "Beograd")


def test_cyrillic_digraph_letters_keep_offsets_exact() -> None:
    # љ, њ and џ are two Latin letters each: every later offset would shift.
    text = "Љубомир Његош, председник општине Ниш, рекао је да ће Џон Смит доћи у Сомбор."
    found = _mentions(text, "sr")
    assert found["Сомбор"][0] == "location"
    people = {k: v for k, v in found.items() if v[0] == "person"}
    assert ("person", "Ljubomir Njegoš") in people.values()
    assert text.index("Љубомир Његош") == 0


def test_bosnian() -> None:
    found = _mentions("Gradonačelnik Tuzle Emir Hadžić rekao je da će grad obnoviti most u Mostaru.", "bs")
    assert found["Emir Hadžić"] == ("person", "Emir Hadžić")
    assert found["Tuzle"] == ("location", "Tuzla")
    assert found["Mostaru"] == ("location", "Mostar")


def test_auto_uses_the_model_and_the_rules_stay_selectable() -> None:
    for language in ("hr", "sr", "bs"):
        assert backend_for(language) == "entities.hbs.v1"
    assert backend_for("hr", "entities.rules.v1") == "entities.rules.v1"
    assert ExtractStep("entities.rules.v1").recognizer("hr").name == "entities.rules.v1"
    doc = analyse_text("Premijer Dragan Jovanović doputovao je u Beograd.", language="sr")
    assert {m.backend for m in doc.mentions} == {"entities.hbs.v1"}


def test_whole_analysis_on_cyrillic_text() -> None:
    text = "Председник Драган Јовановић рекао је у Новом Саду да ће радови почети у мају."
    doc = analyse_text(text, language="sr")
    names = {text[m.start : m.end]: m.canonical for m in doc.mentions}
    assert names.get("Драган Јовановић") == "Dragan Jovanović"
    assert names.get("Новом Саду") == "Novi Sad"


@pytest.mark.parametrize("two_pass", [False, True])
def test_the_recogniser_tags_as_the_training_features_say(monkeypatch: pytest.MonkeyPatch, two_pass: bool) -> None:
    """The recogniser leaves out features its models have no weight for and
    builds pass 2's on top of pass 1's: the tags must be those of the full
    features the training script builds, with one pass (the default) or two."""
    monkeypatch.setattr(hbs_crf, "TWO_PASS", two_pass)
    sentences = [s.split() for s in (
        "Hrvatska narodna banka objavila je u ponedjeljak nove podatke .",
        "Guverner Boris Vujčić rekao je da Hrvatska narodna banka neće mijenjati tečaj .",
        "Prema podacima banke , inflacija u Hrvatskoj pala je na 2,1 posto .",
    )]
    first = [hbs_crf.load_tagger(hbs_crf.PASS1_FILE).tag(hbs_crf.features(w)) for w in sentences]
    full = hbs_crf.pass2_features(sentences, first, hbs_crf.load_org_words())
    expected = [hbs_crf.load_tagger().tag(x) for x in full] if two_pass else first
    assert get_recognizer("entities.hbs.v1").tag_document(sentences) == expected
    assert expected[1][1:3] == ["B-PER", "I-PER"]
    assert "B-ORG" in expected[0] and "B-LOC" in expected[2]


def test_document_features_read_pass_one_on_the_other_occurrences() -> None:
    sentences = [["Agrokor", "je", "kupio", "Mercator", "."], ["Uprava", "Mercatora", "nije", "odgovorila", "."],
                 ["Mercator", "je", "trgovački", "lanac", "."]]
    tags = [["B-ORG", "O", "O", "B-ORG", "O"], ["O", "O", "O", "O", "O"], ["B-PER", "O", "O", "O", "O"]]
    doc = hbs_crf.document_features(sentences, tags)
    mercatora = doc[1][1]
    assert "p1=O" in mercatora and "p1-1=O" in mercatora
    # Same lemma twice elsewhere, once ORG and once PER (first seen wins the tie); no other "Mercatora".
    assert "dlem=ORG" in mercatora and {"dlemany=ORG", "dlemany=PER"} <= set(mercatora)
    assert not any(f.startswith("dform") for f in mercatora)
    # The form "Mercator" elsewhere: ORG once, PER once (this occurrence excluded).
    assert "dformany=ORG" in doc[2][0] and "dformany=PER" not in doc[2][0]
    assert "dlowseen" not in mercatora


def test_model_tokens_keep_web_addresses_whole() -> None:
    text = "Portal Večernji.hr i Klix.ba, a ne www.primjer-vijesti.com. Kraj rečenice.Novi početak i 3.5 posto."
    toks = hbs_crf.model_tokens(text)
    words = [t.text for t in toks]
    assert "Večernji.hr" in words and "Klix.ba" in words and "www.primjer-vijesti.com" in words
    # A full stop with no space before a word that is no domain ending stays a full stop.
    assert words[words.index("rečenice") + 1] == "."
    assert all(text[t.start : t.end] == t.text for t in toks)
    # "Index . hr" with spaces is three words.
    assert [t.text for t in hbs_crf.model_tokens("Index . hr")] == ["Index", ".", "hr"]


def test_a_web_portal_is_one_organisation() -> None:
    found = _mentions("Kako doznaje portal Dnevnik.hr, gradsko vijeće sastat će se u utorak.", "hr")
    assert found["Dnevnik.hr"] == ("organization", "Dnevnik.hr")


def test_a_name_tagged_once_is_tagged_where_it_repeats() -> None:
    texts = ["Sindikat Preporod traži veće plaće .", "Preporod je najavio štrajk .", "Preporod Zagreb izlazi danas .",
             "Vijeće Preporod Split odlučuje .", "Film Preporod je nagrađen .", "Udruga Preporod i Preporod ."]
    tags = [["O", "B-ORG", "O", "O", "O", "O"], ["O"] * 5, ["O"] * 5, ["O"] * 5, ["B-OTH", "I-OTH", "O", "O", "O"],
            ["B-ORG", "I-ORG", "O", "O", "O"]]
    sentences = []
    for text, ts in zip(texts, tags):
        toks = hbs_crf.model_tokens(text)
        sentences.append((0, None, toks, [x for x in hbs_crf.bio_spans(ts) if x[2] in hbs_crf.LABELS]))
    hbs_crf._repeats(sentences, tags)
    ents = [s[3] for s in sentences]
    assert ents[1] == [(0, 1, "ORG")]  # the repeat the model missed
    assert ents[2] == [] and ents[3] == []  # inside a longer capitalised run: left alone
    assert ents[4] == []  # the model called it another kind of name (OTH)
    # The longest name first: "Udruga Preporod" is tagged; the lone "Preporod" after "i" is the shorter name.
    assert ents[5] == [(0, 2, "ORG"), (3, 4, "ORG")]


def test_rules_are_the_fallback_when_the_model_cannot_load(monkeypatch: pytest.MonkeyPatch) -> None:
    def missing(*_args):
        raise NotInstalled("the model file", "hbs")

    entity_backends.clear()
    monkeypatch.setattr(hbs_crf, "load_tagger", missing)
    try:
        assert backend_for("hr") == "entities.rules.v1"
    finally:
        monkeypatch.undo()
        entity_backends.clear()
    assert backend_for("hr") == "entities.hbs.v1"


def test_a_country_headline_before_a_colon_is_a_place() -> None:
    # The model tags nothing in this headline; the gazetteer knows "Katar" as a country.
    text = "Katar: dogovor o primirju blizu"
    assert _mentions(text, "hr") == {"Katar": ("location", "Katar")}
    assert hbs_crf.PLACE_RULE


def test_without_the_gazetteer_rule_the_headline_has_no_place(monkeypatch: pytest.MonkeyPatch) -> None:
    # Guards the test above: the place comes from the post-rule, not the model.
    monkeypatch.setattr(hbs_crf, "PLACE_RULE", False)
    assert _mentions("Katar: dogovor o primirju blizu", "hr") == {}


def test_a_common_word_that_is_also_a_town_stays_untagged() -> None:
    # "rijeka" (river) is a city of 100,000 in the gazetteer, "most" (bridge) a small town.
    assert "Rijeka" in hbs_crf.known_places()
    assert "Most" not in hbs_crf.known_places()
    assert _mentions("Rijeka nabujala nakon obilne kiše", "hr") == {}
    assert _mentions("Rijeka je ovog proljeća poplavila polja uz obalu.", "hr") == {}
    assert "Most" not in _mentions("Most kod Drniša zatvoren zbog radova", "hr")


def test_the_gazetteer_rule_leaves_titles_firms_and_numbered_names_alone() -> None:
    toks = hbs_crf.model_tokens('Tvrtka Kuvajt d.o.o. i film "Oman zove" te raketa Delta 4.')
    sentences = [(0, None, toks, [])]
    hbs_crf._known_names(sentences, "hr")
    assert sentences[0][3] == []
    toks = hbs_crf.model_tokens("Izaslanik je sutra putovao u Kuvajt i Oman.")
    sentences = [(0, None, toks, [])]
    hbs_crf._known_names(sentences, "hr")
    assert [" ".join(t.text for t in toks[a:b]) for a, b, _ in sentences[0][3]] == ["Kuvajt", "Oman"]
