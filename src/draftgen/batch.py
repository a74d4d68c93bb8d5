"""Run many independent tasks in a pool of processes, results as they come.

The worker state (a builder with the project, its data and its compiled templates) is
made once in the parent. On Linux the workers are forked and inherit it, compiled
templates included; where fork is not available each worker makes its own with the
``setup`` function. Tasks go in chunks; a task that raises becomes a failed result and
the others go on.

Workers are forked afresh every ``ROUND_TASKS`` tasks, so that their memory does not grow
with the number of tasks. Before each fork the parent's objects are frozen out of the
collector (``gc.freeze``): the workers' collections then leave the pages they share with
the parent alone.

A worker that dies (killed, out of memory) breaks the whole pool: the tasks left are run
again in a fresh pool, and the task the dead worker was running (each worker marks the
task it runs in shared memory) is tried once more alone — if it kills its worker again, it
fails, with a reason, and only it. Workers die with the process that started them (Linux:
``PR_SET_PDEATHSIG``; elsewhere they stop at their next task when their parent is gone):
a killed build leaves no worker behind.
"""

from __future__ import annotations

import gc
import os
import sys
from collections.abc import Callable, Iterator, Sequence
from typing import Any, TypeVar

from .errors import DraftgenError

T = TypeVar("T")
R = TypeVar("R")


class TaskError(Exception):
    """A task's failure, as text: it crosses process boundaries intact."""


class WorkerDied(TaskError):
    """The task killed its worker, twice: it ran out of memory or was killed."""


def _failure(exc: BaseException) -> TaskError:
    if isinstance(exc, DraftgenError):
        return TaskError(str(exc))
    return TaskError(f"lỗi không lường trước ({type(exc).__name__}): {exc}")

# The state and work function of this process's tasks (set in the parent before a fork,
# or by ``_setup`` in a spawned worker); in a worker, the shared marks of the tasks and
# the pid of the parent.
_STATE: Any = None
_WORK: Callable[[Any, Any], Any] | None = None
_MARKS: Any = None
_PARENT: int | None = None
_FINISHED = -1  # mark of a task done in its worker (0: not started; a pid: running there)
_PR_SET_PDEATHSIG = 1
# Tasks per pool: then the workers are forked afresh from the parent. A worker's memory
# grows with the tasks it runs (the pages of the shared data its tasks touch become its
# own, the heap fragments); fresh workers keep it bounded whatever the number of units.
# 100: a round of a large project then grows a worker no more than a whole project of 100
# units does (measured: 256 let a worker's private memory grow by ~9 MB within a round).
ROUND_TASKS = 100

DEAD_WORKER = ("tiến trình dựng văn bản này dừng đột ngột, hai lần (bị tắt từ bên ngoài hoặc "
               "hết bộ nhớ); các văn bản khác không bị ảnh hưởng → chạy lại «draftgen build»; "
               "nếu vẫn lỗi, thử «--jobs 1» và xem bộ nhớ của máy")


def default_workers() -> int:
    """The processes a batch uses by default: the CPUs this process may run on."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # not on Linux
        return max(1, os.cpu_count() or 1)


def _die_with_parent(parent: int) -> None:
    """Have the kernel kill this worker when its parent dies (Linux), and leave at once if
    the parent is already gone."""
    if sys.platform.startswith("linux"):
        import ctypes
        import signal

        try:
            libc = ctypes.CDLL(None, use_errno=True)
            libc.prctl(_PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0)
        except (OSError, AttributeError):
            pass  # the check before each task remains
    if os.getppid() != parent:
        os._exit(1)


def _release_free_memory() -> None:
    """Give the memory freed so far back to the system (glibc): loading the data leaves
    megabytes of freed pandas buffers in the heap, which forked workers would map too."""
    if sys.platform.startswith("linux"):
        import ctypes

        try:
            ctypes.CDLL(None).malloc_trim(0)
        except (OSError, AttributeError):
            pass


def _before_fork() -> None:
    """Ready the parent for forking a pool: its objects, the results gathered from the
    workers so far included, frozen out of the collector, whose collection after each
    render in a worker would otherwise visit them and so copy the pages they are on; and
    its free memory given back."""
    gc.freeze()
    _release_free_memory()


def _init_worker(parent: int, marks: Any, setup: tuple[Callable[..., Any], tuple] | None,
                 work: Callable[[Any, Any], Any] | None) -> None:
    global _STATE, _WORK, _MARKS, _PARENT
    _die_with_parent(parent)
    _MARKS, _PARENT = marks, parent
    if setup is not None:  # spawned: make the state here
        _STATE, _WORK = setup[0](*setup[1]), work


def _run_chunk(chunk: Sequence[tuple[int, Any]]) -> list[tuple[Any, TaskError | None]]:
    out: list[tuple[Any, TaskError | None]] = []
    pid = os.getpid()
    for index, task in chunk:
        if _PARENT is not None and os.getppid() != _PARENT:
            os._exit(1)  # the build is gone: nobody wants the result
        if _MARKS is not None:
            _MARKS[index] = pid
        try:
            out.append((_WORK(_STATE, task), None))  # type: ignore[misc]
        except Exception as exc:  # one task's failure must not stop its chunk
            out.append((None, _failure(exc)))
        if _MARKS is not None:
            _MARKS[index] = _FINISHED
    return out


def _chunks(items: Sequence[T], size: int) -> list[Sequence[T]]:
    return [items[i:i + size] for i in range(0, len(items), size)]


def run_tasks(work: Callable[[Any, T], R], tasks: Sequence[T], *, state: Any,
              workers: int = 1, setup: tuple[Callable[..., Any], tuple] | None = None,
              ) -> Iterator[tuple[T, R | None, TaskError | None]]:
    """``work(state, task)`` for every task; yield ``(task, result, error)`` as results
    come (in order with one worker), each task exactly once. ``setup = (function, args)``
    makes the state in a worker that cannot be forked."""
    global _STATE, _WORK
    if workers <= 1 or len(tasks) <= 1:
        for task in tasks:
            try:
                yield task, work(state, task), None
            except Exception as exc:
                yield task, None, _failure(exc)
        return
    import multiprocessing  # here: a build with nothing to render starts no worker

    workers = min(workers, len(tasks))
    if "fork" in multiprocessing.get_all_start_methods():
        context = multiprocessing.get_context("fork")
        _STATE, _WORK = state, work  # inherited by the forked workers
        made: tuple[Callable[..., Any], tuple] | None = None
    elif setup is not None:
        context = multiprocessing.get_context("spawn")
        made = setup
    else:  # no way to give workers the state: run here
        yield from run_tasks(work, tasks, state=state, workers=1)
        return
    marks = context.RawArray("i", len(tasks))
    initargs = (os.getpid(), marks, made, work if made else None)
    frozen = gc.get_freeze_count()
    try:
        normal, suspects = list(range(len(tasks))), []
        while normal or suspects:
            if normal:  # the next tasks not yet done, in a fresh pool
                batch, normal = normal[:ROUND_TASKS], normal[ROUND_TASKS:]
                size = max(1, min(8, len(batch) // (workers * 4)))
                lost = yield from _round(tasks, batch, min(workers, len(batch)), size,
                                         context, initargs, marks)
                running = [i for i in lost if marks[i] > 0]
                if running or len(lost) < len(batch):
                    suspects += running
                    normal = [i for i in lost if marks[i] <= 0] + normal
                else:  # broke before any task ran: try each alone
                    suspects += lost
            else:  # a task a dead worker was running: once more, alone
                index = suspects.pop(0)
                if (yield from _round(tasks, [index], 1, 1, context, initargs, marks)):
                    yield tasks[index], None, WorkerDied(DEAD_WORKER)
    finally:
        _STATE, _WORK = None, None
        if not frozen:  # else the caller's freeze: it unfreezes
            gc.unfreeze()


def _round(tasks: Sequence[T], indexes: list[int], workers: int, size: int, context: Any,
           initargs: tuple, marks: Any) -> Iterator[tuple[T, Any, TaskError | None]]:
    """Run ``tasks[i]`` for ``i`` in ``indexes`` in one pool; yield the results; return the
    indexes left without a result when a worker died and broke the pool."""
    from concurrent.futures import FIRST_COMPLETED, ProcessPoolExecutor, wait
    from concurrent.futures.process import BrokenProcessPool

    if initargs[2] is None:  # forked, not spawned
        _before_fork()
    for i in indexes:
        marks[i] = 0
    left = dict.fromkeys(indexes)
    pool = ProcessPoolExecutor(max_workers=workers, mp_context=context,
                               initializer=_init_worker, initargs=initargs)
    try:
        pending = {pool.submit(_run_chunk, [(i, tasks[i]) for i in chunk]): chunk
                   for chunk in _chunks(indexes, size)}
        while pending:
            done, _ = wait(pending, return_when=FIRST_COMPLETED)
            for future in done:
                chunk = pending.pop(future)
                try:
                    results = future.result()
                except BrokenProcessPool:  # a worker died (killed, out of memory)
                    continue
                for i, (result, error) in zip(chunk, results):
                    del left[i]
                    yield tasks[i], result, error
    finally:
        pool.shutdown(wait=True, cancel_futures=True)
    return list(left)
