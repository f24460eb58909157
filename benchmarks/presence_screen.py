"""Presence-model variants on the shipped labeller's cross-validated output (measuring only).

The training command's presence stage decides whether an answer's Result is really there (and
whether a Task the decoding missed is). This screen parses the corpus, computes the shipped
labeller candidate's out-of-fold unit probabilities once (logistic C=0.3 decoded with the fitted
weights 0.5/0.5, the training run's answer folds), and cross-validates presence variants on that
output, at one or more presence fold seeds. It prints, per seed and variant, the figures the
training command ranks by: macro-F1, removed Results reported, complete answers kept whole and
keeping their Result, Task-less answers credited with a Task, the presence score (mean of removed
Results reported and complete answers keeping their Result) and the rank score (mean of macro-F1,
removed Results reported and complete answers kept whole). The shipped tree presence at the
training run's seed (14) reproduces the artifact's figures.

Variants (session 9; none shipped, the rules and outcomes are in benchmarks/RESULTS.md):
- ``trees``: the shipped presence model (gradient-boosted trees of depth 3).
- ``logreg``: the other family the training command compares.
- ``monotone``: the same trees with monotonic constraints (evidence for a part cannot lower the
  probability that it is present; the Action's hold on the ending cannot raise the Result's).
- ``blend``: the mean of the logistic and the tree probabilities.
- ``relative``: the position-free evidence made relative to the answer (where the ending ranks
  among the answer's units, the last third against the rest, the label against the Action)
  instead of the probabilities themselves.
- ``labeller-only``: no position-free evidence at all.
- ``task-opening``: the Task model also reads the first half of the answer (where a Task stands,
  against the Situation); the Result's evidence is unchanged.

Variants (session 14, answers that go on after their Result; rule and outcome in RESULTS.md):
- ``ensure-result``: the shipped trees, and the Result is also ensured: added in decoding where the
  presence model judges it present but the decoding found none (as the Task is).
- ``anywhere``: evidence that never reads the last unit or the last third: how strongly and how often
  the label is seen anywhere, against the Action unit by unit, and after the first Action.
- ``anywhere+ensure-result``: both.

Variants (session 15; rule and outcome in RESULTS.md): the presence model also trains on follow-up
copies (``star_nlp.train.follow_up_copy``: the last sentence of the Action moved to just after the
Result), which teach it that a Result stays present when the answer goes on after it. Their
out-of-fold output comes from the fold model that held their answer out; the CV figures count our
answers and Result-removed copies as before, and the copies' own kept-Result rate is printed last.
- ``trees+after``: the shipped trees with the copies.
- ``anywhere+after``: ``anywhere`` evidence with the copies.

Variant (session 15, second rule): ``trees+context``: a third unit classifier (logistic, the labeller's C) reads
each unit with its neighbours but without where it stands (:func:`context_only`), out-of-fold on the same
answer folds; its view of the label is appended to the shipped evidence (:func:`context_features`).

Variant (session 15, third rule): ``trees+subject``: who the subject is (:func:`subject_flags`: the speaker as
active subject; no first-person word) at the ending, over the last third and over the decoded label
(:func:`subject_features`), appended to the shipped evidence.

Variant (session 15, fifth rule): ``trees+echo``: how much the ending returns to what the opening set up (the
share of a unit's content lemmas found in the units decoded as Situation or Task; :func:`echo_features`).

Variants (session 17; rules and outcomes in RESULTS.md) read ``models/endings`` (answer endings of our own
with each sentence's role; its GUIDE.md):
- ``trees+endings``: a binary outcome classifier (:func:`fit_outcome`) trained on the endings alone; its
  P(Result) per unit is appended to the Result's evidence (:func:`endings_features`).
- ``trees+endings+corpus``: the same classifier trained on the endings and each fold's training answers.
- ``trees+ending-copies``: the endings with and without their outcome as presence-only training
  documents in every fold (:class:`EndingCopiesPresence`).

``--withheld`` also scores each variant, fitted on the whole corpus's out-of-fold output as the
training command fits it, behind the shipped labeller on the withheld batches
(``models/corpus/withheld``: held-out answers of our own), with the figures of
``benchmarks/withheld_eval.py``. ``--cache FILE`` keeps the parsed corpus and out-of-fold output
between runs (a joblib file; delete it after a corpus or feature change).

Usage:
    python benchmarks/presence_screen.py [--variants trees relative ...] [--presence-seeds 14 15 16]
        [--withheld] [--cache FILE]
"""

from __future__ import annotations

import argparse
import copy
import functools
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

import joblib
import numpy as np
from sklearn.ensemble import HistGradientBoostingClassifier
from sklearn.linear_model import LogisticRegression

import star_nlp.train as train
from star_nlp.artifacts import load_artifact
from star_nlp.corpus import LABELS, STAR_LABELS, load_corpus, load_endings
from star_nlp.pipeline import load_pipeline
from star_nlp.segmenter import ENSURED, GUARDED, PresenceModel, presence_features, segment_doc
from withheld_eval import batch_figures, withheld_batches  # benchmarks/ is the script's folder

ACTION, TASK, SITUATION, RESULT = (LABELS.index(x) for x in ("action", "task", "situation", "result"))
LABELLER = {"family": "logreg", "C": 0.3, "transition_weight": 0.5, "prior_weight": 0.5}
Features = Callable[[np.ndarray, Sequence[int], int, np.ndarray], list[float]]

# Signs for the monotone variant, in presence_features order (1: more evidence, more likely present;
# -1: the opposite; 0: free). The Task model leaves the ending's features free.
RESULT_SIGNS = [1, 1, 1, 1, 1, 1, 1, 1, 1, 0, 1, 1, 1, 1, -1, 1, 1, 1, 1, 1, 0, -1]
TASK_SIGNS = [1, 1, 0, 0, 0, 1, 1, 1, 1, 0, 1, 1, 0, 0, 0, 0, 0, 1, 0, 1, 0, 0]


def _labeller_tail(proba: np.ndarray, path: Sequence[int], label: int) -> list[float]:
    """The three features of presence_features that read the labeller, not the position-free classifier."""
    decoded = np.array([p == label for p in path])
    n = len(proba)
    return [float(decoded.sum()), float(np.argmax(decoded) / n) if decoded.any() else 1.0, float(proba[-1, ACTION])]


def relative_features(proba: np.ndarray, path: Sequence[int], label: int, content: np.ndarray) -> list[float]:
    """presence_features with the position-free evidence relative to the same answer."""
    base = presence_features(proba, path, label, None)
    n, k = len(proba), max(1, len(proba) // 3)
    r, a = content[:, label], content[:, ACTION]
    against_action = r / (r + a + 1e-9)

    def tail_minus_rest(v: np.ndarray) -> float:
        return float(v[-k:].mean() - v[: n - k].mean()) if n > k else 0.0

    return base + [
        float((r < r[-1]).mean()),
        tail_minus_rest(r),
        float((r[-k:].max() - r.mean()) / (r.std() + 0.05)),
        float(r[-k:].sum() / (r.sum() + 1e-9)),
        float((against_action < against_action[-1]).mean()),
        tail_minus_rest(against_action),
        float(np.argmax(r) >= n - k),
        tail_minus_rest(r - a),
    ] + _labeller_tail(proba, path, label)


def labeller_only_features(proba: np.ndarray, path: Sequence[int], label: int, content: np.ndarray) -> list[float]:
    """presence_features without the position-free classifier."""
    return presence_features(proba, path, label, None) + _labeller_tail(proba, path, label)


def task_opening_features(proba: np.ndarray, path: Sequence[int], label: int, content: np.ndarray) -> list[float]:
    """presence_features, and for the Task the first half of the answer against the Situation."""
    base = presence_features(proba, path, label, content)
    if label != TASK:
        return base
    n = len(proba)
    h = max(1, n // 2)
    c = content[:, TASK]
    return base + [
        float(proba[:h, TASK].max()),
        float(c[:h].max()),
        float(c[:h].mean()),
        float((c - content[:, SITUATION])[:h].max()),
        float((proba[:, TASK] - proba[:, SITUATION])[:h].max()),
        float((content[:h].argmax(axis=1) == TASK).sum()),
        float(np.argmax(c) / n),
    ]


def anywhere_features(proba: np.ndarray, path: Sequence[int], label: int, content: np.ndarray) -> list[float]:
    """Evidence that ``label`` is present which never reads the last unit or the last third.

    How strongly and how often each classifier sees the label anywhere, how far it beats the Action
    in the unit where it beats it most, and the strongest evidence after the first unit read as an
    Action (a Result follows some step, wherever the answer stops).
    """
    col, c = proba[:, label], content[:, label]
    n = len(col)
    decoded = np.array([p == label for p in path])
    act_l, act_c = proba[:, ACTION], content[:, ACTION]
    second = (lambda v: float(np.sort(v)[-2]) if n > 1 else 0.0)
    acted = np.flatnonzero(content.argmax(axis=1) == ACTION)
    after = c[acted[0] + 1 :] if len(acted) and acted[0] + 1 < n else np.zeros(1)
    after_l = col[acted[0] + 1 :] if len(acted) and acted[0] + 1 < n else np.zeros(1)
    return [
        float(col.max()),
        float(col.mean()),
        second(col),
        float(decoded.any()),
        float(decoded.mean()),
        float(decoded.sum()),
        float(col[decoded].mean()) if decoded.any() else 0.0,
        float(np.log1p(n)),
        float(c.max()),
        second(c),
        float((content.argmax(axis=1) == label).sum()),
        float((c > 0.5).sum()),
        float((col > 0.5).sum()),
        float((c - act_c).max()),
        float((col - act_l).max()),
        float(after.max()),
        float(after_l.max()),
    ]


class ScreenedPresence(PresenceModel):
    """A presence model whose estimators and evidence are the variant's (uncompacted, for screening)."""

    def __init__(self, variant: str, *, seed: int, ensured: Sequence[int]) -> None:
        super().__init__(family="trees", seed=seed, ensured=ensured)
        self.variant = variant
        self.features: Features = {
            "relative": relative_features,
            "labeller-only": labeller_only_features,
            "task-opening": task_opening_features,
            "anywhere": anywhere_features,
            "anywhere+ensure-result": anywhere_features,
            "anywhere+after": anywhere_features,
            "trees+context": context_features,
            "trees+subject": subject_features,
            "trees+echo": echo_features,
            "trees+endings": endings_features,
            "trees+endings+corpus": endings_features,
        }.get(variant, presence_features)

    def _estimators(self, label: int) -> list[Any]:
        def trees(**kw: Any) -> Any:
            return HistGradientBoostingClassifier(max_depth=3, max_iter=200, learning_rate=0.05, early_stopping=False, random_state=self.seed, **kw)

        logreg = LogisticRegression(C=1.0, max_iter=3000, random_state=self.seed)
        if self.variant == "logreg":
            return [logreg]
        if self.variant == "blend":
            return [trees(), logreg]
        if self.variant == "monotone":
            return [trees(monotonic_cst=RESULT_SIGNS if label == RESULT else TASK_SIGNS)]
        return [trees()]

    def fit(self, docs: Sequence[tuple[np.ndarray, Sequence[int], np.ndarray]], present: np.ndarray, judged: np.ndarray | None = None) -> ScreenedPresence:
        self.models_: list[Any] = []
        for k in range(len(STAR_LABELS)):
            rows = np.ones(len(docs), dtype=bool) if judged is None else np.asarray(judged[:, k], dtype=bool)
            y = present[rows, k]
            if k not in GUARDED + self.ensured or len(set(y.tolist())) < 2:
                self.models_.append(None)
                continue
            x = np.array([self.features(p, path, k, c) for (p, path, c), use in zip(docs, rows) if use])
            self.models_.append([m.fit(x, y) for m in self._estimators(k)])
        return self

    def predict_proba(self, proba: np.ndarray, path: Sequence[int], content: np.ndarray) -> np.ndarray:
        out = np.ones(len(STAR_LABELS))
        if not len(path):
            return out
        for k, models in enumerate(self.models_):
            if models is not None:
                x = np.array([self.features(proba, path, k, content)])
                out[k] = float(np.mean([m.predict_proba(x)[0, 1] for m in models]))
        return out


VARIANTS = (
    "trees", "logreg", "monotone", "blend", "relative", "labeller-only", "task-opening", "ensure-result", "anywhere",
    "anywhere+ensure-result", "trees+after", "anywhere+after", "trees+context", "trees+subject", "trees+echo",
    "trees+endings", "trees+endings+corpus", "trees+ending-copies",
)
# Feature-name prefixes that say where a unit stands in the answer (the context classifier drops them).
_ABSOLUTE = ("rel_pos", "pos_bin", "idx_frac", "first_unit", "last_unit", "tiny_answer")
_EDGE = ("p:none", "n:none", "pp:none", "nn:none")


def context_only(features: dict[str, float]) -> dict[str, float]:
    """A unit's features with its neighbours' but without where it stands (no position, no edge markers)."""
    return {k: v for k, v in features.items() if not k.startswith(_ABSOLUTE) and k not in _EDGE}


def fit_context(docs: Sequence[dict[str, Any]]) -> Callable[[Sequence[dict[str, float]]], np.ndarray]:
    """The context classifier fitted on ``docs`` (labeller C): a function from unit features to probabilities."""
    from sklearn.feature_extraction import DictVectorizer

    vec = DictVectorizer(sparse=True)
    x = vec.fit_transform([context_only(f) for d in docs for f in d["features"]])
    y = [LABELS.index(lab) for d in docs for lab in d["labels"]]
    clf = LogisticRegression(C=LABELLER["C"], max_iter=3000, random_state=train.SEED).fit(x, y)

    def proba(features: Sequence[dict[str, float]]) -> np.ndarray:
        out = np.zeros((len(features), len(LABELS)))
        if len(features):
            out[:, clf.classes_] = clf.predict_proba(vec.transform([context_only(f) for f in features]))
        return out

    return proba


def fold_appended(
    data: Sequence[dict[str, Any]], oof: dict[str, Any], fit: Callable[[Sequence[dict[str, Any]]], Callable[[dict[str, Any]], np.ndarray]]
) -> dict[str, Any]:
    """``oof`` with a classifier's out-of-fold columns appended to each document's content columns.

    ``fit(training documents)`` returns a function from a held-out document to its unit columns; it
    is fitted per labeller fold (the same answer folds) and never on presence-only copies.
    """
    folds: dict[int, list[dict[str, Any]]] = {}
    for d in data:
        folds.setdefault(id(oof[d["id"]][3]), []).append(d)
    out = {}
    for held in folds.values():
        groups = {d["group"] for d in held}
        columns = fit([d for d in data if d["group"] not in groups and not train._presence_only(d)])
        for d in held:
            p, path, c, m = oof[d["id"]]
            out[d["id"]] = (p, path, np.hstack([c, columns(d)]), m)
    return out


def context_oof(data: Sequence[dict[str, Any]], oof: dict[str, Any]) -> dict[str, Any]:
    """``oof`` with the context classifier's out-of-fold probabilities appended to the content columns."""

    def fit(docs: Sequence[dict[str, Any]]) -> Callable[[dict[str, Any]], np.ndarray]:
        proba = fit_context(docs)
        return lambda d: proba(d["features"])

    return fold_appended(data, oof, fit)


def subject_flags(features: Sequence[dict[str, float]]) -> np.ndarray:
    """Per unit: the speaker is the active subject (I/we), and no first-person word at all."""
    return np.array(
        [[float(f.get("subj=i", 0.0) or f.get("subj=we", 0.0)), float(not f.get("first_sing") and not f.get("first_plur"))] for f in features]
    ).reshape(len(features), 2)


def _appended(content: np.ndarray, path: Sequence[int]) -> tuple[np.ndarray, np.ndarray, int]:
    """The content columns, the columns a variant appended after them, and the last third's length."""
    return content[:, : len(LABELS)], content[:, len(LABELS) :], max(1, len(path) // 3)


_LEMMA_SETS: dict[int, list[frozenset[str]]] = {}  # echo variant: a document's unit lemma sets, by key


def content_lemmas(features: dict[str, float]) -> frozenset[str]:
    """A unit's content lemmas (from its ``w=l:`` features): no stop words, pronouns or numbers."""
    from spacy.lang.en.stop_words import STOP_WORDS

    lemmas = (k[4:] for k in features if k.startswith("w=l:"))
    return frozenset(w for w in lemmas if w.isalpha() and len(w) > 2 and w not in STOP_WORDS and w != "-pron-")


def echo_column(features: Sequence[dict[str, float]]) -> np.ndarray:
    """One column holding the key under which the units' lemma sets are kept (for :func:`echo_features`)."""
    key = len(_LEMMA_SETS) + 1
    _LEMMA_SETS[key] = [content_lemmas(f) for f in features]
    return np.full((len(features), 1), float(key))


def echo_features(proba: np.ndarray, path: Sequence[int], label: int, content: np.ndarray) -> list[float]:
    """The shipped evidence plus how much the ending returns to what the opening set up: per unit, the
    share of its content lemmas found in the units decoded as Situation or Task (the first unit when none)."""
    c, key, k = _appended(content, path)
    lemmas = _LEMMA_SETS[int(key[0, 0])]
    opening_units = [i for i, q in enumerate(path) if q in (SITUATION, TASK)] or [0]
    opening = frozenset().union(*(lemmas[i] for i in opening_units))
    echo = np.array([len(lem & opening) / len(lem) if lem and i not in opening_units else 0.0 for i, lem in enumerate(lemmas)])
    decoded = np.array([q == label for q in path])
    return presence_features(proba, path, label, c) + [
        float(echo[-1]),
        float(echo[-k:].max()),
        float(echo[int(np.argmax(c[:, label]))]),
        float(echo[decoded].mean()) if decoded.any() else -1.0,
    ]


def appended_oof(data: Sequence[dict[str, Any]], oof: dict[str, Any], columns: Callable[[Sequence[dict[str, float]]], np.ndarray]) -> dict[str, Any]:
    """``oof`` with ``columns(unit features)`` appended to each document's content columns."""
    out = {}
    for d in data:
        p, path, c, m = oof[d["id"]]
        out[d["id"]] = (p, path, np.hstack([c, columns(d["features"])]), m)
    return out


ENDINGS: list[dict[str, Any]] = []  # the parsed endings, filled by main() when a +endings variant runs


def endings_data(nlp: Any) -> list[dict[str, Any]]:
    """The endings parsed into units (with a transcript copy of each written one), as ``train.build_unit_dataset`` gives them."""
    rows = load_endings()
    return train.build_unit_dataset(rows + train.augment(rows, ("transcript",)), nlp)


def fit_outcome(docs: Sequence[dict[str, Any]]) -> Callable[[Sequence[dict[str, float]]], np.ndarray]:
    """A binary outcome classifier (logistic, the labeller's C) over the context classifier's features
    (a unit and its neighbours, not where it stands): a function from unit features to a one-column P(Result)."""
    from sklearn.feature_extraction import DictVectorizer

    vec = DictVectorizer(sparse=True)
    x = vec.fit_transform([context_only(f) for d in docs for f in d["features"]])
    y = [int(lab == "result") for d in docs for lab in d["labels"]]
    clf = LogisticRegression(C=LABELLER["C"], max_iter=3000, random_state=train.SEED).fit(x, y)

    def proba(features: Sequence[dict[str, float]]) -> np.ndarray:
        if not len(features):
            return np.zeros((0, 1))
        return clf.predict_proba(vec.transform([context_only(f) for f in features]))[:, [1]]

    return proba


def endings_oof(data: Sequence[dict[str, Any]], oof: dict[str, Any], endings: Sequence[dict[str, Any]], with_corpus: bool) -> dict[str, Any]:
    """``oof`` with the outcome classifier's column appended: fitted on the endings alone (no fold is
    needed: it never sees a corpus answer), or on the endings and each fold's training answers."""
    if not with_corpus:
        return appended_oof(data, oof, fit_outcome(endings))

    def fit(docs: Sequence[dict[str, Any]]) -> Callable[[dict[str, Any]], np.ndarray]:
        proba = fit_outcome(list(endings) + list(docs))
        return lambda d: proba(d["features"])

    return fold_appended(data, oof, fit)


def endings_features(proba: np.ndarray, path: Sequence[int], label: int, content: np.ndarray) -> list[float]:
    """The shipped evidence, and for the Result the outcome classifier's view of the ending and of the decoded Result."""
    c, v, k = _appended(content, path)
    base = presence_features(proba, path, label, c)
    if label != RESULT:
        return base
    v = v[:, 0]
    n = len(path)
    decoded = np.array([p == RESULT for p in path])
    return base + [
        float(v.max()),
        float(np.sort(v)[-2]) if n > 1 else 0.0,
        float(v[-1]),
        float(v[-k:].mean()),
        float(v[-k:].max()),
        float(v[decoded].max()) if decoded.any() else 0.0,
        float(v[decoded].mean()) if decoded.any() else 0.0,
    ]


#: The endings as presence-only training documents (``trees+ending-copies``): (labeller output, targets, judged).
ENDING_COPIES: list[tuple[tuple[np.ndarray, list[int], np.ndarray], list[int], list[bool]]] = []


def ending_copies(nlp: Any, model: Any) -> list[tuple[tuple[np.ndarray, list[int], np.ndarray], list[int], list[bool]]]:
    """Each ending with its outcome and without it (``train.augment``'s ``no_result``), written and as a
    transcript, read by ``model`` (a fold labeller: none of them saw an ending), teaching the Result's
    presence only."""
    rows = load_endings()
    rows += train.augment(rows, ("transcript",))
    docs = train.build_unit_dataset(rows + train.augment(rows, ("no_result",)), nlp)
    out = []
    for d in docs:
        proba = model.predict_proba(d["features"])
        present = train._presence_targets(d)
        out.append(((proba, model.decode(proba), model.predict_content_proba(d["features"])), present, [lab == "result" for lab in STAR_LABELS]))
    return out


class EndingCopiesPresence(ScreenedPresence):
    """The shipped trees, fitted with the ending copies (:data:`ENDING_COPIES`) added to every fold's training documents."""

    def fit(self, docs: Sequence[tuple[np.ndarray, Sequence[int], np.ndarray]], present: np.ndarray, judged: np.ndarray | None = None) -> ScreenedPresence:
        judged = np.ones_like(present, dtype=bool) if judged is None else judged
        return super().fit(
            list(docs) + [c[0] for c in ENDING_COPIES],
            np.vstack([present, np.array([c[1] for c in ENDING_COPIES])]),
            np.vstack([judged, np.array([c[2] for c in ENDING_COPIES])]),
        )


def subject_features(proba: np.ndarray, path: Sequence[int], label: int, content: np.ndarray) -> list[float]:
    """The shipped evidence plus who the subject is at the ending and in the decoded label (flag columns follow the content ones)."""
    c, flags, k = _appended(content, path)
    decoded = np.array([q == label for q in path])
    out = presence_features(proba, path, label, c)
    for j in range(flags.shape[1]):
        v = flags[:, j]
        out += [float(v[-1]), float(v[-k:].mean()), float(v[decoded].mean()) if decoded.any() else -1.0]
    return out


def context_features(proba: np.ndarray, path: Sequence[int], label: int, content: np.ndarray) -> list[float]:
    """The shipped evidence plus the context classifier's view (its columns follow the content ones)."""
    c, x, k = _appended(content, path)
    n = len(path)
    v = x[:, label]
    against = v - x[:, ACTION]
    return presence_features(proba, path, label, c) + [
        float(v.max()),
        float(np.sort(v)[-2]) if n > 1 else 0.0,
        float(v[-1]),
        float(v[-k:].mean()),
        float(against[-1]),
        float(against[-k:].max()),
        float(v[-k:].max()),
    ]


def follow_up_data(rows: Sequence[dict[str, Any]], nlp: Any, oof: dict[str, Any]) -> tuple[list[dict[str, Any]], dict[str, Any]]:
    """The follow-up copies (``star_nlp.train.follow_up_copy``) parsed, with out-of-fold output from
    the fold model that held their answer out (the copies never train the labeller)."""
    after = train.build_unit_dataset(train.augment(rows, ("follow_up",)), nlp)
    out = {}
    for d in after:
        model = oof[d["group"]][3]
        proba = model.predict_proba(d["features"])
        out[d["id"]] = (proba, model.decode(proba), model.predict_content_proba(d["features"]), model)
    return after, out


def variant_ensured(variant: str) -> tuple[int, ...]:
    """The labels a variant's presence model may add (the Task; and the Result for ``*ensure-result``)."""
    return ENSURED + (RESULT,) if variant.endswith("ensure-result") else ENSURED


def presence_class(variant: str) -> type[ScreenedPresence]:
    """The presence model class a variant screens (:class:`EndingCopiesPresence` for ``trees+ending-copies``)."""
    return EndingCopiesPresence if variant == "trees+ending-copies" else ScreenedPresence


def withheld_figures(variant: str, data: Sequence[dict[str, Any]], oof: dict[str, Any], docs: dict[str, Any]) -> dict[str, str]:
    """Per withheld batch: macro-F1, complete answers missing nothing / keeping the Result, no-Result answers named.

    The shipped labeller with this variant's presence model, fitted on the whole corpus's
    out-of-fold output (the training command's way).
    """
    presence = presence_class(variant)(variant, seed=train.SEED, ensured=variant_ensured(variant)).fit(
        [oof[d["id"]][:3] for d in data],
        np.array([train._presence_targets(d) for d in data]),
        np.array([train._presence_judged(d) for d in data]),
    )
    model = copy.copy(load_artifact("segmenter.joblib")["model"])
    model.presence_ = presence
    if variant.endswith("+context"):  # the content columns carry the context classifier's, fitted on the whole corpus
        context, content = fit_context([d for d in data if not train._presence_only(d)]), model.predict_content_proba
        model.predict_content_proba = lambda features: np.hstack([content(features), context(features)])  # type: ignore[method-assign]
    if variant.endswith("+subject"):
        plain = model.predict_content_proba
        model.predict_content_proba = lambda features: np.hstack([plain(features), subject_flags(features)])  # type: ignore[method-assign]
    if "+endings" in variant:
        corpus = [d for d in data if not train._presence_only(d)] if variant.endswith("+corpus") else []
        outcome, before = fit_outcome(list(ENDINGS) + corpus), model.predict_content_proba
        model.predict_content_proba = lambda features: np.hstack([before(features), outcome(features)])  # type: ignore[method-assign]
    if variant.endswith("+echo"):
        shipped = model.predict_content_proba
        model.predict_content_proba = lambda features: np.hstack([shipped(features), echo_column(features)])  # type: ignore[method-assign]
    out = {}
    for batch, rows in withheld_batches().items():
        labelled = [segment_doc(docs[row["id"]], model) for row in rows]
        fig = batch_figures(rows, [([(sg.label, sg.start, sg.end) for sg in lu.segments(str(row["text"]))], lu.missing()) for row, lu in zip(rows, labelled)])
        score, complete = fig["score"], fig["complete"]
        out[batch] = (f"{batch} macro {score['macro_f1']:.4f} result {score['f1']['result']:.3f} whole {fig['whole']}/{complete} "
                      f"keep {fig['kept']}/{complete} named {fig['named']}/{fig['no_result']}")
    return out


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--variants", nargs="*", default=list(VARIANTS), choices=VARIANTS)
    ap.add_argument("--presence-seeds", nargs="*", type=int, default=[train.SEED + 1, train.SEED + 2, train.SEED + 3])
    ap.add_argument("--withheld", action="store_true", help="also score each variant on the withheld batches")
    ap.add_argument("--cache", type=Path, default=None, help="joblib file keeping the parsed corpus and out-of-fold output")
    a = ap.parse_args()
    rows = load_corpus()
    extra = train.augment(rows, train.AUGMENTATIONS)
    nlp = load_pipeline()
    if a.cache is not None and a.cache.exists():
        data, oof = joblib.load(a.cache)
    else:
        data = train.build_unit_dataset(rows + extra, nlp)
        oof = train._oof_probas(data, LABELLER, 5)
        if a.cache is not None:
            joblib.dump((data, oof), a.cache)
    after: list[dict[str, Any]] = []
    if any(v.endswith("+after") for v in a.variants):
        after, after_oof = follow_up_data(rows, nlp, oof)
        oof = {**oof, **after_oof}

    def variant_data(variant: str) -> list[dict[str, Any]]:
        return data + after if variant.endswith("+after") else data

    with_context = context_oof(data, oof) if any(v.endswith("+context") for v in a.variants) else {}

    with_subject = appended_oof(data, oof, subject_flags) if any(v.endswith("+subject") for v in a.variants) else {}

    with_echo = appended_oof(data, oof, echo_column) if any(v.endswith("+echo") for v in a.variants) else {}

    if any("+endings" in v for v in a.variants):
        ENDINGS[:] = endings_data(nlp)
        print(f"endings: {len(ENDINGS)} (with transcript copies), {sum(len(d['labels']) for d in ENDINGS)} units, "
              f"{sum(lab == 'result' for d in ENDINGS for lab in d['labels'])} of them Result", flush=True)
    if "trees+ending-copies" in a.variants:
        ENDING_COPIES[:] = ending_copies(nlp, next(iter(oof.values()))[3])
        print(f"ending copies: {len(ENDING_COPIES)}, {sum(c[1][STAR_LABELS.index('result')] for c in ENDING_COPIES)} with a Result", flush=True)
    with_endings = endings_oof(data, oof, ENDINGS, False) if "trees+endings" in a.variants else {}
    with_endings_corpus = endings_oof(data, oof, ENDINGS, True) if "trees+endings+corpus" in a.variants else {}

    def variant_oof(variant: str) -> dict[str, Any]:
        by_ending = {"+context": with_context, "+subject": with_subject, "+echo": with_echo, "+endings": with_endings, "+corpus": with_endings_corpus}
        return next((o for end, o in by_ending.items() if variant.endswith(end)), oof)

    if a.withheld:
        held = [r for rows_ in withheld_batches().values() for r in rows_]
        docs = {r["id"]: doc for r, doc in zip(held, nlp.pipe([str(r["text"]) for r in held]))}
        for variant in a.variants:
            print(f"withheld {variant:24s} " + " | ".join(withheld_figures(variant, variant_data(variant), variant_oof(variant), docs).values()), flush=True)
    print(f"{len(rows)} answers, {len(extra)} augmented copies, {len(after)} follow-up copies (+after variants); labeller {LABELLER}; answer folds (seed {train.SEED})")
    print(f"{'seed':>4} {'variant':22s} macro_f1 flagged kept_whole kept_result taskless_credited presence_score  mean   transcript  follow-up kept")
    for seed in a.presence_seeds:
        for variant in a.variants:
            make = functools.partial(presence_class(variant), variant, seed=train.SEED, ensured=variant_ensured(variant))
            cv = train.cross_validate(variant_data(variant), LABELLER, oof=variant_oof(variant), presence_seed=seed, make_presence=make, ensured=variant_ensured(variant))
            print(
                f"{seed:>4} {variant:22s} {cv['macro_f1']:.4f}   {cv['result_removed_flagged']:.4f}  {cv['complete_kept_complete']:.4f}    "
                f"{cv['complete_kept_result']:.4f}      {cv['taskless_credited_task']:.4f}           {train.presence_score(cv)[0]:.4f}  "
                f"{train.labeller_score(cv)[0]:.4f}  {cv['transcript_copies']['macro_f1']:.4f}      {cv.get('follow_up_kept_result', float('nan')):.4f}",
                flush=True,
            )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
