"""Whole-pipeline speed per language: documents/s in process and with worker processes.

For each language (hr, sr, en, de, fr) a fresh Python process ingests
generated news-length articles (about 600 words, see ``article``) into a
fresh SQLite store, as ``storyline ingest`` does, language detection
included (no language is given). Printed per language and engine:

- start-up: from the process's start to the first document stored (imports,
  models and word lists loaded, one document analysed and placed);
- documents/s with start-up excluded: after that first document, a timed
  ingest of ``--count`` documents. With worker processes the pool is started
  inside the timed call (that is how a batch runs), so the marginal rate is
  reported too: (count - count/2) / (t(count) - t(count/2)), which leaves the
  pool's start-up out;
- documents/s with start-up included: all documents over the whole process;
- CPU of all processes per document (ms): this one and its workers (psutil
  samples of the fork server's children, the workers' start included);
- CPU of this process per document (ms) in the timed ingest of ``--count``:
  with one worker the whole analysis, storage and placement (1000 / this
  is documents per CPU-second, which the machine's other jobs disturb less
  than the wall clock); with workers, the writer's own cost;
- peak memory: the process's peak resident set (``ru_maxrss``) after the runs;
- for English in process, the ratio to spaCy's full ``en_core_web_sm``
  pipeline (every component, the lemmatizer included) run with ``nlp.pipe``
  over the same documents (headline and text), in the same process after
  the timed ingest: the whole analysis, story placement and storage against
  tagging, parsing and entities alone.

The texts are generated from made-up sentences (invented people, generic
places, random numbers): they say nothing true and copy no article.
Printed, not asserted. Run: python benchmarks/pipeline_bench.py [--count 60]
[--languages hr,sr,en,de,fr] [--workers 2]
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import random
import resource
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

START = time.perf_counter()

# Made-up building blocks per language: people, places (as used in the
# sentences' case), organisations, weekdays, and sentence templates.
WORDS: dict[str, dict[str, list[str]]] = {
    "hr": {
        "person": ["Ana Kovač", "Marko Babić", "Ivana Perić", "Tomislav Jurić", "Petra Novak", "Luka Vidović", "Maja Knežević"],
        "place": ["Zadru", "Osijeku", "Puli", "Karlovcu", "Varaždinu", "Šibeniku", "Vukovaru"],
        "org": ["gradsko vijeće", "županijska uprava", "sindikat zdravstvenih djelatnika", "udruga obrtnika", "lučka uprava"],
        "day": ["ponedjeljak", "utorak", "srijedu", "četvrtak", "petak"],
        "templates": [
            "Gradsko vijeće u {place} u {day} je izglasalo novi proračun od {n} milijuna eura, nakon rasprave koja je trajala gotovo cijeli dan.",
            "{person} rekla je novinarima da će radovi na obnovi mosta trajati najmanje {k} mjeseci i da promet neće biti zatvoren.",
            "Policija je u {place} privela {k} osobe nakon tučnjave ispred noćnog kluba, a jedna je osoba lakše ozlijeđena.",
            "Na sajmu u {place} sudjelovalo je {n} izlagača iz {k} zemalja, što je više nego prošle godine.",
            "\"Ovo je tek početak, očekujemo još mnogo posla\", izjavio je {person} nakon sastanka s predstavnicima ministarstva.",
            "Vatrogasci su u {day} gasili požar u skladištu u {place}, a uzrok požara još se utvrđuje.",
            "Cijena mjesečne karte za gradski prijevoz porast će s {k} na {n} eura od sljedećeg mjeseca.",
            "Predstavnici organizacije {org} najavili su prosvjed za {day} ispred zgrade vlade.",
            "Prema podacima državnog zavoda za statistiku, u {place} živi oko {n} tisuća stanovnika, {pct} posto manje nego prije deset godina.",
            "{person} potvrdio je da je ugovor vrijedan {n} milijuna eura potpisan u {day} nakon dugih pregovora.",
            "Oporbeni vijećnici tvrde da je natječaj za izgradnju vrtića bio nepravilan i traže reviziju.",
            "U prometnoj nesreći na autocesti kod mjesta {place} ozlijeđeno je {k} ljudi, javila je policija.",
            "Bolnica u {place} dobila je novi uređaj za magnetsku rezonancu vrijedan {n} tisuća eura.",
            "Nezaposlenost je u prošlom tromjesečju pala na {pct} posto, objavio je zavod za zapošljavanje.",
            "Ravnatelj škole rekao je da je u novu sportsku dvoranu uloženo {n} tisuća eura iz europskih fondova.",
            "Stanovnici naselja žale se na buku s gradilišta koje radi i vikendom, a gradske službe obećale su provjeru.",
        ],
    },
    "sr": {
        "person": ["Jelena Marković", "Nikola Stojanović", "Milica Ilić", "Dragan Pavlović", "Snežana Đorđević", "Vuk Lazić"],
        "place": ["Kragujevcu", "Čačku", "Subotici", "Zrenjaninu", "Šapcu", "Kraljevu", "Pančevu"],
        "org": ["gradska skupština", "sindikat prosvetnih radnika", "udruženje poljoprivrednika", "javno komunalno preduzeće"],
        "day": ["ponedeljak", "utorak", "sredu", "četvrtak", "petak"],
        "templates": [
            "Gradska skupština u {place} u {day} je usvojila novi budžet od {n} miliona dinara, posle rasprave koja je trajala do kasno uveče.",
            "{person} je rekla novinarima da će radovi na rekonstrukciji ulice trajati najmanje {k} meseci.",
            "Policija je u {place} uhapsila {k} osobe posle tuče ispred kafića, a jedna osoba je lakše povređena.",
            "Na sajmu u {place} učestvovalo je {n} izlagača iz {k} zemalja, što je više nego prošle godine.",
            "\"Ovo je tek početak, očekuje nas još mnogo posla\", izjavio je {person} posle sastanka u ministarstvu.",
            "Vatrogasci su u {day} gasili požar u magacinu u {place}, a uzrok požara se još utvrđuje.",
            "Cena mesečne karte za gradski prevoz biće povećana sa {k} na {n} hiljada dinara od sledećeg meseca.",
            "Predstavnici organizacije {org} najavili su protest za {day} ispred zgrade opštine.",
            "Prema podacima republičkog zavoda za statistiku, u {place} živi oko {n} hiljada stanovnika, {pct} odsto manje nego pre deset godina.",
            "{person} je potvrdio da je ugovor vredan {n} miliona dinara potpisan u {day} posle dugih pregovora.",
            "Opozicioni odbornici tvrde da je tender za izgradnju vrtića bio nepravilan i traže reviziju.",
            "U saobraćajnoj nesreći na auto-putu kod mesta {place} povređeno je {k} ljudi, saopštila je policija.",
            "Opšta bolnica u {place} dobila je novi aparat za magnetnu rezonancu vredan {n} hiljada evra.",
            "Stopa nezaposlenosti je u prošlom kvartalu pala na {pct} odsto, objavila je nacionalna služba za zapošljavanje.",
            "Direktor škole je rekao da je u novu fiskulturnu salu uloženo {n} miliona dinara.",
            "Stanari naselja žale se na buku sa gradilišta koje radi i vikendom, a gradske službe su obećale proveru.",
        ],
    },
    "en": {
        "person": ["Sarah Whitfield", "Daniel Okafor", "Emma Lindqvist", "Robert Hale", "Priya Raman", "Tom Brennan"],
        "place": ["Leeds", "Bristol", "Cardiff", "Norwich", "Dundee", "Exeter", "Preston"],
        "org": ["the city council", "the nurses' union", "the farmers' association", "the port authority"],
        "day": ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday"],
        "templates": [
            "The city council in {place} approved a budget of {n} million pounds on {day} after a debate that lasted most of the day.",
            "{person} told reporters that the repairs to the bridge would take at least {k} months and that traffic would not be stopped.",
            "Police in {place} arrested {k} people after a fight outside a nightclub, and one person was slightly injured.",
            "The trade fair in {place} drew {n} exhibitors from {k} countries, more than last year.",
            "\"This is only the beginning, and there is a lot of work ahead,\" {person} said after meeting ministry officials.",
            "Firefighters fought a blaze at a warehouse in {place} on {day}, and the cause of the fire is still being investigated.",
            "The price of a monthly bus pass will rise from {k} to {n} pounds from next month.",
            "Representatives of {org} announced a protest outside the town hall for {day}.",
            "According to the statistics office, about {n} thousand people live in {place}, {pct} percent fewer than ten years ago.",
            "{person} confirmed that a contract worth {n} million pounds was signed on {day} after long negotiations.",
            "Opposition councillors say the tender for the new nursery was flawed and are calling for an audit.",
            "{k} people were injured in a crash on the motorway near {place}, police said.",
            "The hospital in {place} received a new scanner worth {n} thousand pounds.",
            "Unemployment fell to {pct} percent in the last quarter, the employment agency said.",
            "The head teacher said {n} thousand pounds from a regional fund had been spent on the new sports hall.",
            "Residents complain about noise from a building site that works at weekends, and the council has promised to check.",
        ],
    },
    "de": {
        "person": ["Katrin Vogel", "Jonas Albrecht", "Lena Hartmann", "Markus Brandt", "Sabine Kühn", "Felix Winter"],
        "place": ["Kassel", "Erfurt", "Rostock", "Würzburg", "Ulm", "Trier", "Gießen"],
        "org": ["der Stadtrat", "die Pflegegewerkschaft", "der Bauernverband", "die Hafenbehörde"],
        "day": ["Montag", "Dienstag", "Mittwoch", "Donnerstag", "Freitag"],
        "templates": [
            "Der Stadtrat in {place} hat am {day} nach langer Debatte einen Haushalt von {n} Millionen Euro beschlossen.",
            "{person} sagte Journalisten, die Sanierung der Brücke werde mindestens {k} Monate dauern.",
            "Die Polizei in {place} nahm nach einer Schlägerei vor einem Nachtclub {k} Personen fest, eine Person wurde leicht verletzt.",
            "Auf der Messe in {place} stellten {n} Aussteller aus {k} Ländern aus, mehr als im Vorjahr.",
            "\"Das ist erst der Anfang, es liegt noch viel Arbeit vor uns\", sagte {person} nach dem Treffen im Ministerium.",
            "Die Feuerwehr bekämpfte am {day} einen Brand in einer Lagerhalle in {place}, die Ursache ist noch unklar.",
            "Der Preis für die Monatskarte im Nahverkehr steigt ab dem nächsten Monat von {k} auf {n} Euro.",
            "Vertreter der Organisation kündigten für {day} eine Kundgebung vor dem Rathaus an.",
            "Nach Angaben des Statistikamts leben in {place} etwa {n} tausend Menschen, {pct} Prozent weniger als vor zehn Jahren.",
            "{person} bestätigte, dass ein Vertrag über {n} Millionen Euro am {day} nach langen Verhandlungen unterzeichnet wurde.",
            "Oppositionelle Stadträte halten die Ausschreibung für die neue Kita für fehlerhaft und fordern eine Prüfung.",
            "Bei einem Unfall auf der Autobahn bei {place} wurden {k} Menschen verletzt, teilte die Polizei mit.",
            "Das Krankenhaus in {place} hat ein neues Gerät für {n} tausend Euro erhalten.",
            "Die Arbeitslosigkeit sank im letzten Quartal auf {pct} Prozent, teilte die Arbeitsagentur mit.",
            "Die Schulleiterin sagte, für die neue Sporthalle seien {n} tausend Euro aus Fördermitteln ausgegeben worden.",
            "Anwohner beklagen sich über Lärm von einer Baustelle, die auch am Wochenende arbeitet.",
        ],
    },
    "fr": {
        "person": ["Claire Dumas", "Julien Moreau", "Camille Roux", "Antoine Lefèvre", "Élodie Garnier", "Hugo Perrin"],
        "place": ["Nancy", "Tours", "Limoges", "Besançon", "Rouen", "Poitiers", "Angers"],
        "org": ["le conseil municipal", "le syndicat des infirmiers", "la chambre d'agriculture", "l'autorité portuaire"],
        "day": ["lundi", "mardi", "mercredi", "jeudi", "vendredi"],
        "templates": [
            "Le conseil municipal de {place} a adopté {day} un budget de {n} millions d'euros après un long débat.",
            "{person} a déclaré aux journalistes que les travaux sur le pont dureraient au moins {k} mois.",
            "La police de {place} a interpellé {k} personnes après une bagarre devant une discothèque, une personne a été légèrement blessée.",
            "Le salon de {place} a accueilli {n} exposants venus de {k} pays, davantage que l'an dernier.",
            "\"Ce n'est qu'un début, il reste beaucoup de travail\", a déclaré {person} après la réunion au ministère.",
            "Les pompiers ont combattu {day} un incendie dans un entrepôt à {place}, la cause reste inconnue.",
            "Le prix de l'abonnement mensuel aux transports passera de {k} à {n} euros le mois prochain.",
            "Des représentants de l'organisation ont annoncé une manifestation {day} devant la mairie.",
            "Selon l'institut de statistique, environ {n} mille personnes vivent à {place}, {pct} pour cent de moins qu'il y a dix ans.",
            "{person} a confirmé qu'un contrat de {n} millions d'euros avait été signé {day} après de longues négociations.",
            "Les élus de l'opposition estiment que l'appel d'offres pour la nouvelle crèche était irrégulier et demandent un audit.",
            "{k} personnes ont été blessées dans un accident sur l'autoroute près de {place}, selon la police.",
            "L'hôpital de {place} a reçu un nouvel appareil d'une valeur de {n} mille euros.",
            "Le chômage est tombé à {pct} pour cent au dernier trimestre, selon l'agence pour l'emploi.",
            "La directrice de l'école a indiqué que {n} mille euros avaient été dépensés pour le nouveau gymnase.",
            "Les riverains se plaignent du bruit d'un chantier qui travaille aussi le week-end.",
        ],
    },
}
ARTICLE_WORDS = 600


def article(language: str, rnd: random.Random, index: int) -> dict:
    """One generated article of about ``ARTICLE_WORDS`` words: a headline and
    paragraphs of three or four filled-in sentences, in random order."""
    words = WORDS[language]
    sentences: list[str] = []
    count = 0
    while count < ARTICLE_WORDS:
        template = rnd.choice(words["templates"])
        sentence = template.format(
            person=rnd.choice(words["person"]), place=rnd.choice(words["place"]), org=rnd.choice(words["org"]),
            day=rnd.choice(words["day"]), n=rnd.randint(12, 980), k=rnd.randint(2, 9), pct=rnd.randint(2, 19),
        )  # fmt: skip
        sentences.append(sentence)
        count += len(sentence.split())
    paragraphs = [" ".join(sentences[i : i + 4]) for i in range(1, len(sentences), 4)]
    title = sentences[0].split(",")[0].replace('"', "").rstrip(".")
    return {
        "id": f"{language}-{index:04d}",
        "title": title,
        "text": "\n\n".join(paragraphs),
        "published": f"2026-{1 + index % 12:02d}-{1 + index % 28:02d}",
    }


def write_inputs(folder: Path, language: str, count: int, seed: int) -> Path:
    rnd = random.Random(f"{seed}-{language}")
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"{language}.jsonl"
    path.write_text("".join(json.dumps(article(language, rnd, i), ensure_ascii=False) + "\n" for i in range(count)), encoding="utf-8")
    return path


def one(language: str, count: int, workers: int, seed: int) -> dict:
    """Runs in a fresh process: the figures of one language and engine."""
    from storyline.service import ingest
    from storyline.settings import Settings
    from storyline.store import SQLiteStore

    with tempfile.TemporaryDirectory() as tmp_name:
        tmp = Path(tmp_name)
        first = write_inputs(tmp / "first", language, 1, seed + 1)
        half = write_inputs(tmp / "half", language, count // 2, seed + 2)
        full = write_inputs(tmp / "full", language, count, seed + 3)
        with SQLiteStore(tmp / "b.db") as store:
            ingest([first], store, Settings(workers=1))
            startup = time.perf_counter() - START
            times = {}
            for name, inputs in (("half", half), ("full", full)):
                with SQLiteStore(tmp / f"{name}.db") as fresh, Descendants() as others:
                    t0, c0 = time.perf_counter(), time.process_time()
                    report = ingest([inputs], fresh, Settings(workers=workers))
                    times[name] = time.perf_counter() - t0
                    cpu = time.process_time() - c0
                    stored = len(report.added)
                others_cpu = others.cpu_s
        total = time.perf_counter() - START
        # Read before spaCy's full pipeline is loaded for the ratio below.
        peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # kB on Linux
        spacy_s = spacy_full_seconds(full) if language == "en" and workers == 1 else float("nan")
    return {
        "language": language, "workers": workers, "count": count, "stored": stored,
        "startup_s": startup, "seconds": times["full"],
        "per_s": count / times["full"],
        # nan when the full set took no longer than the half (the machine's load varied).
        "marginal_per_s": (count - count // 2) / delta if (delta := times["full"] - times["half"]) > 0 else float("nan"),
        # start-up included: the first document, the full set and the process's start.
        "with_startup_per_s": (count + 1) / (startup + times["full"]),
        "cpu_ms_per_doc": 1000 * cpu / count,
        # Every process: this one and the workers (their start included).
        "all_cpu_ms_per_doc": 1000 * (cpu + others_cpu) / count,
        "process_s": total,
        "peak_mb": peak_mb,
        "spacy_s": spacy_s,
        "spacy_ratio": times["full"] / spacy_s,
    }  # fmt: skip


class Descendants:
    """CPU seconds of this process's descendants while the block runs: the
    worker processes, which are the fork server's children (not this
    process's, so ``RUSAGE_CHILDREN`` misses them), sampled with psutil
    every 50 ms until they exit; nan without psutil."""

    def __init__(self) -> None:
        self.seen: dict[int, float] = {}
        self.cpu_s = float("nan")
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None

    def __enter__(self) -> Descendants:
        try:
            import psutil
        except ImportError:
            return self
        me = psutil.Process()

        def sample() -> None:
            while not self._stop.is_set():
                for child in me.children(recursive=True):
                    with contextlib.suppress(psutil.Error):
                        times = child.cpu_times()
                        self.seen[child.pid] = times.user + times.system
                self._stop.wait(0.05)

        self._thread = threading.Thread(target=sample, daemon=True)
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        if self._thread is not None:
            self._stop.set()
            self._thread.join()
            self.cpu_s = sum(self.seen.values())


def spacy_full_seconds(inputs: Path) -> float:
    """Seconds spaCy's full small English pipeline takes over the documents of
    ``inputs`` (headline and text, as stored), after one warm-up document."""
    import spacy

    from storyline.backends.spacy_en import MODEL_PACKAGES

    nlp = None
    for name in MODEL_PACKAGES:
        try:
            nlp = spacy.load(name)
            break
        except OSError:
            continue
    if nlp is None:
        return float("nan")
    rows = [json.loads(line) for line in inputs.read_text(encoding="utf-8").splitlines()]
    texts = [f"{r['title']}\n\n{r['text']}" for r in rows]
    nlp(texts[0])
    t0 = time.perf_counter()
    for _ in nlp.pipe(texts):
        pass
    return time.perf_counter() - t0


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--count", type=int, default=60, help="documents per language and engine")
    parser.add_argument("--languages", default="hr,sr,en,de,fr")
    parser.add_argument("--workers", type=int, default=2, help="worker processes for the parallel runs (1: in process only)")
    parser.add_argument("--seed", type=int, default=11)
    parser.add_argument("--one", help=argparse.SUPPRESS)  # internal: LANGUAGE,WORKERS in a fresh process
    args = parser.parse_args()
    if args.one:
        language, workers = args.one.split(",")
        print(json.dumps(one(language, args.count, int(workers), args.seed)))
        return
    print(f"{os.cpu_count()} cores, load average {' '.join(f'{x:.2f}' for x in os.getloadavg())} at start; "
          f"{args.count} generated articles of ~{ARTICLE_WORDS} words per language and engine")  # fmt: skip
    print("| language | workers | start-up to first document (s) | documents/s, start-up excluded | marginal documents/s | "
          "documents/s, start-up included | CPU of this process per document (ms) | CPU of all processes per document (ms) | "
          "peak memory (MB) | time / spaCy full en_core_web_sm |")
    print("|---|---|---|---|---|---|---|---|---|---|")
    for language in args.languages.split(","):
        for workers in sorted({1, args.workers}):
            out = subprocess.run(
                [sys.executable, __file__, "--one", f"{language},{workers}", "--count", str(args.count), "--seed", str(args.seed)],
                capture_output=True, text=True, check=True,
            )  # fmt: skip
            r = json.loads(out.stdout.strip().splitlines()[-1])
            print(f"| {language} | {workers} | {r['startup_s']:.2f} | {r['per_s']:.1f} | {r['marginal_per_s']:.1f} | "
                  f"{r['with_startup_per_s']:.1f} | {r['cpu_ms_per_doc']:.1f} | {r['all_cpu_ms_per_doc']:.1f} | {r['peak_mb']:.0f} | "
                  f"{'' if r['spacy_ratio'] != r['spacy_ratio'] else format(r['spacy_ratio'], '.2f')} |", flush=True)  # fmt: skip
    print(f"load average {' '.join(f'{x:.2f}' for x in os.getloadavg())} at the end")


if __name__ == "__main__":  # worker processes re-import this file
    main()
