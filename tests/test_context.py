"""The template context of one document and one unit: the views a template reads."""

from __future__ import annotations

from pathlib import Path

import pytest

from draftgen.config import load_project
from draftgen.context import build_context
from draftgen.loader import load_dataset
from draftgen.model import Status


@pytest.fixture
def loaded(mini_project: Path):
    project = load_project(mini_project)
    return project, load_dataset(project)


def context(loaded, unit: str) -> dict:
    project, data = loaded
    return build_context(project, data, project.documents[0], project.units[unit])


def test_a_unit_value_is_the_data_row(loaded) -> None:
    ind = context(loaded, "huyen-b")["ind"]
    fact = ind["THU_NS"].at(2020)
    assert fact.value == 1683240.0
    assert fact.status is Status.OFFICIAL and not fact.illustrative


def test_a_province_value_is_rolled_up_from_its_districts(loaded) -> None:
    fact = context(loaded, "tinh-a")["ind"]["THU_NS"].at(2020)
    assert fact.value == 1683240.0 + 500000.0
    assert fact.rolled_up_from == 2 and not fact.incomplete
    assert fact.illustrative  # huyen-c's figure is invented: so is the total


def test_an_unknown_code_names_the_closest_one(loaded) -> None:
    from draftgen.errors import TemplateError

    with pytest.raises(TemplateError) as caught:
        context(loaded, "tinh-a")["ind"]["THU_N"]
    assert "THU_N" in caught.value.message
    assert caught.value.hint == "có phải ý bạn là «THU_NS»?"


def test_targets_of_the_term_are_assessed(loaded) -> None:
    rows = context(loaded, "tinh-a")["targets"].rows
    by_code = {t.indicator.code: t for t in rows}
    assert by_code["GRDP_TT"].target.text == "7 - 7,5"
    assert by_code["GRDP_TT"].assessment == "vượt"  # 7,8 against 7 - 7,5
    assert by_code["HO_NGHEO"].text == "dưới 8"


def test_expected_children_makes_a_rollup_incomplete(mini_project: Path) -> None:
    config = mini_project / "draftgen.toml"
    text = config.read_text(encoding="utf-8")
    config.write_text(text.replace('code = "tinh-a"', 'code = "tinh-a"\nexpected_children = 3', 1),
                      encoding="utf-8")
    project = load_project(mini_project)
    fact = context((project, load_dataset(project)), "tinh-a")["ind"]["THU_NS"].at(2020)
    assert (fact.rolled_up_from, fact.children_total, fact.incomplete) == (2, 3, True)
    from draftgen.errors import ConfigError

    config.write_text(text.replace('code = "tinh-a"', 'code = "tinh-a"\nexpected_children = 3\n'
                                   'so_don_vi_truc_thuoc = 3', 1), encoding="utf-8")
    with pytest.raises(ConfigError, match="có cả expected_children và so_don_vi_truc_thuoc"):
        load_project(mini_project)
