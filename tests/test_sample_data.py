"""Checks on the bundled sample project in ``data/``.

The tables are read with pandas directly. Every value or target that is not marked
illustrative must cite a line of one of the seed documents, and that line must contain the
number written the Vietnamese way (decimal comma, thousands dot). The seeds are found as
:mod:`seedtext` says ($DRAFTGEN_SEEDS); the source checks are skipped, saying so, without them.
"""

from __future__ import annotations

import re
import sys
import unicodedata
from decimal import Decimal
from pathlib import Path

import pandas as pd
import pytest
from seedtext import SEEDS, needs_seeds

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover
    import tomli as tomllib

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT / "data"
TABLES = DATA / "chi-tieu"

# Source keys used in the ``nguon`` column (explained in data/NGUON.md) -> seed file.
SOURCE_FILES = {
    "DCTT-XVI": "000_721509bbc34d9407.txt",
    "BCCT-XVIII": "001_7ce4ecc5aa6b99b0.txt",
    "TTXVN-2023": "002_3e83a870f2ad1918.txt",
    "KHPT-2021-2025": "003_8cd85bc321b2d409.txt",
    "BCCT-VL-XXII": "004_39d0727b6502c1d4.txt",
}

HEADERS = {
    "danh-muc.csv": ["ma", "ten", "dvt", "linh_vuc", "nhom", "loai", "so_le", "chieu_tot",
                     "dvt_hien_thi", "tong_hop", "thuoc_tong", "binh_quan_cua", "toc_do_cua",
                     "trong_so", "dem_muc_tieu"],
    "gia-tri.csv": ["don_vi", "ma_chi_tieu", "ky", "gia_tri", "trang_thai", "nguon", "ghi_chu",
                    "minh_hoa"],
    "muc-tieu.csv": ["don_vi", "ma_chi_tieu", "nhiem_ky", "muc_tieu", "stt", "dien_giai", "nguon",
                     "ghi_chu", "minh_hoa"],
}
FIELDS = {"kinh tế", "văn hóa - xã hội", "quốc phòng - an ninh", "xây dựng Đảng", "chính quyền",
          "Mặt trận và đoàn thể", "tổng quát"}
KINDS = {"mức", "tốc độ", "tỷ trọng", "số đếm", "tỷ lệ"}
DIRECTIONS = {"tăng", "giảm"}
ROLLUPS = {"tổng", "trung bình", "không"}
STATUSES = {"chính thức", "ước đạt", "dự ước"}
LEVELS = {"tỉnh", "huyện", "thành phố", "thị xã", "xã", "phường", "thị trấn"}

NUMBER = r"\d{1,3}(?:\.\d{3})*(?:,\d+)?"
VALUE = re.compile(rf"^-?{NUMBER}$")
TARGET = re.compile(
    rf"^(?:(?:≥|≤|trên|dưới|khoảng|không quá) )?{NUMBER}(?: - {NUMBER})?$"
    rf"|^từ {NUMBER} trở lên$"
    r"|^định tính(?:: .+)?$"  # qualitative: the wording is in dien_giai
)
PERIOD = re.compile(r"^(\d{4})(?:-(\d{4}))?$")
TERM = re.compile(r"^(\d{4})-(\d{4})$")
SLUG = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
SOURCE = re.compile(r"^([A-Z0-9-]+):(\d+)$")


def read(name: str) -> pd.DataFrame:
    return pd.read_csv(TABLES / name, dtype=str, keep_default_na=False, encoding="utf-8")


def documents(table: pd.DataFrame) -> pd.Series:
    """The source document of each row: ``nguon`` before ``:``."""
    return table["nguon"].str.split(":").str[0]


def repeated(table: pd.DataFrame, key: list[str]) -> pd.DataFrame:
    """Rows whose key another row has, unless each names its own source document."""
    frame = table.assign(document=documents(table))
    several = frame[frame.duplicated(key, keep=False)]
    return several[(several["document"] == "") | several.duplicated([*key, "document"],
                                                                    keep=False)]


# 2020 baselines seed 001 states by their change, not by the figure: "(value) 20,92% (giảm
# 2,32% so với năm 2020)". (unit, code, year, nguon) -> (year of the stated value, stated change).
DERIVED = {
    ("lang-son", "TY_TRONG_NONG_LAM", "2020", "BCCT-XVIII:14"): ("2025", "-2,32"),
    ("lang-son", "TY_TRONG_CN_XD", "2020", "BCCT-XVIII:14"): ("2025", "2,78"),
    ("lang-son", "TY_TRONG_DICH_VU", "2020", "BCCT-XVIII:14"): ("2025", "-0,15"),
    ("lang-son", "TY_TRONG_THUE_SP", "2020", "BCCT-XVIII:14"): ("2025", "-0,30"),
    ("lang-son", "TY_LE_CHE_PHU_RUNG", "2020", "BCCT-XVIII:22"): ("2025", "1,5"),
    ("lang-son", "CHAT_THAI_RAN_DO_THI", "2020", "BCCT-XVIII:52"): ("2025", "3,82"),
}


@pytest.fixture(scope="module")
def catalogue() -> pd.DataFrame:
    return read("danh-muc.csv")


@pytest.fixture(scope="module")
def values() -> pd.DataFrame:
    return read("gia-tri.csv")


@pytest.fixture(scope="module")
def targets() -> pd.DataFrame:
    return read("muc-tieu.csv")


@pytest.fixture(scope="module")
def config() -> dict:
    with open(DATA / "draftgen.toml", "rb") as f:
        return tomllib.load(f)


# --- numbers, written the Vietnamese way -------------------------------------------------

def parse_vn(text: str) -> Decimal:
    """``"1.683,24"`` -> 1683.24; refuses the ambiguous ``"7.8"``."""
    assert VALUE.match(text), f"không phải số viết kiểu Việt Nam: {text!r}"
    return Decimal(text.replace(".", "").replace(",", "."))


def format_vn(number: Decimal) -> str:
    sign, digits = "", format(abs(Decimal(number)).normalize(), "f")
    whole, _, frac = digits.partition(".")
    groups = []
    while len(whole) > 3:
        groups.insert(0, whole[-3:])
        whole = whole[:-3]
    groups.insert(0, whole)
    frac = frac.rstrip("0")
    return sign + ".".join(groups) + ("," + frac if frac else "")


def written_forms(text: str) -> set[str]:
    """How a stored number may appear in a seed line.

    The stored text itself; the same number without trailing zeros; the number scaled by
    1.000 either way (the data keeps one unit per indicator, the documents change scale:
    "101,5 nghìn tỷ đồng" is stored as 101.500 tỷ đồng, "1.683.240 triệu đồng" as 1.683,24
    tỷ đồng); a count from 1 to 9 may be zero-padded ("05 xã"). A fall is stored negative
    and written "giảm 5,4%", so the sign is dropped.
    """
    number = abs(parse_vn(text))
    forms = {text.lstrip("-"), format_vn(number), format_vn(number * 1000),
             format_vn(number / 1000)}
    if number == number.to_integral_value() and 1 <= number <= 9:
        forms.add("0" + format_vn(number))
    return forms


def occurs(text: str, line: str) -> bool:
    """The number occurs in the line as a whole number (not inside a longer one)."""
    return any(re.search(rf"(?<![\d.,]){re.escape(form)}(?![\d]|[.,]\d)", line)
               for form in written_forms(text))


def normalise(text: str) -> str:
    return unicodedata.normalize("NFC", text).replace("\u00a0", " ")


def seed_line(source: str) -> str:
    match = SOURCE.match(source)
    assert match, f"nguồn phải có dạng KHÓA:dòng: {source!r}"
    key, number = match.group(1), int(match.group(2))
    assert key in SOURCE_FILES, f"khóa nguồn lạ: {key}"
    lines = (SEEDS / SOURCE_FILES[key]).read_text(encoding="utf-8").split("\n")
    assert 1 <= number <= len(lines), source
    return normalise(lines[number - 1])


def test_occurs_is_strict():
    assert occurs("7,16", "ước đạt 7,16%")
    assert not occurs("7,1", "ước đạt 7,16%")
    assert not occurs("16", "ước đạt 7,16%")
    assert occurs("101.500", "ước đạt 101,5 nghìn tỷ đồng")
    assert occurs("1.683,24", "đạt 1.683.240 triệu đồng")
    assert occurs("5", "đã có 05 xã đạt chuẩn")
    assert occurs("-5,4", "bình quân hằng năm giảm 5,4%")
    assert not occurs("5,45", "ước đạt 5,4%")
    with pytest.raises(AssertionError):
        parse_vn("7.8")


# --- structure -------------------------------------------------------------------------

@pytest.mark.parametrize("name", sorted(HEADERS))
def test_headers_exact(name):
    with open(TABLES / name, encoding="utf-8") as f:
        first = f.readline().rstrip("\n")
    assert first.split(",") == HEADERS[name]


@pytest.mark.parametrize("name", sorted(HEADERS))
def test_text_is_nfc(name):
    text = (TABLES / name).read_text(encoding="utf-8")
    assert text == unicodedata.normalize("NFC", text)
    assert "\u00a0" not in text


def test_config_is_nfc():
    text = (DATA / "draftgen.toml").read_text(encoding="utf-8")
    assert text == unicodedata.normalize("NFC", text)


def test_catalogue(catalogue):
    assert catalogue["ma"].is_unique
    for row in catalogue.itertuples():
        assert re.fullmatch(r"[A-Z][A-Z0-9_]*", row.ma) and row.ma.isidentifier(), row.ma
        assert row.ten and row.dvt, row.ma
        assert row.linh_vuc in FIELDS, row.ma
        assert row.nhom, row.ma
        assert row.loai in KINDS, row.ma
        assert row.so_le == "" or row.so_le.isdigit(), row.ma
        assert row.chieu_tot in DIRECTIONS, row.ma
        assert row.tong_hop in ROLLUPS, row.ma


def test_units(config):
    units = config["units"]
    codes = [u["code"] for u in units]
    assert len(codes) == len(set(codes))
    for u in units:
        assert SLUG.match(u["code"]), u["code"]
        assert u["level"] in LEVELS, u["code"]
        assert u.get("parent", "") in {"", *codes}, u["code"]
        for term, ordinal in u["congress"].items():
            assert TERM.match(term) and isinstance(ordinal, int)
        assert all(r.endswith((",", ".")) for r in u["recipients"]), u["code"]
    roots = [u for u in units if not u.get("parent")]
    assert [u["code"] for u in roots] == ["lang-son"]
    by_code = {u["code"]: u for u in units}
    depth = {c: 0 for c in codes}
    for c in codes:  # the tree has no cycle and goes at least three levels deep
        seen, p = set(), c
        while by_code[p].get("parent"):
            assert p not in seen
            seen.add(p)
            p = by_code[p]["parent"]
            depth[c] += 1
    assert max(depth.values()) >= 2
    assert len([c for c in codes if by_code[c].get("parent") == "lang-son"]) >= 4


def test_documents_select_configured_units(config):
    codes = {u["code"] for u in config["units"]}
    for doc in config["documents"]:
        assert TERM.match(doc["term"]) and isinstance(doc["report_year"], int)
        assert doc["footnotes"] in {"footnotes", "annex"}
        for selector in doc["units"]:
            kind, _, arg = selector.partition(":")
            if arg:
                assert kind in {"children", "descendants", "level"}
                assert kind == "level" or arg in codes, selector
            else:
                assert selector == "all" or selector in codes, selector


def test_values(values, catalogue, config):
    codes = set(catalogue["ma"])
    units = {u["code"] for u in config["units"]}
    assert repeated(values, ["don_vi", "ma_chi_tieu", "ky"]).empty
    for row in values.itertuples():
        where = f"{row.don_vi}/{row.ma_chi_tieu}/{row.ky}"
        assert row.don_vi in units, where
        assert row.ma_chi_tieu in codes, where
        m = PERIOD.match(row.ky)
        assert m and (m.group(2) is None or m.group(1) < m.group(2)), where
        parse_vn(row.gia_tri)
        assert row.trang_thai in STATUSES, where
        assert row.minh_hoa in {"", "x"}, where
        if row.minh_hoa == "":
            assert SOURCE.match(row.nguon), where
        else:
            assert row.nguon == "" and row.ghi_chu == "", where


def test_targets(targets, catalogue, config):
    codes = set(catalogue["ma"])
    units = {u["code"] for u in config["units"]}
    assert repeated(targets, ["don_vi", "ma_chi_tieu", "nhiem_ky"]).empty
    for row in targets.itertuples():
        where = f"{row.don_vi}/{row.ma_chi_tieu}/{row.nhiem_ky}"
        assert row.don_vi in units and row.ma_chi_tieu in codes, where
        assert TERM.match(row.nhiem_ky), where
        assert TARGET.match(row.muc_tieu), f"{where}: {row.muc_tieu!r}"
        low_high = [parse_vn(n) for n in re.findall(NUMBER, row.muc_tieu)]
        assert low_high == sorted(low_high), where
        assert row.stt == "" or row.stt.isdigit(), where
        assert row.minh_hoa in {"", "x"}, where
        if row.minh_hoa == "":
            assert SOURCE.match(row.nguon), where


def test_percent_values_are_plausible(values, catalogue):
    units_of = dict(zip(catalogue["ma"], catalogue["dvt"]))
    kinds = dict(zip(catalogue["ma"], catalogue["loai"]))
    for row in values.itertuples():
        if units_of[row.ma_chi_tieu] == "%" and kinds[row.ma_chi_tieu] in {"tỷ lệ", "tỷ trọng"}:
            assert 0 <= parse_vn(row.gia_tri) <= 100, row


def test_shares_add_up(values):
    shares = ["TY_TRONG_NONG_LAM", "TY_TRONG_CN_XD", "TY_TRONG_DICH_VU", "TY_TRONG_THUE_SP"]
    part = values[values["ma_chi_tieu"].isin(shares)].assign(document=documents(values))
    for (unit, year, _), group in part.groupby(["don_vi", "ky", "document"]):
        total = sum(parse_vn(v) for v in group["gia_tri"])
        assert abs(total - 100) <= Decimal("0.1"), (unit, year, total)


def test_coverage(values, targets, catalogue):
    """Enough data for the documents; one district leaves a whole field empty."""
    field_of = dict(zip(catalogue["ma"], catalogue["linh_vuc"]))
    per_unit = values.groupby("don_vi").size()
    assert per_unit["lang-son"] >= 150 and per_unit["van-lang"] >= 50
    real = values[values["minh_hoa"] == ""]
    assert set(real["don_vi"]) == {"lang-son", "van-lang"}
    fields = values.assign(f=values["ma_chi_tieu"].map(field_of)).groupby("don_vi")["f"]
    missing = {u: FIELDS - set(f) for u, f in fields}
    assert any("quốc phòng - an ninh" in m for m in missing.values())
    for term in ("2015-2020", "2020-2025", "2025-2030"):
        assert len(targets[(targets["don_vi"] == "lang-son") & (targets["nhiem_ky"] == term)]) >= 18


# --- figures against the seeds ---------------------------------------------------------



@needs_seeds
def test_values_match_seed_lines(values):
    wrong = []
    for row in values[values["minh_hoa"] == ""].itertuples():
        line = seed_line(row.nguon)
        derived = DERIVED.get((row.don_vi, row.ma_chi_tieu, row.ky, row.nguon))
        if derived is not None:  # the stated value and change stand in the line
            year, change = derived
            later = values[(values["don_vi"] == row.don_vi) & (values["ky"] == year)
                           & (values["ma_chi_tieu"] == row.ma_chi_tieu)
                           & (values["nguon"] == row.nguon)]["gia_tri"]
            if not (len(later) == 1 and occurs(later.iloc[0], line) and occurs(change, line)
                    and parse_vn(later.iloc[0]) - parse_vn(change) == parse_vn(row.gia_tri)):
                wrong.append(f"{row.don_vi}/{row.ma_chi_tieu}/{row.ky}={row.gia_tri} "
                             f"({row.nguon}): not {year} value {change}")
        elif not occurs(row.gia_tri, line):
            wrong.append(f"{row.don_vi}/{row.ma_chi_tieu}/{row.ky}={row.gia_tri} ({row.nguon})")
    assert not wrong, "\n".join(wrong)


@needs_seeds
def test_targets_match_seed_lines(targets):
    wrong = []
    for row in targets[targets["minh_hoa"] == ""].itertuples():
        line = seed_line(row.nguon)
        for number in re.findall(NUMBER, row.muc_tieu):
            if not occurs(number, line):
                wrong.append(f"{row.don_vi}/{row.ma_chi_tieu}/{row.nhiem_ky}: {number} ({row.nguon})")
        if row.dien_giai:
            assert normalise(row.dien_giai) in line, row
    assert not wrong, "\n".join(wrong)


@needs_seeds
def test_notes_are_seed_text(values):
    """A note is a footnote of a seed, copied as it stands."""
    texts = {key: normalise((SEEDS / name).read_text(encoding="utf-8"))
             for key, name in SOURCE_FILES.items()}
    for row in values[values["ghi_chu"] != ""].itertuples():
        assert any(normalise(row.ghi_chu) in t for t in texts.values()), row


@needs_seeds
def test_a_wrong_figure_is_caught():
    line = seed_line("BCCT-XVIII:13")
    assert occurs("7,16", line)
    assert not occurs("7,61", line) and not occurs("7,1", line) and not occurs("716", line)
