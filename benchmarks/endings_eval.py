"""Outcome against step on 480 answer endings of our own (measuring only).

``models/endings/`` holds short answer endings written for session 17 (``models/endings/GUIDE.md``):
a setup, the last steps (some with their own effects), and an outcome of a given kind. No model
ships trained on them. For each ending, written and as a transcript (lower case, no punctuation;
the spoken ones are transcripts already), this runs ``Analyzer.analyze`` on

- the ending as written: is a Result found (``"result" not in missing``), and how many of the
  outcome sentences' characters are labelled Result;
- the ending without its outcome sentences (a ``followed`` ending keeps its closing step): is the
  Result reported missing.

It prints the two rates by kind of outcome and by register, and the outcome characters labelled
Result. The endings are not full answers (no Situation of their own, often no Task); only the
Result is read.

Usage:
    python benchmarks/endings_eval.py [--model-dir DIR] [--endings DIR]
"""

from __future__ import annotations

import argparse
import json
from collections import defaultdict
from pathlib import Path
from typing import Any

from star_nlp import Analyzer

ENDINGS = Path(__file__).resolve().parents[1] / "models" / "endings"
_PUNCT = set('.,!?;:"\u201c\u201d')


def spoken(text: str) -> str:
    """``text`` as a speech-to-text transcript: lower case, no punctuation (``star_nlp.train.augment``'s rule)."""
    return "".join(ch.lower() for ch in text if ch not in _PUNCT)


def joined(sentences: list[dict[str, Any]], transcript: bool) -> tuple[str, list[tuple[int, int]]]:
    """The sentences joined by spaces, and the character spans of the outcome sentences."""
    text, outcome = "", []
    for s in sentences:
        text += " " if text else ""
        piece = spoken(s["text"].strip()) if transcript else s["text"].strip()
        if s["role"] == "outcome":
            outcome.append((len(text), len(text) + len(piece)))
        text += piece
    return text, outcome


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--model-dir", default=None, help="a trusted folder of trained artifacts (default: the shipped model)")
    ap.add_argument("--endings", type=Path, default=ENDINGS, help="a folder of endings files (default: models/endings)")
    a = ap.parse_args()
    analyzer = Analyzer(model_dir=a.model_dir, trust_model_dir=a.model_dir is not None)
    items = [json.loads(line) for path in sorted(a.endings.glob("*.jsonl")) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
    by: dict[tuple[str, str], list[int]] = defaultdict(lambda: [0, 0, 0])  # kept, named, endings
    chars = [0, 0]  # outcome characters labelled Result, outcome characters
    for item in items:
        forms = [True] if item["register"] == "spoken" else [False, True]
        for transcript in forms:
            text, outcome = joined(item["sentences"], transcript)
            fb = analyzer.analyze(text)
            cut, _ = joined([s for s in item["sentences"] if s["role"] != "outcome"], transcript)
            kept, named = "result" not in fb.missing, "result" in analyzer.analyze(cut).missing
            for start, end in outcome:
                chars[1] += end - start
                chars[0] += sum(max(0, min(end, sg.end) - max(start, sg.start)) for sg in fb.segments if sg.label == "result")
            form = "transcript" if transcript else "written"
            for key in (("kind", item["kind"]), ("register", item["register"]), ("form", form), ("all", "all")):
                row = by[key]
                row[0] += kept
                row[1] += named
                row[2] += 1
    print(f"{len(items)} endings ({by[('all', 'all')][2]} with the transcript copies); model: {a.model_dir or 'shipped'}")
    print(f"{'':8s} {'':14s} {'endings':>7s} {'Result kept':>11s} {'cut named':>9s}")
    for (group, name), (kept, named, n) in sorted(by.items()):
        print(f"{group:8s} {name:14s} {n:7d} {kept / n:11.3f} {named / n:9.3f}")
    print(f"outcome characters labelled Result: {chars[0] / max(1, chars[1]):.3f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
