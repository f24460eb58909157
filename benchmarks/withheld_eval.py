"""The shipped segmenter on the withheld corpus batches (measuring only).

The batches in ``models/corpus/withheld/`` were written and second-read like the rest of the
corpus but never trained on (their pre-registered rules failed; ``benchmarks/RESULTS.md``,
section 1). For the shipped model they are held-out answers of our own in the registers they were
written for: the notes register (batch 21, ``nf``) and answers that go on after the Result
(batch 22, ``fu``). Per batch this prints the token-level macro-F1 (the shared scorer's measure,
:func:`star_nlp.train.token_macro_f1`), how often a complete answer is reported missing nothing and
keeps its Result, and how often an answer labelled with no Result is reported missing it.

An ``--model-dir`` (a folder of artifacts from ``python -m star_nlp.train --out DIR``) scores
another model on the same answers; a model trained with a batch has seen it, so its figures on that
batch are not held-out.

Usage:
    python benchmarks/withheld_eval.py [--model-dir DIR]
"""

from __future__ import annotations

import argparse
from collections import defaultdict
from collections.abc import Sequence
from typing import Any

from star_nlp import Analyzer
from star_nlp.corpus import default_corpus_dir, load_corpus
from star_nlp.train import token_macro_f1


def withheld_batches() -> dict[str, list[dict[str, Any]]]:
    """The withheld answers, by batch prefix (``nf``, ``fu``, ...)."""
    by_batch: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for row in load_corpus(default_corpus_dir() / "withheld"):
        by_batch[str(row["id"]).split("-")[0]].append(row)
    return dict(sorted(by_batch.items()))


def batch_figures(rows: Sequence[dict[str, Any]], predicted: Sequence[tuple[Sequence[tuple[str, int, int]], Sequence[str]]]) -> dict[str, Any]:
    """Token scores and presence counts of one batch, from each answer's predicted
    ``(segments as (label, start, end), missing parts)``."""
    items, whole, kept, complete, named, no_result = [], 0, 0, 0, 0, 0
    for row, (segments, missing) in zip(rows, predicted):
        items.append((str(row["text"]), row["spans"], list(segments)))
        gold = {sp["label"] for sp in row["spans"]}
        if {"situation", "task", "action", "result"} <= gold:
            complete += 1
            whole += not missing
            kept += "result" not in missing
        if "result" not in gold:
            no_result += 1
            named += "result" in missing
    return {"score": token_macro_f1(items), "whole": whole, "kept": kept, "complete": complete, "named": named, "no_result": no_result}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--model-dir", default=None, help="a trusted folder of trained artifacts (default: the shipped model)")
    args = ap.parse_args()
    analyzer = Analyzer(model_dir=args.model_dir, trust_model_dir=args.model_dir is not None)
    print(f"{'batch':6s} {'answers':>7s} {'macro_f1':>8s} {'situation':>9s} {'task':>6s} {'action':>6s} {'result':>6s}  complete: nothing missing / keep Result   no Result: named")
    for batch, batch_rows in withheld_batches().items():
        feedback = analyzer.analyze_many([str(r["text"]) for r in batch_rows])
        fig = batch_figures(batch_rows, [([(s.label, s.start, s.end) for s in fb.segments], fb.missing) for fb in feedback])
        whole, kept, complete, named, no_result = (fig[k] for k in ("whole", "kept", "complete", "named", "no_result"))
        f1 = fig["score"]["f1"]
        print(
            f"{batch:6s} {len(batch_rows):7d} {fig['score']['macro_f1']:8.4f} {f1['situation']:9.3f} {f1['task']:6.3f} {f1['action']:6.3f} {f1['result']:6.3f}"
            f"  {whole}/{complete} = {whole / max(complete, 1):.3f} / {kept}/{complete} = {kept / max(complete, 1):.3f}"
            f"   {named}/{no_result} = {named / max(no_result, 1):.3f}"
        )


if __name__ == "__main__":
    main()
