"""Result types returned by :func:`star_nlp.analyze`: frozen dataclasses with ``to_dict()``.

All offsets are character offsets into :attr:`Feedback.text`, end exclusive, so that
``feedback.text[item.start:item.end] == item.text`` for every item that has a ``text``.

Example:
    >>> seg = Segment("action", 0, 11, "I fixed it.", 0.9)
    >>> seg.to_dict()["label"]
    'action'
"""

from __future__ import annotations

import dataclasses
import json
from dataclasses import dataclass, field
from typing import Any, Literal

__all__ = [
    "AGENTS",
    "DIRECTIONS",
    "KINDS",
    "SEGMENT_LABELS",
    "STAR_LABELS",
    "Component",
    "Feedback",
    "Metrics",
    "Ownership",
    "Quantity",
    "Segment",
    "SentenceOwnership",
    "Suggestion",
]

Label = Literal["situation", "task", "action", "result", "other"]
StarLabel = Literal["situation", "task", "action", "result"]
Kind = Literal["percent", "currency", "duration", "count", "multiplier", "rate", "size", "other"]
Direction = Literal["increase", "decrease", "none"]
Agent = Literal["i", "we", "other", "none"]
Severity = Literal["info", "warning", "error"]

STAR_LABELS: tuple[StarLabel, ...] = ("situation", "task", "action", "result")
SEGMENT_LABELS: tuple[Label, ...] = ("situation", "task", "action", "result", "other")
KINDS: tuple[Kind, ...] = ("percent", "currency", "duration", "count", "multiplier", "rate", "size", "other")
DIRECTIONS: tuple[Direction, ...] = ("increase", "decrease", "none")
AGENTS: tuple[Agent, ...] = ("i", "we", "other", "none")


class _Serialisable:
    """Mixin: ``to_dict()`` (plain JSON types) and ``to_json()``."""

    def to_dict(self) -> dict[str, Any]:
        """Return the result as plain Python types (dicts, lists, str, numbers, bools, None)."""
        return _plain(self)  # type: ignore[no-any-return]

    def to_json(self, **kwargs: Any) -> str:
        """Return :meth:`to_dict` as a JSON string; ``kwargs`` go to :func:`json.dumps`."""
        kwargs.setdefault("ensure_ascii", False)
        return json.dumps(self.to_dict(), **kwargs)


def _plain(obj: Any) -> Any:
    if dataclasses.is_dataclass(obj) and not isinstance(obj, type):
        return {f.name: _plain(getattr(obj, f.name)) for f in dataclasses.fields(obj)}
    if isinstance(obj, dict):
        return {str(k): _plain(v) for k, v in obj.items()}
    if isinstance(obj, (list, tuple)):
        return [_plain(v) for v in obj]
    return obj


@dataclass(frozen=True)
class Segment(_Serialisable):
    """One labelled stretch of the answer.

    Attributes:
        label: ``situation``, ``task``, ``action``, ``result`` or ``other``.
        start: Character offset of the first character.
        end: Character offset after the last character.
        text: ``answer[start:end]``.
        confidence: The model's probability for ``label`` (0-1), averaged over the segment's units.
    """

    label: Label
    start: int
    end: int
    text: str
    confidence: float


@dataclass(frozen=True)
class Component(_Serialisable):
    """How much of the answer one STAR part takes.

    Attributes:
        label: The STAR label.
        present: Whether the part was found.
        words: Words labelled with it.
        share: ``words`` divided by the words of the whole answer (0-1).
    """

    label: StarLabel
    present: bool
    words: int
    share: float


@dataclass(frozen=True)
class Quantity(_Serialisable):
    """An amount stated in the answer.

    Attributes:
        text: The amount as written (number plus unit token), ``answer[start:end]``.
        start: Character offset.
        end: Character offset, exclusive.
        value: The number, in the unit's scale (``$1.2M`` is 1200000, ``40%`` is 40).
        unit: ``percent``, a currency code, a time unit, a size unit, ``times``, or the counted noun.
        kind: One of :data:`KINDS`.
        direction: How the measured thing moved: ``increase``, ``decrease`` or ``none``.
        metric: The measured noun phrase (``"p95 latency"``), or ``None``.
        is_result: Whether it reports an outcome of the speaker's work (not context or a target).
    """

    text: str
    start: int
    end: int
    value: float
    unit: str | None
    kind: Kind
    direction: Direction
    metric: str | None
    is_result: bool


@dataclass(frozen=True)
class SentenceOwnership(_Serialisable):
    """Who performs the main action of one sentence or clause-level unit.

    Attributes:
        start: Character offset.
        end: Character offset, exclusive.
        text: ``answer[start:end]``.
        agent: ``i`` (the speaker), ``we`` (a team including the speaker), ``other`` (a third party,
            including someone who assigns the speaker a task), ``none`` (no agent).
        passive: Whether the main clause is in the passive voice.
        hedged: Whether the speaker softens their own part ("helped with", "tried to").
        part: The STAR label of the segment the unit lies in.
    """

    start: int
    end: int
    text: str
    agent: Agent
    passive: bool
    hedged: bool
    part: Label


@dataclass(frozen=True)
class Ownership(_Serialisable):
    """The "I vs we" picture of the answer.

    Attributes:
        first_person_singular: Count of I/me/my/mine/myself.
        first_person_plural: Count of we/us/our/ours/ourselves.
        sentences: One entry per sentence.
        action_agent_share: Share of Action units led by each agent (``i``, ``we``, ``other``,
            ``none``); all zero when there is no Action.
        pronouns_by_part: Singular and plural first-person counts per STAR part.
        units: One entry per clause-level unit (the segmenter's units), with its STAR part.
    """

    first_person_singular: int
    first_person_plural: int
    sentences: tuple[SentenceOwnership, ...]
    action_agent_share: dict[str, float] = field(default_factory=dict)
    pronouns_by_part: dict[str, dict[str, int]] = field(default_factory=dict)
    units: tuple[SentenceOwnership, ...] = ()


@dataclass(frozen=True)
class Metrics(_Serialisable):
    """Cheap delivery figures.

    Attributes:
        words: Word count (white-space separated tokens with a letter or digit).
        sentences: Sentence count from the parse.
        speaking_seconds: Estimated speaking time at 150 words per minute.
        flesch_reading_ease: Flesch reading ease as textstat computes it (higher is easier).
        grade_level: Flesch-Kincaid grade as textstat computes it.
        avg_sentence_words: Mean words per sentence.
        filler_count: Spoken fillers (um, uh, like as filler, you know, basically, ...).
        jargon_ratio: Share of words that are acronyms or technical terms.
        past_tense_ratio: Share of finite verbs and modals in the simple past ("would" is not past).
        is_transcript: Whether the text looks like a speech transcript (little punctuation).
    """

    words: int
    sentences: int
    speaking_seconds: float
    flesch_reading_ease: float
    grade_level: float
    avg_sentence_words: float
    filler_count: int
    jargon_ratio: float
    past_tense_ratio: float
    is_transcript: bool


@dataclass(frozen=True)
class Suggestion(_Serialisable):
    """One piece of feedback about a span of the answer.

    Attributes:
        code: A stable code (see the README), such as ``missing_result``.
        severity: ``error`` (a STAR part or the point is missing), ``warning``, or ``info``.
        message: What is wrong and what to do instead, quoting the candidate's words.
        start: Start of the span it is about (0 for the whole answer).
        end: End of the span (``len(text)`` for the whole answer).
    """

    code: str
    severity: Severity
    message: str
    start: int
    end: int


@dataclass(frozen=True)
class Feedback(_Serialisable):
    """The analysis of one answer.

    Attributes:
        text: The answer as given; every offset points into it.
        question: The question, when one was passed.
        segments: Ordered, non-overlapping labelled segments covering the answer's words.
        components: Per STAR label: presence, words and share.
        missing: STAR labels judged absent.
        quantities: Amounts found, with value, unit, kind, direction, metric and outcome flag.
        ownership: I-vs-we figures and one entry per unit.
        metrics: Word count, speaking time, readability and other cheap figures.
        score: Overall 0-100.
        subscores: ``structure``, ``impact``, ``ownership``, ``delivery``, ``content`` (0-100 each).
        suggestions: Feedback items, most important first.
        competencies: Probability that the answer demonstrates each of the six competencies.
        question_competencies: The competencies the question asks about (empty without a question).
    """

    text: str
    question: str | None
    segments: tuple[Segment, ...]
    components: dict[str, Component]
    missing: tuple[str, ...]
    quantities: tuple[Quantity, ...]
    ownership: Ownership
    metrics: Metrics
    score: float
    subscores: dict[str, float]
    suggestions: tuple[Suggestion, ...]
    competencies: dict[str, float] = field(default_factory=dict)
    question_competencies: tuple[str, ...] = ()

    def _repr_html_(self) -> str:
        """Jupyter's rich display: the answer with its STAR parts highlighted (see :mod:`star_nlp.html`)."""
        from .html import render_html

        return render_html(self)

    def codes(self) -> list[str]:
        """The suggestion codes, in order.

        Example:
            >>> import star_nlp
            >>> "too_short" in star_nlp.analyze("At my last job our build was slow. I was asked to fix it.").codes()
            True
        """
        return [s.code for s in self.suggestions]
