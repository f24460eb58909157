"""Command line: ``star-nlp analyze``, ``star-nlp analyze-batch``, ``star-nlp train``.

Example:
    >>> from pathlib import Path
    >>> example = Path(__file__).resolve().parents[2] / "examples" / "answer.txt"
    >>> main(["analyze", str(example), "--format", "json"])  # doctest: +ELLIPSIS
    {...
    0
"""

from __future__ import annotations

import argparse
import csv
import io
import json
import sys
from collections.abc import Iterator, Sequence
from typing import TextIO

from ._version import __version__

__all__ = ["main", "render_text"]


def render_text(fb: object) -> str:
    """A readable report of a :class:`~star_nlp.results.Feedback` for people."""
    from .results import Feedback

    assert isinstance(fb, Feedback)
    lines = [f"Score: {fb.score:.0f}/100  (" + ", ".join(f"{k} {v:.0f}" for k, v in fb.subscores.items()) + ")", ""]
    lines.append("Structure:")
    for seg in fb.segments:
        snippet = " ".join(seg.text.split())
        if len(snippet) > 100:
            snippet = snippet[:99] + "\u2026"
        lines.append(f"  {seg.label.upper():<9} ({seg.confidence:.2f}) {snippet}")
    if fb.missing:
        lines.append(f"  missing: {', '.join(fb.missing)}")
    lines.append("")
    m = fb.metrics
    lines.append(f"Length: {m.words} words, about {m.speaking_seconds / 60:.1f} min spoken; reading grade {m.grade_level:.0f}")
    o = fb.ownership
    lines.append(f"Ownership: I x{o.first_person_singular}, we x{o.first_person_plural}; "
                 f"action steps led by I {o.action_agent_share.get('i', 0):.0%}, by we {o.action_agent_share.get('we', 0):.0%}")
    if fb.quantities:
        lines.append("Numbers: " + "; ".join(
            f"{q.text} ({q.kind}{', ' + q.direction if q.direction != 'none' else ''}{', ' + q.metric if q.metric else ''}"
            f"{', outcome' if q.is_result else ''})" for q in fb.quantities))
    lines.append("")
    if fb.suggestions:
        lines.append("Suggestions:")
        for s in fb.suggestions:
            lines.append(f"  [{s.severity}] {s.code}: {s.message}")
    else:
        lines.append("Suggestions: none. A strong answer.")
    return "\n".join(lines)


def _read_input(path: str) -> str:
    if path == "-":
        return sys.stdin.read()
    with open(path, encoding="utf-8") as fh:
        return fh.read()


def _batch_rows(fh: TextIO, fmt: str) -> Iterator[tuple[int, dict[str, object] | None, str | None]]:
    """Yield ``(line number, row or None, error or None)`` from JSONL or CSV input."""
    if fmt == "csv":
        reader = csv.DictReader(fh)
        for row in reader:
            yield reader.line_num, dict(row), None
        return
    for lineno, line in enumerate(fh, 1):
        if not line.strip():
            continue
        try:
            row = json.loads(line)
        except json.JSONDecodeError as exc:
            yield lineno, None, f"not valid JSON ({exc.msg})"
            continue
        if isinstance(row, str):
            row = {"answer": row}
        if not isinstance(row, dict):
            yield lineno, None, "each line must be a JSON object or string"
            continue
        yield lineno, row, None


def _cmd_analyze(a: argparse.Namespace) -> int:
    from .analyzer import default_analyzer
    from .html import render_html

    try:
        text = _read_input(a.file)
    except OSError as exc:
        print(f"star-nlp: cannot read {a.file}: {exc.strerror or exc}", file=sys.stderr)
        return 2
    except UnicodeDecodeError as exc:
        print(f"star-nlp: {a.file} is not UTF-8 text ({exc.reason})", file=sys.stderr)
        return 2
    try:
        fb = default_analyzer().analyze(text, question=a.question)
    except (TypeError, ValueError) as exc:
        print(f"star-nlp: {exc}", file=sys.stderr)
        return 2
    if a.format == "json":
        print(fb.to_json(indent=1))
    elif a.format == "html":
        print(render_html(fb, standalone=True))
    else:
        print(render_text(fb))
    return 0


def _cmd_batch(a: argparse.Namespace) -> int:
    from .analyzer import default_analyzer

    try:
        fh: TextIO = sys.stdin if a.file == "-" else open(a.file, encoding="utf-8", newline="")
    except OSError as exc:
        print(f"star-nlp: cannot read {a.file}: {exc.strerror or exc}", file=sys.stderr)
        return 2
    fmt = a.input_format or ("csv" if a.file.lower().endswith(".csv") else "jsonl")
    analyzer = default_analyzer()
    bad = 0
    bar = None
    if a.progress or (a.progress is None and sys.stderr.isatty()):
        from tqdm import tqdm

        bar = tqdm(unit="line", desc="star-nlp", file=sys.stderr)
    with fh:
        for lineno, row, error in _batch_rows(fh, fmt):
            if bar is not None:
                bar.update(1)
            if error is None and row is not None:
                answer = row.get(a.field)
                question = row.get("question") or None
                try:
                    fb = analyzer.analyze(answer, question=question)  # type: ignore[arg-type]
                except (TypeError, ValueError) as exc:
                    error = str(exc) if answer is not None else f"no {a.field!r} field"
                else:
                    out = fb.to_dict()
                    if "id" in row:
                        out = {"id": row["id"], **out}
                    sys.stdout.write(json.dumps(out, ensure_ascii=False) + "\n")
                    continue
            bad += 1
            print(f"star-nlp: line {lineno}: {error}", file=sys.stderr)
    if bar is not None:
        bar.close()
    return 1 if bad else 0


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of the ``star-nlp`` command. Returns the exit status."""
    ap = argparse.ArgumentParser(prog="star-nlp", description="Analyse answers to behavioral interview questions (STAR).")
    ap.add_argument("--version", action="version", version=f"star-nlp {__version__}")
    sub = ap.add_subparsers(dest="cmd", required=True)
    an = sub.add_parser("analyze", help="analyse one answer from a file or standard input")
    an.add_argument("file", nargs="?", default="-", help="answer text file, or - for standard input (default)")
    an.add_argument("--question", default=None, help="the interview question")
    an.add_argument("--format", choices=["json", "text", "html"], default="text")
    ba = sub.add_parser("analyze-batch", help="analyse a JSONL or CSV file of answers; writes JSONL")
    ba.add_argument("file", help="JSONL (objects with an 'answer' field) or CSV (with an 'answer' column), or -")
    ba.add_argument("--field", default="answer", help="name of the answer field (default: answer)")
    ba.add_argument("--input-format", choices=["jsonl", "csv"], default=None)
    ba.add_argument("--progress", dest="progress", action="store_true", default=None,
                    help="show a progress bar on standard error (default: when it is a terminal)")
    ba.add_argument("--no-progress", dest="progress", action="store_false", help="never show a progress bar")
    tr = sub.add_parser("train", help="rebuild the shipped models from the corpus")
    tr.add_argument("--corpus", default=None)
    tr.add_argument("--out", default=None)
    tr.add_argument("--folds", type=int, default=5)
    tr.add_argument("--endings", default=None, help="an answer-endings folder the labeller also learns from (default: none)")
    tr.add_argument("--family", action="append", default=None,
                    help="compare only the labeller candidates of this family (repeatable; default: every family)")
    tr.add_argument("--choose-from", action="append", default=None,
                    help="ship only a labeller of this family, still comparing every candidate (repeatable; default: every family that can ship)")
    a = ap.parse_args(argv)
    if a.cmd == "analyze":
        return _cmd_analyze(a)
    if a.cmd == "analyze-batch":
        return _cmd_batch(a)
    from .train import main as train_main

    return train_main([*(["--corpus", a.corpus] if a.corpus else []), *(["--out", a.out] if a.out else []), "--folds", str(a.folds),
                       *(["--endings", a.endings] if a.endings else []), *(x for f in a.family or [] for x in ("--family", f)),
                       *(x for f in a.choose_from or [] for x in ("--choose-from", f))])


if __name__ == "__main__":
    raise SystemExit(main())
