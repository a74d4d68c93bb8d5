"""Commands for starting a project, collecting figures from units and exporting PDF:
``draftgen init``, ``draftgen phieu``, ``draftgen thu-thap``, ``draftgen pdf``.

A thin shell over :mod:`draftgen.scaffold`, :mod:`draftgen.forms`, :mod:`draftgen.collect`
and :mod:`draftgen.pdf`; registered on the main group in :mod:`draftgen.cli`.
"""

from __future__ import annotations

import re
import sys
from pathlib import Path
from typing import TYPE_CHECKING

import click

from . import CONFIG_NAME, cli_vi
from .errors import DataErrors, DraftgenError

if TYPE_CHECKING:
    from .collect import Plan
    from .config import Project
    from .model import Term

_PROJECT_HELP = (f"Thư mục dự án (có tệp {CONFIG_NAME}). Mặc định: thư mục hiện tại nếu có "
                 f"{CONFIG_NAME}, nếu không thì dự án mẫu ./data.")


def _project_dir(path: Path | None) -> Path:
    if path is not None:
        return path
    here = Path.cwd()
    return here if (here / CONFIG_NAME).is_file() else here / "data"


def _load(project_path: Path | None) -> Project:
    from .config import load_project

    return load_project(_project_dir(project_path))


def _fail(exc: DraftgenError) -> None:
    click.echo(f"Lỗi: {exc}", err=True)
    sys.exit(2)


def _term(text: str | None) -> Term | None:
    from .model import YEAR_MAX, YEAR_MIN, Term

    if text is None:
        return None
    try:
        return Term.parse(text)
    except ValueError:
        years = [int(y) for y in re.findall(r"\d{4}", text)]
        if len(years) == 2 and years[1] <= years[0]:
            why = "năm cuối phải sau năm đầu"
        elif years and not all(YEAR_MIN <= y <= YEAR_MAX for y in years):
            why = f"năm phải từ {YEAR_MIN} đến {YEAR_MAX}"
        else:
            why = "cần hai năm nối bằng dấu gạch ngang"
        raise click.BadParameter(f"nhiệm kỳ «{text}» không hợp lệ ({why}); viết như 2020-2025",
                                 param_hint="'--nhiem-ky'") from None


@click.command("init", options_metavar="[TÙY CHỌN]")
@click.argument("folder", metavar="THƯ_MỤC", type=click.Path(path_type=Path))
@click.option("--don-vi-goc", "root", metavar="CẤP TÊN=SỐ",
              help="Đơn vị cao nhất của dự án, kèm cấp và số thứ tự đại hội cuối nhiệm kỳ: "
                   "«tỉnh Lạng Sơn=18», «huyện Văn Lãng=23», «xã Tân Thanh=21».")
@click.option("--nhiem-ky", "term", metavar="NĂM-NĂM", help="Nhiệm kỳ được tổng kết: 2020-2025.")
@click.option("--don-vi", "units", multiple=True, metavar="CẤP TÊN=SỐ",
              help="Một đơn vị trực thuộc (lặp lại được): «huyện Văn Lãng=23»; đơn vị cấp "
                   "dưới nữa viết cả đường dẫn: «huyện Văn Lãng/xã Tân Thanh=21».")
@click.option("--danh-muc-mau/--danh-muc-trong", "sample", default=None,
              help="Chép danh mục chỉ tiêu của dự án mẫu, hoặc để danh mục trống.")
def init(folder: Path, root: str | None, term: str | None, units: tuple[str, ...],
         sample: bool | None) -> None:
    """Tạo một dự án mới trong THƯ_MỤC: draftgen.toml, bảng số liệu, mẫu văn bản chính thức,
    thư mục nội dung; «draftgen build» dựng được ngay.

    Tùy chọn nào không cho thì lệnh hỏi (cho đủ tùy chọn thì không hỏi gì).
    """
    from .scaffold import InitOptions, check_target, init_project, parse_unit

    interactive = root is None or term is None
    try:
        check_target(folder)  # before any question
        if root is None:
            root = click.prompt("Đơn vị cao nhất, kèm cấp và số thứ tự đại hội "
                                "(ví dụ: tỉnh Lạng Sơn=18)")
        chosen_term = _term(term or click.prompt("Nhiệm kỳ được tổng kết (ví dụ: 2020-2025)"))
        if not units and interactive:
            typed = click.prompt("Các đơn vị trực thuộc, ngăn bằng dấu chấm phẩy (ví dụ: "
                                 "huyện Văn Lãng=23; huyện Văn Lãng/xã Tân Thanh=21), "
                                 "Enter nếu không có", default="", show_default=False)
            units = tuple(u.strip() for u in typed.split(";") if u.strip())
        if interactive:
            root = _with_congress(root)
            units = tuple(_with_congress(u) for u in units)
        if sample is None:
            sample = (cli_vi.confirm("Chép danh mục chỉ tiêu của dự án mẫu?", default=True)
                      if interactive else True)
        options = InitOptions(parse_unit(root), chosen_term, list(units), sample)
        config = init_project(folder, options)
    except DraftgenError as exc:
        _fail(exc)
        return
    click.echo(f"Đã tạo dự án {config.parent}. Tiếp theo:")
    click.echo(f"  draftgen build -p {folder}          dựng văn bản")
    click.echo(f"  draftgen phieu -p {folder} --tat-ca  lập phiếu nhập số liệu cho các đơn vị")


def _with_congress(text: str) -> str:
    """Ask for the congress ordinal of a unit typed without one."""
    if "=" in text.rpartition("/")[2]:
        return text
    number = cli_vi.prompt(f"Số thứ tự đại hội họp cuối nhiệm kỳ của «{text.rpartition('/')[2]}»",
                           type=click.IntRange(min=1))
    return f"{text}={number}"


@click.command("phieu", options_metavar="[TÙY CHỌN]")
@click.option("--project", "-p", "project_path", type=click.Path(path_type=Path), default=None,
              metavar="THƯ_MỤC", help=_PROJECT_HELP)
@click.option("--unit", "-u", "units", multiple=True, metavar="MÃ",
              help="Lập phiếu cho đơn vị này (lặp lại được).")
@click.option("--tat-ca", "everyone", is_flag=True, help="Lập phiếu cho mọi đơn vị.")
@click.option("--nhiem-ky", "term", metavar="NĂM-NĂM", default=None,
              help="Nhiệm kỳ của phiếu. Mặc định: nhiệm kỳ của văn bản đầu tiên có đơn vị.")
@click.option("--moi-chi-tieu", "everything", is_flag=True,
              help="Đưa mọi chỉ tiêu của danh mục vào phiếu (mặc định: chỉ tiêu đơn vị có "
                   "mục tiêu hoặc số liệu trong nhiệm kỳ).")
@click.option("--ra", "out_dir", type=click.Path(path_type=Path), default=None, metavar="THƯ_MỤC",
              help="Thư mục ghi phiếu. Mặc định: <dự án>/phieu-nhap.")
@click.option("--ghi-de", "overwrite", is_flag=True,
              help="Lập lại phiếu trắng đè lên phiếu cùng tên đã có trong thư mục (mặc định: "
                   "không ghi đè, báo lỗi).")
def phieu(project_path: Path | None, units: tuple[str, ...], everyone: bool, term: str | None,
          everything: bool, out_dir: Path | None, overwrite: bool) -> None:
    """Lập phiếu nhập số liệu (Excel) cho từng đơn vị: <mã đơn vị>.xlsx.

    Phiếu ghi sẵn chỉ tiêu, đơn vị tính, mục tiêu Nghị quyết, các năm của nhiệm kỳ và số cả
    giai đoạn, và một ô kết quả (đạt, ước đạt, không đạt …) cho mỗi mục tiêu định tính; chỉ
    các ô nhập được mở khóa, ô số chỉ nhận số. Phiếu đóng dấu mã đơn vị và mã
    danh mục, nên phiếu gửi về không thể bị nhầm đơn vị.
    """
    from .forms import write_forms
    from .loader import load_dataset

    if not units and not everyone:
        raise click.UsageError("chọn đơn vị: -u MÃ (lặp lại được) hoặc --tat-ca")
    try:
        project = _load(project_path)
        chosen = list(project.units) if everyone else list(units)
        for code in chosen:
            project.select_units([code])  # an unknown code gets the config's message
        paths = write_forms(project, load_dataset(project), chosen,
                            out_dir or project.root / "phieu-nhap", term=_term(term),
                            overwrite=overwrite)
    except DataErrors as exc:
        _fail(exc)
        return
    except DraftgenError as exc:
        _fail(exc)
        return
    click.echo(f"Đã lập {len(paths)} phiếu trong {paths[0].parent if paths else out_dir}:")
    for path in paths:
        click.echo(f"  {path.name}")


@click.command("thu-thap", options_metavar="[TÙY CHỌN]")
@click.argument("folder", metavar="THƯ_MỤC", type=click.Path(path_type=Path))
@click.option("--project", "-p", "project_path", type=click.Path(path_type=Path), default=None,
              metavar="THƯ_MỤC", help=_PROJECT_HELP)
@click.option("--ap-dung", "--yes", "-y", "apply", is_flag=True,
              help="Nhập vào số liệu của dự án sau khi hiện kế hoạch, không hỏi lại.")
@click.option("--chi-xem", "dry", is_flag=True, help="Chỉ hiện kế hoạch, không nhập.")
def thu_thap(folder: Path, project_path: Path | None, apply: bool, dry: bool) -> None:
    """Thu thập các phiếu đơn vị gửi về trong THƯ_MỤC: kiểm tra từng ô, hiện số liệu mới,
    thay đổi, mâu thuẫn; nhập vào số liệu của dự án khi được xác nhận.

    Phiếu của đơn vị khác, phiếu lập theo danh mục cũ, ô không phải là số, kết quả mục tiêu
    định tính ngoài danh sách đều bị từ chối kèm tên tệp, sheet, ô. Có lỗi hay mâu thuẫn thì
    không nhập gì. Khi nhập: giữ bản sao các phiếu và bảng số liệu cũ trong
    nhap-so-lieu/<ngày giờ>/, ghi nhật ký nhap-so-lieu/nhat-ky.csv, ghi lại sổ Excel đi kèm
    thư mục số liệu CSV (chi-tieu.xlsx) nếu có.
    """
    from .collect import CHANGED, NEW, UNCHANGED, apply_plan, data_number, plan_collection

    try:
        plan = plan_collection(_project_dir(project_path), folder)
    except DraftgenError as exc:
        _fail(exc)
        return
    for ret in plan.returns:
        state = "lỗi" if ret.errors else f"{len(ret.cells)} ô có số"
        if ret.results and not ret.errors:
            state += f", {len(ret.results)} kết quả mục tiêu định tính"
        who = f", người nhập: {ret.person}" if ret.person else ""
        click.echo(f"{ret.path.name}: đơn vị {ret.unit or '?'} — {state}{who}")
    for kind in (NEW, CHANGED):
        found = plan.of_kind(kind)
        if found:
            click.echo(f"Số liệu {kind} ({len(found)}):")
        for change in found:
            c = change.cell
            old = f"{data_number(change.old.value)} → " if change.old else ""
            click.echo(f"  {c.unit} {c.code} {c.period}: {old}{data_number(c.value)}"
                       f"  ({c.file}, ô {c.cell})")
    for kind in (NEW, CHANGED):
        found = plan.results_of_kind(kind)
        if found:
            click.echo(f"Kết quả mục tiêu định tính {kind} ({len(found)}):")
        for change in found:
            r = change.cell
            old = f"{change.old.result} → " if change.old.result else ""
            click.echo(f"  {r.unit} {r.code} nhiệm kỳ {r.term} «{r.wording}»: {old}{r.result}"
                       f"  ({r.file}, ô {r.cell})")
    _print_unchanged(plan, len(plan.of_kind(UNCHANGED)), len(plan.results_of_kind(UNCHANGED)))
    if plan.conflicts:
        click.echo(f"Mâu thuẫn giữa các phiếu ({len(plan.conflicts)}):", err=True)
        for conflict in plan.conflicts:
            click.echo(f"  - {conflict}", err=True)
    if plan.errors:
        click.echo(f"Lỗi ({len(plan.errors)}):", err=True)
        for error in plan.errors:
            click.echo(f"  - {error}", err=True)
    if not plan.ok:
        click.echo("Chưa nhập gì: sửa các lỗi, mâu thuẫn rồi thu thập lại.", err=True)
        sys.exit(1)
    if not plan.to_write:
        click.echo("Không có gì mới để nhập.")
        return
    if dry or not (apply or cli_vi.confirm(f"Nhập {len(plan.to_write)} số liệu vào dự án?",
                                           default=False)):
        click.echo("Chưa nhập gì.")
        return
    try:
        applied = apply_plan(plan)
    except DraftgenError as exc:
        _fail(exc)
        return
    click.echo(f"Đã nhập {applied.written} số liệu. Bản sao phiếu và bảng cũ: {applied.archive}; "
               f"nhật ký: {applied.log}.")
    for line in applied.notes():
        click.echo(line, err=line.startswith("Lưu ý"))
    click.echo("Chạy «draftgen build» để dựng lại văn bản.")


def _print_unchanged(plan: Plan, unchanged: int, same_results: int) -> None:
    """The count of unchanged figures, true of what was compared: a return with errors is
    not compared with the project's data, so its figures are counted nowhere."""
    refused = sum(1 for ret in plan.returns if ret.errors)
    counted = f"Không đổi: {unchanged} số liệu" + (f", {same_results} kết quả" if same_results
                                                   else "")
    if not refused:
        click.echo(counted + ".")
        return
    if refused < len(plan.returns):
        click.echo(f"{counted} (chỉ tính các phiếu không có lỗi).")
    click.echo(f"{refused} phiếu có lỗi chưa được so với số liệu của dự án.")


@click.command("pdf", options_metavar="[TÙY CHỌN]")
@click.option("--project", "-p", "project_path", type=click.Path(path_type=Path), default=None,
              metavar="THƯ_MỤC", help=_PROJECT_HELP)
@click.option("--document", "-d", "documents", multiple=True, metavar="TÊN",
              help="Chỉ xuất văn bản này (lặp lại được).")
@click.option("--unit", "-u", "units", multiple=True, metavar="MÃ",
              help="Chỉ xuất văn bản của đơn vị này (lặp lại được).")
def pdf(project_path: Path | None, documents: tuple[str, ...], units: tuple[str, ...]) -> None:
    """Xuất PDF các văn bản đã dựng (output/<văn bản>/<đơn vị>.pdf) bằng LibreOffice.

    Cần cài LibreOffice; chú thích cuối trang vẫn ở cuối trang của nó.
    """
    from .pdf import built_documents, convert

    try:
        project = _load(project_path)
        docs = built_documents(project, documents or None, units or None)
        if not docs:
            raise DraftgenError("chưa có văn bản nào đã dựng để xuất PDF",
                                hint="chạy «draftgen build» trước")
        made = convert(docs)
    except DraftgenError as exc:
        _fail(exc)
        return
    for path in made:
        click.echo(f"  ✓ {path}")
    click.echo(f"Xong: {len(made)} tệp PDF.")


COMMANDS = (init, phieu, thu_thap, pdf)
