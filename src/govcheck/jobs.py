"""Worker processes for ``-j/--jobs``: read, validate, build facts and run per-item rules in parallel.

The parent hands out chunks of files in order and takes the outcomes back in the same order,
so everything it keeps (file results, findings, the trimmed corpus facts, the report's item
results) is in the order one process would have produced; the cross-record rules then run
once, in the parent, over all of it. Each worker builds its own engine (durable-rules keeps
rulesets global by name in one process, so they cannot be shared or sent).

A pool costs start-up (a fork is ~10 ms per worker on Linux; a spawned worker on Windows or
macOS re-imports govcheck and rebuilds its rules, ~0.3 s), so runs of fewer than
``POOL_MIN_FILES`` files — a single record, a pre-commit hook over a small repository — stay
in one process whatever ``-j`` says.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Iterator
from typing import TYPE_CHECKING, Any, Protocol, cast

if TYPE_CHECKING:
    from govcheck.facts.build import Fact
    from govcheck.loading.record import Record
    from govcheck.pipeline import ChunkOutcome, FileChecker, FilePlan, Observer

# Below this a pool costs more than it saves (measured in bench/README.md): with fork the
# break-even is near 100 files; a spawned worker costs ~0.3 s more to start.
POOL_MIN_FILES = 200 if sys.platform.startswith("linux") else 500
_SPLITTABLE = ("fresh", "take", "absorb")
AHEAD = 2  # chunks in flight per worker: keeps both busy without outcomes piling up in the parent


class _Splittable(Protocol):
    """An observer a pool can split (the report's item collector): one empty twin per worker,
    whose part goes back to the parent with each chunk. ``worker_count`` runs any other in one process."""

    def __call__(self, record: Record, facts: list[Fact], /) -> None: ...
    def fresh(self) -> _Splittable: ...
    def take(self) -> Any: ...
    def absorb(self, part: Any) -> None: ...


_checker: FileChecker | None = None  # this worker's own checker, made once per process


def usable_cpus() -> int:
    """CPUs this process may run on (affinity, cgroup-limited sets), not the machine's count."""
    counter = getattr(os, "process_cpu_count", None)  # Python 3.13
    if counter is not None:
        return max(1, counter() or 1)
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # Windows, macOS
        return max(1, os.cpu_count() or 1)


def worker_count(jobs: int | None, files: int, observe: Observer | None = None) -> int:
    """How many worker processes a run uses; 1 means none (the parent does the work)."""
    wanted = usable_cpus() if jobs is None else jobs
    if wanted <= 1 or files < POOL_MIN_FILES:
        return 1
    if observe is not None and not all(hasattr(observe, name) for name in _SPLITTABLE):
        return 1  # an observer that cannot be split across processes sees every record here
    from govcheck.pipeline import CHUNK_FILES

    return max(1, min(wanted, -(-files // CHUNK_FILES)))


def _context() -> Any:
    # fork starts a worker in milliseconds with the rules already loaded; it is safe on Linux
    # (govcheck starts no threads). Elsewhere the platform's default (spawn) is the safe one.
    import multiprocessing  # imported only for a pool: a one-file run does not pay for it

    if sys.platform.startswith("linux"):
        return multiprocessing.get_context("fork")
    return multiprocessing.get_context()


def _exit_with_parent() -> None:
    """End this worker as soon as the parent is gone, however it went.

    A parent killed by SIGTERM (``timeout``, ``kill``, a CI runner stopping the command), SIGKILL or
    Windows' TerminateProcess runs no clean-up, and a worker waiting for its next chunk would wait
    for ever (its siblings keep the work queue open). The parent's sentinel (a pipe or process
    handle multiprocessing gives every child) becomes ready when the parent exits.
    """
    import multiprocessing
    import threading
    from multiprocessing.connection import wait

    parent = multiprocessing.parent_process()
    if parent is None:
        return
    sentinel = parent.sentinel

    def watch() -> None:
        wait([sentinel])
        os._exit(1)  # nothing of a worker's needs saving: the parent writes every output

    threading.Thread(target=watch, name="govcheck-parent-watch", daemon=True).start()


def _start_worker(plan: FilePlan, observe: Observer | None) -> None:
    global _checker
    from govcheck.pipeline import FileChecker

    _exit_with_parent()
    _checker = FileChecker(plan, observe)


def _check_chunk(paths: list[str]) -> ChunkOutcome:
    assert _checker is not None, "worker not started"
    outcome = _checker.check(paths)
    if _checker.observe is not None:
        outcome.observed = cast(_Splittable, _checker.observe).take()
    return outcome


def run_pool(plan: FilePlan, observe: Observer | None, chunks: list[list[str]], workers: int) -> Iterator[ChunkOutcome]:
    """Each chunk's outcome, in the order of ``chunks``.

    At most ``AHEAD`` chunks per worker are handed out beyond the one the parent waits for:
    ``pool.map`` would hand out every chunk at once, and finished outcomes would pile up in the
    parent (tens of MB at 50,000 items) whenever the parent is slower than its workers.
    """
    from collections import deque
    from concurrent.futures import Future, ProcessPoolExecutor

    twin: Observer | None = cast(_Splittable, observe).fresh() if observe is not None else None
    with ProcessPoolExecutor(
        max_workers=workers,
        mp_context=_context(),
        initializer=_start_worker,
        initargs=(plan, twin),
    ) as pool:
        pending: deque[Future[ChunkOutcome]] = deque()
        for chunk in chunks:
            pending.append(pool.submit(_check_chunk, chunk))
            if len(pending) > workers * AHEAD:
                yield pending.popleft().result()
        while pending:
            yield pending.popleft().result()
