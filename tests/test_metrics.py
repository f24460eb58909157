"""Delivery metrics."""

from __future__ import annotations

from star_nlp.metrics import count_words, filler_spans
from star_nlp.units import split_units
from star_nlp.metrics import compute_metrics


def test_metrics_of_a_written_answer(nlp) -> None:
    doc = nlp("I fixed the loader. It has not failed since.")
    m = compute_metrics(doc, split_units(doc))
    assert (m.words, m.sentences, m.is_transcript) == (9, 2, False)
    assert m.speaking_seconds == 3.6
    assert m.past_tense_ratio == 0.5
    assert m.flesch_reading_ease > 60


def test_transcript_readability_uses_units_not_one_giant_sentence(nlp) -> None:
    text = "so um we had an outage and then i restarted the service and after that i wrote a runbook and the team used it"
    doc = nlp(text)
    m = compute_metrics(doc, split_units(doc))
    assert m.is_transcript and m.sentences >= 3
    assert m.grade_level < 10


def test_fillers(nlp) -> None:
    spans = filler_spans(nlp("so um we basically like rebuilt it you know and it kind of worked"))
    assert len(spans) == 5
    assert filler_spans(nlp("I like this kind of problem.")) == []


def test_count_words() -> None:
    assert count_words("I cut costs by 20% -- fast.") == 6
