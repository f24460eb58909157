"""The training command, end to end on a small slice of the corpus."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest
import scipy
from threadpoolctl import threadpool_info

from star_nlp.artifacts import load_artifact
from star_nlp.corpus import default_corpus_dir, default_endings_dir, load_corpus
from star_nlp.segmenter import UnitSequenceModel, segment_doc
from star_nlp.train import (
    CANDIDATES as TRAINING_CANDIDATES,
    augment,
    build_unit_dataset,
    candidates_of,
    choose_labeller,
    chosen_from,
    cross_validate,
    follow_up_copy,
    labeller_score,
    main,
    native_threads,
    one_thread,
    presence_score,
    train_segmenter,
)

CANDIDATES = (
    {"family": "logreg", "C": 0.3, "transition_weight": 1.0, "prior_weight": 0.5},
    {"family": "logreg", "C": 0.3, "transition_weight": 0.0, "prior_weight": 0.0},
)


@pytest.fixture(scope="module")
def trained(tmp_path_factory: pytest.TempPathFactory) -> tuple[dict, Path]:
    corpus = tmp_path_factory.mktemp("corpus")
    lines = (default_corpus_dir() / "batch_05.jsonl").read_text(encoding="utf-8").splitlines()[:60]
    (corpus / "batch_05.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")
    endings = tmp_path_factory.mktemp("endings")
    lines = (default_endings_dir() / "endings_01.jsonl").read_text(encoding="utf-8").splitlines()[:12]
    (endings / "endings_01.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")
    out = tmp_path_factory.mktemp("artifacts")
    messages: list[str] = []
    meta = train_segmenter(corpus, out, candidates=CANDIDATES, folds=3, endings_dir=endings, progress=messages.append)
    assert messages[0].startswith("parsing 60 answers")
    assert "parsing 12 answer endings and their transcript copies" in messages
    return meta, out


def test_each_candidate_is_ranked_under_the_presence_family_it_would_ship_with(trained) -> None:
    meta, _ = trained
    assert meta["corpus_answers"] == 60
    assert meta["endings"] == 12 and len(meta["endings_hash"]) == 64 and meta["ending_units"] > 12 * 2
    for c in meta["candidates"]:
        assert set(c["presence_candidates"]) == {"logreg", "trees"}
        assert c["presence_family"] == max(c["presence_candidates"], key=lambda f: presence_score(c["presence_candidates"][f]))
        assert c["cv"] == c["presence_candidates"][c["presence_family"]]
    best = max(meta["candidates"], key=lambda c: labeller_score(c["cv"]))
    assert meta["params"] == best["params"]
    assert meta["presence_family"] == best["presence_family"]
    assert meta["cv"] == best["cv"]
    viterbi = meta["candidates"][0]
    fit = viterbi["decoder_fit"]
    assert (viterbi["params"]["transition_weight"], viterbi["params"]["prior_weight"]) == (fit["transition_weight"], fit["prior_weight"])
    assert fit["hand_set"]["params"] == CANDIDATES[0]
    assert fit["log_likelihood"] >= fit["hand_set"]["log_likelihood"]
    json.dumps(meta)  # the metadata is plain data
    assert meta["chosen_from"] == ["logreg", "crf"]  # by default any family that can ship may be chosen
    # what else can change a fit's last digits is recorded
    assert meta["numpy_version"] == np.__version__ and meta["scipy_version"] == scipy.__version__
    # ... and the fits ran on one thread in every native pool, whatever the machine has
    assert set(meta["native_threads"]) == set(native_threads()) and set(meta["native_threads"].values()) == {1}
    assert list(meta["native_threads"]) == sorted(meta["native_threads"])  # the same bytes whatever order the libraries loaded in


def test_the_trained_artifact_loads_and_segments(trained, analyzer) -> None:
    meta, out = trained
    loaded = load_artifact("segmenter.joblib", out, trusted=True)
    assert loaded["meta"]["corpus_hash"] == meta["corpus_hash"]
    doc = analyzer.nlp("Our deploys failed weekly. I was asked to fix them, so I added canary releases. Failures fell to zero.")
    labels = [s.label for s in segment_doc(doc, loaded["model"]).segments(doc.text)]
    assert labels[0] == "situation" and "action" in labels


ROW = {
    "id": "t-1",
    "style": "written",
    "text": "Our deploys failed weekly. I traced the failures to one flaky test. I rewrote it. Failed deploys fell to zero.",
    "spans": [
        {"label": "situation", "start": 0, "end": 26},
        {"label": "action", "start": 27, "end": 81},
        {"label": "result", "start": 82, "end": 110},
    ],
}


def test_a_follow_up_copy_tells_the_last_step_after_the_result() -> None:
    (copy,) = augment([ROW], ("follow_up",))
    assert copy["id"] == "t-1#after" and copy["group"] == "t-1"
    assert copy["text"] == "Our deploys failed weekly. I traced the failures to one flaky test. Failed deploys fell to zero. I rewrote it."
    assert [(s["label"], copy["text"][s["start"] : s["end"]]) for s in copy["spans"]] == [
        ("situation", "Our deploys failed weekly."),
        ("action", "I traced the failures to one flaky test."),
        ("result", "Failed deploys fell to zero."),
        ("action", "I rewrote it."),
    ]


def test_no_follow_up_copy_without_a_two_sentence_action_before_the_result() -> None:
    one_step = {**ROW, "text": "Our deploys failed weekly. I rewrote the flaky test. Failed deploys fell to zero.",
                "spans": [{"label": "situation", "start": 0, "end": 26}, {"label": "action", "start": 27, "end": 52},
                          {"label": "result", "start": 53, "end": 81}]}
    assert follow_up_copy(one_step) is None
    assert augment([{**ROW, "style": "transcript"}], ("follow_up",)) == []
    assert follow_up_copy({**ROW, "spans": ROW["spans"][:2]}) is None  # no Result


def test_presence_only_copies_never_train_the_labeller(analyzer) -> None:
    rows = [r for r in load_corpus(default_corpus_dir()) if r["id"].startswith("st-")][:24]
    params = {"family": "logreg", "C": 0.3, "transition_weight": 0.5, "prior_weight": 0.5}
    plain = build_unit_dataset(rows, analyzer.nlp)
    copies = build_unit_dataset(augment(rows, ("follow_up",)), analyzer.nlp)
    assert copies and all(d["id"].endswith("#after") for d in copies)
    without = cross_validate(plain, params, folds=3)
    with_copies = cross_validate(plain + copies, params, folds=3)
    # the labeller's own output on our answers is the same; the copies are counted apart
    assert with_copies["without_presence_model"] == without["without_presence_model"]
    assert "follow_up_kept_result" not in without
    assert 0.0 <= with_copies["follow_up_kept_result"] <= 1.0


def test_a_lower_result_cut_keeps_at_least_as_many_results(analyzer) -> None:
    rows = [r for r in load_corpus(default_corpus_dir()) if r["id"].startswith("st-")][:24]
    params = {"family": "logreg", "C": 0.3, "transition_weight": 0.5, "prior_weight": 0.5}
    data = build_unit_dataset(rows + augment(rows, ("no_result",)), analyzer.nlp)
    base = cross_validate(data, params, folds=3)
    low = cross_validate(data, params, folds=3, oof=base["_oof"], result_cut=0.05)
    high = cross_validate(data, params, folds=3, oof=base["_oof"], result_cut=0.95)
    assert low["complete_kept_result"] >= base["complete_kept_result"] >= high["complete_kept_result"]
    assert low["result_removed_flagged"] <= base["result_removed_flagged"] <= high["result_removed_flagged"]
    # the labeller's own output does not depend on the cut
    assert low["without_presence_model"] == base["without_presence_model"] == high["without_presence_model"]
    assert (low["complete_kept_result"], low["result_removed_flagged"]) != (high["complete_kept_result"], high["result_removed_flagged"])


def test_training_fits_run_on_one_native_thread_and_the_pools_are_restored(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    before = native_threads()
    seen: list[int] = []
    real_fit = UnitSequenceModel.fit

    def spy(self, *args, **kwargs):
        seen.append(max(int(pool["num_threads"]) for pool in threadpool_info()))
        return real_fit(self, *args, **kwargs)

    monkeypatch.setattr(UnitSequenceModel, "fit", spy)
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    lines = (default_corpus_dir() / "batch_09.jsonl").read_text(encoding="utf-8").splitlines()[:30]
    (corpus / "batch_09.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")
    train_segmenter(corpus, tmp_path / "out", candidates=CANDIDATES[1:], folds=2)
    assert seen == [1, 1, 1]  # two folds and the final fit
    assert native_threads() == before


def test_one_thread_keeps_the_function_and_its_result() -> None:
    pinned = one_thread(native_threads)
    assert pinned.__name__ == "native_threads" and pinned.__doc__ == native_threads.__doc__
    assert set(pinned().values()) == {1} and set(pinned()) == set(native_threads())


def test_candidates_of_keeps_the_chosen_families_in_order() -> None:
    assert candidates_of() == TRAINING_CANDIDATES
    logreg = candidates_of(["logreg"])
    assert logreg and {c["family"] for c in logreg} == {"logreg"}
    assert logreg == tuple(c for c in TRAINING_CANDIDATES if c["family"] == "logreg")
    assert {c["family"] for c in candidates_of(["crf", "svm"])} == {"crf", "svm"}


def test_candidates_of_names_the_bad_family_and_the_valid_ones() -> None:
    with pytest.raises(ValueError, match=r"family 'tree'; choose from \['crf', 'logreg', 'svm'\]"):
        candidates_of(["logreg", "tree"])
    with pytest.raises(ValueError, match=r"none of the families \['svm'\] ships"):
        candidates_of(["svm"])


def test_the_training_command_refuses_a_family_that_cannot_ship(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as err:
        main(["--family", "svm", "--out", "never-written"])
    assert err.value.code == 2
    assert "none of the families ['svm'] ships" in capsys.readouterr().err
    assert not Path("never-written").exists()


def test_choose_from_ships_only_the_named_families_while_all_are_compared() -> None:
    def run(family: str, score: float) -> dict:
        return {"params": {"family": family}, "cv": {"macro_f1": score, "result_removed_flagged": score, "complete_kept_complete": score}}

    runs = [run("logreg", 0.920), run("logreg", 0.925), run("crf", 0.940), run("svm", 0.990)]
    assert choose_labeller(runs)["params"]["family"] == "crf"  # 0.015 past the logistic best
    chosen = choose_labeller(runs, among=["logreg"])
    assert chosen["params"]["family"] == "logreg" and chosen["cv"]["macro_f1"] == 0.925
    assert choose_labeller(runs, among=["crf"])["params"]["family"] == "crf"
    with pytest.raises(ValueError, match=r"no candidate of a shippable family \['crf'\]"):
        choose_labeller([run("logreg", 0.9)], among=["crf"])
    assert chosen_from(["crf", "logreg", "crf"]) == ("logreg", "crf")
    with pytest.raises(ValueError, match=r"the family 'svm' cannot ship; choose from \['logreg', 'crf'\]"):
        chosen_from(["logreg", "svm"])


def test_training_refuses_to_choose_from_a_family_it_does_not_compare(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    # refused before any answer is parsed, and nothing is written
    with pytest.raises(ValueError, match=r"no candidate of the families \['crf'\] it may choose; the candidates are of \['logreg'\]"):
        train_segmenter(tmp_path / "no-corpus", tmp_path / "out", candidates=CANDIDATES, choose_from=["crf"])
    assert not (tmp_path / "out").exists()
    with pytest.raises(SystemExit) as err:
        main(["--family", "logreg", "--choose-from", "crf", "--out", str(tmp_path / "out")])
    assert err.value.code == 2
    assert "--choose-from ['crf'] names no family compared; compared: ['logreg']" in capsys.readouterr().err
    with pytest.raises(SystemExit) as err:
        main(["--choose-from", "svm", "--out", str(tmp_path / "out")])
    assert err.value.code == 2 and "invalid choice: 'svm'" in capsys.readouterr().err
    assert not (tmp_path / "out").exists()
