"""Does a decoder that scores part changes inside a sentence apart from those across one read answers better? (measuring only)

A careful reader treats a sentence as one step of the story: a written answer changes part inside a sentence only
in a few ways ("I was asked to fix it, so I rewrote it"; "I added caching, which cut latency by 40%"), and seldom
goes back from a Result to an Action there. The shipped decoder counts one transition matrix over every pair of
neighbouring units. This keeps the shipped labeller and presence model as they are and only decodes with two
matrices, counted (add-one) over the corpus's written answers: between two units of one sentence and across a
sentence boundary (:meth:`star_nlp.segmenter.UnitSequenceModel.breaks`; a transcript-like text keeps the one
chain). It prints both matrices and, for each file given (``published_eval.py``'s format) and, with
``--withheld``, for our withheld groups (``models/corpus/withheld``, never trained on), each with its transcript
copies (lower case, no punctuation, as training makes them): the macro-F1 over words of the four STAR parts, the
complete answers kept whole, and the complete answers with their Result removed that are reported missing it, for
the shipped decoder and the sentence chain.

Usage:
    python benchmarks/sentence_chain_screen.py [--file FILE ...] [--withheld]
"""

from __future__ import annotations

import argparse
import copy
import json
import re
import sys
from pathlib import Path
from typing import Any

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent))

from published_eval import macro_f1, without_result, word_labels  # noqa: E402

from star_nlp.artifacts import load_artifact  # noqa: E402
from star_nlp.corpus import default_corpus_dir, load_corpus  # noqa: E402
from star_nlp.features import unit_features  # noqa: E402
from star_nlp.pipeline import load_pipeline  # noqa: E402
from star_nlp.results import STAR_LABELS  # noqa: E402
from star_nlp.segmenter import UnitSequenceModel  # noqa: E402
from star_nlp.train import _char_labels, augment, unit_gold_label  # noqa: E402
from star_nlp.units import split_units  # noqa: E402


def sentence_chains(rows: list[dict[str, Any]], nlp: Any, labels: list[str]) -> UnitSequenceModel:
    """A chain counted over ``rows`` (written answers) with their sentence breaks."""
    seqs, breaks = [], []
    counter = UnitSequenceModel(sentence_chain=True)
    for row, doc in zip(rows, nlp.pipe([str(r["text"]) for r in rows], batch_size=64)):
        units = split_units(doc)
        chars = _char_labels(doc.text, row["spans"])
        seqs.append([unit_gold_label(u.start_char, u.end_char, chars, doc.text) for u in units])
        breaks.append(counter.breaks(unit_features(doc, units)))
    counter.labels_ = list(labels)
    return counter.fit_chain(seqs, breaks=breaks)


def read(model: UnitSequenceModel, nlp: Any, text: str) -> tuple[list[Any], list[str]]:
    doc = nlp(text)
    units = split_units(doc)
    labels, _, _ = model.predict_withdrawn(unit_features(doc, units))
    return units, labels


def figures(model: UnitSequenceModel, nlp: Any, rows: list[dict[str, Any]]) -> str:
    gold, pred = [], []
    whole = named = complete = 0
    for r in rows:
        units, labels = read(model, nlp, r["text"])
        chars = ["other"] * len(r["text"])
        for u, lab in zip(units, labels):
            chars[u.start_char : u.end_char] = [lab] * (u.end_char - u.start_char)
        gold += word_labels(r["text"], r["spans"])
        pred += [chars[m.start()] for m in re.finditer(r"\S+", r["text"])]
        if set(STAR_LABELS) <= {s["label"] for s in r["spans"]}:
            complete += 1
            whole += set(STAR_LABELS) <= set(labels)
            named += "result" not in read(model, nlp, without_result(r))[1]
    return f"words macro-F1 {macro_f1(gold, pred):.4f}  complete kept whole {whole}/{complete}  removed Result named {named}/{complete}"


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--file", nargs="*", default=[], help="files of labelled answers in the development set's format")
    ap.add_argument("--withheld", action="store_true", help="also our withheld groups (models/corpus/withheld)")
    a = ap.parse_args()
    nlp = load_pipeline()
    shipped = load_artifact("segmenter.joblib")["model"]
    counted = sentence_chains([r for r in load_corpus() if r.get("style") != "transcript"], nlp, shipped.labels_)
    chained = copy.copy(shipped)
    chained.sentence_chain = True
    chained.log_trans_within_, chained.log_trans_across_ = counted.log_trans_within_, counted.log_trans_across_
    with np.printoptions(precision=3, suppress=True):
        print(f"labels {shipped.labels_}")
        for name, m in (("shipped (every neighbour)", shipped.log_trans_), ("inside a sentence", chained.log_trans_within_), ("across a sentence boundary", chained.log_trans_across_)):
            print(f"  {name}: transition probabilities (rows from, columns to)\n{np.exp(m)}")
    sets: dict[str, list[dict[str, Any]]] = {}
    for f in a.file:
        sets[Path(f).name] = [json.loads(line) for line in Path(f).read_text(encoding="utf-8").splitlines() if line.strip()]
    if a.withheld:
        sets["withheld groups"] = load_corpus(default_corpus_dir() / "withheld")
    for name, rows in list(sets.items()):
        sets[f"{name}, transcript copies"] = [r for r in augment(rows, ("transcript",)) if str(r["id"]).endswith("#stt")]
    for name, rows in sets.items():
        print(f"{name}: {len(rows)} answers")
        print(f"  shipped decoder  {figures(shipped, nlp, rows)}", flush=True)
        print(f"  sentence chain   {figures(chained, nlp, rows)}", flush=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
