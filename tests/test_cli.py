"""The star-nlp command."""

from __future__ import annotations

import json
from pathlib import Path

from star_nlp.cli import main

EXAMPLE = Path(__file__).resolve().parents[1] / "examples" / "answer.txt"


def test_analyze_example_json(capsys) -> None:
    assert main(["analyze", str(EXAMPLE), "--format", "json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["text"] == EXAMPLE.read_text(encoding="utf-8")
    assert data["missing"] == []


def test_analyze_text_report(capsys) -> None:
    assert main(["analyze", str(EXAMPLE), "--question", "Tell me about a time you improved performance."]) == 0
    out = capsys.readouterr().out
    assert out.startswith("Score: ") and "SITUATION" in out and "Suggestions" in out


def test_analyze_html_escapes(tmp_path, capsys) -> None:
    f = tmp_path / "a.txt"
    f.write_text("I fixed <script>alert(1)</script> in our checkout page.", encoding="utf-8")
    assert main(["analyze", str(f), "--format", "html"]) == 0
    out = capsys.readouterr().out
    assert "<script>alert" not in out and "&lt;script&gt;" in out


def test_missing_file_is_a_one_line_error(capsys) -> None:
    assert main(["analyze", "/nonexistent/answer.txt"]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "cannot read" in err


def test_empty_input_is_a_one_line_error(tmp_path, capsys) -> None:
    f = tmp_path / "empty.txt"
    f.write_text("   \n", encoding="utf-8")
    assert main(["analyze", str(f)]) == 2
    assert "empty" in capsys.readouterr().err


def test_batch_keeps_good_lines_and_reports_bad_ones(tmp_path, capsys) -> None:
    f = tmp_path / "answers.jsonl"
    f.write_text('{"id": 1, "answer": "I fixed the build."}\nnot json\n{"id": 3, "answer": ""}\n"I shipped it."\n', encoding="utf-8")
    assert main(["analyze-batch", str(f)]) == 1
    captured = capsys.readouterr()
    rows = [json.loads(line) for line in captured.out.splitlines()]
    assert [r.get("id") for r in rows] == [1, None]
    assert "line 2" in captured.err and "line 3" in captured.err


def test_batch_csv(tmp_path, capsys) -> None:
    f = tmp_path / "answers.csv"
    f.write_text('id,answer\n7,"I was asked to fix it, so I did."\n', encoding="utf-8")
    assert main(["analyze-batch", str(f)]) == 0
    assert json.loads(capsys.readouterr().out)["id"] == "7"


def test_train_forwards_its_options_to_the_training_command(monkeypatch) -> None:
    import star_nlp.train

    seen: list[list[str]] = []
    monkeypatch.setattr(star_nlp.train, "main", lambda argv: seen.append(list(argv)) or 0)
    assert main(["train", "--out", "OUT", "--endings", "models/endings"]) == 0
    assert main(["train"]) == 0
    assert main(["train", "--family", "logreg", "--family", "crf"]) == 0
    assert main(["train", "--choose-from", "logreg"]) == 0
    assert seen == [["--out", "OUT", "--folds", "5", "--endings", "models/endings"], ["--folds", "5"],
                    ["--folds", "5", "--family", "logreg", "--family", "crf"], ["--folds", "5", "--choose-from", "logreg"]]
