"""The manifest: fingerprints of what each output is built from, and the manifest file."""

from __future__ import annotations

import dataclasses
import json
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from draftgen.config import load_project
from draftgen.dataset import Dataset
from draftgen.loader import load_dataset
from draftgen.manifest import (
    FIGURES_NAME,
    JOURNAL_NAME,
    STATE_DIR,
    Entry,
    Figures,
    Fingerprints,
    Manifest,
    _json_bytes,
    pack_figures,
)


def _fingerprints(project, data: Dataset) -> dict[str, str]:
    spec = project.documents[0]
    prints = Fingerprints(project, data, lambda name: b"template " + name.encode())
    return {code: prints.job(spec, unit) for code, unit in project.units.items()}


def test_a_changed_district_figure_changes_it_and_its_province_only(mini_project: Path) -> None:
    project = load_project(mini_project)
    data = load_dataset(project)
    before = _fingerprints(project, data)
    assert before == _fingerprints(project, load_dataset(project))  # same inputs, same prints
    assert len(set(before.values())) == 3
    key = ("huyen-c", "THU_NS", "2020")
    observations = dict(data.observations)
    observations[key] = dataclasses.replace(observations[key], value=600000.0)
    after = _fingerprints(project, Dataset(data.units, data.indicators, observations,
                                           data.targets))
    assert after["huyen-c"] != before["huyen-c"]
    assert after["tinh-a"] != before["tinh-a"]  # its total rolls up huyen-c
    assert after["huyen-b"] == before["huyen-b"]


def test_the_manifest_file_round_trips(tmp_path: Path) -> None:
    empty = Manifest.load(tmp_path)
    assert empty.entries == {} and empty.project is None
    manifest = Manifest(tmp_path)
    (tmp_path / "bao-cao").mkdir()
    (tmp_path / "bao-cao" / "tinh-a.docx").write_bytes(b"docx")
    manifest.entries["bao-cao/tinh-a.docx"] = Entry(inputs="abc", built="def")
    manifest.project = "fingerprint"
    manifest.save()
    again = Manifest.load(tmp_path)
    assert again.entries == {"bao-cao/tinh-a.docx": Entry(inputs="abc", built="def")}
    assert again.project == "fingerprint"
    assert again.up_to_date("fingerprint", ["bao-cao/tinh-a.docx"])
    assert not again.up_to_date("other", ["bao-cao/tinh-a.docx"])
    assert not again.up_to_date("fingerprint", ["bao-cao/huyen-b.docx"])


_FIGURE = st.one_of(
    st.lists(st.one_of(st.floats(allow_nan=False), st.integers(), st.text(), st.booleans()),
             max_size=3),
    st.tuples(st.floats(allow_nan=False), st.sampled_from(["chính thức", "ước đạt"]),
              st.booleans()).map(list))
_UNIT_FIGURES = st.dictionaries(st.text(min_size=1), _FIGURE, max_size=6)


@settings(max_examples=60, deadline=None)
@given(st.dictionaries(st.text(min_size=1), _UNIT_FIGURES, max_size=5))
def test_the_figures_file_from_packed_figures_is_the_file_written_at_once(
        figures: dict) -> None:
    # each output's figures are kept packed during a build; the file made of them is the
    # one the whole mapping gives, byte for byte
    kept = Figures({relpath: pack_figures(unit) for relpath, unit in figures.items()})
    assert kept.to_bytes() == _json_bytes(figures)
    assert {relpath: kept.figures(relpath) for relpath in figures} == figures
    assert kept.figures("khong-co.docx") is None


def test_figures_journaled_and_not_saved_are_read_back(tmp_path: Path) -> None:
    figures = {"THU_NS|2020": [1683240.0, "chính thức", False],
               "XA_NTM|2020": [3.0, "ước đạt", True]}
    manifest = Manifest(tmp_path)
    manifest.record("bao-cao/tinh-a.docx", Entry(inputs="abc", built="def"),
                    pack_figures(figures))
    lines = (tmp_path / STATE_DIR / JOURNAL_NAME).read_text(encoding="utf-8").splitlines()
    assert len(lines) == 1  # one line an output, whatever the text's layout
    again = Manifest.load(tmp_path)  # a build killed before its save: the journal replayed
    assert again.entries == {"bao-cao/tinh-a.docx": Entry(inputs="abc", built="def")}
    assert again.load_figures().figures("bao-cao/tinh-a.docx") == figures
    again.save()
    saved = json.loads((tmp_path / STATE_DIR / FIGURES_NAME).read_text(encoding="utf-8"))
    assert saved == {"bao-cao/tinh-a.docx": figures}
    assert Manifest.load(tmp_path).load_figures().figures("bao-cao/tinh-a.docx") == figures
