"""What star_nlp's analysis costs after the parse, at ordinary and at very long lengths (measuring only).

Parses first, then times only ``Analyzer._feedback`` (everything ``analyze`` does after the
parse), so that changes to the analysis are not hidden by the parse's own cost and noise:

a. every fifth corpus answer, best of 3 passes, in seconds;
b. one text of 1,000 and one of 100,000 words (corpus answers joined with blank lines, cut after
   the N-th word), in microseconds per word: a linear analysis keeps the two close;
c. amount candidate finding (``star_nlp.quantities._find_candidates``, no parse) on the same two
   texts, best of 3, in microseconds per word.

To compare two commits, run this file from one checkout with ``PYTHONPATH=<other checkout>/src``;
the corpus is read from ``--corpus-dir`` (default: this repository's), so both use the same texts.

Usage: python benchmarks/analysis_cost.py [--label NAME] [--corpus-dir DIR]
"""

from __future__ import annotations

import argparse
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--label", default="this checkout")
    ap.add_argument("--corpus-dir", default=str(ROOT / "models" / "corpus"))
    a = ap.parse_args()
    import star_nlp
    from star_nlp.corpus import load_corpus
    from star_nlp.quantities import _find_candidates

    texts = [str(r["text"]) for r in load_corpus(a.corpus_dir)]
    analyzer = star_nlp.Analyzer()
    print(f"{a.label}: star_nlp from {Path(star_nlp.__file__).parent}; {len(texts)} corpus answers")
    sample = texts[::5]
    docs = list(analyzer.nlp.pipe(sample))
    best = min(_timed(lambda: [analyzer._feedback(t, d, None) for t, d in zip(sample, docs)]) for _ in range(3))
    print(f"  (a) analysis after parsing, {len(sample)} answers, best of 3: {best:.2f} s")
    words = "\n\n".join(texts).split(" ")
    for n in (1_000, 100_000):
        text = " ".join(words[:n])
        doc = analyzer.nlp(text)
        dt = _timed(lambda: analyzer._feedback(text, doc, None))
        cands = min(_timed(lambda: _find_candidates(text)) for _ in range(3))
        print(f"  {n:>7,} words: (b) analysis after parsing {dt / n * 1e6:6.1f} us/word   (c) amount candidates {cands / n * 1e6:5.1f} us/word")
    return 0


def _timed(fn) -> float:  # type: ignore[no-untyped-def]
    t = time.perf_counter()
    fn()
    return time.perf_counter() - t


if __name__ == "__main__":
    raise SystemExit(main())
