"""Batches: units in parallel, failures isolated, a summary and an exit code."""

from __future__ import annotations

from pathlib import Path

from click.testing import CliRunner
from projectkit import make_template

from draftgen.batch import TaskError, run_tasks
from draftgen.build import build
from draftgen.cli import main
from draftgen.errors import DataError


def _square_or_fail(state: dict, task: int) -> int:
    if task in state["bad"]:
        raise DataError(f"nhiệm vụ {task} hỏng") if task % 2 else ZeroDivisionError("chia 0")
    return task * task


def test_run_tasks_in_a_pool_isolates_failures() -> None:
    state = {"bad": {3, 6}}
    tasks = list(range(20))
    got = {task: (result, error) for task, result, error in
           run_tasks(_square_or_fail, tasks, state=state, workers=2)}
    assert sorted(got) == tasks
    assert {t: r for t, (r, e) in got.items() if e is None} == {
        t: t * t for t in tasks if t not in (3, 6)}
    assert isinstance(got[3][1], TaskError) and str(got[3][1]) == "nhiệm vụ 3 hỏng"
    assert str(got[6][1]) == "lỗi không lường trước (ZeroDivisionError): chia 0"


def _pid_of(state: dict, task: int) -> tuple[int, int]:
    import os

    if task in state["bad"]:
        raise DataError(f"nhiệm vụ {task} hỏng")
    return task, os.getpid()


def test_workers_are_forked_afresh_every_round_of_tasks(monkeypatch) -> None:
    import draftgen.batch

    monkeypatch.setattr(draftgen.batch, "ROUND_TASKS", 5)
    tasks = list(range(17))
    got = {task: (result, error) for task, result, error in
           run_tasks(_pid_of, tasks, state={"bad": {7}}, workers=2)}
    assert sorted(got) == tasks  # every task once, across four rounds
    assert str(got[7][1]) == "nhiệm vụ 7 hỏng" and got[7][0] is None
    pids = [got[t][0][1] for t in tasks if t != 7]
    assert [got[t][0][0] for t in tasks if t != 7] == [t for t in tasks if t != 7]
    # tasks 0-4 and 10-14 never ran in the same process: the pool was made again
    assert not {got[t][0][1] for t in range(5)} & {got[t][0][1] for t in range(10, 15)}
    assert len(set(pids)) >= 4


def _frozen_in_worker(state: dict, task: int) -> tuple[int, bool]:
    import gc

    return gc.get_freeze_count(), any(r is state["marker"] for r in gc.get_objects())


def test_the_parents_objects_are_frozen_before_each_fork(monkeypatch) -> None:
    # a worker's collections must not visit what the parent holds (its pages would be
    # copied): the results gathered so far are frozen before the next pool is forked
    import gc

    import draftgen.batch

    monkeypatch.setattr(draftgen.batch, "ROUND_TASKS", 2)
    assert gc.get_freeze_count() == 0
    state = {"marker": ["kept by the parent"]}
    got = [result for _, result, _ in
           run_tasks(_frozen_in_worker, list(range(6)), state=state, workers=2)]
    counts = [count for count, _ in got]
    assert all(count > 0 for count in counts)
    assert counts[4] > counts[0]  # the third pool's parent held the first results too
    assert not any(tracked for _, tracked in got)  # the state is frozen, not collected
    assert gc.get_freeze_count() == 0  # unfrozen again when the tasks are done


def test_run_tasks_sequential_gives_the_same_results_in_order() -> None:
    state = {"bad": {3}}
    got = list(run_tasks(_square_or_fail, [1, 2, 3, 4], state=state, workers=1))
    assert [(t, r) for t, r, _ in got] == [(1, 1), (2, 4), (3, None), (4, 16)]
    assert str(got[2][2]) == "nhiệm vụ 3 hỏng"


def test_parallel_build_reports_each_job_once_and_fails_one_unit_alone(
        mini_project: Path) -> None:
    make_template(mini_project / "mau" / "bao-cao.docx", [
        "Báo cáo của {{ unit.committee }}.",
        "Tỷ lệ hộ nghèo năm 2020 là {{ ind.HO_NGHEO.value }}%.",  # huyện C has none
    ])
    seen = []
    report = build(mini_project, workers=2, progress=seen.append)
    assert sorted(r.job.unit.code for r in seen) == ["huyen-b", "huyen-c", "tinh-a"]
    assert [r.job.unit.code for r in report.results] == ["tinh-a", "huyen-b", "huyen-c"]
    assert [r.job.unit.code for r in report.failed] == ["huyen-c"]
    assert "không có năm 2020 của chỉ tiêu «Tỷ lệ hộ nghèo» (HO_NGHEO)" in report.failed[0].error
    assert (mini_project / "ra" / "bao-cao" / "huyen-b.docx").is_file()


def test_cli_summary_and_exit_code(mini_project: Path) -> None:
    make_template(mini_project / "mau" / "bao-cao.docx", ["{{ ind.HO_NGHEO.value }}"])
    runner = CliRunner()
    result = runner.invoke(main, ["build", "--project", str(mini_project), "--jobs", "2"])
    assert result.exit_code == 1
    assert "✗ bao-cao/huyen-c.docx" in result.output
    assert "Xong: 2 văn bản đã dựng, 1 lỗi." in result.output
    make_template(mini_project / "mau" / "bao-cao.docx", ["{{ unit.full_name }}"])
    result = runner.invoke(main, ["build", "--project", str(mini_project), "-j", "2"])
    assert result.exit_code == 0, result.output
    assert "Xong: 3 văn bản đã dựng, 0 lỗi." in result.output
    again = runner.invoke(main, ["build", "--project", str(mini_project)])
    assert again.exit_code == 0
    assert "Không có gì thay đổi: 3 văn bản đã là bản mới nhất" in again.output
