"""Data-entry workbooks: one Excel form per unit, generated from the catalogue and targets.

A form has three sheets:

- ``so-lieu``: the indicators the unit must fill, grouped by field, with the unit of
  measure, the resolution's target beside the values, one column per year of the term and
  one for the whole period, a status and a source. Only the input cells are unlocked; the
  value cells accept numbers only and the status a choice from a list. Below them, the
  unit's qualitative targets of the term (``định tính``: no figure, assessed in words): the
  resolution's wording and one result cell each, a choice from the results the data
  understands (:data:`draftgen.targets.RESULTS`: đạt, vượt, ước đạt, không đạt …).
- ``huong-dan``: how to fill the form, in Vietnamese.
- ``thong-tin`` (hidden, protected): the stamp — unit, term, periods, indicator codes, the
  fingerprint of their catalogue entries and the date — read back by :mod:`draftgen.collect`
  so that a returned file cannot be taken for another unit's or for an older catalogue's.
"""

from __future__ import annotations

import datetime as _dt
import hashlib
from collections.abc import Iterable
from dataclasses import dataclass, replace
from pathlib import Path

from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, PatternFill, Protection, Side
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation

from .config import Project
from .dataset import Dataset
from .errors import ConfigError, DraftgenError
from .formatting import format_date
from .model import Indicator, TargetKind, TargetRow, Term
from .targets import RESULTS

FORM_SHEET = "so-lieu"
HELP_SHEET = "huong-dan"
INFO_SHEET = "thong-tin"
FORM_KIND = "phieu-nhap-so-lieu-draftgen"
FORM_VERSION = "1"
STATUSES = ("chính thức", "ước đạt", "dự ước")
HEADER_ROW = 6
FIRST_ROW = 7
FIRST_PERIOD_COLUMN = 6  # F: after STT, code, name, unit of measure, target
PERSON_CELL = "C4"
RESULT_COLUMN = FIRST_PERIOD_COLUMN  # the result of a qualitative target: column F
#: What a result cell offers, the keys of :data:`draftgen.targets.RESULTS`.
RESULT_CHOICES = tuple(k for k in RESULTS if k)

_BOLD = Font(name="Times New Roman", bold=True, size=12)
_PLAIN = Font(name="Times New Roman", size=12)
_TITLE = Font(name="Times New Roman", bold=True, size=14)
_INPUT = PatternFill("solid", fgColor="FFF2CC")
_GROUP = PatternFill("solid", fgColor="D9E1F2")
_THIN = Side(style="thin", color="999999")
_BOX = Border(left=_THIN, right=_THIN, top=_THIN, bottom=_THIN)
_UNLOCKED = Protection(locked=False)
_WRAP = Alignment(wrap_text=True, vertical="top")


def fingerprint(indicators: Iterable[Indicator]) -> str:
    """A short fingerprint of the catalogue entries of a form's indicators: any change of
    their code, name, unit of measure, kind or field gives another fingerprint.

    >>> from draftgen.model import Indicator, Kind
    >>> a = Indicator("A", "Tỷ lệ hộ nghèo", "%", "văn hóa - xã hội", Kind.RATIO)
    >>> fingerprint([a]) == fingerprint([a]), len(fingerprint([a]))
    (True, 12)
    >>> fingerprint([a]) == fingerprint([Indicator("A", "Tỷ lệ hộ nghèo", "‰", "văn hóa - xã hội", Kind.RATIO)])
    False
    """
    text = "\n".join("|".join((i.code, i.name, i.uom, i.kind.value, i.field))
                     for i in indicators)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:12]


def form_periods(term: Term) -> list[str]:
    """The columns of a form: every year of the term, then the term's period.

    >>> form_periods(Term(2015, 2020))
    ['2015', '2016', '2017', '2018', '2019', '2020', '2016-2020']
    """
    return [str(y) for y in range(term.start, term.end + 1)] + [term.period]


def qualitative_fingerprint(rows: Iterable[TargetRow]) -> str:
    """A short fingerprint of a form's qualitative targets: their codes and wording.

    >>> from draftgen.model import Target, TargetRow
    >>> t = Target(TargetKind.QUALITATIVE, None, None, "định tính")
    >>> a = TargetRow("b", "QUY_HOACH", "2015-2020", t, wording="Hoàn thành quy hoạch.")
    >>> qualitative_fingerprint([a]) == qualitative_fingerprint([a]), qualitative_fingerprint([])
    (True, '')
    """
    rows = list(rows)
    if not rows:
        return ""
    text = "\n".join("|".join((r.indicator, r.target.text, r.wording)) for r in rows)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:12]


def form_qualitative(dataset: Dataset, unit: str, term: Term) -> list[TargetRow]:
    """The unit's qualitative targets of the term, in the resolution's order (``stt``), then
    catalogue order."""
    order = {code: i for i, code in enumerate(dataset.indicators)}
    rows = [r for (u, _, t), r in dataset.targets.items()
            if u == unit and t == term.key and r.target.kind is TargetKind.QUALITATIVE]
    return sorted(rows, key=lambda r: (r.number is None, r.number or 0,
                                       order.get(r.indicator, len(order))))


def qualitative_wording(row: TargetRow) -> str:
    """What a form shows of a qualitative target: the resolution's sentence, else its text."""
    return row.wording or row.target.text


def form_indicators(dataset: Dataset, unit: str, term: Term, *,
                    everything: bool = False) -> list[Indicator]:
    """The indicators a unit must fill for a term, in catalogue order: those with a target
    of the unit for the term or a value of the unit in the term; the whole catalogue when
    the unit has none yet (or with ``everything``). A qualitative target alone puts no
    indicator here: it has its own result cell (:func:`form_qualitative`)."""
    periods = set(form_periods(term))
    wanted = {code for (u, code, t), row in dataset.targets.items()
              if u == unit and t == term.key and row.target.kind is not TargetKind.QUALITATIVE}
    wanted |= {code for (u, code, p) in dataset.observations if u == unit and p in periods}
    chosen = [i for code, i in dataset.indicators.items() if everything or code in wanted]
    if not chosen:
        chosen = list(dataset.indicators.values())
    fields = list(dict.fromkeys(i.field for i in dataset.indicators.values()))
    return sorted(chosen, key=lambda i: fields.index(i.field))  # stable: catalogue order within


def default_term(project: Project, unit: str) -> Term:
    """The term of the first document that covers the unit."""
    for spec in project.documents:
        if unit in {u.code for u in project.select_units(spec.units)}:
            return spec.term
    raise ConfigError(f"không có văn bản nào cho đơn vị «{unit}» nên không biết nhiệm kỳ",
                      hint="chỉ rõ nhiệm kỳ: --nhiem-ky 2020-2025")


@dataclass(frozen=True)
class FormStamp:
    """What the hidden sheet of a form says."""

    project: str
    unit: str
    unit_name: str
    term: str
    periods: tuple[str, ...]
    codes: tuple[str, ...]
    catalogue: str
    generated: str  # ISO date
    qualitative: tuple[str, ...] = ()  # codes of the qualitative targets, in form order
    qualitative_row: int = 0  # the sheet row of the first one
    qualitative_print: str = ""  # qualitative_fingerprint of them

    def rows(self) -> list[tuple[str, str]]:
        return [("loai_tep", FORM_KIND), ("phien_ban", FORM_VERSION),
                ("du_an", self.project), ("don_vi", self.unit), ("ten_don_vi", self.unit_name),
                ("nhiem_ky", self.term), ("ky", ",".join(self.periods)),
                ("chi_tieu", ",".join(self.codes)), ("danh_muc", self.catalogue),
                ("ngay_lap", self.generated), ("hang_dau", str(FIRST_ROW)),
                ("cot_dau", str(FIRST_PERIOD_COLUMN)),
                ("dinh_tinh", ",".join(self.qualitative)),
                ("hang_dinh_tinh", str(self.qualitative_row)),
                ("cot_ket_qua", str(RESULT_COLUMN)),
                ("muc_tieu_dinh_tinh", self.qualitative_print)]


def _target_text(dataset: Dataset, unit: str, code: str, term: Term) -> str:
    row = dataset.target(unit, code, term.key)
    return row.target.text if row is not None else ""


def _number_format(indicator: Indicator) -> str:
    if indicator.decimals is None:
        return "General"
    return "#,##0" + ("." + "0" * indicator.decimals if indicator.decimals else "")


def build_form(project: Project, dataset: Dataset, unit: str, term: Term, *,
               today: _dt.date | None = None, everything: bool = False) -> Workbook:
    """The entry workbook of one unit for one term (not yet saved)."""
    project.require_units([unit])
    today = today or _dt.date.today()
    info = project.units[unit]
    indicators = form_indicators(dataset, unit, term, everything=everything)
    periods = form_periods(term)
    stamp = FormStamp(project.name, unit, info.full_name, term.key, tuple(periods),
                      tuple(i.code for i in indicators), fingerprint(indicators),
                      today.isoformat())
    wb = Workbook()
    ws = wb.active
    ws.title = FORM_SHEET
    last_col = FIRST_PERIOD_COLUMN + len(periods) + 2  # status, source, note
    status_col, source_col, note_col = last_col - 2, last_col - 1, last_col

    def merged(row: int, text: str, font: Font) -> None:
        ws.cell(row, 1, text).font = font
        ws.merge_cells(start_row=row, start_column=1, end_row=row, end_column=last_col)

    merged(1, f"PHIẾU NHẬP SỐ LIỆU CHỈ TIÊU NHIỆM KỲ {term}", _TITLE)
    merged(2, f"Đơn vị: {info.full_name} ({info.committee}) — mã đơn vị: {unit}", _BOLD)
    merged(3, f"{project.name} · lập ngày {format_date(today)} · mã danh mục: "
              f"{stamp.catalogue} · phiếu chỉ dùng cho đơn vị {unit}", _PLAIN)
    ws["A4"], ws["A4"].font = "Người nhập:", _BOLD
    ws.merge_cells("A4:B4")
    person = ws[PERSON_CELL]
    person.protection, person.fill, person.border = _UNLOCKED, _INPUT, _BOX
    ws.merge_cells(start_row=4, start_column=3, end_row=4, end_column=5)

    headers = ["STT", "Mã chỉ tiêu", "Chỉ tiêu", "Đơn vị tính", f"Mục tiêu nhiệm kỳ {term}",
               *[f"Năm {p}" if "-" not in p else f"Giai đoạn {p.replace('-', ' - ')}"
                 for p in periods],
               f"Trạng thái (năm {term.end}, giai đoạn)", "Nguồn số liệu", "Ghi chú"]
    for col, text in enumerate(headers, start=1):
        cell = ws.cell(HEADER_ROW, col, text)
        cell.font, cell.border, cell.fill = _BOLD, _BOX, _GROUP
        cell.alignment = Alignment(wrap_text=True, horizontal="center", vertical="center")

    numbers = DataValidation(type="decimal", operator="between", formula1="-1000000000000000",
                             formula2="1000000000000000", allow_blank=True, showErrorMessage=True,
                             errorTitle="Không phải là số",
                             error="Ô này chỉ nhận một con số (ví dụ 7,16 hoặc 1683240). "
                                   "Để trống nếu chưa có số liệu.")
    choices = DataValidation(type="list", formula1='"' + ",".join(STATUSES) + '"',
                             allow_blank=True, showErrorMessage=True,
                             errorTitle="Trạng thái không hợp lệ",
                             error="Chọn một trong: " + ", ".join(STATUSES) + ".")
    ws.add_data_validation(numbers)
    ws.add_data_validation(choices)

    row, field_name, number = FIRST_ROW, None, 0
    row_of: dict[str, int] = {}
    for ind in indicators:
        if ind.field != field_name:
            field_name = ind.field
            ws.cell(row, 3, field_name[:1].upper() + field_name[1:]).font = _BOLD
            for col in range(1, last_col + 1):
                ws.cell(row, col).fill = _GROUP
            row += 1
        number += 1
        row_of[ind.code] = row
        for col, value in enumerate([number, ind.code, ind.name, ind.uom,
                                     _target_text(dataset, unit, ind.code, term)], start=1):
            cell = ws.cell(row, col, value)
            cell.font, cell.border = _PLAIN, _BOX
            cell.alignment = _WRAP if col in (3, 5) else Alignment(vertical="top")
        for k, period in enumerate(periods):
            cell = ws.cell(row, FIRST_PERIOD_COLUMN + k)
            obs = dataset.observation(unit, ind.code, period)
            if obs is not None:
                cell.value = obs.value
            cell.number_format = _number_format(ind)
            cell.protection, cell.fill, cell.border, cell.font = _UNLOCKED, _INPUT, _BOX, _PLAIN
        last = dataset.observation(unit, ind.code, term.period) or dataset.observation(
            unit, ind.code, str(term.end))
        for col in (status_col, source_col, note_col):
            cell = ws.cell(row, col)
            cell.protection, cell.fill, cell.border, cell.font = _UNLOCKED, _INPUT, _BOX, _PLAIN
            cell.alignment = _WRAP
        if last is not None:
            ws.cell(row, status_col, last.status.value)
        row += 1
    if row > FIRST_ROW:
        first, end = get_column_letter(FIRST_PERIOD_COLUMN), get_column_letter(status_col - 1)
        numbers.add(f"{first}{FIRST_ROW}:{end}{row - 1}")
        letter = get_column_letter(status_col)
        choices.add(f"{letter}{FIRST_ROW}:{letter}{row - 1}")
    qualitative = form_qualitative(dataset, unit, term)
    if qualitative:
        first_result = _qualitative_rows(ws, qualitative, row + 1, number, last_col)
        for k, target in enumerate(qualitative):  # an indicator with figures too
            if target.indicator in row_of:
                ref = ws.cell(first_result + k, RESULT_COLUMN).coordinate
                ws.cell(row_of[target.indicator], 5,
                        f"{target.target.text} (định tính: kết quả ở ô {ref})")
        stamp = replace(stamp, qualitative=tuple(r.indicator for r in qualitative),
                        qualitative_row=first_result,
                        qualitative_print=qualitative_fingerprint(qualitative))

    widths = {1: 5, 2: 30, 3: 48, 4: 12, 5: 16}
    for col in range(1, last_col + 1):
        width = widths.get(col, 12)
        if col in (status_col, source_col, note_col):
            width = {status_col: 16, source_col: 20, note_col: 30}[col]
        ws.column_dimensions[get_column_letter(col)].width = width
    ws.row_dimensions[HEADER_ROW].height = 45
    ws.freeze_panes = ws.cell(FIRST_ROW, FIRST_PERIOD_COLUMN)
    ws.page_setup.orientation = "landscape"
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_setup.fitToWidth, ws.page_setup.fitToHeight = 1, 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.print_title_rows = f"{HEADER_ROW}:{HEADER_ROW}"
    ws.sheet_properties.tabColor = "1F4E79"
    ws.protection.sheet = True
    ws.protection.formatColumns = False  # widening a column is allowed
    ws.protection.formatRows = False

    _help_sheet(wb.create_sheet(HELP_SHEET), info.full_name, unit, term, periods)
    meta = wb.create_sheet(INFO_SHEET)
    for key, value in stamp.rows():
        meta.append([key, value])
    meta.sheet_state = "hidden"
    meta.protection.sheet = True
    wb.security.lockStructure = True  # no unhiding, renaming or adding sheets
    moment = _dt.datetime.combine(today, _dt.time())
    wb.properties.created = wb.properties.modified = moment
    wb.properties.creator = "draftgen"
    wb.properties.title = f"Phiếu nhập số liệu {unit} {term.key}"
    return wb


def _qualitative_rows(ws, rows: list[TargetRow], band: int, number: int,
                      last_col: int) -> int:
    """The qualitative targets below the figures, from row ``band``: a band, a header, one
    row each with the wording and an unlocked result cell offering :data:`RESULT_CHOICES`.
    Return the row of the first target."""
    ws.cell(band, 3, "Mục tiêu định tính (không đo bằng số): đánh giá kết quả").font = _BOLD
    for col in range(1, last_col + 1):
        ws.cell(band, col).fill = _GROUP
    header = band + 1
    for col, text in ((2, "Mã chỉ tiêu"), (3, "Mục tiêu định tính (lời Nghị quyết)"),
                      (RESULT_COLUMN, "Kết quả")):
        cell = ws.cell(header, col, text)
        cell.font, cell.border, cell.fill = _BOLD, _BOX, _GROUP
        cell.alignment = Alignment(wrap_text=True, horizontal="center", vertical="center")
    ws.merge_cells(start_row=header, start_column=3, end_row=header, end_column=5)
    results = DataValidation(type="list", formula1='"' + ",".join(RESULT_CHOICES) + '"',
                             allow_blank=True, showErrorMessage=True,
                             errorTitle="Kết quả không hợp lệ",
                             error="Chọn một trong: " + ", ".join(RESULT_CHOICES) + ".")
    ws.add_data_validation(results)
    first = row = header + 1
    for target in rows:
        number += 1
        for col, value in ((1, number), (2, target.indicator),
                           (3, qualitative_wording(target))):
            cell = ws.cell(row, col, value)
            cell.font, cell.border = _PLAIN, _BOX
            cell.alignment = _WRAP if col == 3 else Alignment(vertical="top")
        ws.merge_cells(start_row=row, start_column=3, end_row=row, end_column=5)
        ws.row_dimensions[row].height = 15 * max(1, len(qualitative_wording(target)) // 70 + 1)
        cell = ws.cell(row, RESULT_COLUMN, target.result or None)
        cell.protection, cell.fill, cell.border, cell.font = _UNLOCKED, _INPUT, _BOX, _PLAIN
        row += 1
    letter = get_column_letter(RESULT_COLUMN)
    results.add(f"{letter}{first}:{letter}{row - 1}")
    return first


def _help_sheet(ws, unit_name: str, unit: str, term: Term, periods: list[str]) -> None:
    lines = [
        f"HƯỚNG DẪN NHẬP PHIẾU SỐ LIỆU — {unit_name.upper()}",
        "",
        f"1. Phiếu này chỉ dùng cho {unit_name} (mã {unit}). Không dùng phiếu của đơn vị khác, "
        "không đổi tên tệp.",
        f"2. Nhập số liệu vào các ô nền vàng ở sheet «{FORM_SHEET}»: mỗi cột là một năm "
        f"({periods[0]} - {periods[-2]}), cột cuối là số cả giai đoạn {term.period.replace('-', ' - ')} "
        "(tổng hoặc bình quân hằng năm, theo tên chỉ tiêu).",
        "3. Mỗi ô một con số, theo đơn vị tính ghi ở cột «Đơn vị tính». Số thập phân dùng dấu "
        "phẩy (7,16); không gõ chữ, không gõ đơn vị, không gõ dấu %. Số giảm ghi âm (-5,4).",
        "4. Chưa có số liệu thì để trống. Ô đã có số là số liệu đang dùng: sửa nếu sai.",
        f"5. Cột «Trạng thái» (áp dụng cho số năm {term.end} và số cả giai đoạn): chọn "
        "«chính thức», «ước đạt» (ước của năm đang báo cáo) hoặc «dự ước» (dự tính đến hết "
        "nhiệm kỳ). Số các năm trước là số chính thức.",
        "6. Cột «Nguồn số liệu»: tài liệu lấy số (ví dụ «Cục Thống kê, niên giám 2019»). "
        "Cột «Ghi chú»: lời giải thích cho số liệu, lưu cùng số liệu; văn bản in nó thành chú "
        "thích cuối trang ở những câu mà mẫu văn bản viết kèm chú thích của số liệu.",
        f"7. Ghi họ tên người nhập vào ô {PERSON_CELL} của sheet «{FORM_SHEET}».",
        "8. Cột «Mục tiêu» ghi chỉ tiêu Nghị quyết để đối chiếu, không sửa.",
        "9. Phần «Mục tiêu định tính» (nếu có, dưới các chỉ tiêu bằng số): mục tiêu không đo "
        "bằng số. Ở cột «Kết quả» chọn một trong: " + ", ".join(RESULT_CHOICES) + " (để trống "
        "nếu chưa đánh giá). Không gõ «đạt», «không đạt» vào ô số.",
        "10. Lưu tệp dạng Excel (.xlsx), giữ nguyên tên tệp, gửi lại cho Văn phòng.",
    ]
    for i, text in enumerate(lines, start=1):
        ws.cell(i, 1, text).font = _TITLE if i == 1 else _PLAIN
        ws.cell(i, 1).alignment = Alignment(wrap_text=True, vertical="top")
        # a wrapped line is as high as its lines (LibreOffice does not grow a row by itself)
        ws.row_dimensions[i].height = 16 * max(1, -(-len(text) // 75))
    ws.column_dimensions["A"].width = 64  # an A4 page wide (about 80 characters a line)
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_setup.fitToWidth, ws.page_setup.fitToHeight = 1, 0  # one page wide when printed
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.protection.sheet = True


def write_forms(project: Project, dataset: Dataset, units: Iterable[str], out_dir: Path | str,
                *, term: Term | None = None, today: _dt.date | None = None,
                everything: bool = False, overwrite: bool = False) -> list[Path]:
    """Write one form ``<unit code>.xlsx`` per unit into ``out_dir``; return their paths.
    A form already there (perhaps filled in) is never replaced unless ``overwrite``: nothing
    is written and the error names them."""
    out = Path(out_dir)
    there = [out / f"{unit}.xlsx" for unit in units if (out / f"{unit}.xlsx").exists()]
    if there and not overwrite:
        names = ", ".join(p.name for p in there)
        raise DraftgenError(
            f"thư mục {out} đã có phiếu {names} (có thể đã được điền): chưa lập phiếu nào",
            hint="chuyển các phiếu đó đi hoặc chọn thư mục khác (--ra THƯ_MỤC); muốn lập lại "
                 "phiếu trắng đè lên thì thêm --ghi-de")
    out.mkdir(parents=True, exist_ok=True)
    paths = []
    for unit in units:
        wb = build_form(project, dataset, unit, term or default_term(project, unit),
                        today=today, everything=everything)
        path = out / f"{unit}.xlsx"
        tmp = path.with_name(f".{path.name}.tmp")
        wb.save(tmp)
        tmp.replace(path)
        paths.append(path)
    return paths

