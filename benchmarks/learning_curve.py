"""Learning curve: does more of the corpus we write move the figures on answers unlike it? (measuring only)

Fits the shipped segmenter's recipe (the labeller's settings as shipped: logistic C=0.3, decoder
weights 0.5/0.5; the tree presence model trained on the subset's own out-of-fold output, as the
training command trains it) on a share of the corpus answers (each with its training copies),
for several shares and answer samples, and scores every model on answers none of them saw:

- the development set (``../shared/eval/star_dev.jsonl``), with the shared scorer's own ``score()``
  run in this process on the three variants, and how many complete answers are reported missing
  nothing (``bench_dev.py``'s count);
- the withheld corpus batches (``benchmarks/withheld_eval.py``'s figures);
- the probe files (``benchmarks/data/ability_outcomes.jsonl``, ``plain_outcomes.jsonl``): complete
  answers keeping their Result, and the same answers without it told so.

Nothing is chosen from it: it tells whether more answers of the kind we write are a lead for the
figures that published answers miss. The full share refits the shipped recipe on the whole corpus.

Usage:
    python benchmarks/learning_curve.py --cache FILE [--shares 0.25 0.5 0.75 1.0] [--samples 2]
        [--first-sample K] [--eval-dir ../shared/eval]
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import joblib
import numpy as np

import star_nlp.train as train
from presence_screen import LABELLER  # benchmarks/ is the script's folder
from star_nlp import Analyzer
from star_nlp.segmenter import PresenceModel, UnitSequenceModel
from withheld_eval import batch_figures, withheld_batches

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
PROBES = (HERE / "data" / "ability_outcomes.jsonl", HERE / "data" / "plain_outcomes.jsonl")


def _scorer(eval_dir: Path) -> Any:
    spec = importlib.util.spec_from_file_location("score_star", eval_dir / "score_star.py")
    if spec is None or spec.loader is None:
        raise SystemExit(f"no score_star.py in {eval_dir}")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def fit_model(data: Sequence[dict[str, Any]], oof: dict[str, Any] | None) -> Any:
    """The shipped recipe on ``data``: the labeller on its answers and transcript copies, the tree
    presence model on its out-of-fold output (computed here when ``oof`` is None)."""
    if oof is None:
        oof = train._oof_probas(data, LABELLER, 5)
    labeller = [d for d in data if not train._presence_only(d)]
    model = UnitSequenceModel(seed=train.SEED, **LABELLER).fit([d["features"] for d in labeller], [d["labels"] for d in labeller])
    model.presence_ = PresenceModel(family="trees", seed=train.SEED).fit(
        [oof[d["id"]][:3] for d in data],
        np.array([train._presence_targets(d) for d in data]),
        np.array([train._presence_judged(d) for d in data]),
    )
    return model


def figures(analyzer: Any, scorer: Any, dev_rows: list[dict[str, Any]]) -> dict[str, Any]:
    """The model in ``analyzer.segmenter`` on the dev set, the withheld batches and the probes."""
    def system(text: str) -> tuple[list[tuple[str, int, int]], set[str]]:
        fb = analyzer.analyze(text)
        return [(s.label, s.start, s.end) for s in fb.segments], set(fb.missing)

    out: dict[str, Any] = {}
    for variant in ("clean", "transcript", "no_result"):
        res = scorer.score(dev_rows, system, variant)
        out[f"dev {variant}"] = res["macro_f1"] if variant != "no_result" else "{}/{}".format(*res["missing_result_flagged"])
    complete = [r for r in dev_rows if {"situation", "task", "action", "result"} <= {s["label"] for s in r["spans"]}]
    nothing = sum(not analyzer.analyze(r["text"]).missing for r in complete)
    out["dev complete nothing missing"] = f"{nothing}/{len(complete)}"
    for batch, rows in withheld_batches().items():
        fb = analyzer.analyze_many([str(r["text"]) for r in rows])
        fig = batch_figures(rows, [([(s.label, s.start, s.end) for s in f.segments], f.missing) for f in fb])
        out[f"{batch} keep/named"] = f"{fig['kept']}/{fig['complete']} {fig['named']}/{fig['no_result']}"
    for probe in PROBES:
        rows = [json.loads(line) for line in probe.read_text(encoding="utf-8").splitlines() if line.strip()]
        kept = sum("result" not in analyzer.analyze(f"{r['answer']} {r['result']}").missing for r in rows)
        named = sum("result" in analyzer.analyze(r["answer"]).missing for r in rows)
        out[f"{probe.stem} keep/named"] = f"{kept}/{len(rows)} {named}/{len(rows)}"
    return out


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--cache", type=Path, required=True, help="presence_screen's cache (parsed corpus and out-of-fold output)")
    ap.add_argument("--shares", nargs="*", type=float, default=[0.25, 0.5, 0.75, 1.0])
    ap.add_argument("--samples", type=int, default=2, help="answer samples per share below 1")
    ap.add_argument("--first-sample", type=int, default=0, help="number of the first sample (samples differ by their seed, 100 + number)")
    ap.add_argument("--eval-dir", type=Path, default=ROOT.parent / "shared" / "eval")
    a = ap.parse_args()
    scorer = _scorer(a.eval_dir)
    dev_rows = scorer.load([str(a.eval_dir / "star_dev.jsonl")])
    data, oof = joblib.load(a.cache)
    groups = sorted({d["group"] for d in data})
    analyzer = Analyzer()
    for share in a.shares:
        for sample in range(a.first_sample, a.first_sample + (1 if share >= 1 else a.samples)):
            rng = np.random.default_rng(100 + sample)
            kept = set(groups) if share >= 1 else set(rng.choice(groups, size=round(share * len(groups)), replace=False).tolist())
            subset = [d for d in data if d["group"] in kept]
            print(f"share {share} sample {sample}: fitting on {len(kept)} answers", file=sys.stderr, flush=True)
            analyzer.segmenter = fit_model(subset, oof if share >= 1 else None)
            fig = figures(analyzer, scorer, dev_rows)
            print(json.dumps({"share": share, "sample": sample, "answers": len(kept), **fig}), flush=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
