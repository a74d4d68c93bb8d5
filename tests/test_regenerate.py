"""Rebuilding after a data update: only what changed, never over an editor's work, with a
change report and a tracked-changes copy."""

from __future__ import annotations

import json
import shutil
import zipfile
from pathlib import Path

import pytest
from click.testing import CliRunner
from docx import Document
from lxml import etree

from draftgen import loader
from draftgen.build import build
from draftgen.cli import main
from draftgen.oxml.ns import qn
from draftgen.oxml.revisions import accept_all, reject_all


def texts(source: Path | bytes) -> list[str]:
    import io

    doc = Document(io.BytesIO(source) if isinstance(source, bytes) else source)
    return [p.text for p in doc.paragraphs]


def set_value(project: Path, row_start: str, new_row: str) -> None:
    """Replace the data row that starts with ``row_start``."""
    path = project / "chi-tieu" / "gia-tri.csv"
    lines = path.read_text(encoding="utf-8").splitlines()
    hits = [i for i, line in enumerate(lines) if line.startswith(row_start)]
    assert len(hits) == 1, row_start
    lines[hits[0]] = new_row
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


def outputs(project: Path) -> dict[str, bytes]:
    root = project / "ra"
    return {p.relative_to(root).as_posix(): p.read_bytes()
            for p in sorted(root.rglob("*")) if p.is_file()}


def statuses(report) -> dict[str, str]:
    return {r.job.unit.code: r.status for r in report.results}


def revision_texts(docx: bytes, tag: str) -> list[str]:
    with zipfile.ZipFile(__import__("io").BytesIO(docx)) as z:
        root = etree.fromstring(z.read("word/document.xml"))
    text_tag = qn("w:delText") if tag == "w:del" else qn("w:t")
    return ["".join(t.text or "" for t in el.iter(text_tag)) for el in root.iter(qn(tag))]


def revision_dates(docx: bytes) -> set[str]:
    with zipfile.ZipFile(__import__("io").BytesIO(docx)) as z:
        root = etree.fromstring(z.read("word/document.xml"))
    return {el.get(qn("w:date")) for tag in ("w:ins", "w:del") for el in root.iter(qn(tag))}


@pytest.fixture
def built(mini_project: Path) -> Path:
    report = build(mini_project)
    assert report.ok and len(report.built) == 3
    return mini_project


def test_one_changed_value_rebuilds_only_the_documents_it_reaches(built: Path) -> None:
    out = built / "ra" / "bao-cao"
    before = {p.name: (p.stat().st_mtime_ns, p.read_bytes()) for p in out.glob("*.docx")}
    # huyện C's budget: its own report, and the province's, which sums its districts
    set_value(built, "huyen-c,THU_NS,2020", "huyen-c,THU_NS,2020,600.000,,,,x")
    report = build(built)
    assert report.ok
    assert statuses(report) == {"tinh-a": "built", "huyen-b": "unchanged", "huyen-c": "built"}
    assert out.joinpath("huyen-b.docx").stat().st_mtime_ns == before["huyen-b.docx"][0]
    assert texts(out / "huyen-c.docx")[2] == "Thu ngân sách đạt 600.000 [minh họa] triệu đồng."
    assert texts(out / "tinh-a.docx")[2] == "Thu ngân sách đạt 2.283.240 [minh họa] triệu đồng."

    # the change report names the figure, old → new, and where it shows
    text = (built / "ra" / "bao-cao-thay-doi.md").read_text(encoding="utf-8")
    assert "## bao-cao/huyen-c.docx — huyện C" in text
    assert ("Thu ngân sách (THU_NS), năm 2020: 500.000 (minh họa) → 600.000 (minh họa) — đoạn 3"
            in text)
    assert "Thu ngân sách (THU_NS), năm 2020: 2.183.240 (minh họa) → 2.283.240 (minh họa)" in text
    assert "huyen-b" not in text
    change = {c.relpath: c for c in report.changes}["bao-cao/huyen-c.docx"]
    # the paragraph is quoted, so that the editor finds it in Word
    assert change.paragraphs == [
        "đoạn 3 («Thu ngân sách đạt 600.000 [minh họa] triệu đồng.»): 500.000 → 600.000"]

    # the tracked-changes copy: the old figure deleted, the new one inserted
    tracked = (out / "huyen-c.thay-doi.docx").read_bytes()
    assert revision_texts(tracked, "w:del") == ["500.000"]
    assert revision_texts(tracked, "w:ins") == ["600.000"]
    assert texts(accept_all(tracked)) == texts(out / "huyen-c.docx")
    assert texts(reject_all(tracked)) == texts(before["huyen-c.docx"][1])

    # the previous build is kept in the history folder
    history = built / "ra" / ".lich-su" / "bao-cao" / "huyen-c"
    assert history.joinpath("1.docx").read_bytes() == before["huyen-c.docx"][1]
    assert history.joinpath("2.docx").read_bytes() == out.joinpath("huyen-c.docx").read_bytes()


def test_no_change_rebuild_reads_no_data(built: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    def fail(*args, **kwargs):
        raise AssertionError("the data was read")

    monkeypatch.setattr(loader, "load_dataset", fail)
    report = build(built)
    assert report.up_to_date and report.ok
    assert statuses(report) == dict.fromkeys(("tinh-a", "huyen-b", "huyen-c"), "unchanged")


def test_force_renders_everything_and_a_missing_output_is_rebuilt(built: Path) -> None:
    first = outputs(built)
    report = build(built, force=True)
    assert not report.up_to_date and len(report.results) == 3
    assert outputs(built) == first  # same inputs, same bytes: nothing rewritten
    said = CliRunner().invoke(main, ["build", "--project", str(built), "--force"])
    assert ("Xong: 0 văn bản ghi mới, 0 lỗi. 3 văn bản dựng lại giống hệt bản trước, giữ "
            "nguyên tệp.") in said.output, said.output
    (built / "ra" / "bao-cao" / "huyen-b.docx").unlink()
    report = build(built)
    assert statuses(report) == {"tinh-a": "unchanged", "huyen-b": "built", "huyen-c": "unchanged"}
    assert (built / "ra" / "bao-cao" / "huyen-b.docx").read_bytes() == first["bao-cao/huyen-b.docx"]


def test_a_template_change_rebuilds_every_document_of_that_template(built: Path) -> None:
    from projectkit import make_template

    make_template(built / "mau" / "bao-cao.docx", ["Báo cáo của {{ unit.committee }}."])
    report = build(built)
    assert set(statuses(report).values()) == {"built"}
    assert texts(built / "ra" / "bao-cao" / "huyen-b.docx") == ["Báo cáo của Huyện ủy B."]
    assert len(report.changes) == 3


@pytest.mark.parametrize("force", [False, True])
def test_an_edited_output_is_never_overwritten(built: Path, force: bool) -> None:
    out = built / "ra" / "bao-cao"
    doc = Document(out / "huyen-b.docx")
    doc.add_paragraph("Đoạn biên tập viên viết thêm.")
    doc.save(out / "huyen-b.docx")
    edited = (out / "huyen-b.docx").read_bytes()

    set_value(built, "huyen-b,THU_NS,2020", "huyen-b,THU_NS,2020,1.700.000,,BC:83,,")
    args = ["build", "--project", str(built), "--jobs", "1"] + (["--force"] if force else [])
    result = CliRunner().invoke(main, args)
    assert result.exit_code == 0, result.output
    assert (out / "huyen-b.docx").read_bytes() == edited
    beside = out / "huyen-b.moi.docx"
    assert texts(beside)[2] == "Thu ngân sách đạt 1.700.000 triệu đồng."
    assert f"✓ {beside} (bản mới; giữ nguyên bản đã sửa {out / 'huyen-b.docx'})" in result.output
    report = (built / "ra" / "bao-cao-thay-doi.md").read_text(encoding="utf-8")
    assert ("Bản «bao-cao/huyen-b.docx» đã được sửa sau khi dựng: giữ nguyên; bản mới ghi ở "
            "«bao-cao/huyen-b.moi.docx»." in report)
    # the tracked copy compares builds, not the editor's file
    tracked = (out / "huyen-b.thay-doi.docx").read_bytes()
    assert revision_texts(tracked, "w:del") == ["1.683.240"]
    assert revision_texts(tracked, "w:ins") == ["1.700.000"]

    # another round: the edited file still stands, our own copy beside it is replaced
    set_value(built, "huyen-b,THU_NS,2020", "huyen-b,THU_NS,2020,1.800.000,,BC:83,,")
    assert build(built, force=force).ok
    assert (out / "huyen-b.docx").read_bytes() == edited
    assert texts(beside)[2] == "Thu ngân sách đạt 1.800.000 triệu đồng."
    assert not (out / "huyen-b.moi-2.docx").exists()


def test_an_output_draftgen_did_not_write_is_kept(mini_project: Path) -> None:
    from projectkit import make_template

    mine = make_template(mini_project / "ra" / "bao-cao" / "tinh-a.docx", ["Bản tự soạn."])
    report = build(mini_project)
    assert report.ok
    assert texts(mine) == ["Bản tự soạn."]
    assert {r.job.unit.code: r.kept for r in report.results}["tinh-a"] == mine
    assert (mini_project / "ra" / "bao-cao" / "tinh-a.moi.docx").is_file()


def test_two_clean_builds_are_byte_identical_sequential_or_parallel(
        mini_project: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # the tracked changes carry the build's date: fixed here, as for a reproducible build
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1735689600")  # 2025-01-01 00:00:00 UTC
    other = tmp_path / "ban-sao"
    shutil.copytree(mini_project, other)
    assert build(mini_project, workers=1).ok
    assert build(other, workers=2).ok
    first, second = outputs(mini_project), outputs(other)
    assert first == second
    assert {"bao-cao/tinh-a.docx", ".draftgen/manifest.json"} <= set(first)
    # and the same round of changes gives the same tracked copies and report
    for project in (mini_project, other):
        set_value(project, "huyen-c,THU_NS,2020", "huyen-c,THU_NS,2020,600.000,,,,x")
        assert build(project, workers=2).ok
    first, second = outputs(mini_project), outputs(other)
    assert first == second and "bao-cao/huyen-c.thay-doi.docx" in first
    manifest = json.loads(first[".draftgen/manifest.json"])
    assert manifest["outputs"]["bao-cao/huyen-c.docx"]["history"] == 2
    dates = revision_dates(first["bao-cao/huyen-c.thay-doi.docx"])
    assert dates == {"2025-01-01T00:00:00Z"}


def test_a_unit_with_bad_data_fails_alone(built: Path) -> None:
    # huyện B's poverty rate is its own: the province does not sum it
    set_value(built, "huyen-b,HO_NGHEO,2020", "huyen-b,HO_NGHEO,2020,4.5,,,,")
    set_value(built, "huyen-c,THU_NS,2020", "huyen-c,THU_NS,2020,600.000,,,,x")
    report = build(built, force=True)
    assert statuses(report) == {"tinh-a": "built", "huyen-b": "failed", "huyen-c": "built"}
    error = report.failed[0].error
    assert error.startswith("bao-cao / huyện B (huyen-b): số liệu của đơn vị có 1 lỗi")
    assert "chi-tieu/gia-tri.csv, dòng 9, cột gia_tri: không rõ số «4.5»" in error
    # the failed unit is tried again next time, even with nothing else changed
    assert not build(built).up_to_date


def test_bad_data_that_rolls_up_fails_the_units_above(built: Path) -> None:
    set_value(built, "huyen-c,THU_NS,2020", "huyen-c,THU_NS,2020,6OO.000,,,,x")
    report = build(built)
    assert statuses(report) == {"tinh-a": "failed", "huyen-b": "unchanged", "huyen-c": "failed"}
    province = report.failed[0].error
    assert "số liệu tổng hợp từ đơn vị trực thuộc (huyen-c) có lỗi" in province
    assert "chi-tieu/gia-tri.csv, dòng 6, cột gia_tri: «6OO.000» không phải là số" in province


def test_a_data_table_that_lost_its_rows_replaces_no_document(built: Path) -> None:
    out = built / "ra" / "bao-cao"
    before = outputs(built)
    values = built / "chi-tieu" / "gia-tri.csv"
    values.write_text(values.read_text(encoding="utf-8").splitlines()[0] + "\n"
                      "tinh-a,XA_NTM,2019,4,,,,\n", encoding="utf-8")  # one row left: none is refused
    result = CliRunner().invoke(main, ["build", "--project", str(built)])
    assert result.exit_code == 1
    assert ("bao-cao / huyện C (huyen-c): số liệu của đơn vị mất cả 2 số liệu so với lần dựng "
            "trước (THU_NS|2020, XA_NTM|2020); không dựng lại để khỏi thay văn bản cũ bằng "
            "bản thiếu số liệu" in result.output)
    assert "huyện B (huyen-b): số liệu của đơn vị mất 3/4 số liệu" in result.output
    assert "Xong: 0 văn bản đã dựng, 3 lỗi." in result.output
    assert "Chưa cập nhật: 3 văn bản vẫn là bản dựng trước" in result.output
    assert f"  - {out / 'huyen-c.docx'}" in result.output
    for name in ("tinh-a.docx", "huyen-b.docx", "huyen-c.docx"):
        assert (out / name).read_bytes() == before[f"bao-cao/{name}"]
    entries = json.loads((built / "ra" / ".draftgen" / "manifest.json").read_bytes())["outputs"]
    assert entries["bao-cao/huyen-c.docx"]["stale"].startswith(
        "bao-cao / huyện C (huyen-c): số liệu của đơn vị mất cả 2 số liệu")

    # asked for, the documents are rebuilt without those figures
    from projectkit import make_template

    make_template(built / "mau" / "bao-cao.docx", ["{{ unit.full_name }}"])
    forced = CliRunner().invoke(main, ["build", "--project", str(built), "--force"])
    assert forced.exit_code == 0, forced.output
    assert texts(out / "huyen-c.docx") == ["huyện C"]
    entries = json.loads((built / "ra" / ".draftgen" / "manifest.json").read_bytes())["outputs"]
    assert {e["stale"] for e in entries.values()} == {None}


def test_a_failed_rebuild_marks_the_previous_document_stale(built: Path) -> None:
    from projectkit import make_template

    out = built / "ra" / "bao-cao"
    old_c = (out / "huyen-c.docx").read_bytes()
    make_template(built / "mau" / "bao-cao.docx", ["Tỷ lệ hộ nghèo {{ ind.HO_NGHEO.value }}%."])
    result = CliRunner().invoke(main, ["build", "--project", str(built), "-j", "1"])
    assert result.exit_code == 1
    assert "Xong: 2 văn bản đã dựng, 1 lỗi." in result.output
    assert ("Chưa cập nhật: 1 văn bản vẫn là bản dựng trước, không theo số liệu hiện tại:\n"
            f"  - {out / 'huyen-c.docx'}") in result.output
    assert (out / "huyen-c.docx").read_bytes() == old_c
    entries = json.loads((built / "ra" / ".draftgen" / "manifest.json").read_bytes())["outputs"]
    assert "không có năm 2020 của chỉ tiêu «Tỷ lệ hộ nghèo»" in entries["bao-cao/huyen-c.docx"][
        "stale"]
    assert entries["bao-cao/huyen-b.docx"]["stale"] is None

    make_template(built / "mau" / "bao-cao.docx", ["Báo cáo của {{ unit.committee }}."])
    report = build(built)
    assert report.ok and not report.stale
    entries = json.loads((built / "ra" / ".draftgen" / "manifest.json").read_bytes())["outputs"]
    assert entries["bao-cao/huyen-c.docx"]["stale"] is None


def test_one_tracked_copy_per_document_after_repeated_rebuilds(
        built: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from draftgen.oxml import revisions

    calls = []
    track = revisions._track
    monkeypatch.setattr(revisions, "_track", lambda *a, **k: calls.append(1) or track(*a, **k))
    out = built / "ra" / "bao-cao"
    for n, value in enumerate(("600.000", "700.000", "800.000"), start=1):
        if n == 2:  # as a build killed after writing its tracked copy leaves it
            (out / "huyen-c.thay-doi.docx").write_bytes(b"not ours")
        set_value(built, "huyen-c,THU_NS,2020", f"huyen-c,THU_NS,2020,{value},,,,x")
        report = build(built, workers=1)
        assert report.ok
        assert len(calls) == 2 * n  # one comparison per changed document (C and A)
    assert sorted(p.name for p in out.glob("huyen-c*")) == ["huyen-c.docx",
                                                          "huyen-c.thay-doi.docx"]
    tracked = (out / "huyen-c.thay-doi.docx").read_bytes()
    assert revision_texts(tracked, "w:del") == ["700.000"]
    assert revision_texts(tracked, "w:ins") == ["800.000"]
    text = (built / "ra" / "bao-cao-thay-doi.md").read_text(encoding="utf-8")
    assert "«bao-cao/huyen-c.thay-doi.docx»" in text and "thay-doi-2" not in text


def test_the_tracked_changes_carry_the_date_asked_for(built: Path) -> None:
    set_value(built, "huyen-c,THU_NS,2020", "huyen-c,THU_NS,2020,600.000,,,,x")
    result = CliRunner().invoke(main, ["build", "-p", str(built), "--date", "2025-03-15"])
    assert result.exit_code == 0, result.output
    tracked = (built / "ra" / "bao-cao" / "huyen-c.thay-doi.docx").read_bytes()
    assert revision_dates(tracked) == {"2025-03-15T00:00:00Z"}
    bad = CliRunner().invoke(main, ["build", "-p", str(built), "--date", "15/03/2025"])
    assert bad.exit_code == 2
    assert "«15/03/2025» không phải ngày dạng NĂM-THÁNG-NGÀY" in bad.output
