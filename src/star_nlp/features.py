"""Features a careful reader uses to tell Situation, Task, Action, Result and other apart.

Each clause-level unit (see :mod:`star_nlp.units`) becomes a sparse dict of features: its words
and word pairs (numbers folded to ``#``), its opening connective, explicit headers, the subject of
its main clause (I / we / someone else / nothing), tense, voice and modality, numbers and
percentages, amounts stated as outcomes or as changes of a measured quantity (found by
:mod:`star_nlp.quantities`), outcome and goal verbs, its relative position, and the words of its neighbours; and
one dense reading of its wording, the mean of the parse's own tok2vec token vectors over the unit
(``doc.tensor``, 96 numbers in en_core_web_sm: ``vec0`` ... ``vec95``), which carries what the
words mean beyond the exact words seen in training.

Example:
    >>> from star_nlp.pipeline import load_pipeline
    >>> from star_nlp.units import split_units
    >>> doc = load_pipeline()("Our build took an hour. I was asked to fix it, so I cached the deps.")
    >>> feats = unit_features(doc, split_units(doc))
    >>> feats[1]["subj=i_passive"], feats[2]["tense=past"]
    (1.0, 1.0)
"""

from __future__ import annotations

import re
from bisect import bisect_left
from collections.abc import Sequence

from spacy.attrs import IS_ALPHA, ORTH
from spacy.tokens import Doc, Span

from .quantities import extract_quantities
from .results import Quantity

__all__ = ["header_label", "unit_features"]

_HEADER_RE = re.compile(
    r"^\W*(situation|context|background|task|goal|objective|responsibilit(?:y|ies)|my role|action|actions|"
    r"what i did|approach|steps|result|results|outcome|impact|lessons?(?: learned)?|reflection|[star])\s*[:\-–—)]",
    re.IGNORECASE,
)
_HEADER_LABEL = {
    "situation": "situation", "context": "situation", "background": "situation", "s": "situation",
    "task": "task", "goal": "task", "objective": "task", "responsibility": "task", "responsibilities": "task",
    "my role": "task", "t": "task",
    "action": "action", "actions": "action", "what i did": "action", "approach": "action", "steps": "action", "a": "action",
    "result": "result", "results": "result", "outcome": "result", "impact": "result", "lesson": "result",
    "lessons": "result", "lesson learned": "result", "lessons learned": "result", "reflection": "result", "r": "result",
}
_FIRST_SING = frozenset({"i", "me", "my", "mine", "myself"})
_FIRST_PLUR = frozenset({"we", "us", "our", "ours", "ourselves"})
_NUM_RE = re.compile(r"\d")
_FILLERS = frozenset({"um", "uh", "erm", "uhm", "like", "basically", "actually", "literally"})
#: Phrases that mark a part whatever the rest of the unit says (grouped so that rare wordings share weight).
_CUES: dict[str, re.Pattern[str]] = {
    "task": re.compile(
        r"\b((my|our) (main |primary |first |whole )?(task|job|goal|role|responsibilit\w*|mission|objective|challenge|assignment|mandate|brief|aim)"
        r"|(i|we) (was|were) (asked|tasked|assigned|responsible|expected|charged|brought in|hired|put in charge|given)"
        r"|(i|we) (needed|had|have|need) to|(it was|it fell) (up to|on|to) (me|us)|the (goal|challenge|task|objective|aim) (was|is)"
        r"|(wanted|asked|needed) me to|in charge of|my (part|piece) was)\b"
    ),
    "result": re.compile(
        r"\b(as a result|in the end|resulted in|led to|leading to|was able to|were able to|ended up|end result|by the end"
        r"|(i|we) learned|taught me|lesson|since then|going forward|looking back|in hindsight|the outcome|paid off|as a consequence"
        r"|because of (this|that|it)|thanks to (this|that)|this (meant|helped|allowed|saved|reduced|increased|improved))\b"
    ),
    "situation": re.compile(
        r"\b(at my (last|previous|current|old|first) (job|company|role|employer|internship|school|hospital|store)"
        r"|when i was (working|a|an|at|in|leading)|while (i was )?working (at|as|on)|(i|we) (was|were) (working|leading|running) (as|on|at)"
        r"|a few (years|months) ago|last (year|summer|spring|fall|winter|quarter)|back (in|when)|there (was|were))\b"
    ),
}


def header_label(text: str) -> str | None:
    """The STAR label an explicit header at the start of ``text`` names, if any.

    Example:
        >>> header_label("Result: churn fell"), header_label("S - we had a bug"), header_label("I did it")
        ('result', 'situation', None)
    """
    m = _HEADER_RE.match(text)
    if not m:
        return None
    return _HEADER_LABEL.get(m.group(1).lower())


def _norm(word: str) -> str:
    return "#" if _NUM_RE.search(word) and not word.isalpha() else word


def _subject(unit: Span) -> tuple[str, bool]:
    """Who is the subject of the unit's first finite clause, and is that clause passive."""
    roots = [t for t in unit if t.dep_ in {"ROOT", "conj", "advcl", "ccomp", "relcl"} and t.pos_ in {"VERB", "AUX"}]
    roots.sort(key=lambda t: (t.dep_ != "ROOT", t.i))
    for root in roots:
        for child in root.children:
            if child.dep_ in {"nsubj", "nsubjpass", "expl"}:
                low = child.lower_
                passive = child.dep_ == "nsubjpass" or any(c.dep_ == "auxpass" for c in root.children)
                sub = {c.lower_ for c in child.subtree}
                if low in _FIRST_SING:
                    who = "i"
                elif low in _FIRST_PLUR or (sub & _FIRST_SING and any(c.dep_ == "conj" for c in child.subtree)):
                    who = "we"
                elif child.dep_ == "expl":
                    who = "there"
                elif sub & _FIRST_PLUR and child.lower_ in {"team", "group", "squad", "department", "efforts"}:
                    who = "we"
                elif child.pos_ in {"PROPN", "PRON"} or child.lower_ in {"manager", "lead", "boss", "client", "customer"}:
                    who = "other"
                else:
                    who = "thing"
                return who, passive
    return "none", False


def _unit_dict(unit: Span, doc_is_transcript: bool, amounts: Sequence[Quantity] = ()) -> dict[str, float]:
    f: dict[str, float] = {}
    words = [t for t in unit if not (t.is_punct or t.is_space)]
    lows = [_norm(t.lower_) for t in words]
    lemmas = [_norm(t.lemma_.lower()) for t in words]
    for w in set(lows) | {f"l:{x}" for x in lemmas}:
        f[f"w={w}"] = 1.0
    for a, b in zip(lows, lows[1:]):
        f[f"b={a}_{b}"] = 1.0
    content = [w for w in lows if w not in _FILLERS]
    for k, w in enumerate(content[:3]):
        f[f"open{k}={w}"] = 1.0
    if len(content) >= 2:
        f[f"open2={content[0]}_{content[1]}"] = 1.0
    head = header_label(unit.text)
    if head:
        f[f"header={head}"] = 1.0
    low_text = unit.text.lower()
    for name, pattern in _CUES.items():
        if pattern.search(low_text):
            f[f"cue={name}"] = 1.0
    first = next((t for t in words if t.lower_ not in _FILLERS and t.pos_ not in {"CCONJ", "SCONJ", "ADV"}), None)
    if first is not None and first.pos_ == "VERB":
        if first.tag_ == "VB" and not any(c.dep_ in {"nsubj", "nsubjpass"} for c in first.children):
            f["opens_imperative"] = 1.0  # a goal written as an instruction: "Restore the service within an hour."
        elif first.tag_ in {"VBD", "VBN"} and not any(c.dep_ in {"nsubj", "nsubjpass"} for c in first.children):
            f["opens_past_verb"] = 1.0  # a resume-style step: "Rebuilt the loader."
    who, passive = _subject(unit)
    f[f"subj={who}{'_passive' if passive else ''}"] = 1.0
    tags = {t.tag_ for t in words}
    modals = {t.lower_ for t in words if t.tag_ == "MD"}
    if "VBD" in tags or "VBN" in tags:
        f["tense=past"] = 1.0
    if tags & {"VBP", "VBZ"}:
        f["tense=present"] = 1.0
    for m in modals:
        f[f"modal={m}"] = 1.0
    if "VBG" in tags and words and words[0].tag_ == "VBG":
        f["starts_gerund"] = 1.0
    n_sing = sum(w in _FIRST_SING for w in lows)
    n_plur = sum(w in _FIRST_PLUR for w in lows)
    f["first_sing"] = min(n_sing, 3) / 3
    f["first_plur"] = min(n_plur, 3) / 3
    n_num = sum(1 for t in words if t.like_num or _NUM_RE.search(t.text))
    if n_num:
        f["has_number"] = 1.0
    if "%" in unit.text or "percent" in unit.text.lower():
        f["has_percent"] = 1.0
    if re.search(r"[$€£¥₹]", unit.text):
        f["has_currency"] = 1.0
    for q in amounts:
        if unit.start_char <= q.start < unit.end_char:
            # an amount stated as achieved, or a change of a measured quantity, whoever the subject:
            # "Reduced contacts by over 75%." is an outcome although it opens like a step
            if q.is_result:
                f["has_outcome_amount"] = 1.0
            if q.direction != "none":
                f["has_change_amount"] = 1.0
    f["len"] = min(len(words), 40) / 40
    if doc_is_transcript:
        f["transcript"] = 1.0
    tensor = unit.doc.tensor
    if len(unit) and getattr(tensor, "ndim", 0) == 2 and tensor.shape[0] == len(unit.doc):
        # the parse's contextual token vectors, already computed by the tok2vec every parse runs
        for i, v in enumerate(tensor[unit.start : unit.end].mean(axis=0).tolist()):
            f[f"vec{i}"] = v
    return f


def is_transcript_like(doc: Doc) -> bool:
    """True when the text has almost no sentence punctuation (speech-to-text style).

    Example:
        >>> from star_nlp.pipeline import load_pipeline
        >>> is_transcript_like(load_pipeline()("so um we had this bug and then i fixed it and it was fine"))
        True
    """
    if not len(doc):
        return False
    n_words = int(doc.to_array(IS_ALPHA).sum())  # counted in C: no Token objects
    counts = doc.count_by(ORTH)
    n_stops = sum(counts.get(doc.vocab.strings[p], 0) for p in (".", "!", "?"))
    return n_words >= 8 and n_stops * 25 < n_words


def unit_features(doc: Doc, units: Sequence[Span], *, amounts: Sequence[Quantity] | None = None) -> list[dict[str, float]]:
    """One feature dict per unit, including position and neighbour context.

    Args:
        doc: The parsed answer.
        units: Its clause-level units, in order.
        amounts: ``extract_quantities(doc)`` (without parts) when already computed.

    Returns:
        A list of ``{feature: value}`` dicts, aligned with ``units``.
    """
    transcript = is_transcript_like(doc)
    if amounts is None:
        amounts = extract_quantities(doc)  # once per answer; written-out amounts ("doubled") count too
    # each unit reads only the amounts that start inside it (found by bisection: a long text has
    # thousands of units and amounts)
    starts = [q.start for q in amounts]
    order = sorted(range(len(amounts)), key=starts.__getitem__)
    starts = [starts[i] for i in order]
    by_start = [amounts[i] for i in order]
    base = [
        _unit_dict(u, transcript, by_start[bisect_left(starts, u.start_char) : bisect_left(starts, u.end_char)])
        for u in units
    ]
    n = len(units)
    n_chars = max(1, len(doc.text))
    out: list[dict[str, float]] = []
    for i, (unit, f) in enumerate(zip(units, base)):
        g = dict(f)
        rel = (unit.start_char + unit.end_char) / 2 / n_chars
        g["rel_pos"] = rel
        g["rel_pos_sq"] = rel * rel
        g[f"pos_bin={min(int(rel * 10), 9)}"] = 1.0
        g["idx_frac"] = i / max(1, n - 1)
        if i == 0:
            g["first_unit"] = 1.0
        if i == n - 1:
            g["last_unit"] = 1.0
        if n <= 2:
            g["tiny_answer"] = 1.0
        if unit.start == unit.sent.start:
            g["sent_start"] = 1.0
        for off, tag in ((-1, "p"), (1, "n"), (-2, "pp"), (2, "nn")):
            j = i + off
            if 0 <= j < n:
                nb = base[j]
                for k in nb:
                    if k.startswith(("w=", "header=", "subj=", "tense=", "modal=", "has_", "cue=", "opens_")) and not k.startswith("w=l:"):
                        if len(tag) == 1 or not k.startswith("w="):
                            g[f"{tag}:{k}"] = 0.5 if len(tag) == 2 else 1.0
            else:
                g[f"{tag}:none"] = 1.0
        out.append(g)
    return out
