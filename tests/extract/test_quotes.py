"""Who said what: the speaker is the subject of the reporting verb, named
whole; pronouns and runs of quotes resolve to the right person; nouns and
dates are no cues; each quote has a kind and a confidence."""

from __future__ import annotations

import datetime as dt
import json

import pytest

from storyline import analyse_text
from storyline.evaluate.quotes import fold_name, quotes_dir, same_speaker
from storyline.extract.quotes import is_reporting_verb

THURSDAY = dt.date(2024, 3, 14)


def _quotes(text: str, language: str) -> list[tuple[str, str | None, str]]:
    doc = analyse_text(text, language=language, published=THURSDAY)
    return [(text[q.start : q.end], q.speaker, q.kind) for q in doc.quotes]


def _speaker_of(text: str, language: str, words: str) -> str | None:
    doc = analyse_text(text, language=language, published=THURSDAY)
    hit = next(q for q in doc.quotes if words in text[q.start : q.end])
    return hit.speaker


def test_the_addressee_of_told_is_never_the_speaker() -> None:
    text = '"The river will reach the old bridge by midnight," hydrologist Tamara Voss told Sky News on Friday.'
    assert _speaker_of(text, "en", "old bridge") == "Tamara Voss"
    text = "Union leader Olga Brandt told the Daily Mirror that the walkout would go on."
    assert _quotes(text, "en") == [("the walkout would go on", "Olga Brandt", "reported")]


def test_croatian_za_outlet_is_no_speaker() -> None:
    text = "Glasnogovornik HEP-a Dalibor Šimić rekao je za Novi list da će struja biti vraćena do podneva."
    assert _quotes(text, "hr") == [("će struja biti vraćena do podneva", "Dalibor Šimić", "reported")]
    text = "„Nismo dobili nikakvu obavijest“, rekla je za RTL vlasnica pekare Zrinka Babić."
    assert _speaker_of(text, "hr", "obavijest") == "Zrinka Babić"


def test_titles_are_cut_and_the_name_is_taken_whole() -> None:
    text = 'Nevada Rep. Daniel Hollis said on Tuesday that the vote would be close. "We will see," Hollis said.'
    assert {q[1] for q in _quotes(text, "en")} == {"Daniel Hollis"}
    # The recogniser cuts "Ohio Rep. Mike" from "Calloway": the speaker is the whole name, the evidence keeps the title.
    text = 'Ohio Rep. Mike Calloway said the bill would pass. "We have the votes," Calloway told Fox News.'
    doc = analyse_text(text, language="en", published=THURSDAY)
    assert [q.speaker for q in doc.quotes] == ["Mike Calloway", "Mike Calloway"]
    assert text[doc.quotes[0].speaker_start : doc.quotes[0].speaker_end] == "Ohio Rep. Mike Calloway"
    text = "„Promet se preusmjerava“, rekao je glasnogovornik policije Ivan Horvat."
    q = analyse_text(text, language="hr", published=THURSDAY).quotes[0]
    assert (q.speaker, text[q.speaker_start : q.speaker_end]) == ("Ivan Horvat", "glasnogovornik policije Ivan Horvat")


def test_a_run_of_quotes_keeps_its_speaker_with_less_confidence() -> None:
    text = '"We defended well for ninety minutes," coach Lena Hartmann said. "The young players showed real character."'
    doc = analyse_text(text, language="en", published=THURSDAY)
    first, second = doc.quotes
    assert (first.speaker, second.speaker) == ("Lena Hartmann", "Lena Hartmann")
    assert second.confidence < first.confidence
    text = "„Igrali smo hrabro od prve minute“, rekla je trenerica Iva Marić.\n\n„Mlade igračice pokazale su karakter.“"
    assert [q[1] for q in _quotes(text, "hr")] == ["Iva Marić", "Iva Marić"]


def test_another_name_between_ends_the_run() -> None:
    text = '"We won," said Tom Baker. Then Anna Clarke arrived. "Nothing is decided yet and nothing will be until Friday."'
    assert _speaker_of(text, "en", "Nothing is decided") != "Tom Baker"


def test_pronouns_and_verb_agreement_pick_the_person_of_that_gender() -> None:
    text = 'Mayor Helen Strand met fire chief Victor Lindqvist on Monday. "Our priority is the families who lost everything," she said.'
    doc = analyse_text(text, language="en", published=THURSDAY)
    (q,) = doc.quotes
    assert q.speaker == "Helen Strand" and q.confidence < 0.9
    text = "Gradonačelnica Vesna Horvat sastala se s ravnateljem Goranom Pavićem. „Bolnica treba novo krilo“, rekla je nakon sastanka."
    assert _speaker_of(text, "hr", "novo krilo") == "Vesna Horvat"
    text = "Sutkinja Jasna Kovač odgodila je ročište nakon što je odvjetnik Mladen Perić zatražio više vremena. Ona je rekla da će se sud sastati u petak."
    assert _speaker_of(text, "hr", "sud sastati") == "Jasna Kovač"


def test_pronoun_never_goes_to_an_organisation() -> None:
    text = '"You cannot rebuild a city in a year," architect Jonas Meyer told Der Spiegel. He said reconstruction would take a decade.'
    assert _speaker_of(text, "en", "reconstruction") == "Jonas Meyer"


def test_kinds_direct_reported_attribution() -> None:
    text = (
        "According to the World Food Programme, about 40,000 people rely on aid deliveries. "
        "Senator Paula Reyes claims the convoy was stopped at the border. "
        '"We need a corridor now," Reyes said.'
    )
    kinds = {words.split()[0]: (speaker, kind) for words, speaker, kind in _quotes(text, "en")}
    assert kinds["about"] == ("World Food Programme", "attribution")
    assert kinds["the"] == ("Paula Reyes", "reported")
    assert kinds["We"] == ("Paula Reyes", "direct")
    text = "Prema riječima ministra financija Ivana Babića, proračun će biti uravnotežen. Politolog Dario Lukić smatra kako je koalicija pred raspadom."
    assert [(s, k) for _, s, k in _quotes(text, "hr")] == [("Ivan Babić", "attribution"), ("Dario Lukić", "reported")]


def test_nouns_and_dates_are_no_cues_and_no_quotes() -> None:
    assert _quotes("The report lists the states that received the most federal aid in 2022.", "en") == []
    assert _quotes('The festival opened with the film "Winter Roads" on 14 March.', "en") == []
    assert _quotes("Sjednica Vlade održat će se 14. ožujka. Oporba je odbacila te navode o prijevari.", "hr") == []


def test_scare_quote_inside_reported_speech_is_part_of_the_clause() -> None:
    text = 'Kremlin spokesman Dmitry Volkov said the talks had been "constructive" but gave no details.'
    (q,) = _quotes(text, "en")
    assert q[1:] == ("Dmitry Volkov", "reported") and q[0].startswith("the talks had been")


def test_dash_dialogue_continues_with_its_speaker() -> None:
    text = "– Situacija je ozbiljna, ali pod kontrolom – izjavio je načelnik stožera Davor Grgić. – Evakuacija nije potrebna."
    assert [(q[0], q[1]) for q in _quotes(text, "hr")] == [
        ("Situacija je ozbiljna, ali pod kontrolom", "Davor Grgić"),
        ("Evakuacija nije potrebna", "Davor Grgić"),
    ]


def test_confidence_is_highest_for_a_named_subject_beside_the_verb() -> None:
    doc = analyse_text('"The dam is safe and will hold," said Governor Ilse Brandt.', language="en", published=THURSDAY)
    assert doc.quotes[0].confidence >= 0.85
    doc = analyse_text('"The shooting lasted for several long minutes," one resident said.', language="en", published=THURSDAY)
    assert doc.quotes[0].speaker is None and doc.quotes[0].confidence < 0.5


def test_names_compare_whole_and_folded() -> None:
    assert same_speaker("Ivan Babić", "ivan babic") and same_speaker(None, None)
    assert not same_speaker("Mike McCaul", "McCaul") and not same_speaker("Mike McCaul", "Texas Rep. Mike McCaul")
    assert fold_name("Đurđa  Perić") == "durda peric"


@pytest.mark.parametrize("language", ["en", "hr"])
def test_quote_gold_is_large_enough_and_well_formed(language: str) -> None:
    counts = {}
    for part in ("dev", "heldout", "heldout2"):
        lines = [json.loads(x) for x in (quotes_dir() / f"{part}-{language}.jsonl").read_text(encoding="utf-8").splitlines() if x.strip()]
        counts[part] = sum(len(g["quotes"]) for g in lines)
        for g in lines:
            for q in g["quotes"]:
                assert q["content"] in g["text"] and q["kind"] in ("direct", "reported", "attribution"), g["id"]
    assert counts["heldout"] >= 50 and counts["dev"] + counts["heldout"] >= 150


def test_an_institution_speaks_through_iz_and_single_quotes_survive_apostrophes() -> None:
    text = "Iz Ministarstva financija poručili su da novog zaduženja neće biti."
    assert _quotes(text, "hr") == [("novog zaduženja neće biti", "Ministarstvo financija", "reported")]
    text = "‘We don’t negotiate with people who won’t listen,’ Janet Colby told the BBC."
    assert _quotes(text, "en") == [("We don’t negotiate with people who won’t listen", "Janet Colby", "direct")]


def test_a_participle_after_a_quote_and_a_verb_after_an_outlet_keep_the_speaker() -> None:
    text = (
        "Ministar Ante Kralj obišao je rafineriju. Za RTL je izjavio da će pogon raditi do ljeta. "
        "„Ovo je strateško pitanje za cijelu državu“, naglasio je Kralj, dodavši da pregovori traju."
    )
    assert [(q[1], q[2]) for q in _quotes(text, "hr")] == [("Ante Kralj", "reported"), ("Ante Kralj", "direct"), ("Ante Kralj", "reported")]
    text = '"This is a strategic question for the country," said Energy Minister Alan Shaw, adding that talks were continuing.'
    assert _quotes(text, "en")[1] == ("talks were continuing", "Alan Shaw", "reported")


def test_addressee_in_the_dative_is_no_role_subject() -> None:
    text = "Sud je izrekao presudu Nikoli Baraću. „Nisam kriv i to ću dokazati“, rekao je novinarima ispred suda."
    assert _speaker_of(text, "hr", "Nisam kriv") == "Nikola Barać"


@pytest.mark.parametrize(
    ("text", "language", "words", "speaker"),
    [
        # The pronoun written onto the verb or its auxiliary.
        ("Le maire de Grenoble, Antoine Reverdy, a visité le quartier. « Personne ne sera oublié », a-t-il promis.", "fr", "Personne", "Antoine Reverdy"),
        ("La juge Claire Fontan a quitté la salle. « Je ne céderai pas », dit-elle.", "fr", "céderai", "Claire Fontan"),
        # The person in apposition after the organisation of the role.
        ("« Les négociations avancent », a assuré la secrétaire générale de la CGT, Odile Marchal.", "fr", "négociations", "Odile Marchal"),
        # A source phrase opening the sentence names the speaker of the quote after it.
        ("Pour le directeur de l'hôpital de Brest, Paul Kerjean, « la situation devient intenable ».", "fr", "intenable", "Paul Kerjean"),
        # German "sie" with a singular verb is she.
        ("Gewerkschaftschefin Yasmin Kaya meldete sich zu Wort: „Das ist Betrug an den Jüngeren“, sagte sie.", "de", "Betrug", "Yasmin Kaya"),
        # Spanish leaves the subject out: the nearest person before.
        ("La alcaldesa de Valladolid, Rosa Gallego, visitó la zona. «Estamos con las familias», dijo.", "es", "familias", "Rosa Gallego"),
        # A name in guillemets between the verb and the speaker is no clause boundary.
        ("«Решение принято окончательно», — сказал в интервью «Коммерсанту» глава Сбербанка Герман Греф.", "ru", "Решение", "Герман Греф"),
        # The speaker after "по словам" in the genitive, named in the nominative.
        ("По словам министра энергетики Николая Шульгина, цены на бензин не вырастут.", "ru", "цены", "Николай Шульгин"),
        # The source named by a pronoun.
        ("Глава Минфина Антон Силуанов выступил в Госдуме. По его словам, дефицит бюджета сократится.", "ru", "дефицит", "Антон Силуанов"),
        # A source phrase after the quote, and one with a role set off by commas before it.
        ("„Das war ein schwarzer Tag“, so Trainerin Martina Voss.", "de", "schwarzer Tag", "Martina Voss"),
        ("Selon Jean-Luc Moreau, délégué CFDT, « la direction ment depuis le début ».", "fr", "direction ment", "Jean-Luc Moreau"),
        # A longer role between the verb and the name in apposition; a platform after "sur" is no subject.
        ("« C'est un jour noir pour la région », a réagi sur X le président de la région Bretagne, Loïg Chesnais.", "fr", "jour noir", "Loïg Chesnais"),
        ("«Es una decisión histórica», celebró en redes sociales la ministra de Igualdad, Ana Redondo.", "es", "decisión", "Ana Redondo"),
    ],
)
def test_attribution_constructions_beyond_hr_and_en(text: str, language: str, words: str, speaker: str) -> None:
    assert _speaker_of(text, language, words) == speaker


def test_a_source_named_by_a_pronoun_has_the_phrase_as_evidence() -> None:
    """"По его словам" is the evidence of who spoke (never an empty span after it)."""
    text = "Глава Минфина Антон Силуанов выступил в Госдуме. По его словам, дефицит бюджета сократится."
    doc = analyse_text(text, language="ru", published=THURSDAY)
    hit = next(q for q in doc.quotes if "дефицит" in text[q.start : q.end])
    assert hit.speaker == "Антон Силуанов" and hit.speaker_start is not None and hit.speaker_end is not None
    assert text[hit.speaker_start : hit.speaker_end] == "По его словам"


def test_german_sie_with_a_plural_verb_names_nobody() -> None:
    text = "Bürgermeisterin Anna Vogt traf die Pfleger. „Wir können nicht mehr“, sagten sie."
    assert all(q[1] != "Anna Vogt" for q in _quotes(text, "de"))


def test_pour_inside_a_sentence_is_no_source() -> None:
    text = "Le ministre a voté pour Paul Kerjean, a indiqué la radio."
    assert all(q[1] != "Paul Kerjean" for q in _quotes(text, "fr"))


@pytest.mark.parametrize(
    ("text", "language", "words", "speaker"),
    [
        # A pronoun source opening the quote's sentence goes back to the person named before.
        ("La préfète du Gard, Corinne Meyrieux, a visité les digues. Selon elle, « le risque reste très élevé ».", "fr", "risque", "Corinne Meyrieux"),
        ("Le sélectionneur Didier Lacombe a dévoilé sa liste. D'après lui, « le groupe n'a jamais été aussi solide ».", "fr", "groupe", "Didier Lacombe"),
        ("El consejero de Sanidad, Tomás Ibarra, visitó el hospital. Según él, «las listas de espera bajarán en primavera».", "es", "listas", "Tomás Ibarra"),
        ("Il sindaco di Bari, Marco Rinaldi, ha visitato il cantiere. Secondo lui, «i lavori finiranno entro marzo».", "it", "lavori", "Marco Rinaldi"),
        ("A ministra da Saúde, Marta Ribeiro, visitou Braga. Segundo ela, «faltam médicos em todo o país».", "pt", "médicos", "Marta Ribeiro"),
        # A pronoun source after the quote.
        ("Le maire de Vierzon, Étienne Brossard, s'est emporté. « Cette usine ne fermera pas », selon lui.", "fr", "usine", "Étienne Brossard"),
        # A role and a name in apposition closing the sentence after a trailing source phrase.
        ("Le lycée a fermé deux classes. « Nous manquons de professeurs », selon son proviseur, Gérard Tessier.", "fr", "professeurs", "Gérard Tessier"),
        ("«No habrá despidos este año», según su portavoz, Inés Carrasco.", "es", "despidos", "Inés Carrasco"),
        # The same apposition after a reported clause.
        ("Les urgences fermeront la nuit pendant l'été, selon sa directrice, Pascale Orsini.", "fr", "urgences", "Pascale Orsini"),
    ],
)
def test_pronoun_sources_and_closing_appositions(text: str, language: str, words: str, speaker: str) -> None:
    assert _speaker_of(text, language, words) == speaker


def test_a_pronoun_source_never_names_someone_inside_the_quote_or_of_the_other_gender() -> None:
    """"« X a menti », selon lui": the pronoun goes back before the quote, never to the name it quotes."""
    inside = "Le syndicaliste Hervé Ledoux était furieux. « Bruno Carrel nous a menti », selon lui."
    assert _speaker_of(inside, "fr", "menti") == "Hervé Ledoux"
    other_gender = "Le syndicaliste Hervé Ledoux était furieux. « On nous a menti depuis le début », selon elle."
    assert all(q[1] != "Hervé Ledoux" for q in _quotes(other_gender, "fr"))


def test_a_pronoun_source_has_the_phrase_as_evidence_before_a_quote() -> None:
    text = "La juge Odile Ferrand a rendu sa décision. Selon elle, « la loi a été respectée »."
    doc = analyse_text(text, language="fr", published=THURSDAY)
    hit = next(q for q in doc.quotes if "loi" in text[q.start : q.end])
    assert hit.speaker == "Odile Ferrand" and hit.speaker_start is not None and hit.speaker_end is not None
    assert text[hit.speaker_start : hit.speaker_end] == "Selon elle"


def test_an_apposed_name_followed_by_more_words_is_no_closing_apposition() -> None:
    """"selon le rapport, Jean Morel a …": the name opens a new clause, it closes no apposition."""
    text = "« Les chiffres sont mauvais », selon le rapport, Jean Morel a démissionné hier soir."
    assert all(q[1] != "Jean Morel" for q in _quotes(text, "fr"))


@pytest.mark.parametrize(
    ("text", "words", "speaker"),
    [
        ("« Le chantier avance enfin », se félicite Odile Ravanel, adjointe à l'urbanisme.", "chantier", "Odile Ravanel"),
        ("« Les délais ne seront pas tenus », s'inquiète le maire de Dole, Thierry Pagnol.", "délais", "Thierry Pagnol"),
        ("« C'est une victoire pour tous », s'est réjoui Bastien Lerouge après le vote.", "victoire", "Bastien Lerouge"),
        ("Réunis mardi, les élus ont voté. « Nous avons enfin été entendus », se sont félicités Line Carrade et ses colistiers.", "entendus", "Line Carrade"),
    ],
)
def test_french_reflexive_reporting_verbs_attribute_the_quote(text: str, words: str, speaker: str) -> None:
    doc = analyse_text(text, language="fr", published=THURSDAY)
    hit = next(q for q in doc.quotes if words in text[q.start : q.end])
    assert hit.speaker == speaker and hit.speaker_start is not None  # a cue was read: the speaker's phrase is the evidence


def test_a_reflexive_verb_reports_only_after_its_pronoun() -> None:
    """"il félicite l'équipe" is no report; "se félicite", "s'inquiète", "s'est réjoui" are."""
    assert not is_reporting_verb("félicite", "fr", before="Le maire ")
    assert not is_reporting_verb("félicite", "fr")
    assert is_reporting_verb("félicite", "fr", before="», se ")
    assert is_reporting_verb("s'inquiète", "fr", before="», ")
    assert is_reporting_verb("réjoui", "fr", before="», s’est ")
    assert is_reporting_verb("indignés", "fr", before="», se sont ")
    assert not is_reporting_verb("réjoui", "fr", before="», il est ")
