"""Whether the segment confidences mean on published answers what they mean on ours (measuring only).

For every unit of the 67 development answers (clean and transcript variants, as the shared scorer
builds them), compares the confidence the shipped segmenter gives its label with whether that label
matches the unit's gold label (the majority label of its characters, from the shared scorer's
labels; units with no labelled character are skipped). Prints the expected calibration error over
10 equal-width bins (the training command's cross-validated measure, stored in the artifact, except
that a confidence of exactly 1.0 counts in the top bin here) and a reliability table.

Usage:
    python benchmarks/dev_calibration.py [--eval-dir ../shared/eval]
"""

from __future__ import annotations

import argparse
import json
import sys
from collections import Counter
from pathlib import Path

import numpy as np

from star_nlp import Analyzer
from star_nlp.artifacts import load_artifact
from star_nlp.segmenter import segment_doc

ROOT = Path(__file__).resolve().parents[1]


def reliability(conf: np.ndarray, correct: np.ndarray, bins: int = 10) -> tuple[float, list[tuple[str, int, float, float]]]:
    """Expected calibration error and, per non-empty bin, (range, units, mean confidence, accuracy)."""
    edges = np.linspace(0, 1, bins + 1)
    idx = np.clip(np.digitize(conf, edges[1:-1]), 0, bins - 1)
    ece, rows = 0.0, []
    for b in range(bins):
        m = idx == b
        if m.any():
            ece += m.mean() * abs(conf[m].mean() - correct[m].mean())
            rows.append((f"{edges[b]:.1f}-{edges[b + 1]:.1f}", int(m.sum()), float(conf[m].mean()), float(correct[m].mean())))
    return float(ece), rows


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--eval-dir", default=str(ROOT.parent / "shared" / "eval"))
    a = ap.parse_args()
    sys.path.insert(0, a.eval_dir)
    import score_star

    rows = score_star.load([str(Path(a.eval_dir) / "star_dev.jsonl")])
    analyzer = Analyzer()
    print(f"cross-validated ECE on our corpus (artifact): {load_artifact('segmenter.joblib')['meta']['cv']['ece']}")
    out = {}
    for variant in ("clean", "transcript"):
        conf, correct = [], []
        for row in rows:
            text, lab = row["text"], score_star.char_labels(row["text"], row["spans"])
            if variant == "transcript":
                text, lab = score_star.transcript(text, lab)
            lu = segment_doc(analyzer.nlp(text), analyzer.segmenter)
            for unit, label, c in zip(lu.units, lu.labels, lu.confidences):
                gold = Counter(lab[i] for i in range(unit.start_char, unit.end_char) if lab[i] and not text[i].isspace())
                if gold:
                    conf.append(c)
                    correct.append(label == gold.most_common(1)[0][0])
        ece, table = reliability(np.array(conf), np.array(correct, dtype=float))
        acc = float(np.mean(correct))
        print(f"{variant}: {len(conf)} units, accuracy {acc:.3f}, mean confidence {np.mean(conf):.3f}, ECE {ece:.3f}")
        for rng, n, mc, ac in table:
            print(f"    confidence {rng}  units {n:4d}  mean confidence {mc:.3f}  accuracy {ac:.3f}")
        out[variant] = {"units": len(conf), "accuracy": round(acc, 4), "mean_confidence": round(float(np.mean(conf)), 4), "ece": round(ece, 4)}
    print(json.dumps(out))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
