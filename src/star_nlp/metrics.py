"""Delivery metrics: length, speaking time, readability, fillers, jargon, tense.

Readability is textstat's Flesch reading ease and Flesch-Kincaid grade, computed offline by
:mod:`star_nlp.readability` (tested equal to textstat, without its NLTK import).

Example:
    >>> from star_nlp.pipeline import load_pipeline
    >>> from star_nlp.units import split_units
    >>> doc = load_pipeline()("I fixed the loader. It has not failed since.")
    >>> compute_metrics(doc, split_units(doc)).words
    9
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from spacy.tokens import Doc, Span

from .features import is_transcript_like
from .readability import ensure_offline_cmudict, flesch_scores
from .results import Metrics

__all__ = ["WORDS_PER_MINUTE", "compute_metrics", "ensure_offline_cmudict", "filler_spans", "count_words"]

#: Conversational speaking rate used for the time estimate (the STAR guide: 130-160 wpm).
WORDS_PER_MINUTE = 150
_WORD_RE = re.compile(r"\w", re.UNICODE)
_SINGLE_FILLERS = frozenset({"um", "uh", "erm", "uhm", "hmm", "er", "ah", "basically", "literally"})
_PAIR_FILLERS = frozenset({("you", "know"), ("i", "mean"), ("kind", "of"), ("sort", "of")})
_ACRONYM_RE = re.compile(r"^(?:[A-Z]{2,}s?|[A-Za-z]+\d+[A-Za-z\d]*|[a-z]+[A-Z][A-Za-z]*|\w+\.(?:js|py|io))$")
_NOT_JARGON = frozenset({"I", "OK", "US", "UK", "EU", "CEO", "TV", "AM", "PM", "HR", "IT"})
def count_words(text: str) -> int:
    """Words: white-space separated pieces holding a letter or digit.

    Example:
        >>> count_words("I cut costs by 20% -- fast.")
        6
    """
    return sum(1 for w in text.split() if _WORD_RE.search(w))


def filler_spans(doc: Doc) -> list[tuple[int, int]]:
    """Character spans of spoken fillers (um, uh, you know, I mean, basically, filler "like").

    Example:
        >>> from star_nlp.pipeline import load_pipeline
        >>> len(filler_spans(load_pipeline()("so um we basically like rebuilt it you know")))
        4
    """
    spans: list[tuple[int, int]] = []
    toks = [t for t in doc if not t.is_space]
    skip = -1
    for k, t in enumerate(toks):
        if k <= skip:
            continue
        low = t.lower_
        nxt = toks[k + 1].lower_ if k + 1 < len(toks) else ""
        if (low, nxt) in _PAIR_FILLERS and (low != "kind" and low != "sort" or k == 0 or toks[k - 1].lower_ not in {"a", "the", "this", "that", "what"}):
            if low in {"kind", "sort"} and k + 2 < len(toks) and toks[k + 2].pos_ in {"NOUN", "PROPN"}:
                continue
            spans.append((t.idx, toks[k + 1].idx + len(toks[k + 1].text)))
            skip = k + 1
        elif low in _SINGLE_FILLERS:
            spans.append((t.idx, t.idx + len(t.text)))
        elif low == "like" and (t.pos_ == "INTJ" or t.dep_ in {"intj", "discourse"} or (k + 1 < len(toks) and toks[k + 1].like_num)):
            spans.append((t.idx, t.idx + len(t.text)))
    return spans


def _readability_text(units: Sequence[Span]) -> str:
    # One sentence per unit, so that punctuation-free transcripts are not read as one huge sentence.
    parts = []
    for u in units:
        t = u.text.strip()
        if t and t[-1] not in ".!?":
            t += "."
        parts.append(t)
    return " ".join(parts)


def compute_metrics(doc: Doc, units: Sequence[Span], *, fillers: Sequence[tuple[int, int]] | None = None) -> Metrics:
    """Compute the delivery metrics of a parsed answer.

    Args:
        doc: The parsed answer.
        units: Its clause-level units (used as sentences for transcripts).
        fillers: ``filler_spans(doc)`` when already computed.
    """
    text = doc.text
    words = count_words(text)
    transcript = is_transcript_like(doc)
    n_sents = max(1, len(units) if transcript else sum(1 for s in doc.sents if any(not t.is_space for t in s)))
    read_text = _readability_text(units) if transcript else text
    if words:
        fre, grade = flesch_scores(read_text)
    else:
        fre, grade = 0.0, 0.0
    word_toks = [t for t in doc if t.is_alpha or t.like_num]
    jargon = sum(1 for t in doc if not t.is_punct and _ACRONYM_RE.match(t.text) and t.text not in _NOT_JARGON)
    finite = [t for t in doc if t.tag_ in {"VBD", "VBP", "VBZ", "MD"}]  # "would" counts as not past: it tells no event
    past = sum(1 for t in finite if t.tag_ == "VBD")
    return Metrics(
        words=words,
        sentences=n_sents,
        speaking_seconds=round(words / WORDS_PER_MINUTE * 60, 1),
        flesch_reading_ease=round(fre, 1),
        grade_level=round(grade, 1),
        avg_sentence_words=round(words / n_sents, 1),
        filler_count=len(filler_spans(doc) if fillers is None else fillers),
        jargon_ratio=round(jargon / max(1, len(word_toks)), 3),
        past_tense_ratio=round(past / len(finite), 3) if finite else 0.0,
        is_transcript=transcript,
    )
