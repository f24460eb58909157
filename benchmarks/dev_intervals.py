"""How far the development-set figures could move by the luck of which answers were published.

Runs the shipped analyzer once on each of the 67 development answers in each variant (clean,
transcript, Result removed), then resamples the answers with replacement (a fixed seed) and scores
each resample with the shared scorer (``../shared/eval/score_star.py``), printing the figure on all
answers and a 95% percentile interval for: clean and transcript token macro-F1, removed Results
reported missing, and complete answers reported missing nothing. Measuring only: nothing here
feeds training or any rule.

Usage:
    python benchmarks/dev_intervals.py [--eval-dir ../shared/eval] [--resamples 1000] [--seed 7]
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
STAR_LABELS = ("situation", "task", "action", "result")


def _interval(values: list[float]) -> tuple[float, float]:
    lo, hi = np.percentile(values, [2.5, 97.5])
    return float(lo), float(hi)


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--eval-dir", default=str(ROOT.parent / "shared" / "eval"))
    ap.add_argument("--resamples", type=int, default=1000)
    ap.add_argument("--seed", type=int, default=7)
    a = ap.parse_args()
    sys.path.insert(0, a.eval_dir)
    import score_star  # the shared scorer: the same figures as bench_dev.py

    import star_nlp

    rows = score_star.load([str(Path(a.eval_dir) / "star_dev.jsonl")])
    analyzer = star_nlp.Analyzer()
    cache: dict[str, tuple[list[tuple[str, int, int]], set[str]]] = {}

    def system(text: str) -> tuple[list[tuple[str, int, int]], set[str]]:
        if text not in cache:
            fb = analyzer.analyze(text)
            cache[text] = ([(s.label, s.start, s.end) for s in fb.segments], set(fb.missing))
        return cache[text]

    def figures(sample: list[dict[str, Any]]) -> dict[str, float]:
        clean = score_star.score(sample, system, "clean")
        spoken = score_star.score(sample, system, "transcript")
        removed = score_star.score(sample, system, "no_result")["missing_result_flagged"]
        complete = [r for r in sample if set(STAR_LABELS) <= {s["label"] for s in r["spans"]}]
        whole = sum(not system(r["text"])[1] for r in complete) / max(1, len(complete))
        return {"clean macro-F1": clean["macro_f1"], "transcript macro-F1": spoken["macro_f1"],
                "removed Result named": removed[0] / max(1, removed[1]), "complete answers missing nothing": whole}

    full = figures(rows)
    rng = np.random.default_rng(a.seed)
    draws: dict[str, list[float]] = {k: [] for k in full}
    for _ in range(a.resamples):
        sample = [rows[i] for i in rng.integers(0, len(rows), len(rows))]
        for k, v in figures(sample).items():
            draws[k].append(v)
    print(f"{len(rows)} answers, {a.resamples} resamples of the answers (seed {a.seed})")
    out = {}
    for k, v in full.items():
        lo, hi = _interval(draws[k])
        out[k] = {"all": round(v, 4), "low": round(lo, 4), "high": round(hi, 4)}
        print(f"  {k:34s} {v:.4f}   95% interval {lo:.4f} - {hi:.4f}")
    print(json.dumps(out))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
