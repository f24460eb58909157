"""Behaviour sets: small hand-written sets that pin how the segmenter reads five kinds of text.

Each behaviour the suite pins is judged on a set of items written from ``models/corpus/GUIDE.md``
and read again blind by a second reader (``tests/data/behaviour_sets.jsonl``; the procedure is in
``benchmarks/RESULTS.md``, session 24, rule 13), not on one text: a near tie on a single text
says little about a model. ``tests/test_behaviours.py`` asserts each set's floor and
``benchmarks/behaviour_sets.py`` prints the counts for any model.

Example:
    >>> [b for b in BEHAVIOURS]
    ['task_then_action', 'step_effect', 'resume_closing', 'notes_closing', 'task_inside']
"""

from __future__ import annotations

import json
import math
from pathlib import Path
from typing import Any

from star_nlp.corpus import from_markup
from star_nlp.features import unit_features
from star_nlp.segmenter import segment_doc
from star_nlp.units import split_units

__all__ = ["BEHAVIOURS", "CLOSINGS", "FLOOR_SHARE", "checks", "floor", "load_items", "result_presence", "strict"]

SETS_FILE = Path(__file__).parent / "data" / "behaviour_sets.jsonl"
CLOSINGS = ("step_effect", "resume_closing", "notes_closing")
BEHAVIOURS = ("task_then_action", *CLOSINGS, "task_inside")
#: Each set's floor, as a share of its items (rule 13, chosen before any model read the sets).
FLOOR_SHARE = 0.75


def load_items(path: Path = SETS_FILE) -> list[dict[str, Any]]:
    """The kept items (those the blind second read agreed with on their boundary), with text and spans."""
    items = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if not line.strip():
            continue
        row = json.loads(line)
        if not row.get("kept", True):
            continue
        if row["behaviour"] not in BEHAVIOURS:
            raise ValueError(f"{row['id']}: behaviour {row['behaviour']!r} is not one of {BEHAVIOURS}")
        text, spans = from_markup(row["markup"])
        items.append({**row, "text": text, "spans": spans})
    return items


def floor(n_items: int) -> int:
    """The number of items a set's floor asks for: 75% of them, rounded up."""
    return math.ceil(FLOOR_SHARE * n_items)


def _parts(spans: list[dict[str, Any]], end: int | None = None) -> tuple[str, ...]:
    """The author's labels in order, consecutive repeats merged, of the spans ending by ``end``."""
    out: list[str] = []
    for s in spans:
        if end is not None and s["end"] > end:
            break
        if not out or out[-1] != s["label"]:
            out.append(str(s["label"]))
    return tuple(out)


def _split(item: dict[str, Any]) -> tuple[str, str]:
    """A closing item's text without its Result, and the Result's text (the last span)."""
    last = item["spans"][-1]
    if last["label"] != "result":
        raise ValueError(f"{item['id']}: a {item['behaviour']} item must end on its Result, not {last['label']!r}")
    return item["text"][: last["start"]].rstrip(), item["text"][last["start"] : last["end"]]


def checks(item: dict[str, Any], analyzer: Any) -> dict[str, bool]:
    """The checks of one item's behaviour under ``analyzer`` (a :class:`star_nlp.Analyzer`)."""
    behaviour = item["behaviour"]
    if behaviour == "task_then_action":
        labelled = segment_doc(analyzer.nlp(item["text"]), analyzer.segmenter)
        return {"units read task, action": labelled.labels == ("task", "action")}
    if behaviour in CLOSINGS:
        steps, closing = _split(item)
        cut, whole = analyzer.analyze(steps), analyzer.analyze(item["text"])
        return {
            "without its Result: missing exactly the result": cut.missing == ("result",),
            "whole: missing nothing": whole.missing == (),
            "whole: the last segment is the Result": bool(whole.segments)
            and whole.segments[-1].label == "result" and whole.segments[-1].text == closing,
        }
    return {"the Task is not reported missing": "task" not in analyzer.analyze(item["text"]).missing}


def strict(item: dict[str, Any], analyzer: Any) -> bool:
    """Every segment labelled as the author labelled it (and, for closings, also without the Result)."""
    whole = analyzer.analyze(item["text"])
    ok = tuple(s.label for s in whole.segments) == _parts(item["spans"])
    if item["behaviour"] != "task_then_action":
        ok = ok and whole.missing == ()
    if item["behaviour"] in CLOSINGS:
        steps, _ = _split(item)
        cut = analyzer.analyze(steps)
        ok = ok and tuple(s.label for s in cut.segments) == _parts(item["spans"], end=len(steps))
    return ok


def result_presence(model: Any, doc: Any) -> tuple[float, list[int]]:
    """The presence model's probability that ``doc`` holds a Result, and the units the sequence decoding
    labels Result before the presence model is asked (the units it would take back)."""
    features = unit_features(doc, split_units(doc))
    proba = model.predict_proba(features)
    path = model.decode(proba, breaks=model.breaks(features))
    result = model.labels_.index("result")
    p_present = model.presence_.predict_proba(proba, path, model.predict_content_proba(features))
    return float(p_present[result]), [t for t, i in enumerate(path) if i == result]
