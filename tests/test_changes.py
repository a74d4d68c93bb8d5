"""The change report: which figures of a unit differ between two builds."""

from __future__ import annotations

from pathlib import Path

from projectkit import record_reads

from draftgen.changes import figure_changes, unit_figures
from draftgen.config import load_project
from draftgen.loader import load_dataset


def test_unit_figures_hold_values_rollups_and_targets(mini_project: Path) -> None:
    data = load_dataset(load_project(mini_project))
    district = unit_figures(data, "huyen-b")
    assert district["THU_NS|2020"] == [1683240.0, "chính thức", False]
    assert district["HO_NGHEO|mục tiêu 2015-2020"] == ["dưới 4"]
    province = unit_figures(data, "tinh-a")
    assert province["THU_NS|2020"] == [2183240.0, "chính thức", True]  # rolled up, invented part
    assert "HO_NGHEO|mục tiêu 2015-2020" in province and province["GRDP_TT|mục tiêu 2015-2020"]


def test_figure_changes_list_what_differs_in_catalogue_order(mini_project: Path) -> None:
    data = load_dataset(load_project(mini_project))
    old = unit_figures(data, "huyen-b")
    new = dict(old, **{"THU_NS|2020": [1700000.0, "chính thức", False]})
    del new["HO_NGHEO|mục tiêu 2015-2020"]
    changes = figure_changes(old, new, data)
    assert [(c.code, c.period) for c in changes] == [
        ("HO_NGHEO", "mục tiêu 2015-2020"), ("THU_NS", "2020")]
    assert changes[1].describe() == "Thu ngân sách (THU_NS), năm 2020: 1.683.240 → 1.700.000"
    assert changes[0].new == ""
    assert figure_changes(old, dict(old), data) == []


def test_changed_values_are_listed_as_entered_not_with_the_catalogues_zeros(
        mini_project: Path) -> None:
    data = load_dataset(load_project(mini_project))  # HO_NGHEO: so_le 2
    old = {"HO_NGHEO|2020": [4.5, "chính thức", False]}
    new = {"HO_NGHEO|2020": [7.2, "ước đạt", False]}
    change = figure_changes(old, new, data)[0]
    assert change.describe() == "Tỷ lệ hộ nghèo (HO_NGHEO), năm 2020: 4,5 → 7,2 (ước đạt)"


def test_warmed_rollups_read_no_row_below_and_give_the_same_figures(mini_project: Path) -> None:
    # Forked workers must not read the rows of every unit below a province (each read
    # makes those pages the worker's own): after warm_rollups, a roll-up is looked up.
    data = load_dataset(load_project(mini_project))
    cold = {u: unit_figures(data, u) for u in data.units}
    fresh = load_dataset(load_project(mini_project))
    fresh.warm_rollups()
    read = record_reads(fresh)
    assert unit_figures(fresh, "tinh-a") == cold["tinh-a"]
    assert set(read) == {"tinh-a"}  # its own rows only, not its districts'
    assert cold["tinh-a"]["THU_NS|2020"] == [2183240.0, "chính thức", True]
    assert {u: unit_figures(fresh, u) for u in fresh.units} == cold
    assert fresh.fact("tinh-a", "THU_NS", "1999") is None  # no row below: no roll-up
