"""Analyse many answers on a Dask cluster.

Dask is an optional dependency: ``pip install 'star-nlp[dask]'`` (``dask[bag]`` and
``distributed``).

The answers become a ``dask.bag`` of a few partitions; each partition is analysed with
:func:`star_nlp.analyze_many` by a worker, which loads the spaCy pipeline and the shipped models
once per worker process (the default :class:`~star_nlp.Analyzer`, created lazily on the first
partition the process gets and reused for the next). The :class:`~star_nlp.results.Feedback`
objects come back pickled, in input order, identical to a sequential run.

Running against a cluster:

1. Install the same ``star-nlp`` (with its English pipeline, a dependency) in the scheduler's,
   every worker's and your client's Python: ``pip install 'star-nlp[dask]'``. The workers import
   ``star_nlp``; nothing is shipped to them but the answers.
2. Start the cluster, for example ``dask scheduler`` on one machine and
   ``dask worker tcp://SCHEDULER:8786 --nworkers 4 --nthreads 1`` on each worker machine, or a
   ``distributed.LocalCluster`` on one machine. Prefer one thread per worker process: the analysis is
   CPU-bound and mostly Python, so throughput scales with processes, not threads. Each worker
   process holds the pipeline and models in about 400 MB of memory.
3. Connect and pass the client: ``analyze_dask(answers, client=Client("tcp://SCHEDULER:8786"),
   partitions=...)``. Use at least as many partitions as worker processes (a few per process
   balances the load); the models load once per worker process, not once per partition.

Without ``client``, Dask's current scheduler is used: the default ``distributed.Client`` if one has
been created in this process, otherwise Dask's local process pool for bags.

Example:
    >>> from distributed import Client, LocalCluster  # doctest: +SKIP
    >>> from star_nlp.distributed import analyze_dask
    >>> with LocalCluster(n_workers=2, threads_per_worker=1) as cluster, Client(cluster) as client:  # doctest: +SKIP
    ...     feedbacks = analyze_dask(["I fixed the build.", "We shipped it."], client=client)
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from .analyzer import DEFAULT_MAX_CHARS, default_analyzer
from .results import Feedback

__all__ = ["analyze_dask"]


def _analyze_partition(answers: Sequence[str]) -> list[Feedback]:
    """Run in a worker: analyse one partition with the worker process's default analyzer."""
    return default_analyzer().analyze_many(list(answers))


def _check_answers(answers: object) -> list[str]:
    """Fail fast, before anything is sent to the cluster, with the answer's index in the whole input.

    The rules are :class:`~star_nlp.Analyzer`'s (the workers apply them again).
    """
    if isinstance(answers, (str, bytes)):
        raise TypeError("answers must be a sequence of answers, not a single str; wrap it in a list")
    try:
        texts = list(answers)  # type: ignore[call-overload]
    except TypeError:
        raise TypeError(f"answers must be a sequence of str, not {type(answers).__name__}") from None
    for i, text in enumerate(texts):
        if not isinstance(text, str):
            raise TypeError(f"answer {i}: answer must be a str, not {type(text).__name__}")
        if len(text) > DEFAULT_MAX_CHARS:
            raise ValueError(f"answer {i}: answer is {len(text):,} characters long; the maximum is {DEFAULT_MAX_CHARS:,}")
        if not text.strip():
            raise ValueError(f"answer {i}: answer is empty or only white space")
    return texts


def analyze_dask(answers: Sequence[str], *, client: Any = None, partitions: int = 2) -> list[Feedback]:
    """Analyse many answers on a Dask cluster; the same results as :func:`star_nlp.analyze_many`.

    The answers are split into ``partitions`` contiguous partitions of a ``dask.bag``; each is
    analysed by a worker with :func:`star_nlp.analyze_many` (the worker's default analyzer, loaded
    once per worker process). See the module documentation for running against a cluster.

    Args:
        answers: The answers, in order (a list or other sequence of ``str``).
        client: A ``distributed.Client`` connected to the cluster. ``None`` uses Dask's current
            scheduler: the default ``Client`` of this process if there is one, else local processes.
        partitions: How many partitions to split the answers into (at most one per answer); use at
            least the number of worker processes.

    Returns:
        One :class:`~star_nlp.results.Feedback` per answer, in input order.

    Raises:
        ImportError: Dask (``dask[bag]`` and ``distributed``) is not installed.
        TypeError: ``answers`` is a single ``str`` or holds a non-``str``; the message names its index.
        ValueError: An answer is empty, white space only or longer than the default limit (the
            message names its index), or ``partitions`` is not a positive integer.

    Example:
        >>> from distributed import Client, LocalCluster  # doctest: +SKIP
        >>> from star_nlp.distributed import analyze_dask
        >>> cluster = LocalCluster(n_workers=2, threads_per_worker=1)  # doctest: +SKIP
        >>> client = Client(cluster)  # doctest: +SKIP
        >>> feedbacks = analyze_dask(["Our deploys failed weekly. I added canary releases. Failures fell to zero."], client=client)  # doctest: +SKIP
        >>> len(feedbacks)  # doctest: +SKIP
        1
        >>> client.close(); cluster.close()  # doctest: +SKIP
    """
    try:
        import dask.bag as db
        import distributed  # noqa: F401  (the cluster client the workers run under)
    except ImportError as exc:
        raise ImportError("analyze_dask needs dask: pip install 'star-nlp[dask]'") from exc
    if not isinstance(partitions, int) or isinstance(partitions, bool) or partitions < 1:
        raise ValueError(f"partitions must be a positive integer, not {partitions!r}")
    texts = _check_answers(answers)
    if not texts:
        return []
    bag = db.from_sequence(texts, npartitions=min(partitions, len(texts)))
    results = bag.map_partitions(_analyze_partition)
    feedbacks: list[Feedback] = results.compute(scheduler=client) if client is not None else results.compute()
    return feedbacks
