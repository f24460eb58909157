"""The presence stage on text unlike the corpus: a cut, or evidence from unseen text (measuring only; RESULTS session 21).

On our own text that no model trained on, the presence stage withdraws decoded Results far more often than it
misses removed ones (the open diagnosis batches, ``result_losses.py --files``): on the corpus's out-of-fold
output a real Result is nearly always read with confidence, so the trees learn that a moderately confident
Result is a Result-removed copy's last step; on new wording the labeller is less sure of real Results. Two
candidates, each screened on group C of ``withheld_transfer.py`` (K, N, P, AUC as there) against the model of a
training command's folder (``--model DIR``):

- ``cut``: the Result cut chosen on groups A and B with ``result_cut.py``'s selection (grid 0.10-0.70, best P,
  ties within 0.002 to the cut nearest 0.5), then read on C at that cut;
- ``unseen``: the presence trees (same family, parameters and seed) fitted on the corpus's out-of-fold output
  *and* on the folder's final labeller's readings of groups A and B (answers, Result-removed and transcript
  copies), which that labeller never trained on; the labeller is unchanged.

``--sealed`` also scores ``models/corpus/sealed`` with the candidate named (open it only under a rule written
first). Every fit runs on one native thread.

Usage:
    python benchmarks/presence_unseen.py --model DIR [--cache FILE] [--sealed cut|unseen]
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import numpy as np

import star_nlp.train as train
from star_nlp.pipeline import load_pipeline
from star_nlp.segmenter import STAR_LABELS, UnitSequenceModel

sys.path.insert(0, str(Path(__file__).resolve().parent))
from result_cut import GRID, choose_cut  # noqa: E402
from withheld_transfer import GROUPS, batch_of, corpus_data, evaluate, evidence, fit_presence, folder_model, oof_probas, parsed_folder, pinned_readings  # noqa: E402

RESULT = STAR_LABELS.index("result")


class CutPresence:
    """A presence model read at another Result cut: its Result probability mapped piecewise-linearly so that
    ``cut`` lands on 0.5 (the order of texts, and so the AUC, is unchanged)."""

    def __init__(self, presence: Any, cut: float) -> None:
        self.presence, self.cut = presence, cut
        self.result_cut = 0.5
        self.ensured = getattr(presence, "ensured", ())

    def predict_proba(self, proba: np.ndarray, path: Sequence[int], content: np.ndarray) -> np.ndarray:
        p = np.array(self.presence.predict_proba(proba, path, content), dtype=float)
        r = p[RESULT]
        p[RESULT] = 0.5 * r / self.cut if r < self.cut else 0.5 + 0.5 * (r - self.cut) / (1.0 - self.cut)
        return p


def readings(model: UnitSequenceModel, docs: Sequence[dict[str, Any]]) -> dict[str, tuple[np.ndarray, list[int], np.ndarray]]:
    """The final labeller's ``(proba, path, content)`` for each document, as the presence stage sees them."""
    return {d["id"]: evidence(model, d) for d in docs}


@train.one_thread
def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--model", type=Path, required=True, help="a folder written by python -m star_nlp.train --out DIR")
    ap.add_argument("--cache", type=Path, default=None, help="withheld_transfer.py's cache of the parsed corpus")
    ap.add_argument("--sealed", choices=["cut", "unseen"], default=None, help="also score models/corpus/sealed with this candidate")
    a = ap.parse_args()
    if not {"A", "B"} <= set(GROUPS):
        raise SystemExit("written for the corpus before rule 14 (session 25): groups A and B are trained on since; "
                         "check out a commit before it to rerun (benchmarks/RESULTS.md)")
    nlp = load_pipeline()
    model = folder_model(a.model)
    shipped_presence = model.presence_
    withheld = parsed_folder("withheld", nlp)
    group = {name: [d for d in withheld if batch_of(d) in members] for name, members in GROUPS.items()}
    seen = group["A"] + group["B"]

    # rule 3': the cut chosen on A and B
    scores = {}
    for cut in GRID:
        fig = evaluate(model, CutPresence(shipped_presence, cut), seen)
        scores[cut] = fig["P"]
        print(f"A+B cut {cut:.2f}: K {fig['K']:.4f} N {fig['N']:.4f} P {fig['P']:.4f}", flush=True)
    chosen = choose_cut(scores)
    print(f"chosen cut {chosen:.2f}: A+B P {scores[chosen]:.4f} against {scores[0.5]:.4f} at 0.50", flush=True)

    # rule 4: presence evidence from unseen text
    data = corpus_data(a.cache, nlp)
    oof = oof_probas("plain", data)
    refit = fit_presence(data, oof).compact()
    probe = group["C"][:200]
    same = max(float(np.abs(refit.predict_proba(*ev) - shipped_presence.predict_proba(*ev)).max()) for ev in readings(model, probe).values())
    print(f"presence refitted on the recomputed out-of-fold output: largest difference from the folder's on 200 C texts {same:.2e}", flush=True)
    unseen = fit_presence(list(data) + seen, {**oof, **readings(model, seen)}).compact()

    candidates = {"base": shipped_presence, "cut": CutPresence(shipped_presence, chosen), "unseen": unseen}
    for name, presence in candidates.items():
        print(name, "C", evaluate(model, presence, group["C"]), flush=True)
    for name in candidates:
        print(name, "pinned readings:", flush=True)
        model.presence_ = candidates[name]
        pinned_readings(model, nlp)
    model.presence_ = shipped_presence
    if a.sealed is not None:
        docs = parsed_folder("sealed", nlp)
        for name in ("base", a.sealed):
            print(name, "sealed", evaluate(model, candidates[name], docs), flush=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
