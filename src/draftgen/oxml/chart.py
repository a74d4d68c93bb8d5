"""Native Word charts: a DrawingML chart part, its embedded workbook and the inline drawing.

A chart in a .docx is three things:

- a chart part ``/word/charts/chartN.xml`` (``c:chartSpace``) holding the chart kind, the
  series and a cache of their numbers, which is what Word and LibreOffice draw;
- an embedded workbook ``/word/embeddings/Microsoft_Excel_Worksheet{N}.xlsx`` holding the
  same numbers, related from the chart part (``c:externalData``), so that "Edit Data" in
  Word opens them in a sheet;
- an inline ``w:drawing`` in a run of the document, whose ``c:chart r:id`` names the chart
  part related from the story part (document, header or footer).

The XML is written as text from a :class:`ChartData` (pure function: the same data gives
the same bytes); the workbook is a minimal .xlsx written with :mod:`zipfile` at a fixed
time (:func:`workbook_xlsx`), so nothing here imports a spreadsheet library.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from xml.sax.saxutils import escape, quoteattr

from docx.opc.part import Part

from draftgen.oxml.archive import write_zip
from draftgen.oxml.ns import NSMAP, ChartTypes

__all__ = [
    "ChartData",
    "Series",
    "add_chart",
    "chart_xml",
    "inline_chart_xml",
    "workbook_xlsx",
]

C_NS = ChartTypes.C
SHEET = "Số liệu"
EMU_PER_MM = 36000


@dataclass(frozen=True)
class Series:
    """One series: a name, one value per category, its colour (``RRGGBB``).

    ``kind`` is ``"bar"`` or ``"line"`` (a line drawn over the bars, on the same axes:
    the average of a period); ``dashed`` draws the line dashed."""

    name: str
    values: Sequence[float | None]
    color: str
    kind: str = "bar"
    dashed: bool = False
    labels: bool = True  # the value written on each point


@dataclass(frozen=True)
class ChartData:
    """What a chart shows and how.

    ``grouping`` is ``"clustered"`` (bars side by side: a rate by year) or
    ``"percentStacked"`` (a column of shares summing to 100%: a structure).
    ``number_format`` is an Excel format code for the values and their labels
    (``#,##0.00``: Word and LibreOffice write it with the decimal comma of the Vietnamese
    locale); ``note`` is written in red italics above the plot (illustrative figures);
    ``hatched`` fills the bars with diagonal stripes."""

    categories: Sequence[str]
    series: Sequence[Series]
    grouping: str = "clustered"
    number_format: str = "#,##0.00"
    axis_format: str = "General"
    axis_title: str | None = None
    note: str | None = None
    note_color: str = "C00000"
    hatched: bool = False
    legend: str = "b"  # legend position: b, r, t, l
    font: str = "Times New Roman"
    font_size: int = 10  # points
    lang: str = "vi-VN"
    title: str | None = field(default=None)

    def __post_init__(self) -> None:
        if self.grouping not in ("clustered", "percentStacked"):
            raise ValueError(f"unknown grouping {self.grouping!r}")
        for s in self.series:
            if len(s.values) != len(self.categories):
                raise ValueError(f"series {s.name!r}: {len(s.values)} values for "
                                 f"{len(self.categories)} categories")


# --------------------------------------------------------------------------- cells


def _column(index: int) -> str:
    """Spreadsheet column letters of a 0-based index.

    >>> _column(0), _column(1), _column(26)
    ('A', 'B', 'AA')
    """
    letters = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


def _ref(col: int, first_row: int, last_row: int | None = None) -> str:
    sheet = "'" + SHEET.replace("'", "''") + "'"
    cell = f"${_column(col)}${first_row}"
    if last_row is None or last_row == first_row:
        return f"{sheet}!{cell}"
    return f"{sheet}!{cell}:${_column(col)}${last_row}"


def _localised(code: str) -> str:
    """A format code tagged with the Vietnamese locale (LCID 0x042A), so that a reader that
    honours the tag (LibreOffice) writes the decimal comma whatever its own locale; Word
    uses the separators of the system, which are Vietnamese on a Vietnamese Windows.

    >>> _localised("#,##0.00")
    '[$-42A]#,##0.00'
    """
    return code if code.startswith("[$") else "[$-42A]" + code


def _number(value: float) -> str:
    """A value as written in XML: shortest round-trip text, no exponent for usual sizes.

    >>> _number(7.95), _number(100.0), _number(-0.5)
    ('7.95', '100', '-0.5')
    """
    text = repr(float(value))
    return text[:-2] if text.endswith(".0") else text


# --------------------------------------------------------------------------- chart XML


def _text_props(data: ChartData, *, size: int | None = None, bold: bool = False,
                italic: bool = False, color: str | None = None) -> str:
    size = size or data.font_size
    attrs = f' sz="{size * 100}" b="{int(bold)}" i="{int(italic)}"'
    fill = f'<a:solidFill><a:srgbClr val="{color}"/></a:solidFill>' if color else ""
    font = quoteattr(data.font)
    return (f'<c:txPr><a:bodyPr/><a:lstStyle/><a:p><a:pPr><a:defRPr{attrs}>{fill}'
            f'<a:latin typeface={font}/><a:cs typeface={font}/></a:defRPr></a:pPr>'
            f'<a:endParaRPr lang="{data.lang}"/></a:p></c:txPr>')


def _rich(data: ChartData, text: str, *, size: int, italic: bool = False,
          color: str | None = None) -> str:
    fill = f'<a:solidFill><a:srgbClr val="{color}"/></a:solidFill>' if color else ""
    font = quoteattr(data.font)
    rpr = (f'lang="{data.lang}" sz="{size * 100}" b="0" i="{int(italic)}"')
    return (f'<c:tx><c:rich><a:bodyPr/><a:lstStyle/><a:p><a:pPr><a:defRPr {rpr}>{fill}'
            f'<a:latin typeface={font}/><a:cs typeface={font}/></a:defRPr></a:pPr>'
            f'<a:r><a:rPr {rpr}>{fill}<a:latin typeface={font}/><a:cs typeface={font}/>'
            f'</a:rPr><a:t>{escape(text)}</a:t></a:r></a:p></c:rich></c:tx>')


def _fill(data: ChartData, series: Series) -> str:
    if series.kind == "line":
        dash = '<a:prstDash val="dash"/>' if series.dashed else ""
        return (f'<c:spPr><a:ln w="19050" cap="rnd"><a:solidFill><a:srgbClr '
                f'val="{series.color}"/></a:solidFill>{dash}<a:round/></a:ln></c:spPr>')
    if data.hatched:
        body = (f'<a:pattFill prst="wdUpDiag"><a:fgClr><a:srgbClr val="FFFFFF"/></a:fgClr>'
                f'<a:bgClr><a:srgbClr val="{series.color}"/></a:bgClr></a:pattFill>')
    else:
        body = f'<a:solidFill><a:srgbClr val="{series.color}"/></a:solidFill>'
    return (f'<c:spPr>{body}<a:ln w="9525"><a:solidFill><a:srgbClr val="FFFFFF"/>'
            '</a:solidFill></a:ln></c:spPr>')


def _labels(data: ChartData, series: Series) -> str:
    if not series.labels:
        return '<c:dLbls><c:delete val="1"/></c:dLbls>'
    stacked = data.grouping == "percentStacked"
    position = "ctr" if stacked else "outEnd"
    if series.kind == "line":
        position = "t"
    props = _text_props(data, size=data.font_size - (1 if stacked else 0), bold=stacked,
                        color="FFFFFF" if stacked else None)
    fmt = (f'<c:numFmt formatCode={quoteattr(_localised(data.number_format))} '
           'sourceLinked="0"/>')
    show = ('<c:showLegendKey val="0"/><c:showVal val="1"/><c:showCatName val="0"/>'
            '<c:showSerName val="0"/><c:showPercent val="0"/><c:showBubbleSize val="0"/>')
    # A bar whose label would sit on a line drawn over the bars (the period's average) has
    # its label moved inside the bar, white on the bar's colour, so both stay readable.
    moved = ""
    if series.kind == "bar" and not stacked:
        white = _text_props(data, bold=True, color="FFFFFF")
        box = (f'<c:spPr><a:solidFill><a:srgbClr val="{series.color}"/></a:solidFill>'
               '<a:ln><a:noFill/></a:ln></c:spPr>')
        for index, inside in _crossed_labels(data, series):
            moved += (f'<c:dLbl><c:idx val="{index}"/>{fmt}{box}{white}'
                      f'<c:dLblPos val="{inside}"/>{show}</c:dLbl>')
    return (f'<c:dLbls>{moved}{fmt}'
            f'<c:spPr><a:noFill/><a:ln><a:noFill/></a:ln></c:spPr>{props}'
            f'<c:dLblPos val="{position}"/>{show}</c:dLbls>')


#: Height of a value label above its bar, as a share of the tallest value (10 pt labels on a
#: plot about 180 pt high, with the axis's head room), and how far below the bar's top a line
#: still crosses the label.
_LABEL_HEIGHT, _LABEL_DROP = 0.11, 0.04


def _crossed_labels(data: ChartData, series: Series) -> list[tuple[int, str]]:
    """The points of a bar series whose label above the bar a line series crosses, each with
    the place inside the bar its label goes to: the top ("inEnd") when the line passes above
    the bar, the foot ("inBase") when it passes through the bar's top.

    >>> data = ChartData(["2016", "2017", "2018", "2020"],
    ...                  [Series("tốc độ", [7.95, 8.42, 7.5, 5.12], "1F4E79"),
    ...                   Series("bình quân", [7.89] * 4, "C00000", kind="line")])
    >>> _crossed_labels(data, data.series[0])
    [(0, 'inBase'), (2, 'inEnd')]
    """
    lines = [s for s in data.series if s.kind == "line"]
    values = [abs(v) for s in data.series for v in s.values if v is not None]
    if not lines or not values:
        return []
    top = max(values)
    out = []
    for index, value in enumerate(series.values):
        if value is None or value < 0:
            continue
        crossing = [line.values[index] for line in lines if line.values[index] is not None
                    and value - _LABEL_DROP * top <= line.values[index]
                    <= value + _LABEL_HEIGHT * top]
        if crossing:
            out.append((index, "inEnd" if min(crossing) >= value else "inBase"))
    return out


def _series(data: ChartData, index: int, series: Series) -> str:
    rows = len(data.categories)
    col = index + 1
    names = "".join(f'<c:pt idx="{i}"><c:v>{escape(c)}</c:v></c:pt>'
                    for i, c in enumerate(data.categories))
    points = "".join(f'<c:pt idx="{i}"><c:v>{_number(v)}</c:v></c:pt>'
                     for i, v in enumerate(series.values) if v is not None)
    parts = [
        f'<c:ser><c:idx val="{index}"/><c:order val="{index}"/>',
        f'<c:tx><c:strRef><c:f>{escape(_ref(col, 1))}</c:f><c:strCache><c:ptCount val="1"/>'
        f'<c:pt idx="0"><c:v>{escape(series.name)}</c:v></c:pt></c:strCache></c:strRef></c:tx>',
        _fill(data, series),
    ]
    if series.kind == "bar":
        parts.append('<c:invertIfNegative val="0"/>')
    else:
        parts.append('<c:marker><c:symbol val="none"/></c:marker>')
    parts += [
        _labels(data, series),
        f'<c:cat><c:strRef><c:f>{escape(_ref(0, 2, rows + 1))}</c:f><c:strCache>'
        f'<c:ptCount val="{rows}"/>{names}</c:strCache></c:strRef></c:cat>',
        f'<c:val><c:numRef><c:f>{escape(_ref(col, 2, rows + 1))}</c:f><c:numCache>'
        f'<c:formatCode>{escape(data.number_format)}</c:formatCode>'
        f'<c:ptCount val="{rows}"/>{points}</c:numCache></c:numRef></c:val>',
    ]
    if series.kind == "line":
        parts.append('<c:smooth val="0"/>')
    parts.append("</c:ser>")
    return "".join(parts)


_CAT_AX, _VAL_AX = "111111111", "222222222"


def _plot(data: ChartData) -> str:
    bars = [(i, s) for i, s in enumerate(data.series) if s.kind == "bar"]
    lines = [(i, s) for i, s in enumerate(data.series) if s.kind == "line"]
    axes = f'<c:axId val="{_CAT_AX}"/><c:axId val="{_VAL_AX}"/>'
    out = ['<c:plotArea><c:layout/>']
    if bars:
        stacked = data.grouping == "percentStacked"
        out.append(f'<c:barChart><c:barDir val="col"/><c:grouping val="{data.grouping}"/>'
                   '<c:varyColors val="0"/>')
        out += [_series(data, i, s) for i, s in bars]
        out.append(f'<c:gapWidth val="{100 if stacked else 80}"/>')
        if stacked:
            out.append('<c:overlap val="100"/>')
        out.append(axes + "</c:barChart>")
    if lines:
        out.append('<c:lineChart><c:grouping val="standard"/><c:varyColors val="0"/>')
        out += [_series(data, i, s) for i, s in lines]
        out.append('<c:marker val="1"/>' + axes + "</c:lineChart>")
    grid = '<c:spPr><a:ln w="6350"><a:solidFill><a:srgbClr val="D9D9D9"/></a:solidFill></a:ln></c:spPr>'
    axis_line = ('<c:spPr><a:ln w="9525"><a:solidFill><a:srgbClr val="000000"/></a:solidFill>'
                 '</a:ln></c:spPr>')
    title = ""
    if data.axis_title:
        title = (f'<c:title>{_rich(data, data.axis_title, size=data.font_size)}'
                 '<c:overlay val="0"/></c:title>')
    out.append(
        f'<c:catAx><c:axId val="{_CAT_AX}"/><c:scaling><c:orientation val="minMax"/></c:scaling>'
        '<c:delete val="0"/><c:axPos val="b"/><c:numFmt formatCode="General" sourceLinked="0"/>'
        '<c:majorTickMark val="none"/><c:minorTickMark val="none"/><c:tickLblPos val="low"/>'
        f'{axis_line}{_text_props(data)}<c:crossAx val="{_VAL_AX}"/><c:crosses val="autoZero"/>'
        '<c:auto val="1"/><c:lblAlgn val="ctr"/><c:lblOffset val="100"/>'
        '<c:noMultiLvlLbl val="0"/></c:catAx>')
    axis_format = "0%" if data.grouping == "percentStacked" else data.axis_format
    # Bars start at zero, so their heights compare as the figures do (an axis from 6,3
    # makes 6,67 look half of 7,22); a negative figure keeps the automatic minimum.
    values = [v for s in data.series for v in s.values if v is not None]
    floor = '<c:min val="0"/>' if values and min(values) >= 0 else ""
    out.append(
        f'<c:valAx><c:axId val="{_VAL_AX}"/><c:scaling><c:orientation val="minMax"/>{floor}'
        '</c:scaling><c:delete val="0"/><c:axPos val="l"/>'
        f'<c:majorGridlines>{grid}</c:majorGridlines>{title}'
        f'<c:numFmt formatCode={quoteattr(_localised(axis_format))} sourceLinked="0"/>'
        '<c:majorTickMark val="out"/><c:minorTickMark val="none"/><c:tickLblPos val="nextTo"/>'
        f'<c:spPr><a:ln><a:noFill/></a:ln></c:spPr>{_text_props(data, size=data.font_size - 1)}'
        f'<c:crossAx val="{_CAT_AX}"/><c:crosses val="autoZero"/>'
        '<c:crossBetween val="between"/></c:valAx>')
    out.append('<c:spPr><a:noFill/><a:ln><a:noFill/></a:ln></c:spPr></c:plotArea>')
    return "".join(out)


def chart_xml(data: ChartData, workbook_rid: str | None = "rId1") -> bytes:
    """The ``c:chartSpace`` of ``data`` (UTF-8 bytes); ``workbook_rid`` names the
    relationship of the chart part to its embedded workbook (None: no workbook)."""
    heading = data.note or data.title
    if heading:
        title = (f'<c:title>{_rich(data, heading, size=data.font_size - 1, italic=bool(data.note), color=data.note_color if data.note else None)}'
                 '<c:overlay val="0"/></c:title><c:autoTitleDeleted val="0"/>')
    else:
        title = '<c:autoTitleDeleted val="1"/>'
    legend = (f'<c:legend><c:legendPos val="{data.legend}"/><c:overlay val="0"/>'
              f'{_text_props(data, size=data.font_size - 1)}</c:legend>')
    external = (f'<c:externalData r:id="{workbook_rid}"><c:autoUpdate val="0"/></c:externalData>'
                if workbook_rid else "")
    xml = (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        f'<c:chartSpace xmlns:c="{C_NS}" xmlns:a="{NSMAP["a"]}" xmlns:r="{NSMAP["r"]}">'
        f'<c:date1904 val="0"/><c:lang val="{data.lang}"/><c:roundedCorners val="0"/>'
        f'<c:chart>{title}{_plot(data)}{legend}<c:plotVisOnly val="1"/>'
        '<c:dispBlanksAs val="gap"/></c:chart>'
        '<c:spPr><a:solidFill><a:srgbClr val="FFFFFF"/></a:solidFill><a:ln><a:noFill/></a:ln>'
        f'</c:spPr>{_text_props(data)}{external}</c:chartSpace>'
    )
    return xml.encode("utf-8")


# --------------------------------------------------------------------------- workbook

_XLSX_CONTENT_TYPES = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.'
    'relationships+xml"/><Default Extension="xml" ContentType="application/xml"/>'
    '<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-'
    'officedocument.spreadsheetml.sheet.main+xml"/>'
    '<Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.'
    'openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>'
    '<Override PartName="/xl/styles.xml" ContentType="application/vnd.openxmlformats-'
    'officedocument.spreadsheetml.styles+xml"/></Types>')
_XLSX_RELS = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
    'relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>')
_XLSX_WORKBOOK_RELS = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
    'relationships/worksheet" Target="worksheets/sheet1.xml"/>'
    '<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
    'relationships/styles" Target="styles.xml"/></Relationships>')
_XLSX_STYLES = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    '<styleSheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
    '<numFmts count="1"><numFmt numFmtId="164" formatCode="#,##0.00"/></numFmts>'
    '<fonts count="1"><font><sz val="11"/><name val="Times New Roman"/></font></fonts>'
    '<fills count="2"><fill><patternFill patternType="none"/></fill>'
    '<fill><patternFill patternType="gray125"/></fill></fills>'
    '<borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border></borders>'
    '<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>'
    '<cellXfs count="2"><xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/>'
    '<xf numFmtId="164" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/>'
    '</cellXfs><cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/>'
    '</cellStyles></styleSheet>')


def _workbook(sheet: str) -> str:
    return ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
            '<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" '
            f'xmlns:r="{NSMAP["r"]}"><sheets><sheet name={quoteattr(sheet)} sheetId="1" '
            'r:id="rId1"/></sheets></workbook>')


def _text_cell(ref: str, text: str) -> str:
    return (f'<c r="{ref}" t="inlineStr"><is><t xml:space="preserve">{escape(text)}</t></is>'
            '</c>')


def _sheet(data: ChartData) -> str:
    rows = [[""] + [s.name for s in data.series]]
    header = "".join(_text_cell(f"{_column(c)}1", t) for c, t in enumerate(rows[0]) if t)
    out = [f'<row r="1">{header}</row>']
    for r, category in enumerate(data.categories, start=2):
        cells = [_text_cell(f"A{r}", category)]
        for c, s in enumerate(data.series, start=1):
            value = s.values[r - 2]
            if value is not None:
                cells.append(f'<c r="{_column(c)}{r}" s="1"><v>{_number(value)}</v></c>')
        out.append(f'<row r="{r}">{"".join(cells)}</row>')
    last = f"{_column(len(data.series))}{len(data.categories) + 1}"
    return ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
            '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
            f'<dimension ref="A1:{last}"/><cols><col min="1" max="1" width="18" customWidth="1"/>'
            f'<col min="2" max="{len(data.series) + 1}" width="24" customWidth="1"/></cols>'
            f'<sheetData>{"".join(out)}</sheetData></worksheet>')


def workbook_xlsx(data: ChartData) -> bytes:
    """A minimal .xlsx with one sheet: categories in column A, a series a column, its
    name in row 1 — the cells the chart's formulas point to. Same data → same bytes."""
    files = [
        ("[Content_Types].xml", _XLSX_CONTENT_TYPES),
        ("_rels/.rels", _XLSX_RELS),
        ("xl/workbook.xml", _workbook(SHEET)),
        ("xl/_rels/workbook.xml.rels", _XLSX_WORKBOOK_RELS),
        ("xl/styles.xml", _XLSX_STYLES),
        ("xl/worksheets/sheet1.xml", _sheet(data)),
    ]
    return write_zip((name, text.encode("utf-8")) for name, text in files)


# --------------------------------------------------------------------------- in the document


def inline_chart_xml(rid: str, width_mm: float, height_mm: float, shape_id: int,
                     name: str) -> str:
    """The ``w:drawing`` of a chart (an ``wp:inline`` in the line of text)."""
    cx, cy = round(width_mm * EMU_PER_MM), round(height_mm * EMU_PER_MM)
    return (
        f'<w:drawing><wp:inline distT="0" distB="0" distL="0" distR="0" '
        f'xmlns:wp="{NSMAP["wp"]}" xmlns:a="{NSMAP["a"]}" xmlns:c="{C_NS}" '
        f'xmlns:r="{NSMAP["r"]}"><wp:extent cx="{cx}" cy="{cy}"/>'
        '<wp:effectExtent l="0" t="0" r="0" b="0"/>'
        f'<wp:docPr id="{shape_id}" name={quoteattr(name)}/><wp:cNvGraphicFramePr/>'
        f'<a:graphic><a:graphicData uri="{C_NS}"><c:chart r:id="{rid}"/></a:graphicData>'
        '</a:graphic></wp:inline></w:drawing>'
    )


class ChartPart(Part):
    """A chart part: its XML is written from its data when the package is saved, once the
    relationship to its embedded workbook is known (python-docx parts give their bytes
    through ``blob``)."""

    def __init__(self, partname, package, data: ChartData):
        super().__init__(partname, ChartTypes.CHART_CT, None, package)
        self.data = data
        self.workbook_rid: str | None = None

    @property
    def blob(self) -> bytes:
        return chart_xml(self.data, self.workbook_rid)


def add_chart(story: Part, data: ChartData) -> str:
    """Add the chart part of ``data`` and its embedded workbook to the package of
    ``story`` (the document, a header or a footer); return the relationship id from
    ``story`` to the chart part, for :func:`inline_chart_xml`."""
    package = story.package
    partname = package.next_partname("/word/charts/chart%d.xml")
    book_name = package.next_partname("/word/embeddings/Microsoft_Excel_Worksheet%d.xlsx")
    book = Part(book_name, ChartTypes.XLSX_CT, workbook_xlsx(data), package)
    chart = ChartPart(partname, package, data)
    chart.workbook_rid = chart.relate_to(book, ChartTypes.PACKAGE_RT)
    return story.relate_to(chart, ChartTypes.CHART_RT)
