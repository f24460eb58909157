"""How many items of each behaviour set a model holds (measuring only).

The five behaviours the suite pins (``tests/behaviours.py``; items in
``tests/data/behaviour_sets.jsonl``), each judged on a set of second-read items instead of one
text. Prints, per set, the items held (every check of the behaviour), the set's floor, the items
read strictly as the author labelled them, and the ids of the items not held.

Usage:
    python benchmarks/behaviour_sets.py [--model DIR ...]

Without ``--model`` the shipped model is measured; each ``--model`` is a training command's output folder.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # the repository root, for tests.behaviours

from star_nlp import Analyzer  # noqa: E402
from star_nlp.pipeline import load_pipeline  # noqa: E402
from tests.behaviours import BEHAVIOURS, checks, floor, load_items, strict  # noqa: E402


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--model", type=Path, action="append", default=None, help="a training command's output folder")
    a = ap.parse_args()
    items = load_items()
    nlp = load_pipeline()
    for model in a.model or [None]:
        analyzer = Analyzer(nlp) if model is None else Analyzer(nlp, model_dir=model, trust_model_dir=True)
        print("shipped model" if model is None else str(model))
        for behaviour in BEHAVIOURS:
            mine = [it for it in items if it["behaviour"] == behaviour]
            held, exact, missed = 0, 0, []
            for it in mine:
                ok = all(checks(it, analyzer).values())
                held += ok
                exact += strict(it, analyzer)
                if not ok:
                    missed.append(it["id"])
            print(f"  {behaviour:17s} held {held:2d}/{len(mine)}  floor {floor(len(mine))}  strict {exact:2d}/{len(mine)}"
                  f"  not held: {' '.join(missed) or '-'}", flush=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
