"""English fast paths of backends/spacy_en.py (issue 17) give what spaCy gives:
token vectors and tags only for the sentences a reader asks for (``_tag``),
whatever the batch; the attribute ruler's rules read from a token's key
(``_ruler_program``) against the ruler itself."""

from __future__ import annotations

import pytest

SENTENCES = [
    "Ferry services between Oban and Mull were cancelled on Thursday because of high winds.",
    "About 240 passengers waited in the terminal for most of the afternoon.",
    "The harbour master said the crossing would reopen once the storm had passed.",
    "Councillor Aileen Frase called the delays unacceptable for island families.",
]


def test_only_asked_sentences_and_the_documents_numbers_are_tagged(english_backend) -> None:
    spacy_en = english_backend
    nlp = spacy_en.load_model()
    analysed = spacy_en.analyse_sentences(SENTENCES, new_document=True)
    assert not any(s.tagged for s in analysed)  # entities only
    assert all(s.doc.tensor.size == 0 for s in analysed)
    analysed[2].pos(1)  # _snap asks one word's part of speech
    # the asked sentence, and the one holding a digit (the figure finder's next question)
    assert [s.tagged for s in analysed] == [False, True, True, False]
    spacy_en.parse_sentences([SENTENCES[3]])  # the quote finder's parse tags first
    assert [s.tagged for s in analysed] == [False, True, True, True]
    # What was tagged is what the model's order (tok2vec, tagger, ner, in one batch) gives.
    whole = spacy_en._run(nlp, ("tok2vec", "tagger", "ner"), [nlp.make_doc(t) for t in SENTENCES])
    assert all(t.tag_ for d in whole for t in d)
    for mine, full in zip(analysed, whole):
        assert [(e.start, e.end, e.label_) for e in mine.doc.ents] == [(e.start, e.end, e.label_) for e in full.ents]
    for i in (1, 2):
        assert [t.tag_ for t in analysed[i].doc] == [t.tag_ for t in whole[i]]
    copied = nlp.make_doc(SENTENCES[0])
    spacy_en.tag_pos(nlp, copied)  # the figure finder's call tags the last one
    assert analysed[0].tagged and [t.tag_ for t in copied] == [t.tag_ for t in whole[0]]


def test_vectors_and_tags_do_not_depend_on_the_batch(english_backend) -> None:
    """Why tagging later, in other batches, changes nothing: bit for bit the same."""
    numpy = pytest.importorskip("numpy")
    spacy_en = english_backend
    nlp = spacy_en.load_model()

    def run(texts: list[str]) -> list:
        return spacy_en._run(nlp, ("tok2vec", "tagger"), [nlp.make_doc(t) for t in texts])

    together = run(SENTENCES)
    for text, batched in zip(SENTENCES, together):
        (alone,) = run([text])
        assert numpy.array_equal(alone.tensor, batched.tensor)
        assert [t.tag_ for t in alone] == [t.tag_ for t in batched]
    reversed_ = run(SENTENCES[::-1])[::-1]
    assert all(numpy.array_equal(a.tensor, b.tensor) for a, b in zip(reversed_, together))


RULER_SENTENCES = [
    *SENTENCES,
    "There is  a problem\n\nwith the pier, and there were two more last winter.",
    "But that is what they did, but not what they do now.",
    "Does he have the permit? He does, and he had it before the vote.",
    "Which of those boats was sold, and who said that it would be repaired?",
    "The inspectors didn't say whether it's safe; they're expected to report by 5 p.m.",
    "Is there any hope that the crossing reopens before Easter?  ",
    "That was the third closure this month, officials at the port of Tobermory said.",
]


def test_rules_read_from_the_key_equal_the_ruler(english_backend) -> None:
    """Tags, parts of speech and labels from the rules' reading equal the
    attribute ruler's own, on tagged sentences and on parsed ones, with the
    memo empty (so every token is read from its key)."""
    spacy_en = english_backend
    nlp = spacy_en.load_model()
    assert spacy_en._ruler_program(nlp)  # else the ruler always runs and this proves nothing
    ruler = nlp.get_pipe("attribute_ruler")
    tagged = spacy_en._run(nlp, ("tok2vec", "tagger"), [nlp.make_doc(t) for t in RULER_SENTENCES])
    parsed = spacy_en._run(nlp, ("parser",), [d.copy() for d in tagged])
    assert any(t.is_space for d in tagged for t in d)  # the space rules are tried
    seen = set()
    for doc in [*tagged, *parsed]:
        mine, theirs = doc.copy(), doc.copy()
        spacy_en._RULED.clear()
        spacy_en._rule(nlp, mine)
        ruler(theirs)
        assert [(t.tag_, t.pos_, t.dep_) for t in mine] == [(t.tag_, t.pos_, t.dep_) for t in theirs]
        seen.update(t.pos_ for t in mine)
    assert seen >= {"AUX", "VERB", "SCONJ", "PRON", "SPACE"}  # rules on labels and spaces fired


def test_rules_that_cannot_be_read_exactly_leave_it_to_the_ruler(english_backend) -> None:
    spacy_en = english_backend
    assert spacy_en._condition("LOWER", {"REGEX": "^gon"}) is None
    assert spacy_en._condition("IS_SPACE", "yes") is None
    assert spacy_en._condition("TAG", {"NOT_IN": ["TO", ""]}) == (0, "not_in", frozenset({"TO", ""}))
    assert spacy_en._holds((3, "not_in", frozenset({"det", ""})), "nsubj")
    assert not spacy_en._holds((3, "not_in", frozenset({"det", ""})), "")
