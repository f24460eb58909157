"""Artifact loading: manifest check, trust, version warning."""

from __future__ import annotations

import json
import shutil

import joblib
import pytest

from star_nlp import Analyzer
from star_nlp.artifacts import ArtifactError, ModelVersionWarning, default_artifact_dir, load_artifact, save_artifact


@pytest.fixture()
def model_copy(tmp_path):
    dst = tmp_path / "models"
    shutil.copytree(default_artifact_dir(), dst)
    return dst


def test_untrusted_folder_is_refused(model_copy) -> None:
    with pytest.raises(ArtifactError, match="trusted=True"):
        load_artifact("segmenter.joblib", model_copy)


def test_trusted_copy_loads(model_copy, nlp) -> None:
    analyzer = Analyzer(nlp, model_dir=model_copy, trust_model_dir=True)
    assert analyzer.analyze("I was asked to fix the build, so I pinned the compiler.").segments


def test_tampered_artifact_is_rejected_before_unpickling(model_copy) -> None:
    path = model_copy / "segmenter.joblib"
    data = bytearray(path.read_bytes())
    data[len(data) // 2] ^= 0xFF
    path.write_bytes(bytes(data))
    with pytest.raises(ArtifactError, match="modified or truncated"):
        load_artifact("segmenter.joblib", model_copy, trusted=True)


def test_truncated_artifact_is_rejected(model_copy) -> None:
    path = model_copy / "competencies.joblib"
    path.write_bytes(path.read_bytes()[:100])
    with pytest.raises(ArtifactError, match="modified or truncated"):
        load_artifact("competencies.joblib", model_copy, trusted=True)


def test_missing_manifest(tmp_path) -> None:
    with pytest.raises(ArtifactError, match="MANIFEST.json"):
        load_artifact("segmenter.joblib", tmp_path, trusted=True)


def test_other_sklearn_version_warns_with_both_versions(tmp_path) -> None:
    import sklearn

    save_artifact({"model": {"x": 1}, "meta": {"sklearn_version": "0.0.1"}}, tmp_path, "old.joblib")
    with pytest.warns(ModelVersionWarning, match=rf"0\.0\.1.*{sklearn.__version__}"):
        load_artifact("old.joblib", tmp_path, trusted=True)


def test_manifest_lists_every_shipped_artifact() -> None:
    manifest = json.loads((default_artifact_dir() / "MANIFEST.json").read_text())
    assert set(manifest) == {"segmenter.joblib", "competencies.joblib"}
    for name in manifest:
        assert isinstance(joblib.load(default_artifact_dir() / name), dict)
