"""Charts: native Word charts from the data (chart part + embedded workbook), marked when
invented."""

from __future__ import annotations

import io
import shutil
import subprocess
import zipfile
from pathlib import Path

import openpyxl
import pytest
from docx import Document
from lxml import etree
from projectkit import SAMPLE, make_template

from draftgen import charts
from draftgen.checker import TemplateChecker
from draftgen.config import load_project
from draftgen.context import build_context
from draftgen.environment import make_environment
from draftgen.errors import TemplateError
from draftgen.loader import load_dataset
from draftgen.model import Fact, Indicator, Kind, Status
from draftgen.oxml.chart import chart_xml, workbook_xlsx
from draftgen.oxml.ns import qn
from draftgen.render import render_docx
from draftgen.writer import normalise_docx

GROWTH = Indicator("GRDP_TANG_TRUONG", "Tốc độ tăng GRDP", "%", "kinh tế", Kind.GROWTH, 2)
AGRI = Indicator("TY_TRONG_NONG_LAM", "Tỷ trọng ngành nông, lâm nghiệp và thủy sản trong cơ "
                 "cấu kinh tế", "%", "kinh tế", Kind.SHARE, 2, good_direction=-1)
INDUSTRY = Indicator("TY_TRONG_CN_XD", "Tỷ trọng ngành công nghiệp - xây dựng trong cơ cấu kinh "
                     "tế", "%", "kinh tế", Kind.SHARE, 2)


def series(illustrative: bool = False) -> list[Fact]:
    values = {2016: 7.95, 2017: 8.42, 2018: 8.86, 2019: 9.15, 2020: 5.12}
    return [Fact(v, GROWTH, str(y), Status.ESTIMATE if y == 2020 else Status.OFFICIAL,
                 illustrative) for y, v in values.items()]


@pytest.fixture(scope="module")
def sample():
    project = load_project(SAMPLE / "draftgen.toml")
    return project, load_dataset(project)


@pytest.fixture(scope="module")
def env():
    return make_environment()


def context(sample, document: str, unit: str) -> dict:
    project, data = sample
    return build_context(project, data, project.document(document), project.units[unit])


C = "{http://schemas.openxmlformats.org/drawingml/2006/chart}"
A = "{http://schemas.openxmlformats.org/drawingml/2006/main}"
PR = "{http://schemas.openxmlformats.org/package/2006/relationships}"
CHART_RT = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/chart"
PACKAGE_RT = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/package"
CHART_CT = "application/vnd.openxmlformats-officedocument.drawingml.chart+xml"
XLSX_CT = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def parsed(data: charts.ChartData) -> dict:
    """What the chart XML says: per series its name, categories, values; the title."""
    root = etree.fromstring(chart_xml(data))
    out = {"series": [], "title": "".join(root.xpath("c:chart/c:title//a:t/text()",
                                                      namespaces=NS))}
    for ser in root.iter(f"{C}ser"):
        out["series"].append({
            "name": ser.findtext(f"{C}tx/{C}strRef/{C}strCache/{C}pt/{C}v"),
            "categories": [v.text for v in ser.iterfind(f"{C}cat//{C}pt/{C}v")],
            "values": [float(v.text) for v in ser.iterfind(f"{C}val//{C}pt/{C}v")],
            "kind": etree.QName(ser.getparent()).localname,
            "hatched": ser.find(f"{C}spPr/{A}pattFill") is not None,
        })
    return out


NS = {"c": C[1:-1], "a": A[1:-1]}


# --------------------------------------------------------------------------- chart data


def test_growth_chart_holds_the_figures():
    average = Fact(7.89, GROWTH, "2016-2020", Status.ESTIMATE)
    data = charts.growth_chart(series(), average=average)
    chart = parsed(data)
    bars, line = chart["series"]
    assert bars == {"name": "Tốc độ tăng trưởng kinh tế (GRDP)",
                    "categories": ["2016", "2017", "2018", "2019", "2020 (ước)"],
                    "values": [7.95, 8.42, 8.86, 9.15, 5.12], "kind": "barChart",
                    "hatched": False}
    assert line["kind"] == "lineChart" and line["values"] == [7.89] * 5
    assert line["name"] == "Bình quân 2016 - 2020: 7,89% (ước)"
    assert chart["title"] == ""
    assert chart_xml(data) == chart_xml(charts.growth_chart(series(), average=average))
    assert chart_xml(data) != chart_xml(charts.growth_chart(series()[:4], average=average))


def test_structure_chart_is_a_stacked_100_percent_column_chart():
    columns = [("Năm 2015", [Fact(29.85, AGRI, "2015"), Fact(27.4, INDUSTRY, "2015")]),
               ("Năm 2020", [Fact(24.62, AGRI, "2020"), Fact(30.15, INDUSTRY, "2020")])]
    data = charts.structure_chart(columns)
    chart = parsed(data)
    assert [(s["name"], s["values"]) for s in chart["series"]] == [
        ("Nông, lâm nghiệp và thủy sản", [29.85, 24.62]),
        ("Công nghiệp - xây dựng", [27.4, 30.15])]
    assert chart["series"][0]["categories"] == ["Năm 2015", "Năm 2020"]
    root = etree.fromstring(chart_xml(data))
    assert root.xpath("string(//c:barChart/c:grouping/@val)", namespaces=NS) == "percentStacked"
    assert root.xpath("string(//c:barChart/c:overlap/@val)", namespaces=NS) == "100"


def test_illustrative_values_are_marked_on_the_chart():
    real = parsed(charts.growth_chart(series()))
    invented = parsed(charts.growth_chart(series(illustrative=True)))
    assert real["title"] == "" and not real["series"][0]["hatched"]
    assert invented["title"] == charts.ILLUSTRATIVE_NOTE and invented["series"][0]["hatched"]
    columns = [("Năm 2020", [Fact(24.62, AGRI, "2020", illustrative=True),
                             Fact(30.15, INDUSTRY, "2020")])]
    assert parsed(charts.structure_chart(columns))["title"] == charts.ILLUSTRATIVE_NOTE


def test_number_formats_and_fonts_are_vietnamese():
    root = etree.fromstring(chart_xml(charts.growth_chart(series())))
    labels = root.xpath("//c:barChart/c:ser/c:dLbls/c:numFmt/@formatCode", namespaces=NS)
    assert labels == ["[$-42A]#,##0.00"]  # two decimals, written with the Vietnamese locale
    assert root.xpath("string(c:lang/@val)", namespaces=NS) == "vi-VN"
    fonts = set(root.xpath("//a:latin/@typeface", namespaces=NS))
    assert fonts == {"Times New Roman"}
    columns = [("Năm 2020", [Fact(24.62, AGRI, "2020"), Fact(30.15, INDUSTRY, "2020")])]
    root = etree.fromstring(chart_xml(charts.structure_chart(columns)))
    assert set(root.xpath("//c:dLbls/c:numFmt/@formatCode", namespaces=NS)) == {
        '[$-42A]#,##0.00"%"'}


def test_chart_data_must_match_its_categories():
    with pytest.raises(ValueError, match="2 values for 3 categories"):
        charts.ChartData(["a", "b", "c"], [charts.Series("x", [1.0, 2.0], "000000")])


def test_embedded_workbook_holds_the_numbers():
    data = charts.growth_chart(series(), average=Fact(7.89, GROWTH, "2016-2020"))
    book = workbook_xlsx(data)
    assert book == workbook_xlsx(data)
    sheet = openpyxl.load_workbook(io.BytesIO(book)).active
    rows = [[c.value for c in row] for row in sheet.iter_rows()]
    assert rows[0] == [None, "Tốc độ tăng trưởng kinh tế (GRDP)",
                       "Bình quân 2016 - 2020: 7,89%"]
    assert rows[1:] == [["2016", 7.95, 7.89], ["2017", 8.42, 7.89], ["2018", 8.86, 7.89],
                        ["2019", 9.15, 7.89], ["2020 (ước)", 5.12, 7.89]]
    # the chart's formulas point at these cells
    root = etree.fromstring(chart_xml(data))
    assert root.xpath("//c:ser/c:val/c:numRef/c:f/text()", namespaces=NS) == [
        "'Số liệu'!$B$2:$B$6", "'Số liệu'!$C$2:$C$6"]
    assert sheet.title == "Số liệu"


# --------------------------------------------------------------------------- from the data


def test_chart_availability_follows_the_data(sample):
    ctx = context(sample, "bao-cao-chinh-tri-2015-2020", "cao-loc")
    growth = charts.chart_spec("tang-truong", ctx["ind"], ctx["doc"])
    assert growth.available and growth.illustrative
    assert growth.caption == ("Tốc độ tăng trưởng kinh tế (GRDP) giai đoạn 2016 - 2020 (%)"
                              " [minh họa]")
    structure = charts.chart_spec("co-cau", ctx["ind"], ctx["doc"])
    assert structure.caption == "Cơ cấu kinh tế năm 2015 và năm 2020 (%) [minh họa]"
    # The province has no yearly growth in 2016-2020, and its structure only for 2020.
    ctx = context(sample, "bao-cao-chinh-tri-2015-2020", "lang-son")
    assert not charts.chart_spec("tang-truong", ctx["ind"], ctx["doc"]).available
    structure = charts.chart_spec("co-cau", ctx["ind"], ctx["doc"])
    assert structure.available and not structure.illustrative
    assert structure.caption == "Cơ cấu kinh tế năm 2020 (%)"
    ctx = context(sample, "bao-cao-chinh-tri-2020-2025", "lang-son")
    growth = charts.chart_spec("tang-truong", ctx["ind"], ctx["doc"])
    assert growth.available and growth.caption == (
        "Tốc độ tăng trưởng kinh tế (GRDP) năm 2021 và 2022 (%)")


def test_unknown_chart_name_suggests_one(sample):
    ctx = context(sample, "bao-cao-chinh-tri-2015-2020", "cao-loc")
    with pytest.raises(TemplateError, match="tang-truong"):
        charts.chart_spec("tang-truog", ctx["ind"], ctx["doc"])


TEMPLATE = [
    "BÁO CÁO",
    '{%p if has_chart("tang-truong") %}',
    '{{ chart("tang-truong", width=140) }}',
    'Biểu đồ 1. {{ chart_caption("tang-truong") }}',
    "{%p endif %}",
    '{%p if has_chart("co-cau") %}',
    '{{ chart("co-cau") }}',
    'Biểu đồ 2. {{ chart_caption("co-cau") }}',
    "{%p endif %}",
    "Hết.",
]


def render(sample, env, tmp_path: Path, unit: str, paragraphs=TEMPLATE,
           document: str = "bao-cao-chinh-tri-2015-2020") -> bytes:
    template = make_template(tmp_path / "mau.docx", paragraphs).read_bytes()
    return normalise_docx(render_docx(template, context(sample, document, unit), env,
                                      template_name="mau.docx", unit_label=unit))


def _package(data: bytes) -> dict:
    """The chart parts of a .docx: document relationships, content types, chart XML and
    the chart's own relationships, the workbooks."""
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        names = z.namelist()
        rels = etree.fromstring(z.read("word/_rels/document.xml.rels"))
        types = etree.fromstring(z.read("[Content_Types].xml"))
        charts_ = {n: z.read(n) for n in names if n.startswith("word/charts/chart")}
        chart_rels = {n: etree.fromstring(z.read(n)) for n in names
                      if n.startswith("word/charts/_rels/")}
        books = {n: z.read(n) for n in names if n.startswith("word/embeddings/")}
        media = [n for n in names if n.startswith("word/media/")]
    return {"rels": rels, "types": types, "charts": charts_, "chart_rels": chart_rels,
            "books": books, "media": media}


def test_charts_are_native_with_their_captions(sample, env, tmp_path):
    data = render(sample, env, tmp_path, "cao-loc")
    assert data == render(sample, env, tmp_path, "cao-loc")  # the same bytes each time
    package = _package(data)
    assert package["media"] == []  # no picture: charts Word can edit
    assert sorted(package["charts"]) == ["word/charts/chart1.xml", "word/charts/chart2.xml"]
    targets = {r.get("Id"): r.get("Target") for r in package["rels"]
               if r.get("Type") == CHART_RT}
    assert sorted(targets.values()) == ["charts/chart1.xml", "charts/chart2.xml"]
    overrides = {o.get("PartName"): o.get("ContentType") for o in package["types"]
                 if o.get("PartName")}
    defaults = {d.get("Extension"): d.get("ContentType") for d in package["types"]
                if d.get("Extension")}
    assert overrides["/word/charts/chart1.xml"] == overrides["/word/charts/chart2.xml"] == CHART_CT
    assert defaults.get("xlsx") == XLSX_CT or all(
        overrides.get("/" + n) == XLSX_CT for n in package["books"])

    # the first chart: the unit's growth by year, as in the data
    ctx = context(sample, "bao-cao-chinh-tri-2015-2020", "cao-loc")
    view = ctx["ind"]["GRDP_TANG_TRUONG"]
    years = [y for y in view.years if 2015 < y <= 2020]
    root = etree.fromstring(package["charts"]["word/charts/chart1.xml"])
    bars = root.find(f".//{C}barChart/{C}ser")
    assert [float(v.text) for v in bars.iterfind(f"{C}val//{C}pt/{C}v")] == [
        view.at(y).value for y in years]
    categories = [v.text for v in bars.iterfind(f"{C}cat//{C}pt/{C}v")]
    assert categories[:-1] == [str(y) for y in years[:-1]] and categories[-1] == "2020 (ước)"
    assert root.find(f"{C}externalData/{C}autoUpdate").get("val") == "0"

    # its workbook: related from the chart part, the same numbers
    (rel,) = package["chart_rels"]["word/charts/_rels/chart1.xml.rels"]
    assert rel.get("Type") == PACKAGE_RT
    assert rel.get("Id") == root.find(f"{C}externalData").get(qn("r:id"))
    book = package["books"]["word/embeddings/" + rel.get("Target").rsplit("/", 1)[1]]
    sheet = openpyxl.load_workbook(io.BytesIO(book)).active
    assert [r[1] for r in sheet.iter_rows(min_row=2, values_only=True)] == [
        view.at(y).value for y in years]

    # the second chart: the structure, with the sectors' names
    root = etree.fromstring(package["charts"]["word/charts/chart2.xml"])
    names = root.xpath("//c:ser/c:tx//c:v/text()", namespaces=NS)
    assert names[:2] == ["Nông, lâm nghiệp và thủy sản", "Công nghiệp - xây dựng"]
    assert root.xpath("string(//c:title//a:t)", namespaces=NS) == charts.ILLUSTRATIVE_NOTE

    doc = Document(io.BytesIO(data))
    texts = [p.text for p in doc.paragraphs]
    assert texts[0] == "BÁO CÁO" and texts[-1] == "Hết."
    assert ("Biểu đồ 1. Tốc độ tăng trưởng kinh tế (GRDP) giai đoạn 2016 - 2020 (%) "
            "[minh họa]") in texts
    assert "Biểu đồ 2. Cơ cấu kinh tế năm 2015 và năm 2020 (%) [minh họa]" in texts
    drawings = [p for p in doc.paragraphs if p._p.findall(f".//{qn('w:drawing')}")]
    assert len(drawings) == 2
    inline = drawings[0]._p.find(f".//{qn('wp:inline')}")
    extent = inline.find(qn("wp:extent"))
    assert int(extent.get("cx")) == 140 * 36000  # 140 mm in EMU
    assert int(extent.get("cy")) == 75 * 36000
    chart_ref = inline.find(f".//{C}chart")
    assert targets[chart_ref.get(qn("r:id"))] == "charts/chart1.xml"
    ids = [d._p.find(f".//{qn('wp:docPr')}").get("id") for d in drawings]
    assert len(set(ids)) == 2
    # the caption follows its chart
    assert texts[texts.index(drawings[0].text) + 1].startswith("Biểu đồ 1.")


@pytest.mark.skipif(not (shutil.which("soffice") and shutil.which("pdftotext")),
                    reason="LibreOffice and poppler are needed")
def test_libreoffice_draws_the_charts(sample, env, tmp_path):
    path = tmp_path / "cao-loc.docx"
    path.write_bytes(render(sample, env, tmp_path, "cao-loc"))
    profile = (tmp_path / "lo-profile").as_uri()
    subprocess.run(["soffice", f"-env:UserInstallation={profile}", "--headless",
                    "--convert-to", "pdf", "--outdir", str(tmp_path), str(path)],
                   check=True, capture_output=True, timeout=240)
    text = subprocess.run(["pdftotext", str(path.with_suffix(".pdf")), "-"], check=True,
                          capture_output=True, text=True).stdout
    # drawn from the chart parts: category labels, legend, labels with a decimal comma
    for label in ("2020 (ước)", "Năm 2015", "Nông, lâm nghiệp và thủy sản", "Dịch vụ",
                  charts.ILLUSTRATIVE_NOTE):
        assert label in text
    ctx = context(sample, "bao-cao-chinh-tri-2015-2020", "cao-loc")
    value = ctx["ind"]["GRDP_TANG_TRUONG"].at(2019).value
    assert f"{value:.2f}".replace(".", ",") in text


def test_a_chart_without_data_leaves_nothing(sample, env, tmp_path):
    doc = Document(io.BytesIO(render(sample, env, tmp_path, "lang-son")))
    texts = [p.text for p in doc.paragraphs]
    assert not any("Biểu đồ 1" in t for t in texts)
    assert "Biểu đồ 2. Cơ cấu kinh tế năm 2020 (%)" in texts
    assert len(doc.inline_shapes) == 1


def test_chart_without_data_is_an_error_with_a_hint(sample, env, tmp_path):
    with pytest.raises(TemplateError) as err:
        render(sample, env, tmp_path, "lang-son", ['{{ chart("tang-truong") }}'])
    assert "GRDP_TANG_TRUONG" in str(err.value)
    assert 'has_chart("tang-truong")' in str(err.value)


def test_checker_knows_the_chart_functions(sample, env, tmp_path):
    template = make_template(tmp_path / "mau.docx", TEMPLATE).read_bytes()
    assert TemplateChecker(env, sample[1], "mau.docx").check(template) == []


def test_chart_outside_a_document_render_is_an_error(env):
    with pytest.raises(TemplateError, match="chart"):
        env.from_string('{{ chart("co-cau") }}').render()


def test_a_bar_label_the_average_line_would_cross_moves_inside_its_bar() -> None:
    from draftgen.oxml.chart import ChartData, Series

    C = "{http://schemas.openxmlformats.org/drawingml/2006/chart}"
    A = "{http://schemas.openxmlformats.org/drawingml/2006/main}"
    data = ChartData(["2016", "2017", "2018", "2019", "2020"],
                     [Series("Tốc độ tăng trưởng", [7.95, 8.42, 8.86, 9.15, 5.12], "1F4E79"),
                      Series("Bình quân", [7.89] * 5, "C00000", kind="line", dashed=True,
                             labels=False)])
    root = etree.fromstring(chart_xml(data))
    bars = root.find(f".//{C}barChart/{C}ser/{C}dLbls")
    moved = {int(d.find(f"{C}idx").get("val")): d for d in bars.findall(f"{C}dLbl")}
    assert list(moved) == [0]  # 7,95 sits on the 7,89 line; 8,42 … 9,15 stand clear above it
    label = moved[0]
    assert label.find(f"{C}dLblPos").get("val") == "inBase"
    assert label.find(f"{C}spPr/{A}solidFill/{A}srgbClr").get("val") == "1F4E79"
    assert label.find(f".//{A}defRPr/{A}solidFill/{A}srgbClr").get("val") == "FFFFFF"
    assert bars.find(f"{C}dLblPos").get("val") == "outEnd"  # the others keep their place
    alone = ChartData(data.categories, data.series[:1])
    assert etree.fromstring(chart_xml(alone)).find(f".//{C}dLbl") is None


def test_growth_chart_labels_keep_the_decimals_the_figures_were_entered_with() -> None:
    entered = [Fact(v, GROWTH, str(y), entered_decimals=1)
               for y, v in zip(range(2016, 2021), [7.8, 8.4, 8.9, 9.2, 5.1])]
    average = Fact(7.8, GROWTH, "2016-2020", Status.ESTIMATE, entered_decimals=1)
    data = charts.growth_chart(entered, average=average)
    assert data.number_format == "#,##0.0"  # 7,8 as the text prints it, not 7,80
    assert data.series[1].name.startswith("Bình quân 2016 - 2020: 7,8%")
    mixed = [*entered[:4], Fact(5.12, GROWTH, "2020", entered_decimals=2)]
    assert charts.growth_chart(mixed).number_format == "#,##0.00"  # the most precise sets it
    assert charts.growth_chart(series()).number_format == "#,##0.00"  # catalogue's so_le
