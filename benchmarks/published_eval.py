"""Score star_nlp on a file of published STAR answers gathered outside the repository (measuring only).

The development set (``../shared/eval/star_dev.jsonl``) holds 67 published answers from 15 sources. This
script reads another file in the same format (``{"id", "source", "text", "spans": [{"label", "start",
"end"}]}``), such as published answers that their authors labelled themselves, gathered from other
sources for measuring only: never trained on, never copied into this repository (benchmarks/data/
published_sources.md lists where the session-33 set came from). It prints:

- the shared scorer's figures (``score_star.py``: clean, transcript and Result-removed variants, star_nlp
  and the position prior);
- a word confusion table (gold part against the part ``Analyzer`` gives the word, clean text) and the macro-F1
  over words it gives (the scorer's figure counts the same words; with ``--model`` the scorer's lines are left out,
  as it reads the shipped model, and this is the figure to compare);
- the complete answers reported missing nothing, as ``bench_dev.py`` counts them, and the answers without a Result
  (complete answers with it removed as ``score_star.py --variant no_result`` removes it, and any written without
  one) reported missing it;
- with ``--cuts``, the presence stage's two decisions at other cuts, the shipped labeller and presence
  model unchanged: for each Result cut (the Result is withdrawn when judged present with a probability
  under it; shipped 0.5) and Task cut (a Task none was decoded for is required when judged present with
  at least it; shipped 0.5), the complete answers kept whole and keeping their Result, and the answers
  without a Result (as above) reported missing it.

``--reader FILE`` (``{"id", "markup"}`` lines: a careful reader's labels of some of the answers, read with only
``models/corpus/GUIDE.md`` and the text, in the corpus's inline markup) also prints, over the words of those answers,
the macro-F1 over the four STAR parts of star_nlp against the source's labels, of the reader against the source's
labels, and of star_nlp against the reader, with the reader's words by source part: how far the guide's reading
and the sources' own labels differ, and which of the two the model is nearer to.

``--presence-only`` skips the shared scorer (for files it cannot read, such as corpus batches, whose
``other`` spans it does not know) and the confusion table. Answers written without a Task (corpus batches have
them) are counted at each cut, with how many are read with one.

Usage:
    python benchmarks/published_eval.py --file FILE [FILE ...] [--model DIR] [--cuts 0.5 0.3 0.2] [--reader FILE]
        [--presence-only] [--eval-dir DIR]
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from collections import Counter
from pathlib import Path
from typing import Any

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "benchmarks"))

from bench_dev import run, star_line  # noqa: E402

from star_nlp import Analyzer  # noqa: E402
from star_nlp.artifacts import load_artifact  # noqa: E402
from star_nlp.corpus import from_markup  # noqa: E402
from star_nlp.features import unit_features  # noqa: E402
from star_nlp.pipeline import load_pipeline  # noqa: E402
from star_nlp.results import STAR_LABELS  # noqa: E402
from star_nlp.segmenter import absent_parts  # noqa: E402
from star_nlp.units import split_units  # noqa: E402

PARTS = [*STAR_LABELS, "other"]


def without_result(row: dict[str, Any]) -> str:
    """The answer's text with its Result spans deleted and trailing space dropped (as ``score_star.py`` does)."""
    text, drop = row["text"], [False] * len(row["text"])
    for s in row["spans"]:
        if s["label"] == "result":
            drop[s["start"] : s["end"]] = [True] * (s["end"] - s["start"])
    return re.sub(r"\s+$", "", "".join(c for c, d in zip(text, drop) if not d))


class Reader:
    """The shipped (or a folder's) labeller and presence model, with the presence cuts made explicit."""

    def __init__(self, model_dir: str | None) -> None:
        self.model = load_artifact("segmenter.joblib", model_dir, trusted=model_dir is not None)["model"]
        self.nlp = load_pipeline()
        self.task, self.result = STAR_LABELS.index("task"), STAR_LABELS.index("result")

    def view(self, text: str) -> tuple[np.ndarray, list[int], np.ndarray, np.ndarray | None]:
        """Unit probabilities, the decoded path before the presence stage, P(present) per STAR part, and the
        sentence breaks the model decodes with (None for a model with one chain)."""
        doc = self.nlp(text)
        features = unit_features(doc, split_units(doc))
        proba = self.model.predict_proba(features)
        breaks = self.model.breaks(features)
        path = self.model.decode(proba, breaks=breaks)
        if not path:
            return proba, path, np.ones(len(STAR_LABELS)), breaks
        return proba, path, self.model.presence_.predict_proba(proba, path, self.model.predict_content_proba(features)), breaks

    def parts(self, view: tuple[np.ndarray, list[int], np.ndarray, np.ndarray | None], result_cut: float, task_cut: float) -> set[str]:
        """The STAR parts read at these cuts (the presence stage of ``predict_withdrawn`` with both cuts given)."""
        proba, path, p, breaks = view
        absent = absent_parts(p, path, result_cut)
        required = self.task if len(path) >= 2 and self.task not in path and p[self.task] >= task_cut else None
        final = self.model.decode(proba, forbidden=absent, required=required, breaks=breaks) if absent or required is not None else path
        return {self.model.labels_[i] for i in final} & set(STAR_LABELS)


def confusion(rows: list[dict[str, Any]], model_dir: str | None = None) -> Counter[tuple[str, str]]:
    """Words counted by gold part and by the part ``Analyzer().analyze`` gives them (``other`` where none)."""
    analyzer = Analyzer(model_dir=model_dir, trust_model_dir=model_dir is not None)
    table: Counter[tuple[str, str]] = Counter()
    for row in rows:
        text = row["text"]
        gold: list[str | None] = [None] * len(text)
        for s in row["spans"]:
            gold[s["start"] : s["end"]] = [s["label"]] * (s["end"] - s["start"])
        pred = ["other"] * len(text)
        for seg in analyzer.analyze(text).segments:
            pred[seg.start : seg.end] = [seg.label] * (seg.end - seg.start)
        for m in re.finditer(r"\S+", text):
            if gold[m.start()] is not None:
                table[(str(gold[m.start()]), pred[m.start()])] += 1
    return table


def word_labels(text: str, spans: list[dict[str, Any]]) -> list[str]:
    """The label of the span holding each white-space word's first character (``other`` outside every span)."""
    out = []
    for m in re.finditer(r"\S+", text):
        out.append(next((str(s["label"]) for s in spans if s["start"] <= m.start() < s["end"]), "other"))
    return out


def macro_f1(gold: list[str], pred: list[str]) -> float:
    """Macro-F1 over the four STAR parts, words as the unit (``other`` counts as no part)."""
    f1s = []
    for lab in STAR_LABELS:
        tp = sum(g == p == lab for g, p in zip(gold, pred))
        fp = sum(p == lab != g for g, p in zip(gold, pred))
        fn = sum(g == lab != p for g, p in zip(gold, pred))
        f1s.append(2 * tp / (2 * tp + fp + fn) if tp + fp + fn else 1.0)
    return sum(f1s) / len(f1s)


def read_labels(rows: list[dict[str, Any]], reader_file: Path) -> list[tuple[str, str, list[dict[str, Any]]]]:
    """A careful reader's ``{"id", "markup"}`` lines as ``(id, text, spans)``, each checked against the answer it labels."""
    texts = {r["id"]: r["text"] for r in rows}
    out = []
    for line in reader_file.read_text(encoding="utf-8").splitlines():
        if not line.strip():
            continue
        row = json.loads(line)
        text, spans = from_markup(row["markup"])
        if text.split() != texts[row["id"]].split():
            raise SystemExit(f"{row['id']}: the reader's text differs from the file's")
        out.append((row["id"], text, spans))
    return out


def reader_comparison(rows: list[dict[str, Any]], reader_file: Path, model_dir: str | None = None) -> None:
    """Print how the source's labels, a careful reader's and star_nlp's compare on the answers the reader labelled."""
    by_id = {r["id"]: r for r in rows}
    analyzer = Analyzer(model_dir=model_dir, trust_model_dir=model_dir is not None)
    source: list[str] = []
    reader: list[str] = []
    model: list[str] = []
    read = read_labels(rows, reader_file)
    for answer_id, text, spans in read:
        row = by_id[answer_id]
        segments = [{"label": s.label, "start": s.start, "end": s.end} for s in analyzer.analyze(row["text"]).segments]
        source += word_labels(row["text"], row["spans"])
        reader += word_labels(text, spans)
        model += word_labels(row["text"], segments)
    print(f"  a careful reader's labels of {len(read)} answers ({len(source)} words), macro-F1 over the four parts:")
    print(f"    star_nlp against the sources' labels {macro_f1(source, model):.4f}; the reader against the sources' labels"
          f" {macro_f1(source, reader):.4f}; star_nlp against the reader {macro_f1(reader, model):.4f}")
    table = Counter(zip(source, reader))
    print("    the reader's words by source part (rows) and reader part (columns):")
    for g in STAR_LABELS:
        print("    " + f"{g:>9} " + " ".join(f"{table[(g, p)]:>9}" for p in PARTS))


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--file", required=True, nargs="+", help="JSONL files of labelled answers in the development set's format (read as one set)")
    ap.add_argument("--model", default=None, help="an artifact folder (default: the shipped one)")
    ap.add_argument("--cuts", type=float, nargs="*", default=[], help="presence cuts to read the answers at (each used for the Result and the Task)")
    ap.add_argument("--reader", default=None, help="a careful reader's {id, markup} labels of some of the answers")
    ap.add_argument("--presence-only", action="store_true", help="skip the shared scorer and the confusion table")
    ap.add_argument("--eval-dir", default=str(ROOT.parent / "shared" / "eval"), help="where score_star.py is")
    a = ap.parse_args()
    paths = [Path(f) for f in a.file]
    rows = [json.loads(line) for path in paths for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
    print(f"{', '.join(p.name for p in paths)}: {len(rows)} answers from {len({r.get('source') for r in rows})} sources")
    if not a.presence_only:
        scorer = Path(a.eval_dir) / "score_star.py"
        if a.model is not None:
            print("  (the shared scorer reads the shipped model; its lines are left out with --model)")
        else:
            for variant in ("clean", "transcript", "no_result"):
                for system in ("star_nlp", "position"):
                    if variant == "no_result" and system != "star_nlp":
                        continue
                    print(star_line(variant, system, run(scorer, "--json", "--variant", variant, "--system", system, *map(str, paths))))
        table = confusion(rows, a.model)
        print("  words by gold part (rows) and predicted part (columns), clean text:")
        print("    " + " ".join(f"{p:>9}" for p in ["", *PARTS]))
        for g in STAR_LABELS:
            total = sum(table[(g, p)] for p in PARTS)
            print("    " + f"{g:>9} " + " ".join(f"{table[(g, p)]:>9}" for p in PARTS) + f"   ({table[(g, g)] / max(1, total):.3f} kept)")
        gold_words = [g for (g, p), n in table.items() for _ in range(n)]
        pred_words = [p for (g, p), n in table.items() for _ in range(n)]
        print(f"  macro-F1 over words, clean text: {macro_f1(gold_words, pred_words):.4f}")
    if a.reader:
        reader_comparison(rows, Path(a.reader), a.model)
    reader = Reader(a.model)
    complete = [r for r in rows if set(STAR_LABELS) <= {s["label"] for s in r["spans"]}]
    views = [reader.view(r["text"]) for r in complete]
    shipped = [reader.parts(v, getattr(reader.model.presence_, "result_cut", 0.5), 0.5) for v in views]
    missing = Counter(p for parts in shipped for p in STAR_LABELS if p not in parts)
    print(f"  complete answers reported missing nothing: {sum(len(s) == 4 for s in shipped)}/{len(complete)}; reported missing: {dict(missing)}")
    no_task = [v for v, parts in zip(views, shipped) if "task" not in parts]
    print(f"  complete answers read without a Task: {len(no_task)}, P(Task present) {sorted(round(float(v[2][reader.task]), 3) for v in no_task)}")
    lost = [v for v, parts in zip(views, shipped) if "result" not in parts]
    print(f"  complete answers read without a Result: {len(lost)} (decoded one, then withdrawn: {sum(reader.result in v[1] for v in lost)})")
    bare = [reader.view(without_result(r)) for r in complete]
    bare += [reader.view(r["text"]) for r in rows if "result" not in {s["label"] for s in r["spans"]}]
    own_cut = getattr(reader.model.presence_, "result_cut", 0.5)
    print(f"  answers without a Result (complete answers with it removed, and any written without) reported missing it:"
          f" {sum('result' not in reader.parts(v, own_cut, 0.5) for v in bare)}/{len(bare)}")
    if not a.cuts:
        return 0
    taskless = [reader.view(r["text"]) for r in rows if "task" not in {s["label"] for s in r["spans"]}]
    print(f"  at other cuts ({len(complete)} complete answers; {len(bare)} without a Result; {len(taskless)} written without a Task):")
    for rc in a.cuts:
        for tc in a.cuts:
            read = [reader.parts(v, rc, tc) for v in views]
            line = (f"    Result cut {rc:<5} Task cut {tc:<5} complete kept whole {sum(len(s) == 4 for s in read)},"
                    f" keeping their Result {sum('result' in s for s in read)}, their Task {sum('task' in s for s in read)};"
                    f" without a Result reported missing it {sum('result' not in reader.parts(v, rc, tc) for v in bare)}")
            if taskless:
                line += f"; without a Task read with one {sum('task' in reader.parts(v, rc, tc) for v in taskless)}"
            print(line)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
