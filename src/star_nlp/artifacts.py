"""Trained-model artifacts: where they live, how they are checked, how they load.

Artifacts are joblib dicts (``{"model": ..., "meta": {...}}``) listed with their sha256 in
``MANIFEST.json`` beside them. joblib files are pickles, so they are only loaded from the package's
own artifact folder, or from a folder the caller explicitly trusts, and only after their hash
matches the manifest. A scikit-learn version different from the training one gives a warning that
names both versions.

Example:
    >>> sorted(read_manifest(default_artifact_dir()))[:1]
    ['competencies.joblib']
"""

from __future__ import annotations

import hashlib
import importlib.metadata
import json
import warnings
from pathlib import Path
from typing import Any

import joblib

__all__ = [
    "ArtifactError",
    "ModelVersionWarning",
    "default_artifact_dir",
    "load_artifact",
    "read_manifest",
    "save_artifact",
    "sha256_file",
]

MANIFEST = "MANIFEST.json"


class ArtifactError(RuntimeError):
    """A model artifact is missing, tampered with, truncated or unreadable."""


class ModelVersionWarning(UserWarning):
    """The installed scikit-learn differs from the one the artifact was trained with."""


def _installed_sklearn() -> str | None:
    # read from the package metadata: importing scikit-learn itself costs about a second
    try:
        return importlib.metadata.version("scikit-learn")
    except importlib.metadata.PackageNotFoundError:
        return None


def default_artifact_dir() -> Path:
    """The folder of the shipped artifacts: inside the installed package, else the source checkout.

    Example:
        >>> (default_artifact_dir() / "MANIFEST.json").is_file()
        True
    """
    packaged = Path(__file__).resolve().parent / "_artifacts"
    if (packaged / MANIFEST).is_file():
        return packaged
    return Path(__file__).resolve().parents[2] / "models" / "artifacts"


def sha256_file(path: str | Path) -> str:
    """The hex sha256 of a file's bytes."""
    h = hashlib.sha256()
    with open(path, "rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            h.update(block)
    return h.hexdigest()


def read_manifest(directory: str | Path) -> dict[str, str]:
    """Read ``MANIFEST.json`` (file name to sha256) of an artifact folder.

    Raises:
        ArtifactError: When the manifest is missing or not valid JSON.
    """
    path = Path(directory) / MANIFEST
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError as exc:
        raise ArtifactError(f"no {MANIFEST} in {directory}: not a star_nlp model folder") from exc
    except json.JSONDecodeError as exc:
        raise ArtifactError(f"{path} is not valid JSON: {exc.msg}") from exc
    return {str(k): str(v) for k, v in data.items()}


def save_artifact(obj: dict[str, Any], directory: str | Path, name: str) -> Path:
    """Write ``obj`` with joblib to ``directory/name`` and record its sha256 in the manifest."""
    directory = Path(directory)
    directory.mkdir(parents=True, exist_ok=True)
    path = directory / name
    joblib.dump(obj, path, compress=0)  # uncompressed: loads in a fraction of the time
    manifest_path = directory / MANIFEST
    manifest = read_manifest(directory) if manifest_path.is_file() else {}
    manifest[name] = sha256_file(path)
    manifest_path.write_text(json.dumps(dict(sorted(manifest.items())), indent=1) + "\n", encoding="utf-8")
    return path


def load_artifact(name: str, directory: str | Path | None = None, *, trusted: bool = False) -> dict[str, Any]:
    """Load a checked artifact.

    Args:
        name: File name, such as ``"segmenter.joblib"``.
        directory: Folder to load from; default the shipped artifacts.
        trusted: Must be True when ``directory`` is given: joblib files can run code when loaded,
            so only load folders you trust.

    Returns:
        The artifact dict (``model`` and ``meta``).

    Raises:
        ArtifactError: Untrusted folder, missing file, hash mismatch (tampered or truncated), or
            unreadable content.

    Example:
        >>> load_artifact("segmenter.joblib")["meta"]["labels"]
        ['situation', 'task', 'action', 'result', 'other']
    """
    if directory is not None and not trusted:
        raise ArtifactError(
            f"refusing to load models from {directory}: joblib files can run code; pass trusted=True "
            "(Analyzer(model_dir=..., trust_model_dir=True)) only for folders you trust"
        )
    folder = Path(directory) if directory is not None else default_artifact_dir()
    manifest = read_manifest(folder)
    if name not in manifest:
        raise ArtifactError(f"{name!r} is not listed in {folder / MANIFEST} (listed: {sorted(manifest)})")
    path = folder / name
    if not path.is_file():
        raise ArtifactError(f"model file {path} is missing")
    digest = sha256_file(path)
    if digest != manifest[name]:
        raise ArtifactError(
            f"model file {path} does not match its manifest (sha256 {digest[:12]}..., expected "
            f"{manifest[name][:12]}...): it was modified or truncated; reinstall star_nlp or retrain"
        )
    try:
        with warnings.catch_warnings():
            warnings.filterwarnings("ignore", message=".*Trying to unpickle estimator.*")
            obj = joblib.load(path)
    except Exception as exc:  # noqa: BLE001 - any unpickling failure means a bad artifact
        raise ArtifactError(f"cannot read model file {path}: {type(exc).__name__}: {exc}") from exc
    if not isinstance(obj, dict) or "model" not in obj or "meta" not in obj:
        raise ArtifactError(f"model file {path} is not a star_nlp artifact")
    trained_with = obj["meta"].get("sklearn_version")
    installed = _installed_sklearn()
    if trained_with and installed and trained_with != installed:
        warnings.warn(
            f"{name} was trained with scikit-learn {trained_with} but scikit-learn {installed} "
            "is installed; predictions may differ. Retrain with `star-nlp train` or install "
            f"scikit-learn=={trained_with}.",
            ModelVersionWarning,
            stacklevel=2,
        )
    return obj
