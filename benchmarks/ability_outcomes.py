"""Results told as a new ability ("Customers could track their orders online"): kept or judged absent (measuring only).

``benchmarks/data/ability_outcomes.jsonl`` holds 16 short answers of our own, never trained on: the
Situation, Task and Action, and a Result told as what someone could now do. The first four are the
probes that showed the weakness in session 15; the other twelve were written afterwards, before
they were measured. Our corpus has "could" in 421 Action units and 23 Result units, so the
position-free classifier reads "X could do Y" as a step, and the presence model, which leans on
that reading of the ending, can then judge the Result absent.

For each answer this prints whether the complete answer keeps its Result, the presence model's
probability that a Result is there, the position-free classifier's Result and Action probabilities
for the last unit, and whether the same answer with the Result left out is told it is missing.

``--data`` reads another probe file of the same shape (``id``, ``answer``, ``result``), such as
``benchmarks/data/plain_outcomes.jsonl``: Results told plainly about someone else.

Usage:
    python benchmarks/ability_outcomes.py [--model-dir DIR] [--data FILE]
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path

from star_nlp import Analyzer
from star_nlp.features import unit_features
from star_nlp.segmenter import STAR_LABELS
from star_nlp.units import split_units

DATA = Path(__file__).resolve().parent / "data" / "ability_outcomes.jsonl"


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--model-dir", default=None, help="a trusted folder of trained artifacts (default: the shipped model)")
    ap.add_argument("--data", type=Path, default=DATA, help=f"a probe file of the same shape (default: {DATA.name})")
    a = ap.parse_args()
    analyzer = Analyzer(model_dir=a.model_dir, trust_model_dir=a.model_dir is not None)
    model = analyzer.segmenter
    result, action = model.labels_.index("result"), model.labels_.index("action")
    rows = [json.loads(line) for line in a.data.read_text(encoding="utf-8").splitlines() if line.strip()]
    kept = named = 0
    print(f"{'id':6s} {'kept':>4s} {'P(result)':>9s} {'ending R':>8s} {'ending A':>8s} {'cut named':>9s}  Result")
    for row in rows:
        complete = f"{row['answer']} {row['result']}"
        doc = analyzer.nlp(complete)
        features = unit_features(doc, split_units(doc))
        proba = model.predict_proba(features)
        content = model.predict_content_proba(features)
        p_present = model.presence_.predict_proba(proba, model.decode(proba), content)[STAR_LABELS.index("result")]
        keeps = "result" not in analyzer.analyze(complete).missing
        cut_named = "result" in analyzer.analyze(row["answer"]).missing
        kept += keeps
        named += cut_named
        print(f"{row['id']:6s} {'yes' if keeps else 'no':>4s} {p_present:9.2f} {content[-1, result]:8.2f} {content[-1, action]:8.2f} "
              f"{'yes' if cut_named else 'no':>9s}  {row['result'][:70]}")
    print(f"complete answers keeping their Result: {kept}/{len(rows)}; the same answers without it told so: {named}/{len(rows)}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
