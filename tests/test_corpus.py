"""The corpus format, the validator, and the corpus itself (issue 3's numbers)."""

from __future__ import annotations

import json
from collections import Counter

import pytest

from star_nlp.corpus import default_corpus_dir, ending_row, from_markup, load_corpus, load_endings, main, stats, to_markup, validate

from .conftest import EVAL_DIR


def _row(**kw):
    row = {"id": "x-1", "text": "We had a bug. I fixed it.", "spans": [{"label": "situation", "start": 0, "end": 13},
           {"label": "action", "start": 14, "end": 25}], "question": "q?", "domain": "backend",
           "competencies": ["problem_solving"], "style": "written", "quality": "strong"}
    row.update(kw)
    return row


def test_markup_round_trip() -> None:
    markup = "<O>Sure.</O> <T>I was asked to fix it,</T> <A>so I did.</A>\n<R>Done.</R>"
    text, spans = from_markup(markup)
    assert text == "Sure. I was asked to fix it, so I did.\nDone."
    assert [(s["label"], text[s["start"]:s["end"]]) for s in spans] == [
        ("other", "Sure."), ("task", "I was asked to fix it,"), ("action", "so I did."), ("result", "Done.")]
    assert to_markup(text, spans) == markup


@pytest.mark.parametrize("markup", ["<S>open", "<S>a<A>b</A></S>", "<S>a</A>"])
def test_markup_errors(markup: str) -> None:
    with pytest.raises(ValueError):
        from_markup(markup)


def test_validator_accepts_a_good_row() -> None:
    assert validate([_row()]) == []


@pytest.mark.parametrize(
    "change, fragment",
    [
        ({"spans": [{"label": "bogus", "start": 0, "end": 13}, {"label": "action", "start": 14, "end": 25}]}, "label 'bogus'"),
        ({"spans": [{"label": "situation", "start": 0, "end": 20}, {"label": "action", "start": 14, "end": 25}]}, "order/overlap"),
        ({"spans": [{"label": "situation", "start": 0, "end": 99}]}, "not inside the text"),
        ({"spans": [{"label": "situation", "start": 0, "end": 13}]}, "outside every span"),
        ({"style": "poem"}, "style 'poem'"),
        ({"competencies": ["juggling"]}, "competencies"),
    ],
)
def test_validator_errors(change, fragment: str) -> None:
    problems = validate([_row(**change)])
    assert any(fragment in p.message and p.severity == "error" for p in problems), problems


def test_validator_reports_leakage_and_near_duplicates() -> None:
    text = "one two three four five six seven eight nine ten"
    row = _row(text=text, spans=[{"label": "action", "start": 0, "end": len(text)}])
    assert any("development set" in p.message for p in validate([row], against=["zero " + text]))
    twin = dict(row, id="x-2")
    assert [p.severity for p in validate([row, twin])] == ["warning"]


def _eval_texts() -> list[str]:
    """Every text of the development sets, when they are beside this checkout."""
    against: list[str] = []
    if EVAL_DIR.is_dir():
        for path in EVAL_DIR.glob("*.jsonl"):
            against += [json.loads(line)["text"] for line in path.open(encoding="utf-8") if line.strip()]
    return against


def test_repository_corpus_is_valid_and_does_not_leak(corpus) -> None:
    against = _eval_texts()
    errors = [p for p in validate(corpus, against=against, check_internal_duplicates=False) if p.severity == "error"]
    assert errors == []


def test_withheld_batches_are_valid_and_not_trained_on(corpus) -> None:
    # batches 42-43 (group I) were sealed until rule 17 read them (session 28), batches 45-46 (group J) until rule 22
    # read them (session 31), batches 48-49 (group K) until rule 23 read them (session 32), batches 50-51 (group L) until
    # rule 25 read them (session 34); they are kept apart from training. Groups E-H (batches 28-29, 34-39) and batches 40-41,
    # withheld until then, are trained on since rule 18 shipped rule 17's candidate
    withheld = load_corpus(default_corpus_dir() / "withheld")
    by_prefix = Counter(str(r["id"]).split("-")[0] for r in withheld)
    assert by_prefix == {"go": 56, "gp": 56, "gq": 56, "gr": 56, "gs": 56, "gt": 56, "gu": 56, "gv": 56}
    assert _validation_errors(withheld) == []
    assert {r["id"] for r in withheld}.isdisjoint({r["id"] for r in corpus})


def test_the_corpus_trains_on_the_batches_rules_14_and_18_adopted(corpus) -> None:
    # rule 14 (session 25) moved batches 21-27 and 32-33 from withheld/ and 30-31 from diagnosis/ into training;
    # rule 18 (session 28) moved batches 28-29 and 34-41 from withheld/ and added batch 44
    by_prefix = Counter(str(r["id"]).split("-")[0] for r in corpus)
    adopted = {"nf": 64, "fu": 48, "ca": 56, "ga": 56, "gb": 56, "gc": 56, "gd": 56, "gg": 56, "gh": 56, "rw": 64,
               "nr": 64, "ge": 56, "gf": 56, "gi": 56, "gj": 56, "gk": 56, "gl": 56, "gm": 56, "gn": 56, "oa": 56,
               "ob": 56, "rx": 56}
    assert {k: by_prefix[k] for k in adopted} == adopted
    assert len(corpus) == 2496


def test_group_m_is_sealed_valid_and_not_trained_on(corpus) -> None:
    # group L (batches 50-51), written in session 32 and sealed until rule 25 read it (session 34), is in withheld/ as
    # groups I-K are; group M (batches 54-55) was written in session 34 after that reading, for the next rule, and
    # committed sealed before any model read it
    assert sorted(p.name for p in (default_corpus_dir() / "withheld").glob("*.jsonl"))[-2:] == ["batch_50.jsonl", "batch_51.jsonl"]
    sealed = load_corpus(default_corpus_dir() / "sealed")
    assert Counter(str(r["id"]).split("-")[0] for r in sealed) == {"gw": 56, "gx": 56}
    assert sorted(p.name for p in (default_corpus_dir() / "sealed").glob("*.jsonl")) == ["batch_54.jsonl", "batch_55.jsonl"]
    assert _validation_errors(sealed) == []
    assert {r["id"] for r in sealed}.isdisjoint({r["id"] for r in corpus})
    assert {r["id"] for r in sealed}.isdisjoint({r["id"] for r in load_corpus(default_corpus_dir() / "withheld")})
    assert not any((default_corpus_dir() / "diagnosis").glob("*.jsonl"))


def _validation_errors(rows: list[dict]) -> list:
    """The validator's errors for ``rows``, checked against the development sets when they are present."""
    against = []
    if EVAL_DIR.is_dir():
        for path in EVAL_DIR.glob("*.jsonl"):
            against += [json.loads(line)["text"] for line in path.open(encoding="utf-8") if line.strip()]
    return [p for p in validate(rows, against=against, check_internal_duplicates=False) if p.severity == "error"]


def test_corpus_meets_the_brief(corpus) -> None:
    st = stats(corpus)
    n = st["answers"]
    assert n >= 400
    assert st["words"] >= 80_000
    assert len(st["domains"]) >= 12
    assert st["questions"] >= 60
    assert set(st["competencies"]) == {"problem_solving", "communication", "adaptability", "ethics", "leadership", "teamwork"}
    assert st["styles"]["transcript"] / n >= 0.15
    assert st["qualities"]["weak"] / n >= 0.15
    assert st["answers_with_a_part_boundary_inside_a_sentence"] >= 40


def test_cli_stats_prints_json(capsys) -> None:
    assert main(["stats"]) == 0
    assert json.loads(capsys.readouterr().out)["answers"] >= 1


def test_endings_follow_their_guide() -> None:
    # models/endings (session 17): answer endings of our own that no shipped model trains on (GUIDE.md there)
    directory = default_corpus_dir().parent / "endings"
    items = [json.loads(line) for path in sorted(directory.glob("*.jsonl")) for line in path.open(encoding="utf-8") if line.strip()]
    assert len(items) == 960 and len({it["id"] for it in items}) == 960
    kinds = {"plain_other", "ability", "numbers", "feedback", "lesson", "speaker_plain", "followed"}
    for it in items:
        roles = [s["role"] for s in it["sentences"]]
        assert it["kind"] in kinds and it["register"] in {"written", "polished", "terse", "non_native", "spoken"}, it["id"]
        assert set(roles) <= {"setup", "step", "step_effect", "outcome"} and roles[0] == "setup", it["id"]
        assert roles.count("step") >= 2 and "outcome" in roles, it["id"]
        assert (roles[-1] == "step") == (it["kind"] == "followed"), it["id"]
    rows = []
    for it in items:
        text = " ".join(s["text"].strip() for s in it["sentences"])
        rows.append(_row(id=it["id"], text=text, spans=[{"label": "action", "start": 0, "end": len(text)}]))
    assert not [p for p in validate(rows, against=_eval_texts(), check_internal_duplicates=False) if "development set" in p.message]


def test_endings_load_as_rows_and_bad_roles_are_named(tmp_path) -> None:
    rows = load_endings()
    assert len(rows) == len({r["id"] for r in rows})
    assert all(sp["label"] in {"situation", "action", "result"} for r in rows for sp in r["spans"])
    with pytest.raises(ValueError, match="role 'result' is not one of"):
        ending_row({"id": "e-1", "sentences": [{"text": "Done.", "role": "result"}]})
    with pytest.raises(FileNotFoundError, match="no .jsonl ending files"):
        load_endings(tmp_path)


def test_endings_can_keep_a_steps_own_effect_apart() -> None:
    item = {"id": "e-1", "register": "terse", "sentences": [
        {"text": "Split the queue.", "role": "step"}, {"text": "That cut it to 5 min.", "role": "step_effect"},
        {"text": "No complaints since.", "role": "outcome"}]}
    marks = {"setup": "situation", "step": "action", "step_effect": "other", "outcome": "result"}
    assert [sp["label"] for sp in ending_row(item)["spans"]] == ["action", "action", "result"]
    assert [sp["label"] for sp in ending_row(item, marks)["spans"]] == ["action", "other", "result"]
    with pytest.raises(ValueError, match=r"role 'step_effect' is not one of \['step', 'outcome'\]"):
        ending_row(item, {"step": "action", "outcome": "result"})
    by_default, marked = load_endings(), load_endings(labels=marks)
    assert [r["text"] for r in marked] == [r["text"] for r in by_default]
    assert any(sp["label"] == "other" for r in marked for sp in r["spans"])
