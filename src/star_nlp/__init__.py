"""star_nlp: analyse answers to behavioral interview questions, offline.

Segments an answer into Situation / Task / Action / Result with a trained classifier, extracts
quantified results, measures "I vs we" ownership, and returns structured feedback with a score.

Example:
    >>> import star_nlp
    >>> fb = star_nlp.analyze("Our nightly ETL kept failing. I was asked to fix it, so I rewrote the loader. It has not failed since.")
    >>> [s.label for s in fb.segments]
    ['situation', 'task', 'action', 'result']
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from ._version import __version__

__all__ = [
    "Analyzer",
    "Component",
    "Feedback",
    "Metrics",
    "Ownership",
    "Quantity",
    "Segment",
    "SentenceOwnership",
    "Suggestion",
    "__version__",
    "analyze",
    "analyze_many",
    "analyze_dask",
    "compare",
    "match_job",
    "portfolio",
    "to_frame",
]

_LAZY = {
    "Analyzer": "analyzer",
    "analyze": "analyzer",
    "analyze_many": "analyzer",
    "Component": "results",
    "Feedback": "results",
    "Metrics": "results",
    "Ownership": "results",
    "Quantity": "results",
    "Segment": "results",
    "SentenceOwnership": "results",
    "Suggestion": "results",
    "to_frame": "frame",
    "analyze_dask": "distributed",
    "compare": "compare",
    "match_job": "jobmatch",
    "portfolio": "portfolio",
}

if TYPE_CHECKING:  # pragma: no cover
    from .analyzer import Analyzer, analyze, analyze_many
    from .results import Component, Feedback, Metrics, Ownership, Quantity, Segment, SentenceOwnership, Suggestion


def __getattr__(name: str) -> Any:
    # Heavy modules (spaCy, scikit-learn) load on first use, so `import star_nlp` stays cheap.
    if name in _LAZY:
        import importlib

        value = getattr(importlib.import_module(f".{_LAZY[name]}", __name__), name)
        globals()[name] = value
        return value
    raise AttributeError(f"module 'star_nlp' has no attribute {name!r}")


def __dir__() -> list[str]:
    return sorted(__all__)
