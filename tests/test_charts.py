"""Charts: deterministic PNGs from the data, embedded as inline images, marked when invented."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import pytest
from docx import Document
from projectkit import SAMPLE, make_template

from draftgen import charts
from draftgen.checker import TemplateChecker
from draftgen.config import load_project
from draftgen.context import build_context
from draftgen.environment import make_environment
from draftgen.errors import TemplateError
from draftgen.loader import load_dataset
from draftgen.model import Fact, Indicator, Kind, Status
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


def png_chunks(data: bytes) -> list[bytes]:
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    pos, kinds = 8, []
    while pos < len(data):
        length = int.from_bytes(data[pos:pos + 4], "big")
        kinds.append(data[pos + 4:pos + 8])
        pos += 12 + length
    return kinds


# --------------------------------------------------------------------------- drawing


def test_growth_chart_is_a_deterministic_png():
    average = Fact(7.89, GROWTH, "2016-2020", Status.ESTIMATE)
    first = charts.growth_chart(series(), average=average)
    assert first == charts.growth_chart(series(), average=average)
    chunks = png_chunks(first)
    assert b"tIME" not in chunks  # no timestamp
    assert b"Software" not in first  # no software name
    assert first != charts.growth_chart(series()[:4], average=average)


def test_structure_chart_is_a_deterministic_png():
    columns = [("Năm 2015", [Fact(29.85, AGRI, "2015"), Fact(27.4, INDUSTRY, "2015")]),
               ("Năm 2020", [Fact(24.62, AGRI, "2020"), Fact(30.15, INDUSTRY, "2020")])]
    first = charts.structure_chart(columns)
    assert first == charts.structure_chart(columns)
    assert b"tIME" not in png_chunks(first)


def _texts(monkeypatch, draw) -> list[str]:
    """Every text drawn on the figure: title notes, bar labels, legend, ticks."""
    seen = []

    def capture(fig):
        fig.canvas.draw()
        seen.extend(t.get_text() for t in fig.findobj(lambda o: hasattr(o, "get_text")))
        return b""

    monkeypatch.setattr(charts, "_png", capture)
    draw()
    return seen


def test_illustrative_values_are_marked_on_the_image(monkeypatch):
    real = _texts(monkeypatch, lambda: charts.growth_chart(series()))
    invented = _texts(monkeypatch, lambda: charts.growth_chart(series(illustrative=True)))
    assert charts.ILLUSTRATIVE_NOTE not in real
    assert charts.ILLUSTRATIVE_NOTE in invented
    columns = [("Năm 2020", [Fact(24.62, AGRI, "2020", illustrative=True),
                             Fact(30.15, INDUSTRY, "2020")])]
    assert charts.ILLUSTRATIVE_NOTE in _texts(monkeypatch,
                                              lambda: charts.structure_chart(columns))


def test_labels_use_decimal_commas(monkeypatch):
    texts = _texts(monkeypatch, lambda: charts.growth_chart(
        series(), average=Fact(7.89, GROWTH, "2016-2020", Status.ESTIMATE)))
    assert {"7,95", "8,42", "5,12"} <= set(texts)
    assert "Bình quân 2016 - 2020: 7,89% (ước)" in texts
    assert "2020\n(ước)" in texts
    assert not any("7.95" in t for t in texts)


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


def test_charts_are_embedded_with_their_captions(sample, env, tmp_path):
    data = render(sample, env, tmp_path, "cao-loc")
    assert data == render(sample, env, tmp_path, "cao-loc")  # the same document each time
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        media = sorted(n for n in z.namelist() if n.startswith("word/media/"))
        pngs = [z.read(n) for n in media]
    assert len(media) == 2
    ctx = context(sample, "bao-cao-chinh-tri-2015-2020", "cao-loc")
    spec = charts.chart_spec("tang-truong", ctx["ind"], ctx["doc"], width=140)
    assert spec.draw(charts._default_number) in pngs
    doc = Document(io.BytesIO(data))
    texts = [p.text for p in doc.paragraphs]
    assert texts[0] == "BÁO CÁO" and texts[-1] == "Hết."
    assert ("Biểu đồ 1. Tốc độ tăng trưởng kinh tế (GRDP) giai đoạn 2016 - 2020 (%) "
            "[minh họa]") in texts
    assert "Biểu đồ 2. Cơ cấu kinh tế năm 2015 và năm 2020 (%) [minh họa]" in texts
    drawings = [p for p in doc.paragraphs if p._p.findall(f".//{qn('w:drawing')}")]
    assert len(drawings) == 2
    inline = drawings[0]._p.find(f".//{qn('wp:inline')}")
    assert inline is not None
    extent = inline.find(qn("wp:extent"))
    assert int(extent.get("cx")) == 140 * 36000  # 140 mm in EMU
    # the caption follows its chart
    assert texts[texts.index(drawings[0].text) + 1].startswith("Biểu đồ 1.")


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
