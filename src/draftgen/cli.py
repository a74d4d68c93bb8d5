"""Command line: a thin shell over the library; messages in Vietnamese."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from . import __version__
from .build import Builder, JobResult
from .config import CONFIG_NAME, load_project
from .errors import DraftgenError


def _default_project() -> Path:
    here = Path.cwd()
    if (here / CONFIG_NAME).is_file():
        return here
    return here / "data"


project_option = click.option(
    "--project", "-p", "project_path", type=click.Path(path_type=Path), default=None,
    help=f"Thư mục dự án (có tệp {CONFIG_NAME}). Mặc định: thư mục hiện tại nếu có "
         f"{CONFIG_NAME}, nếu không thì dự án mẫu ./data.",
)


def _fail(exc: DraftgenError) -> None:
    click.echo(f"Lỗi: {exc}", err=True)
    sys.exit(2)


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="draftgen", message="%(prog)s %(version)s")
def main() -> None:
    """draftgen: soạn dự thảo báo cáo chính trị, đề cương tuyên truyền … (.docx) từ số liệu
    chỉ tiêu, cho tỉnh và từng huyện, xã từ một mẫu.

    Bắt đầu: «draftgen build» dựng mọi văn bản của dự án mẫu vào thư mục output/.
    """


@main.command()
@project_option
@click.option("--document", "-d", "documents", multiple=True, metavar="TÊN",
              help="Chỉ dựng văn bản này (lặp lại được). Mặc định: mọi văn bản.")
@click.option("--unit", "-u", "units", multiple=True, metavar="MÃ",
              help="Chỉ dựng cho đơn vị này (lặp lại được). Mặc định: mọi đơn vị của văn bản.")
def build(project_path: Path | None, documents: tuple[str, ...], units: tuple[str, ...]) -> None:
    """Dựng các văn bản .docx vào output/<văn bản>/<đơn vị>.docx.

    Đọc và kiểm tra toàn bộ số liệu trước; nếu số liệu có lỗi thì liệt kê mọi lỗi (tệp, sheet,
    ô) và không ghi tệp nào. Một đơn vị lỗi không làm dừng các đơn vị khác.
    """
    try:
        project = load_project(project_path or _default_project())
        builder = Builder(project)
        jobs = builder.jobs(documents or None, units or None)
    except DraftgenError as exc:
        _fail(exc)
        return
    click.echo(f"Dự án: {project.name} — {len(jobs)} văn bản cần dựng")

    def progress(result: JobResult) -> None:
        if result.status == "failed":
            click.echo(f"  ✗ {result.job.relpath}\n    {result.error}", err=True)
        else:
            click.echo(f"  ✓ {result.path}")

    report = builder.run(jobs, progress=progress)
    built = len(report.results) - len(report.failed)
    click.echo(f"Xong: {built} văn bản đã dựng, {len(report.failed)} lỗi.")
    if report.failed:
        sys.exit(1)


@main.command()
@project_option
@click.option("--document", "-d", "documents", multiple=True, metavar="TÊN",
              help="Chỉ kiểm tra văn bản này (lặp lại được).")
@click.option("--no-trial", is_flag=True, default=False,
              help="Chỉ kiểm tra mẫu, không dựng thử từng đơn vị.")
def check(project_path: Path | None, documents: tuple[str, ...], no_trial: bool) -> None:
    """Kiểm tra dự án mà không ghi tệp nào.

    Kiểm tra tệp cấu hình, toàn bộ số liệu, rồi các mẫu: lỗi cú pháp, bộ lọc không có, tên
    biến không có, mã chỉ tiêu không có trong danh mục — mọi lỗi cùng lúc, kèm vị trí (đoạn,
    ô bảng). Sau đó dựng thử từng văn bản cho từng đơn vị để tìm số liệu còn thiếu.
    """
    try:
        project = load_project(project_path or _default_project())
        builder = Builder(project)
        jobs = builder.jobs(documents or None)
        problems = builder.check(jobs, trial=not no_trial)
    except DraftgenError as exc:
        _fail(exc)
        return
    if problems:
        click.echo(f"Tìm thấy {len(problems)} lỗi:", err=True)
        for problem in problems:
            click.echo(f"  - {problem}", err=True)
        sys.exit(1)
    click.echo(f"Không có lỗi: {len(jobs)} văn bản của {project.name} dựng được.")


@main.command()
@project_option
def units(project_path: Path | None) -> None:
    """Liệt kê cây đơn vị của dự án."""
    try:
        project = load_project(project_path or _default_project())
    except DraftgenError as exc:
        _fail(exc)
        return

    def show(code: str, depth: int) -> None:
        unit = project.units[code]
        click.echo(f"{'  ' * depth}{unit.code}: {unit.full_name} ({unit.committee})")
        for child in unit.children:
            show(child, depth + 1)

    for root in project.roots():
        show(root.code, 0)


@main.command()
@project_option
def documents(project_path: Path | None) -> None:
    """Liệt kê các văn bản của dự án, với mẫu và đơn vị của từng văn bản."""
    try:
        project = load_project(project_path or _default_project())
        for spec in project.documents:
            chosen = project.select_units(spec.units)
            click.echo(f"{spec.name}: mẫu {spec.template}, nhiệm kỳ {spec.term}, "
                       f"{len(chosen)} đơn vị ({', '.join(u.code for u in chosen)})")
    except DraftgenError as exc:
        _fail(exc)


if __name__ == "__main__":  # pragma: no cover
    main()
