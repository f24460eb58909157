"""match_job(): requirements, skills and culture words of a posting mapped onto stories."""

from __future__ import annotations

import dataclasses
import json

import pytest

from star_nlp.competencies import COMPETENCIES
from star_nlp.jobmatch import CULTURE_WORDS, JobMatch, _requirements, _stem, match_job
from .conftest import LEAK

LATENCY = (
    "In 2022 I worked on the search service at a travel startup, and checkout pages had started timing out during evening peaks. "
    "I was responsible for finding the cause before the summer sale. "
    "I profiled the slowest requests in Python, found that one PostgreSQL query scanned the whole bookings table, and added a composite index. "
    "I also moved the price lookups into a Redis cache and load-tested the change with a replay of real traffic. "
    "I mentored a junior engineer through the profiling so she could spot the pattern next time. "
    "As a result, p95 latency fell from 2.4 seconds to 300 milliseconds and timeouts dropped by 90%. "
    "I learned to measure before guessing."
)
POSTING = """Platform Engineer

About us
We are a small travel company with big plans and a team-oriented, Customer-Focused culture.

What you'll do
- Profile and speed up our Python services
- Keep our PostgreSQL databases fast and healthy
- Run our services on Kubernetes

Requirements: experience with Redis or a similar cache.
You must be a self starter who enjoys mentorship.

Benefits
Four weeks of holiday and a yearly learning budget.
"""


@pytest.fixture(scope="module")
def stories(analyzer):
    return [analyzer.analyze(LATENCY), analyzer.analyze(LEAK)]


@pytest.fixture(scope="module")
def match(stories) -> JobMatch:
    # Competency probabilities pinned low, so that culture evidence here is purely lexical and
    # independent of the competency tagger; test_culture_word_evidenced_by_competency_probability
    # covers the other path.
    low = [dataclasses.replace(fb, competencies={c: 0.1 for c in COMPETENCIES}) for fb in stories]
    return match_job(low, POSTING)


def _item(items, text):
    return next(i for i in items if i.text == text)


def test_requirements_come_from_sections_bullets_and_cue_sentences() -> None:
    assert _requirements(POSTING) == [
        "Profile and speed up our Python services",
        "Keep our PostgreSQL databases fast and healthy",
        "Run our services on Kubernetes",
        "experience with Redis or a similar cache.",
        "You must be a self starter who enjoys mentorship.",
    ]


def test_requirement_sections_end_at_other_headings_and_blank_lines() -> None:
    posting = ("Qualifications\nYou know SQL well. You write clear tests.\nLanguages: Python and Go\n\n"
               "We have a dog in the office.\nPerks:\n- Free lunch on Fridays\n")
    # bullets count anywhere, even under "Perks:"; the paragraph after the blank line does not
    assert _requirements(posting) == ["You know SQL well.", "You write clear tests.", "Languages: Python and Go",
                                      "Free lunch on Fridays"]


def test_skills_in_a_story_are_evidenced_and_kubernetes_is_not(match) -> None:
    skills = [s.text for s in match.skills]
    assert {"python", "postgresql", "redis", "kubernetes"} <= set(skills)
    assert skills.index("python") < skills.index("postgresql") < skills.index("kubernetes") < skills.index("redis")
    for name in ("python", "postgresql", "redis"):
        item = _item(match.skills, name)
        assert item.evidenced and [e.story for e in item.evidence] == [0], name
        assert item.evidence[0].matched == (name,) and item.evidence[0].score == 1.0
    kube = _item(match.skills, "kubernetes")
    assert (kube.evidenced, kube.evidence) == (False, ())
    assert "kubernetes" in match.unevidenced["skills"]
    assert "python" not in match.unevidenced["skills"]


def test_requirement_evidence_rule(match) -> None:
    profile = _item(match.requirements, "Profile and speed up our Python services")
    assert profile.terms == ("profile", "speed", "python", "services")
    # the Java story shares "profile" and "service" but not the named technology, Python
    assert [(e.story, e.score, e.matched) for e in profile.evidence] == [(0, 0.75, ("profile", "python", "services"))]
    kube = _item(match.requirements, "Run our services on Kubernetes")
    assert not kube.evidenced  # "ran" and "service" in the Java story are not enough without Kubernetes
    redis = _item(match.requirements, "experience with Redis or a similar cache.")
    assert redis.terms == ("redis", "cache")  # "experience" and "similar" are generic
    assert [e.story for e in redis.evidence] == [0]
    assert match.unevidenced["requirements"] == ("Keep our PostgreSQL databases fast and healthy", "Run our services on Kubernetes")


def test_culture_words_with_hyphen_space_and_case_variants(match) -> None:
    assert [c.text for c in match.culture] == ["team-oriented", "customer-focused", "self-starter", "mentorship"]
    assert _item(match.culture, "self-starter").competencies == ("leadership",)
    mentor = _item(match.culture, "mentorship")
    # the latency story says "mentored"
    assert [(e.story, e.score, e.matched) for e in mentor.evidence] == [(0, 1.0, ("mentored",))]
    assert match.unevidenced["culture"] == ("team-oriented", "customer-focused", "self-starter")


def test_culture_words_need_word_boundaries() -> None:
    story = "I fixed the flaky test suite. As a result, the build was green for a month."
    m = match_job([story], "We value teamwork, self-startership and a non-inclusive-free zone.\nSelfstarter wanted.")
    assert [c.text for c in m.culture] == ["self-starter"]


def test_culture_word_evidenced_by_competency_probability(stories) -> None:
    fb = stories[1]
    team_story = dataclasses.replace(fb, competencies={c: 0.1 for c in COMPETENCIES} | {"teamwork": 0.9})
    m = match_job([fb, team_story], "We are a collaborative, team-oriented group.")
    team = _item(m.culture, "team-oriented")
    assert [(e.story, e.score, e.matched, e.probability) for e in team.evidence] == [(1, 0.9, (), 0.9)]
    collab = _item(m.culture, "collaborative")  # communication and teamwork: mean 0.5 reaches the threshold
    assert [(e.story, e.probability) for e in collab.evidence] == [(1, 0.5)]


def test_summary_figures(match) -> None:
    items = (*match.requirements, *match.skills, *match.culture)
    assert match.coverage == round(sum(i.evidenced for i in items) / len(items), 4)
    assert match.evidenced_per_story == tuple(sum(any(e.story == s for e in i.evidence) for i in items) for s in (0, 1))
    assert match.evidenced_per_story[0] > match.evidenced_per_story[1]
    assert all(i.kind == "requirement" for i in match.requirements)
    assert all(i.kind == "skill" for i in match.skills) and all(i.kind == "culture" for i in match.culture)


def test_text_and_feedback_inputs_agree(stories) -> None:
    assert match_job([LATENCY, stories[1]], POSTING) == match_job(stories, POSTING)


def test_posting_without_requirement_cues_takes_skills_from_everything() -> None:
    m = match_job([LATENCY], "We build travel search in Python and Terraform.")
    assert m.requirements == ()
    assert {"python", "terraform"} <= {s.text for s in m.skills}
    assert m.unevidenced["skills"][-1] == "terraform" and "python" not in m.unevidenced["skills"]


def test_to_dict_is_plain_json(match) -> None:
    d = match.to_dict()
    assert json.loads(match.to_json()) == d
    assert set(d) == {"requirements", "skills", "culture", "unevidenced", "coverage", "evidenced_per_story"}
    assert d["skills"][0]["evidence"][0]["probability"] is None


def test_stemming_joins_word_families() -> None:
    assert _stem("communication") == _stem("communicate") == "communic"
    assert _stem("mentorship") == _stem("mentor")
    assert _stem("deployment") == _stem("deploy") == "deploy"
    assert _stem("collaborative") == _stem("collaborate")
    assert all(c in COMPETENCIES for w in CULTURE_WORDS for c in w.competencies)


def test_bad_inputs(stories) -> None:
    with pytest.raises(ValueError, match="job_description is empty"):
        match_job(stories, " \n ")
    with pytest.raises(TypeError, match="job_description must be a str, not NoneType"):
        match_job(stories, None)  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="answers_or_feedbacks is empty"):
        match_job([], POSTING)
    with pytest.raises(TypeError, match="answers_or_feedbacks must be a sequence of str or Feedback, not str"):
        match_job(LATENCY, POSTING)  # type: ignore[arg-type]
    with pytest.raises(TypeError, match=r"answers_or_feedbacks\[1\] must be a str or a Feedback, not int"):
        match_job([LATENCY, 7], POSTING)  # type: ignore[list-item]
    with pytest.raises(ValueError, match=r"answers_or_feedbacks\[0\]: answer is empty"):
        match_job([""], POSTING)


def test_capitalised_stop_word_names_and_slashed_names_are_skills() -> None:
    from star_nlp import match_job

    story = "I rewrote our billing service in Go and set up CI/CD with GitHub Actions, cutting deploys from 40 to 8 minutes."
    m = match_job([story], "We need a backend engineer with Go, Kubernetes and CI/CD experience.")
    assert [(s.text, s.evidenced) for s in m.skills] == [("go", True), ("kubernetes", False), ("ci/cd", True)]
    # a sentence-initial or lower-case "go" stays a verb
    m2 = match_job([story], "Go beyond the brief. We go fast with Kubernetes.")
    assert "go" not in [s.text for s in m2.skills]
    assert "kubernetes" in [s.text for s in m2.skills]
