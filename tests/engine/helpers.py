"""Inputs of the engine tests: short articles written for these tests, and a step that fails on purpose.

Importable by worker processes (spawned workers and Dask workers unpickle
``Exploding`` by reference), hence a module of its own.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

from storyline.anatomy import LanguageStep, SegmentStep, SentenceStep
from storyline.anatomy.langid import FixedLanguage
from storyline.records import Document

from ..conftest import populate_folder

# Words no article contains: the steps below fail on any text holding them.
TRIGGER = "QXZFAIL"
KILLER = "QXZDIE"

ARTICLES: dict[str, str] = {
    "a01-most.txt": "Novi most u Osijeku otvoren za promet\n\nGradonačelnik Osijeka Ivan Marić otvorio je u utorak novi most preko Drave. "
    "Most je dug 420 metara, a gradnja je trajala tri godine. \"Ovo je dan koji smo dugo čekali\", rekao je Marić.",
    "a02-bridge.txt": "New bridge opens in Osijek\n\nOsijek mayor Ivan Marić opened a new bridge over the Drava on Tuesday. "
    "The bridge is 420 metres long and took three years to build, the mayor said.",
    "a03-potres.txt": "Potres jačine 4,1 pogodio Imotski\n\nPotres jačine 4,1 po Richteru pogodio je u srijedu ujutro područje Imotskog. "
    "Prema prvim informacijama nema ozlijeđenih, ali je oštećeno nekoliko krovova, rekao je načelnik stožera Ante Vukić.",
    "a04-quake.txt": "Magnitude 4.1 earthquake shakes Imotski\n\nAn earthquake of magnitude 4.1 struck the Imotski area early on Wednesday. "
    "No one was hurt, but several roofs were damaged, said Ante Vukić, head of the local civil protection.",
    "a05-luka.txt": "Lučki radnici u Pločama stupili u štrajk\n\nOko 150 lučkih radnika u Pločama stupilo je u štrajk u ponedjeljak. "
    "Sindikat traži povećanje plaća od deset posto, a uprava luke kaže da za to nema novca.",
    "a06-strike.txt": "Port workers strike in Ploče\n\nAbout 150 port workers in Ploče went on strike on Monday, demanding a ten percent pay rise. "
    "The port authority said it could not afford the increase.",
    "a07-kisa.txt": "Obilne kiše u Gorskom kotaru\n\nObilne kiše zahvatile su u četvrtak Gorski kotar. Nekoliko cesta zatvoreno je zbog odrona, "
    "a vatrogasci su ispumpavali vodu iz dvadesetak podruma u Delnicama.",
    "a08-kisa-copy.txt": "Obilne kiše u Gorskom kotaru\n\nObilne kiše zahvatile su u četvrtak Gorski kotar. Nekoliko cesta zatvoreno je zbog odrona, "
    "a vatrogasci su ispumpavali vodu iz dvadesetak podruma u Delnicama.",
    "a09-kisa-near.txt": "Obilne kiše u Gorskom kotaru\n\nObilne kiše zahvatile su u četvrtak Gorski kotar. Nekoliko cesta zatvoreno je zbog odrona, "
    "a vatrogasci su ispumpavali vodu iz dvadesetak podruma u Delnicama. Upozorenje vrijedi do petka.",
    "a10-library.txt": "City library extends opening hours\n\nThe city library in Varaždin will stay open until nine in the evening from next month, "
    "the director Marija Horvat told reporters on Friday.",
    "a11-skola.txt": "Nova škola u Zadru\n\nU Zadru je u petak položen kamen temeljac za novu osnovnu školu za 600 učenika. "
    "Ministrica obrazovanja Petra Kolar rekla je da će škola biti gotova za dvije godine.",
}
# Two records, one under an id a file already has (stored as ID~hash), one new.
RECORDS = [
    {"id": "a10-library", "text": "Museum night draws crowds\n\nThousands visited the museums of Rijeka on Saturday night, organisers said.", "language": "en"},
    {"id": "r2", "text": "Trajekt ponovno plovi\n\nTrajektna linija između Splita i Supetra ponovno radi nakon dva dana prekida zbog bure.", "language": "hr"},
]


def populate_articles(root: Path, *, extra: dict[str, str] | None = None) -> Path:
    """The articles above (and ``extra``) as files, plus a JSONL of two records."""
    folder = populate_folder(root, {**ARTICLES, **(extra or {})})
    (folder / "z-records.jsonl").write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in RECORDS), encoding="utf-8")
    return folder


class Exploding:
    """A step that raises on texts holding TRIGGER and passes every other text on."""

    name = "test.exploding.v1"
    requires = frozenset({"text"})
    assigns = frozenset()

    def process(self, doc: Document) -> Document:
        if TRIGGER in doc.text:
            raise RuntimeError("this step fails on purpose")
        return doc


class Dying(Exploding):
    """A step that ends its whole process on texts holding KILLER (a worker killed mid-document). Never run it in process."""

    name = "test.dying.v1"

    def process(self, doc: Document) -> Document:
        if KILLER in doc.text:
            os._exit(3)
        return doc


def light_steps(*, exploding: bool = False, dying: bool = False) -> list:
    """Anatomy without models (fixed language): fast to build in every worker."""
    steps = [SegmentStep(), LanguageStep(identifier=FixedLanguage("hr")), SentenceStep()]
    return steps + [Exploding()] * exploding + [Dying()] * dying


def worker_warmed() -> bool:
    """Run in a worker: whether the fork server it was forked from had warmed the pipeline up (engine/preload.py)."""
    import sys

    preload = sys.modules.get("storyline.engine.preload")
    return bool(preload is not None and preload.WARMED)
