"""``draftgen init``: a new project that builds at once."""

from __future__ import annotations

from pathlib import Path

from click.testing import CliRunner
from docx import Document
from projectkit import INIT_ARGS as ARGS

from draftgen.build import build
from draftgen.cli import main
from draftgen.config import load_project
from draftgen.loader import load_dataset


def test_init_with_every_option_asks_nothing_and_the_project_builds(tmp_path: Path) -> None:
    target = tmp_path / "du-an-moi"
    result = CliRunner().invoke(main, ["init", str(target), *ARGS, "--danh-muc-mau"])
    assert result.exit_code == 0, result.output
    assert "?" not in result.output  # no question was asked
    project = load_project(target)
    assert list(project.units) == ["lang-son", "van-lang", "tan-thanh", "thanh-pho-lang-son"]
    commune = project.units["tan-thanh"]
    assert (commune.parent, commune.committee, commune.doc_symbol, commune.congress) == (
        "van-lang", "Đảng ủy xã Tân Thanh", "-BC/ĐU", {"2020-2025": 21})
    assert project.units["thanh-pho-lang-son"].committee == "Thành ủy Lạng Sơn"
    assert project.units["van-lang"].superior == "Đảng bộ tỉnh Lạng Sơn"
    assert len(load_dataset(project).indicators) > 50  # the sample's catalogue
    assert (target / "mau" / "bao-cao-chinh-tri.docx").is_file()
    assert (target / "noi-dung" / "chung" / "ket-qua.md").is_file()
    assert (target / "noi-dung" / "van-lang").is_dir()

    report = build(target)
    assert report.ok and len(report.built) == 4
    doc = Document(str(target / "output" / "bao-cao-chinh-tri-2020-2025" / "tan-thanh.docx"))
    text = "\n".join(p.text for p in doc.paragraphs)
    assert "Đại hội đại biểu Đảng bộ xã Tân Thanh lần thứ XXI" in text  # congress = 21
    assert "nhiệm kỳ 2020 - 2025" in text


def test_init_asks_for_what_is_not_given(tmp_path: Path) -> None:
    target = tmp_path / "xa"
    answers = "xã Tân Thanh\n2020-2025\n\n21\nn\n"
    result = CliRunner().invoke(main, ["init", str(target)], input=answers)
    assert result.exit_code == 0, result.output
    assert "Đơn vị cao nhất" in result.output and "Nhiệm kỳ được tổng kết" in result.output
    assert "Số thứ tự đại hội họp cuối nhiệm kỳ của «xã Tân Thanh»" in result.output
    project = load_project(target)
    assert list(project.units) == ["tan-thanh"]
    assert project.units["tan-thanh"].congress == {"2020-2025": 21}
    assert load_dataset(project).indicators == {}  # an empty catalogue
    assert build(target).ok


def test_init_explains_what_is_missing_and_keeps_existing_folders(tmp_path: Path) -> None:
    runner = CliRunner()
    no_congress = runner.invoke(main, ["init", str(tmp_path / "a"), "--don-vi-goc",
                                       "tỉnh Lạng Sơn=18", "--nhiem-ky", "2020-2025",
                                       "--don-vi", "huyện Văn Lãng"])
    assert no_congress.exit_code == 2
    assert "chưa có số thứ tự đại hội nhiệm kỳ 2020 - 2025 của: huyện Văn Lãng" in no_congress.output
    assert not (tmp_path / "a").exists()
    no_level = runner.invoke(main, ["init", str(tmp_path / "b"), "--don-vi-goc", "Lạng Sơn=18",
                                    "--nhiem-ky", "2020-2025"])
    assert no_level.exit_code == 2 and "thiếu cấp" in no_level.output
    busy = tmp_path / "c"
    busy.mkdir()
    (busy / "x.txt").write_text("x")
    taken = runner.invoke(main, ["init", str(busy), *ARGS])
    assert taken.exit_code == 2 and "đã có tệp" in taken.output


def test_init_refuses_a_folder_with_files_before_asking_anything(tmp_path: Path) -> None:
    busy = tmp_path / "data"
    busy.mkdir()
    (busy / "x.txt").write_text("x")
    answers = "xã Tân Thanh\n2020-2025\n\n21\nn\n"
    result = CliRunner().invoke(main, ["init", str(busy)], input=answers)
    assert result.exit_code == 2
    assert result.output.startswith(f"Lỗi: {busy}: thư mục «{busy}» đã có tệp")
    assert "chọn một thư mục mới hoặc thư mục trống" in result.output
    assert "Đơn vị cao nhất" not in result.output and "Nhiệm kỳ" not in result.output
    a_file = tmp_path / "tep.txt"
    a_file.write_text("x")
    refused = CliRunner().invoke(main, ["init", str(a_file)], input=answers)
    assert refused.exit_code == 2 and "Đơn vị cao nhất" not in refused.output
    assert f"«{a_file}» là một tệp, không phải thư mục" in refused.output
    assert refused.exception is None or isinstance(refused.exception, SystemExit)


# --------------------------------------------------------------------------- the packaged starter


def test_the_packaged_starter_equals_the_templates_and_data_of_the_checkout() -> None:
    from projectkit import REPO

    from draftgen.scaffold import STARTER, starter_files

    pairs = starter_files(REPO)
    assert {s.name for s, _ in pairs} >= {"bao-cao-chinh-tri.docx", "tin-bai.docx",
                                          "ket-qua.md", "danh-muc.csv"}
    stale = [str(copy.relative_to(STARTER)) for source, copy in pairs
             if not copy.is_file() or copy.read_bytes() != source.read_bytes()]
    extra = sorted(str(p.relative_to(STARTER)) for p in STARTER.rglob("*")
                   if p.is_file() and p not in {c for _, c in pairs})
    assert (stale, extra) == ([], []), "chạy «python tools/sync_starter.py» rồi commit"


def test_the_package_data_of_pyproject_covers_every_starter_file() -> None:
    """The fast check of what a wheel carries (the wheel itself: the test below)."""
    import sys
    from pathlib import PurePosixPath

    from projectkit import REPO

    from draftgen.scaffold import STARTER

    if sys.version_info >= (3, 11):
        import tomllib
    else:  # pragma: no cover
        import tomli as tomllib
    config = tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))
    patterns = config["tool"]["setuptools"]["package-data"]["draftgen"]

    def shipped(path: Path) -> bool:
        rel = PurePosixPath(path.relative_to(STARTER.parent).as_posix())
        return any(rel.match(pat) and len(rel.parts) == len(PurePosixPath(pat).parts)
                   for pat in patterns)

    files = [p for p in STARTER.rglob("*") if p.is_file()]
    assert len(files) >= 6 and [str(p) for p in files if not shipped(p)] == []


def test_init_and_build_work_from_an_installed_wheel(tmp_path: Path) -> None:
    """Build a wheel, install it into a new virtual environment (the dependencies seen
    through a .pth file, the checkout nowhere on the path), and run ``draftgen init`` and
    ``draftgen build`` there from a folder outside the checkout."""
    import shutil
    import subprocess
    import sys
    import sysconfig

    from projectkit import REPO

    def run(*args: str, cwd: Path = tmp_path) -> str:
        done = subprocess.run(args, cwd=cwd, capture_output=True, text=True, timeout=300)
        assert done.returncode == 0, done.stdout + done.stderr
        return done.stdout

    # built from a copy of the sources, so that no build/ folder is left in the checkout
    source = tmp_path / "nguon"
    source.mkdir()
    for name in ("pyproject.toml", "README.md"):
        shutil.copyfile(REPO / name, source / name)
    shutil.copytree(REPO / "src", source / "src",
                    ignore=shutil.ignore_patterns("__pycache__", "*.egg-info"))
    wheels = tmp_path / "wheels"
    try:
        run(sys.executable, "-m", "pip", "wheel", "--no-deps", "-q", str(source), "-w",
            str(wheels))
    except AssertionError:  # no index for the build requirements: build with ours
        run(sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation", "-q",
            str(source), "-w", str(wheels))
    [wheel] = wheels.glob("draftgen-*.whl")
    env = tmp_path / "venv"
    run(sys.executable, "-m", "venv", "--without-pip", str(env))
    python = env / "bin" / "python"
    site = Path(run(str(python), "-c",
                    "import sysconfig; print(sysconfig.get_paths()['purelib'])").strip())
    (site / "draftgen-deps.pth").write_text(sysconfig.get_paths()["purelib"] + "\n")
    run(sys.executable, "-m", "pip", "--python", str(python), "install", "-q", "--no-deps",
        "--no-index", str(wheel))
    where = run(str(python), "-c", "import draftgen; print(draftgen.__file__)")
    assert Path(where.strip()).is_relative_to(site)  # the installed copy, not the checkout

    work = tmp_path / "van-phong"
    work.mkdir()
    draftgen = str(env / "bin" / "draftgen")
    out = run(draftgen, "init", "du-an", *ARGS, "--danh-muc-mau", cwd=work)
    assert "Đã tạo dự án du-an" in out
    assert (work / "du-an" / "mau" / "bao-cao-chinh-tri.docx").read_bytes() == (
        REPO / "templates" / "bao-cao-chinh-tri.docx").read_bytes()
    out = run(draftgen, "build", "-p", "du-an", cwd=work)
    assert "4 văn bản đã dựng, 0 lỗi" in out
    doc = Document(str(work / "du-an" / "output" / "bao-cao-chinh-tri-2020-2025" / "van-lang.docx"))
    text = "\n".join(p.text for p in doc.paragraphs)
    assert "Đại hội đại biểu Đảng bộ huyện Văn Lãng lần thứ XXIII" in text
