"""The engine fingerprint (draftgen's code and the rendering libraries) kept in the cache
folder, named by the files' sizes and modification times: the same value without reading
the files again, and a new one when a file changes."""

from __future__ import annotations

import os
from pathlib import Path

from draftgen import manifest


def _package(tmp_path: Path) -> tuple[Path, list[Path]]:
    package = tmp_path / "goi"
    package.mkdir()
    files = []
    for name, text in (("a.py", "A = 1\n"), ("b.xml", "<b/>")):
        (package / name).write_text(text, encoding="utf-8")
        files.append(package / name)
    return package, files


def test_the_fingerprint_is_kept_and_found_again(tmp_path: Path, monkeypatch):
    monkeypatch.setenv("DRAFTGEN_CACHE_DIR", str(tmp_path / "cache"))
    manifest.engine_fingerprint.cache_clear()
    first = manifest.engine_fingerprint()
    kept = list((tmp_path / "cache").glob("engine-*.txt"))
    assert len(kept) == 1 and kept[0].read_text(encoding="ascii") == first
    manifest.engine_fingerprint.cache_clear()
    monkeypatch.setattr(Path, "read_bytes", lambda self: (_ for _ in ()).throw(
        AssertionError(f"read {self}")))
    assert manifest.engine_fingerprint() == first  # from the kept file: nothing read
    manifest.engine_fingerprint.cache_clear()


def test_a_changed_file_is_another_name(tmp_path: Path, monkeypatch):
    monkeypatch.setenv("DRAFTGEN_CACHE_DIR", str(tmp_path / "cache"))
    package, files = _package(tmp_path)
    where, value = manifest._kept_engine_fingerprint(package, files)
    assert value is None
    manifest._keep_engine_fingerprint(where, "f" * 64)
    assert manifest._kept_engine_fingerprint(package, files) == (where, "f" * 64)
    stat = files[0].stat()
    os.utime(files[0], ns=(stat.st_atime_ns, stat.st_mtime_ns + 1_000_000))
    moved, value = manifest._kept_engine_fingerprint(package, files)
    assert moved != where and value is None
    files[1].write_text("<bb/>", encoding="utf-8")  # another size
    assert manifest._kept_engine_fingerprint(package, files)[0] not in (where, moved)


def test_a_damaged_kept_file_is_computed_again(tmp_path: Path, monkeypatch):
    monkeypatch.setenv("DRAFTGEN_CACHE_DIR", str(tmp_path / "cache"))
    package, files = _package(tmp_path)
    where, _ = manifest._kept_engine_fingerprint(package, files)
    where.parent.mkdir(parents=True)
    where.write_text("không phải mã băm", encoding="utf-8")
    assert manifest._kept_engine_fingerprint(package, files) == (where, None)


def test_no_cache_folder_computes_it_each_time(monkeypatch, tmp_path: Path):
    monkeypatch.setenv("DRAFTGEN_CACHE_DIR", "off")
    package, files = _package(tmp_path)
    assert manifest._kept_engine_fingerprint(package, files) is None
    manifest.engine_fingerprint.cache_clear()
    assert len(manifest.engine_fingerprint()) == 64
    manifest.engine_fingerprint.cache_clear()
