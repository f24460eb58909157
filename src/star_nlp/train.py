"""Training: rebuild the shipped models from the corpus, reproducibly.

``python -m star_nlp.train`` (or ``star-nlp train``) parses ``models/corpus``, cross-validates the
model families on the same answer-grouped folds, keeps the best, fits it on the whole corpus and
writes ``models/artifacts/segmenter.joblib`` with its metadata (training-data hash, versions,
cross-validated metrics) and the manifest. Seeds are fixed, and every fit runs on one native thread
(:func:`one_thread`) because a threaded fit's last digits depend on the thread count; the metadata
records the counts (:func:`native_threads`; README, "Training data and retraining").

Example:
    >>> token_macro_f1([("a b c", [{"label": "action", "start": 0, "end": 5}], [("action", 0, 5)])])["macro_f1"]
    0.25
"""

from __future__ import annotations

import argparse
import copy
import functools
import json
import platform
import re
import sys
from collections.abc import Callable, Iterable, Iterator, Sequence
from importlib import metadata
from pathlib import Path
from typing import Any, TypeVar

import numpy as np
import sklearn
import spacy
from sklearn.model_selection import KFold
from threadpoolctl import threadpool_info, threadpool_limits

from ._version import __version__
from .artifacts import default_artifact_dir, save_artifact
from .corpus import LABELS as SEGMENT_LABELS
from .corpus import STAR_LABELS, corpus_hash, load_corpus, load_endings
from .features import unit_features
from .pipeline import load_pipeline
from .segmenter import ENSURED, FAMILIES, PRESENCE_FAMILIES, PresenceModel, UnitSequenceModel
from .units import split_units

__all__ = ["build_unit_dataset", "candidates_of", "choose_labeller", "chosen_from", "cross_validate", "evaluate_candidate", "fit_decoder_weights", "labeller_score", "native_threads", "one_thread", "presence_folds", "presence_score", "token_macro_f1", "train_segmenter", "main"]

SEED = 13
Progress = Callable[[str], None]
_F = TypeVar("_F", bound=Callable[..., Any])


def native_threads() -> dict[str, int]:
    """The thread count of each native thread pool (OpenMP, BLAS) in use: scikit-learn's solvers sum
    in per-thread chunks, so a fit's last digits depend on it; training records it with the artifact.

    Example:
        >>> all(isinstance(n, int) and n >= 1 for n in native_threads().values())
        True
    """
    out: dict[str, int] = {}
    for pool in threadpool_info():
        key = f"{pool['user_api']}:{pool['internal_api']}"
        out[key] = max(out.get(key, 0), int(pool["num_threads"]))
    return dict(sorted(out.items()))  # sorted: the pools are listed in the order their libraries were loaded


def one_thread(func: _F) -> _F:
    """Run ``func`` with every native thread pool (OpenMP, BLAS) limited to one thread, restored after.

    Threaded solvers sum in per-thread chunks, so a fit's last digits depend on the thread count
    and the tree presence model magnifies them (``benchmarks/RESULTS.md``, session 20). Training
    is pinned to one thread so that, under the same library versions, the command rebuilds the same
    artifact on any machine.

    Example:
        >>> one_thread(native_threads)() == {k: 1 for k in native_threads()}
        True
    """

    @functools.wraps(func)
    def pinned(*args: Any, **kwargs: Any) -> Any:
        with threadpool_limits(limits=1):
            return func(*args, **kwargs)

    return pinned  # type: ignore[return-value]


def _char_labels(text: str, spans: Iterable[dict[str, Any]]) -> list[str | None]:
    lab: list[str | None] = [None] * len(text)
    for s in spans:
        for i in range(s["start"], s["end"]):
            lab[i] = s["label"]
    return lab


def unit_gold_label(span_start: int, span_end: int, char_labels: Sequence[str | None], text: str) -> str:
    """Majority gold label over a unit's non-space characters (``other`` when none is labelled)."""
    counts: dict[str, int] = {}
    for i in range(span_start, span_end):
        lab = char_labels[i]
        if lab is not None and not text[i].isspace():
            counts[lab] = counts.get(lab, 0) + 1
    return max(counts, key=lambda k: counts[k]) if counts else "other"


_STT_PUNCT = set('.,!?;:"\u201c\u201d')


def _rebuild(row: dict[str, Any], keep: Callable[[int, str | None], bool], lower: bool) -> dict[str, Any]:
    """Copy of ``row`` keeping characters for which ``keep(i, label)`` holds, with spans carried along."""
    text = str(row["text"])
    lab = _char_labels(text, row["spans"])
    chars, labs = [], []
    for i, (ch, lb) in enumerate(zip(text, lab)):
        if keep(i, lb):
            chars.append(ch.lower() if lower else ch)
            labs.append(lb)
    return _from_chars(row, chars, labs)


def _from_chars(row: dict[str, Any], chars: Sequence[str], labs: Sequence[str | None]) -> dict[str, Any]:
    """Copy of ``row`` with the given characters and their labels (spans rebuilt from the labels)."""
    new_text = "".join(chars).rstrip()
    labs = labs[: len(new_text)]
    spans: list[dict[str, Any]] = []
    for i, lb in enumerate(labs):
        if lb is None or new_text[i].isspace():
            continue
        if spans and spans[-1]["label"] == lb and all(labs[k] in (lb, None) or new_text[k].isspace() for k in range(spans[-1]["end"], i)):
            spans[-1]["end"] = i + 1
        else:
            spans.append({"label": lb, "start": i, "end": i + 1})
    return {**row, "text": new_text, "spans": spans}


AUGMENTATIONS: tuple[str, ...] = ("transcript", "no_result")
#: Id endings of the copies that teach only the presence model (the labeller never trains on them).
PRESENCE_ONLY: tuple[str, ...] = ("#nores", "#after")
_SENTENCE_END = re.compile(r"[.!?][\"'\u201d\u2019)]*\s+")


def _presence_only(d: dict[str, Any]) -> bool:
    return str(d["id"]).endswith(PRESENCE_ONLY)


def follow_up_copy(row: dict[str, Any]) -> dict[str, Any] | None:
    """A copy of a written answer that goes on after its Result: the last sentence of the Action
    told just before the Result is moved to just after it (a step told after the outcome), with the
    gold labels carried. ``None`` when the answer has no such Action of two or more sentences.

    Example:
        >>> row = {"id": "x", "text": "We lost orders. I traced it. I fixed the feed. Orders recovered.",
        ...        "spans": [{"label": "situation", "start": 0, "end": 15}, {"label": "action", "start": 16, "end": 46},
        ...                  {"label": "result", "start": 47, "end": 64}]}
        >>> follow_up_copy(row)["text"]
        'We lost orders. I traced it. Orders recovered. I fixed the feed.'
    """
    text = str(row["text"])
    spans = sorted(row["spans"], key=lambda sp: sp["start"])
    for k in range(len(spans) - 1):
        action, result = spans[k], spans[k + 1]
        if action["label"] != "action" or result["label"] != "result":
            continue
        j = k + 1
        while j + 1 < len(spans) and spans[j + 1]["label"] == "result":
            j += 1
        cuts = [m for m in _SENTENCE_END.finditer(text, action["start"], action["end"]) if m.end() < action["end"]]
        if not cuts:
            return None
        # the moved sentence starts after the whitespace; what stays ends on its punctuation
        keep = cuts[-1].start() + len(cuts[-1].group().rstrip())
        cut, end, after = cuts[-1].end(), action["end"], spans[j]["end"]
        lab = _char_labels(text, row["spans"])
        order = [*range(0, keep), *range(end, after), -1, *range(cut, end), *range(after, len(text))]
        chars = [" " if i < 0 else text[i] for i in order]
        labs = [None if i < 0 else lab[i] for i in order]
        return _from_chars(row, chars, labs)
    return None


def augment(rows: Sequence[dict[str, Any]], kinds: Sequence[str] = AUGMENTATIONS) -> list[dict[str, Any]]:
    """Training-only copies of our own answers: as a speech-to-text transcript (lower case, no
    punctuation) of each written answer, and each answer with its Result removed, so the model
    learns to find parts without full stops and to tell an ending that reports no outcome. The
    ``follow_up`` kind adds :func:`follow_up_copy` of each written answer (a step told after the
    outcome), so that a Result is not judged absent just because the answer goes on after it."""
    out = []
    for row in rows:
        text = str(row["text"])
        if "transcript" in kinds and row.get("style") != "transcript":
            t = _rebuild(row, lambda i, lb: text[i] not in _STT_PUNCT, lower=True)
            out.append({**t, "id": f"{row['id']}#stt", "group": row["id"], "style": "transcript"})
        labels = {sp["label"] for sp in row["spans"]}
        if "no_result" in kinds and "result" in labels and len(labels - {"result", "other"}) >= 2:
            t = _rebuild(row, lambda i, lb: lb != "result", lower=False)
            if t["spans"]:
                out.append({**t, "id": f"{row['id']}#nores", "group": row["id"]})
        if "follow_up" in kinds and row.get("style") != "transcript":
            f = follow_up_copy(row)
            if f is not None:
                out.append({**f, "id": f"{row['id']}#after", "group": row["id"]})
    return out


def build_unit_dataset(rows: Sequence[dict[str, Any]], nlp: spacy.Language, progress: Progress | None = None) -> list[dict[str, Any]]:
    """Parse answers and return, per answer, its units' features, gold labels and char offsets."""
    out = []
    texts = [str(r["text"]) for r in rows]
    for k, (row, doc) in enumerate(zip(rows, nlp.pipe(texts, batch_size=32))):
        units = split_units(doc)
        lab = _char_labels(doc.text, row["spans"])
        out.append(
            {
                "id": row["id"],
                "group": row.get("group", row["id"]),
                "text": doc.text,
                "spans": row["spans"],
                "style": row.get("style"),
                "offsets": [(u.start_char, u.end_char) for u in units],
                "features": unit_features(doc, units),
                "labels": [unit_gold_label(u.start_char, u.end_char, lab, doc.text) for u in units],
            }
        )
        if progress and (k + 1) % 100 == 0:
            progress(f"parsed {k + 1}/{len(rows)} answers")
    return out


#: Extra labeller rows: per ending, its units' features and labels (:func:`ending_units`).
EndingUnits = tuple[list[list[dict[str, float]]], list[list[str]]]


def ending_units(docs: Sequence[dict[str, Any]]) -> EndingUnits:
    """The labeller rows of parsed answer endings (:func:`star_nlp.corpus.load_endings` through
    :func:`build_unit_dataset`): their step and outcome units, without the setup units (labelled
    ``situation`` by :func:`star_nlp.corpus.ending_row`, as they may be Situation or Task).

    Example:
        >>> ending_units([{"features": [{"a": 1.0}, {"b": 1.0}], "labels": ["situation", "result"]}])
        ([[{'b': 1.0}]], [['result']])
    """
    features, labels = [], []
    for d in docs:
        keep = [i for i, lab in enumerate(d["labels"]) if lab != "situation"]
        if keep:
            features.append([d["features"][i] for i in keep])
            labels.append([d["labels"][i] for i in keep])
    return features, labels


def token_macro_f1(items: Iterable[tuple[str, Sequence[dict[str, Any]], Sequence[tuple[str, int, int]]]]) -> dict[str, Any]:
    """Token-level accuracy and macro-F1 over the four STAR labels, as the shared scorer computes them.

    Args:
        items: ``(text, gold_spans, predicted (label, start, end))`` triples.
    """
    labels = list(STAR_LABELS)
    conf = {g: {p: 0 for p in labels + ["other"]} for g in labels}
    for text, gold, pred in items:
        glab = _char_labels(text, gold)
        plab = ["other"] * len(text)
        for lab, a, b in pred:
            for i in range(max(0, a), min(len(text), b)):
                plab[i] = lab if lab in labels else "other"
        for m in re.finditer(r"\S+", text):
            g = glab[m.start()]
            if g is None or g not in labels:
                continue
            conf[g][plab[m.start()]] += 1
    f1 = {}
    for lab in labels:
        tp = conf[lab][lab]
        fp = sum(conf[g][lab] for g in labels if g != lab)
        fn = sum(v for p, v in conf[lab].items() if p != lab)
        prec = tp / (tp + fp) if tp + fp else 0.0
        rec = tp / (tp + fn) if tp + fn else 0.0
        f1[lab] = 2 * prec * rec / (prec + rec) if prec + rec else 0.0
    total = sum(sum(r.values()) for r in conf.values())
    acc = sum(conf[lab][lab] for lab in labels) / total if total else 0.0
    return {"accuracy": round(acc, 4), "macro_f1": round(sum(f1.values()) / 4, 4), "f1": {k: round(v, 3) for k, v in f1.items()}}


def _predicted_spans(item: dict[str, Any], labels: Sequence[str]) -> list[tuple[str, int, int]]:
    return [(lab, a, b) for lab, (a, b) in zip(labels, item["offsets"])]


def _expected_calibration_error(conf: np.ndarray, correct: np.ndarray, bins: int = 10) -> float:
    ece = 0.0
    for lo in np.linspace(0, 1, bins, endpoint=False):
        mask = (conf >= lo) & (conf < lo + 1 / bins)
        if mask.any():
            ece += mask.mean() * abs(conf[mask].mean() - correct[mask].mean())
    return float(ece)


def _presence_targets(d: dict[str, Any]) -> list[int]:
    return [int(lab in d["labels"]) for lab in STAR_LABELS]


def _presence_judged(d: dict[str, Any]) -> list[bool]:
    """Which presence models a document trains: a presence-only copy only teaches the Result."""
    copy = _presence_only(d)
    return [not copy or lab == "result" for lab in STAR_LABELS]


def _oof_probas(
    data: Sequence[dict[str, Any]], params: dict[str, Any], folds: int, extra: EndingUnits | None = None
) -> dict[str, tuple[np.ndarray, list[int], np.ndarray, UnitSequenceModel]]:
    """Out-of-fold unit probabilities and decoded paths for every document (folds grouped by answer).

    The labeller never trains on the presence-only copies (:data:`PRESENCE_ONLY`); every fold's
    labeller also learns from ``extra`` (:func:`ending_units`), which is never scored.
    """
    kf = KFold(n_splits=folds, shuffle=True, random_state=SEED)
    groups = sorted({d["group"] for d in data})
    oof: dict[str, tuple[np.ndarray, list[int], np.ndarray, UnitSequenceModel]] = {}
    for _, test_g in kf.split(np.arange(len(groups))):
        test_groups = {groups[i] for i in test_g}
        train = [d for d in data if d["group"] not in test_groups and not _presence_only(d)]
        model = UnitSequenceModel(seed=SEED, **params).fit([d["features"] for d in train], [d["labels"] for d in train], extra=extra)
        for d in data:
            if d["group"] in test_groups:
                proba = model.predict_proba(d["features"])
                oof[d["id"]] = (proba, model.decode(proba, breaks=model.breaks(d["features"])), model.predict_content_proba(d["features"]), model)
    return oof


def presence_folds(
    data: Sequence[dict[str, Any]],
    oof: dict[str, tuple[np.ndarray, list[int], np.ndarray, UnitSequenceModel]],
    folds: int = 5,
    *,
    presence_family: str = "logreg",
    ensured: Sequence[int] = ENSURED,
    seed: int = SEED + 1,
    make_presence: Callable[[], PresenceModel] | None = None,
) -> Iterator[tuple[PresenceModel, set[str]]]:
    """The presence stage's cross-validation folds: per fold (grouped by answer, split with
    ``seed``, by default the training run's), a presence model fitted on the other folds'
    out-of-fold labeller output, and the groups it is to judge.

    ``make_presence`` builds each fold's unfitted model (default: ``PresenceModel`` of
    ``presence_family`` judging ``ensured``); screens of other presence models pass their own.
    """
    kf = KFold(n_splits=folds, shuffle=True, random_state=seed)
    groups = sorted({d["group"] for d in data})
    for _, test_g in kf.split(np.arange(len(groups))):
        test_groups = {groups[i] for i in test_g}
        train = [d for d in data if d["group"] not in test_groups]
        unfitted = make_presence() if make_presence is not None else PresenceModel(family=presence_family, seed=SEED, ensured=ensured)
        presence = unfitted.fit(
            [oof[d["id"]][:3] for d in train],
            np.array([_presence_targets(d) for d in train]),
            np.array([_presence_judged(d) for d in train]),
        )
        yield presence, test_groups


def cross_validate(
    data: Sequence[dict[str, Any]],
    params: dict[str, Any],
    folds: int = 5,
    *,
    presence_family: str = "logreg",
    ensured: Sequence[int] = ENSURED,
    oof: dict[str, tuple[np.ndarray, list[int], np.ndarray, UnitSequenceModel]] | None = None,
    presence_seed: int = SEED + 1,
    make_presence: Callable[[], PresenceModel] | None = None,
    extra: EndingUnits | None = None,
    result_cut: float = 0.5,
) -> dict[str, Any]:
    """K-fold cross-validation grouped by answer (an answer and its augmented copies share a fold).

    Stage one: out-of-fold unit probabilities (or ``oof`` from an earlier run with the same
    ``params``). Stage two: the presence model (``presence_family``), cross-validated on those with
    the same folds, decides whether the Result is absent (the decoded labels then avoid it) and,
    for the ``ensured`` labels (the Task), whether one is present though none was decoded (the
    decoding then uses it). Returns token figures on our answers and on their transcript copies,
    how often a removed Result is reported missing, how often a complete answer keeps all four
    parts, how often an answer without a Task is credited with one, and calibration; with
    follow-up copies in ``data`` (``augment(..., ("follow_up",))``), how often those keep their
    Result (``follow_up_kept_result``; they count in no other figure).
    ``presence_seed`` and ``make_presence`` are passed to :func:`presence_folds`; ``extra``
    (:func:`ending_units`) joins every fold's labeller training when ``oof`` is computed here;
    ``result_cut`` is the presence probability under which the Result is judged absent.
    """
    if oof is None:
        oof = _oof_probas(data, params, folds, extra)
    names = list(SEGMENT_LABELS)
    items, confs, corrects = [], [], []
    stt_items: list[Any] = []
    nores = [0, 0]
    after = [0, 0]  # follow-up copies keeping their Result, copies
    complete = [0, 0, 0]  # kept all four parts, answers, kept the Result
    taskless = [0, 0]  # answers without a Task credited with one, answers without a Task
    plain_items: list[Any] = []
    fold_models = presence_folds(data, oof, folds, presence_family=presence_family, ensured=ensured, seed=presence_seed, make_presence=make_presence)
    for presence, test_groups in fold_models:
        for d in data:
            if d["group"] not in test_groups:
                continue
            proba, path, content, fold_model = oof[d["id"]]
            p_present = presence.predict_proba(proba, path, content)
            final = fold_model.decode_with_presence(proba, path, p_present, cut=result_cut, ensured=ensured, breaks=fold_model.breaks(d["features"]))
            labels = [names[i] for i in final]
            if d["id"].endswith("#stt"):
                stt_items.append((d["text"], d["spans"], _predicted_spans(d, labels)))
            elif d["id"].endswith("#nores"):
                nores[0] += "result" not in labels
                nores[1] += 1
            elif d["id"].endswith("#after"):
                after[0] += "result" in labels
                after[1] += 1
            else:
                items.append((d["text"], d["spans"], _predicted_spans(d, labels)))
                plain_items.append((d["text"], d["spans"], _predicted_spans(d, [names[i] for i in path])))
                confs += [float(proba[t, i]) for t, i in enumerate(final)]
                corrects += [p == g for p, g in zip(labels, d["labels"])]
                if all(lab in d["labels"] for lab in STAR_LABELS):
                    complete[0] += all(lab in labels for lab in STAR_LABELS)
                    complete[1] += 1
                    complete[2] += "result" in labels
                if "task" not in d["labels"]:
                    taskless[0] += "task" in labels
                    taskless[1] += 1
    res = token_macro_f1(items)
    res["without_presence_model"] = token_macro_f1(plain_items)["macro_f1"]
    res["transcript_copies"] = token_macro_f1(stt_items)
    res["result_removed_flagged"] = round(nores[0] / max(1, nores[1]), 4)
    if after[1]:
        res["follow_up_kept_result"] = round(after[0] / after[1], 4)
    res["complete_kept_complete"] = round(complete[0] / max(1, complete[1]), 4)
    res["complete_kept_result"] = round(complete[2] / max(1, complete[1]), 4)
    res["taskless_credited_task"] = round(taskless[0] / max(1, taskless[1]), 4)
    res["unit_accuracy"] = round(float(np.mean(corrects)), 4)
    res["ece"] = round(_expected_calibration_error(np.array(confs), np.array(corrects, dtype=float)), 4)
    res["_oof"] = oof
    return res


def labeller_score(cv: dict[str, Any]) -> tuple[float, float]:
    """How labeller candidates are ranked: the mean of the three cross-validated figures issue 4
    sets targets for (token macro-F1, removed Results reported, complete answers reported whole),
    then macro-F1. Macro-F1 alone let candidates 0.0001 apart swap places while one reported
    1.7 points fewer removed Results.

    Example:
        >>> labeller_score({"macro_f1": 0.9, "result_removed_flagged": 0.9, "complete_kept_complete": 0.96})
        (0.92, 0.9)
    """
    figures = (cv["macro_f1"], cv["result_removed_flagged"], cv["complete_kept_complete"])
    return (round(sum(figures) / 3, 4), cv["macro_f1"])


#: The (transition weight, prior weight) pairs :func:`fit_decoder_weights` chooses from.
DECODER_GRID: tuple[tuple[float, float], ...] = tuple(
    (tw / 10, wp / 10) for tw in range(0, 16) for wp in range(0, 11)
)


def _with_weights(models: dict[int, UnitSequenceModel], model: UnitSequenceModel, transition_weight: float, prior_weight: float, end_scores: bool = False) -> UnitSequenceModel:
    """A fold model's copy that decodes with other Viterbi weights (one copy per fold, cached in ``models``)."""
    if id(model) not in models:
        models[id(model)] = copy.copy(model)
        models[id(model)].transition_weight, models[id(model)].prior_weight = transition_weight, prior_weight
        models[id(model)].end_scores = end_scores
    return models[id(model)]


def _reweighted_oof(
    oof: dict[str, tuple[np.ndarray, list[int], np.ndarray, UnitSequenceModel]],
    transition_weight: float,
    prior_weight: float,
    end_scores: bool = False,
    *,
    features: dict[str, Sequence[dict[str, float]]],
) -> dict[str, tuple[np.ndarray, list[int], np.ndarray, UnitSequenceModel]]:
    """The out-of-fold output decoded again with other Viterbi weights (same fold models).

    ``features`` (document id to its units' features, for every id of ``oof``) gives a
    sentence-chain model the sentence breaks it decodes with (:meth:`UnitSequenceModel.breaks`).
    """
    models: dict[int, UnitSequenceModel] = {}
    out = {}
    for key, (proba, _path, content, model) in oof.items():
        new = _with_weights(models, model, transition_weight, prior_weight, end_scores)
        out[key] = (proba, new.decode(proba, breaks=new.breaks(features[key])), content, new)
    return out


def _oof_log_likelihood(written: Sequence[dict[str, Any]], oof: dict[str, tuple[np.ndarray, list[int], np.ndarray, UnitSequenceModel]], transition_weight: float, prior_weight: float, end_scores: bool = False) -> float:
    """Summed log-likelihood of the answers' gold label paths under their fold models, decoded with these weights."""
    models: dict[int, UnitSequenceModel] = {}
    total = 0.0
    for d in written:
        proba, _path, _content, model = oof[d["id"]]
        m = _with_weights(models, model, transition_weight, prior_weight, end_scores)
        total += m.sequence_log_likelihood(proba, [m.labels_.index(y) for y in d["labels"]], breaks=m.breaks(d.get("features", ())))
    return total


def fit_decoder_weights(
    data: Sequence[dict[str, Any]],
    oof: dict[str, tuple[np.ndarray, list[int], np.ndarray, UnitSequenceModel]],
    grid: Sequence[tuple[float, float]] = DECODER_GRID,
    end_options: Sequence[bool] = (False,),
) -> dict[str, Any]:
    """The Viterbi weights that make the gold label sequences most likely out of fold.

    The labeller's unit probabilities already see the neighbouring units, so the count-based
    transitions should not be added at full weight by default. This chooses the (transition,
    prior) weights maximising the summed :meth:`UnitSequenceModel.sequence_log_likelihood` of
    the written answers (augmented copies excluded) under their fold model: a proper score, on
    held-out answers of the corpus only.

    With ``end_options=(False, True)`` it also chooses whether the chain scores where answers stop
    (``UnitSequenceModel(end_scores=True)``).

    Returns:
        ``{"transition_weight", "prior_weight", "log_likelihood", "answers"}``; when end scores were
        among the options, also ``"end_scores"`` and the best weights with and without them.

    Example:
        >>> import numpy as np
        >>> m = UnitSequenceModel()
        >>> m.log_trans_ = np.log(np.array([[0.9, 0.1], [0.1, 0.9]]))
        >>> m.log_start_ = m.log_prior_ = np.log(np.array([0.5, 0.5]))
        >>> m.labels_ = ["a", "b"]
        >>> oof = {"x": (np.array([[0.6, 0.4], [0.6, 0.4], [0.6, 0.4]]), [], np.zeros(0), m)}
        >>> data = [{"id": "x", "labels": ["a", "a", "a"]}]
        >>> fit_decoder_weights(data, oof, grid=[(0.0, 0.0), (1.0, 0.0)])["transition_weight"]
        1.0
    """
    written = [d for d in data if "#" not in str(d["id"])]
    if not written:
        raise ValueError("no written answers to fit the decoder on (every id is an augmented copy)")
    scored = {(tw, wp, end): _oof_log_likelihood(written, oof, tw, wp, end) for end in end_options for tw, wp in grid}
    best = max(scored, key=lambda g: scored[g])  # the first of equals, in grid order
    out = {"transition_weight": best[0], "prior_weight": best[1], "log_likelihood": round(scored[best], 2), "answers": len(written)}
    if len(end_options) > 1 or best[2]:
        out["end_scores"] = best[2]
        for end in end_options:
            alt = max((g for g in scored if g[2] == end), key=lambda g: scored[g])
            out[f"best_{'with' if end else 'without'}_end_scores"] = {"transition_weight": alt[0], "prior_weight": alt[1], "log_likelihood": round(scored[alt], 2)}
    return out


def presence_score(cv: dict[str, Any]) -> tuple[float, float]:
    """How presence families are compared on one labeller's output: the mean of the two figures the
    presence model exists for (removed Results reported, complete answers keeping their Result),
    then macro-F1.

    Example:
        >>> presence_score({"result_removed_flagged": 0.9, "complete_kept_result": 0.96, "macro_f1": 0.92})
        (0.93, 0.92)
    """
    return (round((cv["result_removed_flagged"] + cv["complete_kept_result"]) / 2, 4), cv["macro_f1"])


#: Labeller families that ship without scikit-learn estimators: numpy weights
#: (``UnitSequenceModel.compact``) or CRFsuite's own model bytes.
SHIPPABLE_FAMILIES: tuple[str, ...] = ("logreg", "crf")

#: The labeller family shipped so far, and the margin another family must beat it by. A family
#: switch changes how every answer is decoded; a rank difference below the margin is within what
#: another fold split moves (the same 0.003 every other change to the segmenter must clear).
INCUMBENT_FAMILY = "logreg"
FAMILY_MARGIN = 0.003


def choose_labeller(
    results: Sequence[dict[str, Any]], incumbent: str = INCUMBENT_FAMILY, margin: float = FAMILY_MARGIN, among: Sequence[str] | None = None
) -> dict[str, Any]:
    """The labeller to ship: the best shippable candidate by :func:`labeller_score`, except that
    the ``incumbent`` family's best is kept unless the winner of another family beats it by more
    than ``margin``.

    ``among`` names the families it may choose (default: every shippable one); candidates of the
    other families are compared (and recorded by the training command) but never chosen.

    Example:
        >>> cv = lambda m: {"macro_f1": m, "result_removed_flagged": m, "complete_kept_complete": m}
        >>> runs = [{"params": {"family": "logreg"}, "cv": cv(0.925)}, {"params": {"family": "crf"}, "cv": cv(0.927)}]
        >>> choose_labeller(runs)["params"]["family"]
        'logreg'
        >>> choose_labeller(runs, margin=0.001)["params"]["family"]
        'crf'
        >>> choose_labeller(runs, margin=0.001, among=["logreg"])["params"]["family"]
        'logreg'
    """
    allowed = chosen_from(among)
    shippable = [r for r in results if r["params"]["family"] in allowed]
    if not shippable:
        raise ValueError(f"no candidate of a shippable family {list(allowed)}")
    best = max(shippable, key=lambda r: labeller_score(r["cv"]))
    own = [r for r in shippable if r["params"]["family"] == incumbent]
    if own:
        kept = max(own, key=lambda r: labeller_score(r["cv"]))
        if labeller_score(best["cv"])[0] - labeller_score(kept["cv"])[0] <= margin:
            return kept
    return best


def chosen_from(families: Sequence[str] | None = None) -> tuple[str, ...]:
    """The families the training command may ship a labeller of, in :data:`SHIPPABLE_FAMILIES` order.

    ``None`` means every shippable family. ``star-nlp train --choose-from logreg`` still
    cross-validates (and records) every family's candidates, but ships only a logistic labeller.

    Raises:
        ValueError: When a family named is not one that can ship.

    Example:
        >>> chosen_from()
        ('logreg', 'crf')
        >>> chosen_from(["crf", "logreg"])
        ('logreg', 'crf')
        >>> chosen_from(["svm"])
        Traceback (most recent call last):
        ...
        ValueError: the family 'svm' cannot ship; choose from ['logreg', 'crf']
    """
    if families is None:
        return SHIPPABLE_FAMILIES
    for f in families:
        if f not in SHIPPABLE_FAMILIES:
            raise ValueError(f"the family {f!r} cannot ship; choose from {list(SHIPPABLE_FAMILIES)}")
    return tuple(f for f in SHIPPABLE_FAMILIES if f in families)


#: The labellers compared. A Viterbi-decoded one (transition weight above 0) lists hand-set
#: weights: training replaces them by :func:`fit_decoder_weights` and records both; it decodes with
#: a sentence chain (:class:`~star_nlp.segmenter.UnitSequenceModel`, ``sentence_chain``).
CANDIDATES: tuple[dict[str, Any], ...] = (
    {"family": "logreg", "C": 0.3, "transition_weight": 1.0, "prior_weight": 0.5, "sentence_chain": True},
    {"family": "logreg", "C": 1.0, "transition_weight": 1.0, "prior_weight": 0.5, "sentence_chain": True},
    {"family": "logreg", "C": 0.3, "transition_weight": 0.0, "prior_weight": 0.0},
    {"family": "svm", "C": 0.1, "transition_weight": 1.0, "prior_weight": 0.5, "sentence_chain": True},
    # a linear-chain CRF (L2 1.0) learns transitions with the weights; decoded from its marginals
    {"family": "crf", "C": 1.0, "transition_weight": 0.0, "prior_weight": 0.0},
)


def candidates_of(families: Sequence[str] | None = None) -> tuple[dict[str, Any], ...]:
    """The labeller candidates of the given families, in :data:`CANDIDATES` order (all when ``None``).

    A user who wants a labeller of one family (for example plain numpy weights, without CRFsuite)
    trains with ``star-nlp train --family logreg``; the rank rule then chooses among that family only,
    and the artifact records no other family's figures. To ship one family while the artifact still
    records the comparison of every family (as the repository's shipped artifact must), train with
    ``--choose-from`` instead (:func:`chosen_from`).

    Raises:
        ValueError: When a family has no candidate, or none of the chosen families can ship.

    Example:
        >>> [c["C"] for c in candidates_of(["logreg"])]
        [0.3, 1.0, 0.3]
        >>> candidates_of(["svm"])
        Traceback (most recent call last):
        ...
        ValueError: none of the families ['svm'] ships; choose at least one of ['logreg', 'crf']
    """
    if families is None:
        return CANDIDATES
    known = sorted({c["family"] for c in CANDIDATES})
    unknown = [f for f in families if f not in known]
    if unknown:
        raise ValueError(f"no labeller candidate of family {unknown[0]!r}; choose from {known}")
    if not any(f in SHIPPABLE_FAMILIES for f in families):
        raise ValueError(f"none of the families {sorted(set(families))} ships; choose at least one of {list(SHIPPABLE_FAMILIES)}")
    return tuple(c for c in CANDIDATES if c["family"] in families)


def evaluate_candidate(
    data: Sequence[dict[str, Any]], params: dict[str, Any], folds: int = 5, *, progress: Progress | None = None, extra: EndingUnits | None = None
) -> dict[str, Any]:
    """Cross-validate one labeller candidate the way the training command ranks it.

    A Viterbi-decoded candidate (transition weight above 0) is decoded with the weights
    :func:`fit_decoder_weights` finds on its out-of-fold output; the hand-set weights' figures and
    log-likelihood are kept beside them (``["decoder_fit"]["hand_set"]``). Both presence families
    are cross-validated on its output and the one with the better :func:`presence_score` is the
    one it is ranked under (``["presence_family"]``, ``["cv"]``; all in ``["presence_candidates"]``).

    Returns:
        ``{"params", "oof", "cv", "presence_family", "presence_candidates"}`` and, for a Viterbi
        candidate, ``"decoder_fit"``; ``params`` holds the fitted weights.
    """
    say = progress or (lambda _msg: None)

    def under_each_presence_family(params: dict[str, Any], oof: dict[str, Any], first: dict[str, Any] | None = None) -> dict[str, dict[str, Any]]:
        """The candidate's cross-validated figures under every presence family (``first``: the logistic ones, if known)."""
        out: dict[str, dict[str, Any]] = {}
        for family in PRESENCE_FAMILIES:
            if family == "logreg" and first is not None:
                out[family] = first
                continue
            out[family] = cross_validate(data, params, folds, presence_family=family, oof=oof)
            out[family].pop("_oof", None)
        return out

    cv = cross_validate(data, params, folds=folds, extra=extra)
    oof = cv.pop("_oof")
    say(f"{params}: {json.dumps(cv)}")
    by_family = under_each_presence_family(params, oof, cv)
    entry: dict[str, Any] = {"params": dict(params), "oof": oof}
    if params["transition_weight"] > 0:
        # A Viterbi-decoded labeller: its weights are fitted by held-out likelihood; the
        # hand-set weights' figures are kept beside them.
        fit = fit_decoder_weights(data, oof)
        tuned = dict(params, transition_weight=fit["transition_weight"], prior_weight=fit["prior_weight"])
        written = [d for d in data if "#" not in str(d["id"])]
        hand_ll = _oof_log_likelihood(written, oof, params["transition_weight"], params["prior_weight"])
        hand_set = by_family
        oof = _reweighted_oof(oof, fit["transition_weight"], fit["prior_weight"], features={d["id"]: d["features"] for d in data})
        by_family = under_each_presence_family(tuned, oof)
        entry = {"params": tuned, "oof": oof, "decoder_fit": fit}
    # ranked under the presence family it would ship with (the presence score)
    family = max(PRESENCE_FAMILIES, key=lambda f: presence_score(by_family[f]))
    entry.update(cv=by_family[family], presence_family=family, presence_candidates=by_family)
    if "decoder_fit" in entry:
        entry["decoder_fit"]["hand_set"] = {"params": dict(params), "cv": hand_set[family], "log_likelihood": round(hand_ll, 2)}
    say(f"{entry['params']} (presence {family}): {json.dumps(entry['cv'])}")
    return entry


@one_thread
def train_segmenter(
    corpus_dir: str | Path | None = None,
    out_dir: str | Path | None = None,
    *,
    candidates: Sequence[dict[str, Any]] = CANDIDATES,
    folds: int = 5,
    augmentations: Sequence[str] = AUGMENTATIONS,
    endings_dir: str | Path | None = None,
    progress: Progress | None = None,
    choose_from: Sequence[str] | None = None,
) -> dict[str, Any]:
    """Cross-validate the candidates, fit the best on the whole corpus and save it.

    ``choose_from`` names the labeller families it may ship (:func:`chosen_from`; default: every
    shippable one): the other candidates are still cross-validated and recorded as the comparison.

    With ``endings_dir`` (such as ``models/endings``) the answer endings there join the labeller's
    training rows in every fold and in the final fit (:func:`ending_units`). The shipped model is
    trained without them: in session 17 they did not pass the rule for adoption
    (``benchmarks/RESULTS.md``).

    A Viterbi-decoded candidate is decoded with the weights :func:`fit_decoder_weights` finds
    on its out-of-fold output, and ranked with those. Every candidate is ranked under the presence
    family it would ship with: both families are cross-validated on its output and the one with the
    better :func:`presence_score` counts.

    Every fit runs on one native thread (:func:`one_thread`), so the artifact does not depend on
    the machine's core count.

    Returns:
        The artifact's metadata (including every candidate's cross-validated figures).
    """
    say = progress or (lambda _msg: None)
    allowed = chosen_from(choose_from)
    if not any(c["family"] in allowed for c in candidates):
        raise ValueError(f"no candidate of the families {list(allowed)} it may choose; the candidates are of {sorted({c['family'] for c in candidates})}")
    rows = load_corpus(corpus_dir)
    nlp = load_pipeline()
    extra = augment(rows, augmentations)
    say(f"parsing {len(rows)} answers and {len(extra)} augmented copies")
    data = build_unit_dataset(rows + extra, nlp, progress=say)
    labeller_data = [d for d in data if not _presence_only(d)]
    ending_rows = load_endings(endings_dir) if endings_dir is not None else []
    if ending_rows:
        say(f"parsing {len(ending_rows)} answer endings and their transcript copies")
    endings = ending_units(build_unit_dataset(ending_rows + augment(ending_rows, ("transcript",)), nlp)) if ending_rows else None

    results = [evaluate_candidate(data, params, folds, progress=say, extra=endings) for params in candidates]
    # Only a family that ships as plain weights may be kept: analysis then needs no scikit-learn
    # (cold start, issue 9) and loading constructs no scikit-learn object. The others are compared.
    best = choose_labeller(results, among=allowed)
    presence_cv = best["presence_candidates"]
    presence_family = best["presence_family"]
    # The Task presence model is a product decision (an answer that states its Task in one clause
    # is not told that it has none); the same folds without it are recorded for comparison.
    without_task = cross_validate(data, best["params"], folds, presence_family=presence_family, ensured=(), oof=best["oof"])
    without_task.pop("_oof")
    say(f"presence {presence_family} without Task presence: {json.dumps(without_task)}")
    model = UnitSequenceModel(seed=SEED, **best["params"]).fit([d["features"] for d in labeller_data], [d["labels"] for d in labeller_data], extra=endings)
    model.presence_ = PresenceModel(family=presence_family, seed=SEED).fit(
        [best["oof"][d["id"]][:3] for d in data],
        np.array([_presence_targets(d) for d in data]),
        np.array([_presence_judged(d) for d in data]),
    )
    for r in results:
        r.pop("oof", None)
    model.compact()
    meta = {
        "labels": list(model.labels_),
        "star_nlp_version": __version__,
        "sklearn_version": sklearn.__version__,
        "spacy_version": spacy.__version__,
        # what else can change a fit's last digits (benchmarks/artifact_diff.py, RESULTS session 20)
        "numpy_version": np.__version__,
        "scipy_version": metadata.version("scipy"),
        "native_threads": native_threads(),
        "pipeline": f"{nlp.meta.get('name')}-{nlp.meta.get('version')}",
        "python": platform.python_version(),
        "corpus_hash": corpus_hash(rows),
        "corpus_answers": len(rows),
        "augmented_copies": len(extra),
        "augmentations": list(augmentations),
        "endings_hash": corpus_hash(ending_rows) if ending_rows else None,
        "endings": len(ending_rows),
        "ending_units": sum(len(doc) for doc in endings[1]) if endings else 0,
        "training_units": sum(len(d["labels"]) for d in data),
        "seed": SEED,
        "params": best["params"],
        "family_rule": {"incumbent": INCUMBENT_FAMILY, "margin": FAMILY_MARGIN},
        "chosen_from": list(allowed),
        "presence_family": presence_family,
        "presence_candidates": presence_cv,
        "presence_without_task": without_task,
        "cv_folds": folds,
        "cv": presence_cv[presence_family],
        "candidates": results,
    }
    path = save_artifact({"model": model, "meta": meta}, out_dir or default_artifact_dir(), "segmenter.joblib")
    say(f"wrote {path}")
    return meta


def main(argv: Sequence[str] | None = None) -> int:
    """Command line: ``python -m star_nlp.train [--corpus DIR] [--out DIR] [--folds N] [--endings DIR] [--family F ...] [--choose-from F ...]``."""
    ap = argparse.ArgumentParser(prog="star-nlp train", description="Rebuild the shipped models from the corpus.")
    ap.add_argument("--corpus", default=None, help="corpus folder (default: models/corpus)")
    ap.add_argument("--out", default=None, help="artifact folder (default: models/artifacts)")
    ap.add_argument("--folds", type=int, default=5)
    ap.add_argument("--endings", default=None, help="an answer-endings folder the labeller also learns from, such as models/endings (default: none)")
    ap.add_argument("--family", action="append", default=None, choices=sorted({c["family"] for c in CANDIDATES}),
                    help="compare only the labeller candidates of this family (repeatable; default: every family)")
    ap.add_argument("--choose-from", action="append", default=None, choices=list(SHIPPABLE_FAMILIES),
                    help="ship only a labeller of this family, still comparing every candidate (repeatable; default: every family that can ship)")
    a = ap.parse_args(argv)
    try:
        candidates = candidates_of(a.family)
        if a.choose_from is not None and not any(c["family"] in a.choose_from for c in candidates):
            raise ValueError(f"--choose-from {sorted(set(a.choose_from))} names no family compared; compared: {sorted({c['family'] for c in candidates})}")
    except ValueError as err:
        ap.error(str(err))
    meta = train_segmenter(a.corpus, a.out, candidates=candidates, folds=a.folds, endings_dir=a.endings, choose_from=a.choose_from,
                           progress=lambda m: print(m, file=sys.stderr))
    from .competencies import train_competencies

    comp = train_competencies(a.corpus, a.out, folds=a.folds, progress=lambda m: print(m, file=sys.stderr))
    print(json.dumps({"segmenter": {k: meta[k] for k in ("params", "cv", "corpus_hash")},
                      "competencies": {k: comp[k] for k in ("cv", "corpus_hash")}}, indent=1))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
