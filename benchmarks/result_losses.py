"""Where the segmenter loses a Result, or keeps one that was removed (measuring only).

For the development set (``--dev``; published answers, never trained on) this prints, per answer,
only its id and figures: for each complete answer reported without a Result, whether the sequence
decoding put a Result anywhere (so that the presence model took it away) and the presence model's
probability that a Result is there; for each answer whose Result was cut (the shared scorer's
``no_result`` variant) and that is still credited with one, the same two figures.

For our own corpus (``--cv``) it prints the complete answers that lose their Result on the held-out
folds of ``benchmarks/presence_screen.py`` (shipped labeller, tree presence, presence fold seed 14),
with the gold Result's text, its position among the units and the position-free classifier's best
Result probability over the gold Result units. ``--cache`` is presence_screen's cache file.

For corpus files of our own that no model trained on (``--files``; such as the withheld groups
of ``models/corpus/withheld``; the diagnosis batches it was written for are trained on since session 25) it reads each answer and its Result-removed copy with the
shipped model (or a training command's folder, ``--model DIR``) and prints every complete answer
that loses its Result (decoded before the presence stage or not, the presence probability, where
the gold Result stands, the position-free classifier's best Result probability over it, the labels
its units got, and its text) and every Result-less text still credited with one (the units labelled
Result and their text), then the counts.

Usage:
    python benchmarks/result_losses.py --dev
    python benchmarks/result_losses.py --cv [--cache FILE]
    python benchmarks/result_losses.py --files FILE [FILE ...] [--model DIR]
"""

from __future__ import annotations

import argparse
import functools
import sys
from pathlib import Path

import joblib

ROOT = Path(__file__).resolve().parents[1]


def dev(eval_dir: Path) -> None:
    sys.path.insert(0, str(eval_dir))
    import score_star  # the shared scorer's own helpers, so the variants match it

    from star_nlp import Analyzer
    from star_nlp.features import unit_features
    from star_nlp.quantities import extract_quantities
    from star_nlp.segmenter import STAR_LABELS
    from star_nlp.units import split_units

    analyzer = Analyzer()
    model = analyzer.segmenter
    result = model.labels_.index("result")

    def judge(text: str) -> tuple[bool, float, bool]:
        doc = analyzer.nlp(text)
        features = unit_features(doc, split_units(doc), amounts=extract_quantities(doc))
        proba = model.predict_proba(features)
        path = model.decode(proba)
        p_present = model.presence_.predict_proba(proba, path, model.predict_content_proba(features))
        labels, _ = model.predict(features)
        return result in path, float(p_present[STAR_LABELS.index("result")]), "result" in labels

    rows = score_star.load([str(eval_dir / "star_dev.jsonl")])
    for variant in ("clean", "no_result"):
        decoded_lost, lost = [], 0
        for row in rows:
            text = row["text"]
            if variant == "no_result":
                text, _ = score_star.drop_label(text, score_star.char_labels(text, row["spans"]), "result")
            decoded, p, kept = judge(text)
            wrong = not kept if variant == "clean" else kept
            if wrong:
                lost += 1
                decoded_lost.append(decoded)
                print(f"{variant:9s} {row['id']}  Result decoded {'yes' if decoded else 'no '}  presence P(result) {p:.3f}")
        what = "complete answers without a Result" if variant == "clean" else "cut answers still credited with one"
        print(f"{variant:9s} {lost} of {len(rows)} {what}; decoded before the presence stage: {sum(decoded_lost)}")


def cv(cache: Path | None) -> None:
    sys.path.insert(0, str(Path(__file__).resolve().parent))
    import presence_screen as screen

    import star_nlp.train as train
    from star_nlp.corpus import LABELS, STAR_LABELS, load_corpus
    from star_nlp.pipeline import load_pipeline
    from star_nlp.segmenter import ENSURED, absent_parts

    if cache is not None and cache.exists():
        data, oof = joblib.load(cache)
    else:
        rows = load_corpus()
        data = train.build_unit_dataset(rows + train.augment(rows, train.AUGMENTATIONS), load_pipeline())
        oof = train._oof_probas(data, screen.LABELLER, 5)
    result = LABELS.index("result")
    make = functools.partial(screen.ScreenedPresence, "trees", seed=train.SEED, ensured=ENSURED)
    lost, complete = 0, 0
    for presence, test_groups in train.presence_folds(data, oof, 5, seed=train.SEED + 1, make_presence=make):
        for d in data:
            if d["group"] not in test_groups or "#" in d["id"] or not all(lab in d["labels"] for lab in STAR_LABELS):
                continue
            complete += 1
            proba, path, content, model = oof[d["id"]]
            p_present = presence.predict_proba(proba, path, content)
            absent = absent_parts(p_present, path)
            final = model.decode(proba, forbidden=absent) if absent else path
            if result in final:
                continue
            lost += 1
            units = [i for i, lab in enumerate(d["labels"]) if lab == "result"]
            gold = " | ".join(d["text"][slice(*d["offsets"][i])] for i in units)
            print(
                f"{d['id']:8s} decoded {'yes' if result in path else 'no '} P {p_present[STAR_LABELS.index('result')]:.2f} "
                f"Result unit {units[0] + 1}/{len(d['labels'])} content {max(content[i, result] for i in units):.2f}  {gold[:110]}"
            )
    print(f"{lost} of {complete} complete answers lose their Result on held-out folds")


def result_shape(gold: list[str]) -> str:
    """Where the gold Result of a complete answer stands among its units.

    Example:
        >>> result_shape(["situation", "task", "action", "result", "action"])
        'step after the Result'
    """
    result = [i for i, lab in enumerate(gold) if lab == "result"]
    if result[0] < gold.index("action"):
        return "Result told first"
    if "action" in gold[result[-1] + 1 :]:
        return "step after the Result"
    if "action" in gold[result[0] : result[-1]]:
        return "Result in the middle"
    return "Result at the end"


def files(paths: list[Path], model_dir: Path | None) -> None:
    from collections import Counter

    import star_nlp.train as train
    from star_nlp.artifacts import load_artifact
    from star_nlp.corpus import STAR_LABELS
    from star_nlp.pipeline import load_pipeline

    model = (load_artifact("segmenter.joblib") if model_dir is None else load_artifact("segmenter.joblib", model_dir, trusted=True))["model"]
    rows = [r for p in paths for r in _rows(p)]
    docs = train.build_unit_dataset(rows + train.augment(rows, ("no_result",)), load_pipeline())
    result = model.labels_.index("result")
    kept = complete = named = resultless = 0
    shapes: Counter[str] = Counter()
    losses: Counter[tuple[str, str]] = Counter()
    for d in docs:
        proba = model.predict_proba(d["features"])
        path = model.decode(proba)
        content = model.predict_content_proba(d["features"])
        p = float(model.presence_.predict_proba(proba, path, content)[STAR_LABELS.index("result")])
        labels, _ = model.predict(d["features"])
        gold = d["labels"]
        unit_text = [d["text"][a:b] for a, b in d["offsets"]]
        style = d.get("style", "")
        if "#" not in d["id"] and all(lab in gold for lab in STAR_LABELS):
            complete += 1
            shape = result_shape(list(gold))
            shapes[shape] += 1
            if "result" in labels:
                kept += 1
                continue
            losses[shape, "never decoded" if result not in path else "withdrawn, P 0.25-0.50" if p >= 0.25 else "withdrawn, P < 0.25"] += 1
            units = [i for i, lab in enumerate(gold) if lab == "result"]
            got = ",".join(labels[i][:3] for i in units)
            print(f"LOST  {d['id']:8s} {style:10s} decoded {'yes' if result in path else 'no '} P {p:.2f} "
                  f"Result units {units[0] + 1}-{units[-1] + 1}/{len(gold)} content {max(content[i, result] for i in units):.2f} got [{got}]  "
                  f"{' | '.join(unit_text[i] for i in units)[:160]}")
        elif "result" not in gold:
            resultless += 1
            if "result" not in labels:
                named += 1
                continue
            units = [i for i, lab in enumerate(labels) if lab == "result"]
            print(f"KEPT  {d['id']:12s} {style:10s} P {p:.2f} Result units {units[0] + 1}-{units[-1] + 1}/{len(gold)} gold [{','.join(gold[i][:3] for i in units)}]  "
                  f"{' | '.join(unit_text[i] for i in units)[:160]}")
    print(f"complete answers keeping their Result: {kept}/{complete}; Result-less texts named: {named}/{resultless}")
    for shape, n in shapes.most_common():
        lost = ", ".join(f"{how} {k}" for (s, how), k in sorted(losses.items()) if s == shape)
        print(f"  {shape:22s} {n:3d} complete answers, {sum(k for (s, _), k in losses.items() if s == shape)} lost ({lost or 'none'})")


def _rows(path: Path) -> list[dict]:
    import json

    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--dev", action="store_true")
    ap.add_argument("--cv", action="store_true")
    ap.add_argument("--cache", type=Path, default=None)
    ap.add_argument("--files", type=Path, nargs="+", default=None, help="corpus files no model trained on")
    ap.add_argument("--model", type=Path, default=None, help="with --files: a training command's folder (default: the shipped artifact)")
    ap.add_argument("--eval-dir", type=Path, default=ROOT.parent / "shared" / "eval")
    a = ap.parse_args()
    if not (a.dev or a.cv or a.files):
        ap.error("choose --dev, --cv or --files")
    if a.files:
        files(a.files, a.model)
    if a.dev:
        dev(a.eval_dir)
    if a.cv:
        cv(a.cache)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
