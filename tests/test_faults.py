"""Faults: a killed build, a dead worker, concurrent builds, an unwritable output folder.
None of them leaves a corrupt file, a lost manifest entry or a process behind."""

from __future__ import annotations

import json
import os
import shutil
import signal
import stat
import subprocess
import sys
import threading
import time
from contextlib import contextmanager
from pathlib import Path

import pytest
from click.testing import CliRunner
from docx import Document
from projectkit import make_template

from draftgen import build as build_module
from draftgen.batch import DEAD_WORKER
from draftgen.build import build
from draftgen.cli import main
from draftgen.lock import project_lock
from draftgen.manifest import STATE_DIR

# About a second of template work per unit: the build is still running when it is killed.
SLOW = "{% for i in range(20000) %}{% for j in range(500) %}{% endfor %}{% endfor %}"


def texts(path: Path) -> list[str]:
    return [p.text for p in Document(path).paragraphs]


def manifest(project: Path) -> dict:
    return json.loads((project / "ra" / STATE_DIR / "manifest.json").read_text(encoding="utf-8"))


def leftovers(project: Path) -> list[Path]:
    return sorted(p for p in (project / "ra").rglob("*.tmp"))


def children(pid: int) -> set[int]:
    """The processes whose parent is ``pid``, from /proc."""
    out = set()
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
            except OSError:
                continue
            if int(fields[1]) == pid:
                out.add(int(entry.name))
    return out


def alive(pid: int) -> bool:
    """Whether ``pid`` still runs (a zombie has finished)."""
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return False
    return state != "Z"


@pytest.mark.skipif(not Path("/proc/self/stat").exists(), reason="needs /proc")
def test_kill_9_of_a_build_leaves_no_worker_behind(mini_project: Path) -> None:
    make_template(mini_project / "mau" / "bao-cao.docx", [SLOW + "{{ unit.full_name }}"])
    env = dict(os.environ, PYTHONPATH=os.pathsep.join(sys.path))
    parent = subprocess.Popen(
        [sys.executable, "-m", "draftgen.cli", "build", "-p", str(mini_project), "-j", "2"],
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=env)
    try:
        deadline = time.monotonic() + 60
        workers: set[int] = set()
        while len(workers) < 2 and time.monotonic() < deadline and parent.poll() is None:
            workers = children(parent.pid)
            time.sleep(0.05)
        assert len(workers) == 2, "the build did not start its workers"
        time.sleep(0.5)  # they are rendering now
        parent.send_signal(signal.SIGKILL)
        parent.wait()
        deadline = time.monotonic() + 10
        while any(alive(w) for w in workers) and time.monotonic() < deadline:
            time.sleep(0.1)
        assert [w for w in workers if alive(w)] == []
    finally:
        if parent.poll() is None:
            parent.kill()
    assert leftovers(mini_project) == []
    # the next build finishes the work
    assert build(mini_project).ok
    assert texts(mini_project / "ra" / "bao-cao" / "huyen-b.docx") == ["huyện B"]


def test_a_dead_worker_fails_its_own_unit_only(mini_project: Path,
                                               monkeypatch: pytest.MonkeyPatch) -> None:
    render = build_module.Builder.render

    def render_or_die(self, job):
        if job.unit.code == "huyen-c" and os.getpid() != parent:
            os._exit(9)  # the worker dies, as when it is killed or runs out of memory
        return render(self, job)

    parent = os.getpid()
    monkeypatch.setattr(build_module.Builder, "render", render_or_die)  # forked workers see it
    report = build(mini_project, workers=2)
    status = {r.job.unit.code: r.status for r in report.results}
    assert status == {"tinh-a": "built", "huyen-b": "built", "huyen-c": "failed"}
    assert report.failed[0].error == f"bao-cao/huyen-c.docx: {DEAD_WORKER}"
    assert texts(mini_project / "ra" / "bao-cao" / "huyen-b.docx")[0] == "BÁO CÁO CỦA HUYỆN ỦY B"
    assert set(manifest(mini_project)["outputs"]) == {"bao-cao/tinh-a.docx",
                                                      "bao-cao/huyen-b.docx"}


def test_two_concurrent_builds_keep_every_manifest_entry(mini_project: Path) -> None:
    reports = {}

    def run(unit: str) -> None:
        reports[unit] = build(mini_project, units=[unit], wait=60)

    threads = [threading.Thread(target=run, args=(u,)) for u in ("huyen-b", "huyen-c", "tinh-a")]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert all(r.ok for r in reports.values()), {u: r.failed for u, r in reports.items()}
    assert set(manifest(mini_project)["outputs"]) == {
        "bao-cao/tinh-a.docx", "bao-cao/huyen-b.docx", "bao-cao/huyen-c.docx"}
    assert leftovers(mini_project) == []


def test_a_build_of_a_locked_project_refuses_naming_the_holder(mini_project: Path) -> None:
    state = mini_project / "ra" / STATE_DIR
    with project_lock(state):
        result = CliRunner().invoke(main, ["build", "--project", str(mini_project)])
    assert result.exit_code == 2
    assert (f"Lỗi: thư mục đầu ra «{mini_project / 'ra'}» đang được tiến trình {os.getpid()} "
            "dựng → chờ lần dựng đó xong rồi chạy lại" in result.output)
    assert not (mini_project / "ra" / "bao-cao").exists()
    # once the lock is free, the build goes
    assert CliRunner().invoke(main, ["build", "--project", str(mini_project)]).exit_code == 0


@contextmanager
def read_only(paths: list[Path]):
    """Make folders and files unwritable, for the superuser too (``chattr +i``, which
    permissions do not bind)."""
    if os.geteuid() != 0:
        modes = {p: stat.S_IMODE(p.stat().st_mode) for p in paths}
        for path in paths:
            path.chmod(0o555 if path.is_dir() else 0o444)
        try:
            yield
        finally:
            for path, mode in modes.items():
                path.chmod(mode)
        return
    names = [str(p) for p in paths]
    if shutil.which("chattr") is None or subprocess.run(
            ["chattr", "+i", *names], capture_output=True).returncode != 0:
        subprocess.run(["chattr", "-i", *names], capture_output=True)
        pytest.skip("cannot make a folder read-only for the superuser here")
    try:
        yield
    finally:
        subprocess.run(["chattr", "-i", *names], check=True)


@pytest.mark.skipif(not hasattr(os, "geteuid"), reason="POSIX permissions")
def test_a_read_only_output_folder_gives_a_vietnamese_message(mini_project: Path) -> None:
    out = mini_project / "ra"
    assert build(mini_project).ok
    before = {p: p.read_bytes() for p in out.rglob("*") if p.is_file()}
    values = mini_project / "chi-tieu" / "gia-tri.csv"
    values.write_text(values.read_text(encoding="utf-8").replace("1.683.240", "1.700.000"),
                      encoding="utf-8")
    with read_only([out, *out.rglob("*")]):
        result = CliRunner().invoke(main, ["build", "--project", str(mini_project)])
    assert result.exit_code == 2, result.output
    assert result.output.splitlines()[-1].startswith("Lỗi: không ghi được «")
    assert "không có quyền ghi → kiểm tra quyền ghi" in result.output
    assert "Traceback" not in result.output
    assert {p: p.read_bytes() for p in out.rglob("*") if p.is_file()} == before
    assert leftovers(mini_project) == []


def test_an_unwritable_document_fails_its_unit_with_a_message(mini_project: Path) -> None:
    # a folder where the output file should be: that document cannot be written
    (mini_project / "ra" / "bao-cao" / "huyen-b.docx").mkdir(parents=True)
    report = build(mini_project)
    assert [r.job.unit.code for r in report.failed] == ["huyen-b"]
    assert report.failed[0].error.startswith(
        f"không ghi được «{mini_project / 'ra' / 'bao-cao' / 'huyen-b.docx'}»")
    assert leftovers(mini_project) == []


def test_outputs_get_the_usual_permissions(mini_project: Path) -> None:
    old = os.umask(0o022)
    try:
        assert build(mini_project).ok
    finally:
        os.umask(old)
    files = [p for p in (mini_project / "ra").rglob("*") if p.is_file()]
    assert files and {p.name for p in files} >= {"huyen-b.docx", "manifest.json",
                                                "so-lieu.json"}
    assert {oct(stat.S_IMODE(p.stat().st_mode)) for p in files} == {oct(0o644)}


KILLED_BEFORE_SAVE = """
import os, sys
from draftgen import build
build.Builder._record = lambda *args, **kwargs: os._exit(9)  # killed before the save
build.build(sys.argv[1], workers=1)
"""


def test_a_build_killed_before_its_save_loses_no_manifest_entry(mini_project: Path) -> None:
    assert build(mini_project).ok
    before = manifest(mini_project)
    values = mini_project / "chi-tieu" / "gia-tri.csv"
    values.write_text(values.read_text(encoding="utf-8").replace("1.683.240", "1.700.000"),
                      encoding="utf-8")
    env = dict(os.environ, PYTHONPATH=os.pathsep.join(sys.path))
    killed = subprocess.run([sys.executable, "-c", KILLED_BEFORE_SAVE, str(mini_project)],
                            env=env, capture_output=True, text=True)
    assert killed.returncode == 9, killed.stderr
    out = mini_project / "ra" / "bao-cao"
    assert texts(out / "huyen-b.docx")[2] == "Thu ngân sách đạt 1.700.000 triệu đồng."
    assert manifest(mini_project) == before  # the manifest file was not touched
    assert leftovers(mini_project) == []

    # the data changes again: the files the killed build wrote are still draftgen's
    values.write_text(values.read_text(encoding="utf-8").replace("1.700.000", "1.800.000"),
                      encoding="utf-8")
    report = build(mini_project)
    assert report.ok and not report.kept, [r.kept for r in report.kept]
    assert texts(out / "huyen-b.docx")[2] == "Thu ngân sách đạt 1.800.000 triệu đồng."
    assert not (out / "huyen-b.moi.docx").exists()
    change = {c.relpath: c for c in report.changes}["bao-cao/huyen-b.docx"]
    assert change.paragraphs == ["đoạn 3 («Thu ngân sách đạt 1.800.000 triệu đồng.»): 1.700.000 → 1.800.000"]
    # the figures the killed build journaled are those the change is told against
    assert [(f.code, f.period, f.old, f.new) for f in change.figures] == [
        ("THU_NS", "2020", "1.700.000", "1.800.000")]
    assert not (mini_project / "ra" / STATE_DIR / "nhat-ky.jsonl").exists()
    assert manifest(mini_project)["outputs"]["bao-cao/huyen-b.docx"]["history"] == 3
