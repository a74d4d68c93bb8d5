"""The project config: units tree, selectors, documents, and its errors."""

from __future__ import annotations

import unicodedata
from pathlib import Path

import pytest
from projectkit import CONFIG, write_project

from draftgen.config import load_project
from draftgen.errors import ConfigError


def test_units_form_a_tree_and_selectors_resolve(mini_project: Path) -> None:
    project = load_project(mini_project)
    assert project.units["tinh-a"].children == ["huyen-b", "huyen-c"]
    assert [u.code for u in project.select_units(["children:tinh-a"])] == ["huyen-b", "huyen-c"]
    assert [u.code for u in project.select_units(["level:huyện", "tinh-a"])] == [
        "tinh-a", "huyen-b", "huyen-c"]
    spec = project.document("bao-cao")
    assert (spec.term.key, spec.next_term.key, spec.report_year) == (
        "2015-2020", "2020-2025", 2020)
    assert str(spec.term) == "2015 - 2020"


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (('full_name = "huyện B"', 'ful_name = "huyện B"'),
         "[[units]] thứ 2: khóa «ful_name» không được hỗ trợ → có phải ý bạn là «full_name»?"),
        (('parent = "tinh-a"', 'parent = "tinh-x"'),
         "đơn vị «huyen-b» có parent «tinh-x» không tồn tại"),
        (('units = ["tinh-a", "children:tinh-a"]', 'units = ["children:tinh-z"]'),
         "không có đơn vị mã «tinh-z» (bộ chọn «children:tinh-z»)"),
        (('term = "2015-2020"', 'term = "2020"'),
         "[[documents]] thứ 1 (bao-cao), khóa term: nhiệm kỳ «2020» không hợp lệ → viết như "
         "«2020-2025»"),
        (('code = "huyen-c"', 'code = "huyen-b"'), "[[units]] thứ 3: mã đơn vị «huyen-b» bị trùng"),
    ],
)
def test_config_errors_say_what_and_where(tmp_path: Path, change: tuple[str, str],
                                          message: str) -> None:
    root = write_project(tmp_path, config=CONFIG.replace(*change, 1))
    with pytest.raises(ConfigError) as info:
        load_project(root)
    assert str(info.value).startswith(str(root / "draftgen.toml"))
    assert message in str(info.value)


def test_missing_config_file_says_what_to_do(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match="không tìm thấy tệp cấu hình dự án"):
        load_project(tmp_path)


def test_a_commune_can_stand_directly_under_the_province(tmp_path: Path) -> None:
    # since mid-2025 the tree is tỉnh → xã: any depth, any level under any level
    commune = '''
[[units]]
code = "xa-d"
parent = "tinh-a"
level = "xã"
name = "D"
full_name = "xã D"
party_organization = "Đảng bộ xã D"
committee = "Đảng ủy xã D"
committee_kind = "Đảng ủy"
superior = "Đảng bộ tỉnh A"
'''
    config = CONFIG.replace("[[documents]]", commune + "\n[[documents]]", 1)
    project = load_project(write_project(tmp_path, config=config))
    assert project.units["tinh-a"].children == ["huyen-b", "huyen-c", "xa-d"]
    assert [u.code for u in project.select_units(["level:xã"])] == ["xa-d"]
    assert project.units["xa-d"].on_behalf == "T/M ĐẢNG ỦY"


@pytest.mark.parametrize(("written", "iso"), [
    ('date = "31/12/2020"', "2020-12-31"),
    ('date = "2020-12-31"', "2020-12-31"),
    ("date = 2020-12-31", "2020-12-31"),  # a TOML date
    ('date = "5/1/2021"', "2021-01-05"),
])
def test_dates_are_read_the_vietnamese_or_iso_way(tmp_path: Path, written: str,
                                                  iso: str) -> None:
    config = CONFIG.replace("report_year = 2020\n", f"report_year = 2020\n{written}\n")
    assert load_project(write_project(tmp_path, config=config)).document("bao-cao").date == iso


def test_congress_may_be_a_roman_numeral_and_values_are_typed(tmp_path: Path) -> None:
    config = CONFIG.replace('congress = { "2015-2020" = 17 }',
                            'congress = { "2015-2020" = "XVII", "2020-2025" = 18 }\n'
                            'recipients = ["Như trên,", "Lưu VT."]')
    config = config.replace("report_year = 2020\n", "report_year = 2020\ndraft = false\n")
    project = load_project(write_project(tmp_path, config=config))
    unit = project.units["tinh-a"]
    assert unit.congress == {"2015-2020": 17, "2020-2025": 18}
    assert unit.recipients == ("Như trên,", "Lưu VT.")
    assert project.document("bao-cao").draft is False


@pytest.mark.parametrize(("change", "message"), [
    (('report_year = 2020', 'report_year = 2020\ndraft = "false"'),
     '[[documents]] thứ 1 (bao-cao), khóa draft: cần true hoặc false (không có ngoặc kép), '
     'không phải chuỗi "false" → viết như: draft = false'),
    (('code = "tinh-a"', 'code = "tinh-a"\nrecipients = "Lưu VT."'),
     '[[units]] thứ 1 (tinh-a), khóa recipients: cần một danh sách chuỗi trong ngoặc vuông, '
     'không phải chuỗi "Lưu VT." → viết như: recipients = ["Lưu VT."]'),
    (('report_year = 2020', 'report_year = 2020.7'),
     "[[documents]] thứ 1 (bao-cao), khóa report_year: cần một năm viết bằng số nguyên, "
     "không phải số thập phân 2020.7"),
    (('report_year = 2020', 'report_year = 2020\nnext_term = "2019-2024"'),
     "khóa next_term: nhiệm kỳ tới «2019-2024» bắt đầu trước khi nhiệm kỳ «2015-2020» kết thúc"),
    (('report_year = 2020', 'report_year = 2020\ndate = 2020-12-31T08:00:00'),
     "khóa date: cần một ngày (không có giờ)"),
    (('congress = { "2015-2020" = 17 }', 'congress = { "2015-2020" = 0 }'),
     "[[units]] thứ 1 (tinh-a), khóa congress: «2015-2020 = 0» không hợp lệ"),
    (('congress = { "2015-2020" = 17 }', 'congress = { "2015-2020" = true }'),
     "khóa congress: «2015-2020 = true» không hợp lệ"),
    (('units = ["tinh-a", "children:tinh-a"]', 'units = []'),
     "khóa units: danh sách đơn vị trống"),
    (('committee = "Tỉnh ủy A"', 'committee = " "'),
     "[[units]] thứ 1 (tinh-a), khóa committee: chuỗi trống"),
    (('name = "A"', 'name = 7'),
     '[[units]] thứ 1 (tinh-a), khóa name: cần một chuỗi trong ngoặc kép, không phải số '
     'nguyên 7 → viết như: name = "7"'),
    (('report_year = 2020', 'report_year = 2020 2021'),
     "tệp cấu hình sai cú pháp TOML ở dòng 49, cột 20: sau giá trị còn chữ thừa: mỗi khóa "
     "một dòng"),
])
def test_config_values_are_type_checked_naming_the_key(tmp_path: Path, change: tuple[str, str],
                                                       message: str) -> None:
    root = write_project(tmp_path, config=CONFIG.replace(*change, 1))
    with pytest.raises(ConfigError) as info:
        load_project(root)
    assert message in str(info.value)


def test_template_must_be_a_docx_inside_the_templates_folder(mini_project: Path) -> None:
    (mini_project / "mau" / "bao-cao.docx").write_bytes(b"PK\x03\x04 not really a zip")
    with pytest.raises(ConfigError) as info:
        load_project(mini_project)
    assert str(info.value).endswith(
        "[[documents]] thứ 1 (bao-cao), khóa template: tệp mẫu «bao-cao.docx» không phải tệp "
        "Word .docx → mở mẫu bằng Word hoặc LibreOffice và lưu lại dạng Word (.docx)")


def test_non_utf8_config_names_the_file(tmp_path: Path) -> None:
    text = unicodedata.normalize("NFD", '[project]\nname = "Tỉnh ủy"\n')
    (tmp_path / "draftgen.toml").write_bytes(text.encode("cp1258"))
    with pytest.raises(ConfigError, match=r"tệp draftgen.toml không phải mã UTF-8 \(byte lạ "
                                          r"ở dòng 2\) → .*lưu lại với mã hóa UTF-8"):
        load_project(tmp_path)
