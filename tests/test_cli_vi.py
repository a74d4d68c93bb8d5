"""click's own texts in Vietnamese through gettext's public API, whatever the user's LANG;
the process-wide settings this needs stay out of the commands' own code."""

from __future__ import annotations

import ast
import gettext
import importlib
import inspect
import os
import re
import string
import subprocess
import sys
from pathlib import Path

import click
import pytest
from babel.messages.mofile import read_mo
from babel.messages.pofile import read_po
from click.testing import CliRunner
from formkit import fill

from draftgen import cli_vi
from draftgen.build import build
from draftgen.cli import main
from draftgen.config import load_project
from draftgen.forms import write_forms
from draftgen.loader import load_dataset
from draftgen.pdf import convert

CATALOGUE = cli_vi.LOCALE_DIR / "vi" / "LC_MESSAGES" / f"{cli_vi.DOMAIN}.po"
CLICK_MODULES = ("core", "decorators", "exceptions", "formatting", "parser", "types",
                 "termui", "utils", "shell_completion")

ENVIRONMENTS = {
    "C.UTF-8": {"LANG": "C.UTF-8", "LANGUAGE": None, "LC_ALL": None, "LC_MESSAGES": None},
    "en_US.UTF-8": {"LANG": "en_US.UTF-8", "LANGUAGE": "en_US:en", "LC_ALL": "en_US.UTF-8",
                    "LC_MESSAGES": None},
}

# (arguments, exit code, what click says, in Vietnamese)
CASES = {
    "help": (["--help"], 0, [
        "Cách dùng: draftgen [TÙY CHỌN] LỆNH [ĐỐI SỐ]...", "Tùy chọn:", "Các lệnh:",
        "Hiện hướng dẫn này rồi thoát.", "Hiện phiên bản rồi thoát."]),
    "command help": (["serve", "--help"], 0, [
        "Cách dùng: draftgen serve [TÙY CHỌN]", "Tùy chọn:", "Cổng lắng nghe. (số từ 1 đến 65535) [mặc định: 8000]",
        "-h, --help", "Hiện hướng dẫn này rồi thoát."]),
    "unknown option": (["build", "--dat", "2"], 2, [
        "Cách dùng: draftgen build [TÙY CHỌN]",
        "Gõ «draftgen build --help» để xem hướng dẫn.",
        "Lỗi: Không có tùy chọn '--dat'. (Có phải ý bạn là một trong: '--date', '--pdf', "
        "'--wait'?)"]),
    "unknown command": (["buidl"], 2, [
        "Lỗi: Không có lệnh 'buidl'. Có phải ý bạn là 'build'?"]),
    "missing argument": (["init"], 2, [
        "Cách dùng: draftgen init [TÙY CHỌN] THƯ_MỤC", "Lỗi: Thiếu đối số 'THƯ_MỤC'."]),
    "bad number": (["build", "--jobs", "x"], 2, [
        "Lỗi: Giá trị không hợp lệ cho '--jobs' / '-j': 'x' không phải là số hợp lệ."]),
    "out of range": (["build", "--jobs", "-3"], 2, [
        "Lỗi: Giá trị không hợp lệ cho '--jobs' / '-j': cần số từ 1 trở lên, không phải -3."]),
    "port out of range": (["serve", "--port", "99999"], 2, [
        "Lỗi: Giá trị không hợp lệ cho '--port': cần số từ 1 đến 65535, không phải 99999."]),
    "port zero": (["serve", "--port", "0"], 2, [
        "Lỗi: Giá trị không hợp lệ cho '--port': cần số từ 1 đến 65535, không phải 0."]),
    "negative wait": (["build", "--wait", "-1"], 2, [
        "Lỗi: Giá trị không hợp lệ cho '--wait': cần số từ 0 trở lên"]),
    "bad date": (["build", "--date", "hom-qua"], 2, [
        "Lỗi: Giá trị không hợp lệ cho '--date': «hom-qua» không phải ngày dạng NĂM-THÁNG-NGÀY"]),
    "project in help": (["build", "--help"], 0, ["-p, --project THƯ_MỤC"]),
    "option without its value": (["build", "--date"], 2, [
        "Lỗi: Tùy chọn '--date' cần một giá trị."]),
    "flag given a value": (["build", "--force=1"], 2, [
        "Lỗi: Tùy chọn '--force' không nhận giá trị."]),
    "extra argument": (["units", "thua"], 2, ["Lỗi: Thừa đối số (thua)"]),
}
IN_A_SUBPROCESS = ("help", "command help", "unknown option", "missing argument", "bad number",
                   "port out of range")
ENGLISH = re.compile(r"Usage:|Options:|Commands:|Show this|Error:|Try '|No such|Missing|"
                     r"Invalid value|is not|Did you mean|requires|does not take|unexpected|"
                     r"x[<>]=?|[<>]=?x|\bPATH\b")


def _check(output: str, code: int, expected_code: int, expected: list[str]) -> None:
    assert code == expected_code, output
    flowing = " ".join(output.split())  # help text wraps at the terminal's width
    for text in expected:
        assert text in output or text in flowing, output
    assert not ENGLISH.search(output), output


@pytest.mark.parametrize("lang", ENVIRONMENTS)
@pytest.mark.parametrize("case", CASES)
def test_click_speaks_vietnamese_in_process(case: str, lang: str) -> None:
    args, code, expected = CASES[case]
    result = CliRunner(env=ENVIRONMENTS[lang]).invoke(main, args, prog_name="draftgen")
    _check(result.output, result.exit_code, code, expected)


def _user_environment(lang: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in ENVIRONMENTS[lang]}
    env.update({k: v for k, v in ENVIRONMENTS[lang].items() if v is not None})
    return env


@pytest.mark.parametrize("lang", ENVIRONMENTS)
@pytest.mark.parametrize("case", IN_A_SUBPROCESS)
def test_click_speaks_vietnamese_as_a_command(case: str, lang: str) -> None:
    args, code, expected = CASES[case]
    done = subprocess.run(
        [sys.executable, "-c", "from draftgen.cli import main; main(prog_name='draftgen')",
         *args], capture_output=True, text=True, encoding="utf-8", env=_user_environment(lang),
        check=False)
    _check(done.stdout + done.stderr, done.returncode, code, expected)


def test_no_click_attribute_is_replaced_and_the_settings_are_put_back(
        monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("LANG", "C.UTF-8")
    monkeypatch.setenv("LANGUAGE", "fr")
    domain = gettext.textdomain()
    runner = CliRunner()
    assert "Lỗi: Thiếu đối số 'THƯ_MỤC'." in runner.invoke(main, ["init"]).output
    assert "Tùy chọn:" in runner.invoke(main, ["build", "--help"]).output
    for name in CLICK_MODULES:
        module = importlib.import_module(f"click.{name}")
        if hasattr(module, "_"):
            assert module._ is gettext.gettext, name
        if hasattr(module, "ngettext"):
            assert module.ngettext is gettext.ngettext, name
    # the route is gettext's own lookup: the domain and language, set only for a while
    assert gettext.textdomain() == domain and os.environ["LANGUAGE"] == "fr"
    assert gettext.gettext("Usage:") == "Usage:"
    with cli_vi.vietnamese():
        assert gettext.gettext("Usage:") == "Cách dùng:"
        assert gettext.textdomain() == cli_vi.DOMAIN and os.environ["LANGUAGE"] == "vi"
        with cli_vi.users_settings():
            assert gettext.textdomain() == domain and os.environ["LANGUAGE"] == "fr"
            assert gettext.gettext("Usage:") == "Usage:"
        assert gettext.gettext("Usage:") == "Cách dùng:"
    assert gettext.textdomain() == domain and os.environ["LANGUAGE"] == "fr"


def test_a_command_runs_its_own_code_with_the_users_settings(
        monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("LANGUAGE", raising=False)
    monkeypatch.setenv("LANG", "en_US.UTF-8")
    domain = gettext.textdomain()
    seen: list[tuple[str, str | None, str]] = []
    group = cli_vi.VietnameseGroup("g")

    @group.command("probe")
    @click.option("--n", type=int, default=1)
    def probe(n: int) -> None:
        seen.append((gettext.textdomain(), os.environ.get("LANGUAGE"),
                     gettext.gettext("Usage:")))
        click.echo(f"ok {n}")

    group.add_command(click.Command("other", callback=lambda: seen.append(
        (gettext.textdomain(), os.environ.get("LANGUAGE"), gettext.gettext("Usage:")))))
    runner = CliRunner()
    assert runner.invoke(group, ["probe", "--n", "2"]).output == "ok 2\n"
    assert runner.invoke(group, ["other"]).exit_code == 0
    assert seen == [(domain, None, "Usage:")] * 2
    assert "Cách dùng: g probe" in runner.invoke(group, ["probe", "--n", "x"]).output
    # every draftgen command, the web server included, is run this way
    assert all(c.context_class is not click.Context for c in main.commands.values())


def _fake_soffice(folder: Path) -> Path:
    """A program that records the environment it was started with, and writes the PDFs."""
    script = folder / "soffice"
    script.write_text(
        "#!/bin/sh\n"
        f"env | sort > '{folder}/env.txt'\n"
        'while [ $# -gt 0 ]; do\n'
        '  case "$1" in --outdir) shift; out="$1" ;;\n'
        '    *.docx) base=$(basename "$1" .docx); echo pdf > "$out/$base.pdf" ;; esac\n'
        '  shift\ndone\n', encoding="utf-8")
    script.chmod(0o755)
    return script


@pytest.mark.parametrize("language", [None, "fr"])
def test_libreoffice_gets_the_environment_it_had_before(
        mini_project: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
        language: str | None) -> None:
    assert build(mini_project, units=["huyen-b"]).ok
    doc = mini_project / "ra" / "bao-cao" / "huyen-b.docx"
    monkeypatch.setenv("DRAFTGEN_SOFFICE", str(_fake_soffice(tmp_path)))
    monkeypatch.setenv("LANG", "C.UTF-8")
    if language is None:
        monkeypatch.delenv("LANGUAGE", raising=False)
    else:
        monkeypatch.setenv("LANGUAGE", language)
    convert([doc])  # the library alone, outside the command
    alone = (tmp_path / "env.txt").read_text(encoding="utf-8")
    result = CliRunner().invoke(main, ["pdf", "-p", str(mini_project), "-u", "huyen-b"])
    assert result.exit_code == 0, result.output
    through_the_command = (tmp_path / "env.txt").read_text(encoding="utf-8")
    assert through_the_command == alone
    languages = [line for line in alone.splitlines() if line.startswith("LANGUAGE=")]
    assert languages == ([] if language is None else [f"LANGUAGE={language}"])


def test_the_collect_confirmation_is_asked_and_answered_in_vietnamese(
        mini_project: Path) -> None:
    project = load_project(mini_project)
    write_forms(project, load_dataset(project), ["huyen-b"], mini_project / "ve")
    fill(mini_project / "ve" / "huyen-b.xlsx", {("THU_NS", "2020"): 1750000})
    values = mini_project / "chi-tieu" / "gia-tri.csv"
    before = values.read_bytes()
    args = ["thu-thap", str(mini_project / "ve"), "-p", str(mini_project)]
    runner = CliRunner(env={"LANG": "en_US.UTF-8", "LANGUAGE": "en"})
    for answer in ("\n", "k\n", "không\n", "N\n"):
        declined = runner.invoke(main, args, input=answer)
        assert declined.exit_code == 0, declined.output
        assert "Nhập 1 số liệu vào dự án? [c/K]: " in declined.output
        assert "Chưa nhập gì." in declined.output and values.read_bytes() == before
    stopped = runner.invoke(main, args, input="")
    assert stopped.exit_code == 1 and "Đã dừng." in stopped.output
    asked_twice = runner.invoke(main, args, input="vâng\ncó\n")
    assert asked_twice.exit_code == 0, asked_twice.output
    assert "Lỗi: «vâng»: trả lời c (có) hoặc k (không)" in asked_twice.output
    assert asked_twice.output.count("[c/K]: ") == 2
    assert "Đã nhập 1 số liệu." in asked_twice.output and values.read_bytes() != before


@pytest.mark.parametrize(("answer", "default", "expected"), [
    ("c", False, True), ("Có", False, True), ("co", False, True), ("y", False, True),
    ("YES", False, True), ("k", True, False), ("KHÔNG", True, False), ("n", True, False),
    ("", True, True), ("", False, False), ("ko\nc", False, True),
])
def test_confirm_accepts_vietnamese_and_english_answers(answer: str, default: bool,
                                                        expected: bool) -> None:
    @click.command()
    def ask() -> None:
        click.echo(f"-> {cli_vi.confirm('Tiếp tục?', default=default)}")

    result = CliRunner().invoke(ask, input=f"{answer}\n")
    assert result.output.startswith(f"Tiếp tục? [{'C/k' if default else 'c/K'}]: ")
    assert result.output.endswith(f"-> {expected}\n"), result.output


# --- the catalogue


def _po() -> list:
    with CATALOGUE.open("rb") as handle:
        return [m for m in read_po(handle, abort_invalid=True) if m.id]


def _click_texts() -> set[str]:
    """Every text click passes to gettext (``_("…")``, ``ngettext("…", "…", n)``)."""
    found: set[str] = set()
    for name in CLICK_MODULES:
        tree = ast.parse(inspect.getsource(importlib.import_module(f"click.{name}")))
        for node in ast.walk(tree):
            if (isinstance(node, ast.Call) and isinstance(node.func, ast.Name)
                    and node.func.id in ("_", "ngettext")):
                found.update(a.value for a in node.args
                             if isinstance(a, ast.Constant) and isinstance(a.value, str))
    return found


def _plain(value: object) -> object:
    return tuple(value) if isinstance(value, (list, tuple)) else value


def _fields(text: str) -> set[str]:
    return {field for _, field, _, _ in string.Formatter().parse(text) if field is not None}


def test_the_committed_mo_says_what_the_po_says() -> None:
    with CATALOGUE.with_suffix(".mo").open("rb") as handle:
        compiled = read_mo(handle)
    source = {_plain(m.id): _plain(m.string) for m in _po()}
    assert {_plain(m.id): _plain(m.string) for m in compiled if m.id} == source
    assert compiled.plural_forms == "nplurals=2; plural=(n != 1);"
    assert not any(m.fuzzy for m in _po())


def test_every_message_of_the_catalogue_is_one_click_still_writes() -> None:
    texts = _click_texts()
    for message in _po():
        ids = message.id if isinstance(message.id, tuple) else (message.id,)
        for msgid in ids:
            assert msgid in texts, f"click no longer writes {msgid!r}"


def test_each_translation_keeps_only_the_fields_click_fills() -> None:
    for message in _po():
        ids = message.id if isinstance(message.id, tuple) else (message.id,)
        strings = message.string if isinstance(message.string, tuple) else (message.string,)
        allowed = set().union(*(_fields(i) for i in ids))
        for translated in strings:
            assert translated, f"{ids[0]!r} has no translation"
            assert _fields(translated) <= allowed, (ids[0], translated)


def test_a_number_asked_for_out_of_its_range_is_refused_in_vietnamese(tmp_path: Path) -> None:
    answers = "xã Tân Thanh\n2020-2025\n\n0\n21\nk\n"
    result = CliRunner().invoke(main, ["init", str(tmp_path / "xa")], input=answers)
    assert result.exit_code == 0, result.output
    assert "Lỗi: cần số từ 1 trở lên, không phải 0." in result.output, result.output
    assert not ENGLISH.search(result.output), result.output
    assert load_project(tmp_path / "xa").units["tan-thanh"].congress == {"2020-2025": 21}


def test_every_range_of_a_command_is_described_in_vietnamese() -> None:
    ranges = [(name, p) for name, command in main.commands.items() for p in command.params
              if isinstance(p.type, cli_vi.IntRange | cli_vi.FloatRange)]
    assert len(ranges) >= 4  # --jobs, --wait, --port …
    for name, command in main.commands.items():
        for param in command.params:  # none of click's own, which word ranges in English
            assert not isinstance(param.type, click.IntRange | click.FloatRange), (name,
                                                                                   param.name)
    for name, param in ranges:
        assert "x" not in param.type.description and param.type.description in param.help, (
            name, param.name)
