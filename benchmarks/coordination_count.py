"""How the unit splitter treats coordinated clauses in our corpus (measuring only).

For every "and" / "but" that coordinates two verbs (spaCy 3 hangs the conjunction on the first
verb, the second verb is its ``conj``), this counts, separately for a second verb with its own
subject ("..., and the board wanted a plan") and without one ("... and cut latency by 40%"):
how many there are, how many of them the corpus labels with a different STAR part on either side
(a part boundary a single unit cannot represent), and how many the current splitter cuts there.

Usage:
    python benchmarks/coordination_count.py
"""

from __future__ import annotations

from star_nlp.corpus import load_corpus
from star_nlp.pipeline import load_pipeline
from star_nlp.train import _char_labels
from star_nlp.units import split_units

SUBJECT = {"nsubj", "nsubjpass", "csubj", "expl"}


def main() -> None:
    rows = load_corpus()
    nlp = load_pipeline()
    counts = {kind: {"coordinations": 0, "cross_a_part": 0, "cut": 0, "cut_and_cross": 0} for kind in ("own subject", "no own subject")}
    for row, doc in zip(rows, nlp.pipe([str(r["text"]) for r in rows], batch_size=64)):
        char_labels = _char_labels(str(row["text"]), row["spans"])
        starts = {u.start for u in split_units(doc)}
        for tok in doc:
            if tok.dep_ != "cc" or tok.lower_ not in {"and", "but"} or tok.head.pos_ not in {"VERB", "AUX"} or tok.head.i > tok.i:
                continue
            later = [c for c in tok.head.children if c.dep_ == "conj" and c.i > tok.i and c.pos_ in {"VERB", "AUX"}]
            if not later:
                continue
            verb = min(later, key=lambda c: c.i)
            kind = "own subject" if any(c.dep_ in SUBJECT for c in verb.children) else "no own subject"
            cross = char_labels[tok.head.idx] != char_labels[verb.idx]
            cut = tok.i in starts
            c = counts[kind]
            c["coordinations"] += 1
            c["cross_a_part"] += cross
            c["cut"] += cut
            c["cut_and_cross"] += cut and cross
    print(f"{len(rows)} answers")
    for kind, c in counts.items():
        print(f"  {kind:15s} coordinations {c['coordinations']:5d}  cross a part {c['cross_a_part']:3d}  cut by the splitter {c['cut']:5d} (of those crossing: {c['cut_and_cross']})")


if __name__ == "__main__":
    main()
