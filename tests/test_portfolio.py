"""portfolio(): competency coverage, gaps and the story to tell per question type."""

from __future__ import annotations

import dataclasses
import json

import pytest

from star_nlp.competencies import COMPETENCIES, question_competencies
from star_nlp.portfolio import COVERAGE_THRESHOLD, QUESTION_TYPES, STRONG_SCORE, Portfolio, portfolio
from .conftest import LEAK

LATENCY = (
    "In 2022 I worked on the search service at a travel startup, and checkout pages had started timing out during evening peaks. "
    "I was responsible for finding the cause before the summer sale. "
    "I profiled the slowest requests in Python, found that one SQL query scanned the whole bookings table, and added a composite index. "
    "I also moved the price lookups into a Redis cache and load-tested the change with a replay of real traffic. "
    "As a result, p95 latency fell from 2.4 seconds to 300 milliseconds and timeouts dropped by 90%. "
    "I learned to measure before guessing."
)


@pytest.fixture(scope="module")
def technical(analyzer):
    return [analyzer.analyze(LATENCY), analyzer.analyze(LEAK)]


def _with(fb, score=None, **probs):
    """The same real Feedback with chosen competency probabilities (and score), to pin the rules exactly."""
    comps = {c: 0.0 for c in COMPETENCIES} | probs
    return dataclasses.replace(fb, competencies=comps, score=fb.score if score is None else score)


def test_two_debugging_stories_leave_the_soft_competencies_as_gaps(technical) -> None:
    p = portfolio(technical)
    assert p.stories == 2
    assert "problem_solving" not in p.gaps
    assert {"ethics", "adaptability", "teamwork"} <= set(p.gaps)
    # gaps are exactly the competencies no story reaches the threshold for, in the fixed order
    best = {c: max(fb.competencies[c] for fb in technical) for c in COMPETENCIES}
    assert p.gaps == tuple(c for c in COMPETENCIES if best[c] < COVERAGE_THRESHOLD)
    for c in COMPETENCIES:
        cov = p.coverage[c]
        assert cov.probability == best[c]
        assert technical[cov.best_story].competencies[c] == best[c]
        assert cov.covered == (c not in p.gaps)
    assert p.questions["fairness_and_bias"].verdict == "gap"
    assert p.questions["challenging_problem"].verdict == "strong"


def test_coverage_reports_best_story_and_every_story_that_shows_it(technical) -> None:
    a, b = technical
    p = portfolio([_with(a, ethics=0.55, teamwork=0.2), _with(b, ethics=0.8), _with(a, ethics=0.8)])
    ethics = p.coverage["ethics"]
    assert (ethics.covered, ethics.best_story, ethics.probability, ethics.stories) == (True, 1, 0.8, (1, 2, 0))
    team = p.coverage["teamwork"]
    assert (team.covered, team.best_story, team.probability, team.stories) == (False, 0, 0.2, ())
    assert p.gaps == ("problem_solving", "communication", "adaptability", "leadership", "teamwork")


def test_question_fit_weights_probability_by_score(technical) -> None:
    a, b = technical
    shows_it_but_weak = _with(a, score=50.0, ethics=0.9)   # fit 0.45
    shows_it_well = _with(b, score=90.0, ethics=0.7)       # fit 0.63
    q = portfolio([shows_it_but_weak, shows_it_well]).questions["fairness_and_bias"]
    assert (q.best_story, q.fit, q.probability, q.story_score, q.verdict) == (1, 0.63, 0.7, 90.0, "strong")
    assert q.competencies == ("ethics",)


def test_verdicts_strong_needs_work_and_gap(technical) -> None:
    a = technical[0]
    below = STRONG_SCORE - 10
    assert portfolio([_with(a, score=below, leadership=0.8)]).questions["taking_initiative"].verdict == "needs_work"
    assert portfolio([_with(a, score=STRONG_SCORE, leadership=0.5)]).questions["taking_initiative"].verdict == "strong"
    assert portfolio([_with(a, score=95.0, leadership=0.49)]).questions["taking_initiative"].verdict == "gap"


def test_multi_competency_questions_use_the_mean_probability(technical) -> None:
    a = technical[0]
    lopsided = _with(a, score=100.0, problem_solving=0.9, adaptability=0.0)   # mean 0.45
    balanced = _with(a, score=100.0, problem_solving=0.6, adaptability=0.5)   # mean 0.55
    q = portfolio([lopsided, balanced]).questions["managing_ambiguity"]
    assert (q.best_story, q.probability, q.verdict) == (1, 0.55, "strong")
    q = portfolio([lopsided]).questions["managing_ambiguity"]
    assert (q.probability, q.verdict) == (0.45, "gap")


def test_ties_go_to_the_earliest_story(technical) -> None:
    a = technical[0]
    same = _with(a, score=80.0, communication=0.7)
    p = portfolio([same, same, same])
    assert p.coverage["communication"].best_story == 0
    assert p.coverage["communication"].stories == (0, 1, 2)
    assert p.questions["explaining_complex_concept"].best_story == 0


def test_size_warnings_follow_the_six_to_eight_rule(technical) -> None:
    fb = technical[0]
    assert portfolio([fb]).warnings == ("1 story: prepare 6-8 that together cover the six competencies.",)
    assert portfolio([fb] * 5).warnings == ("5 stories: prepare 6-8 that together cover the six competencies.",)
    assert portfolio([fb] * 6).warnings == ()
    assert portfolio([fb] * 8).warnings == ()
    assert portfolio([fb] * 9).warnings == (
        "9 stories: 6-8 are enough; drop the weakest or merge ones that show the same competencies.",)


def test_question_types_agree_with_the_question_cue_table() -> None:
    assert [q.name for q in QUESTION_TYPES] == [
        "challenging_problem", "team_disagreement", "explaining_complex_concept", "mistake_and_lesson", "fairness_and_bias",
        "taking_initiative", "managing_ambiguity", "difficult_stakeholder", "conflicting_priorities"]
    for q in QUESTION_TYPES:
        assert question_competencies(q.question) == q.competencies, q.name


def test_to_dict_is_plain_json(technical) -> None:
    p = portfolio(technical)
    assert isinstance(p, Portfolio)
    d = p.to_dict()
    assert json.loads(p.to_json()) == d
    assert list(d["coverage"]) == list(COMPETENCIES)
    assert list(d["questions"]) == [q.name for q in QUESTION_TYPES]
    assert d["coverage"]["problem_solving"]["stories"] == list(p.coverage["problem_solving"].stories)


def test_bad_inputs(technical) -> None:
    with pytest.raises(ValueError, match="feedbacks is empty"):
        portfolio([])
    with pytest.raises(TypeError, match="feedbacks must be a sequence of Feedback, not str"):
        portfolio(LATENCY)  # type: ignore[arg-type]
    with pytest.raises(TypeError, match="feedbacks must be a sequence of Feedback, not Feedback"):
        portfolio(technical[0])  # type: ignore[arg-type]
    with pytest.raises(TypeError, match=r"feedbacks\[1\] must be a Feedback .*not str"):
        portfolio([technical[0], LEAK])  # type: ignore[list-item]
