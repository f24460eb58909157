"""The wheel carries the trained models: install it (not editable) and analyse from elsewhere."""

from __future__ import annotations

import os
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


@pytest.mark.slow
def test_wheel_installs_and_analyzes_without_the_source_tree(tmp_path) -> None:
    dist = tmp_path / "dist"
    subprocess.run([sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation", "-w", str(dist), str(ROOT)],
                   check=True, capture_output=True, timeout=600)
    (wheel,) = dist.glob("star_nlp-*.whl")
    names = zipfile.ZipFile(wheel).namelist()
    assert "star_nlp/_artifacts/segmenter.joblib" in names
    assert "star_nlp/_artifacts/MANIFEST.json" in names
    venv = tmp_path / "venv"
    # a fresh environment that borrows the already installed dependencies, not star_nlp's source
    subprocess.run([sys.executable, "-m", "venv", "--system-site-packages", str(venv)], check=True, timeout=300)
    py = venv / "bin" / "python"
    subprocess.run([str(py), "-m", "pip", "install", "--no-deps", "--no-index", str(wheel)], check=True, capture_output=True, timeout=600)
    code = (
        "import star_nlp, pathlib; fb = star_nlp.analyze('I was asked to fix the build, so I pinned the compiler. Builds went green.');"
        "print(pathlib.Path(star_nlp.__file__).parent); print(len(fb.segments))"
    )
    env = {k: v for k, v in os.environ.items() if k != "PYTHONPATH"}
    out = subprocess.run([str(py), "-c", code], capture_output=True, text=True, cwd=tmp_path, env=env, timeout=300)
    assert out.returncode == 0, out.stderr
    location, n_segments = out.stdout.split()
    assert str(venv) in location
    assert int(n_segments) >= 2
