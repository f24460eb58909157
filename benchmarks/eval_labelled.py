"""Score the quantity extractor and the ownership analyser on our own labelled sets (models/labelled).

Same measures as the shared scorers, on sentences written for this project.
Usage: python benchmarks/eval_labelled.py [--errors quantities|ownership]
"""

from __future__ import annotations

import argparse
import json
import math
from pathlib import Path

from star_nlp.ownership import sentence_agent
from star_nlp.pipeline import load_pipeline
from star_nlp.quantities import extract_quantities

ROOT = Path(__file__).resolve().parents[1] / "models" / "labelled"


def _close(a, b):
    try:
        return math.isclose(float(a), float(b), rel_tol=1e-3, abs_tol=1e-9)
    except (TypeError, ValueError):
        return False


def quantities(nlp, show_errors: bool) -> dict:
    rows = [json.loads(line) for line in (ROOT / "quantities.jsonl").open(encoding="utf-8")]
    tp = fp = fn = 0
    agree = dict.fromkeys(("value", "kind", "direction", "is_result", "metric"), 0)
    for r in rows:
        pred = extract_quantities(nlp(r["text"]))
        used: set[int] = set()
        for g in r["quantities"]:
            m = next((i for i, p in enumerate(pred) if i not in used and p.start < g["end"] and g["start"] < p.end), None)
            if m is None:
                fn += 1
                if show_errors:
                    print("MISS", g["text"], "|", r["text"])
                continue
            used.add(m)
            tp += 1
            p = pred[m]
            ok = {
                "value": _close(p.value, g["value"]),
                "kind": p.kind == g["kind"],
                "direction": p.direction == (g["direction"] or "none"),
                "is_result": p.is_result == g["is_result"],
            }
            gm, pm = (g.get("metric") or "").lower(), (p.metric or "").lower()
            ok["metric"] = (not gm and not pm) or bool(gm and pm and (gm.split()[-1] in pm or pm.split()[-1] in gm))
            for k, v in ok.items():
                agree[k] += v
                if show_errors and not v:
                    print(f"{k.upper()}: got {getattr(p, k)!r} want {g.get(k)!r} [{g['text']}] | {r['text']}")
        fp += len(pred) - len(used)
        if show_errors:
            for i, p in enumerate(pred):
                if i not in used:
                    print("EXTRA", p.text, "|", r["text"])
    prec = tp / (tp + fp) if tp + fp else 0.0
    rec = tp / (tp + fn) if tp + fn else 0.0
    return {"sentences": len(rows), "gold": tp + fn, "precision": round(prec, 3), "recall": round(rec, 3),
            "f1": round(2 * prec * rec / (prec + rec), 3) if prec + rec else 0.0,
            **{f"{k}_acc_on_matched": round(v / tp, 3) for k, v in agree.items()}}


def ownership(nlp, show_errors: bool) -> dict:
    rows = [json.loads(line) for line in (ROOT / "ownership.jsonl").open(encoding="utf-8")]
    hits = {"agent": 0}
    flags = {"passive": [0, 0, 0], "hedged": [0, 0, 0]}
    for r in rows:
        sent = max(nlp(r["text"]).sents, key=len)
        agent, passive, hedged = sentence_agent(sent)
        hits["agent"] += agent == r["agent"]
        if show_errors and (agent != r["agent"] or passive != r["passive"] or hedged != r["hedged"]):
            print(f"got {(agent, passive, hedged)} want {(r['agent'], r['passive'], r['hedged'])} | {r['text']}")
        for k, v in (("passive", passive), ("hedged", hedged)):
            g = bool(r[k])
            flags[k][0 if g and v else 1 if v else 2 if g else 2] += (g and v) or (v and not g) or (g and not v)
    out = {"n": len(rows), "agent_accuracy": round(hits["agent"] / len(rows), 3)}
    for k, (tp, fp, fn) in flags.items():
        pr = tp / (tp + fp) if tp + fp else 0.0
        rc = tp / (tp + fn) if tp + fn else 0.0
        out[f"{k}_f1"] = round(2 * pr * rc / (pr + rc), 3) if pr + rc else 0.0
    return out


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--errors", choices=["quantities", "ownership"], default=None)
    a = ap.parse_args()
    nlp = load_pipeline()
    print("quantities (models/labelled/quantities.jsonl):", json.dumps(quantities(nlp, a.errors == "quantities")))
    print("ownership (models/labelled/ownership.jsonl):", json.dumps(ownership(nlp, a.errors == "ownership")))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
