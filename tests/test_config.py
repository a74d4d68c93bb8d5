"""The project config: units tree, selectors, documents, and its errors."""

from __future__ import annotations

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
