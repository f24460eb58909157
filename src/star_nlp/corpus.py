"""The training corpus: loading, markup conversion, validation and statistics.

The corpus lives in ``models/corpus/*.jsonl``: one answer per line, in the same
span format as the shared development set::

    {"id": "ml-0001", "text": "...", "spans": [{"label": "situation", "start": 0, "end": 80}, ...],
     "question": "...", "domain": "data science", "competencies": ["problem_solving"],
     "style": "written", "quality": "strong", "weaknesses": []}

Answers are written in an inline markup that is easier to author than offsets::

    <S>At my last job our nightly ETL kept failing.</S> <T>I was asked to fix it,</T>
    <A>so I rewrote the loader.</A> <R>It has not failed since.</R>

:func:`from_markup` turns that into ``text`` and ``spans``; :func:`to_markup` is its inverse.
Run ``python -m star_nlp.corpus --help`` for the command line (import, validate, stats, markup).

Example:
    >>> text, spans = from_markup("<S>We had a bug.</S> <A>I fixed it.</A>")
    >>> text
    'We had a bug. I fixed it.'
    >>> spans[1]
    {'label': 'action', 'start': 14, 'end': 25}
"""

from __future__ import annotations

import argparse
import collections
import hashlib
import json
import re
import sys
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

__all__ = [
    "COMPETENCIES",
    "LABELS",
    "QUALITIES",
    "STYLES",
    "Problem",
    "corpus_hash",
    "default_corpus_dir",
    "default_endings_dir",
    "ending_row",
    "from_markup",
    "load_corpus",
    "load_endings",
    "stats",
    "to_markup",
    "validate",
]

LABELS: tuple[str, ...] = ("situation", "task", "action", "result", "other")
STAR_LABELS: tuple[str, ...] = LABELS[:4]
COMPETENCIES: tuple[str, ...] = (
    "problem_solving",
    "communication",
    "adaptability",
    "ethics",
    "leadership",
    "teamwork",
)
STYLES: tuple[str, ...] = ("written", "headers", "bullets", "transcript")
QUALITIES: tuple[str, ...] = ("strong", "weak")
WEAKNESSES: tuple[str, ...] = (
    "no_situation",
    "no_task",
    "no_action",
    "no_result",
    "situation_only",
    "we_in_action",
    "vague_result",
    "no_quantified_result",
    "hypothetical",
    "hedging",
    "passive_voice",
    "generic",
    "too_long",
    "too_short",
    "rambling",
    "jargon_heavy",
    "no_reflection",
    "no_soft_skills",
    "off_question",
    "out_of_order",
    "filler_words",
)
REQUIRED_FIELDS: tuple[str, ...] = ("id", "text", "spans", "question", "domain", "competencies", "style", "quality")

_TAGS = {"S": "situation", "T": "task", "A": "action", "R": "result", "O": "other"}
_TAG_OF = {v: k for k, v in _TAGS.items()}
_TAG_RE = re.compile(r"<(/?)([STARO])>")
_WORD_RE = re.compile(r"[a-z0-9']+")
NGRAM = 8


@dataclass(frozen=True)
class Problem:
    """One thing wrong with a corpus answer.

    Attributes:
        id: The answer's id (or ``"?"`` when it has none).
        severity: ``"error"`` (the answer must be fixed) or ``"warning"`` (look at it).
        message: What is wrong, naming the offending value.
    """

    id: str
    severity: str
    message: str

    def __str__(self) -> str:
        return f"{self.severity}: {self.id}: {self.message}"


def default_corpus_dir() -> Path:
    """Return ``models/corpus`` of the source checkout this module belongs to.

    Example:
        >>> default_corpus_dir().name
        'corpus'
    """
    return Path(__file__).resolve().parents[2] / "models" / "corpus"


def from_markup(markup: str) -> tuple[str, list[dict[str, object]]]:
    """Convert inline ``<S>..</S>`` markup into plain text and character spans.

    Tags are ``S``, ``T``, ``A``, ``R`` and ``O`` (other). Tags may not nest. Text outside
    every tag is kept as it is and left unlabelled (it should be white space only; the
    validator says so when it is not).

    Args:
        markup: The marked-up answer.

    Returns:
        The text without tags and the list of ``{"label", "start", "end"}`` spans.

    Raises:
        ValueError: When tags are unbalanced or nested, naming the position.

    Example:
        >>> from_markup("<T>I had to fix it,</T> <A>so I did.</A>")[1][0]
        {'label': 'task', 'start': 0, 'end': 16}
    """
    out: list[str] = []
    spans: list[dict[str, object]] = []
    pos = 0
    length = 0
    open_tag: str | None = None
    open_at = 0
    for m in _TAG_RE.finditer(markup):
        chunk = markup[pos : m.start()]
        out.append(chunk)
        length += len(chunk)
        pos = m.end()
        closing, tag = m.group(1) == "/", m.group(2)
        if not closing:
            if open_tag is not None:
                raise ValueError(f"tag <{tag}> at {m.start()} opens inside <{open_tag}>; tags may not nest")
            open_tag, open_at = tag, length
        else:
            if open_tag != tag:
                raise ValueError(f"closing </{tag}> at {m.start()} does not match open tag {open_tag!r}")
            spans.append({"label": _TAGS[tag], "start": open_at, "end": length})
            open_tag = None
    if open_tag is not None:
        raise ValueError(f"tag <{open_tag}> is never closed")
    out.append(markup[pos:])
    text = "".join(out)
    for span in spans:
        # Spans hold no leading or trailing white space.
        start, end = int(span["start"]), int(span["end"])  # type: ignore[call-overload]
        while start < end and text[start].isspace():
            start += 1
        while end > start and text[end - 1].isspace():
            end -= 1
        span["start"], span["end"] = start, end
    return text, [s for s in spans if s["end"] > s["start"]]


def to_markup(text: str, spans: Sequence[dict[str, object]]) -> str:
    """Inverse of :func:`from_markup`.

    Example:
        >>> to_markup("We had a bug. I fixed it.", [{"label": "situation", "start": 0, "end": 13}])
        '<S>We had a bug.</S> I fixed it.'
    """
    parts: list[str] = []
    pos = 0
    for span in sorted(spans, key=lambda s: int(s["start"])):  # type: ignore[call-overload]
        start, end = int(span["start"]), int(span["end"])  # type: ignore[call-overload]
        tag = _TAG_OF[str(span["label"])]
        parts += [text[pos:start], f"<{tag}>", text[start:end], f"</{tag}>"]
        pos = end
    parts.append(text[pos:])
    return "".join(parts)


def load_corpus(directory: str | Path | None = None) -> list[dict[str, object]]:
    """Load every answer of ``directory/*.jsonl`` (default: the repository corpus), sorted by file.

    Raises:
        FileNotFoundError: When the directory holds no ``.jsonl`` file.
        ValueError: When a line is not valid JSON, naming the file and line.

    Example:
        >>> rows = load_corpus()  # doctest: +SKIP
    """
    return [row for path in _jsonl_files(directory, default_corpus_dir(), "corpus") for row in _read_jsonl(path)]


def default_endings_dir() -> Path:
    """Return ``models/endings`` of the source checkout: answer endings with each sentence's role.

    Example:
        >>> default_endings_dir().name
        'endings'
    """
    return default_corpus_dir().parent / "endings"


#: The segment label each role of an ending stands for. A setup is Situation or Task, which the
#: endings do not tell apart; it is labelled ``situation`` here and training leaves its units out.
ENDING_ROLE_LABELS: dict[str, str] = {"setup": "situation", "step": "action", "step_effect": "action", "outcome": "result"}


def ending_row(item: dict[str, Any], labels: Mapping[str, str] = ENDING_ROLE_LABELS) -> dict[str, Any]:
    """One ending of ``models/endings`` as a corpus-shaped row: its sentences joined by spaces, each
    a span labelled by its role through ``labels`` (default :data:`ENDING_ROLE_LABELS`; a measuring
    script may keep a step's own effect apart); spoken endings have the transcript style.

    Raises:
        ValueError: When a sentence's role is not one of the four, naming the ending and the role.

    Example:
        >>> row = ending_row({"id": "e-1", "register": "terse", "sentences": [
        ...     {"text": "Queue was 40 min.", "role": "setup"}, {"text": "Split it.", "role": "step"},
        ...     {"text": "Down to 5.", "role": "outcome"}]})
        >>> row["text"], [(s["label"], row["text"][s["start"]:s["end"]]) for s in row["spans"]][-1]
        ('Queue was 40 min. Split it. Down to 5.', ('result', 'Down to 5.'))
    """
    text, spans = "", []
    for sentence in item["sentences"]:
        role = sentence["role"]
        if role not in labels:
            raise ValueError(f"ending {item['id']!r}: role {role!r} is not one of {list(labels)}")
        text += " " if text else ""
        start = len(text)
        text += str(sentence["text"]).strip()
        spans.append({"label": labels[role], "start": start, "end": len(text)})
    return {"id": item["id"], "text": text, "spans": spans, "style": "transcript" if item.get("register") == "spoken" else "written"}


def load_endings(directory: str | Path | None = None, labels: Mapping[str, str] = ENDING_ROLE_LABELS) -> list[dict[str, Any]]:
    """Every ending of ``directory/*.jsonl`` (default: :func:`default_endings_dir`) as :func:`ending_row` rows
    (with ``labels``), sorted by file.

    Raises:
        FileNotFoundError: When the directory holds no ``.jsonl`` file.

    Example:
        >>> rows = load_endings()  # doctest: +SKIP
    """
    return [ending_row(item, labels) for path in _jsonl_files(directory, default_endings_dir(), "ending") for item in _read_jsonl(path)]


def _jsonl_files(directory: str | Path | None, default: Path, what: str) -> list[Path]:
    """The ``.jsonl`` files of ``directory`` (``default`` when None), sorted; FileNotFoundError naming the folder when there are none."""
    folder = Path(directory) if directory is not None else default
    files = sorted(folder.glob("*.jsonl"))
    if not files:
        raise FileNotFoundError(f"no .jsonl {what} files in {folder}")
    return files


def _read_jsonl(path: Path) -> list[dict[str, object]]:
    rows = []
    with path.open(encoding="utf-8") as fh:
        for lineno, line in enumerate(fh, 1):
            if not line.strip():
                continue
            try:
                rows.append(json.loads(line))
            except json.JSONDecodeError as exc:
                raise ValueError(f"{path}:{lineno}: not valid JSON ({exc.msg})") from exc
    return rows


def corpus_hash(rows: Iterable[dict[str, object]]) -> str:
    """A sha256 over the text, spans and labels of the answers, independent of file layout.

    Example:
        >>> len(corpus_hash([{"id": "a", "text": "x", "spans": []}]))
        64
    """
    h = hashlib.sha256()
    for row in sorted(rows, key=lambda r: str(r.get("id"))):
        keep = {k: row.get(k) for k in ("id", "text", "spans", "competencies")}
        h.update(json.dumps(keep, sort_keys=True, ensure_ascii=False).encode("utf-8"))
    return h.hexdigest()


def _shingles(text: str, n: int = NGRAM) -> set[tuple[str, ...]]:
    words = _WORD_RE.findall(text.lower())
    return {tuple(words[i : i + n]) for i in range(len(words) - n + 1)}


def validate(
    rows: Sequence[dict[str, object]],
    *,
    against: Sequence[str] = (),
    check_internal_duplicates: bool = True,
) -> list[Problem]:
    """Check answers against the annotation guide.

    Errors: missing fields, unknown labels/styles/qualities/competencies, spans out of
    order, outside the text, overlapping or empty, labelled text with white space at its
    ends, non-space text outside every span, duplicate ids, and any 8-word sequence shared
    with a text in ``against`` (the development sets, which must never leak in).
    Warnings: 8-word sequences shared between two corpus answers.

    Args:
        rows: Corpus answers.
        against: Texts the corpus must share no 8-word sequence with.
        check_internal_duplicates: Also report near-duplicates inside ``rows``.

    Returns:
        The problems found, errors first.

    Example:
        >>> validate([{"id": "x", "text": "Hi.", "spans": [{"label": "bogus", "start": 0, "end": 3}]}])[0].severity
        'error'
    """
    problems: list[Problem] = []
    seen_ids: set[str] = set()
    for row in rows:
        rid = str(row.get("id", "?"))
        problems += [Problem(rid, "error", p) for p in _row_errors(row)]
        if rid in seen_ids:
            problems.append(Problem(rid, "error", f"duplicate id {rid!r}"))
        seen_ids.add(rid)

    if against:
        banned: set[tuple[str, ...]] = set()
        for t in against:
            banned |= _shingles(t)
        for row in rows:
            shared = _shingles(str(row.get("text", ""))) & banned
            if shared:
                sample = " ".join(next(iter(shared)))
                problems.append(
                    Problem(str(row.get("id")), "error", f"shares {len(shared)} 8-word sequences with a development set, e.g. {sample!r}")
                )
    if check_internal_duplicates:
        owner: dict[tuple[str, ...], str] = {}
        pairs: collections.Counter[tuple[str, str]] = collections.Counter()
        for row in rows:
            rid = str(row.get("id"))
            for sh in _shingles(str(row.get("text", ""))):
                first = owner.setdefault(sh, rid)
                if first != rid:
                    pairs[(first, rid)] += 1
        for (a, b), count in sorted(pairs.items()):
            problems.append(Problem(b, "warning", f"shares {count} 8-word sequences with {a}"))
    problems.sort(key=lambda p: (p.severity != "error", p.id))
    return problems


def _row_errors(row: dict[str, object]) -> list[str]:
    errors = [f"missing field {f!r}" for f in REQUIRED_FIELDS if f not in row]
    if errors:
        return errors
    text = row["text"]
    if not isinstance(text, str) or not text.strip():
        return ["text must be a non-empty string"]
    if row["style"] not in STYLES:
        errors.append(f"style {row['style']!r} is not one of {list(STYLES)}")
    if row["quality"] not in QUALITIES:
        errors.append(f"quality {row['quality']!r} is not one of {list(QUALITIES)}")
    comps = row["competencies"]
    if not isinstance(comps, list) or not comps or any(c not in COMPETENCIES for c in comps):
        errors.append(f"competencies {comps!r} must be a non-empty list from {list(COMPETENCIES)}")
    for w in row.get("weaknesses", []) or []:  # type: ignore[union-attr]
        if w not in WEAKNESSES:
            errors.append(f"weakness {w!r} is not one of {list(WEAKNESSES)}")
    if not isinstance(row["question"], str) or not row["question"].strip():
        errors.append("question must be a non-empty string")
    spans = row["spans"]
    if not isinstance(spans, list) or not spans:
        return errors + ["spans must be a non-empty list"]
    covered = [False] * len(text)
    prev_end = 0
    for i, span in enumerate(spans):
        label, start, end = span.get("label"), span.get("start"), span.get("end")
        if label not in LABELS:
            errors.append(f"span {i}: label {label!r} is not one of {list(LABELS)}")
        if not isinstance(start, int) or not isinstance(end, int) or not 0 <= start < end <= len(text):
            errors.append(f"span {i}: offsets {start!r}..{end!r} are not inside the text (length {len(text)})")
            continue
        if start < prev_end:
            errors.append(f"span {i}: starts at {start}, before the previous span ends at {prev_end} (order/overlap)")
        if text[start].isspace() or text[end - 1].isspace():
            errors.append(f"span {i}: has white space at its ends")
        prev_end = end
        for j in range(start, end):
            covered[j] = True
    loose = "".join(ch for ch, c in zip(text, covered) if not c and not ch.isspace())
    if loose:
        errors.append(f"text outside every span: {loose[:40]!r}")
    if "<" in text and _TAG_RE.search(text):
        errors.append("text still contains markup tags")
    return errors


def missing_parts(row: dict[str, object]) -> list[str]:
    """The STAR labels that no span of ``row`` carries.

    Example:
        >>> missing_parts({"spans": [{"label": "action", "start": 0, "end": 3}]})
        ['situation', 'task', 'result']
    """
    present = {s["label"] for s in row["spans"]}  # type: ignore[union-attr, index]
    return [label for label in STAR_LABELS if label not in present]


def stats(rows: Sequence[dict[str, object]]) -> dict[str, object]:
    """Counts by field, question, competency, style, quality, label share and missing parts.

    Example:
        >>> stats([{"id": "a", "text": "I did it.", "spans": [{"label": "action", "start": 0, "end": 9}],
        ...         "question": "q", "domain": "retail", "competencies": ["teamwork"],
        ...         "style": "written", "quality": "weak"}])["answers"]
        1
    """
    words = [len(str(r["text"]).split()) for r in rows]
    label_words: collections.Counter[str] = collections.Counter()
    for r in rows:
        text = str(r["text"])
        for s in r["spans"]:  # type: ignore[union-attr]
            label_words[s["label"]] += len(text[s["start"] : s["end"]].split())
    total_lw = sum(label_words.values()) or 1
    missing: collections.Counter[str] = collections.Counter()
    for r in rows:
        missing.update(missing_parts(r) or ["(none)"])
    within_sentence = 0
    for r in rows:
        text = str(r["text"])
        for a, b in zip(r["spans"], r["spans"][1:]):  # type: ignore[index]
            gap = text[a["end"] : b["start"]]
            if "\n" not in gap and not re.search(r"[.!?][\"')\]]*$", text[a["start"] : a["end"]]):
                within_sentence += 1
                break
    return {
        "answers": len(rows),
        "words": sum(words),
        "words_per_answer": {"min": min(words, default=0), "mean": round(sum(words) / max(1, len(words)), 1), "max": max(words, default=0)},
        "domains": dict(collections.Counter(str(r["domain"]) for r in rows).most_common()),
        "questions": len({str(r["question"]).strip().lower() for r in rows}),
        "competencies": dict(collections.Counter(c for r in rows for c in r["competencies"]).most_common()),  # type: ignore[union-attr]
        "styles": dict(collections.Counter(str(r["style"]) for r in rows).most_common()),
        "qualities": dict(collections.Counter(str(r["quality"]) for r in rows).most_common()),
        "label_word_share": {k: round(label_words[k] / total_lw, 3) for k in LABELS},
        "missing_parts": dict(missing.most_common()),
        "answers_with_a_part_boundary_inside_a_sentence": within_sentence,
    }


def _eval_texts(eval_dir: Path) -> list[str]:
    texts: list[str] = []
    for path in sorted(eval_dir.glob("*.jsonl")):
        texts += [str(r.get("text", "")) for r in _read_jsonl(path)]
    return texts


def _default_eval_dir() -> Path:
    return Path(__file__).resolve().parents[3] / "shared" / "eval"


def main(argv: Sequence[str] | None = None) -> int:
    """Command line: ``python -m star_nlp.corpus {import,validate,stats,markup}``."""
    ap = argparse.ArgumentParser(prog="python -m star_nlp.corpus", description=__doc__.split("\n")[0])
    sub = ap.add_subparsers(dest="cmd", required=True)
    imp = sub.add_parser("import", help="convert a markup JSONL draft (field 'markup') into a corpus file")
    imp.add_argument("draft")
    imp.add_argument("--out", required=True)
    val = sub.add_parser("validate", help="validate corpus files (default: models/corpus)")
    val.add_argument("paths", nargs="*")
    val.add_argument("--eval-dir", default=str(_default_eval_dir()))
    val.add_argument("--no-internal", action="store_true", help="skip near-duplicate warnings inside the corpus")
    st = sub.add_parser("stats", help="print corpus statistics as JSON")
    st.add_argument("paths", nargs="*")
    mk = sub.add_parser("markup", help="print answers of a corpus file in markup form")
    mk.add_argument("path")
    a = ap.parse_args(argv)

    if a.cmd == "import":
        drafts = _read_jsonl(Path(a.draft))
        rows = []
        for d in drafts:
            try:
                text, spans = from_markup(str(d["markup"]))
            except (KeyError, ValueError) as exc:
                print(f"error: {d.get('id', '?')}: {exc}", file=sys.stderr)
                return 1
            row = {k: v for k, v in d.items() if k != "markup"}
            row["text"], row["spans"] = text, spans
            rows.append(row)
        problems = [p for p in validate(rows, against=_eval_texts(Path(_default_eval_dir()))) if p.severity == "error"]
        for p in problems:
            print(p, file=sys.stderr)
        if problems:
            return 1
        with open(a.out, "w", encoding="utf-8") as fh:
            for row in rows:
                fh.write(json.dumps(row, ensure_ascii=False) + "\n")
        print(f"wrote {len(rows)} answers to {a.out}")
        return 0
    if a.cmd == "markup":
        for row in _read_jsonl(Path(a.path)):
            print(json.dumps({**{k: v for k, v in row.items() if k not in ("text", "spans")}, "markup": to_markup(str(row["text"]), row["spans"])}, ensure_ascii=False))  # type: ignore[arg-type]
        return 0
    rows = [r for p in a.paths for r in _read_jsonl(Path(p))] if a.paths else load_corpus()
    if a.cmd == "stats":
        print(json.dumps(stats(rows), indent=1))
        return 0
    eval_dir = Path(a.eval_dir)
    against = _eval_texts(eval_dir) if eval_dir.is_dir() else []
    problems = validate(rows, against=against, check_internal_duplicates=not a.no_internal)
    for p in problems:
        print(p)
    n_err = sum(p.severity == "error" for p in problems)
    print(f"{len(rows)} answers, {n_err} errors, {len(problems) - n_err} warnings"
          + ("" if against else " (development sets not found: leakage not checked)"))
    return 1 if n_err else 0


if __name__ == "__main__":
    raise SystemExit(main())
