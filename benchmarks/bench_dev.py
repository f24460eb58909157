"""Score star_nlp on the hand-labelled development sets next to the baselines.

Runs the shared scorers (../shared/eval/score_*.py) on the installed star_nlp and on their
baselines in this process's Python, and prints one line per system and variant.

Usage: python benchmarks/bench_dev.py [--eval-dir ../shared/eval] [--json]
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def run(script: Path, *args: str, python: str = sys.executable) -> dict:
    out = subprocess.run([python, str(script), *args], capture_output=True, text=True, check=True)
    return json.loads(out.stdout)


def star_line(variant: str, system: str, r: dict) -> str:
    """One printed line for a ``score_star.py --json`` result."""
    if r.get("missing_result_flagged"):
        k, n = r["missing_result_flagged"]
        extra = f"  missing names result: {k}/{n} = {k / n:.3f}"
    else:
        extra = f"  result found in {r['presence']['result'][0]}/{r['n']}"
    return f"  {variant:<10} {system:<9} macro-F1 {r['macro_f1']:.4f}  accuracy {r['accuracy']:.4f}  {r['f1']}{extra}"


def complete_missing_nothing(path: Path) -> dict:
    """How many answers holding all four STAR parts star_nlp reports as missing nothing (issue 4)."""
    import star_nlp

    analyzer = star_nlp.Analyzer()
    complete = nothing = 0
    reported: dict[str, int] = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        row = json.loads(line)
        if not {"situation", "task", "action", "result"} <= {s["label"] for s in row["spans"]}:
            continue
        complete += 1
        missing = analyzer.analyze(row["text"]).missing
        nothing += not missing
        for part in missing:
            reported[part] = reported.get(part, 0) + 1
    return {"complete": complete, "missing_nothing": nothing, "reported_missing": reported}


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--eval-dir", default=str(ROOT.parent / "shared" / "eval"))
    ap.add_argument("--json", action="store_true", help="print one JSON object instead of a table")
    ap.add_argument("--quantulum-python", default=None,
                    help="a Python with quantulum3 installed (for example a separate venv), to score the peer in the same run")
    a = ap.parse_args()
    ev = Path(a.eval_dir)
    star = ev / "star_dev.jsonl"
    results: dict[str, dict] = {}
    for variant in ("clean", "transcript", "no_result"):
        for system in ("star_nlp", "position", "keywords"):
            if variant == "no_result" and system != "star_nlp":
                continue
            results[f"star/{variant}/{system}"] = run(ev / "score_star.py", "--json", "--variant", variant, "--system", system, str(star))
    results["complete/star_nlp"] = complete_missing_nothing(star)
    results["quant/star_nlp"] = run(ev / "score_quant.py", str(ev / "quant_dev.jsonl"))
    if a.quantulum_python:
        results["quant/quantulum3"] = run(ev / "score_quant.py", "--system", "quantulum3", str(ev / "quant_dev.jsonl"), python=a.quantulum_python)
    results["ownership/star_nlp"] = run(ev / "score_ownership.py", str(ev / "ownership_dev.jsonl"))
    results["ownership/pronoun"] = run(ev / "score_ownership.py", "--system", "pronoun", str(ev / "ownership_dev.jsonl"))
    if a.json:
        print(json.dumps(results, indent=1))
        return 0
    print("STAR segmentation (token-level, four STAR labels)")
    for key, r in results.items():
        if key.startswith("star/"):
            _, variant, system = key.split("/")
            print(star_line(variant, system, r))
    c = results["complete/star_nlp"]
    print(f"  complete answers (all four parts labelled) reported missing nothing: {c['missing_nothing']}/{c['complete']}"
          f" = {c['missing_nothing'] / max(1, c['complete']):.3f}; reported missing: {c['reported_missing']}")
    print("Quantities (span overlap; attributes on matched amounts)")
    for key in ("quant/star_nlp", "quant/quantulum3"):
        if key in results:
            print(f"  {key.split('/')[1]:<10} {json.dumps(results[key])}")
    print(f"Ownership star_nlp: {json.dumps(results['ownership/star_nlp'])}")
    print(f"Ownership pronoun baseline: {json.dumps(results['ownership/pronoun'])}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
