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
