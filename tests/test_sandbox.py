"""The template sandbox: escape and bomb payloads, each in a template paragraph and in a
content file, are refused with a Vietnamese message naming the place, within the time
bound, and leave the filesystem untouched; footnote markers cannot be forged from data;
``draftgen check`` runs no side effects and reports every template error at once."""

from __future__ import annotations

import re
import time
from pathlib import Path

import pytest
from docx import Document
from projectkit import make_template, write_project

from draftgen import sandbox
from draftgen.build import Builder, build
from draftgen.config import load_project
from draftgen.environment import make_environment
from draftgen.errors import ConfigError, DataErrors
from draftgen.footnotes import FootnoteCollector
from draftgen.sandbox import Limits, SandboxError

TIME = 1.0  # seconds a render may run in these tests
LIMITS = Limits(time=TIME, output=2_000_000)

# {S}: the path of a sentinel file the payload tries to read, change or delete.
PAYLOADS = [
    # -- paths, files, modules: nothing in the context leads to them
    "{{ content.root }}",
    "{{ content.root.joinpath('{S}').read_text() }}",
    "{{ content.root.joinpath('{S}').unlink() }}",
    "{{ content._ContentView__source.root }}",
    "{{ content.exists.__self__ }}",
    "{{ content.__call__.__globals__ }}",
    "{{ unit._unit }}",
    "{{ unit._ctx.project.config_file.write_text('x') }}",
    "{{ ind._ctx }}",
    "{{ ind['_ctx'] }}",
    "{{ ind|attr('_ctx') }}",
    "{{ ind.__getattr__('_ctx') }}",
    "{{ (ind.in_field('kinh tế')|first)._ind }}",
    "{{ fn.__self__ }}",
    # -- classes, globals, function internals
    "{{ ''.__class__.__mro__[1].__subclasses__() }}",
    "{{ unit.__class__ }}",
    "{{ unit|attr('__class__') }}",
    "{{ unit.__init__.__globals__ }}",
    "{{ unit.congress_for.__func__ }}",
    "{{ ind.has.func_globals }}",
    "{{ num.__globals__['__builtins__'] }}",
    "{{ highlights.__globals__ }}",
    "{{ range.__self__ }}",
    "{{ dict.mro() }}",
    "{{ cycler(1, 2).__init__.__globals__ }}",
    "{{ joiner().__call__.__globals__ }}",
    "{{ lipsum() }}",
    "{{ [1, 2, 3]|random }}",
    "{{ self.__init__ }}",
    "{{ self._TemplateReference__context }}",
    "{{ (range(3)|map('string')).gi_frame }}",
    "{% for i in [1] %}{{ loop.__class__ }}{% endfor %}",
    "{% for i in [1] %}{{ loop._iterator }}{% endfor %}",
    "{% set ns = namespace(a=1) %}{{ ns.__attrs }}",
    "{% macro m() %}{% endmacro %}{{ m._func.__globals__ }}",
    # -- format strings
    "{{ '{0.__class__}'.format(unit) }}",
    "{{ '{0._unit}'.format(unit) }}",
    "{{ '{x.__class__}'.format_map({'x': unit}) }}",
    "{{ '{:99999999}'.format(1) }}",
    # -- changing the context
    "{{ project.update({'name': 'HACKED'}) }}",
    "{{ unit.recipients.append('x') }}",
    "{{ ind.GRDP_TT.years.append(1) }}",
    "{% set d = dict(a=1) %}{{ d.update(b=2) }}",
    "{% set d = dict(a=1) %}{{ d.setdefault('b', 2) }}",
    "{% set l = [1, 2] %}{{ l.pop() }}",
    "{% set l = [1] %}{{ l.append(2) }}",
    # -- loading other templates
    "{% include 'word/document.xml' %}",
    "{% import 'x' as m %}",
    # -- unbounded work
    "{% macro f() %}{{ f() }}{% endmacro %}{{ f() }}",
    "{{ range(10**9)|list }}",
    "{% for i in range(99999) %}{% for j in range(99999) %}{% endfor %}{% endfor %}",
    "{{ 'a'*10**10 }}",
    "{{ 'a' * 10**8 }}",
    "{{ [1, 2] * 10**9 }}",
    "{{ 10**(10**10) }}",
    "{{ 'x'|center(10**10) }}",
    "{{ '%9999999999s'|format(1) }}",
    "{{ '%9999999999s' % 1 }}",
    "{{ '%*s' % (10**9, 'x') }}",
    "{{ 'x'|indent(10**9) }}",
    "{{ ('a ' * 400000)|wordwrap(1, wrapstring='y' * 1000) }}",
    "{{ range(100000)|join('x' * 100000) }}",
    "{{ [1]|batch(10**10, 0)|list }}",
    "{{ 'a'.ljust(10**10) }}",
    "{{ ('a' * 1000).replace('a', 'b' * 10000) }}",
    "{{ ('a' * 600000) ~ ('a' * 600000) }}",
    "{% set ns = namespace(x='a' * 1000) %}{% for i in range(40) %}"
    "{% set ns.x = ns.x ~ ns.x %}{% endfor %}{{ ns.x|length }}",
    "{% set ns = namespace(x=['a' * 1000]) %}{% for i in range(60) %}"
    "{% set ns.x = [ns.x, ns.x] %}{% endfor %}{{ ns.x }}",
    "{% macro m(x, n) %}{% if n %}{{ m([x, x], n - 1) }}{% else %}{{ x }}{% endif %}"
    "{% endmacro %}{{ m('a' * 1000, 60) }}",
    "{{ ([[1] * 100] * 100)|sum(start=[]) }}",
    "{% for i in range(100000) %}{{ 'a' * 100000 }}{% endfor %}",
    "{{ " + "(" * 3000 + "1" + ")" * 3000 + " }}",
    "{% for i in range(100000) %}{{ fn('x' * 999999) }}{% endfor %}",
    "{{ chart('tang-truong', width=10**7, height=10**7) }}",
    "{% set x %}{% for i in range(100000) %}{{ 'a' * 999999 }}{% endfor %}{% endset %}",
    "{% macro m() %}{% for i in range(100000) %}{{ 'a' * 999999 }}{% endfor %}{% endmacro %}"
    "{{ m()|length }}",
    "{% filter upper %}{% for i in range(100000) %}{{ 'a' * 999999 }}{% endfor %}"
    "{% endfilter %}",
    "{% for i in range(3) recursive %}{{ loop(range(3)) }}{% endfor %}",
    "{{ targets|map(attribute='_row')|list }}",
    "{{ targets|sort(attribute='_row.unit') }}",
    "{{ doc.date.strftime('%99999999Y') if doc.date else 'x'|center(10**9) }}",
]

# Payloads about the template itself (loading a part, its paragraph structure) that mean
# nothing in a content file.
TEMPLATE_ONLY = {"{% include 'word/document.xml' %}"}

VIETNAMESE = re.compile(
    r"không được phép|quá lớn|vượt giới hạn|quá sâu|chưa được định nghĩa|không có|"
    r"quá \d+ giây|quá nhiều|quá dài|không hợp lệ|sai cú pháp")
ENGLISH = re.compile(r"Range too big|no loader|is not safely callable|access to attribute|"
                     r"\b[A-Z][a-z]+Error\b|Traceback")


@pytest.fixture(autouse=True)
def small_limits(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(sandbox, "DEFAULT_LIMITS", LIMITS)


def _files(root: Path) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes()
            for p in sorted(root.rglob("*")) if p.is_file() and "ra" not in p.parts}


def _project(tmp_path: Path, paragraph: str, content: str | None = None) -> tuple[Path, Path]:
    root = tmp_path / "p"
    write_project(root)
    sentinel = tmp_path / "sentinel.txt"
    sentinel.write_text("đừng đụng vào", encoding="utf-8")
    paragraph = paragraph.replace("{S}", str(sentinel))
    if content is not None:
        folder = root / "noi-dung" / "chung"
        folder.mkdir(parents=True)
        (folder / "thu.md").write_text(
            "Dòng đầu.\n" + content.replace("{S}", str(sentinel)) + "\n", encoding="utf-8")
    make_template(root / "mau" / "bao-cao.docx", ["Mở đầu.", paragraph, "Kết thúc."])
    return root, sentinel


def _refused(tmp_path: Path, root: Path, place: str) -> str:
    before = _files(tmp_path)
    start = time.monotonic()
    report = build(root, units=["tinh-a"], force=True)
    elapsed = time.monotonic() - start
    assert not report.ok
    error = report.failed[0].error
    assert place in error, error
    assert VIETNAMESE.search(error), error
    assert not ENGLISH.search(error), error
    assert elapsed < TIME + 20, elapsed  # a hang guard: stopped by the bound, not hours
    assert _files(tmp_path) == before  # nothing read into the output, changed or deleted
    assert not list((root / "ra").rglob("*.docx"))
    return error


@pytest.mark.parametrize("payload", PAYLOADS)
def test_payload_in_a_template_paragraph_is_refused(tmp_path: Path, payload: str) -> None:
    root, sentinel = _project(tmp_path, payload)
    _refused(tmp_path, root, "bao-cao.docx, thân văn bản, đoạn 2")
    assert sentinel.read_text(encoding="utf-8") == "đừng đụng vào"


@pytest.mark.parametrize("payload", [p for p in PAYLOADS if p not in TEMPLATE_ONLY])
def test_payload_in_a_content_file_is_refused(tmp_path: Path, payload: str) -> None:
    root, sentinel = _project(tmp_path, "{% for b in content('thu') %}{{ b }} {% endfor %}",
                              content=payload)
    _refused(tmp_path, root, "noi-dung/chung/thu.md, dòng 2")
    assert sentinel.read_text(encoding="utf-8") == "đừng đụng vào"


def test_the_documented_api_still_works(tmp_path: Path) -> None:
    root, _ = _project(tmp_path, (
        "{{ project.name }}; {{ project['name'] }}; {{ unit.recipients|length }}; "
        "{{ unit.children|map(attribute='code')|join(', ') }}; "
        "{% set ns = namespace(n=0) %}{% for t in targets %}{% set ns.n = ns.n + 1 %}"
        "{% endfor %}{{ ns.n }} mục tiêu; {{ '%5.1f'|format(2.5) }}; {{ 'ab'|center(6) }}|; "
        "{{ ind.in_field('kinh tế')|length }}; {{ content.exists('thu') }}; "
        "{% for b in content('thu') %}{{ b.text }}{% endfor %}; {{ '{}-{}'.format(1, 2) }}"),
        content="Văn bản {{ unit.name }}.")
    report = build(root, units=["tinh-a"], force=True)
    assert report.ok, report.failed[0].error
    text = "\n".join(p.text for p in Document(report.results[0].path).paragraphs)
    assert ("Dự án thử; Dự án thử; 0; huyen-b, huyen-c; 2 mục tiêu;   2.5;   ab  |; "
            in text), text
    assert "; True; Dòng đầu. Văn bản A.; 1-2" in text, text


def test_a_runaway_unit_stops_alone_and_the_others_are_built(tmp_path: Path) -> None:
    root, _ = _project(tmp_path, "{% if unit.code == 'huyen-b' %}{% for i in range(99999) %}"
                                 "{% for j in range(99999) %}{% endfor %}{% endfor %}"
                                 "{% elif unit.code == 'huyen-c' %}{{ 'a' * 10**8 }}{% endif %}")
    report = build(root, force=True)
    failed = {r.job.unit.code: r.error for r in report.failed}
    assert set(failed) == {"huyen-b", "huyen-c"}
    assert f"quá {TIME:g} giây" in failed["huyen-b"] and "đoạn 2" in failed["huyen-b"]
    assert "quá lớn" in failed["huyen-c"]
    built = [r for r in report.results if r.job.unit.code == "tinh-a"]
    assert built and built[0].path is not None and built[0].path.is_file()


def test_the_time_bound_works_in_forked_workers(tmp_path: Path) -> None:
    root, _ = _project(tmp_path, "{% if unit.code != 'tinh-a' %}{% for i in range(99999) %}"
                                 "{% for j in range(99999) %}{% endfor %}{% endfor %}{% endif %}")
    report = build(root, force=True, workers=2)
    assert {r.job.unit.code for r in report.failed} == {"huyen-b", "huyen-c"}
    assert all("giây" in r.error for r in report.failed)


def test_only_plain_values_and_our_views_have_attributes() -> None:
    from docxtpl import InlineImage

    env = make_environment()
    image = InlineImage.__new__(InlineImage)
    image.tpl = object()
    for obj, attr in [(image, "tpl"), (Path("."), "parent"), (re, "compile"),
                      (Path, "home"), (make_environment, "__name__")]:
        assert not env.is_safe_attribute(obj, attr, getattr(obj, attr)), (obj, attr)
    with pytest.raises(SandboxError, match="không được phép"):
        env.from_string("{{ img.tpl }}").render(img=image)
    assert env.from_string("{{ 'abc'.upper() }} {{ (1, 2)|join('-') }}").render() == "ABC 1-2"


# -- footnote markers ------------------------------------------------------------------------

def test_a_marker_typed_into_a_value_is_refused_not_a_footnote() -> None:
    env = make_environment()
    collector = FootnoteCollector()
    tpl = env.from_string("{{ name }}{{ fn('Nguồn: Cục Thống kê.') }}")
    assert "\ue000" in tpl.render(name="tỉnh A", fn=collector.fn)
    for forged in ("A\ue0001\ue001", "A\ue000", "B\ue001", "C\uf0b7"):
        with pytest.raises(SandboxError, match="ký tự dùng riêng U\\+"):
            tpl.render(name=forged, fn=FootnoteCollector().fn)
    with pytest.raises(SandboxError, match="ký tự dùng riêng"):
        FootnoteCollector().fn("ghi chú \ue000 giả")


def test_a_private_use_unit_name_copies_no_footnote(tmp_path: Path) -> None:
    root, _ = _project(tmp_path, "Tên: {{ unit.name }}{{ fn('Chú thích thật.') }}.")
    config = root / "draftgen.toml"
    config.write_text(config.read_text(encoding="utf-8").replace(
        'name = "A"', 'name = "A\ue0001\ue001\ue0001\ue001"'), encoding="utf-8")
    # the config refuses it at load, naming the key; the render's own defence (a value
    # holding a marker character is refused) is tested on finalize below
    with pytest.raises(ConfigError) as caught:
        build(root, units=["tinh-a"], force=True)
    assert "U+E000" in str(caught.value) and "khóa name" in str(caught.value)


def test_an_indicator_name_with_a_marker_character_names_the_value(tmp_path: Path) -> None:
    root, _ = _project(tmp_path, "{{ ind.THU_NS.name }}")
    catalogue = root / "chi-tieu" / "danh-muc.csv"
    catalogue.write_text(catalogue.read_text(encoding="utf-8").replace(
        "Thu ngân sách", "Thu ngân\ue000 sách"), encoding="utf-8")
    with pytest.raises(DataErrors) as caught:  # the loader refuses it, naming the cell
        build(root, force=True)
    assert "U+E000" in str(caught.value) and "danh-muc.csv" in str(caught.value)


@pytest.mark.parametrize("char", ["\ue000", "\ue001", "\x0c", "\x07"])
def test_content_file_characters_refused_with_file_and_line(tmp_path: Path, char: str) -> None:
    root, _ = _project(tmp_path, "{% for b in content('thu') %}{{ b }}{% endfor %}",
                       content=f"Hai{char}ba.")
    error = _refused(tmp_path, root, "noi-dung/chung/thu.md, dòng 2")
    assert f"U+{ord(char):04X}" in error
    builder = Builder(load_project(root))
    problems = builder.check(builder.jobs(), trial=False)
    assert any("thu.md, dòng 2" in p and f"U+{ord(char):04X}" in p for p in problems), problems


# -- draftgen check -------------------------------------------------------------------------

@pytest.mark.parametrize("payload", [
    "{{ content.root.joinpath('{S}').write_text('bị ghi') }}",
    "{{ content.root.joinpath('{S}').unlink() }}",
    "{{ content.root.joinpath('moi').mkdir() }}",
])
def test_check_runs_no_side_effects(tmp_path: Path, payload: str) -> None:
    root, sentinel = _project(tmp_path, payload)
    before = _files(tmp_path)
    builder = Builder(load_project(root))
    problems = builder.check(builder.jobs(), trial=True)
    assert problems and all("đoạn 2" in p for p in problems), problems
    assert _files(tmp_path) == before
    assert sentinel.read_text(encoding="utf-8") == "đừng đụng vào"
    assert not (root / "ra").exists()


def test_check_reports_every_error_even_after_a_syntax_error(tmp_path: Path) -> None:
    root = tmp_path / "p"
    write_project(root)
    make_template(root / "mau" / "bao-cao.docx", [
        "Mở đầu {{ unit.name }}.",
        "{% if doc.draft %}Dự thảo{% endif %}",
        "Lỗi cú pháp {{ unit.name ) }}.",
        "{{ ind.KHONG_CO.value }}",
        "{% for x in %}vòng lặp hỏng{% endfor %}",
        "{{ unit.name|khong_co }}",
    ])
    builder = Builder(load_project(root))
    problems = builder.check(builder.jobs(), trial=False)
    text = "\n".join(problems)
    assert "đoạn 3" in text and "sai cú pháp" in text, text
    assert "đoạn 5" in text, text
    assert "«KHONG_CO»" in text and "đoạn 4" in text, text
    assert "«khong_co»" in text and "đoạn 6" in text, text
    assert len(problems) == 4, text


def test_check_finds_what_the_sandbox_refuses_without_rendering(tmp_path: Path) -> None:
    root = tmp_path / "p"
    write_project(root)
    make_template(root / "mau" / "bao-cao.docx", [
        "Mở đầu.", "{{ unit._unit }}", "{% include 'x' %}", "{{ unit.name }}"])
    builder = Builder(load_project(root))
    problems = builder.check(builder.jobs(), trial=False)
    assert len(problems) == 2, problems
    assert "đoạn 2" in problems[0] and "«_unit»" in problems[0]
    assert "đoạn 3" in problems[1] and "include" in problems[1]
