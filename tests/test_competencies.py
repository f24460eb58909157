"""Training the competency tagger, end to end on a slice of the corpus."""

from __future__ import annotations

from pathlib import Path

import pytest
from threadpoolctl import threadpool_info

import star_nlp.competencies as competencies
from star_nlp.artifacts import load_artifact
from star_nlp.corpus import COMPETENCIES, default_corpus_dir
from star_nlp.train import native_threads


def test_train_competencies_fits_on_one_native_thread_and_saves_a_loadable_tagger(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    lines = (default_corpus_dir() / "batch_05.jsonl").read_text(encoding="utf-8").splitlines()[:60]
    (corpus / "batch_05.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")
    before = native_threads()
    seen: list[int] = []
    real = competencies._make_model

    def spy():
        seen.append(max(int(pool["num_threads"]) for pool in threadpool_info()))
        return real()

    monkeypatch.setattr(competencies, "_make_model", spy)
    messages: list[str] = []
    meta = competencies.train_competencies(corpus, tmp_path / "out", folds=2, progress=messages.append)
    assert seen == [1, 1, 1]  # two folds and the final fit
    assert native_threads() == before
    assert meta["corpus_answers"] == 60 and meta["cv_folds"] == 2 and messages[0].startswith("competencies cv:")
    tagger = load_artifact("competencies.joblib", tmp_path / "out", trusted=True)["model"]
    [probs] = competencies.competency_model(tagger, ["I persuaded the team to change the rota and we shipped on time."])
    assert set(probs) == set(COMPETENCIES) and all(0.0 <= p <= 1.0 for p in probs.values())
