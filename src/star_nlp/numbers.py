"""Reading numbers written as digits or words: ``"1,200"``, ``"2.5k"``, ``"two and a half million"``.

Example:
    >>> parse_number_words("two and a half million")
    2500000.0
    >>> parse_numeral("$1.2M".lstrip("$"))
    1200000.0
"""

from __future__ import annotations

import re

__all__ = ["NUMBER_WORDS", "SCALE_WORDS", "parse_number_words", "parse_numeral"]

_UNITS = {
    "zero": 0, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8,
    "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14, "fifteen": 15,
    "sixteen": 16, "seventeen": 17, "eighteen": 18, "nineteen": 19,
}
_TENS = {"twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70, "eighty": 80, "ninety": 90}
SCALE_WORDS = {"hundred": 100, "thousand": 1_000, "million": 1_000_000, "billion": 1_000_000_000, "trillion": 1e12}
_SPECIAL = {"a dozen": 12, "dozen": 12, "half a dozen": 6, "a couple of": 2, "a hundred": 100, "a thousand": 1000, "a million": 1e6}
NUMBER_WORDS = frozenset(_UNITS) | frozenset(_TENS) | frozenset(SCALE_WORDS) | {"dozen", "half"}
_SUFFIX = {"k": 1e3, "m": 1e6, "mm": 1e6, "mn": 1e6, "b": 1e9, "bn": 1e9, "t": 1e12}


def parse_numeral(text: str) -> float | None:
    """Parse a digit numeral with optional thousands separators and a k/M/bn suffix.

    Example:
        >>> parse_numeral("2,300"), parse_numeral("2.5k"), parse_numeral("15+"), parse_numeral("v2")
        (2300.0, 2500.0, 15.0, None)
    """
    m = re.fullmatch(r"(\d{1,3}(?:,\d{3})+|\d+)(\.\d+)?\s*(k|K|m|M|mm|MM|mn|b|B|bn|BN|t|T)?\+?", text.strip())
    if not m:
        return None
    value = float(m.group(1).replace(",", "") + (m.group(2) or ""))
    if m.group(3):
        value *= _SUFFIX[m.group(3).lower()]
    return value


def parse_number_words(text: str) -> float | None:
    """Parse an English number written in words, or ``None`` when it is not one.

    Handles "forty-two", "two hundred and five", "a dozen", "two and a half million", "1.5 million".

    Example:
        >>> parse_number_words("forty-two"), parse_number_words("a dozen"), parse_number_words("several")
        (42.0, 12.0, None)
    """
    low = re.sub(r"\s+", " ", text.lower().replace("-", " ")).strip()
    if low in _SPECIAL:
        return float(_SPECIAL[low])
    words = low.split()
    if not words:
        return None
    # "1.5 million", "3 thousand"
    if len(words) >= 2 and re.fullmatch(r"[\d.,]+", words[0]) and all(w in SCALE_WORDS for w in words[1:]):
        base = parse_numeral(words[0])
        if base is None:
            return None
        for w in words[1:]:
            base *= SCALE_WORDS[w]
        return float(base)
    total = 0.0
    current = 0.0
    seen = False
    half = False
    i = 0
    while i < len(words):
        w = words[i]
        if w in _UNITS:
            current += _UNITS[w]
            seen = True
        elif w in _TENS:
            current += _TENS[w]
            seen = True
        elif w == "hundred":
            current = (current or 1) * 100
            seen = True
        elif w in SCALE_WORDS:
            current = current or 1
            if half:
                current += 0.5
                half = False
            total += current * SCALE_WORDS[w]
            current = 0
            seen = True
        elif w == "and" and seen:
            pass
        elif w == "a" and i + 1 < len(words) and words[i + 1] in {"half", "hundred", "thousand", "million", "billion"}:
            if words[i + 1] != "half":
                current += 1 if not seen else 0
                seen = True
        elif w == "half" and seen:
            half = True
        else:
            return None
        i += 1
    if not seen:
        return None
    if half:
        current += 0.5
    return float(total + current)
