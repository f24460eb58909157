"""to_frame: one row per real analysis, each value equal to its Feedback field."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

pd = pytest.importorskip("pandas")

from star_nlp import Analyzer, Feedback  # noqa: E402
from star_nlp.frame import COLUMNS, to_frame  # noqa: E402

from .conftest import STRONG  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]

EXPECTED_COLUMNS = [
    "score",
    "structure",
    "impact",
    "ownership",
    "delivery",
    "content",
    "words",
    "speaking_seconds",
    "grade_level",
    "situation_share",
    "task_share",
    "action_share",
    "result_share",
    "missing",
    "n_quantities",
    "n_outcome_quantities",
    "first_person_singular",
    "first_person_plural",
    "action_i_share",
    "action_we_share",
    "suggestions",
    "top_competency",
]

WEAK = "We had a tight deadline on a project. We all worked really hard together and in the end it went well."


@pytest.fixture(scope="module")
def feedbacks(analyzer: Analyzer) -> list[Feedback]:
    example = (ROOT / "examples" / "answer.txt").read_text(encoding="utf-8")
    return [
        analyzer.analyze(STRONG),
        analyzer.analyze(example, question="Tell me about a time you improved performance."),
        analyzer.analyze(WEAK),
        analyzer.analyze("I was asked to speed up our CI, so I cached dependencies. Builds went from 20 to 6 minutes."),
    ]


def test_columns_are_exact(feedbacks: list[Feedback]) -> None:
    df = to_frame(feedbacks)
    assert list(df.columns) == EXPECTED_COLUMNS
    assert list(COLUMNS) == EXPECTED_COLUMNS
    assert list(df.index) == list(range(len(feedbacks)))


def test_values_equal_the_feedback_fields(feedbacks: list[Feedback]) -> None:
    df = to_frame(feedbacks)
    for i, fb in enumerate(feedbacks):
        row = df.loc[i]
        assert row["score"] == fb.score
        for name in ("structure", "impact", "ownership", "delivery", "content"):
            assert row[name] == fb.subscores[name]
        assert row["words"] == fb.metrics.words
        assert row["speaking_seconds"] == fb.metrics.speaking_seconds
        assert row["grade_level"] == fb.metrics.grade_level
        for label in ("situation", "task", "action", "result"):
            assert row[f"{label}_share"] == fb.components[label].share
        assert row["missing"] == ",".join(fb.missing)
        assert row["n_quantities"] == len(fb.quantities)
        assert row["n_outcome_quantities"] == len([q for q in fb.quantities if q.is_result])
        assert row["first_person_singular"] == fb.ownership.first_person_singular
        assert row["first_person_plural"] == fb.ownership.first_person_plural
        assert row["action_i_share"] == fb.ownership.action_agent_share["i"]
        assert row["action_we_share"] == fb.ownership.action_agent_share["we"]
        assert row["suggestions"] == ",".join(fb.codes())
        assert row["top_competency"] == max(fb.competencies.items(), key=lambda kv: kv[1])[0]


def test_rows_tell_the_answers_apart(feedbacks: list[Feedback]) -> None:
    df = to_frame(feedbacks)
    strong, weak = df.loc[0], df.loc[2]
    assert strong["missing"] == ""
    assert strong["n_outcome_quantities"] >= 1
    assert strong["action_i_share"] > strong["action_we_share"]
    assert weak["n_quantities"] == 0
    assert weak["first_person_plural"] == 2 and weak["first_person_singular"] == 0
    assert weak["score"] < strong["score"]
    assert weak["suggestions"] != ""


def test_dtypes(feedbacks: list[Feedback]) -> None:
    df = to_frame(feedbacks)
    assert pd.api.types.is_float_dtype(df["score"])
    assert pd.api.types.is_float_dtype(df["action_share"])
    for name in ("words", "n_quantities", "n_outcome_quantities", "first_person_singular", "first_person_plural"):
        assert pd.api.types.is_integer_dtype(df[name]), name


def test_accepts_a_generator_and_an_empty_input(analyzer: Analyzer, feedbacks: list[Feedback]) -> None:
    from_gen = to_frame(fb for fb in feedbacks)
    pd.testing.assert_frame_equal(from_gen, to_frame(feedbacks))
    streamed = to_frame(analyzer.iter_analyze([STRONG, WEAK]))
    pd.testing.assert_frame_equal(streamed, to_frame([feedbacks[0], feedbacks[2]]))
    empty = to_frame([])
    assert list(empty.columns) == EXPECTED_COLUMNS
    assert len(empty) == 0
    assert pd.api.types.is_integer_dtype(empty["words"])


def test_bad_input(feedbacks: list[Feedback]) -> None:
    with pytest.raises(TypeError, match="item 1 is a dict"):
        to_frame([feedbacks[0], feedbacks[1].to_dict()])
    with pytest.raises(TypeError, match=r"to_frame\(\[feedback\]\)"):
        to_frame(feedbacks[0])  # type: ignore[arg-type]
    with pytest.raises(TypeError, match="not int"):
        to_frame(3)  # type: ignore[arg-type]


def test_missing_pandas_names_the_extra(monkeypatch: pytest.MonkeyPatch, feedbacks: list[Feedback]) -> None:
    monkeypatch.setitem(sys.modules, "pandas", None)  # makes `import pandas` raise ImportError
    with pytest.raises(ImportError, match=r"pip install 'star-nlp\[pandas\]'"):
        to_frame(feedbacks)
