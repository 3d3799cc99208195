"""English titles and summaries, whatever the languages of a story's reports.

There is no offline translation model (MODELS.md), so nothing is
translated. Every sentence is generated from the story's reconciled facts:
the timeline, the merged figures, the conflicts and the speakers. Each says
only what those facts hold, carries the evidence of the facts it states,
and leaves out whatever is weakly supported (confidence below
:data:`~storyline.reconcile.model.CONFIDENT`). The wording lives in
``lang/en/brief.toml``.

The title names the best-supported event, its place and its days. With no
such event it says plainly that these are reports (on a topic, from a
place), or keeps an English headline of the story's own; a place is named
only when its name is no ordinary word of the report's language ("Auch" in
German, "Name" in English are words, not towns).
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from ..extract.gazetteer import place_name_ok
from ..lang import load
from ..records import Document, Evidence, StoryRecord
from .model import CONFIDENT, Conflict, FigureRow, SummarySentence, TimelineEntry, evidence_json
from .syntax import Token

# Sentences in a summary, at most (the issue asks for 3 to 6).
MAX_SENTENCES = 6
# Figure rows and speakers named in a summary, at most.
MAX_FIGURES, MAX_SPEAKERS = 2, 3
# An event is well supported when this many sentences report it (one
# sentence may be a passing mention: "killings" in a wine review).
SUPPORTING_SENTENCES = 2
# Weights of a kind's centrality (Lead.centrality): reports whose headline,
# whose first sentence tell it; a dated telling; each sentence (up to a cap).
HEADLINE_WEIGHT, LEDE_WEIGHT, DATED_WEIGHT, SENTENCE_WEIGHT, MAX_COUNTED_SENTENCES = 2.0, 2.0, 1.0, 0.25, 8
# Entity types that may act in a title (a country brokers a deal as a government does).
ACTOR_TYPES = ("person", "organization", "location")
# Actors named in a title, at most.
MAX_TITLE_ACTORS = 3
NUMBER_WORDS = ("no", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten")


def confident(confidence: float | None) -> bool:
    """Known to be weak? Unknown (None: an analysis older than confidences) is not weak."""
    return confidence is None or confidence >= CONFIDENT


def day(iso: str) -> str:
    d = dt.date.fromisoformat(iso)
    return f"{d.day} {d.strftime('%B')} {d.year}"


def days(isos: list[str]) -> str:
    """ "15 December 2016", "15 and 16 December 2016", "13, 15 and 16 December 2016",
    "13 to 20 December 2016" (more than three days)."""
    ds = sorted({dt.date.fromisoformat(x) for x in isos})
    if not ds:
        return ""
    if len(ds) > 3:
        first, last = ds[0], ds[-1]
        if (first.year, first.month) == (last.year, last.month):
            return f"{first.day} to {last.day} {last.strftime('%B')} {last.year}"
        return f"{day(first.isoformat())} to {day(last.isoformat())}"
    if len({(d.year, d.month) for d in ds}) == 1:
        return f"{join([str(d.day) for d in ds])} {ds[-1].strftime('%B')} {ds[-1].year}"
    return join([day(d.isoformat()) for d in ds])


def join(words: list[str]) -> str:
    words = list(dict.fromkeys(w for w in words if w))
    return " and ".join(words) if len(words) < 3 else ", ".join(words[:-1]) + " and " + words[-1]


def count(n: int, noun: str) -> str:
    word = NUMBER_WORDS[n] if n < len(NUMBER_WORDS) else f"{n:,}"
    return f"{word} {noun}{'' if n == 1 else 's'}"


def capital(text: str) -> str:
    return text[:1].upper() + text[1:]


def language_names(codes: list[str]) -> str:
    from babel import Locale

    names = Locale.parse("en").languages
    return join([names.get(c, c) for c in codes])


def article(noun: str) -> str:
    if noun.endswith("s") and not noun.endswith("ss"):  # "killings", "negotiations"
        return noun
    return ("an " if noun[:1] in "aeiou" else "a ") + noun


def nameable_place(entity: dict[str, Any]) -> bool:
    """A place the gazetteer knows (so it has an English name), named with
    a capital: "Ujedinjenim naroda" (a declined organisation the recogniser
    took for a place) is never shown as a place."""
    english = entity.get("name_en") or entity["name"]
    return entity["type"] == "location" and bool(entity.get("in_gazetteer")) and place_name_ok(english, "en")


@dataclass
class StoryView:
    """What titles and summaries read: names, places fit to be named, wording."""

    names: dict[str, str]
    good_places: set[str]
    words: dict[str, Any]
    documents: dict[str, Document]
    # (document, start) of each mention of a person, organisation or place -> its entity id:
    # who may act in a title ("a deal negotiated by Norland and Ostria").
    actors: dict[tuple[str, int, int], str] = field(default_factory=dict)

    def actor_at(self, document: str, at: int) -> str | None:
        """The entity id of the actor mention covering offset ``at``, if any."""
        return next((i for (d, a, b), i in self.actors.items() if d == document and a <= at < b), None)

    def noun(self, kind: str) -> str:
        return str(self.words.get("event_nouns", {}).get(kind, kind))

    def phrase(self, kind: str) -> str:
        """The kind of event with its article, as a summary names it ("an evacuation", "fighting")."""
        return self.words.get("event_phrases", {}).get(kind) or article(self.noun(kind))

    def place(self, ids: list[str]) -> str | None:
        return next((self.names[p] for p in ids if p in self.good_places and p in self.names), None)


def story_view(facts: dict[str, Any], docs: dict[str, Document]) -> StoryView:
    words = load("en", "brief")
    with_article = set(words.get("names_with_article", {}).get("names", []))
    names = {
        e["id"]: ("the " if (e.get("name_en") or e["name"]) in with_article else "") + (e.get("name_en") or e["name"])
        for e in facts["entities"]
    }
    good = set()
    for e in facts["entities"]:
        if not nameable_place(e):
            continue
        surfaces = [(m["text"], docs[m["document"]].language if m["document"] in docs else None) for m in e["mentions"]]
        # A declined form may be a word ("Gazi" is also "treads"): one mention,
        # or the name itself, that is no ordinary word of its report's language suffices.
        if any(place_name_ok(text, lang) or place_name_ok(e["name"], lang) for text, lang in surfaces):
            good.add(e["id"])
    actors = {
        (m["document"], m["start"], m["end"]): e["id"]
        for e in facts["entities"]
        if e.get("type") in ACTOR_TYPES
        for m in e.get("mentions", [])
    }
    return StoryView(names, good, words, docs, actors)


@dataclass
class Lead:
    """The story's best-supported kind of event and its rows."""

    kind: str
    rows: list[TimelineEntry]
    sentences: int
    documents: list[str]
    led: int = 0  # reports whose headline or first sentence tell it
    headlined: int = 0  # reports whose headline tells it

    @property
    def centrality(self) -> float:
        """How central the kind is to the story: news writing puts its main
        event in the headline and the first sentence of every report, so those
        weigh most; then the reports telling it at all; then whether a report
        dates it (background fighting is told undated: "years of war") and how
        often it is told, the latter capped so one long report cannot win alone."""
        return (
            HEADLINE_WEIGHT * self.headlined
            + LEDE_WEIGHT * self.led
            + len(self.documents)
            + (DATED_WEIGHT if self.dates else 0.0)
            + SENTENCE_WEIGHT * min(self.sentences, MAX_COUNTED_SENTENCES)
        )

    @property
    def places(self) -> list[str]:
        counted = Counter(p for r in self.rows for p in r.places for _ in r.evidence)
        return [p for p, _ in counted.most_common()]

    @property
    def halted(self) -> bool:
        return all(r.halted for r in self.rows)

    @property
    def dates(self) -> list[str]:
        return [r.date for r in self.rows if r.date and not r.halted]

    @property
    def evidence(self) -> list[dict[str, Any]]:
        """Each sentence once, one from each document first."""
        unique = list({(ev["document"], ev["start"]): ev for r in self.rows for ev in r.evidence}.values())
        firsts = list({ev["document"]: ev for ev in reversed(unique)}.values())[::-1]
        return firsts + [ev for ev in unique if ev not in firsts]


def _sentence_at(doc: Document, start: int) -> Evidence:
    end = next((x.end for x in doc.sentences if x.start == start), start)
    return Evidence.of(doc, start, end)


def headlines(docs: dict[str, Document]) -> set[tuple[str, int]]:
    """(document, sentence start) of each report's headline sentences."""
    return {
        (doc.id, sent.start)
        for doc in docs.values()
        for sent in doc.sentences
        if doc.segments[sent.segment].kind == "headline"
    }


def ledes(docs: dict[str, Document]) -> set[tuple[str, int]]:
    """(document, sentence start) of each report's headline and first body
    sentence: where news writing states its main event."""
    out = set()
    for doc in docs.values():
        seen_body: set[int] = set()
        for sent in doc.sentences:
            seg = doc.segments[sent.segment]
            if seg.kind == "headline" or (seg.kind == "body" and seg.unit not in seen_body):
                out.add((doc.id, sent.start))
                if seg.kind == "body":
                    seen_body.add(seg.unit)
    return out


def leads(
    line: list[TimelineEntry],
    undated: list[TimelineEntry],
    firsts: frozenset[tuple[str, int]] | set[tuple[str, int]] = frozenset(),
    heads: frozenset[tuple[str, int]] | set[tuple[str, int]] = frozenset(),
) -> list[Lead]:
    """Kinds of event by centrality (:attr:`Lead.centrality`), confidently
    reported ones only; ties go to more documents, then more sentences.
    Rows reported halted count as support (the event was reported); a kind
    reported only halted or denied leads only where a report leads with it
    ("the evacuation was interrupted")."""
    by_kind: dict[str, list[TimelineEntry]] = {}
    for row in line + undated:
        if confident(row.confidence):
            by_kind.setdefault(row.type, []).append(row)
    out = []
    for kind, rows in by_kind.items():
        sentences = len({(e["document"], e["start"]) for r in rows for e in r.evidence})
        docs = list(dict.fromkeys(d for r in rows for d in r.documents))
        led = len({e["document"] for r in rows for e in r.evidence if (e["document"], e["start"]) in firsts})
        headlined = len({e["document"] for r in rows for e in r.evidence if (e["document"], e["start"]) in heads})
        if all(r.halted for r in rows) and not led:
            continue
        out.append(Lead(kind, rows, sentences, docs, led, headlined))
    return sorted(out, key=lambda x: (-x.centrality, -len(x.documents), -x.sentences))


def well_supported(lead: Lead) -> bool:
    return lead.sentences >= SUPPORTING_SENTENCES


def status(view: StoryView, lead: Lead) -> str:
    """What became of the main event, as its rows tell it: " reported halted"
    when every report of it is of a stop; " resumed after a halt" when a
    report dates a stop before a day on which it is reported going ahead."""
    words = view.words.get("title_status", {})
    if lead.halted:
        return " " + str(words.get("halted", "reported halted"))
    stops = [r.date for r in lead.rows if r.halted and r.date]
    if stops and any(d > min(stops) for d in lead.dates):
        return " " + str(words.get("resumed", "resumed after a halt"))
    return ""


def agent_phrase(view: StoryView, lead: Lead) -> str | None:
    """Who carried out or brokered the main event, in the words of an English
    report's opening sentence (see :func:`sentence_agents`)."""
    for ev in lead.evidence:
        doc = view.documents.get(ev["document"])
        if doc is None or doc.language != "en" or (ev["document"], ev["start"]) not in ledes({doc.id: doc}):
            continue
        found = sentence_agents(view, ev, lead.kind)
        if found:
            return found
    return None


def _kind_at(spans: dict[str, list[tuple[int, int]]], at: int) -> str | None:
    return next((k for k, found in spans.items() if any(a <= at < b for a, b in found)), None)


def _named(view: StoryView, ev: dict[str, Any], head: Token) -> list[str] | None:
    """The names of a token and its conjuncts, when every one is a known actor
    (an actor the recogniser does not know: say nothing of who)."""
    names = []
    for t in (head, *head.conjuncts):
        entity = view.actor_at(ev["document"], ev["start"] + t.idx)
        if entity is None or entity not in view.names:
            return None
        names.append(view.names[entity])
    return names if len(names) <= MAX_TITLE_ACTORS else None


def sentence_agents(view: StoryView, ev: dict[str, Any], kind: str) -> str | None:
    """In one English sentence: the agent ("by ...") of the event word's
    participle or of a deal word's ("under a deal negotiated by Norland and
    Ostria"), or the subject of a past verb whose object is a deal ("Norway
    and Qatar brokered a deal to ...") or that is the event word itself. Only
    named actors (people, organisations, places) count; a negated or modal
    verb names nobody."""
    from .conflicts import event_words, parse_claim

    sentence = ev["text"]
    spans = {k: event_words(sentence, "en", k) for k in (kind, "agreement")}
    for tok in parse_claim(sentence):
        verb = tok.head
        if any(c.dep_ == "neg" or (c.dep_ == "aux" and c.tag_ == "MD") for c in verb.children):
            continue
        if tok.dep_ == "agent" and verb.dep_ in ("acl", "relcl", "advcl"):
            which = _kind_at(spans, verb.head.idx)
            obj = next((c for c in tok.children if c.dep_ == "pobj"), None)
            names = _named(view, ev, obj) if obj is not None and which else None
            if names and which == kind:
                return f"{verb.lower_} by {join(names)}"
            if names:
                return f"under {article(verb.head.lower_)} {verb.lower_} by {join(names)}"
        if tok.dep_ == "nsubj" and verb.tag_ in ("VBD", "VBN") and verb.pos_ == "VERB":
            deal = next((c for c in verb.children if c.dep_ == "dobj" and _kind_at(spans, c.idx) == "agreement"), None)
            own = _kind_at(spans, verb.idx) == kind
            names = _named(view, ev, tok) if deal is not None or own else None
            if names and deal is not None:
                return f"under {article(deal.lower_)} {verb.lower_} by {join(names)}"
            if names:
                return f"carried out by {join(names)}"
    return None


def english_headline(story: StoryRecord, docs: dict[str, Document]) -> str | None:
    for doc_id, unit in story.units:
        doc = docs[doc_id]
        for seg in doc.segments:
            if seg.unit == unit and seg.kind == "headline" and seg.language == "en":
                return " ".join(doc.text[seg.start : seg.end].split())
    return None


def story_title(
    story: StoryRecord,
    docs: dict[str, Document],
    view: StoryView,
    line: list[TimelineEntry],
    undated: list[TimelineEntry],
) -> tuple[str, str]:
    """(title, its language): from the best-supported event, else the
    story's English headline, else an honest "Reports ..." title."""
    ranked = leads(line, undated, ledes(docs), headlines(docs))
    place_ids = [p for lead in ranked for p in lead.places]
    if ranked and well_supported(ranked[0]):
        lead = ranked[0]
        noun = capital(view.noun(lead.kind))
        where = view.place(lead.places)
        title = noun + (f" in {where}" if where else "") + status(view, lead)
        agents = agent_phrase(view, lead)
        if agents:
            title += f", {agents}"
        if lead.dates:
            title += f", {days(lead.dates)}"
        return title, "en"
    headline = english_headline(story, docs)
    if headline:
        return headline, "en"
    where = view.place(place_ids) or view.place(sorted(view.good_places))
    # A weakly supported kind names the topic only when a report leads with it
    # (one passing "killed" in a wine review is no topic).
    if ranked and ranked[0].led and where:
        return f"Reports on {view.noun(ranked[0].kind)} in {where}", "en"
    if where:
        return f"Reports from {where}", "en"
    # Nothing to name: say what it is; the original headline is shown beside it.
    n = len(story.documents)
    return f"{'A report' if n == 1 else capital(count(n, 'report'))} in {language_names(story.languages)}", "en"


def _who(view: StoryView, claimed_by: str | None, source: str) -> str:
    if claimed_by and claimed_by in view.names:
        return view.names[claimed_by]
    if source.startswith("report:"):
        doc = view.documents.get(source.split(":", 1)[1])
        if doc and doc.source:
            return f"a report from {doc.source}"
        return f"a report in {language_names([doc.language])}" if doc and doc.language else "one report"
    return source.split(":", 1)[-1]


def english_lede(view: StoryView, story: StoryRecord, lead: Lead) -> dict[str, Any] | None:
    """The opening body sentence of an English report, when it reports the main event (and is not reported halted)."""
    firsts = ledes({d: view.documents[d] for d in story.documents if d in view.documents})
    for r in lead.rows:
        if r.halted:
            continue
        for ev in r.evidence:
            doc = view.documents.get(ev["document"])
            if doc is None or (ev["document"], ev["start"]) not in firsts:
                continue
            seg = next((doc.segments[x.segment] for x in doc.sentences if x.start == ev["start"]), None)
            if seg is not None and seg.kind == "body" and seg.language == "en":
                return ev
    return None


def event_sentences(
    view: StoryView, story: StoryRecord, ranked: list[Lead], line: list[TimelineEntry]
) -> tuple[list[SummarySentence], list[SummarySentence]]:
    """(the main event and whether it was stopped, the next well-supported event)."""
    out: list[SummarySentence] = []
    also: list[SummarySentence] = []
    n = len(story.documents)
    langs = language_names(story.languages)
    if ranked and (well_supported(ranked[0]) or ranked[0].led):
        lead = ranked[0]
        where = view.place(lead.places)
        sources = len(lead.documents)
        if n == 1:
            text = f"One report in {langs} describes"
        elif sources >= n:
            text = f"{'Both reports' if n == 2 else 'All ' + count(n, 'report')}, in {langs}, describe"
        else:
            text = f"{capital(NUMBER_WORDS[sources] if sources < len(NUMBER_WORDS) else str(sources))} of the {count(n, 'report')}, in {langs}, describe{'s' if sources == 1 else ''}"
        text += f" {view.phrase(lead.kind)}" + (f" in {where}" if where else "")
        agents = agent_phrase(view, lead)
        if agents:
            text += f", {agents}"
        if lead.dates:
            text += f", dated {days(lead.dates)}"
        confidence = max(r.confidence for r in lead.rows)
        english = english_lede(view, story, lead) if n == 1 else None
        if english is not None:
            # One English report: its own opening sentence tells the main event best.
            out.append(SummarySentence(" ".join(english["text"].split()), [english], "event", confidence))
        else:
            out.append(SummarySentence(text + ".", lead.evidence[:3], "event", confidence))
        for other in ranked[1:2]:
            if not well_supported(other):
                continue
            where = view.place(other.places)
            text = f"They also report {view.phrase(other.kind)}" + (f" in {where}" if where else "")
            if other.dates:
                text += f" on {days(other.dates)}"
            also.append(SummarySentence(text + ".", other.evidence[:3], "event", max(r.confidence for r in other.rows)))
        # Said of a day's event only (an undated "not near the end of the
        # fighting" is too loose to retell), unless every report is of a stop.
        stopped = [
            r for r in line if r.halted and r.type == lead.kind and confident(r.confidence) and (r.date or lead.halted)
        ]
        if stopped:
            r = stopped[0]
            who = "One report says" if len(r.documents) == 1 else f"{capital(count(len(r.documents), 'report'))} say"
            which = f" of {day(r.date)}" if r.date else ""
            noun = view.noun(r.type)
            was = "were" if noun.endswith("s") and not noun.endswith("ss") else "was"
            out.append(
                SummarySentence(
                    f"{who} that the {noun}{which} {was} halted or did not go ahead.",
                    r.evidence[:3],
                    "event",
                    r.confidence,
                )
            )
    return out, also


def vague_words(f: dict[str, Any]) -> str | None:
    """A vague count in English words ("thousands"), by its range; None when none fits."""
    if not f.get("vague") or f.get("low") is None or f.get("high") is None:
        return None
    words = load("en", "brief").get("vague_counts", {}).get(f"{f['low']:.0f}-{f['high']:.0f}")
    return words.removesuffix(" of") if words else None


def _value(f: dict[str, Any], quals: dict[str, str]) -> str:
    words = vague_words(f)
    if words:  # told as the text tells it, never as a range that looks exact
        return words
    value = f"{f['value']:,.0f}" if f.get("value") is not None else f"{f['low']:,.0f} to {f['high']:,.0f}"
    return f"{quals.get(f['qualifier'], '')}{value}"


def figure_sentences(view: StoryView, rows: list[FigureRow], lead: str | None) -> list[SummarySentence]:
    """The key figures: counted by more documents, about the main event
    ("evacuated" for an evacuation), and saying what happened to whom."""
    quals = view.words.get("qualifiers", {})
    participle = load("en", "events").get("participles", {}).get(lead or "", "")
    usable = [r for r in rows if confident(r.confidence) and all(confident(f.get("confidence")) for f in r.sources)]

    def about_lead(r: FigureRow) -> bool:
        return bool(participle) and (r.predicate == participle or r.what.endswith(" " + participle))

    usable.sort(
        key=lambda r: (
            -len({f["evidence"][0]["document"] for f in r.sources}),
            not about_lead(r),
            r.predicate is None,
            -len(r.sources),
        )
    )
    out = []
    for row in usable[:MAX_FIGURES]:
        parts = []
        # A report that counts exactly is told by its number, not also by its vague word.
        exact = {f["evidence"][0]["document"] for f in row.sources if not f.get("vague")}
        told = [f for f in row.sources if not (f.get("vague") and f["evidence"][0]["document"] in exact)]
        for f in told[:3]:
            who = view.names.get(f.get("claimed_by") or "")
            parts.append(_value(f, quals) + (f" according to {who}" if who else ""))
        values = list(dict.fromkeys(parts))
        if len(values) == 1:
            text = f"The number of {row.what} is given as {values[0]}"
            reports = len({f["evidence"][0]["document"] for f in told})
            text += f" by {count(reports, 'report')}" if reports > 1 else ""
        else:
            documents = len({f["evidence"][0]["document"] for f in row.sources})
            text = (
                f"{'One report gives' if documents == 1 else 'Reports give'} the number of {row.what} as {join(values)}"
            )
            text += ", figures that do not agree" if row.disagree else ""
        out.append(SummarySentence(text + ".", row.evidence()[:3], "figure", row.confidence))
    return out


def conflict_sentences(view: StoryView, conflicts: list[Conflict]) -> list[SummarySentence]:
    for c in sorted((c for c in conflicts if c.confidence >= CONFIDENT), key=lambda c: -c.confidence):
        # A source on both sides (one report telling both) is no disagreement of its own.
        no_sources = {x.source for x in c.against}
        against = join([_who(view, x.claimed_by, x.source) for x in c.against])
        supporting = join([_who(view, x.claimed_by, x.source) for x in c.supporting if x.source not in no_sources])
        if not against or not supporting:
            continue
        halted = any(x.polarity.get(c.type) == "halted" for x in c.against)
        one_no = len({x.source for x in c.against}) == 1
        one_yes = len({x.source for x in c.supporting if x.source not in no_sources}) == 1
        no = (
            ("reports" if one_no else "report") + " it interrupted"
            if halted
            else ("denies" if one_no else "deny") + " it"
        )
        yes = (
            ("reports" if one_yes else "report") + " it completed"
            if halted
            else ("affirms" if one_yes else "affirm") + " it"
        )
        text = f"Sources disagree {c.about}: {against} {no}, while {supporting} {yes}."
        return [
            SummarySentence(capital(text), [evidence_json(ev) for ev in c.evidence()][:4], "conflict", c.confidence)
        ]
    return []


def statement_sentences(view: StoryView, quotes: list[dict[str, Any]]) -> list[SummarySentence]:
    said: dict[str, list[dict[str, Any]]] = {}
    for q in quotes:
        if q.get("speaker") in view.names and confident(q.get("confidence")):
            said.setdefault(view.names[q["speaker"]], []).append(q["evidence"][0])
    if not said:
        return []
    top = sorted(said, key=lambda w: -len(said[w]))[:MAX_SPEAKERS]
    text = (
        f"Statements quoted come from {join(top)}"
        + (f", among {count(len(said), 'speaker')}" if len(said) > len(top) else "")
        + "."
    )
    return [SummarySentence(text, [said[w][0] for w in top], "statement", CONFIDENT)]


# English opening sentences quoted when no event can be told, at most.
MAX_LEADS = 2


def background(view: StoryView, story: StoryRecord) -> list[SummarySentence]:
    """With no event to tell: the English reports' opening sentences, quoted
    as they stand; else a plain sentence saying what the reports are, with
    each report's opening sentence as its evidence."""
    docs = {d: view.documents[d] for d in story.documents if d in view.documents}
    openings: dict[str, Evidence] = {}
    english: list[Evidence] = []
    for d, start in sorted(ledes(docs)):
        doc = docs[d]
        seg = next(doc.segments[x.segment] for x in doc.sentences if x.start == start)
        if seg.kind == "body" and d not in openings:
            openings[d] = _sentence_at(doc, start)
            if seg.language == "en":
                english.append(openings[d])
    if english:
        return [
            SummarySentence(" ".join(ev.text.split()), [evidence_json(ev)], "background", CONFIDENT)
            for ev in english[:MAX_LEADS]
        ]
    n = len(story.documents)
    text = f"{capital(count(n, 'report'))} in {language_names(story.languages)}; no event in {'it' if n == 1 else 'them'} is reported clearly enough to summarise."
    return [SummarySentence(text, [evidence_json(ev) for ev in openings.values()], "background", CONFIDENT)]


def summarise(
    story: StoryRecord,
    view: StoryView,
    line: list[TimelineEntry],
    undated: list[TimelineEntry],
    rows: list[FigureRow],
    conflicts: list[Conflict],
    quotes: list[dict[str, Any]],
) -> list[SummarySentence]:
    """Up to :data:`MAX_SENTENCES` English sentences, most important first:
    the main event, the key figures, the main disagreement, who is quoted."""
    ranked = leads(line, undated, ledes(view.documents), headlines(view.documents))
    out, also = event_sentences(view, story, ranked, line + undated)
    figures = figure_sentences(view, rows, ranked[0].kind if ranked else None)
    disagreement = conflict_sentences(view, conflicts)
    statements = statement_sentences(view, quotes)
    # By importance: the main event (and whether it was stopped), its key
    # figure, the main disagreement, the next event, who spoke, a second figure.
    out = out + figures[:1] + disagreement + also + statements + figures[1:]
    if not any(x.kind == "event" for x in out):
        out[:0] = background(view, story)
    return out[:MAX_SENTENCES]
