"""Unit features: what the segmenter's classifiers see of each unit."""

from __future__ import annotations

import pytest

from star_nlp.features import header_label, unit_features
from star_nlp.units import split_units


def _features(nlp, text: str) -> list[dict[str, float]]:
    doc = nlp(text)
    return unit_features(doc, split_units(doc))


def test_neighbours_see_a_units_cues_and_position_is_recorded(nlp) -> None:
    feats = _features(nlp, "Our API was slow. I added a cache. As a result, latency fell by 50%.")
    assert feats[2]["cue=result"] == 1.0 and feats[2]["has_percent"] == 1.0
    assert feats[1]["n:cue=result"] == 1.0 and feats[1]["n:has_percent"] == 1.0
    assert feats[0]["nn:cue=result"] == 0.5
    assert feats[0]["first_unit"] == 1.0 and feats[2]["last_unit"] == 1.0
    assert "p:none" in feats[0] and "n:none" in feats[2]


def test_subject_and_tense_of_a_unit(nlp) -> None:
    (f,) = _features(nlp, "My manager asked me to fix the loader.")
    assert f["subj=other"] == 1.0 and f["tense=past"] == 1.0 and f["cue=task"] == 1.0


@pytest.mark.parametrize("text, label", [("Result: p95 fell", "result"), ("S - we were late", "situation"), ("Resulting in", None)])
def test_header_label(text: str, label: str | None) -> None:
    assert header_label(text) == label


def test_amounts_stated_as_outcomes_are_marked_whoever_the_subject(nlp) -> None:
    feats = _features(nlp, "The queue held 400 tickets. Split it by region. Reduced waiting times by 60%.")
    assert "has_outcome_amount" not in feats[1] and "has_change_amount" not in feats[1]
    assert feats[2]["has_outcome_amount"] == 1.0 and feats[2]["has_change_amount"] == 1.0
    assert feats[2].get("opens_past_verb") == 1.0  # the step-like opening is still seen
    assert feats[1]["n:has_outcome_amount"] == 1.0


def test_a_baseline_amount_is_not_an_outcome(nlp) -> None:
    (f,) = _features(nlp, "When I took over, the clinic had a 9% no-show rate.")
    assert f["has_number"] == 1.0 and "has_outcome_amount" not in f and "has_change_amount" not in f
