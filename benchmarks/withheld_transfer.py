"""Do some withheld batches, trained on, help another withheld batch group? (measuring only)

Our answer folds cannot show a gain on writing unlike the corpus: the rest of a test answer's
batch trains the fold model, and even whole-batch folds (``batch_cv.py``) score like answer folds.
The withheld batches (``models/corpus/withheld``; never trained on) are where the shipped model
falls short on our own text, as it does on published answers. This splits them in groups,
A = {ca, fu, nf} (sessions 13-15), B = {ga, gb} (session 16), C = {gc, gd} (session 20) and, since
session 22, E = {ge, gf} (batches 28-29, sealed until rule 7 opened them) and, since session 23, F = {gi, gj} (batches
34-35, sealed until rule 12 read them); both are in ``models/corpus/withheld`` since session 23. Since rule 14
(session 25) A, B, C and the diagnosis batches are trained on, and the groups are E, F and G = {gk, gl} (batches
36-37, sealed until rule 14 read them); since session 26 also H = {gm, gn} (batches 38-39, sealed until rule 15
read them). Since rule 18 (session 28) groups E-H, batches 40-41 and batch 44 are trained on too, and the one group
is I = {go, gp} (batches 42-43, sealed until rule 17 read them); since session 31 also J = {gq, gr} (batches 45-46,
sealed until rule 22 read them), since session 32 K = {gs, gt} (batches 48-49, sealed until rule 23 read them), and since
session 34 L = {gu, gv} (batches 50-51, sealed until rule 25 read them). For each
group it trains the segmenter the training command's way on the corpus plus the *other* groups (the shipped labeller's
parameters; tree presence fitted on 5-fold out-of-fold output; transcript and Result-removed
copies), and scores the group on its written answers:

- ``macro``: token macro-F1 (the shared scorer's measure, :func:`star_nlp.train.token_macro_f1`);
- ``K``: complete answers keeping a Result; ``N``: Result-less texts (Result-removed copies and the
  group's answers written without one) reported missing it; ``P = (K + N) / 2``;
- ``auc``: the presence probability's ROC AUC, complete answers against Result-removed copies.
- ``W`` (since session 22): complete answers reported whole (no part missing, the Task included).

``base`` scores every group, and all of them pooled, with the shipped model (trained on the corpus
alone), or with a model saved by ``--save`` or a training command's output folder given as ``--model``;
``base --sealed`` scores the sealed batches (``models/corpus/sealed``, by batch and pooled) instead,
which is done only under a decision rule written before (RESULTS, session 21's rule 7). ``follow-up``
scores both groups with a model trained the same way on the corpus and its follow-up copies
(:func:`star_nlp.train.follow_up_copy`) as labeller rows, not only presence rows;
``follow-up-own-subject`` only with the copies whose moved step has a first-person subject, and it
also prints how that model reads the texts of the suite's pinned behaviours that rule 4's model
broke (``tests/test_segmenter.py``: the resume register and the notes-register fragments).

Session 19's guards (:data:`GUARDS`) train with every follow-up copy but change what it teaches:
``follow-up-weighted`` counts each copy at :data:`COPY_WEIGHT` in the classifiers and the chain,
``follow-up-chain`` lets the copies teach the chain only, and ``follow-up-source-position`` gives
each copy unit the position features of the same unit in its source answer; session 20's
``follow-up-weighted-verb`` is ``follow-up-weighted`` with only the copies whose moved steps all
have a verb (:func:`moved_step_has_verb`); session 21's ``result-first-weighted`` adds
:func:`result_first_copy` of each written answer instead, at the same weight. Every mode also prints
``absorbed``: gold Action units directly before a gold Result that end up labelled Result. The
output depends on the thread count (scikit-learn's threaded solvers change the labeller's last
digits and the tree presence model magnifies them; RESULTS session 20), so since session 21 every fit
runs on one native thread (:func:`star_nlp.train.one_thread`); runs before that fixed ``OMP_NUM_THREADS`` only. A group mode trains on every other group unless ``--train-groups`` names some;
sessions 17-19 ran ``A`` and ``B`` before group C existed (``--train-groups B`` / ``A`` repeats them).

``presence-monotone`` (session 22's rule 8) keeps the shipped labeller and refits its presence trees on the
training command's out-of-fold evidence, plainly (a check that must reproduce the shipped figures) and with
``presence_screen.py``'s monotonic constraints, and scores both with the shipped presence on every group.
A group mode's default training groups, and ``base``'s pooled figure, include E since session 22.

Usage:
    python benchmarks/withheld_transfer.py base|A|B|C|E|follow-up|follow-up-own-subject|follow-up-weighted|follow-up-chain|follow-up-source-position|follow-up-weighted-verb|result-first-weighted|presence-monotone
        [--cache FILE] [--save FILE] [--model FILE|DIR] [--sealed] [--train-groups G ...] [--with-diagnosis]

``--cache`` is ``presence_screen.py``'s file of the parsed corpus and its out-of-fold output
(rebuilt when missing, about ten minutes).
"""

from __future__ import annotations

import argparse
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import joblib
import numpy as np
from sklearn.metrics import roc_auc_score
from sklearn.model_selection import KFold

import star_nlp.train as train
from star_nlp.artifacts import load_artifact
from star_nlp.corpus import default_corpus_dir, load_corpus
from star_nlp.pipeline import load_pipeline
from star_nlp.segmenter import ENSURED, STAR_LABELS, PresenceModel, UnitSequenceModel

#: The shipped labeller's parameters (its artifact's ``params``).
PARAMS: dict[str, Any] = {"family": "logreg", "C": 0.3, "transition_weight": 0.6, "prior_weight": 0.5, "sentence_chain": True}
# Groups A-C (batches 21-27) and the diagnosis batches 30-31 (and 32-33) are trained on since rule 14 (session 25);
# G = {gk, gl} (batches 36-37) joined the withheld folder when rule 14 had read it.
# I = {go, gp} (batches 42-43) joined it when rule 17 had read it (session 28); since rule 18 (session 28) groups E-H
# are trained on and I is the one group.
# J = {gq, gr} (batches 45-46) joined it when rule 22 had read it (session 31), K = {gs, gt} (batches 48-49) when
# rule 23 had (session 32), L = {gu, gv} (batches 50-51) when rule 25 had (session 34).
GROUPS: dict[str, set[str]] = {"I": {"go", "gp"}, "J": {"gq", "gr"}, "K": {"gs", "gt"}, "L": {"gu", "gv"}}


def batch_of(d: dict[str, Any]) -> str:
    return str(d["group"]).split("-")[0]


def corpus_data(cache: Path | None, nlp: Any) -> list[dict[str, Any]]:
    """The parsed corpus with the training augmentations: from ``cache`` (``presence_screen.py``'s file) when it exists."""
    if cache is not None and cache.exists():
        data, _ = joblib.load(cache)
        return list(data)
    rows = load_corpus()
    return train.build_unit_dataset(rows + train.augment(rows, train.AUGMENTATIONS), nlp)


def parsed_folder(folder: str, nlp: Any) -> list[dict[str, Any]]:
    """The answers of ``models/corpus/<folder>`` with the training augmentations, parsed (none when the folder is gone,
    as the sealed folder is between one sealed group's reading and the next group's writing)."""
    if not any((default_corpus_dir() / folder).glob("*.jsonl")):
        return []
    rows = load_corpus(default_corpus_dir() / folder)
    return train.build_unit_dataset(rows + train.augment(rows, train.AUGMENTATIONS), nlp)


def folder_model(folder: Path) -> UnitSequenceModel:
    """The segmenter of a training command's folder, checked to have the shipped recipe (:data:`PARAMS`, tree presence)."""
    artifact = load_artifact("segmenter.joblib", folder, trusted=True)
    if artifact["meta"]["params"] != PARAMS or artifact["meta"]["presence_family"] != "trees":
        raise SystemExit(f"{folder}: params {artifact['meta']['params']} / {artifact['meta']['presence_family']}, expected {PARAMS} / trees")
    return artifact["model"]


def scored_model(path: Path) -> UnitSequenceModel:
    """The labeller (with its presence model) of a ``--save`` file, or of a training command's output folder."""
    if path.is_dir():
        return load_artifact("segmenter.joblib", path, trusted=True)["model"]
    return joblib.load(path)


def held_out(nlp: Any) -> list[dict[str, Any]]:
    """Every parsed answer of the withheld folder (group I alone since rule 18, session 28)."""
    return parsed_folder("withheld", nlp)


def presence_monotone(data: Sequence[dict[str, Any]], withheld: Sequence[dict[str, Any]], nlp: Any) -> int:
    """Rule 8 (session 22): the shipped labeller with presence trees refitted plainly (a check: it must equal the
    shipped model's figures) and with ``presence_screen.py``'s monotonic constraints, on every group and pooled."""
    import copy

    from presence_screen import ScreenedPresence  # benchmarks/ is the script's folder

    shipped = load_artifact("segmenter.joblib")["model"]
    oof = oof_probas("plain", data)
    candidates = {
        "shipped": shipped.presence_,
        "trees refit": fit_presence(data, oof),
        "monotone": fit_presence(data, oof, ScreenedPresence("monotone", seed=train.SEED, ensured=ENSURED)),
    }
    for name, presence in candidates.items():
        for group, members in GROUPS.items():
            print(name, group, evaluate(shipped, presence, [d for d in withheld if batch_of(d) in members]), flush=True)
        print(name, "pooled", evaluate(shipped, presence, withheld), flush=True)
    model = copy.copy(shipped)
    model.presence_ = candidates["monotone"]
    pinned_readings(model, nlp)
    return 0


def fit_presence(docs: Sequence[dict[str, Any]], evidence: dict[str, tuple[np.ndarray, list[int], np.ndarray]],
                 presence: PresenceModel | None = None) -> PresenceModel:
    """The training command's presence trees (or the unfitted ``presence`` given) on ``docs`` with their ``evidence``
    (``(proba, path, content)`` by id)."""
    return (PresenceModel(family="trees", seed=train.SEED) if presence is None else presence).fit(
        [evidence[d["id"]][:3] for d in docs],
        np.array([train._presence_targets(d) for d in docs]),
        np.array([train._presence_judged(d) for d in docs]),
    )

def moved_step_has_own_subject(d: dict[str, Any]) -> bool:
    """Whether every Action unit after the last Result unit of a follow-up copy has a first-person subject."""
    last = max(i for i, lab in enumerate(d["labels"]) if lab == "result")
    after = [f for f, lab in zip(d["features"][last + 1 :], d["labels"][last + 1 :]) if lab == "action"]
    return bool(after) and all(any(k.startswith(("subj=i", "subj=we")) for k in f) for f in after)


def moved_step_has_verb(d: dict[str, Any], nlp: Any) -> bool:
    """Whether every Action unit after the last Result unit of a follow-up copy has a verb (a token
    tagged VERB or AUX when the copy is parsed), so that the copy teaches no verbless trailing step."""
    last = max(i for i, lab in enumerate(d["labels"]) if lab == "result")
    after = [ab for ab, lab in zip(d["offsets"][last + 1 :], d["labels"][last + 1 :]) if lab == "action"]
    doc = nlp(d["text"])
    return bool(after) and all(any(t.pos_ in {"VERB", "AUX"} for t in doc if a <= t.idx < b) for a, b in after)


def result_first_copy(row: dict[str, Any]) -> dict[str, Any] | None:
    """A copy of a written answer whose last span is its Result, told first: the Result's sentences moved to the
    front, gold labels carried. ``None`` when the answer is not written, does not end on its Result, or its
    Result starts inside a sentence.

    Example:
        >>> row = {"id": "x", "style": "written", "text": "We lost orders. I fixed the feed. Orders recovered.",
        ...        "spans": [{"label": "situation", "start": 0, "end": 15}, {"label": "action", "start": 16, "end": 33},
        ...                  {"label": "result", "start": 34, "end": 51}]}
        >>> copy = result_first_copy(row)
        >>> copy["text"], copy["id"], copy["group"]
        ('Orders recovered. We lost orders. I fixed the feed.', 'x#rf', 'x')
    """
    if row.get("style") != "written":
        return None
    text = str(row["text"])
    spans = sorted(row["spans"], key=lambda sp: sp["start"])
    if not spans or spans[-1]["label"] != "result" or len(spans) < 3:
        return None
    k = len(spans) - 1
    while k > 0 and spans[k - 1]["label"] == "result":
        k -= 1
    start = spans[k]["start"]
    if not text[:start].rstrip().endswith((".", "!", "?")) or text[spans[-1]["end"]:].strip():
        return None
    lab = train._char_labels(text, row["spans"])
    head = text[:start].rstrip()
    order = [*range(start, len(text)), -1, *range(0, len(head))]
    chars = [" " if i < 0 else text[i] for i in order]
    labs = [None if i < 0 else lab[i] for i in order]
    out = train._from_chars(row, chars, labs)
    return {**out, "id": f"{row['id']}#rf", "group": row["id"]}  # in its source's fold


def pinned_cases() -> list[tuple[str, str, list[str], tuple[str, ...], str | None]]:
    """The texts of two pinned behaviours of ``tests/test_segmenter.py`` (the resume register and the
    notes-register fragments), each with the labels, missing parts and last segment the suite expects."""
    import importlib.util

    spec = importlib.util.spec_from_file_location("pinned", Path(__file__).resolve().parents[1] / "tests" / "test_segmenter.py")
    assert spec is not None and spec.loader is not None
    pinned = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(pinned)
    closings = {("resume", pinned.RESUME_REGISTER_STEPS): [" Brought the average down to three days by April. Escalations stopped entirely."],
                ("notes", pinned.NOTES_REGISTER_STEPS): [" Sign-off from the regional manager within the month. The same sheet in every shop by summer.",
                                                         " A bonus for the whole desk. Lesson: count before you cut."]}
    cases: list[tuple[str, str, list[str], tuple[str, ...], str | None]] = []
    for (name, steps), endings in closings.items():
        cases.append((f"{name} steps", steps, ["situation", "task", "action"], ("result",), None))
        for e in endings:
            cases.append((f"{name} + {e.split('.')[0].strip()!r}", steps + e, ["situation", "task", "action", "result"], (), e.strip()))
    return cases


def pinned_readings(model: UnitSequenceModel, nlp: Any, *, show: bool = True) -> dict[str, bool]:
    """How ``model`` labels the texts of :func:`pinned_cases`: printed, and per case whether it is as the suite expects."""
    from star_nlp.segmenter import segment_doc

    held = {}
    for name, text, labels, missing, last in pinned_cases():
        lu = segment_doc(nlp(text), model)
        segments = lu.segments(text)
        got = [s.label for s in segments]
        held[name] = got == labels and lu.missing() == missing and (last is None or segments[-1].text == last)
        if show:
            print(f"  pinned {text[:24]!r}...{text[-28:]!r}: {got} missing {list(lu.missing())} "
                  f"last {segments[-1].text[:60]!r} ({'as expected' if held[name] else 'NOT as expected'})", flush=True)
    return held


def reading(model: UnitSequenceModel, presence: PresenceModel, d: dict[str, Any]) -> tuple[list[str], np.ndarray]:
    """How ``model`` with ``presence`` labels parsed document ``d``: its final unit labels and the presence probabilities."""
    proba, path, content = evidence(model, d)
    p = presence.predict_proba(proba, path, content)
    breaks = model.breaks(d["features"])
    return [model.labels_[i] for i in model.decode_with_presence(proba, path, p, breaks=breaks)], p


def evaluate(model: UnitSequenceModel, presence: PresenceModel, docs: Sequence[dict[str, Any]]) -> dict[str, Any]:
    """The figures of the module docstring on ``docs`` (parsed answers and their copies; transcripts skipped)."""
    result = STAR_LABELS.index("result")
    items, kept, whole, named, y, score, absorbed = [], [], [], [], [], [], []
    for d in docs:
        if d["id"].endswith("#stt"):
            continue
        labels, p = reading(model, presence, d)
        gold = set(d["labels"])
        if "#" not in d["id"]:
            items.append((d["text"], d["spans"], train._predicted_spans(d, labels)))
            gl = d["labels"]
            absorbed += [labels[i] == "result" for i in range(len(gl) - 1) if gl[i] == "action" and gl[i + 1] == "result"]
            if set(STAR_LABELS) <= gold:
                kept.append("result" in labels)
                whole.append(set(STAR_LABELS) <= set(labels))
                y.append(1)
                score.append(p[result])
        if "result" not in gold:
            named.append("result" not in labels)
            if d["id"].endswith("#nores") and set(STAR_LABELS) - {"result"} <= gold:
                y.append(0)
                score.append(p[result])
    k, n = float(np.mean(kept)), float(np.mean(named))
    return {"macro": train.token_macro_f1(items)["macro_f1"], "K": round(k, 4), "N": round(n, 4), "P": round((k + n) / 2, 4),
            "auc": round(float(roc_auc_score(y, score)), 4), "W": round(float(np.mean(whole)), 4), "complete": len(kept), "resultless": len(named),
            "absorbed": f"{sum(absorbed)}/{len(absorbed)}"}


#: Session 19's guards on the follow-up copies (rule 1 in RESULTS): what a copy teaches the labeller.
GUARDS = ("follow-up-weighted", "follow-up-chain", "follow-up-source-position", "follow-up-weighted-verb", "result-first-weighted")
#: The document weight of a follow-up copy in ``follow-up-weighted``.
COPY_WEIGHT = 0.5
POSITION_KEYS = ("rel_pos", "rel_pos_sq", "idx_frac")


def is_copy(d: dict[str, Any]) -> bool:
    return str(d["id"]).endswith(("#fu", "#rf"))


def source_positions(copies: Sequence[dict[str, Any]], sources: dict[str, dict[str, Any]]) -> tuple[list[dict[str, Any]], int, int]:
    """The copies with each unit whose text equals a unit of its source answer given that unit's
    position features; also how many units were matched, of how many."""
    out, matched, total = [], 0, 0
    for c in copies:
        src = sources[c["id"].removesuffix("#fu")]
        by_text = {src["text"][a:b]: f for (a, b), f in zip(src["offsets"], src["features"])}
        feats = []
        for (a, b), f in zip(c["offsets"], c["features"]):
            total += 1
            g = by_text.get(c["text"][a:b])
            if g is None:
                feats.append(f)
                continue
            matched += 1
            h = {k: v for k, v in f.items() if k not in POSITION_KEYS and not k.startswith("pos_bin=")}
            h.update({k: v for k, v in g.items() if k in POSITION_KEYS or k.startswith("pos_bin=")})
            feats.append(h)
        out.append({**c, "features": feats})
    return out, matched, total


def fit_labeller(mode: str, docs: Sequence[dict[str, Any]]) -> UnitSequenceModel:
    """The labeller of ``mode`` on labeller rows ``docs`` (answers, their copies for the labeller, follow-up copies)."""
    model = UnitSequenceModel(seed=train.SEED, **PARAMS)
    if mode in ("follow-up-weighted", "follow-up-weighted-verb", "result-first-weighted"):
        return model.fit([d["features"] for d in docs], [d["labels"] for d in docs],
                         weights=[COPY_WEIGHT if is_copy(d) else 1.0 for d in docs])
    if mode == "follow-up-chain":
        own = [d for d in docs if not is_copy(d)]
        model.fit([d["features"] for d in own], [d["labels"] for d in own])
        return model.fit_chain([d["labels"] for d in docs])
    return model.fit([d["features"] for d in docs], [d["labels"] for d in docs])


def oof_probas(mode: str, docs: Sequence[dict[str, Any]], folds: int = 5, seed: int = train.SEED) -> dict[str, tuple[np.ndarray, list[int], np.ndarray]]:
    """:func:`star_nlp.train._oof_probas` with the labeller of ``mode`` (folds grouped by answer, split with ``seed``; the training command's by default)."""
    kf = KFold(n_splits=folds, shuffle=True, random_state=seed)
    groups = sorted({d["group"] for d in docs})
    oof: dict[str, tuple[np.ndarray, list[int], np.ndarray]] = {}
    for _, test_g in kf.split(np.arange(len(groups))):
        test_groups = {groups[i] for i in test_g}
        model = fit_labeller(mode, [d for d in docs if d["group"] not in test_groups and not train._presence_only(d)])
        oof.update({d["id"]: evidence(model, d) for d in docs if d["group"] in test_groups})
    return oof


def evidence(model: UnitSequenceModel, d: dict[str, Any]) -> tuple[np.ndarray, list[int], np.ndarray]:
    """What the presence stage reads of parsed document ``d`` under ``model``: ``(proba, decoded path, content proba)``."""
    proba = model.predict_proba(d["features"])
    breaks = model.breaks(d["features"])
    return proba, model.decode(proba, breaks=breaks), model.predict_content_proba(d["features"])


@train.one_thread
def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("group", choices=["base", *GROUPS, "follow-up", "follow-up-own-subject", *GUARDS, "presence-monotone"])
    ap.add_argument("--cache", type=Path, default=None, help="presence_screen.py's cache of the parsed corpus and its out-of-fold output")
    ap.add_argument("--save", type=Path, default=None, help="also save the trained labeller (with its presence model) to this joblib file")
    ap.add_argument("--train-groups", nargs="+", choices=sorted(GROUPS), default=None,
                    help="with a group: train on these other groups only (default: every other group)")
    ap.add_argument("--with-diagnosis", action="store_true",
                    help="with a group: also train on the open diagnosis set (models/corpus/diagnosis; session 22's rule 9)")
    ap.add_argument("--model", type=Path, default=None,
                    help="with base: score this file of --save, or this training command's output folder, instead of the shipped model")
    ap.add_argument("--sealed", action="store_true",
                    help="with base: score the sealed batches (models/corpus/sealed) instead of the withheld groups; only under a written rule")
    a = ap.parse_args()
    if a.with_diagnosis and a.group not in GROUPS:
        ap.error(f"--with-diagnosis goes with a group ({sorted(GROUPS)}), not {a.group!r}")
    if a.sealed and a.group != "base":
        ap.error(f"--sealed goes with base only, not {a.group!r}")
    nlp = load_pipeline()
    if a.group == "base":
        shipped = load_artifact("segmenter.joblib")["model"] if a.model is None else scored_model(a.model)
        name_of = "base" if a.model is None else str(a.model)
        if a.sealed:
            sealed = parsed_folder("sealed", nlp)
            if not sealed:
                raise SystemExit("models/corpus/sealed holds no batches (each sealed group moves to withheld/ once a rule has read it)")
            for name in sorted({batch_of(d) for d in sealed}):
                print(name_of, "sealed", name, evaluate(shipped, shipped.presence_, [d for d in sealed if batch_of(d) == name]), flush=True)
            print(name_of, "sealed pooled", evaluate(shipped, shipped.presence_, sealed), flush=True)
            pinned_readings(shipped, nlp)
            return 0
        withheld = held_out(nlp)
        for name, members in GROUPS.items():
            print(name_of, name, evaluate(shipped, shipped.presence_, [d for d in withheld if batch_of(d) in members]), flush=True)
        pooled = set().union(*GROUPS.values())
        print(name_of, "pooled", evaluate(shipped, shipped.presence_, [d for d in withheld if batch_of(d) in pooled]), flush=True)
        pinned_readings(shipped, nlp)
        return 0
    withheld = held_out(nlp)
    data = corpus_data(a.cache, nlp)
    if a.group == "presence-monotone":
        return presence_monotone(data, withheld, nlp)
    if a.group == "result-first-weighted":
        copies = [c for c in map(result_first_copy, load_corpus()) if c is not None]
        other = train.build_unit_dataset(copies, nlp)
        print(f"{len(other)} Result-first copies", flush=True)
    elif a.group.startswith("follow-up"):
        rows = load_corpus()
        copies = [{**c, "id": c["id"].replace("#after", "#fu")} for c in train.augment(rows, ("follow_up",))]
        other = train.build_unit_dataset(copies, nlp)
        if a.group == "follow-up-own-subject":
            other = [d for d in other if moved_step_has_own_subject(d)]
        if a.group == "follow-up-weighted-verb":
            before = len(other)
            other = [d for d in other if moved_step_has_verb(d, nlp)]
            print(f"verb guard: {len(other)} of {before} follow-up copies kept", flush=True)
        if a.group == "follow-up-source-position":
            other, matched, total = source_positions(other, {d["id"]: d for d in data})
            print(f"source positions: {matched}/{total} copy units matched a source unit", flush=True)
    else:
        train_groups = [g for g in GROUPS if g != a.group] if a.train_groups is None else a.train_groups
        if a.group in train_groups:
            ap.error(f"--train-groups {train_groups} holds the test group {a.group}")
        other = [d for d in withheld if any(batch_of(d) in GROUPS[g] for g in train_groups)]
        if a.with_diagnosis:
            other += parsed_folder("diagnosis", nlp)
    docs = list(data) + other
    mode = a.group if a.group in GUARDS else "plain"
    oof = oof_probas(mode, docs)
    presence = fit_presence(docs, oof)
    model = fit_labeller(mode, [d for d in docs if not train._presence_only(d)])
    if a.group in GUARDS or a.group.startswith("follow-up"):
        for name, members in GROUPS.items():
            print(f"{a.group}: plus {len(other)} {'Result-first' if a.group == 'result-first-weighted' else 'follow-up'} copies, test", name, evaluate(model, presence, [d for d in withheld if batch_of(d) in members]), flush=True)
        model.presence_ = presence
        pinned_readings(model, nlp)
        if a.save is not None:
            joblib.dump(model, a.save)
        return 0
    test = [d for d in withheld if batch_of(d) in GROUPS[a.group]]
    print("plus", sorted({batch_of(d) for d in other}), "test", a.group, evaluate(model, presence, test), flush=True)
    model.presence_ = presence
    pinned_readings(model, nlp)
    if a.save is not None:
        joblib.dump(model, a.save)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
