"""The zip container of a .docx: one deterministic writer, and reading entries back.

:func:`write_zip` is the only place draftgen writes a zip. Entries keep the order given,
every one is deflated and gets the same timestamp and attributes, so the same entries give
the same bytes. The layout is the one :mod:`zipfile` writes for such entries
(``ZipFile.writestr`` of a ``ZipInfo`` dated 1980-01-01, mode 0644, made by MS-DOS): a
file written here is byte-identical to one :mod:`zipfile` would write.

Deflating is most of the cost of writing a document, and most of a document's bytes
(styles, theme, fonts, images) are the same for every unit of a batch. Large entries are
therefore deflated once per content and the compressed bytes reused (``_Deflated``), which
:mod:`zipfile` cannot do.

Only standard library modules are imported here: :mod:`draftgen.writer` uses this module
and must stay quick to import.
"""

from __future__ import annotations

import struct
import zlib
from collections.abc import Iterable
from io import BytesIO
from zipfile import ZIP_DEFLATED, BadZipFile, ZipFile

FIXED_ZIP_TIME = (1980, 1, 1, 0, 0, 0)

_DOS_DATE = 1 << 5 | 1  # 1980-01-01: (year - 1980) << 9 | month << 5 | day
_DOS_TIME = 0  # 00:00:00
_VERSION = 20  # "made by" and "needed to extract" version for deflated entries: 2.0
_SYSTEM = 0  # made by MS-DOS: external attributes are read as Unix mode bits anyway
_EXTERNAL_ATTR = 0o644 << 16  # -rw-r--r--
_UTF8_NAME = 0x800  # general purpose flag: the name is UTF-8
_ZIP32_LIMIT = (1 << 31) - 1  # larger needs ZIP64, which a .docx never does

_LOCAL_HEADER = struct.Struct("<4s2B4HL2L2H")
_CENTRAL_HEADER = struct.Struct("<4s4B4HL2L5H2L")
_END_RECORD = struct.Struct("<4s4H2LH")


class _Deflated:
    """Raw deflate streams of large entries by content, reused across the documents of a
    batch (styles, theme, fonts and images are the same for every unit)."""

    MIN_SIZE = 16 * 1024  # smaller entries deflate in less time than a look-up costs
    MAX_BYTES = 64 * 1024 * 1024  # uncompressed bytes kept; the store is emptied beyond
    MAX_SEEN = 4096  # contents seen once, remembered by their hash

    def __init__(self) -> None:
        self._store: dict[bytes, tuple[int, bytes]] = {}
        self._size = 0
        # A content is kept only when it comes a second time: the parts of one unit's
        # document (its text, its charts) never come back, and keeping them would grow a
        # worker by every document it writes.
        self._seen: set[int] = set()

    def get(self, data: bytes) -> tuple[int, bytes]:
        """CRC-32 and raw deflate stream of ``data``."""
        if len(data) < self.MIN_SIZE:
            return _deflate(data)
        found = self._store.get(data)
        if found is None:
            found = _deflate(data)
            key = hash(data)  # computed by the look-up already
            if key not in self._seen:
                if len(self._seen) >= self.MAX_SEEN:
                    self._seen.clear()
                self._seen.add(key)
                return found
            if self._size + len(data) > self.MAX_BYTES:
                self._store.clear()
                self._size = 0
            self._store[data] = found
            self._size += len(data)
        return found


_DEFLATED = _Deflated()


def _deflate(data: bytes) -> tuple[int, bytes]:
    # zipfile's compressor: default level, raw stream (no zlib header)
    compressor = zlib.compressobj(zlib.Z_DEFAULT_COMPRESSION, zlib.DEFLATED, -15)
    return zlib.crc32(data), compressor.compress(data) + compressor.flush()


def _encode_name(name: str) -> tuple[bytes, int]:
    try:
        return name.encode("ascii"), 0
    except UnicodeEncodeError:
        return name.encode("utf-8"), _UTF8_NAME


def write_zip(entries: Iterable[tuple[str, bytes]]) -> bytes:
    """A zip of ``(name, data)`` entries in the given order, deflated, with fixed
    timestamps and attributes: the same entries give the same bytes.

    >>> archive = write_zip([("a.xml", b"<a/>"), ("b/c.xml", b"<c/>")])
    >>> write_zip([("a.xml", b"<a/>"), ("b/c.xml", b"<c/>")]) == archive
    True
    >>> read_entries(archive)
    {'a.xml': b'<a/>', 'b/c.xml': b'<c/>'}
    """
    out = BytesIO()
    central: list[bytes] = []
    for name, data in entries:
        raw_name, flags = _encode_name(name)
        crc, deflated = _DEFLATED.get(data)
        if max(len(data), len(deflated), out.tell()) > _ZIP32_LIMIT:
            raise ValueError(f"zip entry {name!r} too large for a .docx")
        sizes = (crc, len(deflated), len(data), len(raw_name))
        central.append(
            _CENTRAL_HEADER.pack(
                b"PK\x01\x02", _VERSION, _SYSTEM, _VERSION, 0, flags, ZIP_DEFLATED,
                _DOS_TIME, _DOS_DATE, *sizes, 0, 0, 0, 0, _EXTERNAL_ATTR, out.tell(),
            )
            + raw_name
        )
        out.write(
            _LOCAL_HEADER.pack(
                b"PK\x03\x04", _VERSION, 0, flags, ZIP_DEFLATED, _DOS_TIME, _DOS_DATE,
                *sizes, 0,
            )
        )
        out.write(raw_name)
        out.write(deflated)
    start = out.tell()
    for header in central:
        out.write(header)
    size = out.tell() - start
    count = len(central)
    out.write(_END_RECORD.pack(b"PK\x05\x06", 0, 0, count, count, size, start, 0))
    return out.getvalue()


def read_entries(data: bytes) -> dict[str, bytes]:
    """The entries of a zip by name, in archive order.

    Raises :class:`zipfile.BadZipFile` when ``data`` is not a zip.
    """
    with ZipFile(BytesIO(data)) as archive:
        return {info.filename: archive.read(info) for info in archive.infolist()}


def is_normal_zip(data: bytes) -> bool:
    """Whether ``data`` is a zip laid out as :func:`write_zip` writes one: every entry
    deflated, with the fixed timestamp and attributes, no extra fields or comments.

    >>> is_normal_zip(write_zip([("a.xml", b"<a/>")]))
    True
    >>> is_normal_zip(b"not a zip")
    False
    """
    try:
        with ZipFile(BytesIO(data)) as archive:
            infos = archive.infolist()
            if archive.comment:
                return False
    except (BadZipFile, OSError):
        return False
    return all(
        info.date_time == FIXED_ZIP_TIME
        and info.compress_type == ZIP_DEFLATED
        and info.external_attr == _EXTERNAL_ATTR
        and info.create_system == _SYSTEM
        and info.create_version == _VERSION
        and info.extract_version == _VERSION
        and info.flag_bits & ~_UTF8_NAME == 0
        and not info.extra
        and not info.comment
        for info in infos
    )
