"""The part of a dependency parse the reconcile stage reads, as Protocols.

English claims and title agents are read on spaCy's parse
(:func:`storyline.backends.spacy_en.parse_claim`), which the backend returns
untyped. These Protocols name the few attributes read here, with the types of
spaCy's own stubs (``spacy/tokens/token.pyi``, ``doc.pyi``), so the strict
type check of ``reconcile`` holds the rules to them without importing spaCy
(reconcile runs without the ``[en]`` extra for the other languages).
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Protocol, overload


class Token(Protocol):
    """One word of a parse: its tags, its lemma and its place in the tree."""

    @property
    def i(self) -> int: ...  # index in the parse
    @property
    def idx(self) -> int: ...  # character offset in the text parsed
    @property
    def lower_(self) -> str: ...
    @property
    def lemma_(self) -> str: ...
    @property
    def pos_(self) -> str: ...
    @property
    def tag_(self) -> str: ...
    @property
    def dep_(self) -> str: ...
    @property
    def head(self) -> Token: ...
    @property
    def children(self) -> Iterator[Token]: ...
    @property
    def ancestors(self) -> Iterator[Token]: ...
    @property
    def subtree(self) -> Iterator[Token]: ...
    @property
    def conjuncts(self) -> tuple[Token, ...]: ...
    @property
    def left_edge(self) -> Token: ...
    @property
    def right_edge(self) -> Token: ...
    def __len__(self) -> int: ...  # characters


class Phrase(Protocol):
    """A run of words of a parse (a spaCy ``Span``)."""

    @property
    def text(self) -> str: ...
    def __len__(self) -> int: ...  # words


class Parse(Protocol):
    """A parsed text (a spaCy ``Doc``): its words in order, and runs of them."""

    def __iter__(self) -> Iterator[Token]: ...
    @overload
    def __getitem__(self, i: int) -> Token: ...
    @overload
    def __getitem__(self, i: slice) -> Phrase: ...
