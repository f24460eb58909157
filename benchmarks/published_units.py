"""Which of a careful reader's Result units the model reads as something else, on published answers (measuring only).

Reads a file of published answers (``published_eval.py``'s format) and a careful reader's ``{"id", "markup"}`` labels
of them (``published_eval.py --reader``). Each answer is split into the segmenter's units; a unit takes the reader's
label of most of its words. For the units the reader calls Result, it prints how the shipped model (or ``--model``)
labels them, and for the Results it keeps and those it gives to the Action: how many, the position-free classifier's
mean probability of Result and of Action, the share told with the speaker as subject (a first-person pronoun as the
unit's first subject), the share with a number, the share in the answer's last third, and the mean length. The same
figures for the reader's Result units in our own withheld groups' answers (``models/corpus/withheld``, never trained
on), against their authors' labels, show whether the kept and lost Results differ in the same way there.

Usage:
    python benchmarks/published_units.py --file FILE --reader FILE [--model DIR]
"""

from __future__ import annotations

import argparse
import json
import sys
from collections import Counter
from pathlib import Path
from typing import Any

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent))

from published_eval import read_labels  # noqa: E402

from star_nlp.artifacts import load_artifact  # noqa: E402
from star_nlp.corpus import default_corpus_dir, load_corpus  # noqa: E402
from star_nlp.features import unit_features  # noqa: E402
from star_nlp.pipeline import load_pipeline  # noqa: E402
from star_nlp.units import split_units  # noqa: E402

FIRST_PERSON = {"i", "we", "me", "us"}


def unit_rows(texts_and_spans: list[tuple[str, list[dict[str, Any]]]], model: Any, nlp: Any) -> list[dict[str, Any]]:
    """One row per unit whose words are mostly labelled ``result``: the model's label and the unit's traits."""
    result, action = model.labels_.index("result"), model.labels_.index("action")
    out = []
    for text, spans in texts_and_spans:
        doc = nlp(text)
        units = split_units(doc)
        features = unit_features(doc, units)
        labels, _, _ = model.predict_withdrawn(features)
        content = model.predict_content_proba(features)
        for k, unit in enumerate(units):
            words = Counter(next((s["label"] for s in spans if s["start"] <= t.idx < s["end"]), "other") for t in unit if not t.is_space)
            if not words or words.most_common(1)[0][0] != "result":
                continue
            subject = next((t.lower_ for t in unit if t.dep_ in ("nsubj", "nsubjpass")), "")
            out.append({
                "model": labels[k],
                "p_result": float(content[k, result]),
                "p_action": float(content[k, action]),
                "speaker": subject in FIRST_PERSON,
                "number": any(t.like_num for t in unit),
                "last_third": k >= len(units) * 2 / 3,
                "words": sum(1 for t in unit if not t.is_punct),
            })
    return out


def report(name: str, rows: list[dict[str, Any]]) -> None:
    """Print the model's labels of the Result units, and the traits of those kept and those given to the Action."""
    print(f"{name}: {len(rows)} Result units; the model labels them {dict(Counter(r['model'] for r in rows))}")
    for label, title in (("result", "kept as Result"), ("action", "read as Action")):
        group = [r for r in rows if r["model"] == label]
        if not group:
            continue
        print(f"  {title:15} {len(group):4}  P(Result) {np.mean([r['p_result'] for r in group]):.3f}  P(Action) "
              f"{np.mean([r['p_action'] for r in group]):.3f}  speaker as subject {np.mean([r['speaker'] for r in group]):.2f}"
              f"  with a number {np.mean([r['number'] for r in group]):.2f}  in the last third {np.mean([r['last_third'] for r in group]):.2f}"
              f"  words {np.mean([r['words'] for r in group]):.1f}")


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--file", required=True, help="published answers (published_eval.py's format)")
    ap.add_argument("--reader", required=True, help="a careful reader's {id, markup} labels of those answers")
    ap.add_argument("--model", default=None, help="an artifact folder (default: the shipped one)")
    a = ap.parse_args()
    model = load_artifact("segmenter.joblib", a.model, trusted=a.model is not None)["model"]
    nlp = load_pipeline()
    rows = [json.loads(line) for line in Path(a.file).read_text(encoding="utf-8").splitlines() if line.strip()]
    read = [(text, spans) for _, text, spans in read_labels(rows, Path(a.reader))]
    report("published answers, the reader's labels", unit_rows(read, model, nlp))
    withheld = [(r["text"], r["spans"]) for r in load_corpus(default_corpus_dir() / "withheld")]
    report("our withheld groups, their authors' labels", unit_rows(withheld, model, nlp))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
