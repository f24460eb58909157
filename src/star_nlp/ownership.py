"""Ownership: who performs the main action of each sentence, from the dependency parse.

``agent`` is ``i`` (the speaker; also "My role was to..." and subject-less resume bullets), ``we``
(the speaker's team: "we", "our team", "my colleague and I"), ``other`` (a third party, and the
speaker as the subject of a passive: "I was asked to" means someone else asked), or ``none`` (an
inanimate or abstract subject, "there was", a passive with no by-phrase). ``passive`` marks a
passive main clause and ``hedged`` a speaker who softens their own part ("helped", "assisted",
"tried to", "was involved in").

Example:
    >>> from star_nlp.pipeline import load_pipeline
    >>> nlp = load_pipeline()
    >>> [sentence_agent(s) for s in nlp("I was asked to lead it. My colleague and I rebuilt it. I helped test it.").sents]
    [('other', True, False), ('we', False, False), ('i', False, True)]
"""

from __future__ import annotations

import bisect
from collections.abc import Sequence

from spacy.tokens import Doc, Span, Token

from .results import Ownership, SentenceOwnership

__all__ = ["analyse_ownership", "sentence_agent"]

FIRST_SING = frozenset({"i", "me", "my", "mine", "myself"})
FIRST_PLUR = frozenset({"we", "us", "our", "ours", "ourselves"})
_SELF_NOUNS = frozenset({"role", "task", "job", "goal", "responsibility", "part", "contribution", "efforts", "effort",
                         "objective", "focus", "first step", "priority", "approach", "plan", "idea", "solution", "aim", "mission"})
_TEAM_NOUNS = frozenset({"team", "group", "squad", "department", "unit", "crew", "efforts", "effort", "class", "staff", "lab", "company", "org", "organization", "organisation"})
_PEOPLE = frozenset({
    "manager", "boss", "lead", "director", "vp", "ceo", "cto", "cfo", "client", "customer", "patient", "parent", "student",
    "teacher", "colleague", "coworker", "teammate", "engineer", "developer", "analyst", "stakeholder", "stakeholders",
    "leadership", "board", "executive", "executives", "supervisor", "principal", "doctor", "physician", "nurse", "vendor",
    "partner", "user", "users", "candidate", "recruiter", "head", "founder", "owner", "auditor", "regulator", "professor",
    "mentor", "intern", "member", "members", "person", "people", "everyone", "nobody", "someone", "management", "hr",
    "legal", "finance", "committee", "council", "agency", "company", "firm", "team", "department", "he", "she", "they",
    "you", "who", "guest", "shopper", "buyer", "family", "families", "caller", "employee", "employees", "staff", "officer",
    "specialist", "designer", "scientist", "pm", "administrator", "admin", "coordinator", "surgeon", "pharmacist", "resident",
    "supplier", "contractor", "consultant", "investor", "investors", "sponsor", "tutor", "coach", "representative", "rep",
    "competitor", "competitors", "rival", "cofounder", "co-founder", "ta", "peer", "peers", "senior", "junior", "boss",
    "landlord", "neighbour", "neighbor", "friend", "classmate", "classmates", "lecturer", "dean", "chair", "editor",
    "reviewer", "reviewers", "interviewer", "panel", "government", "ministry", "union", "school", "hospital", "bank",
})
_QUANTIFIER_SUBJECTS = frozenset({"one", "some", "many", "most", "all", "each", "both", "two", "three", "several", "none", "half"})
_HEDGE_VERBS = frozenset({"help", "assist", "support", "contribute", "participate", "try", "attempt", "aid", "pitch"})
_SUBJECTS = frozenset({"nsubj", "nsubjpass", "expl", "csubj"})
#: Inflected hedge verbs, for when the tagger misreads a bullet's first word ("Assisted physicians...").
_HEDGE_FORMS = frozenset({"helped", "assisted", "supported", "contributed", "participated", "tried", "attempted", "aided"})


def _main_verb(span: Span) -> Token | None:
    root = span.root
    if root.pos_ in {"VERB", "AUX"}:
        return root
    for t in span:
        if t.dep_ in {"ROOT", "conj", "advcl", "ccomp"} and t.pos_ in {"VERB", "AUX"}:
            return t
    for t in span:
        if t.pos_ in {"VERB", "AUX"}:
            return t
    return None


def _subject_of(verb: Token) -> Token | None:
    for ch in verb.children:
        if ch.dep_ in _SUBJECTS:
            return ch
    # conjoined verbs share their first conjunct's subject ("I profiled it and fixed the query")
    if verb.dep_ == "conj" and verb.head.pos_ in {"VERB", "AUX"}:
        return _subject_of(verb.head)
    return None


def _is_passive(verb: Token) -> bool:
    return any(ch.dep_ in {"auxpass", "nsubjpass"} for ch in verb.children)


def _who(subj: Token) -> str:
    low = subj.lower_
    words = {t.lower_ for t in subj.subtree}
    has_conj = any(t.dep_ == "conj" for t in subj.subtree)
    doc = subj.doc
    if low in FIRST_SING and subj.i >= 2 and doc[subj.i - 1].lower_ == "and" and doc[subj.i - 2].pos_ in {"NOUN", "PROPN", "PRON"}:
        return "we"  # "Jake and I", parsed with "I" as the subject
    if low in _QUANTIFIER_SUBJECTS or subj.lemma_.lower() in _QUANTIFIER_SUBJECTS:
        if "us" in words or "we" in words:
            return "we"  # "both of us", "the two of us"
        pobj = [g for ch in subj.children if ch.dep_ == "prep" and ch.lower_ == "of" for g in ch.children if g.dep_ == "pobj"]
        if pobj:
            return _who(pobj[0])  # "one of the engineers"
    # pseudo-clefts: "what I did was...", "the first thing I did was..."
    inner = [t for t in subj.subtree if t is not subj and t.dep_ == "nsubj" and t.lower_ in FIRST_SING | FIRST_PLUR]
    if inner and subj.head.lemma_ == "be" and any(t.lower_ in {"what", "thing", "step", "move", "way"} for t in subj.subtree):
        return "i" if inner[0].lower_ in FIRST_SING else "we"
    if low in FIRST_SING and not has_conj:
        return "i"
    if low in FIRST_PLUR or (has_conj and words & (FIRST_SING | FIRST_PLUR)):
        return "we"
    if subj.dep_ == "expl":
        return "none"
    poss = {t.lower_ for t in subj.children if t.dep_ == "poss"}
    lemma = subj.lemma_.lower()
    if "my" in poss and (lemma in _SELF_NOUNS or low in _SELF_NOUNS):
        return "i"
    if ("our" in poss or "my" in poss) and (lemma in _TEAM_NOUNS or low in _TEAM_NOUNS or (lemma in _SELF_NOUNS and "our" in poss)):
        return "we"  # "our team", "my team", "our efforts"
    if low in {"it", "this", "that", "which", "these", "those", "everything", "nothing", "something"}:
        return "none"
    if subj.pos_ == "PROPN" and subj.text.isupper() and len(subj.text) <= 6:
        return "none"  # an acronym: "NPS", "CSAT", "API"
    if subj.pos_ == "PROPN" or low in _PEOPLE or lemma in _PEOPLE or (subj.pos_ == "PRON" and low not in {"it"}):
        if subj.pos_ == "PROPN" and subj.ent_type_ and subj.ent_type_ not in {"PERSON", "ORG", "NORP", "GPE"}:
            return "none"
        return "other"
    return "none"


def _by_agent(verb: Token) -> str | None:
    for conj in [c for c in verb.children if c.dep_ == "conj"]:
        found = _by_agent(conj)
        if found is not None:
            return found
    for ch in verb.children:
        if ch.dep_ == "agent" or (ch.dep_ == "prep" and ch.lower_ == "by"):
            objs = [g for g in ch.children if g.dep_ == "pobj"]
            if objs:
                who = _who(objs[0])
                if objs[0].lower_ in FIRST_SING:
                    return "i"
                if objs[0].like_num or objs[0].pos_ in {"NUM"} or objs[0].lower_ in {"%", "percent"}:
                    return None  # "cut by 40%": an amount, not an agent
                if objs[0].tag_ == "VBG":
                    return None  # "by rewriting the loader": a method
                return who if who != "none" else ("other" if objs[0].pos_ in {"PROPN"} else None)
    return None


def _hedged(verb: Token, agent: str, bullet: bool) -> bool:
    if agent not in {"i", "we"} and not bullet:
        # "I was asked to assist": the speaker framed as helping inside a passive
        if agent == "other" and _is_passive(verb):
            subj = _subject_of(verb)
            if subj is not None and subj.lower_ in FIRST_SING | FIRST_PLUR:
                return any(x.lemma_.lower() in _HEDGE_VERBS for x in verb.children if x.dep_ in {"xcomp", "advcl"})
        return False
    lemma = verb.lemma_.lower()
    if lemma in _HEDGE_VERBS or verb.lower_ in _HEDGE_FORMS:
        return True
    if any(c.dep_ == "conj" and c.pos_ in {"VERB", "AUX"} and (c.lemma_.lower() in _HEDGE_VERBS or c.lower_ in _HEDGE_FORMS)
           and not any(g.dep_ in _SUBJECTS for g in c.children) for c in verb.children):
        return True  # "I didn't just give the answer but helped them build..."
    if any(ch.dep_ == "aux" and ch.lower_ in {"help", "helps", "helped", "helping", "try", "tried", "tries"} for ch in verb.children):
        return True  # "I helped test it" (parsed with "helped" as an auxiliary)
    if lemma == "be" or lemma == "get":
        if any(ch.lower_ == "involved" for ch in verb.children if ch.dep_ in {"acomp", "attr", "xcomp", "auxpass"}):
            return True
    if lemma == "involve" and any(ch.lower_ in {"was", "were", "got"} for ch in verb.children):
        return True
    if lemma in {"make", "give"} and any(ch.lemma_.lower() in {"effort", "attempt", "try", "shot"} for ch in verb.children if ch.dep_ == "dobj"):
        return True
    for ch in verb.children:
        if ch.dep_ in {"xcomp"} and ch.lemma_.lower() in {"help", "assist", "support", "contribute"} and lemma in {"want", "offer", "volunteer", "try", "start"}:
            return True
    subj = _subject_of(verb)
    if lemma == "be" and subj is not None and subj.lemma_.lower() in _SELF_NOUNS:
        # "My role was to help the analysts...": the speaker's part framed as helping
        return any(ch.dep_ in {"xcomp", "attr", "ccomp"} and ch.lemma_.lower() in {"help", "assist", "support", "contribute"} for ch in verb.children)
    return False


def sentence_agent(span: Span) -> tuple[str, bool, bool]:
    """``(agent, passive, hedged)`` for the main clause of a sentence or unit.

    Example:
        >>> from star_nlp.pipeline import load_pipeline
        >>> sentence_agent(next(load_pipeline()("Reduced churn by 12% in one quarter.").sents))
        ('i', False, False)
    """
    verb = _main_verb(span)
    if verb is None:
        first = next((t for t in span if not (t.is_punct or t.is_space)), None)
        if first is not None and (first.tag_ in {"VBD", "VBN"} or (first.pos_ == "ADJ" and first.lower_.endswith("ed") and first.text[0].isupper())):
            return "i", False, False  # a resume bullet the parser read as a noun phrase ("Reduced churn by 12%")
        return "none", False, False
    passive = _is_passive(verb)
    subj = _subject_of(verb)
    bullet = False
    if verb.lemma_.lower() == "involve" and passive and subj is not None and subj.lower_ in FIRST_SING | FIRST_PLUR:
        # "I was involved in...": an adjectival passive that describes (and softens) the speaker's own part
        return ("i" if subj.lower_ in FIRST_SING else "we"), False, True
    first_word = next((t for t in span if not (t.is_punct or t.is_space) and t.lower_ not in {"um", "uh", "so", "and", "then", "basically", "like"}), None)
    if first_word is not None and first_word.i < verb.i and (first_word.tag_ in {"VBD", "VBN"} or (
            first_word.pos_ in {"ADJ", "VERB", "PROPN"} and first_word.lower_.endswith("ed") and len(first_word) > 4 and first_word.text[0].isupper())) \
            and not any(t.dep_ in _SUBJECTS for t in span if t.i < verb.i and t.head.i == first_word.i) and first_word.dep_ != "nsubj" \
            and not (first_word.dep_ == "amod" and first_word.head.dep_ in {"nsubj", "nsubjpass"}) \
            and (first_word.tag_ in {"VBD", "VBN"} or not any(t.dep_ in _SUBJECTS and t.head.i == verb.i and t.i < verb.i and t.pos_ == "PRON" for t in span)):
        return "i", False, _hedged(first_word, "i", True)  # a resume bullet: "Automated the payroll run, saving..."
    if subj is None:
        # subject-less resume bullet or a participle clause continuing the speaker's sentence
        first = next((t for t in span if not (t.is_punct or t.is_space) and t.pos_ not in {"ADV", "INTJ", "CCONJ", "SCONJ"} and t.lower_ not in {"um", "uh", "so", "then", "and", "basically", "like"}), None)
        if not passive and (first is verb or (first is not None and first.tag_ in {"VBD", "VBN", "VBG", "VB"} and first.i <= verb.i)):
            agent, bullet = "i", True
        elif passive:
            by = _by_agent(verb)
            agent = by or "none"
        else:
            agent = "none"
    else:
        agent = _who(subj)
        if passive:
            by = _by_agent(verb)
            if by is not None:
                agent = by
            elif agent in {"i", "we"}:
                agent = "other"
            else:
                agent = "none"
    return agent, passive, _hedged(verb, agent, bullet)


def _counts(span: Span | Doc) -> tuple[int, int]:
    sing = sum(1 for t in span if t.lower_ in FIRST_SING and not (t.lower_ == "us" and t.text == "US"))
    plur = sum(1 for t in span if t.lower_ in FIRST_PLUR and t.text != "US")
    return sing, plur


def analyse_ownership(doc: Doc, units: Sequence[Span], unit_labels: Sequence[str], text: str | None = None) -> Ownership:
    """Ownership of a parsed answer: per-sentence agents, pronoun counts and Action shares.

    Args:
        doc: The parsed answer.
        units: Its clause-level units.
        unit_labels: The STAR label of each unit.
        text: The answer as given, when the parsed text differs in characters but not offsets.
    """
    text = doc.text if text is None else text
    unit_starts = [u.start_char for u in units]
    sentences: list[SentenceOwnership] = []
    for sent in doc.sents:
        stripped = sent.text.strip()
        if not stripped:
            continue
        start = sent.start_char + (len(sent.text) - len(sent.text.lstrip()))
        end = start + len(stripped)
        agent, passive, hedged = sentence_agent(sent)
        k = bisect.bisect_right(unit_starts, start) - 1
        if k >= 0 and start < units[k].end_char:
            part = unit_labels[k]
        elif k + 1 < len(units) and units[k + 1].start_char < end:
            part = unit_labels[k + 1]
        else:
            part = "other"
        sentences.append(SentenceOwnership(start, end, text[start:end], agent, passive, hedged, part))  # type: ignore[arg-type]
    unit_entries: list[SentenceOwnership] = []
    for u, lab in zip(units, unit_labels):
        agent, passive, hedged = sentence_agent(u)
        unit_entries.append(SentenceOwnership(u.start_char, u.end_char, text[u.start_char : u.end_char], agent, passive, hedged, lab))  # type: ignore[arg-type]
    action = [e for e in unit_entries if e.part == "action"]
    share = {a: round(sum(e.agent == a for e in action) / len(action), 3) if action else 0.0 for a in ("i", "we", "other", "none")}
    by_part: dict[str, dict[str, int]] = {}
    for lab in ("situation", "task", "action", "result", "other"):
        s = p = 0
        for u, ul in zip(units, unit_labels):
            if ul == lab:
                a, b = _counts(u)
                s, p = s + a, p + b
        by_part[lab] = {"singular": s, "plural": p}
    sing, plur = _counts(doc)
    return Ownership(sing, plur, tuple(sentences), share, by_part, tuple(unit_entries))
