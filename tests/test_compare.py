"""compare(): what a rewrite of an answer fixed and what it broke, on the real pipeline."""

from __future__ import annotations

import json

import pytest

from star_nlp.compare import Comparison, compare

SETUP = (
    "In 2022 I worked on the search service at a travel startup, and checkout pages had started timing out during evening peaks. "
    "I was responsible for finding the cause before the summer sale. "
    "I profiled the slowest requests in Python, found that one PostgreSQL query scanned the whole bookings table, and added a composite index. "
    "I also moved the price lookups into a Redis cache and load-tested the change with a replay of real traffic. "
    "I mentored a junior engineer through the profiling so she could spot the pattern next time."
)
RESULT = (
    " As a result, p95 latency fell from 2.4 seconds to 300 milliseconds and timeouts dropped by 90%. "
    "I learned to measure before guessing."
)
FULL = SETUP + RESULT


@pytest.fixture(scope="module")
def full(analyzer):
    return analyzer.analyze(FULL)


@pytest.fixture(scope="module")
def cut(analyzer):
    return analyzer.analyze(SETUP)


def test_removing_the_result_is_reported_as_a_regression(full, cut) -> None:
    assert "missing_result" not in full.codes() and "missing_result" in cut.codes()
    c = compare(full, cut)
    assert "missing_result" in c.new
    assert "missing_result" not in c.resolved
    assert c.score_delta < 0
    assert c.score_delta == round(cut.score - full.score, 1)
    assert (c.before_score, c.after_score) == (full.score, cut.score)
    assert "result" in c.parts_lost and c.parts_gained == ()
    assert c.quantified_before == sum(q.is_result for q in full.quantities) >= 2
    assert c.quantified_after == 0
    assert c.subscore_deltas["impact"] < 0
    assert c.subscore_deltas["structure"] < 0
    assert c.word_delta == cut.metrics.words - full.metrics.words < 0
    assert c.regressed[0] == f"Score fell from {full.score:.1f} to {cut.score:.1f} ({c.score_delta:+.1f})."
    assert "The Result is no longer found." in c.regressed
    assert f"Quantified outcomes went from {c.quantified_before} to 0." in c.regressed
    assert not any("Score rose" in line or "Result is now present" in line for line in c.improved)


def test_adding_the_result_back_mirrors_the_regression(full, cut) -> None:
    down, up = compare(full, cut), compare(cut, full)
    assert up.score_delta == -down.score_delta > 0
    assert up.resolved == down.new and up.new == down.resolved
    assert up.parts_gained == down.parts_lost and up.parts_lost == down.parts_gained
    assert {k: -v for k, v in down.subscore_deltas.items()} == {k: v + 0.0 for k, v in up.subscore_deltas.items()}
    assert "The Result is now present." in up.improved
    assert up.improved[0].startswith("Score rose from")


def test_the_same_answer_twice_changes_nothing(full) -> None:
    c = compare(full, full)
    assert c.score_delta == 0 and set(c.subscore_deltas.values()) == {0.0}
    assert list(c.subscore_deltas) == ["structure", "impact", "ownership", "delivery", "content"]
    assert c.resolved == c.new == c.parts_gained == c.parts_lost == c.improved == c.regressed == ()
    assert c.word_delta == 0 and c.quantified_before == c.quantified_after


def test_text_and_feedback_inputs_give_the_same_comparison(full, cut) -> None:
    assert compare(FULL, SETUP) == compare(full, cut)
    assert compare(full, SETUP) == compare(FULL, cut)


def test_cutting_a_rambling_answer_resolves_too_long(analyzer, full) -> None:
    long = analyzer.analyze(" ".join([FULL] * 4))
    assert "too_long" in long.codes()
    c = compare(long, full)
    assert "too_long" in c.resolved
    assert "No longer flagged: too_long." in c.improved
    assert f"Length went from {long.metrics.words} to {full.metrics.words} words, closer to the 200-300 word target." in c.improved
    assert compare(full, long).regressed[-1].endswith("further from the 200-300 word target.")


def test_question_is_used_for_text_inputs_only(full) -> None:
    # A latency story told for a disagreement question: only the text version is analysed with it.
    c = compare(full, FULL, question="Tell me about a time you disagreed with a teammate.")
    assert isinstance(c, Comparison)
    assert c.new == ("off_question",) and c.resolved == ()
    assert c.subscore_deltas["content"] == -25.0
    assert c.regressed == (
        f"Score fell from {c.before_score:.1f} to {c.after_score:.1f} ({c.score_delta:+.1f}).",
        "Content sub-score fell from 100.0 to 75.0 (-25.0).",
        "Newly flagged: off_question.",
    )


def test_to_dict_is_plain_json(full, cut) -> None:
    c = compare(full, cut)
    d = c.to_dict()
    assert json.loads(c.to_json()) == d
    assert set(d) == {"before_score", "after_score", "score_delta", "subscore_deltas", "resolved", "new", "parts_gained",
                      "parts_lost", "quantified_before", "quantified_after", "words_before", "words_after", "word_delta",
                      "improved", "regressed"}
    assert isinstance(d["new"], list) and isinstance(d["improved"], list)


def test_bad_inputs_name_the_argument_and_type(full) -> None:
    with pytest.raises(TypeError, match="before must be a Feedback or a str, not int"):
        compare(3, full)  # type: ignore[arg-type]
    with pytest.raises(TypeError, match="after must be a Feedback or a str, not list"):
        compare(full, [FULL])  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="^after: answer is empty"):
        compare(full, "   ")
