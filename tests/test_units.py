"""Clause-level units."""

from __future__ import annotations

import pytest

from star_nlp.units import split_units


@pytest.mark.parametrize(
    "text, expected",
    [
        ("I was asked to fix the loader, so I rewrote it from scratch.", ["I was asked to fix the loader,", "so I rewrote it from scratch."]),
        ("Rebuilt the ingestion job in Rust, reducing nightly runtime from 6 hours to 40 minutes.",
         ["Rebuilt the ingestion job in Rust,", "reducing nightly runtime from 6 hours to 40 minutes."]),
        ("Our build was slow.\nI profiled it.", ["Our build was slow.", "I profiled it."]),
        ("I fixed it.", ["I fixed it."]),
    ],
)
def test_split_units(nlp, text: str, expected: list[str]) -> None:
    assert [u.text for u in split_units(nlp(text))] == expected


def test_run_on_speech_is_cut_at_clause_subjects(nlp) -> None:
    text = ("at my last job the nightly export kept failing my manager asked me to look into it "
            "i read the logs and found a timeout i added retries and the export has not failed since")
    units = [u.text for u in split_units(nlp(text))]
    assert len(units) >= 3
    assert any(u.startswith("i read the logs") for u in units)
    assert " ".join(units) == text


def test_a_left_out_full_stop_before_a_capitalised_word_opens_a_unit(nlp) -> None:
    text = "Our clinic had two weeks before the audit. I rewrote the checklist and trained each nurse We passed the audit with no findings."
    units = [u.text for u in split_units(nlp(text))]
    assert units[-1] == "We passed the audit with no findings."


@pytest.mark.parametrize(
    "text",
    [
        "I built the onboarding flow on Ledgerly for new users.",  # a name after a preposition
        "I pitched the dataset and The Guardian ran the story.",  # a title that starts with "The"
        "We reused the tool that Our platform team had built.",  # inside a complement clause
    ],
)
def test_capitals_that_do_not_mark_a_left_out_full_stop(nlp, text: str) -> None:
    assert not any(u.text[:1].isupper() and u.start > 0 for u in split_units(nlp(text)) if u.text.split()[0] not in {"I"})


def test_a_topic_label_after_a_colon_opens_a_unit(nlp) -> None:
    text = "To clear the backlog, I put three things in place: Triage rota: each agent took one queue a day. Macros: we wrote twelve."
    assert [u.text for u in split_units(nlp(text))] == [
        "To clear the backlog, I put three things in place:",
        "Triage rota: each agent took one queue a day.",
        "Macros: we wrote twelve.",
    ]
    units = [u.text for u in split_units(nlp("To settle it, I: Met the Vendor: I asked for weekly calls and got them."))]
    assert units == ["To settle it, I:", "Met the Vendor: I asked for weekly calls and got them."]


@pytest.mark.parametrize(
    "text",
    [
        "The reason was simple: We had no tests and no owner for the build.",  # a clause, not a label
        "Our goal for the week: Cut the queue to ten minutes by Friday.",  # no colon after the words
        "I listed the risks: Vendor delays, Staff leave: both were likely.",  # a comma: a list, not a label
        "There was one rule: We checked: nothing shipped without a review.",  # a clause opening on "We"
    ],
)
def test_colons_that_do_not_open_a_unit(nlp, text: str) -> None:
    assert len(split_units(nlp(text))) == 1


def test_units_cover_every_word_once(nlp, corpus) -> None:
    for row in corpus[:40]:
        doc = nlp(row["text"])
        covered = [t.i for u in split_units(doc) for t in u]
        assert covered == sorted(set(covered))
        assert {t.i for t in doc if not t.is_space} <= set(covered)
