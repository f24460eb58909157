"""The shipped segmenter with and without its presence model, on the development set.

Scores ../shared/eval/star_dev.jsonl with the shared scorer's own functions in one process: clean
and transcript macro-F1, how many complete answers keep a Result (clean, transcript), and how many
Result-removed answers are reported missing it. Measuring only.

Usage: python benchmarks/presence_ablation.py [--eval-dir ../shared/eval]
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--eval-dir", default=str(ROOT.parent / "shared" / "eval"))
    a = ap.parse_args()
    sys.path.insert(0, a.eval_dir)
    import score_star  # type: ignore[import-not-found]

    from star_nlp import Analyzer

    analyzer = Analyzer()
    rows = score_star.load([str(Path(a.eval_dir) / "star_dev.jsonl")])

    def run(text: str) -> tuple[list[tuple[str, int, int]], set[str]]:
        fb = analyzer.analyze(text)
        return [(s.label, s.start, s.end) for s in fb.segments], set(fb.missing)

    shipped = analyzer.segmenter.presence_
    print("presence model  clean  Result kept  transcript  Result kept  removed Result named")
    for name, presence in (("with (shipped)", shipped), ("without", None)):
        analyzer.segmenter.presence_ = presence
        r = {v: score_star.score(rows, run, v) for v in ("clean", "transcript", "no_result")}
        kept_c, kept_t = r["clean"]["presence"]["result"], r["transcript"]["presence"]["result"]
        flagged = r["no_result"]["missing_result_flagged"]
        print(f"{name:15s} {r['clean']['macro_f1']:.4f}  {kept_c[0]}/{sum(kept_c)}        {r['transcript']['macro_f1']:.4f}      "
              f"{kept_t[0]}/{sum(kept_t)}        {flagged[0]}/{flagged[1]}", flush=True)
    analyzer.segmenter.presence_ = shipped
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
