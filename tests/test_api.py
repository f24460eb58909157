"""The public contract of the foundation issue: names, fields, offsets, bad input."""

from __future__ import annotations

import json

import pytest

import star_nlp
from star_nlp import Analyzer, Feedback
from star_nlp.results import AGENTS, DIRECTIONS, KINDS, SEGMENT_LABELS, STAR_LABELS

from .conftest import STRONG


def test_public_surface() -> None:
    for name in ("analyze", "analyze_many", "Analyzer", "Feedback", "Segment", "Quantity", "Suggestion", "__version__"):
        assert name in star_nlp.__all__
        assert getattr(star_nlp, name) is not None


def _check_offsets(fb: Feedback) -> None:
    text = fb.text
    prev_end = 0
    for seg in fb.segments:
        assert seg.label in SEGMENT_LABELS
        assert 0 <= seg.start < seg.end <= len(text)
        assert seg.start >= prev_end
        assert text[seg.start : seg.end] == seg.text
        assert 0.0 <= seg.confidence <= 1.0
        prev_end = seg.end
    for q in fb.quantities:
        assert text[q.start : q.end] == q.text
        assert q.kind in KINDS and q.direction in DIRECTIONS
    for s in fb.ownership.sentences + fb.ownership.units:
        assert text[s.start : s.end] == s.text
        assert s.agent in AGENTS
    for s in fb.suggestions:
        assert 0 <= s.start <= s.end <= len(text)


def test_feedback_fields_on_a_strong_answer(analyzer: Analyzer) -> None:
    fb = analyzer.analyze(STRONG)
    _check_offsets(fb)
    assert fb.text == STRONG
    assert [s.label for s in fb.segments][:2] == ["situation", "task"]
    assert fb.missing == ()
    assert set(fb.components) == set(STAR_LABELS)
    assert all(c.present for c in fb.components.values())
    assert sum(c.share for c in fb.components.values()) == pytest.approx(1.0, abs=0.01)
    assert fb.components["action"].share > fb.components["situation"].share
    assert fb.metrics.words == len(STRONG.split())
    assert fb.metrics.speaking_seconds == pytest.approx(fb.metrics.words / 150 * 60, abs=0.1)
    assert fb.ownership.first_person_singular >= 8
    assert any(q.text == "10 hours" and q.is_result for q in fb.quantities)
    assert 0 <= fb.score <= 100
    assert set(fb.subscores) == {"structure", "impact", "ownership", "delivery", "content"}


def test_to_dict_and_json_round_trip(analyzer: Analyzer) -> None:
    fb = analyzer.analyze(STRONG, question="Tell me about a time you improved a process.")
    data = json.loads(fb.to_json())
    assert data == fb.to_dict()
    assert data["question"] == "Tell me about a time you improved a process."
    assert data["segments"][0]["label"] == fb.segments[0].label
    assert isinstance(data["ownership"]["sentences"], list)


def test_results_are_frozen(analyzer: Analyzer) -> None:
    fb = analyzer.analyze("I fixed the build.")
    with pytest.raises(AttributeError):
        fb.score = 100  # type: ignore[misc]


@pytest.mark.parametrize("bad", [None, 42, b"bytes", ["a list"]])
def test_non_str_raises_type_error_naming_the_type(analyzer: Analyzer, bad: object) -> None:
    with pytest.raises(TypeError, match=type(bad).__name__):
        analyzer.analyze(bad)  # type: ignore[arg-type]


@pytest.mark.parametrize("blank", ["", "   ", "\n\t \r\n"])
def test_blank_raises_value_error(analyzer: Analyzer, blank: str) -> None:
    with pytest.raises(ValueError, match="empty"):
        analyzer.analyze(blank)


def test_max_chars_is_enforced_and_configurable(analyzer: Analyzer) -> None:
    small = Analyzer(analyzer.nlp, max_chars=50)
    with pytest.raises(ValueError, match="maximum is 50"):
        small.analyze("x" * 51)
    assert small.analyze("x" * 50).text == "x" * 50
    with pytest.raises(ValueError, match="max_chars"):
        Analyzer(analyzer.nlp, max_chars=0)


@pytest.mark.parametrize(
    "odd",
    [
        "Hello",
        "🚀🚀🚀",
        "<script>alert('x')</script><b>I shipped it</b>",
        "Ich habe die Datenbank migriert und die Kosten um 30% gesenkt.",
        "so um basically we had this outage and i fixed it and then it was fine",
        "我负责迁移数据库",
        "{\"json\": [1, 2, 3]}",
        "def f(x):\n    return x * 2\n",
        "a\u0000b\u200bc\u0301 \u202eright-to-left\u202c",
        "bad \ud800 surrogate",
        "line one\r\nline two\r\n\tindented",
    ],
)
def test_any_other_string_returns_feedback(analyzer: Analyzer, odd: str) -> None:
    fb = analyzer.analyze(odd)
    assert fb.text == odd
    _check_offsets(fb)


def test_analyze_many_matches_analyze(analyzer: Analyzer, corpus) -> None:
    texts = [str(r["text"]) for r in corpus[:12]] + ["I fixed it."]
    many = analyzer.analyze_many(iter(texts), batch_size=4)
    assert [f.to_dict() for f in many] == [analyzer.analyze(t).to_dict() for t in texts]


def test_analyze_many_names_the_bad_answer(analyzer: Analyzer) -> None:
    with pytest.raises(ValueError, match="answer 1"):
        analyzer.analyze_many(["I fixed it.", "  "])


def test_module_level_functions_use_the_default_analyzer() -> None:
    fb = star_nlp.analyze("I was asked to speed up our tests, so I ran them in parallel.")
    assert isinstance(fb, Feedback)
    assert star_nlp.analyze_many(["I was asked to speed up our tests, so I ran them in parallel."])[0] == fb


def test_question_must_be_a_string(analyzer: Analyzer) -> None:
    with pytest.raises(TypeError, match="question"):
        analyzer.analyze("I fixed it.", question=3)  # type: ignore[arg-type]
