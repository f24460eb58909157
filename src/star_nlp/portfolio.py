"""A story portfolio: which competencies a set of prepared answers covers, and which story to tell.

The STAR guide (``../shared/DOMAIN.md``, "Preparation practices") recommends a portfolio of 6-8
stories that together cover the six competencies, one story serving several questions. Given the
analyses of those stories, :func:`portfolio` reports:

- **coverage**: a competency is covered when at least one story shows it with probability
  :data:`COVERAGE_THRESHOLD` (0.5) or more (``Feedback.competencies``); for each competency the
  best story (highest probability, the earliest on a tie) and its probability. ``gaps`` lists the
  uncovered competencies in the fixed competency order.
- **questions**: for each common question type in :data:`QUESTION_TYPES`, the story that answers
  it best. Stories are ranked by ``fit = mean probability of the type's competencies × score/100``
  (the earliest story wins a tie). The verdict is ``gap`` when the chosen story's mean probability
  is under :data:`COVERAGE_THRESHOLD`, ``strong`` when it reaches it and the story scores at least
  :data:`STRONG_SCORE` (70), and ``needs_work`` otherwise (the story fits but is told weakly).
- **warnings**: one when there are fewer than 6 or more than 8 stories.

Example:
    >>> [q.name for q in QUESTION_TYPES][:3]
    ['challenging_problem', 'team_disagreement', 'explaining_complex_concept']
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Literal

from .corpus import COMPETENCIES
from .results import Feedback, _Serialisable

__all__ = [
    "COVERAGE_THRESHOLD",
    "PORTFOLIO_SIZE",
    "QUESTION_TYPES",
    "STRONG_SCORE",
    "CompetencyCoverage",
    "Portfolio",
    "QuestionFit",
    "QuestionType",
    "portfolio",
]

#: A story shows a competency when the tagger gives it at least this probability.
COVERAGE_THRESHOLD = 0.5
#: The recommended number of stories, inclusive (the STAR guide: "a portfolio of 6-8 stories").
PORTFOLIO_SIZE = (6, 8)
#: A story that fits a question type is ``strong`` from this overall score up.
STRONG_SCORE = 70.0

Verdict = Literal["strong", "needs_work", "gap"]


@dataclass(frozen=True)
class QuestionType(_Serialisable):
    """A common behavioral question and the competencies it assesses.

    Attributes:
        name: A stable identifier, such as ``team_disagreement``.
        question: A typical wording of the question.
        competencies: The competencies it assesses, in the fixed competency order.
    """

    name: str
    question: str
    competencies: tuple[str, ...]


#: The common question types of the STAR guide ("Common questions map onto these").
QUESTION_TYPES: tuple[QuestionType, ...] = (
    QuestionType("challenging_problem", "Tell me about the most challenging problem you solved.", ("problem_solving",)),
    QuestionType("team_disagreement", "Tell me about a time you disagreed with a teammate.", ("teamwork",)),
    QuestionType("explaining_complex_concept", "Describe a time you had to explain a complex concept to a non-technical audience.",
                 ("communication",)),
    QuestionType("mistake_and_lesson", "Tell me about a mistake you made and what you learned from it.", ("adaptability",)),
    QuestionType("fairness_and_bias", "Tell me about a time you dealt with fairness or bias in your work.", ("ethics",)),
    QuestionType("taking_initiative", "Tell me about a time you took the initiative without being asked.", ("leadership",)),
    QuestionType("managing_ambiguity", "Tell me about a time you had to make progress with ambiguous, incomplete information.",
                 ("problem_solving", "adaptability")),
    QuestionType("difficult_stakeholder", "Tell me about a time you worked with a difficult stakeholder.", ("communication", "teamwork")),
    QuestionType("conflicting_priorities", "Tell me about a time you had to juggle competing priorities.", ("problem_solving", "leadership")),
)


@dataclass(frozen=True)
class CompetencyCoverage(_Serialisable):
    """How well the portfolio shows one competency.

    Attributes:
        competency: The competency.
        covered: Whether some story shows it (probability >= :data:`COVERAGE_THRESHOLD`).
        best_story: Index (into the sequence passed) of the story with the highest probability.
        probability: That story's probability (0-1).
        stories: Indices of every story that shows it, highest probability first.
    """

    competency: str
    covered: bool
    best_story: int
    probability: float
    stories: tuple[int, ...]


@dataclass(frozen=True)
class QuestionFit(_Serialisable):
    """The story to tell for one question type.

    Attributes:
        question_type: The :attr:`QuestionType.name`.
        question: The typical wording.
        competencies: The competencies the question assesses.
        best_story: Index of the story with the highest ``fit``.
        fit: Mean probability of the competencies × the story's score / 100 (0-1).
        probability: The best story's mean probability of the competencies (0-1).
        story_score: The best story's overall score (0-100).
        verdict: ``strong``, ``needs_work`` (the story fits but scores under
            :data:`STRONG_SCORE`) or ``gap`` (no story shows the competencies).
    """

    question_type: str
    question: str
    competencies: tuple[str, ...]
    best_story: int
    fit: float
    probability: float
    story_score: float
    verdict: Verdict


@dataclass(frozen=True)
class Portfolio(_Serialisable):
    """Coverage of the six competencies by a set of stories.

    Attributes:
        stories: Number of stories.
        coverage: Per competency (fixed order): the :class:`CompetencyCoverage`.
        gaps: Competencies no story shows, in the fixed order.
        questions: Per question type name: the :class:`QuestionFit`.
        warnings: Readable warnings (portfolio size outside 6-8).
    """

    stories: int
    coverage: dict[str, CompetencyCoverage]
    gaps: tuple[str, ...]
    questions: dict[str, QuestionFit]
    warnings: tuple[str, ...]


def _check_feedbacks(feedbacks: object, name: str = "feedbacks") -> list[Feedback]:
    if isinstance(feedbacks, (str, bytes, Feedback)) or not isinstance(feedbacks, Sequence):
        raise TypeError(f"{name} must be a sequence of Feedback, not {type(feedbacks).__name__}")
    items = list(feedbacks)
    if not items:
        raise ValueError(f"{name} is empty; pass at least one Feedback")
    for i, fb in enumerate(items):
        if not isinstance(fb, Feedback):
            raise TypeError(f"{name}[{i}] must be a Feedback (from star_nlp.analyze), not {type(fb).__name__}")
    return items


def portfolio(feedbacks: Sequence[Feedback]) -> Portfolio:
    """Check a set of prepared stories against the six competencies and the common questions.

    Args:
        feedbacks: The analyses of the stories (from :func:`star_nlp.analyze`); story indices in
            the result point into this sequence.

    Returns:
        The :class:`Portfolio`.

    Raises:
        TypeError: ``feedbacks`` is not a sequence, or an item is not a ``Feedback``.
        ValueError: ``feedbacks`` is empty.

    Example:
        >>> import star_nlp
        >>> fb = star_nlp.analyze("Our nightly ETL kept failing. I was asked to fix it, so I rewrote the loader. It has not failed since.")
        >>> p = portfolio([fb])
        >>> p.stories, len(p.coverage), p.warnings[0].startswith("1 story")
        (1, 6, True)
    """
    stories = _check_feedbacks(feedbacks)
    n = len(stories)
    probs = [[float(fb.competencies.get(c, 0.0)) for c in COMPETENCIES] for fb in stories]

    coverage: dict[str, CompetencyCoverage] = {}
    for k, comp in enumerate(COMPETENCIES):
        order = sorted(range(n), key=lambda i: (-probs[i][k], i))
        best = order[0]
        showing = tuple(i for i in order if probs[i][k] >= COVERAGE_THRESHOLD)
        coverage[comp] = CompetencyCoverage(comp, bool(showing), best, probs[best][k], showing)
    gaps = tuple(c for c in COMPETENCIES if not coverage[c].covered)

    questions: dict[str, QuestionFit] = {}
    for qt in QUESTION_TYPES:
        idx = [COMPETENCIES.index(c) for c in qt.competencies]
        mean = [sum(p[k] for k in idx) / len(idx) for p in probs]
        fit = [mean[i] * stories[i].score / 100 for i in range(n)]
        best = min(range(n), key=lambda i: (-fit[i], i))
        score = stories[best].score
        verdict: Verdict = "gap" if mean[best] < COVERAGE_THRESHOLD else ("strong" if score >= STRONG_SCORE else "needs_work")
        questions[qt.name] = QuestionFit(qt.name, qt.question, qt.competencies, best, round(fit[best], 4),
                                         round(mean[best], 4), score, verdict)

    low, high = PORTFOLIO_SIZE
    warnings: list[str] = []
    if n < low:
        noun = "story" if n == 1 else "stories"
        warnings.append(f"{n} {noun}: prepare {low}-{high} that together cover the six competencies.")
    elif n > high:
        warnings.append(f"{n} stories: {low}-{high} are enough; drop the weakest or merge ones that show the same competencies.")
    return Portfolio(n, coverage, gaps, questions, tuple(warnings))
