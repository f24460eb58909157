"""Many :class:`~star_nlp.results.Feedback` results as one pandas ``DataFrame``.

pandas is an optional dependency: ``pip install 'star-nlp[pandas]'``.

Example:
    >>> import star_nlp
    >>> from star_nlp.frame import to_frame
    >>> df = to_frame(star_nlp.analyze_many(["I was asked to speed up our CI, so I cached dependencies. Builds went from 20 to 6 minutes."]))
    >>> int(df.loc[0, "words"]), int(df.loc[0, "first_person_singular"])
    (19, 2)
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

from .feedback import WEIGHTS
from .results import STAR_LABELS, Feedback

if TYPE_CHECKING:
    import pandas

__all__ = ["COLUMNS", "to_frame"]

#: The sub-score names, in the order of :data:`star_nlp.feedback.WEIGHTS`.
_SUBSCORES: tuple[str, ...] = tuple(WEIGHTS)

#: The columns of :func:`to_frame`, in order, with their pandas dtypes.
_DTYPES: dict[str, str] = {
    "score": "float64",
    **{name: "float64" for name in _SUBSCORES},
    "words": "int64",
    "speaking_seconds": "float64",
    "grade_level": "float64",
    **{f"{label}_share": "float64" for label in STAR_LABELS},
    "missing": "object",
    "n_quantities": "int64",
    "n_outcome_quantities": "int64",
    "first_person_singular": "int64",
    "first_person_plural": "int64",
    "action_i_share": "float64",
    "action_we_share": "float64",
    "suggestions": "object",
    "top_competency": "object",
}

#: The column names of :func:`to_frame`, in order.
COLUMNS: tuple[str, ...] = tuple(_DTYPES)


def _row(fb: Feedback) -> dict[str, Any]:
    agents = fb.ownership.action_agent_share
    return {
        "score": fb.score,
        **{name: fb.subscores.get(name) for name in _SUBSCORES},
        "words": fb.metrics.words,
        "speaking_seconds": fb.metrics.speaking_seconds,
        "grade_level": fb.metrics.grade_level,
        **{f"{label}_share": fb.components[label].share if label in fb.components else 0.0 for label in STAR_LABELS},
        "missing": ",".join(fb.missing),
        "n_quantities": len(fb.quantities),
        "n_outcome_quantities": sum(q.is_result for q in fb.quantities),
        "first_person_singular": fb.ownership.first_person_singular,
        "first_person_plural": fb.ownership.first_person_plural,
        "action_i_share": agents.get("i", 0.0),
        "action_we_share": agents.get("we", 0.0),
        "suggestions": ",".join(fb.codes()),
        "top_competency": max(fb.competencies, key=fb.competencies.__getitem__) if fb.competencies else None,
    }


def to_frame(feedbacks: Iterable[Feedback]) -> pandas.DataFrame:
    """Tabulate analyses: one row per answer, in input order, with the main figures.

    The columns (also in :data:`COLUMNS`) are:

    * ``score`` and the five sub-scores ``structure``, ``impact``, ``ownership``, ``delivery``,
      ``content`` (0-100);
    * ``words``, ``speaking_seconds``, ``grade_level`` (from :attr:`Feedback.metrics`);
    * ``situation_share``, ``task_share``, ``action_share``, ``result_share``: each STAR part's
      share of the answer's words (0-1);
    * ``missing``: the absent STAR parts joined with commas (``""`` when none is missing);
    * ``n_quantities`` and ``n_outcome_quantities``: amounts found, and those reporting an outcome;
    * ``first_person_singular``, ``first_person_plural``: I/me/my and we/us/our counts;
    * ``action_i_share``, ``action_we_share``: share of Action units led by "I" and by "we";
    * ``suggestions``: the suggestion codes joined with commas, most important first;
    * ``top_competency``: the most probable of the six competencies (``None`` without any).

    The index is a plain ``RangeIndex``, so ``df.loc[i]`` is the ``i``-th Feedback.

    Args:
        feedbacks: Results of :func:`star_nlp.analyze`, :func:`star_nlp.analyze_many` or
            :meth:`star_nlp.Analyzer.iter_analyze` (any iterable, consumed once).

    Returns:
        A ``pandas.DataFrame`` with the columns above, even when ``feedbacks`` is empty.

    Raises:
        ImportError: pandas is not installed.
        TypeError: ``feedbacks`` is not an iterable of :class:`~star_nlp.results.Feedback`; the
            message names the first wrong item's index and type.

    Example:
        >>> import star_nlp
        >>> from star_nlp.frame import to_frame
        >>> answers = [
        ...     "I was asked to cut our cloud bill, so I moved batch jobs to spot instances. We saved $40,000 a year.",
        ...     "We had a tight deadline. We worked hard and it went well.",
        ... ]
        >>> df = to_frame(star_nlp.analyze_many(answers))
        >>> df.shape[0], list(df.columns[:3])
        (2, ['score', 'structure', 'impact'])
        >>> int(df.loc[0, "n_quantities"]), int(df.loc[1, "n_quantities"])
        (1, 0)
        >>> int(df.loc[1, "first_person_plural"]), int(df.loc[1, "first_person_singular"])
        (2, 0)
        >>> bool(df.loc[1, "score"] < df.loc[0, "score"])
        True
    """
    try:
        import pandas as pd
    except ImportError as exc:
        raise ImportError("to_frame needs pandas: pip install 'star-nlp[pandas]'") from exc
    if isinstance(feedbacks, Feedback):
        raise TypeError("to_frame takes an iterable of Feedback; for one result use to_frame([feedback])")
    try:
        items = iter(feedbacks)
    except TypeError:
        raise TypeError(f"feedbacks must be an iterable of Feedback, not {type(feedbacks).__name__}") from None
    rows = []
    for i, fb in enumerate(items):
        if not isinstance(fb, Feedback):
            raise TypeError(f"item {i} is a {type(fb).__name__}, not a star_nlp Feedback")
        rows.append(_row(fb))
    frame = pd.DataFrame.from_records(rows, columns=list(COLUMNS)) if rows else pd.DataFrame(columns=list(COLUMNS))
    return frame.astype(_DTYPES)
