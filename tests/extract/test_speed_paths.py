"""The fast paths of issue 17 give what the slow ones gave.

- English: one spaCy run per sentence shared by the entity recogniser, the
  figure finder's part-of-speech tags and the quote finder's parse, against
  the three separate pipelines it replaced;
- the attribute ruler's memo against the ruler itself;
- events: the indexed cue look-up against trying every entry;
- numbers: approximate collectives indexed by first word.
"""

from __future__ import annotations

import pytest

from storyline.extract import events as ev
from storyline.extract.numbers import number_words, read_number
from storyline.extract.tokens import tokenize

SENTENCES = [
    "Mayor Helen Ward told reporters on Tuesday that the new ferry terminal in Portsmouth would open in March.",
    "There were 14 people injured when a bus overturned near Lisbon, police said.",
    "The Red Cross said it had delivered 3,000 blankets to families in the flooded villages.",
    "Rebel commander Youssef al-Amin denied that his fighters had shelled the market.",
    "It is not clear whether the talks in Geneva will resume before the end of the month.",
    "Doctors Without Borders said two of its clinics were damaged, and I saw them myself.",
    "Prices rose by 4.5 percent, the statistics office in Ottawa reported on Friday.",
]


_PARSER: list = []


def _parser(spacy_en):  # noqa: ANN001, ANN202 - the module and spacy.Language
    """The second pipeline the quote finder and claims used: the model less NER, loaded apart."""
    if not _PARSER:
        _PARSER.append(spacy_en._load(["ner"]))
    return _PARSER[0]


def test_shared_english_run_equals_the_separate_pipelines(english_backend) -> None:
    spacy_en = english_backend
    nlp = spacy_en.load_model()
    shared = spacy_en.analyse_sentences(SENTENCES, new_document=True)
    # Entities: the NER-only pipeline the recogniser ran before.
    for sentence, alone in zip(shared, nlp.pipe(SENTENCES)):
        assert [(e.start_char, e.end_char, e.label_) for e in sentence.doc.ents] == [
            (e.start_char, e.end_char, e.label_) for e in alone.ents
        ]
    # Parser-free part of speech: tok2vec, tagger and ruler on a fresh doc, one sentence at a time.
    for sentence, text in zip(shared, SENTENCES):
        fresh = nlp.make_doc(text)
        for name in spacy_en.POS_PIPES:
            fresh = nlp.get_pipe(name)(fresh)
        assert [sentence.pos(i) for i in range(len(fresh))] == [t.pos_ for t in fresh]
        copied = nlp.make_doc(text)
        spacy_en.tag_pos(nlp, copied)  # the figure finder's call: served from the shared run
        assert [t.pos_ for t in copied] == [t.pos_ for t in fresh]
    # The quote finder's parse: the whole pipeline less NER, as before.
    parsed = spacy_en.parse_sentences(SENTENCES)
    for doc, alone in zip(parsed, _parser(spacy_en).pipe(SENTENCES)):
        assert [(t.pos_, t.dep_, t.head.i) for t in doc] == [(t.pos_, t.dep_, t.head.i) for t in alone]
    # The figure finder asks after the quote finder parsed: still the parser-free reading.
    differ = 0
    for doc, text in zip(parsed, SENTENCES):
        fresh = nlp.make_doc(text)
        for name in spacy_en.POS_PIPES:
            fresh = nlp.get_pipe(name)(fresh)
        copied = nlp.make_doc(text)
        spacy_en.tag_pos(nlp, copied)
        assert [t.pos_ for t in copied] == [t.pos_ for t in fresh]
        differ += sum(a.pos_ != b.pos_ for a, b in zip(doc, fresh))
    assert differ  # the two readings do differ somewhere ("were" as AUX once parsed): both are needed


def test_claim_parse_from_the_one_model_equals_a_second_pipeline(english_backend) -> None:
    spacy_en = english_backend
    for text in SENTENCES:
        mine, alone = spacy_en.parse_claim(text), _parser(spacy_en)(text)
        assert [(t.lemma_, t.pos_, t.dep_, t.head.i) for t in mine] == [
            (t.lemma_, t.pos_, t.dep_, t.head.i) for t in alone
        ]
    assert spacy_en.parse_claim("The rebels denied the attack.")[2].lemma_ == "deny"


def test_attribute_ruler_memo_equals_the_ruler(monkeypatch: pytest.MonkeyPatch, english_backend) -> None:
    spacy_en = english_backend
    nlp = spacy_en.load_model()
    assert spacy_en._ruler_is_local(nlp)  # else the memo is never used and this proves nothing
    spacy_en._RULED.clear()
    spacy_en.analyse_sentences(SENTENCES, new_document=True)
    first = [[(t.tag_, t.pos_, t.dep_) for t in d] for d in spacy_en.parse_sentences(SENTENCES)]  # fills the memo
    assert spacy_en._RULED
    spacy_en.analyse_sentences(SENTENCES, new_document=True)
    again = [[(t.tag_, t.pos_, t.dep_) for t in d] for d in spacy_en.parse_sentences(SENTENCES)]  # served by it
    assert again == first
    assert any(pos == "AUX" for row in first for _, pos, _ in row)  # "were", "is": tags the parse decides
    # New sentences whose words the memo has not seen (numbers, names) are
    # answered from it as the ruler itself answers them.
    other = [
        "There were 27 boats in the harbour at Aberdeen, and it was not clear who owned them.",
        "Councillor Ruth Pemberton said 61 families had been moved to hotels in Swindon.",
    ]
    before = len(spacy_en._RULED)
    spacy_en.analyse_sentences(other, new_document=True)
    served = [[(t.tag_, t.pos_, t.dep_) for t in d] for d in spacy_en.parse_sentences(other)]
    alone = [[(t.tag_, t.pos_, t.dep_) for t in d] for d in _parser(spacy_en).pipe(other)]
    assert served == alone
    spacy_en.analyse_sentences(other, new_document=True)
    for sentence, text in zip(spacy_en.analyse_sentences(other), other):
        fresh = nlp.make_doc(text)
        for name in spacy_en.POS_PIPES:
            fresh = nlp.get_pipe(name)(fresh)
        assert [sentence.pos(i) for i in range(len(fresh))] == [t.pos_ for t in fresh]
    assert len(spacy_en._RULED) >= before
    # Seen once, a sentence's tokens are all in the memo: the ruler does not run again.
    ruled = []
    get_pipe = nlp.get_pipe
    monkeypatch.setattr(nlp, "get_pipe", lambda name: ruled.append(name) or get_pipe(name))
    spacy_en.analyse_sentences(other, new_document=True)
    assert [[(t.tag_, t.pos_, t.dep_) for t in d] for d in spacy_en.parse_sentences(other)] == alone
    assert "attribute_ruler" not in ruled and "parser" in ruled


@pytest.mark.parametrize("language", ["hr", "en"])
def test_indexed_cue_lookup_equals_trying_every_entry(language: str) -> None:
    text = {
        "hr": "Policija je priopćila da su napadači ubili dvojicu civila, a prema navodima svjedoka nitko nije uhićen.",
        "en": "Police said the gunmen killed two civilians, and according to witnesses nobody was arrested after the raid.",
    }[language]
    lex = ev.lexicon(language)
    toks = ev.tokens(text, 0, len(text), lex)
    lists = [*lex.cues.values(), ev._reporting(language), ev._sources(language)]
    tried = 0
    for entries in lists:
        for k in range(len(toks)):
            for clitics in (frozenset(), lex.clitics):
                slow = any(ev._entry_at(toks, k, e, clitics) for e in entries)
                assert ev._matches_at(toks, k, entries, clitics) == slow
                tried += slow
    assert tried  # some cue matched: the comparison saw both answers


def test_first_word_candidates_keep_the_list_order() -> None:
    lex = ev.lexicon("en")
    entries = lex.cues["targets"]
    first = ev._by_first_word(entries)
    for word in ("civilians", "the", "police", "a"):
        tok = ev.tokens(word, 0, len(word), lex)[0]
        ordered = sorted(first.candidates(tok), key=first.rank.__getitem__)
        expected = list(dict.fromkeys(e for e in entries if ev._word_matches(tok, e.words[0], e.stems[0], e.exact)))
        assert ordered == expected


@pytest.mark.parametrize(
    ("language", "text", "low", "high"),
    [("hr", "desetak tisuća ljudi", 8_000, 12_000), ("en", "tens of thousands of people", 10_000, 99_000)],
)
def test_approximate_collectives_by_first_word(language: str, text: str, low: int, high: int) -> None:
    nw = number_words(language)
    # Every collective is filed under its first word, longest first as before.
    for key, span in nw.approximate_longest_first:
        assert (key, span) in nw.approximate_by_first[key[0]]
    for group in nw.approximate_by_first.values():
        assert [len(k) for k, _ in group] == sorted((len(k) for k, _ in group), reverse=True)
    n = read_number(tokenize(text), 0, language)
    assert n is not None and n.approximate and (n.low, n.high) == (low, high)


def test_lemma_endings_are_data_and_checked(monkeypatch: pytest.MonkeyPatch) -> None:
    assert (
        ev.lemma_endings("hr")[:2] == ("jeti", "ati") and ev._stem("granatirati", ev.lemma_endings("hr")) == "granatir"
    )
    assert ev.lemma_endings("en") == ()  # no inflection endings: stems are never compared
    assert "ати" in ev.lemma_endings("sr")  # Serbian Cyrillic lemmas lose theirs too
    ev.lemma_endings.cache_clear()
    try:
        monkeypatch.setattr(ev, "load_or_english", lambda language, name: {"lemma_endings": ["ti", "ati"]})
        with pytest.raises(ValueError, match="never applies"):
            ev.lemma_endings("xx")
        monkeypatch.setattr(ev, "load_or_english", lambda language, name: {"lemma_endings": ["Ati"]})
        with pytest.raises(ValueError, match="lower-case"):
            ev.lemma_endings("xy")
    finally:
        ev.lemma_endings.cache_clear()


@pytest.mark.parametrize(
    ("text", "latin"),
    [
        ("Ђоковић", "Đoković"),  # Serbian Cyrillic by its own Latin alphabet
        ("Москва", "Moskva"),  # other Cyrillic through anyascii
        ("Jovan Јовановић", "Jovan Jovanović"),
        ("Ελλάδα", "Ellada"),
        ("café ×2", "café *2"),  # Latin letters and marks stay, symbols are spelt out
    ],
)
def test_to_latin_by_translation_table(text: str, latin: str) -> None:
    from storyline.link.names import to_latin

    assert to_latin(text) == latin
    assert to_latin(text) == latin  # the table's second reading, from what it kept
