"""Clause-level units: the pieces of an answer the segmenter labels.

A unit is a sentence, or a part of one where a new clause starts with a discourse connective
("so", "and then", "which", "as a result", "and" before a subject pronoun and its verb, a participle clause
after a comma).
Units never cross a sentence boundary or a line break. This is what lets one sentence hold two
STAR parts ("I was asked to fix the loader, so I rewrote it": Task, then Action), and what lets
a punctuation-free transcript be cut into pieces at all.

Example:
    >>> from star_nlp.pipeline import load_pipeline
    >>> doc = load_pipeline()("I was asked to fix the loader, so I rewrote it from scratch.")
    >>> [u.text for u in split_units(doc)]
    ['I was asked to fix the loader,', 'so I rewrote it from scratch.']
"""

from __future__ import annotations

from spacy.tokens import Doc, Span, Token

__all__ = ["split_units"]

#: Connectives that open a new clause when they follow at least MIN_WORDS words.
_OPENERS = frozenset(
    {
        "so", "then", "but", "eventually", "finally", "afterwards", "ultimately", "thus", "therefore",
        "hence", "consequently", "meanwhile", "later", "luckily", "unfortunately", "overall",
    }
)
#: Two-word openers (first word, second word).
_PAIRS = frozenset(
    {
        ("and", "then"), ("and", "so"), ("after", "that"), ("as", "a"), ("in", "the"), ("by", "the"),
        ("which", "meant"), ("which", "led"), ("that", "meant"), ("and", "that"), ("and", "eventually"),
        ("and", "finally"), ("and", "after"), ("um", "so"), ("uh", "so"), ("so", "um"), ("so", "uh"),
        ("and", "um"), ("and", "uh"), ("but", "then"), ("and", "now"), ("since", "then"), ("from", "then"),
    }
)
_PAIR_THIRD = {("as", "a"): {"result", "consequence"}, ("in", "the"): {"end"}, ("by", "the"): {"end", "time"}}
_NOT_AFTER_SO = frozenset({"that", "far", "much", "many", "long", "well", "few", "little", "bad", "good", "on"})
_SUBJECT_PRONOUNS = frozenset({"i", "we", "he", "she", "they", "it", "my", "our"})
MIN_WORDS = 3
_OWN_SUBJECT = frozenset({"nsubj", "nsubjpass", "csubj", "expl"})


def _words(tokens: list[Token]) -> int:
    return sum(1 for t in tokens if not (t.is_punct or t.is_space))


def _is_boundary(doc: Doc, i: int, sent_start: int) -> bool:
    tok = doc[i]
    low = tok.lower_
    nxt = doc[i + 1].lower_ if i + 1 < len(doc) else ""
    prev = doc[i - 1] if i > sent_start else None
    if prev is not None and prev.lower_ in {"and", "um", "uh"} and (prev.lower_, low) in _PAIRS:
        return False  # the pair starts one token earlier
    if (low, nxt) in _PAIRS:
        third = _PAIR_THIRD.get((low, nxt))
        return third is None or (i + 2 < len(doc) and doc[i + 2].lower_ in third)
    if low == "so":
        if nxt in _NOT_AFTER_SO or (i + 1 < len(doc) and doc[i + 1].pos_ in {"ADJ", "ADV"} and nxt not in _SUBJECT_PRONOUNS):
            return False
        return True
    if low in _OPENERS:
        return low != "then" or (prev is not None and prev.is_punct)
    if low == "which" and prev is not None and prev.text in {",", "-", "–", "—"}:
        return True
    if low in {"and", "but"} and tok.dep_ == "cc":
        head = tok.head
        if head.dep_ == "conj" and head.pos_ in {"VERB", "AUX"} and head.i > i and head.head.i < i:
            # a coordinated clause whose "and" hangs on its own verb (seldom under spaCy 3; below)
            return True
        if nxt in _SUBJECT_PRONOUNS and i + 2 < len(doc) and doc[i + 2].pos_ in {"VERB", "AUX"}:
            return True
        if head.pos_ in {"VERB", "AUX"} and head.i < i:
            # spaCy 3 hangs the "and" on the first verb: the clause after it opens a unit when the
            # next verb coordinated with that one has its own subject ("..., and the board wanted a
            # plan", "..., and shortening it was on me"), so each clause can carry its own part
            later = [c for c in head.children if c.dep_ == "conj" and c.i > i and c.pos_ in {"VERB", "AUX"}]
            if later and any(c.dep_ in _OWN_SUBJECT for c in min(later, key=lambda c: c.i).children):
                return True
    if tok.tag_ == "VBG" and prev is not None and prev.text == "," and tok.dep_ in {"advcl", "xcomp", "conj"}:
        return True  # ", reducing the error rate by half"
    return False


_CLAUSE_SUBJECTS = frozenset({"i", "we", "he", "she", "they", "my", "our", "the", "it", "there", "everyone", "nobody"})
_LEADS = frozenset({"and", "so", "but", "then", "because", "which", "after", "when", "once", "um", "uh", "basically", "like"})


def _run_on_boundary(doc: Doc, i: int, start: int) -> int | None:
    """In unpunctuated speech, a clause subject ("i", "we", "my manager") opens a new unit.

    Returns the token index the unit should start at (before any leading connective), or None.
    """
    tok = doc[i]
    if tok.lower_ not in _CLAUSE_SUBJECTS or tok.dep_ not in {"nsubj", "nsubjpass", "expl", "poss", "det"}:
        return None
    head = tok.head if tok.dep_ in {"nsubj", "nsubjpass", "expl"} else tok.head.head
    if head.i <= i or head.pos_ not in {"VERB", "AUX"} or head.i - i > 4:
        return None
    if tok.dep_ in {"poss", "det"} and tok.head.dep_ not in {"nsubj", "nsubjpass"}:
        return None
    j = i
    while j - 1 > start and doc[j - 1].lower_ in _LEADS:
        j -= 1
    prev = doc[j - 1] if j > start else None
    if prev is not None and prev.lower_ in {"that", "to", "what", "how", "who", "if", "whether", "than"}:
        return None  # a complement clause: "found that i ...", "asked what we ..."
    return j


def _verb_start_boundary(doc: Doc, i: int, start: int) -> bool:
    """In unpunctuated speech or notes, a subject-less finite verb after a noun opens a new clause
    ("... 40% pod failures isolated the service ... data loss implemented circuit breakers")."""
    tok = doc[i]
    if i <= start or tok.tag_ not in {"VBD", "VBP", "VB", "VBZ"} or tok.pos_ != "VERB":
        return False
    prev = doc[i - 1]
    if prev.pos_ not in {"NOUN", "PROPN", "NUM", "ADJ"} and not prev.is_punct:
        return False
    if i - 2 >= start and doc[i - 2].lower_ in {"my", "our", "the", "his", "her", "their", "a", "an", "this", "that"}:
        return False  # "my manager asked": a short noun phrase before a verb is its subject
    if any(ch.dep_ in {"nsubj", "nsubjpass"} and ch.i < i for ch in tok.children):
        return False  # "the cluster failed": the noun before is its subject
    if prev.dep_ in {"nsubj", "nsubjpass"} and prev.head is tok:
        return False
    return any(ch.dep_ in {"dobj", "prep", "xcomp", "ccomp", "prt", "advmod"} and ch.i > i for ch in tok.children)


_CLOSED_CLASS = frozenset({"PRON", "DET", "ADP", "SCONJ", "CCONJ", "ADV", "AUX"})
_COMPLEMENTISERS = frozenset({"that", "to", "what", "how", "who", "if", "whether", "than"})


def _missing_stop(doc: Doc, i: int, start: int) -> bool:
    """A capitalised function word right after a lower-case word marks a full stop left out
    ("... dealt with each part We were ready on time"), common in notes and hurried writing.

    "I" is always capitalised and proper names are capitalised anywhere, so neither counts.
    """
    tok = doc[i]
    if i <= start or tok.text == "I" or not tok.text[:1].isupper() or tok.is_upper or tok.pos_ not in _CLOSED_CLASS:
        return False
    prev = doc[i - 1]
    if not (prev.is_alpha and prev.is_lower) or prev.lower_ in _COMPLEMENTISERS or prev.whitespace_ != " ":
        return False
    if prev.pos_ in {"ADP", "DET", "CCONJ", "SCONJ", "PRON"}:
        return False  # a clause does not end on "on", "the", "and": "built on Ledgerly"
    return not (i + 1 < len(doc) and doc[i + 1].pos_ == "PROPN")  # "... and The Guardian"


_LABEL_JOINERS = frozenset({"&", "and", "of", "the", "to", "for", "with", "/", "-", "a", "on", "in"})


def _label_after_colon(doc: Doc, i: int, start: int) -> bool:
    """A capitalised topic label right after a colon opens a unit: an inline list of workstreams
    ("... the following steps: Risk review: I listed ...", "I: Met the vendor: we agreed ...").

    The label is one to five words ending in its own colon, so that a clause after a colon
    ("The reason was simple: We had no tests") does not split.
    """
    tok = doc[i]
    if i <= start or doc[i - 1].text not in {":", ";"} or not tok.is_alpha or not tok.text[:1].isupper() or tok.lower_ in {"i", "we"}:
        return False
    for j in range(i + 1, min(i + 6, len(doc))):
        if doc[j].text == ":":
            return all(t.is_alpha or t.lower_ in _LABEL_JOINERS for t in doc[i:j])
        if not (doc[j].is_alpha or doc[j].lower_ in _LABEL_JOINERS) or doc[j].lower_ in {"i", "we"}:
            return False
    return False


def split_units(doc: Doc) -> list[Span]:
    """Split a parsed ``Doc`` into clause-level units.

    Args:
        doc: A ``Doc`` with sentence boundaries and a dependency parse.

    Returns:
        Spans in order, not overlapping, without leading or trailing white space; white-space-only
        stretches belong to no unit.

    Example:
        >>> from star_nlp.pipeline import load_pipeline
        >>> [u.text for u in split_units(load_pipeline()("Our build was slow.\\nI profiled it."))]
        ['Our build was slow.', 'I profiled it.']
    """
    units: list[Span] = []
    n_words = sum(1 for t in doc if t.is_alpha)
    run_on = n_words >= 8 and sum(1 for t in doc if t.text in {".", "!", "?"}) * 25 < n_words
    for sent in doc.sents:
        # hard breaks at line breaks inside a sentence
        pieces: list[tuple[int, int]] = []
        start = sent.start
        for tok in sent:
            if tok.is_space and "\n" in tok.text:
                if tok.i > start:
                    pieces.append((start, tok.i))
                start = tok.i + 1
        if start < sent.end:
            pieces.append((start, sent.end))
        for a, b in pieces:
            cut = a
            for i in range(a + 1, b):
                at: int | None = i if _is_boundary(doc, i, a) or _missing_stop(doc, i, a) or _label_after_colon(doc, i, a) else None
                if at is None and run_on:
                    at = _run_on_boundary(doc, i, a)
                    if at is None and _verb_start_boundary(doc, i, a):
                        at = i
                if at is not None and at > cut:
                    left = list(doc[cut:at])
                    right = list(doc[at:b])
                    if _words(left) >= MIN_WORDS and _words(right) >= MIN_WORDS:
                        units.append(doc[cut:at])
                        cut = at
            units.append(doc[cut:b])
    out: list[Span] = []
    for span in units:
        a, b = span.start, span.end
        while a < b and doc[a].is_space:
            a += 1
        while b > a and doc[b - 1].is_space:
            b -= 1
        if b > a:
            out.append(doc[a:b])
    return out
