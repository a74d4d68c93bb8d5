"""Run many independent tasks in a pool of processes, results as they come.

The worker state (a builder with the project, its data and its compiled templates) is
made once in the parent. On Linux the workers are forked and inherit it, compiled
templates included; where fork is not available each worker makes its own with the
``setup`` function. Tasks go in chunks; a task that raises becomes a failed result and
the others go on; a worker that dies fails the tasks of its chunk only.
"""

from __future__ import annotations

import multiprocessing
import os
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import FIRST_COMPLETED, ProcessPoolExecutor, wait
from concurrent.futures.process import BrokenProcessPool
from typing import Any, TypeVar

from .errors import DraftgenError

T = TypeVar("T")
R = TypeVar("R")


class TaskError(Exception):
    """A task's failure, as text: it crosses process boundaries intact."""


def _failure(exc: BaseException) -> TaskError:
    if isinstance(exc, DraftgenError):
        return TaskError(str(exc))
    return TaskError(f"lỗi không lường trước ({type(exc).__name__}): {exc}")

# The state and work function of this process's tasks (set in the parent before a fork,
# or by ``_setup`` in a spawned worker).
_STATE: Any = None
_WORK: Callable[[Any, Any], Any] | None = None


def default_workers() -> int:
    """The processes a batch uses by default: the CPUs this process may run on."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # not on Linux
        return max(1, os.cpu_count() or 1)


def _setup(setup: Callable[..., Any], args: tuple, work: Callable[[Any, Any], Any]) -> None:
    global _STATE, _WORK
    _STATE, _WORK = setup(*args), work


def _run_chunk(chunk: Sequence[Any]) -> list[tuple[Any, TaskError | None]]:
    out: list[tuple[Any, TaskError | None]] = []
    for task in chunk:
        try:
            out.append((_WORK(_STATE, task), None))  # type: ignore[misc]
        except Exception as exc:  # one task's failure must not stop its chunk
            out.append((None, _failure(exc)))
    return out


def _chunks(items: Sequence[T], size: int) -> list[Sequence[T]]:
    return [items[i:i + size] for i in range(0, len(items), size)]


def run_tasks(work: Callable[[Any, T], R], tasks: Sequence[T], *, state: Any,
              workers: int = 1, setup: tuple[Callable[..., Any], tuple] | None = None,
              ) -> Iterator[tuple[T, R | None, TaskError | None]]:
    """``work(state, task)`` for every task; yield ``(task, result, error)`` as results
    come (in order with one worker). ``setup = (function, args)`` makes the state in a
    worker that cannot be forked."""
    global _STATE, _WORK
    if workers <= 1 or len(tasks) <= 1:
        for task in tasks:
            try:
                yield task, work(state, task), None
            except Exception as exc:
                yield task, None, _failure(exc)
        return
    workers = min(workers, len(tasks))
    size = max(1, min(16, len(tasks) // (workers * 4)))
    if "fork" in multiprocessing.get_all_start_methods():
        context = multiprocessing.get_context("fork")
        _STATE, _WORK = state, work  # inherited by the forked workers
        options: dict[str, Any] = {}
    elif setup is not None:
        context = multiprocessing.get_context("spawn")
        options = {"initializer": _setup, "initargs": (setup[0], setup[1], work)}
    else:  # no way to give workers the state: run here
        yield from run_tasks(work, tasks, state=state, workers=1)
        return
    try:
        with ProcessPoolExecutor(max_workers=workers, mp_context=context, **options) as pool:
            pending = {pool.submit(_run_chunk, chunk): chunk for chunk in _chunks(tasks, size)}
            while pending:
                done, _ = wait(pending, return_when=FIRST_COMPLETED)
                for future in done:
                    chunk = pending.pop(future)
                    try:
                        results = future.result()
                    except BrokenProcessPool as exc:  # a worker died (killed, out of memory)
                        results = [(None, TaskError(f"tiến trình dựng bị dừng: {exc}"))] * len(chunk)
                    for task, (result, error) in zip(chunk, results):
                        yield task, result, error
    finally:
        _STATE, _WORK = None, None
