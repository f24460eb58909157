"""Would the decoder's own posterior make a better segment confidence than the unit classifier's probability? (measuring only)

A segment's ``confidence`` is the unit classifier's probability of the label the decoding gave each unit. With the
sentence chain (rule 25) the decoding gives a unit the label of the rest of its sentence against that probability
more often. This compares, unit by unit, that confidence with the posterior marginal of the same label under the
decoder's own chain scores (forward-backward over the prior-adjusted emissions and weighted transitions that
Viterbi maximises, with the parts the presence model withdrew forbidden; an answer where the presence model requires
a Task keeps the unit probability). Printed per set: units, accuracy, and for both confidences the mean and the
expected calibration error over 10 bins (``dev_calibration.py``'s measure). Sets: our withheld groups
(``models/corpus/withheld``, never trained on) and their transcript copies, and, when ``../shared/eval`` is beside the
checkout, the development answers (clean and transcript, as the shared scorer builds them).

Usage:
    python benchmarks/posterior_confidence.py [--eval-dir ../shared/eval]
"""

from __future__ import annotations

import argparse
import sys
from collections import Counter
from collections.abc import Sequence
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent))

from dev_calibration import reliability  # noqa: E402

from star_nlp.artifacts import load_artifact  # noqa: E402
from star_nlp.corpus import default_corpus_dir, load_corpus  # noqa: E402
from star_nlp.features import unit_features  # noqa: E402
from star_nlp.pipeline import load_pipeline  # noqa: E402
from star_nlp.segmenter import UnitSequenceModel, absent_parts, required_part  # noqa: E402
from star_nlp.train import _char_labels, augment  # noqa: E402
from star_nlp.units import split_units  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]


def marginals(model: UnitSequenceModel, proba: np.ndarray, breaks: np.ndarray | None, forbidden: Sequence[int]) -> np.ndarray:
    """Posterior label marginals (units × labels) under the decoder's chain scores."""
    emit, trans, start = model._chain(proba, breaks)
    if forbidden:
        emit = emit.copy()
        emit[:, list(forbidden)] = -1e9
    n = len(proba)
    steps = trans if trans.ndim == 3 else np.broadcast_to(trans, (n, *trans.shape))
    alpha, beta = np.zeros_like(emit), np.zeros_like(emit)
    alpha[0] = emit[0] + start
    for t in range(1, n):
        alpha[t] = np.logaddexp.reduce(alpha[t - 1][:, None] + steps[t], axis=0) + emit[t]
    for t in range(n - 2, -1, -1):
        beta[t] = np.logaddexp.reduce(steps[t + 1] + (emit[t + 1] + beta[t + 1])[None, :], axis=1)
    post = alpha + beta
    return np.exp(post - np.logaddexp.reduce(post, axis=1, keepdims=True))


def confidences(model: UnitSequenceModel, nlp: object, text: str) -> tuple[list, list[str], list[float], list[float]]:
    """Units, labels, the shipped confidences and the posterior ones, for one text."""
    doc = nlp(text)  # type: ignore[operator]
    units = split_units(doc)
    features = unit_features(doc, units)
    labels, shipped, _ = model.predict_withdrawn(features)
    if not units:
        return units, labels, shipped, shipped
    proba = model.predict_proba(features)
    breaks = model.breaks(features)
    path = model.decode(proba, breaks=breaks)
    p = model.presence_.predict_proba(proba, path, model.predict_content_proba(features))
    if required_part(p, path, model.presence_.ensured) is not None:
        return units, labels, shipped, shipped
    post = marginals(model, proba, breaks, absent_parts(p, path, model.presence_.result_cut))
    return units, labels, shipped, [float(post[t, model.labels_.index(lab)]) for t, lab in enumerate(labels)]


def report(name: str, model: UnitSequenceModel, nlp: object, items: list[tuple[str, list]]) -> None:
    shipped, posterior, correct = [], [], []
    for text, chars in items:
        units, labels, conf, post = confidences(model, nlp, text)
        for unit, label, c, q in zip(units, labels, conf, post):
            gold = Counter(chars[i] for i in range(unit.start_char, unit.end_char) if chars[i] and not text[i].isspace())
            if gold:
                shipped.append(c)
                posterior.append(q)
                correct.append(label == gold.most_common(1)[0][0])
    ok = np.array(correct, dtype=float)
    e1, _ = reliability(np.array(shipped), ok)
    e2, _ = reliability(np.array(posterior), ok)
    print(f"{name}: {len(ok)} units, accuracy {ok.mean():.3f}; unit probability: mean {np.mean(shipped):.3f}, ECE {e1:.3f};"
          f" posterior: mean {np.mean(posterior):.3f}, ECE {e2:.3f}", flush=True)


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--eval-dir", default=str(ROOT.parent / "shared" / "eval"))
    a = ap.parse_args()
    model = load_artifact("segmenter.joblib")["model"]
    nlp = load_pipeline()
    withheld = load_corpus(default_corpus_dir() / "withheld")
    report("withheld groups", model, nlp, [(str(r["text"]), _char_labels(str(r["text"]), r["spans"])) for r in withheld])
    copies = [r for r in augment(withheld, ("transcript",)) if str(r["id"]).endswith("#stt")]
    report("withheld groups, transcript copies", model, nlp, [(str(r["text"]), _char_labels(str(r["text"]), r["spans"])) for r in copies])
    if (Path(a.eval_dir) / "score_star.py").exists():
        sys.path.insert(0, a.eval_dir)
        import score_star

        rows = score_star.load([str(Path(a.eval_dir) / "star_dev.jsonl")])
        report("development, clean", model, nlp, [(r["text"], score_star.char_labels(r["text"], r["spans"])) for r in rows])
        report("development, transcript", model, nlp, [score_star.transcript(r["text"], score_star.char_labels(r["text"], r["spans"])) for r in rows])
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
