"""The feedback engine: suggestions that quote the candidate's words, and a traceable score.

Every rule comes from the STAR guide (``../shared/DOMAIN.md``). Suggestion codes are stable and
documented in the README. The score is the weighted mean of five sub-scores, each a fixed
function of the signals listed in :data:`WEIGHTS` and :func:`score_answer`:

- ``structure`` (0.30): 100, minus 20 for a missing Situation, 15 Task, 35 Action, 35 Result,
  15 when unbalanced, 10 when out of order.
- ``impact`` (0.20): 10 without a Result; else 45, plus 35 for a quantified outcome, plus 10 when
  it has a direction and 10 when it names its metric; minus 20 for a vague result.
- ``ownership`` (0.20): 100 minus 60 × the share of Action units told as "we", minus 8 per hedge
  and 6 per passive Action unit (each capped at three); 40 without an Action.
- ``delivery`` (0.15): 100 inside 150-350 words, falling linearly to 30 at 40 or 700 words; minus 15
  for filler clusters, 15 for jargon, 15 when hard to follow.
- ``content`` (0.15): 100, minus 30 hypothetical, 25 generic, 10 no reflection, 10 no soft
  skills, 25 off the question.

The weighted mean is then multiplied by ``min(1, words / 80)``, 80 words being the ``too_short``
threshold: an answer that short cannot show what the sub-scores look for, however well it is
shaped (a 13-word answer with four STAR headers and a percentage would otherwise score about 90).
The sub-scores themselves are left as they are, so they still say what the answer has.

Example:
    >>> WEIGHTS["structure"]
    0.3
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from .metrics import filler_spans
from .results import Metrics, Ownership, Quantity, Segment, Suggestion

__all__ = ["CODES", "WEIGHTS", "Signals", "build_suggestions", "score_answer"]

WEIGHTS: dict[str, float] = {"structure": 0.30, "impact": 0.20, "ownership": 0.20, "delivery": 0.15, "content": 0.15}

#: Stable suggestion codes, grouped by family.
CODES: dict[str, tuple[str, ...]] = {
    "structure": ("missing_situation", "missing_task", "missing_action", "missing_result", "unbalanced", "out_of_order"),
    "impact": ("no_quantified_result", "vague_result"),
    "ownership": ("we_in_action", "hedging", "passive_voice"),
    "delivery": ("too_long", "too_short", "filler_words", "jargon_heavy", "hard_to_follow"),
    "content": ("hypothetical", "generic", "no_reflection", "no_soft_skills", "off_question"),
}
_SEVERITY_RANK = {"error": 0, "warning": 1, "info": 2}
TARGET_WORDS = (200, 300)
TOO_SHORT_WORDS = 80
TOO_LONG_WORDS = 450

_VAGUE = re.compile(
    r"\b(went (really |very |pretty |quite )?well|was (a )?(great |big |huge |real )?success(ful)?|everyone was (happy|pleased|satisfied)|"
    r"it worked( out)?|things (got|were) better|positive feedback|turned out (well|fine|great)|was (really )?(happy|pleased) with|"
    r"(good|great|positive) (results?|outcome|response)|improved (things|a lot)|made a (big |real )?difference|was appreciated)\b",
    re.IGNORECASE,
)
_REFLECTION = re.compile(
    r"\b(learn(ed|t)?|taught me|lesson|in hindsight|looking back|next time|since then|now i|i now|realis|realiz|"
    r"would (do|have done) .{0,20}differently|i'd do|going forward|from then on|takeaway|it showed me|reminded me)\b",
    re.IGNORECASE,
)
_SOFT = re.compile(
    r"\b(talk(ed)?|met|meet(ing)?|discuss(ed|ion)?|explain(ed)?|persuad(ed|e)|convinc(ed|e)|align(ed)?|listen(ed)?|ask(ed)?|"
    r"present(ed)?|collaborat\w*|together|feedback|mentor\w*|coach\w*|negotiat\w*|stakeholders?|team(mates?)?|colleagues?|"
    r"manager|customer|client|patient|parents?|students?|communicat\w*|call(ed)?|email(ed)?|workshop|pair(ed)?|shar(ed|e)|"
    r"agree(d|ment)?|consensus|empath\w*|support(ed)?|help(ed)?|trust|relationship|sat down|walked .{0,10} through|reached out|"
    r"brought .{0,15} in|invited|apologi[sz]ed|reassur\w*|update(d|s)?)\b",
    re.IGNORECASE,
)
_SPECIFIC_TIME = re.compile(
    r"\b(last (year|month|quarter|spring|summer|fall|winter|week)|in (19|20)\d\d|(19|20)\d\d|q[1-4]|"
    r"(january|february|march|april|may|june|july|august|september|october|november|december)|"
    r"at my (previous|last|current|first)|when i was (at|working)|during my|my (previous|last|first) (job|role|company|internship))\b",
    re.IGNORECASE,
)
_HYPOTHETICAL = re.compile(r"\b(i|we)('d| would| will| could| should| might)\b", re.IGNORECASE)
_METRIC_HINTS: tuple[tuple[str, str], ...] = (
    (r"latenc|slow|performance|speed|load time|response", "how much faster it became (for example p95 latency before and after)"),
    (r"cost|budget|spend|expens|sav", "how much money or time it saved"),
    (r"customer|client|user|patient|parent|student|guest", "a satisfaction, retention or complaint figure"),
    (r"sales|revenue|deal|target|quota|conversion", "the revenue, conversion or deals won"),
    (r"bug|error|incident|outage|defect|fail", "how many fewer errors or incidents there were"),
    (r"model|accuracy|precision|recall|predict", "the accuracy, precision or business metric that moved"),
    (r"team|process|workflow|manual|deadline", "the time saved or how much sooner it was delivered"),
)


def _quote(text: str, start: int, end: int, limit: int = 90) -> str:
    s = " ".join(text[start:end].split())
    if len(s) > limit:
        s = s[: limit - 1].rstrip() + "\u2026"
    return "\u201c" + s + "\u201d"


@dataclass(frozen=True)
class Signals:
    """Everything the engine reads, computed once per answer."""

    text: str
    segments: tuple[Segment, ...]
    missing: tuple[str, ...]
    quantities: tuple[Quantity, ...]
    ownership: Ownership
    metrics: Metrics
    filler_spans: tuple[tuple[int, int], ...]
    question: str | None
    question_competencies: tuple[str, ...]
    answer_competencies: dict[str, float]
    #: (start, end) of the ending the segmenter first took for the Result before judging the answer
    #: to have none (its last run of withdrawn units), if any
    withdrawn_result: tuple[int, int] | None = None


def _label_words(segments: Sequence[Segment], label: str) -> int:
    return sum(len(s.text.split()) for s in segments if s.label == label)


def _filler_clusters(text: str, spans: Sequence[tuple[int, int]], window_words: int = 12, min_count: int = 3) -> list[tuple[int, int]]:
    """Stretches where ``min_count`` fillers fall within ``window_words`` words."""
    if len(spans) < min_count:
        return []
    word_starts = [m.start() for m in re.finditer(r"\S+", text)]

    def word_index(pos: int) -> int:
        lo, hi = 0, len(word_starts)
        while lo < hi:
            mid = (lo + hi) // 2
            if word_starts[mid] <= pos:
                lo = mid + 1
            else:
                hi = mid
        return lo - 1

    idx = [word_index(s) for s, _ in spans]
    clusters: list[tuple[int, int]] = []
    i = 0
    while i + min_count - 1 < len(spans):
        j = i + min_count - 1
        if idx[j] - idx[i] <= window_words:
            while j + 1 < len(spans) and idx[j + 1] - idx[i] <= window_words * 2:
                j += 1
            clusters.append((spans[i][0], spans[j][1]))
            i = j + 1
        else:
            i += 1
    return clusters


def _step_effect(sig: Signals) -> tuple[int, int] | None:
    """The Action unit holding the last measured change, as (start, end) without its closing
    punctuation, if any."""
    for q in reversed(sig.quantities):
        if q.direction == "none":
            continue
        unit = next((u for u in sig.ownership.units if u.part == "action" and u.start <= q.start < u.end), None)
        if unit is not None:
            return unit.start, unit.start + len(unit.text.rstrip(" .,;:!?"))
    return None


def build_suggestions(sig: Signals) -> list[Suggestion]:
    """All suggestions for one answer, most important first."""
    text = sig.text
    n = len(text)
    out: list[Suggestion] = []
    add = out.append
    words = sig.metrics.words
    segs = sig.segments
    star_words = {lab: _label_words(segs, lab) for lab in ("situation", "task", "action", "result")}
    total_star = sum(star_words.values()) or 1

    # --- structure
    advice = {
        "situation": "Open with one or two sentences of context: where you were, when, and what was at stake.",
        "task": "Say what you personally had to achieve or were responsible for (\u201cMy goal was to...\u201d).",
        "action": "Describe the concrete steps you took yourself, in order, and why you chose them.",
        "result": "Finish with the outcome: what changed, ideally in numbers, and what you learned.",
    }
    for lab in sig.missing:
        sev = "error" if lab in {"action", "result"} else "warning"
        end_seg = segs[-1] if segs else None
        start, end = (end_seg.start, end_seg.end) if (lab == "result" and end_seg) else (0, n)
        effect = _step_effect(sig) if lab == "result" else None
        ending = sig.withdrawn_result if lab == "result" else None
        if effect is not None:  # a measured change told with a step is not the outcome of the effort
            add(Suggestion("missing_result", sev, f"No Result found. {_quote(text, *effect, limit=80)} is the effect of one step; finish "
                           "with what came of the whole effort: what changed, ideally in numbers, and what you learned.", *effect))
        elif ending is not None:  # the ending was weighed as a Result and read as one more step
            add(Suggestion("missing_result", sev, f"No Result found: {_quote(text, *ending, limit=80)} reads as one more step rather "
                           "than what came of the effort. Finish with what changed, for whom, ideally in numbers, and what you learned; "
                           "if that sentence is the outcome, make it say so.", *ending))
        else:
            add(Suggestion(f"missing_{lab}", sev, f"No {lab.capitalize()} found. {advice[lab]}", start, end))  # type: ignore[arg-type]
    if words >= 60 and "action" not in sig.missing:
        a, s = star_words["action"], star_words["situation"]
        if a / total_star < 1 / 3 or s > a:
            biggest = max((x for x in segs if x.label in ("situation", "task")), key=lambda x: len(x.text), default=None)
            span = (biggest.start, biggest.end) if biggest else (0, n)
            add(Suggestion("unbalanced", "warning",
                           f"The Action is {a / total_star:.0%} of the story and the Situation {s / total_star:.0%}; shorten the set-up "
                           f"(such as {_quote(text, *span, limit=60)}) and spend about half the answer on what you did.",
                           span[0], span[1]))
    order = {"situation": 0, "task": 1, "action": 2, "result": 3}
    big = [x for x in segs if x.label in order and len(x.text.split()) >= 6]
    for prev, cur in zip(big, big[1:]):
        if order[cur.label] < order[prev.label] - 1 or (cur.label in {"situation", "task"} and prev.label == "result"):
            add(Suggestion("out_of_order", "info",
                           f"{cur.label.capitalize()} comes after {prev.label.capitalize()} here ({_quote(text, cur.start, cur.end, 60)}); "
                           "telling Situation, Task, Action, Result in order is easier to follow.", cur.start, cur.end))
            break

    # --- impact
    results = [x for x in segs if x.label == "result"]
    outcome_q = [q for q in sig.quantities if q.is_result]
    if results and not outcome_q:
        r = results[-1]
        hint = next((h for pat, h in _METRIC_HINTS if re.search(pat, text, re.IGNORECASE)), "a number that shows the change (time, money, errors, satisfaction)")
        add(Suggestion("no_quantified_result", "warning",
                       f"The result {_quote(text, r.start, r.end, 70)} has no measured outcome; state {hint}, with its direction.",
                       r.start, r.end))
    for r in results:
        m = _VAGUE.search(r.text)
        if m and not any(r.start <= q.start < r.end for q in sig.quantities):
            add(Suggestion("vague_result", "warning",
                           f"{_quote(text, r.start + m.start(), r.start + m.end())} is vague: say what changed and by how much, "
                           "and who noticed.", r.start + m.start(), r.start + m.end()))
            break

    # --- ownership
    action_units = [u for u in sig.ownership.units if u.part == "action"]
    we_units = [u for u in action_units if u.agent == "we"]
    i_units = [u for u in action_units if u.agent == "i"]
    if action_units and len(we_units) >= 2 and len(we_units) >= len(i_units):
        u = we_units[0]
        add(Suggestion("we_in_action", "warning",
                       f"{len(we_units)} of {len(action_units)} action steps are told as \u201cwe\u201d (for example {_quote(text, u.start, u.end, 60)}); "
                       "say what you did yourself: \u201cI designed...\u201d, \u201cI convinced...\u201d.", u.start, u.end))
    hedges = [u for u in sig.ownership.units if u.hedged and u.part in {"action", "task", "result"}]
    if hedges:
        u = hedges[0]
        add(Suggestion("hedging", "info",
                       f"{_quote(text, u.start, u.end, 70)} undersells your part; name the piece you owned "
                       "(\u201cI built the test harness\u201d rather than \u201cI helped with testing\u201d).", u.start, u.end))
    passives = [u for u in action_units if u.passive and u.agent in {"none", "other"}]
    if passives and (len(passives) >= 2 or len(passives) / max(1, len(action_units)) > 0.3):
        u = passives[0]
        add(Suggestion("passive_voice", "info",
                       f"{_quote(text, u.start, u.end, 70)} is passive, which hides who acted; say \u201cI ...\u201d.", u.start, u.end))

    # --- delivery
    secs = sig.metrics.speaking_seconds
    if words > TOO_LONG_WORDS:
        add(Suggestion("too_long", "warning",
                       f"About {secs / 60:.1f} minutes spoken ({words} words); aim for 1.5-2 minutes ({TARGET_WORDS[0]}-{TARGET_WORDS[1]} words): "
                       "cut background and keep the steps that changed the outcome.", 0, n))
    elif words < TOO_SHORT_WORDS:
        add(Suggestion("too_short", "warning",
                       f"About {secs:.0f} seconds spoken ({words} words); a full answer takes 1.5-2 minutes ({TARGET_WORDS[0]}-{TARGET_WORDS[1]} words). "
                       f"Add the context, your steps and the outcome (under {TOO_SHORT_WORDS} words the score counts {words}/{TOO_SHORT_WORDS} of its sub-scores).", 0, n))
    clusters = _filler_clusters(text, sig.filler_spans)
    if clusters:
        s, e = clusters[0]
        add(Suggestion("filler_words", "info",
                       f"Fillers cluster in {_quote(text, s, e, 70)} ({len(sig.filler_spans)} in all); pause instead of filling.", s, e))
    if sig.metrics.jargon_ratio > 0.06 and words >= 40:
        add(Suggestion("jargon_heavy", "info",
                       f"{sig.metrics.jargon_ratio:.0%} of the words are acronyms or technical terms; explain the story so that a "
                       "non-specialist interviewer can follow it.", 0, n))
    if not sig.metrics.is_transcript and sig.metrics.sentences > 1 and (sig.metrics.grade_level > 16 or sig.metrics.avg_sentence_words > 35):
        longest = max((x for x in segs), key=lambda x: len(x.text), default=None)
        s, e = (longest.start, longest.end) if longest else (0, n)
        add(Suggestion("hard_to_follow", "info",
                       f"Long, dense sentences (grade level {sig.metrics.grade_level:.0f}, {sig.metrics.avg_sentence_words:.0f} words a sentence); "
                       "split them so each says one thing.", s, e))

    # --- content
    hyp = [m for m in _HYPOTHETICAL.finditer(text)]
    # "next time I would..." in a Result is reflection, not a hypothetical answer
    action_hyp = [m for m in hyp if not any(x.label == "result" and x.start <= m.start() < x.end for x in segs)]
    if len(action_hyp) >= 2 and sig.metrics.past_tense_ratio < 0.6:
        m = action_hyp[0]
        add(Suggestion("hypothetical", "warning",
                       f"{_quote(text, m.start(), min(n, m.end() + 40))} describes what you would do; interviewers want one real "
                       "episode and what you did.", m.start(), m.end()))
    specific = bool(sig.quantities) or bool(_SPECIFIC_TIME.search(text)) or bool(re.search(r"(?<![.!?]\s)(?<!^)\b[A-Z][a-z]+[A-Z]?\w*\b", text[1:]))
    if not specific and words >= 20:
        add(Suggestion("generic", "warning",
                       "No specific episode: no time, place, system, person or number. Pick one real situation and name it.", 0, n))
    if results and not any(_REFLECTION.search(r.text) for r in results) and words >= 120:
        r = results[-1]
        add(Suggestion("no_reflection", "info",
                       "Close with what you learned or would do differently; it shows you grow from experience.", r.start, r.end))
    if not _SOFT.search(text) and words >= 60:
        add(Suggestion("no_soft_skills", "info",
                       "The answer shows only technical steps; add how you worked with people: who you talked to, convinced or helped.", 0, n))
    if sig.question and sig.question_competencies:
        ranked = sorted(sig.answer_competencies, key=lambda c: -sig.answer_competencies[c])
        best = max(sig.answer_competencies.get(c, 0.0) for c in sig.question_competencies)
        if best < 0.5 and not set(ranked[:2]) & set(sig.question_competencies):
            add(Suggestion("off_question", "warning",
                           f"The question asks about {', '.join(c.replace('_', ' ') for c in sig.question_competencies)}, "
                           "but the answer does not show it; pick a story that does, or bring that part forward.", 0, n))
    out.sort(key=lambda s: _SEVERITY_RANK[s.severity])
    return out


def score_answer(sig: Signals, suggestions: Sequence[Suggestion]) -> tuple[float, dict[str, float]]:
    """Overall score and sub-scores (0-100), computed from the signals and suggestions.

    The score is the :data:`WEIGHTS`-weighted mean of the sub-scores, times ``min(1, words / 80)``
    (see the module docstring).
    """
    codes = {s.code for s in suggestions}
    structure = 100.0
    for lab, pen in (("situation", 20), ("task", 15), ("action", 35), ("result", 35)):
        if lab in sig.missing:
            structure -= pen
    structure -= 15 * ("unbalanced" in codes) + 10 * ("out_of_order" in codes)

    if "result" in sig.missing:
        impact = 10.0
    else:
        outcome = [q for q in sig.quantities if q.is_result]
        impact = 45.0 + 35 * bool(outcome) + 10 * any(q.direction != "none" for q in outcome) + 10 * any(q.metric for q in outcome)
        impact -= 20 * ("vague_result" in codes)

    action_units = [u for u in sig.ownership.units if u.part == "action"]
    if not action_units:
        ownership = 40.0
    else:
        we_share = sum(u.agent == "we" for u in action_units) / len(action_units)
        hedges = min(3, sum(u.hedged for u in sig.ownership.units))
        passives = min(3, sum(u.passive and u.agent in {"none", "other"} for u in action_units))
        ownership = 100 - 60 * we_share - 8 * hedges - 6 * passives

    w = sig.metrics.words
    if 150 <= w <= 350:
        delivery = 100.0
    elif w < 150:
        delivery = 30 + 70 * max(0.0, (w - 40) / 110)
    else:
        delivery = 30 + 70 * max(0.0, (700 - w) / 350)
    delivery -= 15 * ("filler_words" in codes) + 15 * ("jargon_heavy" in codes) + 15 * ("hard_to_follow" in codes)

    content = 100.0 - 30 * ("hypothetical" in codes) - 25 * ("generic" in codes) - 10 * ("no_reflection" in codes) \
        - 10 * ("no_soft_skills" in codes) - 25 * ("off_question" in codes)

    subs = {k: round(max(0.0, min(100.0, v)), 1) for k, v in
            {"structure": structure, "impact": impact, "ownership": ownership, "delivery": delivery, "content": content}.items()}
    thin = min(1.0, w / TOO_SHORT_WORDS)  # a very short answer cannot show much, however well shaped
    total = round(sum(WEIGHTS[k] * v for k, v in subs.items()) * thin, 1)
    return total, subs
