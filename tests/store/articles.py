"""Short generated news articles (our own words) for the store's concurrency tests."""

from __future__ import annotations

from pathlib import Path

CITIES = ["Osijek", "Rijeka", "Zadar", "Pula", "Karlovac", "Šibenik", "Vukovar", "Sisak", "Đakovo"]
PEOPLE = ["Ivan Horvat", "Ana Babić", "Marko Jurić", "Petra Novak", "Luka Marić", "Maja Knežević", "Tomislav Vuković"]
EVENTS = [
    ("Poplava u gradu {city}", "Rijeka se izlila nakon kiše koja je padala {n} sati, a evakuirano je {m} obitelji."),
    ("Požar u industrijskoj zoni kod grada {city}", "Vatrogasci su gasili požar u skladištu, ozlijeđeno je {m} radnika."),
    ("Gradsko vijeće {city} usvojilo proračun", "Vijećnici su glasovali o proračunu od {n} milijuna eura za iduću godinu."),
    ("Prometna nesreća na cesti prema gradu {city}", "U sudaru dvaju automobila ozlijeđeno je {m} osoba, promet je bio zatvoren {n} sati."),
]


def article(i: int) -> str:
    """Article number ``i``: a headline and two paragraphs, different for every ``i``."""
    title, lead = EVENTS[i % len(EVENTS)]
    city = CITIES[(i // len(EVENTS)) % len(CITIES)]
    person = PEOPLE[i % len(PEOPLE)]
    n, m = 3 + i % 17, 2 + (i * 7) % 23
    return (
        f"{title.format(city=city)} ({i})\n\n"
        f"{lead.format(n=n, m=m)} Događaj je zabilježen u utorak ujutro, u {7 + i % 12} sati.\n\n"
        f"\"Stanje je pod nadzorom\", izjavio je {person}, pročelnik službe, i dodao da će se izvješće broj {1000 + i} "
        f"objaviti do kraja tjedna.\n"
    )


def write_articles(folder: Path, numbers: range | list[int]) -> Path:
    """Write articles ``numbers`` into ``folder`` as a-NNN.txt files."""
    folder.mkdir(parents=True, exist_ok=True)
    for i in numbers:
        (folder / f"a-{i:03d}.txt").write_text(article(i), encoding="utf-8")
    return folder
