"""Speed, latency, cold start, memory and scaling of star_nlp next to the bare spaCy pipeline.

Everything runs on the training-corpus answers (``star_nlp.corpus.load_corpus``) in one process,
except cold start and peak memory, which need fresh subprocesses. It prints a report; it asserts
nothing (timings depend on the machine and on what else runs on it).

Measured:

a. throughput in words per second (whitespace words) of ``Analyzer.analyze_many`` against the
   bare full pipeline (``spacy.load(pkg)`` with every component, ``list(nlp.pipe(texts))``) and
   against the parse-only pipeline star_nlp uses (``analyzer.nlp.pipe``), as ratios;
b. single-answer latency: the median over the answers of ``analyzer.analyze(t)`` against
   ``nlp(t)`` of the bare full pipeline (timed answer by answer, alternating);
c. cold start in fresh interpreters: ``import star_nlp; star_nlp.analyze(text)`` against
   ``import spacy; spacy.load(pkg)`` (median of 3 runs each);
d. peak memory (``ru_maxrss``) of a subprocess that imports star_nlp and analyses the corpus,
   next to one that loads spaCy and parses the corpus;
e. scaling: ``analyze`` on one text of 100, 1,000, 10,000 and 100,000 words (corpus answers
   joined with blank lines, cut after the N-th word), in seconds and microseconds per word.

Issue targets (issue 9) are printed next to each figure.

Usage: python benchmarks/bench_speed.py [--quick] [--answers N] [--runs N]

The full run takes about five minutes on two cores; ``--quick`` about one.
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import os
import platform
import re
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Sequence

# ---------------------------------------------------------------- helpers


def words(texts: Sequence[str]) -> int:
    return sum(len(t.split()) for t in texts)


def timed(fn: Callable[[], object]) -> float:
    t0 = time.perf_counter()
    fn()
    return time.perf_counter() - t0


def best_of(fn: Callable[[], object], runs: int) -> float:
    """Fastest of ``runs`` timings (least disturbed by other work on the machine)."""
    return min(timed(fn) for _ in range(runs))


def package_in_use() -> str:
    """The spaCy package star_nlp's ``load_pipeline`` picks (the first of its candidates installed)."""
    from star_nlp.pipeline import PIPELINE_PACKAGES

    for pkg in PIPELINE_PACKAGES:
        if importlib.util.find_spec(pkg) is not None:
            return pkg
    raise SystemExit(f"none of {PIPELINE_PACKAGES} is installed")


def verdict(ok: bool) -> str:
    return "meets target" if ok else "MISSES target"


def run_python(code: str, *args: str) -> dict:
    """Run ``code`` in a fresh interpreter; it prints one JSON line last."""
    env = dict(os.environ)
    env.pop("PYTHONPROFILEIMPORTTIME", None)
    t0 = time.perf_counter()
    out = subprocess.run([sys.executable, "-c", code, *args], capture_output=True, text=True, env=env)
    wall = time.perf_counter() - t0
    if out.returncode != 0:
        raise SystemExit(f"subprocess failed ({out.returncode}):\n{out.stderr}")
    result = json.loads(out.stdout.strip().splitlines()[-1])
    result["wall"] = wall
    return result


COLD_STAR = """
import json, sys, time
text = open(sys.argv[1], encoding="utf-8").read()
t0 = time.perf_counter()
import star_nlp
star_nlp.analyze(text)
print(json.dumps({"seconds": time.perf_counter() - t0}))
"""

COLD_SPACY = """
import json, sys, time
t0 = time.perf_counter()
import spacy
spacy.load(sys.argv[1])
print(json.dumps({"seconds": time.perf_counter() - t0}))
"""

HWM = """
def hwm_kb():  # peak RSS of this process image alone (Linux /proc), a cross-check of ru_maxrss
    try:
        with open("/proc/self/status") as fh:
            return next(int(line.split()[1]) for line in fh if line.startswith("VmHWM:"))
    except (OSError, StopIteration):
        return None
"""

MEM_STAR = HWM + """
import json, resource, sys, time
limit = int(sys.argv[1])
t0 = time.perf_counter()
import star_nlp
from star_nlp.corpus import load_corpus
texts = [r["text"] for r in load_corpus()][:limit]
fbs = star_nlp.analyze_many(texts)
print(json.dumps({"maxrss_kb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss, "hwm_kb": hwm_kb(), "n": len(fbs), "seconds": time.perf_counter() - t0}))
"""

MEM_SPACY = HWM + """
import importlib.util, json, resource, sys, time
limit = int(sys.argv[1])
t0 = time.perf_counter()
import spacy
from star_nlp.corpus import load_corpus
from star_nlp.pipeline import PIPELINE_PACKAGES
pkg = next(p for p in PIPELINE_PACKAGES if importlib.util.find_spec(p) is not None)
texts = [r["text"] for r in load_corpus()][:limit]
nlp = spacy.load(pkg)
docs = list(nlp.pipe(texts))
print(json.dumps({"maxrss_kb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss, "hwm_kb": hwm_kb(), "n": len(docs), "seconds": time.perf_counter() - t0}))
"""


def first_words(text: str, n: int) -> str:
    """``text`` cut just after its ``n``-th whitespace word."""
    for i, m in enumerate(re.finditer(r"\S+", text), 1):
        if i == n:
            return text[: m.end()]
    raise ValueError(f"text has fewer than {n} words")


# ---------------------------------------------------------------- main


def main(argv: Sequence[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--quick", action="store_true", help="fewer answers, one run each, scaling up to 10,000 words")
    ap.add_argument("--answers", type=int, default=None, help="answers to use (default: all; --quick: 80)")
    ap.add_argument("--runs", type=int, default=1, help="timed runs for throughput, best of (default 1)")
    a = ap.parse_args(argv)
    started = time.perf_counter()

    from star_nlp.corpus import load_corpus  # standard library only: this process stays small

    all_texts = [str(r["text"]) for r in load_corpus()]
    n_answers = a.answers or (80 if a.quick else len(all_texts))
    texts = all_texts[:n_answers]

    # (d) first, while this process is still small: Linux keeps the parent's resident size at
    # fork as a floor of the child's ru_maxrss, so a child started later would report >= ours.
    m_star_run = run_python(MEM_STAR, str(len(texts)))
    m_spacy_run = run_python(MEM_SPACY, str(len(texts)))

    import spacy

    import star_nlp
    runs = max(1, a.runs)
    cold_runs = 3
    sizes = (100, 1_000, 10_000) if a.quick else (100, 1_000, 10_000, 100_000)
    n_words = words(texts)
    pkg = package_in_use()

    print("star_nlp speed benchmark" + (" (--quick)" if a.quick else ""))
    print(
        f"python {platform.python_version()}, spaCy {spacy.__version__}, star_nlp {star_nlp.__version__}, "
        f"pipeline {pkg}, {os.cpu_count()} CPUs"
    )
    print(f"load average at start: {' '.join(f'{x:.2f}' for x in os.getloadavg())} (other work on the machine skews timings)")
    print(f"corpus: {len(texts)} answers, {n_words:,} words (mean {n_words / len(texts):.0f} words/answer)")

    analyzer = star_nlp.Analyzer()
    full = spacy.load(pkg)
    print(f"star_nlp pipeline: enabled {analyzer.nlp.pipe_names}, disabled {analyzer.nlp.disabled}")
    print(f"bare full pipeline: {full.pipe_names}")
    print()

    # warm-up: first calls allocate buffers, build lexemes, load lazy modules.
    warm = all_texts[:20]
    analyzer.analyze_many(warm)
    list(full.pipe(warm))
    list(analyzer.nlp.pipe(warm))
    for t in warm[:5]:
        analyzer.analyze(t)
        full(t)

    # ---------------------------------------------------------- (a) throughput
    print(f"(a) batch throughput, best of {runs} run(s) over {len(texts)} answers")
    t_many = best_of(lambda: analyzer.analyze_many(texts), runs)
    t_full = best_of(lambda: list(full.pipe(texts)), runs)
    t_parse = best_of(lambda: list(analyzer.nlp.pipe(texts)), runs)
    wps = {name: n_words / t for name, t in (("many", t_many), ("full", t_full), ("parse", t_parse))}
    print(f"    Analyzer.analyze_many           {t_many:8.2f} s  {wps['many']:9,.0f} words/s")
    print(f"    bare full pipeline nlp.pipe     {t_full:8.2f} s  {wps['full']:9,.0f} words/s")
    print(f"    star_nlp parse-only nlp.pipe    {t_parse:8.2f} s  {wps['parse']:9,.0f} words/s")
    r_full = wps["many"] / wps["full"]
    r_parse = wps["many"] / wps["parse"]
    print(f"    analyze_many / full pipeline   = {r_full:.2f}x throughput   (target >= 1.00x: {verdict(r_full >= 1.0)})")
    print(f"    analyze_many / parse-only      = {r_parse:.2f}x throughput   (analysis after parsing costs {t_many - t_parse:.2f} s, "
          f"{(t_many - t_parse) / t_many:.0%} of analyze_many)")
    print(f"    parse-only / full pipeline     = {wps['parse'] / wps['full']:.2f}x throughput (gain from disabling ner)")
    print()

    # ---------------------------------------------------------- (b) latency
    print(f"(b) single-answer latency, median over {len(texts)} answers (timed alternately)")
    lat_star: list[float] = []
    lat_full: list[float] = []
    for t in texts:
        lat_star.append(timed(lambda: analyzer.analyze(t)))
        lat_full.append(timed(lambda: full(t)))
    m_star, m_full = statistics.median(lat_star), statistics.median(lat_full)
    per_answer = statistics.median(s / f for s, f in zip(lat_star, lat_full))
    r_lat = m_star / m_full
    print(f"    analyzer.analyze(t)   median {m_star * 1e3:7.1f} ms   p90 {statistics.quantiles(lat_star, n=10)[-1] * 1e3:7.1f} ms")
    print(f"    full nlp(t)           median {m_full * 1e3:7.1f} ms   p90 {statistics.quantiles(lat_full, n=10)[-1] * 1e3:7.1f} ms")
    print(f"    ratio of medians      = {r_lat:.2f}x   (target <= 1.30x: {verdict(r_lat <= 1.3)}); median per-answer ratio {per_answer:.2f}x")
    print()

    # ---------------------------------------------------------- (c) cold start
    print(f"(c) cold start in fresh interpreters, median of {cold_runs} runs (seconds from first import; wall includes interpreter start)")
    with tempfile.NamedTemporaryFile("w", suffix=".txt", delete=False, encoding="utf-8") as fh:
        fh.write(texts[0])
        sample = fh.name
    try:
        star_runs = []
        spacy_runs = []
        for _ in range(cold_runs):  # alternate so both see the same machine state
            star_runs.append(run_python(COLD_STAR, sample))
            spacy_runs.append(run_python(COLD_SPACY, pkg))
    finally:
        os.unlink(sample)
    c_star = statistics.median(r["seconds"] for r in star_runs)
    c_spacy = statistics.median(r["seconds"] for r in spacy_runs)
    w_star = statistics.median(r["wall"] for r in star_runs)
    w_spacy = statistics.median(r["wall"] for r in spacy_runs)
    r_cold = c_star / c_spacy
    print(f"    import star_nlp; star_nlp.analyze(text)  {c_star:6.2f} s  (wall {w_star:6.2f} s)  runs {[round(r['seconds'], 2) for r in star_runs]}")
    print(f"    import spacy; spacy.load({pkg!r})  {c_spacy:6.2f} s  (wall {w_spacy:6.2f} s)  runs {[round(r['seconds'], 2) for r in spacy_runs]}")
    print(f"    ratio = {r_cold:.2f}x   (target <= 1.50x: {verdict(r_cold <= 1.5)}); wall ratio {w_star / w_spacy:.2f}x")
    print()

    # ---------------------------------------------------------- (d) memory
    print(f"(d) peak memory (ru_maxrss) of a fresh process over {len(texts)} answers (measured first, from a small parent)")
    mb_star = m_star_run["maxrss_kb"] / 1024
    mb_spacy = m_spacy_run["maxrss_kb"] / 1024

    def hwm(run: dict) -> str:
        return f"VmHWM {run['hwm_kb'] / 1024:7.1f} MB" if run.get("hwm_kb") else ""

    print(f"    import star_nlp + analyze_many(corpus)    {mb_star:7.1f} MB  {hwm(m_star_run)}  (target < 600 MB: {verdict(mb_star < 600)})")
    print(f"    spacy.load + list(nlp.pipe(corpus))       {mb_spacy:7.1f} MB  {hwm(m_spacy_run)}  (for comparison; {mb_star / mb_spacy:.2f}x)")
    print()

    # ---------------------------------------------------------- (e) scaling
    print("(e) scaling: analyze() on one long text (answers joined, cut after N words)")
    big = "\n\n".join(all_texts)
    long_analyzer = star_nlp.Analyzer(analyzer.nlp, max_chars=10 * len(big))
    if analyzer.nlp.max_length < len(big):  # spaCy's own limit (E088); only for this benchmark process
        analyzer.nlp.max_length = len(big) + 1
    # the same text through star_nlp's own parse alone: how much of any growth is spaCy's
    print(f"    {'words':>8} {'chars':>9} {'seconds':>9} {'us/word':>9} {'vs 1,000':>9} {'parse only':>11} {'vs 1,000':>9}")
    per_word: dict[int, float] = {}
    parse_per_word: dict[int, float] = {}
    for n in sizes:
        if n > words([big]):
            print(f"    {n:>8,} skipped: the corpus has only {words([big]):,} words")
            continue
        text = first_words(big, n)
        reps = max(1, min(20, 2_000 // n))
        secs = statistics.median(timed(lambda: long_analyzer.analyze(text)) for _ in range(reps))
        parse = statistics.median(timed(lambda: analyzer.nlp(text)) for _ in range(reps))
        per_word[n] = secs / n * 1e6
        parse_per_word[n] = parse / n * 1e6
        rel = f"{per_word[n] / per_word[1_000]:8.2f}x" if 1_000 in per_word else f"{'':>9}"
        prel = f"{parse_per_word[n] / parse_per_word[1_000]:8.2f}x" if 1_000 in parse_per_word else f"{'':>9}"
        print(f"    {n:>8,} {len(text):>9,} {secs:>9.3f} {per_word[n]:>9.1f} {rel} {parse_per_word[n]:>9.1f}us {prel}")
    if 1_000 in per_word:
        worst = max(per_word[n] / per_word[1_000] for n in per_word if n >= 1_000)
        worst_parse = max(parse_per_word[n] / parse_per_word[1_000] for n in parse_per_word if n >= 1_000)
        print(f"    largest us/word relative to 1,000 words = {worst:.2f}x (linear would stay near 1.0x); "
              f"the parse alone: {worst_parse:.2f}x")
    print()

    print(f"load average at end: {' '.join(f'{x:.2f}' for x in os.getloadavg())}; total {time.perf_counter() - started:.0f} s")
    print()
    print("summary (issue 9 targets)")
    print(f"    batch throughput vs full pipeline  {r_full:5.2f}x  target >= 1.00x  {verdict(r_full >= 1.0)}")
    print(f"    single-answer latency vs nlp(t)    {r_lat:5.2f}x  target <= 1.30x  {verdict(r_lat <= 1.3)}")
    print(f"    cold start vs spacy.load           {r_cold:5.2f}x  target <= 1.50x  {verdict(r_cold <= 1.5)}")
    print(f"    peak memory                        {mb_star:5.0f} MB target <  600 MB {verdict(mb_star < 600)}")
    if 1_000 in per_word:
        print(f"    scaling (worst us/word vs 1,000)   {worst:5.2f}x  target ~1x    {verdict(worst <= 1.5)} (taken as <= 1.5x)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
