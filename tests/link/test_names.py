"""Person names: keys in every script, and merging that never joins two people."""

from __future__ import annotations

import pytest

from storyline.evaluate.names import score_canonical, score_name_pairs
from storyline.link.entities import link
from storyline.link.names import fold, same_given, same_person, same_surname
from storyline.records import Document, Mention

# Pinned floors (evaluate/gold/names, our own pairs and names): measured 1.0 and
# 0.925 for merging, 0.938 for nominatives (December 2026). Precision is the
# promise: two people are never one entity.
MERGE_PRECISION_FLOOR = 0.99
MERGE_RECALL_FLOOR = 0.88
CANONICAL_FLOOR = 0.9


def test_cyrillic_and_latin_fold_alike() -> None:
    assert fold("Владимир Путин") == fold("Vladimir Putin")
    assert fold("Новак Ђоковић") == fold("Novak Đoković") == fold("Novak Djokovic")
    assert fold("Един Џеко") == fold("Edin Džeko")
    assert fold("Сергей Лавров") == fold("Sergei Lavrov") == fold("Sergej Lavrov")


@pytest.mark.parametrize("name", ["Αλέξης Τσίπρας", "محمد بن سلمان", "习近平", "😀🎉", "!!!", "…", "Ⅻ", "ʻOumuamua"])
def test_no_name_folds_to_an_empty_key(name: str) -> None:
    assert fold(name).strip()


def test_different_symbol_names_get_different_keys() -> None:
    assert fold("!!!") != fold("???")


def test_given_names_must_be_equal_initials_or_variants() -> None:
    assert not same_person("Marko Marić", "Mirko Marić")
    assert not same_person("Ivan Horvat", "Ivana Horvat")
    assert same_person("V. Putin", "Vladimir Putin") and not same_person("L. Putin", "Vladimir Putin")
    assert same_given("Bill", "William") and same_given("Dmitry", "Dmitrij") and not same_given("Ivo", "Ivan")


def test_surnames_may_differ_in_spelling_but_not_in_gender() -> None:
    assert same_surname("Coville", "Colville") and same_surname("Horvat", "Horvath")
    assert not same_surname("Petrov", "Petrova") and not same_surname("Marić", "Marčić")
    assert not same_surname("Milanović", "Milinović")


def _link(*names: str) -> list[set[str]]:
    pairs = []
    for i, name in enumerate(names):
        pairs.append((Document(id=f"d{i}", text=name), Mention(0, len(name), "person", name)))
    return sorted(({m.canonical for _, m in e.mentions} for e in link(pairs)), key=len)


def test_initial_and_surname_join_only_the_one_person_they_fit() -> None:
    assert _link("V. Putin", "Vladimir Putin") == [{"V. Putin", "Vladimir Putin"}]
    # Two Horvats: the surname alone and the initial of neither's given name join nobody.
    groups = _link("Ivan Horvat", "Ivana Horvat", "Horvat", "I. Horvat")
    assert {"Ivan Horvat", "Ivana Horvat"} not in groups
    assert all(len(g) == 1 for g in groups)


def test_name_pairs_gold_floor() -> None:
    result = score_name_pairs()
    assert result["pairs"] >= 200
    assert result["merge_precision"] >= MERGE_PRECISION_FLOOR, result["errors"]
    assert result["merge_recall"] >= MERGE_RECALL_FLOOR, result["errors"]


def test_nominatives_gold_floor() -> None:
    result = score_canonical()
    assert result["accuracy"] >= CANONICAL_FLOOR, result["errors"]
