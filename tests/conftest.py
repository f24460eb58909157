"""Shared fixtures: the real pipeline and the real shipped models, loaded once per session."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

import star_nlp
from star_nlp.analyzer import default_analyzer
from star_nlp.corpus import load_corpus

ROOT = Path(__file__).resolve().parents[1]
EVAL_DIR = ROOT.parent / "shared" / "eval"


@pytest.fixture(scope="session")
def analyzer() -> star_nlp.Analyzer:
    return default_analyzer()


@pytest.fixture(scope="session")
def nlp(analyzer):
    return analyzer.nlp


@pytest.fixture(scope="session")
def corpus():
    return load_corpus()


@pytest.fixture(scope="session")
def star_dev():
    path = EVAL_DIR / "star_dev.jsonl"
    if not path.is_file():
        pytest.skip("../shared/eval is not beside this checkout")
    return [json.loads(line) for line in path.open(encoding="utf-8") if line.strip()]


STRONG = (
    "At my last company our nightly data pipeline failed about twice a week, and analysts lost a morning each time. "
    "My manager asked me to make it reliable before the quarterly planning cycle. "
    "I started by reading three months of failure logs and found that most failures came from one upstream API timing out. "
    "I added retries with exponential backoff, split the largest job into smaller batches, and wrote alerts that paged me before analysts noticed. "
    "I also walked the analysts through the new dashboard so they could check data freshness themselves. "
    "As a result, failures dropped from eight a month to one, and the analysts saved about 10 hours a week. "
    "I learned to look at the failure history before writing any fix."
)

# A second complete story, shared by the portfolio and job-matching tests.
LEAK = (
    "In 2023 our Java order service at an online bookshop ran out of memory every few days and had to be restarted by hand. "
    "I owned the investigation because I had written most of the caching layer. "
    "I took heap dumps from two crashed instances, compared them in a profiler, and found a listener that was never unregistered. "
    "I fixed the leak, added a memory test to the build, and set an alert on heap growth. "
    "The service then ran for ninety days without a restart, and on-call pages fell by 70%. "
    "I learned to add a regression test for every leak I fix."
)
