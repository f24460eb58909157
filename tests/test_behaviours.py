"""The five pinned behaviours, each judged on its set of second-read items (tests/behaviours.py)."""

from __future__ import annotations

import copy

import pytest

from star_nlp.segmenter import segment_doc
from tests.behaviours import BEHAVIOURS, CLOSINGS, checks, floor, load_items, result_presence

ITEMS = load_items()


def test_every_set_holds_enough_items_to_judge() -> None:
    counts = {b: sum(it["behaviour"] == b for it in ITEMS) for b in BEHAVIOURS}
    assert all(n >= 8 for n in counts.values()), counts
    assert len({it["id"] for it in ITEMS}) == len(ITEMS)


# Sets on which the shipped model holds fewer items than the floor: known limits, reported with their
# counts in benchmarks/RESULTS.md (session 24) and the README; rule 13 gives them no passing test.
BELOW_FLOOR = {
    "notes_closing": "8 of 12 held (benchmarks/behaviour_sets.py)",
}


@pytest.mark.parametrize("behaviour", [
    pytest.param(b, marks=pytest.mark.xfail(reason=BELOW_FLOOR[b], strict=False)) if b in BELOW_FLOOR else b for b in BEHAVIOURS
])
def test_the_model_holds_each_behaviour_on_its_floor_of_the_set(analyzer, behaviour: str) -> None:
    mine = [it for it in ITEMS if it["behaviour"] == behaviour]
    failed = {it["id"]: [k for k, v in checks(it, analyzer).items() if not v] for it in mine}
    failed = {k: v for k, v in failed.items() if v}
    assert len(mine) - len(failed) >= floor(len(mine)), failed


def test_an_ending_judged_not_to_be_a_result_is_reported_withdrawn(analyzer) -> None:
    # the decoding first puts the Result on the last units; when the presence model judges the answer to have
    # none, the units it took back are kept (labelled as something else) so that the feedback can quote them.
    # Every closing-set answer, whole, is read with the presence model's cut just above its Result's probability
    # (judged to have none) and just below it (judged to have one), so the mechanism is tested whichever
    # answers a given model misreads
    model = copy.deepcopy(analyzer.segmenter)
    exercised = 0
    for it in ITEMS:
        if it["behaviour"] not in CLOSINGS:
            continue
        doc = analyzer.nlp(it["text"])
        whole = segment_doc(doc, analyzer.segmenter)
        if whole.labels[-1] == "result":  # at the shipped cut a Result kept is not reported withdrawn
            assert len(whole.units) - 1 not in whole.withdrawn
        p_result, decoded = result_presence(model, doc)
        if not decoded:
            continue
        exercised += 1
        model.presence_.result_cut = (p_result + 1.0) / 2
        taken_back = segment_doc(doc, model)
        assert "result" not in taken_back.labels, it["id"]
        assert list(taken_back.withdrawn) == decoded, it["id"]
        start, end = taken_back.withdrawn_span()
        assert it["text"][start:end].endswith(taken_back.units[decoded[-1]].text), it["id"]
        model.presence_.result_cut = p_result / 2
        kept = segment_doc(doc, model)
        assert kept.withdrawn == () and "result" in kept.labels, it["id"]
    assert exercised >= 1
