"""List the dev-set answers the segmenter gets most wrong, with gold and predicted part sequences.

Usage: python benchmarks/error_analysis.py [--variant clean|transcript] [--worst 8]
Measures only: the development set is never used to train or to write rules.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--eval-dir", default=str(ROOT.parent / "shared" / "eval"))
    ap.add_argument("--variant", choices=["clean", "transcript"], default="clean")
    ap.add_argument("--worst", type=int, default=8)
    a = ap.parse_args()
    sys.path.insert(0, a.eval_dir)
    import score_star  # the shared scorer's own helpers, so the figures match it

    import star_nlp

    rows = score_star.load([str(Path(a.eval_dir) / "star_dev.jsonl")])
    report = []
    for row in rows:
        text, lab = row["text"], score_star.char_labels(row["text"], row["spans"])
        if a.variant == "transcript":
            text, lab = score_star.transcript(text, lab)
        fb = star_nlp.analyze(text)
        pred = ["other"] * len(text)
        for s in fb.segments:
            for i in range(s.start, s.end):
                pred[i] = s.label
        toks = [(lab[m.start()], pred[m.start()]) for m in re.finditer(r"\S+", text) if lab[m.start()] in score_star.LABELS]
        acc = sum(g == p for g, p in toks) / max(1, len(toks))

        def seq(labels: list) -> str:
            out: list[str] = []
            for x in labels:
                if x and (not out or out[-1] != x[0].upper()):
                    out.append(x[0].upper())
            return "".join(out)

        report.append((acc, row["id"], len(toks), seq([g for g, _ in toks]), seq([p for _, p in toks]), fb.missing))
    report.sort()
    print(f"variant={a.variant}: the {a.worst} answers with the lowest token accuracy")
    for acc, rid, n, gold, pred, missing in report[: a.worst]:
        print(f"  {rid}: accuracy {acc:.2f} over {n} tokens; gold parts {gold}, predicted {pred}, missing {list(missing)}")
    print(json.dumps({"mean_answer_accuracy": round(sum(r[0] for r in report) / len(report), 4)}))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
