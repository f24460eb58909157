"""Compare two versions of an answer: what a rewrite fixed and what it broke.

:func:`compare` lines up two analyses (typically a first draft and a rewrite of the same story)
and reports the change in score and sub-scores, the suggestion codes the rewrite resolved or
introduced, the STAR parts it gained or lost, the number of quantified outcomes, the change in
length, and two lists of readable lines, ``improved`` and ``regressed``.

Rules (all deltas are ``after - before``, rounded to one decimal):

- ``resolved``: codes flagged in ``before`` and not in ``after``, in ``before``'s order (most
  important first); ``new``: codes flagged in ``after`` and not in ``before``, in ``after``'s order.
- ``parts_gained``: STAR parts missing before and present after; ``parts_lost`` the reverse.
- ``quantified_before``/``quantified_after``: quantities flagged as outcomes (``is_result``).
- ``improved``/``regressed`` lines, in this order: overall score, each sub-score (in the order of
  :data:`star_nlp.feedback.WEIGHTS`), STAR parts, quantified outcomes, suggestion codes other than
  ``missing_*`` (those are already told as parts), and length, which counts as improved when it
  moves closer to the STAR guide's 200-300 word target and regressed when it moves away. Unchanged
  figures give no line.

Example:
    >>> from star_nlp.compare import compare
    >>> draft = ("At my last job our nightly ETL failed twice a week. "
    ...          "I was asked to make it reliable, so I rewrote the loader and added retries.")
    >>> c = compare(draft, draft + " As a result, failures fell from eight a month to one.")
    >>> "result" in c.parts_gained, "missing_result" in c.resolved, c.quantified_after - c.quantified_before
    (True, True, 1)
"""

from __future__ import annotations

from dataclasses import dataclass

from .feedback import TARGET_WORDS, WEIGHTS
from .results import STAR_LABELS, Feedback, _Serialisable

__all__ = ["Comparison", "compare"]


@dataclass(frozen=True)
class Comparison(_Serialisable):
    """What changed between two analyses of an answer.

    Attributes:
        before_score: Overall score of the first version (0-100).
        after_score: Overall score of the second version (0-100).
        score_delta: ``after_score - before_score``.
        subscore_deltas: Per sub-score (``structure``, ``impact``, ...), after minus before.
        resolved: Suggestion codes in ``before`` that are gone in ``after``.
        new: Suggestion codes in ``after`` that were not in ``before``.
        parts_gained: STAR parts missing before and present after.
        parts_lost: STAR parts present before and missing after.
        quantified_before: Quantified outcomes (``Quantity.is_result``) in the first version.
        quantified_after: Quantified outcomes in the second version.
        words_before: Word count of the first version.
        words_after: Word count of the second version.
        word_delta: ``words_after - words_before``.
        improved: Readable lines, one per change for the better.
        regressed: Readable lines, one per change for the worse.
    """

    before_score: float
    after_score: float
    score_delta: float
    subscore_deltas: dict[str, float]
    resolved: tuple[str, ...]
    new: tuple[str, ...]
    parts_gained: tuple[str, ...]
    parts_lost: tuple[str, ...]
    quantified_before: int
    quantified_after: int
    words_before: int
    words_after: int
    word_delta: int
    improved: tuple[str, ...]
    regressed: tuple[str, ...]


def _as_feedback(value: object, name: str, question: str | None) -> Feedback:
    if isinstance(value, Feedback):
        return value
    if isinstance(value, str):
        from .analyzer import analyze

        try:
            return analyze(value, question=question)
        except ValueError as exc:
            raise ValueError(f"{name}: {exc}") from exc
    raise TypeError(f"{name} must be a Feedback or a str, not {type(value).__name__}")


def _unique(codes: list[str]) -> list[str]:
    return list(dict.fromkeys(codes))


def _distance_to_target(words: int) -> int:
    low, high = TARGET_WORDS
    return low - words if words < low else (words - high if words > high else 0)


def _signed(x: float) -> str:
    return f"{x:+.1f}"


def compare(before: Feedback | str, after: Feedback | str, *, question: str | None = None) -> Comparison:
    """Compare two versions of an answer.

    Args:
        before: The first version, as a :class:`~star_nlp.results.Feedback` or as text (analysed
            with :func:`star_nlp.analyze`).
        after: The second version, likewise.
        question: The interview question, used only when a version is given as text.

    Returns:
        The :class:`Comparison`.

    Raises:
        TypeError: ``before`` or ``after`` is neither a ``Feedback`` nor a ``str``.
        ValueError: A text version is empty or too long (the message names which one).

    Example:
        >>> draft = ("At my last job our nightly ETL failed twice a week. "
        ...          "I was asked to make it reliable, so I rewrote the loader and added retries.")
        >>> c = compare(draft + " As a result, failures fell from eight a month to one.", draft)
        >>> "result" in c.parts_lost, "missing_result" in c.new, c.score_delta < 0
        (True, True, True)
        >>> c.regressed[0].startswith("Score fell from")
        True
    """
    b = _as_feedback(before, "before", question)
    a = _as_feedback(after, "after", question)

    score_delta = round(a.score - b.score, 1)
    present = set(b.subscores) | set(a.subscores)
    keys = [k for k in WEIGHTS if k in present] + sorted(present - set(WEIGHTS))
    sub_deltas = {k: round(a.subscores.get(k, 0.0) - b.subscores.get(k, 0.0), 1) for k in keys}

    b_codes, a_codes = _unique(b.codes()), _unique(a.codes())
    resolved = tuple(c for c in b_codes if c not in a_codes)
    new = tuple(c for c in a_codes if c not in b_codes)
    gained = tuple(lab for lab in STAR_LABELS if lab in b.missing and lab not in a.missing)
    lost = tuple(lab for lab in STAR_LABELS if lab not in b.missing and lab in a.missing)
    q_before = sum(q.is_result for q in b.quantities)
    q_after = sum(q.is_result for q in a.quantities)
    w_before, w_after = b.metrics.words, a.metrics.words

    improved: list[str] = []
    regressed: list[str] = []
    if score_delta:
        verb = "rose" if score_delta > 0 else "fell"
        (improved if score_delta > 0 else regressed).append(
            f"Score {verb} from {b.score:.1f} to {a.score:.1f} ({_signed(score_delta)}).")
    for k, d in sub_deltas.items():
        if d:
            verb = "rose" if d > 0 else "fell"
            (improved if d > 0 else regressed).append(
                f"{k.capitalize()} sub-score {verb} from {b.subscores.get(k, 0.0):.1f} to {a.subscores.get(k, 0.0):.1f} ({_signed(d)}).")
    improved.extend(f"The {lab.capitalize()} is now present." for lab in gained)
    regressed.extend(f"The {lab.capitalize()} is no longer found." for lab in lost)
    if q_after != q_before:
        (improved if q_after > q_before else regressed).append(f"Quantified outcomes went from {q_before} to {q_after}.")
    improved.extend(f"No longer flagged: {c}." for c in resolved if not c.startswith("missing_"))
    regressed.extend(f"Newly flagged: {c}." for c in new if not c.startswith("missing_"))
    d_before, d_after = _distance_to_target(w_before), _distance_to_target(w_after)
    if d_after != d_before:
        low, high = TARGET_WORDS
        direction = "closer to" if d_after < d_before else "further from"
        (improved if d_after < d_before else regressed).append(
            f"Length went from {w_before} to {w_after} words, {direction} the {low}-{high} word target.")

    return Comparison(
        before_score=b.score,
        after_score=a.score,
        score_delta=score_delta,
        subscore_deltas=sub_deltas,
        resolved=resolved,
        new=new,
        parts_gained=gained,
        parts_lost=lost,
        quantified_before=q_before,
        quantified_after=q_after,
        words_before=w_before,
        words_after=w_after,
        word_delta=w_after - w_before,
        improved=tuple(improved),
        regressed=tuple(regressed),
    )
