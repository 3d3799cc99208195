"""Train the Croatian/Serbian/Bosnian entity model (backend ``entities.hbs.v1``).

Reads Universal NER from ``../shared/datasets/uner/`` (or $STORYLINE_DATASETS),
trains a CRF (python-crfsuite) on the training splits and prints exact
span+type F1 on the dev splits, micro over PER/ORG/LOC and per type.
Sentences are re-tokenised with the project's tokenizer, the tokens the
backend sees at run time; gold tags are carried over by character offsets.

    python scripts/train_ner.py                # train hr+sr, write the package model
    python scripts/train_ner.py --compare      # the candidates of docs/decisions.md; writes nothing
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

from storyline.backends.hbs_crf import MODEL_FILE, features
from storyline.evaluate.datasets import TaggedSentence, bio_spans, read_iob2, uner_path
from storyline.extract.tokens import tokenize

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "src" / "storyline" / "models" / MODEL_FILE
SCORED = ("PER", "ORG", "LOC")
# Chosen on dev (docs/decisions.md): L1 prunes features (a smaller model),
# L2 smooths; more iterations did not help.
PARAMS = {"c1": 0.05, "c2": 0.02, "max_iterations": 150, "feature.possible_transitions": True}


def retokenise(s: TaggedSentence, keep_oth: bool) -> tuple[list[str], list[str]]:
    """The sentence in our tokens, with BIO tags carried over by offsets."""
    offsets, at = [], 0
    for w in s.words:
        i = s.text.find(w, at)
        if i < 0:
            raise ValueError(f"{s.id}: token {w!r} not in the sentence text")
        offsets.append((i, i + len(w)))
        at = i + len(w)
    toks = tokenize(s.text)
    tags = ["O"] * len(toks)
    for a, b, label in bio_spans(s.tags):
        if label == "OTH" and not keep_oth:
            continue
        start, end = offsets[a][0], offsets[b - 1][1]
        inside = [k for k, t in enumerate(toks) if start <= t.start and t.end <= end]
        for n, k in enumerate(inside):
            tags[k] = ("B-" if n == 0 else "I-") + label
    return [t.text for t in toks], tags


def load(language: str, split: str, keep_oth: bool) -> list[tuple[list[str], list[str]]]:
    path = uner_path(language, split)
    if path is None:
        sys.exit(f"error: UNER {language} {split} not found under ../shared/datasets/uner/")
    return [retokenise(s, keep_oth) for s in read_iob2(path)]


def train(data: list[tuple[list[str], list[str]]], out: Path, params: dict) -> float:
    import pycrfsuite

    t0 = time.perf_counter()
    trainer = pycrfsuite.Trainer(verbose=False)
    for words, tags in data:
        trainer.append(features(words), tags)
    trainer.set_params(params)
    trainer.train(str(out))
    return time.perf_counter() - t0


def score(model: Path, data: list[tuple[list[str], list[str]]]) -> tuple[dict[str, float], float]:
    """Exact span+type F1: micro over PER/ORG/LOC and per type; and sentences/s."""
    import pycrfsuite

    tagger = pycrfsuite.Tagger()
    tagger.open(str(model))
    counts = {t: [0, 0, 0] for t in SCORED}  # tp, fp, fn
    t0 = time.perf_counter()
    for words, tags in data:
        gold = {x for x in bio_spans(tags) if x[2] in SCORED}
        pred = {x for x in bio_spans(tagger.tag(features(words))) if x[2] in SCORED}
        for t in SCORED:
            g, p = {x for x in gold if x[2] == t}, {x for x in pred if x[2] == t}
            counts[t][0] += len(g & p)
            counts[t][1] += len(p - g)
            counts[t][2] += len(g - p)
    speed = len(data) / (time.perf_counter() - t0)
    f1 = lambda tp, fp, fn: 2 * tp / (2 * tp + fp + fn) if tp else 0.0
    out = {t: f1(*c) for t, c in counts.items()}
    out["micro"] = f1(*(sum(c[i] for c in counts.values()) for i in range(3)))
    return out, speed


def line(name: str, lang: str, r: dict[str, float]) -> str:
    return f"| {name} | {lang} | {r['micro']:.3f} | {r['PER']:.3f} | {r['ORG']:.3f} | {r['LOC']:.3f} |"


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--compare", action="store_true", help="train the candidate set-ups and print a table; write nothing")
    ap.add_argument("--keep-oth", action="store_true", help="keep OTH as a label (default: OTH is O)")
    ap.add_argument("--out", type=Path, default=OUT)
    ap.add_argument("--c1", type=float, default=PARAMS["c1"])
    ap.add_argument("--c2", type=float, default=PARAMS["c2"])
    ap.add_argument("--iterations", type=int, default=PARAMS["max_iterations"])
    args = ap.parse_args()
    params = {**PARAMS, "c1": args.c1, "c2": args.c2, "max_iterations": args.iterations}

    dev = {lang: load(lang, "dev", False) for lang in ("hr", "sr")}
    print("| set-up | dev | micro F1 | PER | ORG | LOC |")
    print("|---|---|---|---|---|---|")
    if args.compare:
        with tempfile.TemporaryDirectory() as tmp:
            runs = [("hr+sr, OTH as O", ("hr", "sr"), False), ("hr+sr, OTH kept", ("hr", "sr"), True),
                    ("hr only", ("hr",), False), ("sr only", ("sr",), False)]
            for name, langs, keep in runs:
                data = [x for lang in langs for x in load(lang, "train", keep)]
                model = Path(tmp) / "m.crfsuite"
                secs = train(data, model, params)
                for lang in langs:
                    r, speed = score(model, dev[lang])
                    print(line(f"{name} ({secs:.0f} s to train, {speed:.0f} sentences/s)", lang, r), flush=True)
        return
    data = [x for lang in ("hr", "sr") for x in load(lang, "train", args.keep_oth)]
    args.out.parent.mkdir(parents=True, exist_ok=True)
    secs = train(data, args.out, params)
    for lang in ("hr", "sr"):
        r, speed = score(args.out, dev[lang])
        print(line("hr+sr", lang, r))
    print(f"trained in {secs:.0f} s on {len(data)} sentences; wrote {args.out} ({args.out.stat().st_size / 1e6:.1f} MB)")


if __name__ == "__main__":
    main()
