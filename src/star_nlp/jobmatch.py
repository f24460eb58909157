"""Tailoring stories to a job description: which requirements, skills and culture words they evidence.

The STAR guide (``../shared/DOMAIN.md``, "Tailoring to the job description") asks candidates to
map a posting's responsibilities, required skills and culture words onto their stories.
:func:`match_job` extracts three kinds of item from the posting and checks each against every
story.

Extraction:

- **Requirements**: lines under a heading that names requirements ("Requirements",
  "Qualifications", "What you'll do", "You have", "Responsibilities", "Nice to have", ...; a
  heading is a line ending in ``:`` or a capitalised line of at most six words without closing
  punctuation; inside a section only a requirement heading or a known other heading such as
  "About us" or "Benefits" counts, and the section also ends at a blank line after its first
  item); the text after an inline "Requirements: ..."; bullet lines anywhere; and other sentences
  that contain "must", "required", "you have", "you will/you'll (have|need|bring|do)". Each
  sentence is one requirement, deduplicated case-insensitively.
- **Skills**, from the requirements (or from the whole posting when it has none), parsed with the
  analyser's spaCy pipeline: runs of named tokens (tech-looking tokens: acronyms such as ``SQL``,
  mixed case such as ``PyTorch``, tokens with digits or ``.js``; and proper nouns: tagged PROPN or
  capitalised inside their sentence) are one skill each ("Apache Airflow"); noun chunks without
  such a token are trimmed of determiners, numbers and generic words ("strong", "experience",
  "skills", "years", ...) and kept when 1-4 words long and not headed by a person or organisation
  word ("engineers", "team", "customers"). Skills are lower-cased and deduplicated; culture words
  are not repeated as skills. Evidence lists are ordered best first (score, then story index).
- **Culture words**: the forms of :data:`CULTURE_WORDS` (``team-oriented``, ``self-starter``,
  ``customer-focused``...) found with word boundaries, case-insensitively, hyphen, space or
  nothing between parts ("self starter", "self-starter", "selfstarter"), with an optional plural
  ``s``. Each is reported by its canonical term, in order of first appearance.

Evidence (a story "evidences" an item):

- Words are compared by **key**: tech-looking tokens by their lower-cased text (``APIs`` → ``api``),
  other words by their lower-cased lemma reduced by a light suffix stemmer (``communication`` and
  ``communicate`` → ``communic``, ``mentorship`` → ``mentor``, ``deployment`` → ``deploy``).
  Stop words, punctuation, numbers and the generic words above carry no key.
- A **skill** is evidenced when every one of its keys occurs in the story.
- A **requirement** is evidenced when the story contains all of its keys if it has one or two, and
  at least half of them (rounded up) if it has more; when the requirement has named tokens
  (technologies, products), at least one of those must be among them, so "Run our
  services on Kubernetes" needs "Kubernetes". A requirement without keys ("5+ years of
  experience") cannot be evidenced by a story.
- A **culture word** is evidenced when the story uses one of its forms (as written, or every
  stemmed word of the form among the story's keys, so "mentored" shows "mentor" and "collaborated"
  shows "collaborate"), or when the story's mean probability for the word's competencies
  (``Feedback.competencies``) is at least :data:`~star_nlp.portfolio.COVERAGE_THRESHOLD` (0.5),
  the rule :func:`~star_nlp.portfolio.portfolio` uses for question types.

Example:
    >>> [w.term for w in CULTURE_WORDS][:3]
    ['team-oriented', 'collaborative', 'self-starter']
    >>> _stem("communication") == _stem("communicate")
    True
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Literal

from .portfolio import COVERAGE_THRESHOLD
from .results import Feedback, _Serialisable

if TYPE_CHECKING:  # pragma: no cover
    from spacy.tokens import Doc, Token

__all__ = ["CULTURE_WORDS", "CultureWord", "Evidence", "JobItem", "JobMatch", "match_job"]

ItemKind = Literal["requirement", "skill", "culture"]


@dataclass(frozen=True)
class CultureWord(_Serialisable):
    """A culture word of job postings and the competencies that show it.

    Attributes:
        term: The canonical form, reported in results.
        forms: Surface forms matched in postings and stories (the term first).
        competencies: Competencies (see :data:`star_nlp.corpus.COMPETENCIES`) whose stories show it.
    """

    term: str
    forms: tuple[str, ...]
    competencies: tuple[str, ...]


#: The culture-word lexicon, mapped onto the STAR guide's six competencies.
CULTURE_WORDS: tuple[CultureWord, ...] = (
    CultureWord("team-oriented", ("team-oriented", "team player", "team-first"), ("teamwork",)),
    CultureWord("collaborative", ("collaborative", "collaboration", "collaborate", "collaborator"), ("communication", "teamwork")),
    CultureWord("self-starter", ("self-starter", "self-motivated", "self-directed", "proactive"), ("leadership",)),
    CultureWord("ownership", ("ownership", "take ownership", "owner mindset"), ("leadership",)),
    CultureWord("initiative", ("initiative", "bias for action"), ("leadership",)),
    CultureWord("accountability", ("accountability", "accountable"), ("ethics", "leadership")),
    CultureWord("customer-focused", ("customer-focused", "customer-centric", "customer-obsessed", "customer obsession",
                                     "customer-first"), ("communication",)),
    CultureWord("fast-paced", ("fast-paced", "fast-moving", "high-growth"), ("adaptability",)),
    CultureWord("ambiguity", ("ambiguity", "ambiguous"), ("problem_solving", "adaptability")),
    CultureWord("adaptable", ("adaptable", "adaptability", "flexible", "flexibility"), ("adaptability",)),
    CultureWord("growth mindset", ("growth mindset", "continuous learning", "eager to learn", "curious", "curiosity"), ("adaptability",)),
    CultureWord("resilience", ("resilience", "resilient", "grit"), ("adaptability",)),
    CultureWord("mentorship", ("mentorship", "mentoring", "mentor", "coaching"), ("leadership",)),
    CultureWord("data-driven", ("data-driven", "data-informed", "evidence-based"), ("problem_solving",)),
    CultureWord("analytical", ("analytical", "problem-solver", "problem-solving"), ("problem_solving",)),
    CultureWord("detail-oriented", ("detail-oriented", "attention to detail"), ("problem_solving",)),
    CultureWord("integrity", ("integrity", "honesty", "ethical"), ("ethics",)),
    CultureWord("transparency", ("transparency", "transparent", "candor"), ("ethics", "communication")),
    CultureWord("inclusive", ("inclusive", "inclusion", "diversity", "belonging"), ("ethics", "teamwork")),
    CultureWord("empathy", ("empathy", "empathetic", "empathic"), ("communication", "teamwork")),
    CultureWord("humility", ("humility", "humble", "low ego"), ("teamwork",)),
    CultureWord("cross-functional", ("cross-functional",), ("communication", "teamwork")),
    CultureWord("communicator", ("communicator", "communicative"), ("communication",)),
)


def _form_pattern(form: str) -> str:
    parts = [re.escape(p) for p in re.split(r"[\s-]+", form.strip()) if p]
    return r"[\s-]?".join(parts)


def _form_keys(form: str) -> frozenset[str]:
    """The keys of a culture-word form (its words stemmed; forms are base forms), or an empty set
    when a word of it carries no key (a stop or generic word), so that the form matches only as written."""
    from spacy.lang.en.stop_words import STOP_WORDS

    words = [w for w in re.split(r"[\s-]+", form.lower()) if w]
    if any(w in STOP_WORDS or w in _GENERIC for w in words):
        return frozenset()
    return frozenset(_stem(w) for w in words)


def _form_re(form: str) -> re.Pattern[str]:
    return re.compile(r"(?<![\w-])" + _form_pattern(form) + r"s?(?![\w-])", re.IGNORECASE)


#: Each culture word with one compiled pattern per form.
_CULTURE_RE: tuple[tuple[CultureWord, tuple[re.Pattern[str], ...]], ...] = tuple(
    (w, tuple(_form_re(f) for f in w.forms)) for w in CULTURE_WORDS
)

# --------------------------------------------------------------------------- requirement extraction
_BULLET = re.compile(r"^\s*(?:[-*\u2022\u00b7\u2023\u25aa\u25e6\u2013\u2014+>]|\d{1,2}[.)])\s+")
_REQ_HEADING = re.compile(
    r"\b(requirements?|qualifications?|you have|you(?:'|\u2019)?ll (?:do|have|need|bring)|you will (?:do|have|need|bring)|"
    r"what you(?:'|\u2019)?ll do|what you will do|what we(?:'|\u2019)?re looking for|what we are looking for|responsibilities|"
    r"must[- ]haves?|nice[- ]to[- ]haves?|bonus points|skills|who you are|about you|the role)\b",
    re.IGNORECASE,
)
_REQ_CUE = re.compile(
    r"\b(must|required|requirements?|qualifications?|you have|you(?:'|\u2019)?ll (?:have|need|bring|do)|you will (?:have|need|bring|do))\b",
    re.IGNORECASE,
)
#: Headings that end a requirements section.
_OTHER_HEADING = re.compile(
    r"^(about|benefits|perks|why|who we are|our|compensation|salary|pay|location|how to apply|apply|the team|"
    r"what we offer|we offer|equal opportunity|company|culture|life at)\b",
    re.IGNORECASE,
)
_SENTENCE_END = re.compile(r"(?<=[.!?;])\s+(?=\S)")

# --------------------------------------------------------------------------- keys and skills
_TECH_RE = re.compile(r"^(?:[A-Z]{2,}s?|[A-Za-z]+\d+[A-Za-z\d]*|[a-z]+[A-Z][A-Za-z]*|[A-Z][a-z]+[A-Z][A-Za-z]*|\w+\.(?:js|py|io|net))$")
_NOT_TECH = frozenset({"I", "OK", "US", "UK", "EU", "CEO", "TV", "AM", "PM", "HR", "IT", "USA"})
#: Words too generic to count as evidence or as a skill ("5+ years of experience", "strong skills").
_GENERIC = frozenset({
    "ability", "able", "background", "bonus", "candidate", "closely", "demonstrate", "demonstrated", "equivalent", "etc",
    "excellent", "experience", "experienced", "familiar", "familiarity", "good", "great", "hand", "high", "ideal", "ideally",
    "include", "including", "job", "knowledge", "least", "level", "minimum", "new", "nice", "plus", "position", "prefer",
    "preferred", "proficiency", "proficient", "proven", "related", "relevant", "require", "required", "requirement",
    "qualification", "responsibility", "role", "similar", "skill", "solid", "strong", "understanding", "well", "work",
    "year", "comfortable", "thing", "way", "lot", "kind", "degree", "field",
})
#: Noun-chunk heads that name people or organisations, not skills.
_NOT_SKILL_HEADS = frozenset({
    "team", "teammate", "manager", "engineer", "developer", "scientist", "analyst", "customer", "client", "user",
    "stakeholder", "colleague", "partner", "people", "person", "company", "startup", "organization", "organisation",
    "candidate", "you", "we", "us", "opportunity", "environment", "culture", "mission", "member", "leader", "peer",
})
_TRIM_POS = frozenset({"DET", "PRON", "NUM", "PUNCT", "SYM", "CCONJ", "ADP", "PART", "SPACE", "AUX"})
_SUFFIXES = ("isation", "ization", "ation", "ition", "ative", "ement", "ment", "ship", "ness", "ing", "ion", "ate", "ive",
             "al", "er", "ed", "e", "s")


def _stem(word: str) -> str:
    """Strip derivational and inflectional suffixes, repeatedly, keeping at least three letters.

    Example:
        >>> [_stem(w) for w in ("mentorship", "deployment", "leadership", "lead")]
        ['mentor', 'deploy', 'lead', 'lead']
    """
    while True:
        for suffix in _SUFFIXES:
            if word.endswith(suffix) and len(word) - len(suffix) >= 3:
                word = word[: -len(suffix)]
                break
        else:
            return word


def _is_tech(tok: Token) -> bool:
    return bool(_TECH_RE.match(tok.text)) and tok.text not in _NOT_TECH


# Parts of speech a capitalised stop word keeps when it is a name ("Go", "Swift", "R"), not a word.
_NAME_POS = frozenset({"PROPN", "NOUN", "VERB", "ADJ", "X"})


def _capitalised_name(tok: Token) -> bool:
    """A stop word capitalised inside its sentence after a lower-case word: a name such as "Go"."""
    prev = tok.doc[tok.i - 1] if tok.i > 0 else None
    return (tok.is_stop and tok.text[:1].isupper() and tok.text[1:].islower() and not tok.is_sent_start
            and tok.pos_ in _NAME_POS and prev is not None and not prev.text[:1].isupper() and prev.text not in {":", "-", "\u2022", "*"})


def _is_named(tok: Token) -> bool:
    """A tech-looking token, or a proper noun: tagged PROPN or capitalised inside its sentence."""
    if _is_tech(tok) or _capitalised_name(tok):
        return True
    proper = tok.pos_ == "PROPN" or (tok.text[:1].isupper() and not tok.is_sent_start)
    return (proper and tok.text != "I" and not tok.is_stop and tok.lower_ not in _GENERIC
            and any(c.isalpha() for c in tok.text))


def _joins_names(tok: Token) -> bool:
    """A slash or hyphen glued between two names: "CI/CD", "TCP/IP", "Node-RED"."""
    doc = tok.doc
    return (tok.text in {"/", "-"} and 0 < tok.i < len(doc) - 1 and not doc[tok.i - 1].whitespace_
            and not tok.whitespace_ and _is_named(doc[tok.i - 1]) and _is_named(doc[tok.i + 1]))


def _key(tok: Token) -> str | None:
    """The comparison key of a token, or None when it carries no content."""
    if _is_tech(tok):
        text = tok.text
        return (text[:-1] if re.fullmatch(r"[A-Z]{2,}s", text) else text).lower()
    if _capitalised_name(tok):
        return tok.lower_
    if tok.is_stop or tok.is_punct or tok.is_space or tok.like_num or not any(c.isalpha() for c in tok.text):
        return None
    lemma = tok.lemma_.lower()
    if lemma in _GENERIC or tok.lower_ in _GENERIC or len(lemma) < 2:
        return None
    return _stem(lemma)


def _keys(tokens: Iterable[Token]) -> dict[str, str]:
    """Content keys of some tokens, each with the first surface word that gave it (lower-cased)."""
    out: dict[str, str] = {}
    for tok in tokens:
        k = _key(tok)
        if k is not None and k not in out:
            out[k] = tok.lower_
    return out


def _culture_match(text: str) -> bool:
    return any(p.search(text) for _, patterns in _CULTURE_RE for p in patterns)


def _trim(tok: Token) -> bool:
    """Whether a noun chunk's edge token is not part of the skill ("our", "strong", "skills")."""
    return tok.pos_ in _TRIM_POS or tok.lemma_.lower() in _GENERIC or not any(c.isalnum() for c in tok.text)


def _skills(docs: Iterable[Doc]) -> list[tuple[str, list[Token]]]:
    """Skill phrases (lower-cased text) with their tokens, in order of appearance."""
    found: list[tuple[str, list[Token]]] = []
    for doc in docs:
        runs: list[list[Token]] = []
        for tok in doc:
            if _is_named(tok) or (_joins_names(tok) and runs and runs[-1][-1].i == tok.i - 1):
                if runs and runs[-1][-1].i == tok.i - 1:
                    runs[-1].append(tok)
                else:
                    runs.append([tok])
        named_ids = {t.i for run in runs for t in run}
        candidates: list[tuple[int, list[Token]]] = [(run[0].i, run) for run in runs]
        for chunk in doc.noun_chunks:
            if any(t.i in named_ids for t in chunk):
                continue
            toks = list(chunk)
            while toks and (_trim(toks[0]) or toks[0].like_num):
                toks.pop(0)
            while toks and _trim(toks[-1]):
                toks.pop()
            if not toks or len(toks) > 4 or not any(t.pos_ in {"NOUN", "PROPN"} for t in toks):
                continue
            if toks[-1].lemma_.lower() in _NOT_SKILL_HEADS or toks[-1].lower_ in _NOT_SKILL_HEADS:
                continue
            candidates.append((toks[0].i, toks))
        for _, toks in sorted(candidates, key=lambda c: c[0]):
            text = doc[toks[0].i: toks[-1].i + 1].text.lower()
            text = re.sub(r"\s*-\s*", "-", " ".join(text.split()))
            if _keys(toks) and not _culture_match(text):
                found.append((text, toks))
    return found


def _requirements(description: str) -> list[str]:
    """Requirement sentences of a posting, in order, deduplicated case-insensitively."""
    out: list[str] = []
    seen: set[str] = set()

    def add(text: str) -> None:
        for sentence in _SENTENCE_END.split(text.strip()):
            s = sentence.strip()
            if s and any(c.isalnum() for c in s) and s.lower() not in seen:
                seen.add(s.lower())
                out.append(s)

    in_section = False
    section_items = 0
    for raw in description.splitlines():
        line = raw.strip()
        if not line:
            if in_section and section_items:
                in_section = False
            continue
        bullet = _BULLET.match(line)
        if bullet:
            add(line[bullet.end():])
            section_items += in_section
            continue
        head, colon, rest = line.partition(":")
        if colon and len(head.split()) <= 6:
            if not rest.strip():  # "Requirements:"
                in_section, section_items = bool(_REQ_HEADING.search(head)), 0
            elif _REQ_HEADING.search(head):  # "Requirements: Python, SQL and Go."
                add(rest)
            elif in_section:  # "Languages: Python and Go" inside a section
                add(line)
                section_items += 1
            elif _REQ_CUE.search(rest):
                add(rest)
            continue
        short = len(line.split()) <= 6 and not re.search(r"[.!?;,]$", line) and line[:1].isupper()
        if short and (not in_section or _REQ_HEADING.search(line) or _OTHER_HEADING.search(line)):
            in_section, section_items = bool(_REQ_HEADING.search(line)), 0
            continue
        if in_section:
            add(line)
            section_items += 1
        else:
            for sentence in _SENTENCE_END.split(line):
                if _REQ_CUE.search(sentence):
                    add(sentence)
    return out


# --------------------------------------------------------------------------- results
@dataclass(frozen=True)
class Evidence(_Serialisable):
    """One story's evidence for one item of the posting.

    Attributes:
        story: Index of the story in the sequence passed to :func:`match_job`.
        score: Share of the item's keys the story contains (0-1); for a culture word, 1.0 when the
            story uses one of its forms, else ``probability``.
        matched: For a requirement or skill, its terms that the story contains; for a culture word,
            the story's own words that use it (such as ``mentored``).
        probability: For a culture word, the story's mean probability for the word's competencies
            (0-1); ``None`` for requirements and skills.
    """

    story: int
    score: float
    matched: tuple[str, ...]
    probability: float | None = None


@dataclass(frozen=True)
class JobItem(_Serialisable):
    """A requirement, skill or culture word of the posting, and the stories that evidence it.

    Attributes:
        kind: ``requirement``, ``skill`` or ``culture``.
        text: The requirement as written, the skill lower-cased, or the culture word's canonical term.
        terms: The words compared with the stories (one per key); for a culture word, its forms.
        competencies: For a culture word, the competencies that show it; else empty.
        evidence: The stories that evidence it, best first (highest score, then earliest story).
        evidenced: Whether at least one story evidences it.
    """

    kind: ItemKind
    text: str
    terms: tuple[str, ...]
    competencies: tuple[str, ...]
    evidence: tuple[Evidence, ...]
    evidenced: bool


@dataclass(frozen=True)
class JobMatch(_Serialisable):
    """How a set of stories covers a job posting.

    Attributes:
        requirements: The posting's requirements, in order.
        skills: Its skills, in order of first appearance.
        culture: Its culture words, in order of first appearance.
        unevidenced: Texts of the items no story evidences, under ``requirements``, ``skills`` and
            ``culture``.
        coverage: Share of all items that some story evidences (0-1; 0 when there are no items).
        evidenced_per_story: For each story, how many items it evidences.
    """

    requirements: tuple[JobItem, ...]
    skills: tuple[JobItem, ...]
    culture: tuple[JobItem, ...]
    unevidenced: dict[str, tuple[str, ...]]
    coverage: float
    evidenced_per_story: tuple[int, ...]


def _ranked(evidence: list[Evidence]) -> tuple[Evidence, ...]:
    return tuple(sorted(evidence, key=lambda e: (-e.score, e.story)))


def _named_keys(tokens: Iterable[Token]) -> set[str]:
    """Keys of the named tokens (tech-looking tokens and proper nouns) among some tokens."""
    return {k for tok in tokens if _is_named(tok) and (k := _key(tok)) is not None}


def _lexical_item(kind: ItemKind, text: str, keys: dict[str, str], story_keys: Sequence[dict[str, str]],
                  named: set[str] | frozenset[str] = frozenset()) -> JobItem:
    n = len(keys)
    need = n if n <= 2 else math.ceil(n / 2)
    evidence: list[Evidence] = []
    for i, have in enumerate(story_keys):
        hit = [word for k, word in keys.items() if k in have]
        if n and len(hit) >= need and (not named or named & have.keys()):
            evidence.append(Evidence(i, round(len(hit) / n, 4), tuple(hit)))
    ranked = _ranked(evidence)
    return JobItem(kind, text, tuple(keys.values()), (), ranked, bool(ranked))


def _culture_item(word: CultureWord, patterns: Sequence[re.Pattern[str]], stories: Sequence[Feedback],
                  story_keys: Sequence[dict[str, str]]) -> JobItem:
    evidence: list[Evidence] = []
    form_keys = [_form_keys(f) for f in word.forms]
    for i, fb in enumerate(stories):
        words = [m.group(0).lower() for p in patterns for m in p.finditer(fb.text)]
        words += [story_keys[i][k] for keys in form_keys if keys and keys <= story_keys[i].keys() for k in sorted(keys)]
        found = tuple(dict.fromkeys(words))
        prob = round(sum(float(fb.competencies.get(c, 0.0)) for c in word.competencies) / len(word.competencies), 4)
        if found or prob >= COVERAGE_THRESHOLD:
            evidence.append(Evidence(i, 1.0 if found else prob, found, prob))
    ranked = _ranked(evidence)
    return JobItem("culture", word.term, word.forms, word.competencies, ranked, bool(ranked))


def _check_stories(values: object) -> list[Feedback]:
    name = "answers_or_feedbacks"
    if isinstance(values, (str, bytes, Feedback)) or not isinstance(values, Sequence):
        raise TypeError(f"{name} must be a sequence of str or Feedback, not {type(values).__name__}")
    items = list(values)
    if not items:
        raise ValueError(f"{name} is empty; pass at least one answer or Feedback")
    from .analyzer import analyze

    out: list[Feedback] = []
    for i, v in enumerate(items):
        if isinstance(v, Feedback):
            out.append(v)
        elif isinstance(v, str):
            try:
                out.append(analyze(v))
            except ValueError as exc:
                raise ValueError(f"{name}[{i}]: {exc}") from exc
        else:
            raise TypeError(f"{name}[{i}] must be a str or a Feedback, not {type(v).__name__}")
    return out


def match_job(answers_or_feedbacks: Sequence[str | Feedback], job_description: str) -> JobMatch:
    """Map a job posting's requirements, skills and culture words onto prepared stories.

    Args:
        answers_or_feedbacks: The stories, as text (analysed with :func:`star_nlp.analyze`) or as
            :class:`~star_nlp.results.Feedback`; story indices in the result point into it.
        job_description: The posting, as plain text (headings, bullet lines and paragraphs).

    Returns:
        The :class:`JobMatch`.

    Raises:
        TypeError: ``answers_or_feedbacks`` is not a sequence of ``str``/``Feedback``, or
            ``job_description`` is not a ``str``.
        ValueError: The sequence is empty, a story is empty, or ``job_description`` is empty,
            white space only, or longer than the analyser's ``max_chars``.

    Example:
        >>> story = ("Our nightly ETL kept failing. I was asked to fix it, so I rewrote the loader in Python "
        ...          "and added tests. It has not failed since.")
        >>> posting = "Requirements:\\n- Strong Python skills\\n- Experience with Kubernetes\\nWe are a team-oriented company."
        >>> m = match_job([story], posting)
        >>> [s.text for s in m.skills], m.unevidenced["skills"], [c.text for c in m.culture]
        (['python', 'kubernetes'], ('kubernetes',), ['team-oriented'])
    """
    if not isinstance(job_description, str):
        raise TypeError(f"job_description must be a str, not {type(job_description).__name__}")
    if not job_description.strip():
        raise ValueError("job_description is empty or only white space")
    from .analyzer import Analyzer, default_analyzer

    analyzer = default_analyzer()
    if len(job_description) > analyzer.max_chars:
        raise ValueError(f"job_description is {len(job_description):,} characters long; the maximum is {analyzer.max_chars:,}")
    stories = _check_stories(answers_or_feedbacks)
    nlp = analyzer.nlp

    story_keys = [_keys(doc) for doc in nlp.pipe(Analyzer._parse_safe(fb.text) for fb in stories)]
    req_texts = _requirements(job_description)
    source = req_texts or [s for line in job_description.splitlines() for s in _SENTENCE_END.split(line.strip()) if s.strip()]
    docs = list(nlp.pipe(Analyzer._parse_safe(t) for t in source))

    requirements = tuple(_lexical_item("requirement", text, _keys(doc), story_keys, _named_keys(doc))
                         for text, doc in zip(source, docs)) if req_texts else ()
    skills: list[JobItem] = []
    seen: set[str] = set()
    for text, toks in _skills(docs):
        if text not in seen:
            seen.add(text)
            skills.append(_lexical_item("skill", text, _keys(toks), story_keys))

    first = {w.term: min((m.start() for p in ps if (m := p.search(job_description))), default=-1) for w, ps in _CULTURE_RE}
    culture_found = sorted(((first[w.term], w, ps) for w, ps in _CULTURE_RE if first[w.term] >= 0), key=lambda x: x[0])
    culture = tuple(_culture_item(w, p, stories, story_keys) for _, w, p in culture_found)

    items = (*requirements, *skills, *culture)
    per_story = tuple(sum(any(e.story == i for e in item.evidence) for item in items) for i in range(len(stories)))
    return JobMatch(
        requirements=requirements,
        skills=tuple(skills),
        culture=culture,
        unevidenced={
            "requirements": tuple(r.text for r in requirements if not r.evidenced),
            "skills": tuple(s.text for s in skills if not s.evidenced),
            "culture": tuple(c.text for c in culture if not c.evidenced),
        },
        coverage=round(sum(item.evidenced for item in items) / len(items), 4) if items else 0.0,
        evidenced_per_story=per_story,
    )
