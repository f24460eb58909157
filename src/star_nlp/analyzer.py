"""The :class:`Analyzer`: one parse per answer, every analysis a function of that parse.

Example:
    >>> analyzer = Analyzer()
    >>> fb = analyzer.analyze("Our deploys failed weekly. I added canary releases. Failures fell to zero.")
    >>> fb.text[fb.segments[0].start:fb.segments[0].end] == fb.segments[0].text
    True
"""

from __future__ import annotations

import dataclasses
import threading
import warnings
from collections import deque
from collections.abc import Callable, Iterable, Iterator, Sized
from pathlib import Path
from typing import Any

from spacy.language import Language
from spacy.tokens import Doc

from .artifacts import load_artifact
from .competencies import competency_model, question_competencies
from .feedback import Signals, build_suggestions, score_answer
from .metrics import compute_metrics, filler_spans
from .readability import load_syllable_table
from .ownership import analyse_ownership
from .pipeline import load_pipeline
from .quantities import extract_quantities, measure_amounts
from .results import STAR_LABELS, Component, Feedback
from .segmenter import UnitSequenceModel, pipeline_mismatch, segment_doc

__all__ = ["DEFAULT_MAX_CHARS", "Analyzer", "analyze", "analyze_many", "default_analyzer"]

#: Default longest answer accepted, in characters (about 8,000 words; a spoken answer is ~1,500 characters).
DEFAULT_MAX_CHARS = 50_000


class Analyzer:
    """Holds the spaCy pipeline and the trained models; analyses answers.

    Args:
        nlp: A loaded English ``spacy.Language`` with a tagger, parser and lemmatizer; default
            :func:`star_nlp.pipeline.load_pipeline`.
        model_dir: A folder of trained artifacts (``segmenter.joblib``, ``competencies.joblib`` and
            ``MANIFEST.json``) to use instead of the shipped ones.
        trust_model_dir: Must be True with ``model_dir``: joblib artifacts can run code when loaded.
        max_chars: Longest answer accepted; longer input raises ``ValueError`` before parsing.

    Raises:
        ValueError: When ``max_chars`` is not a positive integer.
        star_nlp.artifacts.ArtifactError: When a model is missing, untrusted or tampered with.
        star_nlp.pipeline.PipelineNotFoundError: When no English pipeline is installed.

    Example:
        >>> Analyzer(max_chars=100).max_chars
        100
    """

    def __init__(
        self,
        nlp: Language | None = None,
        *,
        model_dir: str | Path | None = None,
        trust_model_dir: bool = False,
        max_chars: int = DEFAULT_MAX_CHARS,
    ) -> None:
        if not isinstance(max_chars, int) or isinstance(max_chars, bool) or max_chars <= 0:
            raise ValueError(f"max_chars must be a positive integer, not {max_chars!r}")
        if nlp is not None and not isinstance(nlp, Language):
            raise TypeError(f"nlp must be a spacy.Language, not {type(nlp).__name__}")
        self.max_chars = max_chars
        self.nlp = nlp if nlp is not None else load_pipeline()
        missing = [c for c in ("parser",) if c not in self.nlp.pipe_names]
        if missing:
            raise ValueError(f"the spaCy pipeline needs a dependency parser; it has only {self.nlp.pipe_names}")
        directory = Path(model_dir) if model_dir is not None else None
        seg = load_artifact("segmenter.joblib", directory, trusted=trust_model_dir)
        comp = load_artifact("competencies.joblib", directory, trusted=trust_model_dir)
        self.segmenter: UnitSequenceModel = seg["model"]
        self.segmenter_meta: dict[str, Any] = seg["meta"]
        mismatch = pipeline_mismatch(self.nlp, self.segmenter)
        if mismatch:
            warnings.warn(f"Analyzer: {mismatch}", UserWarning, stacklevel=2)
        self._competency_model = comp["model"]
        self.competency_meta: dict[str, Any] = comp["meta"]
        load_syllable_table()  # here rather than inside the first analyze()

    # ------------------------------------------------------------------ input
    def _check(self, answer: object) -> str:
        if not isinstance(answer, str):
            raise TypeError(f"answer must be a str, not {type(answer).__name__}")
        if len(answer) > self.max_chars:
            raise ValueError(
                f"answer is {len(answer):,} characters long; the maximum is {self.max_chars:,} "
                "(raise it with Analyzer(max_chars=...))"
            )
        if not answer.strip():
            raise ValueError("answer is empty or only white space")
        return answer

    @staticmethod
    def _check_question(question: object) -> str | None:
        if question is None:
            return None
        if not isinstance(question, str):
            raise TypeError(f"question must be a str or None, not {type(question).__name__}")
        return question.strip() or None

    @staticmethod
    def _parse_safe(text: str) -> str:
        # Lone surrogates cannot be encoded by the tokenizer's hashing; swap each code unit for
        # U+FFFD, one for one, so every character offset stays the same.
        if not any(0xD800 <= ord(c) <= 0xDFFF for c in text):
            return text
        return "".join("\ufffd" if 0xD800 <= ord(c) <= 0xDFFF else c for c in text)

    # ------------------------------------------------------------------ public
    def analyze(self, answer: str, *, question: str | None = None) -> Feedback:
        """Analyse one answer.

        Args:
            answer: The candidate's answer, written or transcribed.
            question: The interview question, when known (enables ``off_question``).

        Returns:
            The :class:`~star_nlp.results.Feedback`.

        Raises:
            TypeError: ``answer`` is not a ``str``.
            ValueError: ``answer`` is empty, white space only, or longer than ``max_chars``.

        Example:
            >>> fb = Analyzer().analyze("I was asked to cut our cloud bill, so I moved batch jobs to spot instances. We saved $40,000 a year.")
            >>> fb.segments[-1].label, fb.quantities[0].text, fb.quantities[0].direction
            ('result', '$40,000', 'decrease')
        """
        text = self._check(answer)
        q = self._check_question(question)
        doc = self.nlp(self._parse_safe(text))
        return self._feedback(text, doc, q)

    def analyze_many(
        self,
        answers: Iterable[str],
        *,
        questions: Iterable[str | None] | None = None,
        n_process: int = 1,
        batch_size: int = 32,
        progress: bool | Callable[[int], None] = False,
    ) -> list[Feedback]:
        """Analyse many answers; identical results to :meth:`analyze` on each, parsed with ``nlp.pipe``.

        Args:
            answers: Answers (any iterable; it is consumed once, in batches).
            questions: Optional questions aligned with ``answers``.
            n_process: Parser processes (spaCy multiprocessing).
            batch_size: Answers per parsing batch.
            progress: ``True`` shows a progress bar on standard error (tqdm); a callable is called
                with the number of answers done after each answer; ``False`` (default) shows nothing.

        Raises:
            TypeError, ValueError: As :meth:`analyze`; the message names the answer's index.

        Example:
            >>> [round(f.score) > 0 for f in Analyzer().analyze_many(["I fixed the build.", "We shipped it."])]
            [True, True]
        """
        return list(self.iter_analyze(answers, questions=questions, n_process=n_process, batch_size=batch_size, progress=progress))

    def iter_analyze(
        self,
        answers: Iterable[str],
        *,
        questions: Iterable[str | None] | None = None,
        n_process: int = 1,
        batch_size: int = 32,
        progress: bool | Callable[[int], None] = False,
    ) -> Iterator[Feedback]:
        """Like :meth:`analyze_many` but yields results as they are ready (streaming input and output)."""
        if not isinstance(n_process, int) or n_process < 1:
            raise ValueError(f"n_process must be a positive integer, not {n_process!r}")
        if not isinstance(batch_size, int) or batch_size < 1:
            raise ValueError(f"batch_size must be a positive integer, not {batch_size!r}")
        q_iter = iter(questions) if questions is not None else None
        originals: deque[tuple[str, str | None]] = deque()

        def checked() -> Iterator[str]:
            for i, a in enumerate(answers):
                try:
                    text = self._check(a)
                    q = self._check_question(next(q_iter, None)) if q_iter is not None else None
                except (TypeError, ValueError) as exc:
                    raise type(exc)(f"answer {i}: {exc}") from None
                originals.append((text, q))
                yield self._parse_safe(text)

        bar = None
        if progress is True:
            from tqdm.auto import tqdm

            total = len(answers) if isinstance(answers, Sized) else None
            bar = tqdm(total=total, unit="answer", desc="star_nlp")
        try:
            for done, doc in enumerate(self.nlp.pipe(checked(), batch_size=batch_size, n_process=n_process), 1):
                text, q = originals.popleft()
                yield self._feedback(text, doc, q)
                if bar is not None:
                    bar.update(1)
                elif callable(progress):
                    progress(done)
        finally:
            if bar is not None:
                bar.close()

    # ------------------------------------------------------------------ core
    def _feedback(self, text: str, doc: Doc, question: str | None) -> Feedback:
        # the amounts are measured once: the segmenter reads them without parts, the result with them
        measured = measure_amounts(doc)
        lu = segment_doc(doc, self.segmenter, amounts=extract_quantities(doc, measured=measured))
        segments = lu.segments(text)
        missing = lu.missing()
        total_words = sum(len(s.text.split()) for s in segments) or 1
        components = {}
        for lab in STAR_LABELS:
            w = sum(len(s.text.split()) for s in segments if s.label == lab)
            components[lab] = Component(lab, lab not in missing, w, round(w / total_words, 3))
        # STAR parts tell outcomes from context only in a real multi-part answer; a lone sentence or
        # bullet is labelled by position alone, which says nothing about its numbers
        parts = [(s.start, s.end, s.label) for s in segments] if len(lu.units) >= 3 else []
        quantities = tuple(
            q if text[q.start : q.end] == q.text else dataclasses.replace(q, text=text[q.start : q.end])
            for q in extract_quantities(doc, parts, measured=measured)
        )
        ownership = analyse_ownership(doc, lu.units, lu.labels, text)
        fillers = tuple(filler_spans(doc))
        metrics = compute_metrics(doc, lu.units, fillers=fillers)
        comps = competency_model(self._competency_model, [text])[0]
        q_comps = question_competencies(question) if question else ()
        sig = Signals(text, segments, missing, quantities, ownership, metrics, fillers, question, q_comps, comps, lu.withdrawn_span())
        suggestions = build_suggestions(sig)
        score, subscores = score_answer(sig, suggestions)
        return Feedback(
            text=text,
            question=question,
            segments=segments,
            components=components,
            missing=missing,
            quantities=quantities,
            ownership=ownership,
            metrics=metrics,
            score=score,
            subscores=subscores,
            suggestions=tuple(suggestions),
            competencies=comps,
            question_competencies=q_comps,
        )


_default: Analyzer | None = None
_default_lock = threading.Lock()


def default_analyzer() -> Analyzer:
    """The shared, lazily created :class:`Analyzer` behind :func:`analyze` and :func:`analyze_many`."""
    global _default
    if _default is None:
        with _default_lock:
            if _default is None:
                _default = Analyzer()
    return _default


def analyze(answer: str, *, question: str | None = None) -> Feedback:
    """Analyse one answer with the default :class:`Analyzer`.

    Example:
        >>> import star_nlp
        >>> fb = star_nlp.analyze("I was asked to speed up our CI, so I cached dependencies. Builds went from 20 to 6 minutes.")
        >>> [(q.text, q.direction) for q in fb.quantities]
        [('20', 'decrease'), ('6 minutes', 'decrease')]
    """
    return default_analyzer().analyze(answer, question=question)


def analyze_many(
    answers: Iterable[str],
    *,
    n_process: int = 1,
    batch_size: int = 32,
    questions: Iterable[str | None] | None = None,
    progress: bool | Callable[[int], None] = False,
) -> list[Feedback]:
    """Analyse many answers with the default :class:`Analyzer` (see :meth:`Analyzer.analyze_many`)."""
    return default_analyzer().analyze_many(answers, questions=questions, n_process=n_process, batch_size=batch_size, progress=progress)
