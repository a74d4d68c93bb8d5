"""The package layer: one deterministic zip writer, a rendered document zipped once."""

from __future__ import annotations

import io
import zipfile

import docx
import pytest

from draftgen.errors import DraftgenError
from draftgen.oxml.archive import FIXED_ZIP_TIME, is_normal_zip, read_entries, write_zip
from draftgen.oxml.package import docx_bytes, read_parts
from draftgen.writer import normalise_docx

# A large entry (deflated once, then reused) and a small one, a non-ASCII name.
ENTRIES = [
    ("[Content_Types].xml", b"<Types/>"),
    ("word/styles.xml", b"<w:styles>" + b"<w:style w:styleId='S'/>" * 4000 + b"</w:styles>"),
    ("word/media/h\u00ecnh.png", bytes(range(256)) * 4),
]


def _zipfile_reference(entries) -> bytes:
    """The same entries written by the standard library, as writer.py used to."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for name, data in entries:
            info = zipfile.ZipInfo(name, date_time=FIXED_ZIP_TIME)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            info.create_system = 0
            archive.writestr(info, data)
    return out.getvalue()


def _document() -> docx.document.Document:
    document = docx.Document()
    document.add_heading("Báo cáo chính trị", level=1)
    document.add_paragraph("Tổng sản phẩm (GRDP) năm 2020 tăng 7,16% so với năm 2019.")
    table = document.add_table(rows=2, cols=2)
    table.cell(1, 1).text = "1.683.240"
    document.core_properties.revision = 1
    return document


def test_write_zip_is_byte_identical_to_zipfile():
    assert write_zip(ENTRIES) == _zipfile_reference(ENTRIES)
    assert write_zip(ENTRIES) == write_zip(ENTRIES)  # the second time from reused bytes


def test_write_zip_entries_read_back_in_order_with_fixed_attributes():
    archive = write_zip(ENTRIES)
    assert read_entries(archive) == dict(ENTRIES)
    with zipfile.ZipFile(io.BytesIO(archive)) as opened:
        assert opened.testzip() is None  # CRCs are right
        infos = opened.infolist()
    assert [i.filename for i in infos] == [name for name, _ in ENTRIES]
    assert {(i.date_time, i.compress_type, i.external_attr >> 16) for i in infos} == {
        (FIXED_ZIP_TIME, zipfile.ZIP_DEFLATED, 0o644)
    }


def test_docx_bytes_has_the_entries_of_python_docx_save():
    document = _document()
    saved = io.BytesIO()
    document.save(saved)
    data = docx_bytes(document)
    assert read_entries(data) == read_entries(saved.getvalue())  # same names, order, bytes
    assert list(read_entries(data)) == list(read_entries(saved.getvalue()))
    assert data == normalise_docx(saved.getvalue())  # what save + normalise used to give
    assert is_normal_zip(data)
    reopened = docx.Document(io.BytesIO(data))
    assert reopened.paragraphs[1].text.endswith("tăng 7,16% so với năm 2019.")
    assert reopened.tables[0].cell(1, 1).text == "1.683.240"


def test_normalise_docx_passes_a_normal_zip_through_and_fixes_others():
    document = _document()
    saved = io.BytesIO()
    document.save(saved)  # python-docx: today's timestamps
    assert not is_normal_zip(saved.getvalue())
    normal = normalise_docx(saved.getvalue())
    assert is_normal_zip(normal)
    assert normalise_docx(normal) is normal  # zipped once: no second pass
    assert read_entries(normal) == read_entries(saved.getvalue())


def test_not_a_docx_is_reported_in_vietnamese():
    assert not is_normal_zip(b"not a zip")
    with pytest.raises(DraftgenError, match="Không đọc được tệp .docx"):
        read_parts(b"not a zip")


def test_deflated_parts_are_kept_only_when_they_come_again() -> None:
    """A part seen once (one unit's text) is not kept; a part that comes back is, and the
    reused stream is the one zlib writes."""
    import os
    import zlib

    from draftgen.oxml.archive import _Deflated

    store = _Deflated()
    unique = [os.urandom(20_000) for _ in range(5)]
    for data in unique:
        store.get(data)
    assert store._size == 0
    shared = b"<w:styles/>" * 4000
    first = store.get(shared)
    again = store.get(shared)
    assert store._size == len(shared) and again == first
    assert zlib.decompress(again[1], -15) == shared and again[0] == zlib.crc32(shared)
