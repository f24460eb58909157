"""Parallel and distributed runs give exactly the sequential results; streaming input streams."""

from __future__ import annotations

import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from star_nlp import Analyzer, Feedback
from star_nlp.distributed import analyze_dask

from .conftest import STRONG

ROOT = Path(__file__).resolve().parents[1]

ANSWERS = [
    STRONG,
    (ROOT / "examples" / "answer.txt").read_text(encoding="utf-8"),
    "I was asked to speed up our CI, so I cached dependencies. Builds went from 20 to 6 minutes.",
    "Our deploys failed weekly. I added canary releases. Failures fell to zero.",
    "We had a tight deadline on a project. We all worked really hard together and in the end it went well.",
    "um so basically I was like the lead on the migration and uh we moved everything to postgres and it was fine",
    "A customer was angry about a double charge. I refunded it the same day, called her to apologise, "
    "and fixed the billing rule that caused it. She renewed her contract and complaints about billing fell by 30%.",
    "In my last role I would probably have talked to the team first and then I would plan the rollout carefully.",
]


def _dicts(feedbacks: list[Feedback]) -> list[dict]:
    return [f.to_dict() for f in feedbacks]


@pytest.fixture(scope="module")
def sequential(analyzer: Analyzer) -> list[dict]:
    return _dicts([analyzer.analyze(a) for a in ANSWERS])


def test_analyze_many_matches_sequential(analyzer: Analyzer, sequential: list[dict]) -> None:
    assert _dicts(analyzer.analyze_many(ANSWERS, batch_size=3)) == sequential


def test_analyze_many_with_two_processes_matches_sequential(analyzer: Analyzer, sequential: list[dict]) -> None:
    assert _dicts(analyzer.analyze_many(ANSWERS, n_process=2, batch_size=2)) == sequential


def test_iter_analyze_yields_before_a_generator_is_exhausted(analyzer: Analyzer, sequential: list[dict]) -> None:
    items = ANSWERS * 4
    pulled = 0

    def answers() -> Iterator[str]:
        nonlocal pulled
        for a in items:
            pulled += 1
            yield a

    results = analyzer.iter_analyze(answers(), batch_size=2)
    first = next(results)
    assert first.to_dict() == sequential[0]
    assert pulled < len(items) // 2, f"pulled {pulled} of {len(items)} answers before the first result"
    rest = list(results)
    assert pulled == len(items)
    assert _dicts([first, *rest]) == sequential * 4


def test_analyze_many_accepts_a_generator(analyzer: Analyzer, sequential: list[dict]) -> None:
    assert _dicts(analyzer.analyze_many(a for a in ANSWERS)) == sequential


def test_analyze_dask_on_a_local_cluster_matches_sequential(sequential: list[dict]) -> None:
    pytest.importorskip("dask.bag")
    distributed = pytest.importorskip("distributed")
    with (
        distributed.LocalCluster(
            n_workers=2, threads_per_worker=1, processes=True, host="127.0.0.1", dashboard_address=None
        ) as cluster,
        distributed.Client(cluster) as client,
    ):
        feedbacks = analyze_dask(ANSWERS, client=client, partitions=4)
        # The analysis ran in the worker processes, each with its own default analyzer.
        loaded = client.run(lambda: __import__("star_nlp.analyzer").analyzer._default is not None)
    assert len(loaded) == 2 and any(loaded.values())
    assert all(isinstance(f, Feedback) for f in feedbacks)
    assert _dicts(feedbacks) == sequential


def test_analyze_dask_checks_input_before_the_cluster() -> None:
    pytest.importorskip("dask.bag")
    assert analyze_dask([]) == []
    with pytest.raises(TypeError, match="single str"):
        analyze_dask("one answer")
    with pytest.raises(TypeError, match="answer 1: answer must be a str, not int"):
        analyze_dask(["I fixed it.", 3])  # type: ignore[list-item]
    with pytest.raises(ValueError, match="answer 2: answer is empty"):
        analyze_dask(["I fixed it.", "We shipped it.", "  "])
    with pytest.raises(ValueError, match="partitions must be a positive integer"):
        analyze_dask(["I fixed it."], partitions=0)


def test_missing_dask_names_the_extra(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "dask.bag", None)  # makes `import dask.bag` raise ImportError
    with pytest.raises(ImportError, match=r"pip install 'star-nlp\[dask\]'"):
        analyze_dask(["I fixed it."])


def test_progress_bar_and_callback(capsys) -> None:
    from star_nlp import Analyzer
    from star_nlp.analyzer import default_analyzer

    analyzer: Analyzer = default_analyzer()
    texts = ["I fixed the build.", "I was asked to cut costs, so I moved jobs to spot instances."]
    seen: list[int] = []
    quiet = analyzer.analyze_many(texts, progress=seen.append)
    assert seen == [1, 2]
    assert capsys.readouterr().err == ""
    shown = analyzer.analyze_many(texts, progress=True)
    err = capsys.readouterr().err
    assert "2/2" in err and "star_nlp" in err
    assert [f.to_dict() for f in shown] == [f.to_dict() for f in quiet]
