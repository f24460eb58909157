"""Quantified results: every amount in an answer, its value, unit, kind, direction and metric.

Candidates are found on the raw text (so offsets are exact): numerals with units, currency,
percentages and percentage points, durations, sizes, multipliers ("10x", "doubled", "cut in
half"), ratings, rates ("per week", "/day") and written-out numbers ("two and a half million",
"a dozen", "an hour"). Dates, times, versions, ordinals, percentile names, numbers inside names
("GPT-4", "SOC 2") and idioms ("double-check") are left out. The dependency parse then gives the
counted noun, the governing verb or noun (direction), the measured noun phrase (metric) and the
clues that tell an outcome from a context number or a target.

Example:
    >>> from star_nlp.pipeline import load_pipeline
    >>> doc = load_pipeline()("I cut p95 latency from 2 s to 300 ms and saved $150,000 a year.")
    >>> [(q.text, q.value, q.kind, q.direction) for q in extract_quantities(doc)]
    [('2 s', 2.0, 'duration', 'decrease'), ('300 ms', 300.0, 'duration', 'decrease'), ('$150,000', 150000.0, 'currency', 'decrease')]
"""

from __future__ import annotations

import dataclasses
import re
from bisect import bisect_left
from collections.abc import Sequence
from dataclasses import dataclass

from spacy.tokens import Doc, Token

from .numbers import NUMBER_WORDS, parse_number_words, parse_numeral
from .results import Quantity

__all__ = ["MeasuredAmounts", "extract_quantities", "measure_amounts"]

_NUM = r"(?:\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?)"
_SCALE = r"(?:k|K|M|MM|mm|mn|bn|BN|B|million|billion|thousand|trillion)"
_CUR_SYM = {"$": "USD", "€": "EUR", "£": "GBP", "¥": "JPY", "₹": "INR"}
_CUR_WORD = {"dollars": "USD", "dollar": "USD", "usd": "USD", "euros": "EUR", "euro": "EUR", "eur": "EUR",
             "pounds": "GBP", "gbp": "GBP", "cad": "CAD", "aud": "AUD", "inr": "INR", "rupees": "INR"}
_TIME_UNITS = {
    "ms": "millisecond", "msec": "millisecond", "millisecond": "millisecond", "milliseconds": "millisecond",
    "s": "second", "sec": "second", "secs": "second", "second": "second", "seconds": "second",
    "min": "minute", "mins": "minute", "minute": "minute", "minutes": "minute",
    "h": "hour", "hr": "hour", "hrs": "hour", "hour": "hour", "hours": "hour",
    "day": "day", "days": "day", "week": "week", "weeks": "week", "wk": "week", "wks": "week",
    "month": "month", "months": "month", "mo": "month", "mos": "month", "year": "year", "years": "year",
    "yr": "year", "yrs": "year", "quarter": "quarter", "quarters": "quarter", "night": "night", "nights": "night",
}
_SIZE_UNITS = {"kb": "KB", "mb": "MB", "gb": "GB", "tb": "TB", "pb": "PB"}
_PERIODS = {"second", "minute", "hour", "day", "week", "month", "year", "quarter", "shift", "sprint", "night", "session", "call", "agent", "user", "customer", "patient", "store", "person", "visit", "release"}
_PERIOD_ADVERBS = {"daily": "day", "weekly": "week", "monthly": "month", "annually": "year", "yearly": "year", "quarterly": "quarter", "nightly": "night", "hourly": "hour"}
_MONTHS = {"january", "february", "march", "april", "may", "june", "july", "august", "september", "october",
           "november", "december", "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec"}

_CANDIDATE_RE = re.compile(
    rf"""
    (?P<cur>(?:[$€£¥₹]|\b(?:USD|EUR|GBP|CAD|AUD|INR)\s?){_NUM}(?:\s?{_SCALE}\b)?\+?)
  | (?P<num>(?<![\w./])(?<![^\W\d]-)(?:{_NUM}|(?<=\s)\.\d+)(?:\s?{_SCALE}\b)?\+?)
  | (?P<numh>(?<=[^\W\d]-)(?<![A-Z]{{2}}-)(?<![A-Z][a-z]-){_NUM}(?=-?\w))
    """,
    re.VERBOSE,
)
_WORDNUM_RE = re.compile(
    r"\b(?:(?:a|an|and|half|dozen|" + "|".join(sorted(NUMBER_WORDS, key=len, reverse=True)) + r")(?:[\s-]+|\b))+",
    re.IGNORECASE,
)
_MULT_WORD_RE = re.compile(
    r"\b(?P<m>doubl(?:ed|ing|es)|tripl(?:ed|ing|es)|quadrupl(?:ed|ing|es)|halv(?:ed|ing|es)|cut (?:\w+ )?in half|twice|thrice|"
    r"by (?:roughly |about |nearly |almost |over |more than )?(?:a|one)[ -](?:third|quarter|half)|by (?:roughly |about |nearly |almost |over |more than )?half|(?:a|one)[ -](?:third|quarter)|half)\b",
    re.IGNORECASE,
)
_A_TIME_RE = re.compile(r"\b(?P<a>(?:half )?an? (?:hour|day|week|month|year|quarter|minute|half[ -]day))\b", re.IGNORECASE)

_DECREASE = {"reduce", "cut", "decrease", "lower", "drop", "fall", "decline", "shrink", "shorten", "slash", "trim", "save",
             "eliminate", "minimize", "minimise", "halve", "compress", "dip", "plummet", "sink", "lessen", "curb", "bring",
             "reduction", "decrease", "drop", "decline", "saving", "savings", "cut", "fall", "dip", "down", "avoid", "prevent"}
_INCREASE = {"increase", "raise", "grow", "boost", "rise", "double", "triple", "quadruple", "expand", "gain", "generate",
             "win", "add", "lift", "climb", "jump", "surge", "earn", "secure", "close", "attract", "acquire", "drive",
             "beat", "exceed", "outperform", "surpass", "outsell",
             "increase", "growth", "gain", "rise", "boost", "uplift", "up", "revenue", "grew", "sell", "bring"}
_IMPROVE = {"improve", "optimize", "optimise", "speed", "accelerate", "enhance", "improvement", "better", "faster", "quicker", "speedup"}
_LOWER_BETTER = re.compile(
    r"time|latency|duration|cost|spend|expense|error|bug|defect|churn|downtime|incident|outage|complaint|turnover|"
    r"attrition|wait|delay|backlog|risk|waste|escalation|return|no-show|readmission|absence|overtime|size|memory|"
    r"mttr|false|p9\d|lag|load|runtime|footprint|fall|infection|shrink|loss|debt|budget|price|fee|rework|cycle|ticket|"
    r"abandon|bounce|drop-?off|violation|variance|days|hours|minutes|interruption|crash|failure|calls",
    re.IGNORECASE,
)
_COMPARATIVE_DEC = {"fewer", "less", "lower", "smaller", "cheaper", "shorter", "slower"}
_COMPARATIVE_INC = {"more", "higher", "greater", "larger", "bigger", "longer"}
_TARGET = {"aim", "target", "goal", "expect", "project", "forecast", "estimate", "plan", "hope", "want", "need", "require",
           "would", "could", "should", "might", "may", "budget", "quota", "deadline", "objective", "predict", "potential"}
_SCOPE_HEADS = {"team", "group", "staff", "class", "cohort", "budget", "portfolio", "caseload", "squad", "department"}
_SCOPE_VERBS = {"manage", "lead", "train", "handle", "supervise", "oversee", "mentor", "teach", "serve", "support",
                "hire", "interview", "review", "coordinate", "process", "onboard", "run", "own", "cover", "span", "take", "spend"}
_LEVEL_VERBS = {"reach", "achieve", "hit", "maintain", "attain", "score", "keep", "sustain", "deliver", "finish",
                "complete", "resolve", "contain", "recover", "restore", "land", "ship", "close"}
#: Verbs that report an outcome when they govern an amount ("caught 212 bad loads", "cost us $600k").
_OUTCOME_VERBS = {"catch", "flag", "recover", "save", "put", "fix", "clear", "sign", "book", "win", "close", "add", "beat",
                  "achieve", "reach", "hit", "promote", "account", "cost", "lose", "miss", "end", "keep", "make", "average",
                  "cover", "prevent", "avoid", "collect", "raise", "generate", "earn", "secure", "land", "resolve", "eliminate",
                  "remove", "deliver", "complete", "finish", "ship", "process", "return", "bring", "get", "rate", "score",
                  "sunset", "retire", "consolidate", "automate", "recoup", "attract", "convert", "onboard", "gain",
                  "receive", "obtain", "result", "yield", "produce"}
_COMPLETION_VERBS = {"do", "finish", "complete", "clear", "build", "deliver", "ship", "resolve", "fix", "migrate", "run",
                     "take", "launch", "close", "restore", "recover", "contain", "answer", "respond", "turn", "load", "render"}
_DATE_PREPS = {"in", "since", "by", "of", "from", "until", "till", "during", "early", "late", "mid", "fiscal", "fy", "spring", "summer", "fall", "autumn", "winter", "before", "after", "through"}


@dataclass
class _Cand:
    start: int
    end: int
    value: float
    unit: str | None
    kind: str
    numeral_end: int  # end of the numeral itself (before a unit word)


# What follows an amount is matched in place (``pattern.match(text, pos)``): slicing or lowering the
# rest of the text for every amount made long texts quadratic.
_NEXT_WORD_RE = re.compile(r"[\s-]*([A-Za-z%/]+(?:-[a-z]+)?)")
_OUT_OF_RE = re.compile(r"\s?(/|out of)\s?(\d+(?:\.\d+)?)")
_POINTS_RE = re.compile(r"percentage points?|pp|pts|ppt", re.IGNORECASE)
_COMPARATIVE_RE = re.compile(r"\s+(more|less|higher|lower|faster|slower|larger|smaller|as|the|bigger|cheaper|likelier|more likely)\b")
_HYPHEN_UNIT_RE = re.compile(r"-?(minute|hour|day|week|month|year|person|people|member|step|page|point)", re.IGNORECASE)
_IDIOM_AFTER_RE = re.compile(r"-on-one|-off\b|[\s-]+of (a kind|them all)", re.IGNORECASE)  # "one-on-one", "one of a kind"
_WORD_AFTER_ONE_RE = re.compile(r"[\s-]+([a-z]+)")
_ZERO_TRUST_RE = re.compile(r"[\s-]+trust")
_ZERO_OUTCOME_RE = re.compile(r"\s+(downtime|data loss|defects|errors|incidents|injuries|complaints|outages|rollbacks|escalations)")
_ZERO_UNIT_RE = re.compile(r"\s+(downtime|data loss)")


class _Taken:
    """The character spans already taken by candidates, sorted by start, so that an overlap test
    looks only at spans that start within the longest span's length before the new one."""

    def __init__(self, cands: Sequence[_Cand]) -> None:
        self.spans = sorted((c.start, c.end) for c in cands)
        self.starts = [s for s, _ in self.spans]
        self.longest = max((e - s for s, e in self.spans), default=0)

    def overlaps(self, a: _Cand) -> bool:
        lo = bisect_left(self.starts, a.start - self.longest)
        hi = bisect_left(self.starts, a.end)
        return any(a.start < e and s < a.end for s, e in self.spans[lo:hi])

    def add(self, c: _Cand) -> None:
        i = bisect_left(self.spans, (c.start, c.end))
        self.spans.insert(i, (c.start, c.end))
        self.starts.insert(i, c.start)
        self.longest = max(self.longest, c.end - c.start)


def _next_word(text: str, pos: int) -> tuple[str, int, int]:
    m = _NEXT_WORD_RE.match(text, pos)
    if not m:
        return "", pos, pos
    return m.group(1), m.start(1), m.end(1)


_WINDOW = 80  # characters looked at before an amount: keeps extraction linear in the text length
_PREV_WORD_RE = re.compile(r"([A-Za-z][\w.]{0,63})[\s-]*$")


def _prev_word(text: str, pos: int) -> str:
    m = _PREV_WORD_RE.search(text[max(0, pos - _WINDOW) : pos])
    return m.group(1) if m else ""


def _unit_after(text: str, cand: _Cand) -> None:
    """Attach a unit word following a bare number: %, percent, time, size, x, currency word."""
    word, ws, we = _next_word(text, cand.end)
    low = word.lower()
    gap = text[cand.end : ws]
    if "\n" in gap or len(gap) > 2:
        return
    if word.startswith("%") or low in {"percent", "pct"}:
        cand.kind, cand.unit, cand.end = "percent", "percent", ws + (1 if word.startswith("%") else len(word))
        return
    if low == "per" and text[we : we + 5].lower() == " cent":
        cand.kind, cand.unit, cand.end = "percent", "percent", we + 5
        return
    if low in {"percentage", "pp", "pts", "ppt"}:
        m = _POINTS_RE.match(text, ws)
        if m:
            cand.kind, cand.unit, cand.end = "percent", "percentage points", m.end()
        return
    if low in {"x", "×"} or (low.startswith("x") and len(low) == 1) or low == "fold":
        cand.kind, cand.unit, cand.end = "multiplier", "times", we
        return
    base = low.split("-")[0]
    if base in _TIME_UNITS and not (base == "s" and gap == "") and not (base in {"h", "s"} and text[we : we + 1].isalpha()):
        if base == "may":
            return
        cand.kind, cand.unit, cand.end = "duration", _TIME_UNITS[base], ws + len(base)
        return
    if base in _SIZE_UNITS:
        cand.kind, cand.unit, cand.end = "size", _SIZE_UNITS[base], ws + len(base)
        return
    if base in {"cents", "cent", "pence", "p"} and base != "p":
        cand.kind, cand.unit, cand.end = "currency", "cents", ws + len(base)
        return
    if base in _CUR_WORD:
        cand.kind, cand.unit, cand.end = "currency", _CUR_WORD[base], ws + len(base)
        return
    if low in {"points", "point", "stars", "star", "miles", "mile", "km", "acres", "sq", "mw", "kwh", "nps", "gpa"}:
        cand.kind, cand.unit = "other", low
        return
    if low == "times" and _COMPARATIVE_RE.match(text, we):
        cand.kind, cand.unit, cand.end = "multiplier", "times", we
        return
    m = _OUT_OF_RE.match(text, cand.end)
    if m and cand.kind == "count":
        cand.kind, cand.unit, cand.end = "other", f"out of {m.group(2)}", m.end()


def _is_excluded_number(text: str, start: int, end: int, value: float) -> bool:
    before = text[max(0, start - 12) : start]
    after = text[end : end + 12]
    prev = _prev_word(text, start)
    if re.match(r"\s*\(\w\)", after) or re.search(r"\b(out of|/)\s*$", before) or re.match(r"-on-one|-off\b", after):
        return True  # 401(k); the denominator of "4.6 out of 5"; "one-on-one"
    if re.match(r"/\d+\s+(rule|split|ratio)", after):
        return True  # "the 80/20 rule"
    if re.search(r"\b(tier|level|phase|stage|grade|step|gen|generation|series|version|release|sprint|season|chapter|room|ward|bed|floor|unit|route|highway)\s*$", before, re.IGNORECASE) and not re.match(r"\s*(%|percent)", after):
        return True
    if re.match(r"(st|nd|rd|th)\b", after) or re.match(r"\s?(am|pm|a\.m\.|p\.m\.|o'clock)\b", after, re.IGNORECASE):
        return True
    if re.match(r":\d", after) or re.search(r"\d[:/]$", before) or re.match(r"/\d{1,2}/", after):
        return True
    if re.search(r"\b(v|version|Q|H|FY|P|p|Series|Level|Tier|Gen|Phase|Sprint|Room|Bed|Ward|Grade|Year|Route|Highway|Unit|Floor|Chapter|Section|Article)\s?$", before):
        return True
    if re.search(r"[A-Za-z]$", before) or re.match(r"\.\d", after):
        return True  # attached to letters (p95, x86) or version-like 3.12.1
    window_start = max(0, start - _WINDOW)
    head = text[window_start:start].rstrip()
    prev_at = head.rfind(prev) if prev else -1
    prev_initial = (prev_at <= 0 and window_start == 0) or bool(re.search(r"[.!?:\n]\s*$", head[:prev_at])) if prev_at >= 0 else True
    if prev and any(ch.isupper() for ch in prev) and not prev_initial and prev.lower() not in {"i", "we", "our", "my", "the", "a", "about", "over", "by", "to", "from", "under", "nearly", "almost", "around", "roughly", "approximately", "only", "just", "within", "in", "for"} \
            and prev.isalpha() and not re.match(r"\s*(%|percent)", after):
        return True  # a name: "SOC 2", "Windows 11", "Python 3"
    if prev.lower() in _MONTHS or re.match(r"\s?(" + "|".join(_MONTHS) + r")\b", after, re.IGNORECASE):
        return True
    if re.fullmatch(r"(19|20)\d\d", text[start:end]):
        nxt = re.match(r"\s?([a-z]+)", after)
        if not nxt or nxt.group(1) in {"and", "to", "i", "we", "when", "the", "after", "before", "while", "where", "with", "for", "in", "at", "on"} or prev.lower() in _DATE_PREPS:
            return True
    return False


_SMALL_NUMBER = r"(?:\d+(?:\.\d+)?|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|fifteen|twenty|fifty|(?:a\s+)?hundred|(?:a\s+)?thousand)"
_PROPORTION_RE = re.compile(rf"\b({_SMALL_NUMBER})\s+(in|out\s+of)\s+({_SMALL_NUMBER})\b", re.IGNORECASE)


def _number_value(raw: str) -> float | None:
    return parse_numeral(raw) if raw[0].isdigit() else parse_number_words(raw)


def _proportions(text: str) -> list[_Cand]:
    """'one in five', '3 out of 4': one amount (the numerator, unit 'in five'), like '4.5 out of 5'."""
    out = []
    for m in _PROPORTION_RE.finditer(text):
        num, den = _number_value(m.group(1)), _number_value(m.group(3))
        if num is None or den is None or not 0 < num <= den <= 1000 or re.match(r"[\s-]*(%|percent|per\s*cent)", text[m.end() :]):
            continue
        word = "in" if m.group(2).lower() == "in" else "out of"
        out.append(_Cand(m.start(), m.end(), num, f"{word} {m.group(3).lower()}", "other", m.end()))
    return out


def _find_candidates(text: str) -> list[_Cand]:
    proportions = _proportions(text)
    cands: list[_Cand] = list(proportions)
    for m in _CANDIDATE_RE.finditer(text):
        s, e = m.span()
        if any(p.start <= s < p.end for p in proportions):
            continue
        if m.group("cur"):
            raw = m.group("cur")
            sym = raw[0]
            code = _CUR_SYM.get(sym) or raw[:3].upper()
            numtxt = raw.lstrip("$€£¥₹").strip()
            if numtxt[:3].upper() in {"USD", "EUR", "GBP", "CAD", "AUD", "INR"}:
                numtxt = numtxt[3:].strip()
            scale = re.search(r"\s?(million|billion|thousand|trillion)\+?$", numtxt)
            if scale:
                value = parse_number_words(numtxt.rstrip("+"))
            else:
                value = parse_numeral(numtxt.replace(" ", ""))
            if value is None:
                continue
            c = _Cand(s, e, value, code, "currency", e)
            word, ws, we = _next_word(text, e)
            if word.lower() in {"dollars", "usd", "cad", "aud", "eur"} and ws - e <= 1:
                c.end = we
            cands.append(c)
            continue
        raw = m.group(0)
        if m.group("numh"):
            # "30-minute", "50-person": a number glued by a hyphen after a word is a name (GPT-4) unless a unit follows
            if not _HYPHEN_UNIT_RE.match(text, e):
                continue
        if _is_excluded_number(text, s, e, 0.0):
            continue
        scale = re.search(r"\s?(million|billion|thousand|trillion)\+?$", raw)
        value = parse_number_words(raw.rstrip("+")) if scale else parse_numeral(raw.replace(" ", ""))
        if value is None:
            continue
        c = _Cand(s, e, value, None, "count", e)
        _unit_after(text, c)
        cands.append(c)
    taken = _Taken(cands)
    for m in _MULT_WORD_RE.finditer(text):
        s, e = m.span()
        low = m.group(0).lower()
        if re.match(r"[\s-]*(check|down|edged|click|booked|duty|-check)\b", text[e : e + 10], re.IGNORECASE):
            continue
        if low == "half" and not re.match(r"\s+(the|of|a|an|our|their|its|my)\b", text[e : e + 8], re.IGNORECASE):
            continue
        if re.match(r"\s+(a|an)\s+(point|hour|day|percent)", text[e : e + 12], re.IGNORECASE):
            continue  # "half a point", "half an hour": read as amounts with their own unit
        if low.startswith("twice") or low == "thrice":
            if re.match(r"\s+(as|the)\b", text[e : e + 5]):
                value, kind, unit = (2.0 if low == "twice" else 3.0), "multiplier", "times"
            else:
                value, kind, unit = (2.0 if low == "twice" else 3.0), "count", "times"
        elif "third" in low:
            value, kind, unit = 1 / 3, "multiplier", "times"
        elif "quarter" in low:
            value, kind, unit = 0.25, "multiplier", "times"
        elif "half" in low or low.startswith("halv"):
            value, kind, unit = 0.5, "multiplier", "times"
        elif low.startswith("tripl"):
            value, kind, unit = 3.0, "multiplier", "times"
        elif low.startswith("quadrupl"):
            value, kind, unit = 4.0, "multiplier", "times"
        else:
            value, kind, unit = 2.0, "multiplier", "times"
        if low.startswith("by "):
            s = s + len(re.match(r"by (?:roughly |about |nearly |almost |over |more than )?", low).group(0))  # type: ignore[union-attr]
        c = _Cand(s, e, value, unit, kind, e)
        if not taken.overlaps(c):
            cands.append(c)
            taken.add(c)
    for m in _WORDNUM_RE.finditer(text):
        raw = m.group(0).rstrip(" -")
        s = m.start()
        # trim leading "a"/"and" that do not start a number ("a dozen" keeps its "a")
        while True:
            low = raw.lower()
            if re.match(r"(and)[\s-]", low) or (re.match(r"an?[\s-]", low) and not re.match(r"an?[\s-](dozen|hundred|thousand|million|billion|half)", low)):
                cut = len(re.match(r"\w+[\s-]+", raw).group(0))  # type: ignore[union-attr]
                raw, s = raw[cut:], s + cut
            else:
                break
        raw = re.sub(r"([\s-]+(and|a|an))+$", "", raw, flags=re.IGNORECASE)
        if not raw or raw.lower() in {"a", "an", "and", "half", "a half"}:
            continue
        e = s + len(raw)
        low = raw.lower()
        value = parse_number_words(raw)
        if value is None:
            continue
        if low == "one":
            nxt = _WORD_AFTER_ONE_RE.match(text, e)
            prev = _prev_word(text, s).lower()
            if not nxt or nxt.group(1) in {"of", "on", "that", "who", "which", "another", "thing", "day", "time", "more", "way", "point"} or prev in {"no", "the", "every", "any", "each", "this", "that", "which", "only"}:
                continue
        if low == "zero" and _ZERO_TRUST_RE.match(text, e):
            continue
        if re.search(r"\b(cloud|catch|square|at sixes and)\s*$", text[max(0, s - 20) : s].lower()) or _IDIOM_AFTER_RE.match(text, e):
            continue  # idioms: "cloud nine", "catch-22", "one-on-one", "one of a kind"
        if low == "zero" and _ZERO_OUTCOME_RE.match(text, e):
            m0 = _ZERO_UNIT_RE.match(text, e)
            c0 = _Cand(s, m0.end() if m0 else e, 0.0, m0.group(1) if m0 else None, "other" if m0 else "count", e)
            if not taken.overlaps(c0):
                cands.append(c0)
                taken.add(c0)
            continue
        c = _Cand(s, e, value, None, "count", e)
        _unit_after(text, c)
        if c.kind == "count" and re.search(r"\b(at|by|around|before)\s*$", text[max(0, s - 12) : s]) and low in {"one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "eleven", "twelve"}:
            continue  # "at five", clock times
        if not taken.overlaps(c):
            cands.append(c)
            taken.add(c)
    for m in _A_TIME_RE.finditer(text):
        s, e = m.span()
        prev = _prev_word(text, s).lower()
        if prev not in {"in", "within", "over", "for", "under", "about", "after", "than", "by", "nearly", "almost", "roughly", "just", "only", "saved", "took", "takes", "save", "of", "to", "from"}:
            continue
        unit = re.sub(r"^(half )?an? ", "", m.group(0).lower())
        value = 0.5 if unit.startswith("half") or m.group(0).lower().startswith("half") else 1.0
        c = _Cand(s, e, value, "day" if unit.startswith("half") else unit, "duration", e)
        if not taken.overlaps(c):
            cands.append(c)
            taken.add(c)
    cands.sort(key=lambda c: c.start)
    return cands


def _token_at(doc: Doc, start: int, end: int) -> Token | None:
    span = doc.char_span(start, end, alignment_mode="expand")
    if span is None or len(span) == 0:
        return None
    # the syntactic head inside the span
    return span.root


def _rate_and_unit(text: str, doc: Doc, c: _Cand) -> None:
    after = text[c.end : c.end + 40]
    m = re.match(r"\s?(?:/|per |a |an |each |every )\s?([a-z]+)", after, re.IGNORECASE)
    period = None
    if m and m.group(1).lower().rstrip("s") in _PERIODS:
        period = m.group(1).lower().rstrip("s")
    m2 = re.match(r"\s?(" + "|".join(_PERIOD_ADVERBS) + r")\b", after, re.IGNORECASE)
    if m2:
        period = _PERIOD_ADVERBS[m2.group(1).lower()]
    if c.kind == "count":
        tok = _token_at(doc, c.start, c.end)
        noun = None
        if tok is not None:
            if tok.dep_ in {"nummod", "quantmod", "amod", "compound"} and tok.head.pos_ in {"NOUN", "PROPN"} and tok.head.i > tok.i:
                noun = tok.head
            elif tok.i + 1 < len(doc) and doc[tok.i + 1].pos_ == "NOUN" and tok.i + 1 < len(doc):
                noun = doc[tok.i + 1]
        if noun is not None:
            words = [t for t in noun.lefts if t.i > tok.i and t.dep_ in {"amod", "compound"}] + [noun]  # type: ignore[union-attr]
            c.unit = " ".join(t.text for t in words).lower()
    if period and c.kind in {"count", "duration"}:
        c.kind = "rate"
        c.unit = f"{c.unit or 'times'}/{period}"


_IRREGULAR = {"shrank": "shrink", "shrunk": "shrink", "grew": "grow", "rose": "rise", "fell": "fall", "won": "win",
              "brought": "bring", "drove": "drive", "sold": "sell", "slashed": "slash", "cut": "cut"}


def _forms(t: Token) -> set[str]:
    """The token's lemma and plain forms: a capitalised bullet verb ("Shrank", "Reduced") is often
    tagged as a proper noun and keeps its inflection as lemma."""
    low = t.lower_
    forms = {low, t.lemma_.lower(), _IRREGULAR.get(low, low)}
    if low.endswith("ed"):
        forms |= {low[:-2], low[:-1]}
    if low.endswith("ied"):
        forms.add(low[:-3] + "y")
    return forms


def _governor(tok: Token) -> Token | None:
    """The verb, comparative or noun that says what happened to the amount."""
    lex = _DECREASE | _INCREASE | _IMPROVE
    # a change word shortly before the amount in the same clause ("improved render times by 60%")
    for k in range(tok.i - 1, max(tok.sent.start, tok.i - 12) - 1, -1):
        t = tok.doc[k]
        if (t.is_punct and t.text not in {"-", "/", "–"}) or t.lower_ in {"and", "but", "while", "which"}:
            break
        if t.pos_ in {"VERB", "NOUN", "ADJ", "PROPN"} and _forms(t) & lex:
            return t
        if t.lower_ in {"up", "down"} and k > 0 and tok.doc[k - 1].lemma_.lower() in {"go", "come", "move", "trend", "tick", "creep", "shoot", "climb", "drop"}:
            return t  # "went up by 1.5 points"
    cur = tok
    for _ in range(5):
        if cur.lemma_.lower() in _DECREASE | _INCREASE | _IMPROVE | _LEVEL_VERBS or cur.lower_ in _COMPARATIVE_DEC | _COMPARATIVE_INC:
            if cur is not tok:
                return cur
        if cur.pos_ in {"VERB"} and cur is not tok:
            return cur
        if cur.head is cur:
            break
        cur = cur.head
    return None


def _chunk_text(tok: Token, exclude: set[int]) -> str | None:
    words = [t for t in tok.subtree if t.i not in exclude and t.dep_ not in {"det", "poss", "punct", "prep", "relcl", "acl", "cc", "conj", "appos", "case"}
             and not t.like_num and (t.pos_ not in {"PRON", "ADP", "DET", "VERB", "AUX", "SCONJ", "ADV"} or t is tok)]
    # keep only the contiguous run ending at the head noun
    words = [t for t in words if t.i <= tok.i]
    run: list[Token] = []
    for t in reversed(words):
        if run and t.i != run[-1].i - 1:
            break
        run.append(t)
    run.reverse()
    text = " ".join(t.text for t in run).strip().lower()
    return text or None


def _metric(gov: Token | None, tok: Token, exclude: set[int]) -> str | None:
    for ch in tok.children:  # "saved £1.3 million in rent", "added $310k in ARR"
        if ch.dep_ == "prep" and ch.lower_ in {"in", "on"}:
            for g in ch.children:
                if g.dep_ == "pobj" and g.pos_ in {"NOUN", "PROPN"} and g.i not in exclude and not g.like_num:
                    found = _chunk_text(g, exclude)
                    if found:
                        return found
    if gov is not None and gov.lower_ in {"up", "down"} and gov.head.pos_ in {"VERB", "AUX"}:
        gov = gov.head  # "activation went up 18%": the verb's subject is the metric
    if gov is None:
        return None
    cands: list[Token] = []
    if gov.pos_ in {"VERB", "AUX"}:
        for ch in gov.children:
            if ch.dep_ in {"dobj", "nsubj", "nsubjpass"} and ch.i not in exclude and ch.pos_ not in {"PRON", "NUM", "DET"} and not ch.like_num:
                cands.append(ch)
        for ch in gov.children:
            if ch.dep_ == "prep" and ch.lower_ in {"in", "on", "of"}:
                cands += [g for g in ch.children if g.dep_ == "pobj" and g.pos_ in {"NOUN", "PROPN"} and g.i not in exclude]
    else:
        for ch in gov.children:
            if ch.dep_ == "prep" and ch.lower_ in {"in", "of", "on"}:
                cands += [g for g in ch.children if g.dep_ == "pobj" and g.i not in exclude]
        if gov.pos_ in {"NOUN"} and gov.lemma_.lower() not in _DECREASE | _INCREASE | _IMPROVE:
            cands.append(gov)
    for cand in cands:
        if cand.lower_ in {"i", "we", "it", "they", "team", "us"}:
            continue
        if cand.pos_ in {"VERB", "ADJ"}:
            # a noun the tagger read as a verb ("render times", "Throughput"): extend to the next noun
            nxt = next((t for t in cand.doc[cand.i + 1 : cand.i + 4] if t.pos_ in {"NOUN", "PROPN"}), None)
            if nxt is not None and all(t.pos_ in {"NOUN", "PROPN", "ADJ", "VERB"} for t in cand.doc[cand.i : nxt.i + 1]) and nxt.i not in exclude:
                return " ".join(t.text.lower() for t in cand.doc[cand.i : nxt.i + 1])
        text = _chunk_text(cand, exclude)
        if text:
            return text
    # fall back on the words between the change word and the amount ("improved render times by 60%")
    words = []
    for t in gov.doc[gov.i + 1 : tok.i]:
        if t.i in exclude or t.pos_ in {"ADP", "PUNCT", "CCONJ", "SCONJ"} or t.lower_ in {"by", "from", "to"}:
            break
        if t.pos_ not in {"DET", "PRON", "ADV"} and not t.like_num:
            words.append(t.text.lower())
    return " ".join(words) or None


_CHANGE_NOUNS = {"reduction", "increase", "decrease", "improvement", "drop", "growth", "rise", "gain", "boost", "cut",
                 "lift", "uplift", "jump", "decline", "fall", "saving", "savings", "speedup", "speed-up", "improvement"}


def _metric_near(tok: Token, exclude: set[int]) -> str | None:
    """The measured noun attached to the amount itself: "98% accuracy", "accuracy of 98%",
    "a 40% reduction in churn"."""
    head = tok.head
    if head.pos_ in {"NOUN", "PROPN"} and head.i > tok.i and head.i - tok.i <= 4 and head.i not in exclude:
        if head.lemma_.lower() in _CHANGE_NOUNS:
            for ch in head.children:
                if ch.dep_ == "prep" and ch.lower_ in {"in", "of", "on"}:
                    for g in ch.children:
                        if g.dep_ == "pobj" and g.i not in exclude:
                            return _chunk_text(g, exclude)
            return None
        return _chunk_text(head, exclude)
    if head.dep_ == "pobj" or head.pos_ == "ADP":
        prep = head if head.pos_ == "ADP" else head.head
        owner = prep.head
        if prep.lower_ == "of" and owner.pos_ in {"NOUN", "PROPN"} and owner.i < tok.i and owner.i not in exclude:
            return _chunk_text(owner, exclude)
    return None


def _direction(gov: Token | None, metric: str | None, tok: Token) -> str:
    if gov is None:
        return "none"
    lemma = gov.lemma_.lower()
    low = gov.lower_
    if low in _COMPARATIVE_DEC | _COMPARATIVE_INC:
        nxt = gov.nbor(1).lower_ if gov.i + 1 < len(gov.doc) else ""
        if nxt == "than":
            return "none"
        return "decrease" if low in _COMPARATIVE_DEC else "increase"
    if lemma in _IMPROVE or low in _IMPROVE:
        if metric and _LOWER_BETTER.search(metric):
            return "decrease"
        return "increase"
    if lemma in {"bring"}:
        nxt = {c.lower_ for c in gov.children}
        return "decrease" if "down" in nxt else "increase" if "in" in nxt or "up" in nxt else "none"
    if lemma in {"cut", "save", "prevent", "avoid"} or lemma in _DECREASE:
        return "decrease"
    if lemma in _INCREASE:
        return "increase"
    return "none"


def _is_result(text: str, doc: Doc, c: _Cand, tok: Token | None, gov: Token | None, direction: str, part: str | None) -> bool:
    score = 0.0
    sent = tok.sent if tok is not None else None
    before = text[max(sent.start_char if sent is not None else 0, c.start - 300) : c.start].lower()
    local = before[-60:]
    # targets and plans only count inside the amount's own clause ("ahead of the deadline, and ... caught 212")
    clause = re.split(r"[,;:]|\b(?:and|but|while|whereas)\b", local)[-1]
    if direction != "none":
        score += 2
    elif c.kind in {"percent", "other", "multiplier", "currency"}:
        score += 1  # a rate, score or sum stated in an answer is an outcome unless something marks it as context
    if gov is not None and gov.lemma_.lower() in _LEVEL_VERBS:
        score += 1.5
    if re.search(r"\b(ahead of schedule|under budget|faster|sooner|earlier)\b", text[c.end : c.end + 30].lower()):
        score += 2
    if part == "result":
        score += 1
    elif part in {"situation", "task"}:
        score -= 1.5
    if re.search(r"\b(aim|aimed|aiming|target|targeted|goal|expect|expected|projected|forecast|estimated|plan|planned|hoped|wanted|needed|required|would|could|should|might|budget of|deadline|quota|potential|instead of|rather than|original(ly)?|previously|used to|was at|were at|had been)\b", clause):
        score -= 3
    gov_lemma = gov.lemma_.lower() if gov is not None else ""
    gov_forms = _forms(gov) if gov is not None else set()
    past_or_now = gov is not None and (gov.tag_ in {"VBD", "VBN", "NNP"} or re.search(r"\bnow\b", local) is not None
                                       or (gov.tag_ == "VBG" and not any(ch.dep_ == "aux" for ch in gov.children))
                                       or (gov.tag_ in {"VBZ", "VBP"} and re.search(r"\bnow\b", text[c.end : c.end + 40].lower()) is not None))
    if gov is not None and gov.tag_ == "VB" and any(ch.dep_ == "aux" and ch.lower_ == "to" for ch in gov.children) \
            and gov.head.lemma_.lower() not in {"manage", "help", "able", "go", "start", "begin"}:
        score -= 2  # a purpose or plan: "a project to reduce onboarding by two weeks"
    if gov_forms & _OUTCOME_VERBS and past_or_now:
        score += 2
    if re.search(r"\bnow\b", clause) or re.search(r"\b(after|since|once) (the|i|we|my|our|that|this)\b", before[-120:]) \
            or re.match(r"[^.;]{0,60}\bsince (i|we)\b", text[c.end : c.end + 80].lower()):
        score += 1.5  # the level after the change: "after the cleanup it was maybe fifteen", "now takes half a day"
    if c.kind == "duration" and gov_lemma in _COMPLETION_VERBS and re.search(r"\b(in|under|within)\s+(about |around |roughly |just |only |less than )?$", local):
        score += 2
    if c.kind == "duration" and direction == "none" and "-" in text[c.start : c.end] and re.match(r"\s+[a-z]", text[c.end : c.end + 3]):
        score -= 2  # "a five-minute cache", "a 30-minute call": an attribute, not an outcome
    if direction == "none" and gov is not None and gov.lemma_.lower() in _SCOPE_VERBS | {"turn", "oversee", "have"} and gov.lemma_.lower() not in _OUTCOME_VERBS:
        score -= 1.5  # scope: "managed a portfolio of $3M", "oversaw 5 warehouses"
    lo = max(sent.start_char if sent is not None else 0, c.start - 300)
    hi = min(sent.end_char if sent is not None else len(text), c.end + 300)
    sent_text = text[lo:hi].lower()
    later = text[c.end : min(len(text), c.end + 120)].lower()
    if direction == "none" and re.search(r"^[^.;]*\bbefore (i|we) \w+", later):
        score -= 2  # a starting point: "I processed 150 invoices a week by hand before I wrote the OCR job"
    if direction == "none" and re.search(r"\b(when|before|after) (i|we) (inherited|took over|joined|started|arrived|came in)|\bwas stuck|\bwere stuck|\b(was|were) (costing|running|losing|averaging|sitting|hovering)", sent_text) \
            and not re.search(r"\b(reached|now|to|cut|brought|got)\b", text[c.start - 25 if c.start > 25 else 0 : c.start].lower()):
        score -= 2  # a baseline: "had a 9% response rate when I inherited it"
    if c.kind in {"count", "duration"} and direction == "none":
        score -= 1
        if re.search(r"\b(over|for|during|across|after|within the first|in the first|of)\s+(the\s+)?(next\s+|past\s+|last\s+)?$", local) and c.kind == "duration":
            score -= 1
        if re.search(r"\b(within|in just|in only|in under|in less than)\s+$", local) and c.kind == "duration":
            score += 2
    if tok is not None:
        head = tok.head
        if head.lemma_.lower() in _SCOPE_HEADS or (head.dep_ == "pobj" and head.head.head.lemma_.lower() in _SCOPE_HEADS):
            score -= 2
    if c.kind in {"percent", "currency", "multiplier", "other"} and direction == "none" and gov is not None and gov.lemma_.lower() in _LEVEL_VERBS:
        score += 1
    if re.search(r"\bfrom\s+$", local):
        pass
    return score >= 1


@dataclasses.dataclass(frozen=True)
class _Measured:
    """An amount with everything that does not depend on the STAR parts (see :func:`measure_amounts`)."""

    cand: _Cand
    tok: Token | None
    gov: Token | None
    metric: str | None
    direction: str


@dataclasses.dataclass(frozen=True)
class MeasuredAmounts:
    """The part-independent stage of :func:`extract_quantities` for one parsed answer.

    Finding the amounts, their units, metrics and directions does not depend on the STAR parts;
    only telling outcomes from context does. :func:`extract_quantities` accepts this object instead
    of re-measuring, so that an answer is measured once and judged with and without its parts.
    Build it with :func:`measure_amounts`; treat it as opaque.
    """

    text: str
    items: tuple[_Measured, ...]
    pair_dirs: tuple[tuple[int, str], ...]
    pair_role: tuple[tuple[int, str], ...]


def measure_amounts(doc: Doc) -> MeasuredAmounts:
    """Find the amounts of a parsed answer with their units, metrics and directions.

    Example:
        >>> from star_nlp.pipeline import load_pipeline
        >>> doc = load_pipeline()("We cut p95 latency from 2 s to 300 ms.")
        >>> m = measure_amounts(doc)
        >>> [q.text for q in extract_quantities(doc, measured=m)]
        ['2 s', '300 ms']
    """
    text = doc.text
    cands = _find_candidates(text)
    for c in cands:
        _rate_and_unit(text, doc, c)
    # "from 12 to 4 minutes", "5-10%": the first number takes the second's unit
    for a, b in zip(cands, cands[1:]):
        between = text[a.end : b.start].strip().lower()
        if a.unit is None and a.kind == "count" and between in {"to", "-", "–", "and", "or"} and b.kind in {"percent", "duration", "size", "currency", "multiplier", "other"}:
            a.kind, a.unit = b.kind, b.unit
    pair_dirs: dict[int, str] = {}
    pair_role: dict[int, str] = {}  # "before" / "after"
    for k, a in enumerate(cands):
        sent_end = _sentence_end(text, a.end)
        before_a = text[max(0, a.start - 12) : a.start].lower()
        if re.search(r"\bfrom\s+(about |around |roughly |nearly |over |under |just )?$", before_a):
            # "from X [...] to Y": the next amount after a "to" in the same sentence
            for j in range(k + 1, len(cands)):
                b = cands[j]
                if b.start > sent_end:
                    break
                gap = text[a.end : b.start].lower()
                if re.search(r"\bto\b", gap) and "from" not in gap and len(gap) < 60:
                    _pair(a, b, k, j, pair_dirs, pair_role, None)
                    break
    for k, b in enumerate(cands):
        # "to 0.4%, down from 2.1%" / "2M+, up from 600k"
        if k == 0:
            continue
        a = cands[k - 1]
        gap = text[a.end : b.start].lower()
        m = re.fullmatch(r"[^.;]{0,40}?,?\s*(down|up)\s+from\s+(about |around |roughly |nearly |over |under )?", gap)
        if m and k - 1 not in pair_role:
            _pair(b, a, k, k - 1, pair_dirs, pair_role, "decrease" if m.group(1) == "down" else "increase")
        m2 = re.fullmatch(r"\s*(instead of|rather than|versus|vs\.?|compared (to|with))\s+(about |around |roughly )?", gap)
        if m2 and a.kind == b.kind:
            _pair(b, a, k, k - 1, pair_dirs, pair_role, None)
    items: list[_Measured] = []
    for k, c in enumerate(cands):
        tok = _token_at(doc, c.start, c.end)
        exclude = {t.i for t in doc.char_span(c.start, c.end, alignment_mode="expand") or []}
        gov = _governor(tok) if tok is not None else None
        metric = None
        if tok is not None:
            if c.kind in {"percent", "currency", "other", "size", "multiplier"}:
                metric = _metric_near(tok, exclude)
            metric = metric or _metric(gov, tok, exclude)
        direction = pair_dirs.get(k) or (_direction(gov, metric, tok) if tok is not None else "none")
        direction = _relative_direction(text, c, direction)
        direction = _window_or_comparison(text, c, direction, k in pair_dirs)
        own = text[c.start : c.end].lower()
        if c.kind == "multiplier" and re.match(r"(doubl|tripl|quadrupl)(ed|ing|es)\b", own):
            direction = "increase"  # the amount is its own verb: "weekly users doubled"
        elif c.kind == "multiplier" and re.match(r"(halv(ed|ing|es)|cut .*in half)", own):
            direction = "decrease"
        if k not in pair_dirs and c.kind in {"duration", "count"} and re.search(r"\w-\w", text[c.start : c.end]) and re.match(r"\s+[a-z]", text[c.end : c.end + 3]):
            direction = "none"  # "added a five-minute cache": the amount describes the thing added
        if c.kind in {"count", "duration"} and direction == "none" and c.value != 0:
            metric = None
        items.append(_Measured(c, tok, gov, metric, direction))
    return MeasuredAmounts(text, tuple(items), tuple(pair_dirs.items()), tuple(pair_role.items()))


def extract_quantities(doc: Doc, parts: Sequence[tuple[int, int, str]] = (), *, measured: MeasuredAmounts | None = None) -> list[Quantity]:
    """Extract the amounts of a parsed answer.

    Args:
        doc: The parsed answer.
        parts: Optional ``(start, end, label)`` STAR segments, used to tell outcomes from context.
        measured: ``measure_amounts(doc)`` when already computed (the same ``doc``); measured here
            otherwise.

    Returns:
        Quantities in text order.

    Example:
        >>> from star_nlp.pipeline import load_pipeline
        >>> [(q.text, q.direction, q.is_result) for q in extract_quantities(load_pipeline()("Churn fell by 12%."))]
        [('12%', 'decrease', True)]
    """
    if measured is None:
        measured = measure_amounts(doc)
    text = measured.text
    pair_dirs = dict(measured.pair_dirs)
    pair_role = dict(measured.pair_role)
    out: list[Quantity] = []
    for k, item in enumerate(measured.items):
        c, tok, gov, metric, direction = item.cand, item.tok, item.gov, item.metric, item.direction
        part = next((lab for s, e, lab in parts if s <= c.start < e), None)
        is_res = _is_result(text, doc, c, tok, gov, direction, part)
        if pair_role.get(k) == "before":
            # "from X to Y": both report the change, unless X is a counterfactual ("instead of X")
            is_res = is_res and not re.search(r"(instead of|rather than|versus|vs\.?|compared (to|with))\s+(about |around |roughly )?$", text[max(0, c.start - 25) : c.start].lower())
        if not is_res and c.kind in {"count", "duration"} and direction == "none":
            metric = None  # a context count or time window measures nothing
        if metric is None and is_res and c.unit and (c.kind == "count" or (c.kind == "other" and c.value == 0)):
            metric = c.unit  # an outcome counted in things: "caught 212 fraudulent claims", "zero rollbacks"
        out.append(
            Quantity(text[c.start : c.end], c.start, c.end, float(c.value), c.unit, c.kind, direction, metric, bool(is_res))  # type: ignore[arg-type]
        )
    # the two amounts of a before/after pair describe one metric
    partner = {}
    for k, role in pair_role.items():
        if role == "before":
            for j, r2 in pair_role.items():
                if r2 == "after" and pair_dirs.get(j) == pair_dirs.get(k) and abs(j - k) <= 2:
                    partner[k], partner[j] = j, k
                    break
    for k, j in partner.items():
        a, b = out[k], out[j]
        if a.metric is None and b.metric is not None:
            out[k] = dataclasses.replace(a, metric=b.metric)
    return out


def _sentence_end(text: str, pos: int) -> int:
    m = re.search(r"[.!?;](\s|$)|\n", text[pos : pos + 200])
    return pos + m.start() if m else min(len(text), pos + 200)


def _pair(before: _Cand, after: _Cand, ib: int, ia: int, dirs: dict[int, str], roles: dict[int, str], direction: str | None) -> None:
    """Link a before/after pair: shared unit where one lacks it, and the direction of the change."""
    if before.unit is None and before.kind == "count" and after.kind != "count":
        before.kind, before.unit = after.kind, after.unit
    if after.unit is None and after.kind == "count" and before.kind != "count":
        after.kind, after.unit = before.kind, before.unit
    if direction is None:
        vb, va = _in_base(before), _in_base(after)
        direction = "decrease" if va < vb else "increase" if va > vb else "none"
    dirs[ib] = dirs[ia] = direction
    roles[ib], roles[ia] = "before", "after"


def _window_or_comparison(text: str, c: _Cand, direction: str, paired: bool) -> str:
    """Amounts that frame a change rather than measure it: time windows ("within three months"),
    scope ("across the 5 warehouses"), shares of a plan ("130% of quota") and likelihood ratios."""
    if paired:
        return direction
    before = text[max(0, c.start - 30) : c.start].lower()
    after = text[c.end : c.end + 30].lower()
    if c.kind in {"duration", "count"} and re.search(r"\b(within|over|for|during|in|after|across|throughout)\s+(the\s+)?(first\s+|next\s+|past\s+|last\s+|just\s+|only\s+)?$", before) \
            and not re.match(r"\s*(instead|rather|ahead|early|sooner)", after):
        return "none"
    if c.kind == "percent" and re.match(r"\s+of\s+(the\s+|our\s+|my\s+|its\s+)?(quota|target|plan|goal|budget|forecast)", after):
        return "none"
    if c.kind == "multiplier" and re.match(r"\s+(more|less)\s+likely", after):
        return "none"
    if c.kind == "multiplier":
        m = re.match(r"\s+(cheaper|smaller|lighter|shorter|fewer|less)\b", after)
        if m:
            return "decrease"
        if re.match(r"\s+(faster|larger|bigger|more|higher|quicker)\b", after):
            return "increase"
    return direction


def _relative_direction(text: str, c: _Cand, direction: str) -> str:
    """Amounts placed relative to a plan: "12% under budget", "two weeks ahead of schedule"."""
    after = text[c.end : c.end + 30].lower()
    if re.match(r"\s*(under|below)\s+(the\s+|its\s+|our\s+)?(budget|forecast|plan|estimate|target|cost)", after):
        return "decrease"
    if re.match(r"\s*(ahead of|early|earlier|sooner)\b", after):
        return "decrease"
    if re.match(r"\s*(over|above)\s+(the\s+|its\s+|our\s+)?(budget|forecast|estimate)", after) or re.match(r"\s*(late|behind schedule)\b", after):
        return "increase"
    return direction


_TIME_SCALE = {"millisecond": 0.001, "second": 1, "minute": 60, "hour": 3600, "day": 86400, "night": 86400, "week": 604800,
               "month": 2.6e6, "quarter": 7.9e6, "year": 3.15e7}


def _in_base(c: _Cand) -> float:
    if c.kind == "duration" and c.unit in _TIME_SCALE:
        return c.value * _TIME_SCALE[c.unit]
    if c.kind == "size" and c.unit:
        return c.value * {"KB": 1, "MB": 1e3, "GB": 1e6, "TB": 1e9, "PB": 1e12}.get(c.unit, 1)
    return c.value
