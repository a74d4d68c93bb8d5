"""The kept parse of a config file: served only for the very bytes it was parsed from."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from draftgen import tomlcache
from draftgen.config import load_project
from draftgen.errors import ConfigError


@pytest.fixture
def cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    folder = tmp_path / "cache"
    monkeypatch.setenv("DRAFTGEN_CACHE_DIR", str(folder))
    return folder


def test_dates_and_plain_values_come_back_equal(cache: Path) -> None:
    parsed = {"a": [1, 2.5, True, "Lạng Sơn"], "b": {
        "day": dt.date(2020, 6, 19), "time": dt.time(8, 30),
        "at": dt.datetime(2020, 6, 19, 8, 30, tzinfo=dt.timezone(dt.timedelta(hours=7)))}}
    tomlcache.store(b"x = 1", parsed)
    assert tomlcache.load(b"x = 1") == parsed
    assert tomlcache.load(b"x = 2") is None  # other bytes: never another file's parse


def test_an_edited_config_is_read_again(cache: Path, mini_project: Path) -> None:
    assert load_project(mini_project).name != "Huyện đổi tên"
    assert list(cache.glob("*.toml"))  # kept
    config = mini_project / "draftgen.toml"
    text = config.read_text(encoding="utf-8")
    assert 'name = "Dự án thử"' in text
    config.write_text(text.replace('name = "Dự án thử"', 'name = "Huyện đổi tên"', 1),
                      encoding="utf-8")
    assert load_project(mini_project).name == "Huyện đổi tên"


def test_checks_still_run_on_a_kept_parse(cache: Path, mini_project: Path) -> None:
    load_project(mini_project)
    # the template goes away: the same config bytes, a kept parse, and still the check
    templates = list((mini_project / "mau").glob("*.docx"))
    assert templates
    for template in templates:
        template.write_bytes(b"not a docx")
    with pytest.raises(ConfigError, match="không phải tệp Word .docx"):
        load_project(mini_project)


def test_a_damaged_cache_file_is_ignored(cache: Path, mini_project: Path) -> None:
    first = load_project(mini_project)
    for kept in [*cache.glob("*.toml"), *cache.glob("*.units")]:
        kept.write_bytes(b"\x00garbage")
    again = load_project(mini_project)
    assert again.units.keys() == first.units.keys()
    assert again.documents == first.documents


def test_off_keeps_nothing(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                           mini_project: Path) -> None:
    monkeypatch.setenv("DRAFTGEN_CACHE_DIR", "off")
    load_project(mini_project)
    assert tomlcache.load((mini_project / "draftgen.toml").read_bytes()) is None


def test_units_checked_once_are_made_again_without_their_checks(
        cache: Path, mini_project: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from draftgen import config

    first = load_project(mini_project)
    assert list(cache.glob("*.units"))
    monkeypatch.setattr(config, "_load_units", lambda *a: pytest.fail("units checked again"))
    again = load_project(mini_project)
    assert again.units == first.units
    assert [u.children for u in again.units.values()] == [u.children for u in first.units.values()]
    assert again.documents == first.documents and again.style == first.style


def test_an_edited_unit_is_checked_again(cache: Path, mini_project: Path) -> None:
    load_project(mini_project)
    path = mini_project / "draftgen.toml"
    text = path.read_text(encoding="utf-8")
    first_code = text.split('code = "', 1)[1].split('"', 1)[0]
    path.write_text(text.replace(f'code = "{first_code}"', 'code = "Sai Mã"', 1),
                    encoding="utf-8")
    with pytest.raises(ConfigError, match="mã «Sai Mã» không hợp lệ"):
        load_project(mini_project)
    path.write_text(text, encoding="utf-8")
    assert first_code in load_project(mini_project).units  # the kept units of these bytes


def test_other_checking_code_checks_the_units_again(cache: Path, mini_project: Path,
                                                    monkeypatch: pytest.MonkeyPatch) -> None:
    from draftgen import config

    load_project(mini_project)
    monkeypatch.setattr(config, "_checking_code", lambda: "another version of the checks")
    calls = []
    real = config._load_units
    monkeypatch.setattr(config, "_load_units", lambda *a: calls.append(1) or real(*a))
    load_project(mini_project)
    assert calls == [1]
