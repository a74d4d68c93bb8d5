"""Targets as the resolution lists them: parsing, qualitative targets assessed by the editor,
the numbered items (sub-rows grouped, counts on items, none dropped), term keys."""

from __future__ import annotations

import pytest
from projectkit import CATALOGUE, VALUES, write_project

from draftgen.config import load_project
from draftgen.context import TargetsView, build_context
from draftgen.errors import DataErrors, FormatError, TemplateError
from draftgen.loader import load_dataset
from draftgen.model import TargetKind
from draftgen.targets import parse_result, parse_target, term_periods

K = TargetKind

PARSE_CASES = [
    ("7 - 7,5", K.RANGE, 7.0, 7.5),
    ("khoảng 0,7 - 0,75", K.RANGE, 0.7, 0.75),       # 001:287
    ("từ 10 trở lên", K.AT_LEAST, 10.0, None),
    ("≥ 5", K.AT_LEAST, 5.0, None),
    ("trên 96", K.ABOVE, 96.0, None),
    ("dưới 15", K.BELOW, None, 15.0),
    ("khoảng 98", K.ABOUT, 98.0, 98.0),
    ("định tính", K.QUALITATIVE, None, None),
    ("Định tính: cơ bản không còn hộ nghèo", K.QUALITATIVE, None, None),
]


@pytest.mark.parametrize(("text", "kind", "low", "high"), PARSE_CASES)
def test_parse_target(text, kind, low, high) -> None:
    target = parse_target(text)
    assert (target.kind, target.low, target.high) == (kind, low, high)


def test_a_typo_is_not_taken_for_a_qualitative_target() -> None:
    with pytest.raises(FormatError, match="định tính"):
        parse_target("Hoàn thành xây dựng")  # must be written "định tính: …"


def test_results_and_term_keys() -> None:
    assert parse_result("ước đạt") == ("đạt", True)
    assert parse_result(" Không đạt ") == ("chưa đạt", False)
    with pytest.raises(FormatError, match="không hợp lệ"):
        parse_result("khá")
    assert term_periods("2015-2020") == ("2016-2020", "2015-2020")
    assert term_periods("2016-2020") == ("2016-2020", "2015-2020")
    assert term_periods("2021-2022") == ("2021-2022",)


CAT = CATALOGUE + """\
NUOC,Tỷ lệ dân cư dùng nước sạch,%,văn hóa - xã hội,môi trường,tỷ lệ,,tăng,,không
RAC,Tỷ lệ rác thải được xử lý,%,văn hóa - xã hội,môi trường,tỷ lệ,,tăng,,không
QUY_HOACH,Quy hoạch tỉnh,nhiệm vụ,kinh tế,quy hoạch,mức,,tăng,,không
CHUYEN_DOI,Chuyển đổi số,nhiệm vụ,kinh tế,quy hoạch,mức,,tăng,,không
"""
VALS = VALUES + """\
tinh-a,NUOC,2020,"98,4",,BC:9,,
tinh-a,RAC,2020,80,,BC:9,,
tinh-a,THU_NS,2015-2020,900,,BC:1,,
"""
TGTS = """\
don_vi,ma_chi_tieu,nhiem_ky,muc_tieu,stt,dien_giai,nguon,ghi_chu,minh_hoa,ket_qua
tinh-a,GRDP_TT,2015-2020,"7 - 7,5",1,,,,,
tinh-a,HO_NGHEO,2015-2020,dưới 8,2,,,,,
tinh-a,NUOC,2015-2020,khoảng 98,3,"Tỷ lệ dân cư dùng nước sạch khoảng 98%, rác thải được xử lý 90%.",,,,
tinh-a,RAC,2015-2020,90,3,"Tỷ lệ dân cư dùng nước sạch khoảng 98%, rác thải được xử lý 90%.",,,,
tinh-a,QUY_HOACH,2015-2020,định tính,4,Hoàn thành lập quy hoạch tỉnh.,,,,ước đạt
tinh-a,CHUYEN_DOI,2015-2020,định tính,5,Hoàn thành chính quyền số.,,,,
tinh-a,THU_NS,2015-2020,1.000,6,,,,,
"""


def context(tmp_path, targets: str = TGTS, values: str = VALS):
    root = write_project(tmp_path / "p", catalogue=CAT, values=values, targets=targets)
    project = load_project(root / "draftgen.toml")
    data = load_dataset(project)
    return build_context(project, data, project.document("bao-cao"), project.units["tinh-a"])


def test_items_are_the_resolutions_numbered_targets(tmp_path) -> None:
    targets: TargetsView = context(tmp_path)["targets"]
    assert [t.number for t in targets] == [1, 2, 3, 4, 5, 6]  # 7 rows, 6 items
    assert targets.total == 6 and len(targets.rows) == 7
    three = targets.items[2]
    assert [r.label for r in three.rows] == ["3a", "3b"]
    assert three.text.startswith("Tỷ lệ dân cư dùng nước sạch khoảng 98%")
    # NUOC 98,4 within 0,5 point of "khoảng 98" but RAC 80 < 90: the item is not met
    assert [r.assessment for r in three.rows] == ["đạt", "chưa đạt"]
    assert three.assessment == "chưa đạt" and not three.met


def test_assessment_table_of_items(tmp_path) -> None:
    targets = context(tmp_path)["targets"]
    assert {t.number: t.verdict for t in targets} == {
        1: "Vượt",                 # 7,8 (ước đạt) beyond the range 7 - 7,5
        2: "Vượt",                 # 7,89 < 8, lower is better: "dưới" is strict, so exceeded
        3: "Chưa đạt",             # one sub-row not met
        4: "Ước đạt",              # qualitative, the editor wrote "ước đạt"
        5: "Chưa có số liệu đánh giá",  # qualitative, not assessed yet: shown, not dropped
        6: "Chưa đạt",             # a term total keyed 2015-2020 is the term's value: 900
    }
    assert [t.number for t in targets.met] == [1, 2, 4]
    assert [t.number for t in targets.without_result] == [5]
    assert [t.number for t in targets.not_met] == [3, 6]
    assert targets.gaps == []


def test_an_unnumbered_row_is_listed_after_the_numbered_ones(tmp_path) -> None:
    rows = TGTS + "tinh-a,XA_NTM,2015-2020,5,,,,,,\n"
    targets = context(tmp_path, targets=rows)["targets"]
    assert targets.total == 7
    last = targets.items[-1]
    assert last.number is None and last.rows[0].label == "7"
    assert last.text == "Số xã đạt chuẩn nông thôn mới: 5"


def test_a_term_total_keyed_either_way_is_understood(tmp_path) -> None:
    ind = context(tmp_path)["ind"]
    assert ind.THU_NS.period.value == 900  # stored under "2015-2020", asked as "2016-2020"
    both = VALS + "tinh-a,THU_NS,2016-2020,950,,BC:1,,\n"
    with pytest.raises(TemplateError, match="hai số liệu khác nhau"):
        _ = context(tmp_path / "b", values=both)["ind"].THU_NS.period


def test_a_missing_number_is_reported_not_hidden(tmp_path) -> None:
    rows = TGTS.replace("tinh-a,QUY_HOACH,2015-2020,định tính,4,", "tinh-a,QUY_HOACH,2015-2020,"
                        "định tính,7,")
    targets = context(tmp_path, targets=rows)["targets"]
    assert targets.gaps == [4]


def test_qualitative_target_rules_in_the_loader(tmp_path) -> None:
    bad = TGTS + "tinh-a,XA_NTM,2015-2020,định tính,7,,,,,\n"
    with pytest.raises(DataErrors, match="không có lời văn"):
        context(tmp_path / "a", targets=bad)
    bad = TGTS.replace("Hoàn thành chính quyền số.,,,,", "Hoàn thành chính quyền số.,,,,tốt")
    with pytest.raises(DataErrors, match="kết quả «tốt» không hợp lệ"):
        context(tmp_path / "b", targets=bad)
    bad = TGTS.replace('tinh-a,GRDP_TT,2015-2020,"7 - 7,5",1,,,,,', 'tinh-a,GRDP_TT,2015-2020,'
                       '"7 - 7,5",1,,,,,đạt')
    with pytest.raises(DataErrors, match="chỉ dùng cho mục tiêu định tính"):
        context(tmp_path / "c", targets=bad)
