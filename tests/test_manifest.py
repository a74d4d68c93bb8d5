"""The manifest: fingerprints of what each output is built from, and the manifest file."""

from __future__ import annotations

import dataclasses
from pathlib import Path

from draftgen.config import load_project
from draftgen.dataset import Dataset
from draftgen.loader import load_dataset
from draftgen.manifest import Entry, Fingerprints, Manifest


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
