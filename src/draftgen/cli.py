"""Command line: a thin shell over the library; messages in Vietnamese."""

from __future__ import annotations

import sys
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING

import click

from . import CONFIG_NAME, __version__
from .cli_vi import VietnameseGroup
from .errors import DraftgenError

if TYPE_CHECKING:
    from .build import BuildReport, JobResult
    from .config import Project


def _default_project() -> Path:
    here = Path.cwd()
    if (here / CONFIG_NAME).is_file():
        return here
    return here / "data"


def _load(project_path: Path | None) -> Project:
    """The project of ``--project``, else the default one (imported here: ``--help`` needs
    no configuration code)."""
    from .config import load_project

    return load_project(project_path or _default_project())


project_option = click.option(
    "--project", "-p", "project_path", type=click.Path(path_type=Path), default=None,
    metavar="THƯ_MỤC", help=f"Thư mục dự án (có tệp {CONFIG_NAME}). Mặc định: thư mục hiện tại nếu có "
         f"{CONFIG_NAME}, nếu không thì dự án mẫu ./data.",
)


def _fail(exc: DraftgenError) -> None:
    click.echo(f"Lỗi: {exc}", err=True)
    sys.exit(2)


@click.group(cls=VietnameseGroup, context_settings={"help_option_names": ["-h", "--help"]},
             options_metavar="[TÙY CHỌN]", subcommand_metavar="LỆNH [ĐỐI SỐ]...")
@click.option("--project", "-p", "project_path", type=click.Path(path_type=Path), default=None,
              metavar="THƯ_MỤC",
              help="Thư mục dự án cho lệnh theo sau (như --project viết sau tên lệnh).")
@click.version_option(__version__, prog_name="draftgen", message="%(prog)s %(version)s",
                      help="Hiện phiên bản rồi thoát.")
@click.pass_context
def main(ctx: click.Context, project_path: Path | None) -> None:
    """draftgen: soạn dự thảo báo cáo chính trị, đề cương tuyên truyền … (.docx) từ số liệu
    chỉ tiêu, cho tỉnh và từng huyện, xã từ một mẫu.

    Bắt đầu: «draftgen build» dựng mọi văn bản của dự án mẫu vào thư mục output/.
    """
    if project_path is not None:
        _pass_project(ctx, project_path)


def _pass_project(ctx: click.Context, project_path: Path) -> None:
    """``draftgen --project X LỆNH``: X becomes the default of the command's own
    ``--project`` (a ``--project`` after the command name still wins)."""
    name = ctx.invoked_subcommand
    command = main.get_command(ctx, name) if name else None
    if command is None:
        return
    if not any(param.name == "project_path" for param in command.params):
        where = (": thư mục của dự án mới viết sau tên lệnh, «draftgen init THƯ_MỤC»"
                 if name == "init" else f" (xem «draftgen {name} --help»)")
        raise click.UsageError(f"lệnh «{name}» không nhận --project{where}", ctx)
    defaults = dict(ctx.default_map or {})
    defaults[name] = {**defaults.get(name, {}), "project_path": project_path}
    ctx.default_map = defaults


def _date(value: str | None) -> datetime | None:
    if value is None:
        return None
    try:
        return datetime.fromisoformat(value)
    except ValueError:
        raise click.BadParameter(f"«{value}» không phải ngày dạng NĂM-THÁNG-NGÀY "
                                 "(ví dụ 2025-03-15 hoặc 2025-03-15T08:30:00)",
                                 param_hint="'--date'") from None


@main.command(options_metavar="[TÙY CHỌN]")
@project_option
@click.option("--document", "-d", "documents", multiple=True, metavar="TÊN",
              help="Chỉ dựng văn bản này (lặp lại được). Mặc định: mọi văn bản.")
@click.option("--unit", "-u", "units", multiple=True, metavar="MÃ",
              help="Chỉ dựng cho đơn vị này (lặp lại được). Mặc định: mọi đơn vị của văn bản.")
@click.option("--force", "-f", is_flag=True, default=False,
              help="Dựng lại mọi văn bản, kể cả văn bản có đầu vào không đổi hoặc đơn vị mất "
                   "phần lớn số liệu so với lần dựng trước. Văn bản đã được sửa tay vẫn không "
                   "bị ghi đè.")
@click.option("--jobs", "-j", "workers", type=click.IntRange(min=1), default=None, metavar="N",
              help="Số tiến trình dựng song song. Mặc định: số nhân CPU.")
@click.option("--date", "date", default=None, metavar="NGÀY",
              help="Ngày ghi vào các dấu theo dõi thay đổi (NĂM-THÁNG-NGÀY[THH:MM:SS], giờ "
                   "UTC). Mặc định: biến môi trường SOURCE_DATE_EPOCH nếu có, nếu không thì "
                   "lúc dựng.")
@click.option("--wait", "wait", type=click.FloatRange(min=0), default=0, metavar="GIÂY",
              help="Thư mục đầu ra đang được một lần dựng khác dùng thì chờ tối đa chừng ấy "
                   "giây. Mặc định: 0, báo lỗi ngay.")
@click.option("--pdf", "pdf", is_flag=True, default=False,
              help="Xuất thêm bản PDF của các văn bản vừa dựng, bên cạnh tệp .docx (cần "
                   "LibreOffice).")
def build(project_path: Path | None, documents: tuple[str, ...], units: tuple[str, ...],
          force: bool, workers: int | None, date: str | None, wait: float,
          pdf: bool) -> None:
    """Dựng các văn bản .docx vào output/<văn bản>/<đơn vị>.docx.

    Chỉ dựng lại văn bản có đầu vào thay đổi (số liệu của đơn vị, mẫu, nội dung, cấu hình);
    không có gì thay đổi thì xong ngay. Văn bản đã được sửa sau khi dựng không bao giờ bị ghi
    đè: bản mới ghi bên cạnh (<đơn vị>.moi.docx). Văn bản thay đổi có thêm bản theo dõi thay
    đổi (<đơn vị>.thay-doi.docx) và được liệt kê trong output/bao-cao-thay-doi.md.

    Số liệu của một đơn vị có lỗi, hoặc mất quá nửa so với lần dựng trước, thì chỉ đơn vị đó
    (và đơn vị cấp trên tổng hợp số liệu từ nó) không được dựng; bản cũ được giữ và ghi là
    «chưa cập nhật». Lỗi danh mục, tệp, cột thì dừng cả lần dựng. Một đơn vị lỗi không làm
    dừng các đơn vị khác; có lỗi thì lệnh kết thúc với mã 1.
    """
    from .batch import default_workers
    from .build import build as run_build
    from .build import select_jobs

    when = _date(date)
    try:
        project = _load(project_path)
        count = len(select_jobs(project, documents or None, units or None))
    except DraftgenError as exc:
        _fail(exc)
        return
    click.echo(f"Dự án: {project.name} — {count} văn bản")
    with _Progress(count) as progress:
        try:
            report = run_build(project, documents=documents or None, units=units or None,
                               force=force, workers=workers or default_workers(),
                               progress=progress, date=when, wait=wait,
                               waiting=progress.waiting)
        except DraftgenError as exc:
            progress.close()
            _fail(exc)
            return
        except OSError as exc:
            progress.close()
            from .writer import unwritable

            _fail(unwritable(Path(exc.filename or project.output_dir), exc))
            return
    for warning in report.warnings:
        click.echo(f"Cảnh báo: {warning}", err=True)
    if report.up_to_date:
        click.echo(f"Không có gì thay đổi: {count} văn bản đã là bản mới nhất "
                   "(«draftgen build --force» để dựng lại tất cả).")
        return
    _print_changes(report, project.output_dir)
    done = "ghi mới" if force and report.unchanged else "đã dựng"
    summary = (f"Xong: {len(report.built)} văn bản {done}, {len(report.failed)} lỗi.")
    if report.unchanged and force:
        summary += (f" {len(report.unchanged)} văn bản dựng lại giống hệt bản trước, giữ "
                    "nguyên tệp.")
    elif report.unchanged:
        summary += f" {len(report.unchanged)} văn bản không đổi."
    click.echo(summary)
    if report.audit is not None:
        click.echo(f"{report.audit.summary()} Xem {project.output_dir / 'kiem-tra-so-lieu.md'}")
    if report.stale:
        click.echo(f"Chưa cập nhật: {len(report.stale)} văn bản vẫn là bản dựng trước, "
                   "không theo số liệu hiện tại:", err=True)
        for result in report.stale:
            click.echo(f"  - {result.stale}", err=True)
    if pdf and report.built:
        from .pdf import convert

        try:
            made = convert([r.path for r in report.built if r.path is not None])
        except DraftgenError as exc:
            _fail(exc)
            return
        click.echo(f"PDF: {len(made)} tệp, bên cạnh các tệp .docx vừa dựng.")
    if report.failed:
        sys.exit(1)


class _Progress:
    """A progress bar on a terminal; elsewhere, one line per document written or failed."""

    def __init__(self, total: int):
        self.total = total
        self._bar = None
        if sys.stderr.isatty() and total > 1:
            from rich.progress import BarColumn, MofNCompleteColumn, Progress, TimeRemainingColumn

            self._bar = Progress("Đang dựng", BarColumn(), MofNCompleteColumn(),
                                 TimeRemainingColumn(), transient=True)
            self._task = self._bar.add_task("dựng", total=total)

    def __enter__(self) -> _Progress:
        if self._bar is not None:
            self._bar.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        if self._bar is not None:
            self._bar.stop()
            self._bar = None

    def _echo(self, text: str, *, err: bool = False) -> None:
        if self._bar is not None:
            self._bar.console.print(text, markup=False, highlight=False)
        else:
            click.echo(text, err=err)

    def waiting(self, holder: str) -> None:
        who = f"tiến trình {holder}" if holder else "một tiến trình khác"
        self._echo(f"Thư mục đầu ra đang được {who} dựng: đang chờ…", err=True)

    def __call__(self, result: JobResult) -> None:
        if result.status == "failed":
            self._echo(f"  ✗ {result.job.relpath}\n    {result.error}", err=True)
        elif result.status == "built":
            note = f" (bản mới; giữ nguyên bản đã sửa {result.kept})" if result.kept else ""
            self._echo(f"  ✓ {result.path}{note}")
        if self._bar is not None:
            self._bar.advance(self._task)


def _print_changes(report: BuildReport, output_dir: Path) -> None:
    from .changes import report_lines

    changes = report.changes
    if not changes:
        return
    click.echo(f"Thay đổi so với lần dựng trước ({len(changes)} văn bản):")
    for change in changes:
        click.echo(f"  {change.relpath} — {change.unit}")
        for line in report_lines(change):
            click.echo(f"    {line}")
    if report.report_path is not None:
        click.echo(f"Báo cáo thay đổi: {report.report_path}")


@main.command(options_metavar="[TÙY CHỌN]")
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
    from .build import check as run_check

    try:
        project = _load(project_path)
        report = run_check(project, documents=documents or None, trial=not no_trial)
    except DraftgenError as exc:
        _fail(exc)
        return
    if report.audit is not None:
        click.echo(report.audit.summary())
    for warning in report.warnings:
        click.echo(f"Cảnh báo: {warning}")
    if report.problems:
        click.echo(f"Tìm thấy {len(report.problems)} lỗi:", err=True)
        for problem in report.problems:
            click.echo(f"  - {problem}", err=True)
        sys.exit(1)
    click.echo(f"Không có lỗi: {report.documents} văn bản của {project.name} dựng được.")


@main.command(options_metavar="[TÙY CHỌN]")
@project_option
def units(project_path: Path | None) -> None:
    """Liệt kê cây đơn vị của dự án."""
    try:
        from .listing import unit_tree

        tree = unit_tree(_load(project_path))
    except DraftgenError as exc:
        _fail(exc)
        return
    for depth, unit in tree:
        click.echo(f"{'  ' * depth}{unit.code}: {unit.full_name} ({unit.committee})")


@main.command(options_metavar="[TÙY CHỌN]")
@project_option
def documents(project_path: Path | None) -> None:
    """Liệt kê các văn bản của dự án, với mẫu và đơn vị của từng văn bản."""
    try:
        from .listing import document_units

        listed = document_units(_load(project_path))
    except DraftgenError as exc:
        _fail(exc)
        return
    for spec, chosen in listed:
        label = f" — {spec.label}" if spec.label else ""
        click.echo(f"{spec.name}{label}: mẫu {spec.template}, nhiệm kỳ {spec.term}, "
                   f"{len(chosen)} đơn vị ({', '.join(u.code for u in chosen)})")


from .cli_collect import COMMANDS as _COLLECT_COMMANDS  # noqa: E402

for _command in _COLLECT_COMMANDS:
    main.add_command(_command)

from .web.command import serve as _serve  # noqa: E402

main.add_command(_serve)


@main.command(options_metavar="[TÙY CHỌN]")
@project_option
@click.option("--md", "md_path", type=click.Path(path_type=Path), default=None, metavar="TỆP",
              help="Ghi báo cáo Markdown vào tệp này. Mặc định: output/kiem-tra-so-lieu.md.")
@click.option("--xlsx", "xlsx_path", type=click.Path(path_type=Path), default=None,
              metavar="TỆP",
              help="Ghi báo cáo Excel (lọc được) vào tệp này. Mặc định: output/kiem-tra-so-lieu.xlsx.")
def audit(project_path: Path | None, md_path: Path | None, xlsx_path: Path | None) -> None:
    """Kiểm tra số liệu có mâu thuẫn nhau không, mà không sửa số liệu.

    Tỷ trọng cộng lại 100%, tốc độ bình quân so với số đầu, cuối kỳ và số từng năm, bình quân
    năm so với tổng cả kỳ, số của đơn vị trực thuộc so với cấp trên, «tăng y%», «gấp x lần»,
    số chỉ tiêu đạt, số nhập hai lần, số ngoài khoảng hợp lý, số tổng hợp chưa đủ đơn vị. Ghi
    báo cáo (Markdown và Excel); có lỗi chưa được chấp nhận thì kết thúc với mã 1. Quy tắc và
    sai số cho phép: docs/kiem-tra-so-lieu.md.
    """
    from .audit import audit_project
    from .auditreport import REPORT_STEM, render_markdown, render_xlsx
    from .loader import load_dataset
    from .writer import atomic_write

    try:
        project = _load(project_path)
        report = audit_project(project, load_dataset(project, isolate_units=True))
        md = md_path or project.output_dir / f"{REPORT_STEM}.md"
        xlsx = xlsx_path or project.output_dir / f"{REPORT_STEM}.xlsx"
        atomic_write(md, render_markdown(report).encode("utf-8"))
        atomic_write(xlsx, render_xlsx(report))
    except DraftgenError as exc:
        _fail(exc)
        return
    except OSError as exc:
        click.echo(f"Lỗi: không ghi được báo cáo: {exc}", err=True)
        sys.exit(2)
    for finding in report.findings:
        if not finding.accepted:
            click.echo(f"  - {finding}")
    click.echo(report.summary())
    click.echo(f"Báo cáo: {md}, {xlsx}")
    if not report.ok:
        sys.exit(1)


if __name__ == "__main__":  # pragma: no cover
    main()
