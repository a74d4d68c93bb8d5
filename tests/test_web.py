"""The web workspace through Flask's test client: every page, log-in, CSRF, path
traversal, uploads (limits, types, check before merge, plan then confirm), builds in the
background with a line per unit, downloads, previews, the change report, the audit page."""

from __future__ import annotations

import io
import os
import re
import sys
import threading
from pathlib import Path

import pytest
from click.testing import CliRunner
from docx import Document
from formkit import fill
from projectkit import VALUES

from draftgen.cli import main
from draftgen.config import load_project
from draftgen.forms import write_forms
from draftgen.loader import load_dataset
from draftgen.web import create_app
from draftgen.web.runner import FAILED, KEPT

pytest.importorskip("flask")

TOKEN = "ma-truy-cap-thu-1234"


def make_client(project: Path, **options):
    app = create_app(project, secret_key="khoa-thu", **options)
    app.config["TESTING"] = False
    return app, app.test_client()


@pytest.fixture
def web(mini_project: Path):
    app, client = make_client(mini_project)
    yield app, client
    app.extensions["draftgen"].runner.wait(60)
    app.extensions["draftgen"].staging.close()


def csrf(client) -> str:
    client.get("/")
    with client.session_transaction() as session:
        return session["csrf"]


def text_of(data: bytes) -> str:
    return "\n".join(p.text for p in Document(io.BytesIO(data)).paragraphs)


def page(response) -> str:
    return response.get_data(as_text=True)


def build_now(app, client, **form) -> str:
    response = client.post("/dung", data={"csrf_token": csrf(client), **form})
    assert response.status_code == 302, page(response)
    app.extensions["draftgen"].runner.wait(120)
    return page(client.get(response.headers["Location"]))


# --------------------------------------------------------------------------- pages


def test_every_page_is_in_vietnamese_and_names_the_project(web) -> None:
    app, client = web
    for url, words in [("/", "Dự án thử"), ("/so-lieu", "Phiếu đơn vị gửi về"),
                       ("/kiem-tra", "Kiểm tra số liệu"), ("/dung", "Mọi văn bản"),
                       ("/van-ban", "chưa dựng"), ("/thay-doi", "Chưa có báo cáo thay đổi"),
                       ("/chi-tieu/THU_NS", "1.683.240")]:
        response = client.get(url)
        assert response.status_code == 200, url
        assert words in page(response), url
        assert response.headers["X-Frame-Options"] == "DENY"
        assert "script-src 'none'" in response.headers["Content-Security-Policy"]
    missing = client.get("/khong-co")
    assert missing.status_code == 404 and "Không tìm thấy" in page(missing)


def test_a_post_without_the_csrf_token_is_refused_and_does_nothing(web) -> None:
    app, client = web
    client.get("/")
    for data in ({}, {"csrf_token": "sai"}):
        response = client.post("/dung", data=data)
        assert response.status_code == 400
        assert "mã xác thực (CSRF)" in page(response)
    assert app.extensions["draftgen"].runner.batches == []
    refused = client.post("/so-lieu/tai-len", data={"bang": "gia-tri", "tep": (
        io.BytesIO(b"x"), "gia-tri.csv")}, content_type="multipart/form-data")
    assert refused.status_code == 400


# --------------------------------------------------------------------------- access


def test_with_a_token_every_page_asks_to_log_in_first(mini_project: Path) -> None:
    app, client = make_client(mini_project, token=TOKEN)
    first = client.get("/van-ban")
    assert first.status_code == 302 and "/dang-nhap" in first.headers["Location"]
    assert client.get("/van-ban/bao-cao/huyen-b/tai-ve/docx").status_code == 302
    login = client.get(first.headers["Location"])
    assert "Mã truy cập" in page(login)
    token = csrf(client)
    assert client.post("/dung", data={"csrf_token": token}).status_code == 403
    wrong = client.post("/dang-nhap", data={"csrf_token": token, "token": "sai-ma"})
    assert "Mã truy cập không đúng." in page(wrong)
    assert client.get("/").status_code == 302
    no_csrf = client.post("/dang-nhap", data={"token": TOKEN})
    assert no_csrf.status_code == 400
    ok = client.post("/dang-nhap", data={"csrf_token": token, "token": TOKEN,
                                         "next": "/van-ban"})
    assert ok.status_code == 302 and ok.headers["Location"] == "/van-ban"
    assert client.get("/van-ban").status_code == 200
    out = client.post("/dang-xuat", data={"csrf_token": csrf(client)})
    assert out.status_code == 302
    assert client.get("/van-ban").status_code == 302


def test_the_page_after_log_in_is_never_another_site(mini_project: Path) -> None:
    app, client = make_client(mini_project, token=TOKEN)
    client.get("/dang-nhap")
    for target in ("//tan-cong.example/", "https://tan-cong.example/", "/\\tan-cong"):
        with client.session_transaction() as session:
            token = session["csrf"]
        ok = client.post("/dang-nhap", data={"csrf_token": token, "token": TOKEN,
                                             "next": target})
        assert ok.headers["Location"] == "/"
        client.post("/dang-xuat", data={"csrf_token": csrf(client)})
        client.get("/dang-nhap")


def test_a_local_server_answers_only_to_its_own_names(mini_project: Path) -> None:
    app, client = make_client(mini_project, trusted_hosts=["127.0.0.1", "localhost", "::1"])
    assert client.get("/", base_url="http://127.0.0.1:8000").status_code == 200
    assert client.get("/", base_url="http://localhost:8000").status_code == 200
    other = client.get("/", base_url="http://tan-cong.example:8000")
    assert other.status_code == 400


def test_serve_refuses_another_host_without_a_token(mini_project: Path, monkeypatch) -> None:
    monkeypatch.delenv("DRAFTGEN_TOKEN", raising=False)
    runner = CliRunner()
    result = runner.invoke(main, ["serve", "-p", str(mini_project), "--host", "0.0.0.0"])
    assert result.exit_code == 2
    assert "cần mã truy cập" in result.output and "DRAFTGEN_TOKEN" in result.output
    monkeypatch.setenv("DRAFTGEN_TOKEN", "ngan")
    short = runner.invoke(main, ["serve", "-p", str(mini_project), "--host", "0.0.0.0"])
    assert short.exit_code == 2 and "Mã truy cập quá ngắn" in short.output
    assert "--port" in runner.invoke(main, ["serve", "--help"]).output


def test_importing_the_cli_does_not_import_flask() -> None:
    import subprocess

    code = "import sys, draftgen.cli; print('flask' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         check=True)
    assert out.stdout.strip() == "False"


# --------------------------------------------------------------------------- paths


@pytest.mark.parametrize("url", [
    "/van-ban/../../etc/passwd",
    "/van-ban/bao-cao/huyen-b/tai-ve/..%2F..%2F..%2Fetc%2Fpasswd",
    "/van-ban/bao-cao/huyen-b/tai-ve/%2Fetc%2Fpasswd",
    "/van-ban/..%2F..%2Fetc/passwd/tai-ve/docx",
    "/van-ban/bao-cao/..%2Fdraftgen.toml/tai-ve/docx",
    "/so-lieu/tai-ve/..%2F..%2F..%2Fetc%2Fpasswd",
    "/so-lieu/tai-ve//etc/passwd",
    "/so-lieu/tai-ve/..%2Fdraftgen.toml",
    "/static/..%2F..%2F..%2F..%2Fetc%2Fpasswd",
    "/static//etc/passwd",
    "/phieu/da-nhap/-1",
    "/phieu/mau/..%2F..%2Fetc%2Fpasswd",
    "/chi-tieu/..%2F..%2Fetc%2Fpasswd",
    "/van-ban/bao-cao/huyen-b/trang/0",
    "/so-lieu/xac-nhan/..%2F..%2Fetc",
    "/phieu/..%2F..%2Fetc%2Fpasswd",
])
def test_no_request_reads_a_path_outside_the_project(web, url: str) -> None:
    app, client = web
    build_now(app, client)
    response = client.get(url, follow_redirects=True)
    assert response.status_code in (200, 404), (url, response.status_code)
    assert response.status_code == 404 or response.request.path in ("/so-lieu", "/"), url
    body = response.get_data()
    assert b"root:" not in body and b"[project]" not in body


def test_only_files_the_manifest_knows_are_downloaded(web, mini_project: Path) -> None:
    app, client = web
    build_now(app, client)
    (mini_project / "ra" / "bao-cao" / "bi-mat.docx").write_bytes(b"khong")
    assert client.get("/van-ban/bao-cao/bi-mat/tai-ve/docx").status_code == 404
    assert client.get("/van-ban/bao-cao/huyen-b/tai-ve/khac").status_code == 404
    assert client.get("/van-ban/khong-co/huyen-b/tai-ve/docx").status_code == 404
    ok = client.get("/van-ban/bao-cao/huyen-b/tai-ve/docx")
    assert ok.status_code == 200
    assert "Thu ngân sách đạt 1.683.240 triệu đồng." in text_of(ok.data)


# --------------------------------------------------------------------------- data uploads


def upload_values(client, content: bytes, name: str = "gia-tri.csv", table: str = "gia-tri"):
    return client.post("/so-lieu/tai-len", data={
        "csrf_token": csrf(client), "bang": table, "tep": (io.BytesIO(content), name)},
        content_type="multipart/form-data")


def test_a_changed_table_is_checked_shown_and_merged_only_when_confirmed(
        web, mini_project: Path) -> None:
    app, client = web
    values = mini_project / "chi-tieu" / "gia-tri.csv"
    before = values.read_bytes()
    new = VALUES.replace("huyen-b,THU_NS,2020,1.683.240", "huyen-b,THU_NS,2020,1.750.000")
    response = upload_values(client, new.encode(), name="../../du-lieu moi.csv")
    assert response.status_code == 302
    confirm = page(client.get(response.headers["Location"]))
    assert "du-lieu moi.csv" in confirm and "Số liệu khác với hiện tại (1)" in confirm
    assert re.search(r"huyen-b</td><td><a [^>]*>THU_NS</a></td><td>2020</td>\s*"
                     r"<td class=\"num\">1\.683\.240</td><td class=\"num\">1\.750\.000", confirm)
    assert values.read_bytes() == before  # nothing merged yet
    assert not (mini_project.parent / "du-lieu moi.csv").exists()
    token = csrf(client)
    done = client.post(response.headers["Location"], data={"csrf_token": token})
    assert done.status_code == 302
    assert values.read_text(encoding="utf-8") == new
    kept = list((mini_project / "nhap-so-lieu").glob("*/truoc-khi-thay-gia-tri.csv"))
    assert len(kept) == 1 and kept[0].read_bytes() == before
    assert "Đã thay «gia-tri.csv»" in page(client.get("/dung"))
    again = client.post(response.headers["Location"], data={"csrf_token": token})
    assert "Không còn tệp chờ xác nhận này" in page(client.get(again.headers["Location"]))


def test_a_table_that_does_not_load_is_refused_with_its_places(web, mini_project: Path) -> None:
    app, client = web
    values = mini_project / "chi-tieu" / "gia-tri.csv"
    before = values.read_bytes()
    bad = VALUES.replace("huyen-b,XA_NTM,2020,5", "huyen-x,XA_NTM,2020,năm")
    response = upload_values(client, bad.encode())
    assert response.status_code == 422
    text = page(response)
    assert "số liệu của dự án giữ nguyên" in text
    assert "gia-tri.csv, dòng 7" in text and "huyen-x" in text
    assert "draftgen-web-" not in text  # the staging folder is not shown
    assert values.read_bytes() == before


@pytest.mark.parametrize("name, content, words", [
    ("gia-tri.exe", b"MZ", "chỉ nhận tệp .csv, .xlsx"),
    ("gia-tri.txt", b"a,b", "chỉ nhận tệp .csv, .xlsx"),
    ("gia-tri", b"a,b", "chỉ nhận tệp"),
    ("so-lieu.xlsx", b"khong phai zip", "số liệu của dự án là các tệp CSV"),
])
def test_uploads_of_other_types_are_refused(web, mini_project: Path, name, content,
                                            words) -> None:
    app, client = web
    before = (mini_project / "chi-tieu" / "gia-tri.csv").read_bytes()
    response = upload_values(client, content, name=name)
    assert response.status_code == 400
    assert words in page(response)
    assert (mini_project / "chi-tieu" / "gia-tri.csv").read_bytes() == before


def test_a_fake_workbook_is_refused_before_it_is_read(web, mini_project: Path) -> None:
    app, client = web
    response = client.post("/phieu/tai-len", data={
        "csrf_token": csrf(client), "tep": (io.BytesIO(b"<html>"), "huyen-b.xlsx")},
        content_type="multipart/form-data")
    assert response.status_code == 400
    assert "không phải tệp .xlsx thật" in page(response)


def test_an_upload_over_the_limit_is_refused(mini_project: Path) -> None:
    app, client = make_client(mini_project, max_upload_mb=1)
    big = b"don_vi,ma_chi_tieu,ky,gia_tri\n" + b"x" * (2 * 1024 * 1024)
    response = upload_values(client, big)
    assert response.status_code == 413
    assert "vượt giới hạn 1 MB" in page(response)


# --------------------------------------------------------------------------- returned forms


def test_returned_forms_show_the_plan_then_merge_on_confirmation(web, mini_project: Path,
                                                                 tmp_path: Path) -> None:
    app, client = web
    project = load_project(mini_project)
    form = write_forms(project, load_dataset(project), ["huyen-b"], tmp_path / "phieu")[0]
    fill(form, {("THU_NS", "2020"): 1750000, ("XA_NTM", "2019"): 4}, person="Nguyễn Thị Lan")
    values = mini_project / "chi-tieu" / "gia-tri.csv"
    before = values.read_bytes()
    response = client.post("/phieu/tai-len", data={
        "csrf_token": csrf(client), "tep": [(io.BytesIO(form.read_bytes()), "huyen-b.xlsx")]},
        content_type="multipart/form-data")
    assert response.status_code == 302
    plan = page(client.get(response.headers["Location"]))
    assert "Nguyễn Thị Lan" in plan
    assert "Số liệu mới (1)" in plan and "Số liệu thay đổi (1)" in plan
    assert "1.683.240</td><td class=\"num\">1.750.000" in plan
    assert "Nhập 2 số liệu vào dự án" in plan
    assert values.read_bytes() == before
    done = client.post(response.headers["Location"] + "/nhap", data={"csrf_token": csrf(client)})
    assert done.status_code == 302
    assert "huyen-b,THU_NS,2020,1.750.000,chính thức,phiếu huyen-b.xlsx" in values.read_text(
        encoding="utf-8")
    assert "Đã nhập 2 số liệu." in page(client.get("/dung"))
    data_page = page(client.get("/so-lieu"))
    assert "Phiếu đã nhập trước đây" in data_page
    assert client.get("/phieu/da-nhap/0").data == form.read_bytes()


def test_a_form_of_another_unit_is_refused_and_nothing_can_be_merged(
        web, mini_project: Path, tmp_path: Path) -> None:
    app, client = web
    project = load_project(mini_project)
    form = write_forms(project, load_dataset(project), ["huyen-c"], tmp_path / "phieu")[0]
    fill(form, {("THU_NS", "2020"): 600000})
    response = client.post("/phieu/tai-len", data={
        "csrf_token": csrf(client), "tep": [(io.BytesIO(form.read_bytes()), "huyen-b.xlsx")]},
        content_type="multipart/form-data")
    plan = page(client.get(response.headers["Location"]))
    assert "tệp mang tên đơn vị «huyen-b» nhưng là phiếu của đơn vị «huyen-c»" in plan
    assert "Chưa nhập được" in plan and "nut-nhap" not in plan


def test_a_blank_form_is_made_for_a_unit(web) -> None:
    app, client = web
    from openpyxl import load_workbook

    response = client.get("/phieu/mau/huyen-b")
    assert response.status_code == 200
    book = load_workbook(io.BytesIO(response.data))
    assert "huyen-b" in str([c.value for row in book.worksheets[-1].iter_rows() for c in row])
    assert client.get("/phieu/mau/khong-co").status_code == 404


# --------------------------------------------------------------------------- builds


def test_a_build_runs_in_the_background_with_one_line_per_unit(web, mini_project: Path) -> None:
    app, client = web
    text = build_now(app, client)
    assert "Xong: 3 đã dựng, 0 lỗi, 0 không đổi" in text
    assert text.count("đã ghi ") == 3 and 'value="100"' in text
    docs = page(client.get("/van-ban"))
    assert docs.count("văn bản .docx") == 3
    again = build_now(app, client)
    assert "không có gì thay đổi" in again

    # an editor edits one output, the data changes: the edit is kept, the new build beside
    edited = mini_project / "ra" / "bao-cao" / "huyen-b.docx"
    doc = Document(str(edited))
    doc.add_paragraph("Đoạn người biên tập thêm.")
    doc.save(str(edited))
    values = mini_project / "chi-tieu" / "gia-tri.csv"
    values.write_text(VALUES.replace("1.683.240", "1.750.000"), encoding="utf-8")
    text = build_now(app, client)
    batch = app.extensions["draftgen"].runner.current
    assert [line.status for line in batch.lines if line.unit == "huyen-b"] == [KEPT]
    assert "giữ bản đã sửa" in text and "huyen-b.moi.docx" in text
    beside = client.get("/van-ban/bao-cao/huyen-b/tai-ve/moi")
    assert "Thu ngân sách đạt 1.750.000 triệu đồng." in text_of(beside.data)
    assert "Đoạn người biên tập thêm." in text_of(
        client.get("/van-ban/bao-cao/huyen-b/tai-ve/docx").data)
    tracked = client.get("/van-ban/bao-cao/huyen-b/tai-ve/thay-doi")
    assert tracked.status_code == 200 and b"w:ins" in _document_xml(tracked.data)
    report = page(client.get("/thay-doi"))
    assert "1.683.240" in report and "1.750.000" in report and "<h1>" in report
    assert client.get("/thay-doi/tai-ve").status_code == 200


def _document_xml(data: bytes) -> bytes:
    import zipfile

    return zipfile.ZipFile(io.BytesIO(data)).read("word/document.xml")


def test_a_failed_unit_shows_its_reason_and_the_others_are_built(web, mini_project: Path) -> None:
    app, client = web
    values = mini_project / "chi-tieu" / "gia-tri.csv"
    values.write_text(VALUES.replace("huyen-c,THU_NS,2020,500.000", "huyen-c,THU_NS,2020,abc"),
                      encoding="utf-8")
    text = build_now(app, client)
    batch = app.extensions["draftgen"].runner.current
    failed = [line for line in batch.lines if line.status == FAILED]
    assert {line.unit for line in failed} >= {"huyen-c"}
    assert "gia-tri.csv" in failed[0].text
    assert "huyen-b" in {line.unit for line in batch.lines if line.status == "built"}
    assert "lỗi" in text and "gia-tri.csv" in text


def test_a_workbook_edited_beside_the_csv_tables_is_warned_of(web, mini_project: Path) -> None:
    app, client = web
    tables = mini_project / "chi-tieu"
    newest = max(p.stat().st_mtime for p in tables.glob("*.csv"))
    workbook = mini_project / "chi-tieu.xlsx"
    workbook.write_bytes(b"PK")
    os.utime(workbook, (newest + 600, newest + 600))
    text = build_now(app, client)
    assert "Xong: 3 đã dựng" in text
    assert 'class="msg canh-bao"' in text
    assert "Cảnh báo: chi-tieu.xlsx được lưu sau các tệp CSV trong chi-tieu/" in text


def test_one_unit_of_one_document_can_be_built(web) -> None:
    app, client = web
    text = build_now(app, client, van_ban="bao-cao", don_vi="huyen-b")
    assert "Xong: 1 đã dựng" in text
    assert client.post("/dung", data={"csrf_token": csrf(client),
                                      "don_vi": "../x"}).status_code == 400


def test_a_second_build_while_one_runs_is_refused_with_a_message(web, monkeypatch) -> None:
    app, client = web
    import draftgen.build as build_module

    release = threading.Event()
    real = build_module.build

    def slow(*args, **kwargs):
        release.wait(30)
        return real(*args, **kwargs)

    monkeypatch.setattr(build_module, "build", slow)
    first = client.post("/dung", data={"csrf_token": csrf(client)})
    running = page(client.get(first.headers["Location"]))
    assert "Đang dựng" in running and '<meta http-equiv="refresh"' in running
    second = client.post("/dung", data={"csrf_token": csrf(client)}, follow_redirects=True)
    assert "Đang có một lần dựng chạy" in page(second)
    release.set()
    app.extensions["draftgen"].runner.wait(60)
    assert len(app.extensions["draftgen"].runner.batches) == 1


def test_a_build_held_by_another_process_says_so(web, mini_project: Path) -> None:
    app, client = web
    from draftgen.lock import project_lock

    state = mini_project / "ra" / ".draftgen"
    with project_lock(state):
        text = build_now(app, client)
    assert "Một lần dựng khác" in text and "Dừng vì lỗi" in text


# --------------------------------------------------------------------------- previews


def test_the_outline_preview_shows_headings_and_lines(web, monkeypatch) -> None:
    app, client = web
    build_now(app, client)
    from draftgen.web import preview

    monkeypatch.setattr(preview, "can_render", lambda: False)
    text = page(client.get("/van-ban/bao-cao/huyen-b/xem"))
    assert '<p class="h">BÁO CÁO CỦA HUYỆN ỦY B</p>' in text
    assert "Thu ngân sách đạt 1.683.240 triệu đồng." in text
    assert "chỉ hiện dàn ý" in text


@pytest.mark.skipif(not __import__("draftgen.web.preview", fromlist=["x"]).can_render(),
                    reason="LibreOffice hoặc pdftoppm chưa cài: không xem được ảnh trang")
def test_the_page_preview_shows_png_pages(web, mini_project: Path) -> None:
    app, client = web
    build_now(app, client)
    text = page(client.get("/van-ban/bao-cao/huyen-b/xem"))
    assert 'alt="Trang 1"' in text
    image = client.get("/van-ban/bao-cao/huyen-b/trang/1")
    assert image.status_code == 200 and image.data.startswith(b"\x89PNG")
    assert client.get("/van-ban/bao-cao/huyen-b/trang/99").status_code == 404
    assert list((mini_project / "ra" / ".draftgen" / "xem").glob("*/trang-*.png"))


# --------------------------------------------------------------------------- report, audit


def test_raw_html_in_the_change_report_is_shown_as_text(web, mini_project: Path) -> None:
    app, client = web
    (mini_project / "ra").mkdir(exist_ok=True)
    (mini_project / "ra" / "bao-cao-thay-doi.md").write_text(
        "# Thay đổi\n\n<script>alert(1)</script>\n\n- THU_NS: 1 → 2\n", encoding="utf-8")
    text = page(client.get("/thay-doi"))
    assert "<script>alert" not in text and "&lt;script&gt;" in text
    assert "<h1>Thay đổi</h1>" in text and "<li>THU_NS: 1 → 2</li>" in text


class _Finding:
    severity, rule, unit, indicator = "lỗi", "co-cau-100", "huyen-b", "THU_NS"
    periods = ("2020",)
    cells = ("gia-tri.csv, dòng 5",)
    message, hint, accepted = "tổng các thành phần khác toàn phần", "kiểm tra ô", ""


def test_the_audit_findings_link_to_the_indicator_and_its_cell(web, monkeypatch) -> None:
    app, client = web
    import types

    fake = types.ModuleType("draftgen.audit")
    fake.audit_project = lambda project, data: types.SimpleNamespace(findings=[_Finding()])
    monkeypatch.setitem(sys.modules, "draftgen.audit", fake)
    text = page(client.get("/kiem-tra"))
    assert '<a href="/chi-tieu/THU_NS#huyen-b-2020">THU_NS</a>' in text
    assert "tổng các thành phần khác toàn phần" in text and "gia-tri.csv, dòng 5" in text
    assert 'id="huyen-b-2020"' in page(client.get("/chi-tieu/THU_NS"))


def test_an_audit_that_fails_is_said_on_the_page(web, monkeypatch) -> None:
    app, client = web
    import types

    def broken(project, data):
        raise AttributeError("average_of")

    fake = types.ModuleType("draftgen.audit")
    fake.audit_project = broken
    monkeypatch.setitem(sys.modules, "draftgen.audit", fake)
    response = client.get("/kiem-tra")
    assert response.status_code == 200
    assert "Chưa kiểm tra được tính nhất quán của số liệu (AttributeError" in page(response)


def test_without_an_audit_module_the_page_says_it_is_not_there(web, monkeypatch) -> None:
    app, client = web
    monkeypatch.setitem(sys.modules, "draftgen.audit", None)
    assert "chưa có trong phiên bản draftgen này" in page(client.get("/kiem-tra"))


def test_data_that_does_not_load_is_listed_on_the_audit_page(web, mini_project: Path) -> None:
    app, client = web
    (mini_project / "chi-tieu" / "danh-muc.csv").write_text("ma,ten\n", encoding="utf-8")
    text = page(client.get("/kiem-tra"))
    assert "Số liệu chưa đọc được" in text and "danh-muc.csv" in text


def test_staged_uploads_are_removed_when_cancelled(web, mini_project: Path) -> None:
    app, client = web
    new = VALUES.replace("1.683.240", "1.700.000")
    response = upload_values(client, new.encode())
    token = response.headers["Location"].rsplit("/", 1)[1]
    staging = app.extensions["draftgen"].staging
    folder = staging.get(token, "data").folder
    assert folder.is_dir()
    client.post(f"/so-lieu/huy/{token}", data={"csrf_token": csrf(client)})
    assert not folder.exists() and staging.get(token, "data") is None


def test_pages_name_a_document_by_its_label(mini_project: Path) -> None:
    config = mini_project / "draftgen.toml"
    text = config.read_text(encoding="utf-8")
    config.write_text(text.replace('name = "bao-cao"\n',
                                   'name = "bao-cao"\nlabel = "Báo cáo chính trị nhiệm kỳ 2015 - 2020"\n'),
                      encoding="utf-8")
    app, client = make_client(mini_project)
    try:
        label = "Báo cáo chính trị nhiệm kỳ 2015 - 2020"
        assert label in page(client.get("/")) and label in page(client.get("/dung"))
        batch = build_now(app, client)
        assert batch.count(f"<td>{label}</td>") == 3, batch
        docs = page(client.get("/van-ban"))
        assert docs.count(f"<td>{label}</td>") == 3, docs
        preview = page(client.get("/van-ban/bao-cao/huyen-b/xem"))
        assert f"<h1>{label} / " in preview, preview
    finally:
        app.extensions["draftgen"].runner.wait(60)
        app.extensions["draftgen"].staging.close()


def test_a_changed_table_writes_the_companion_workbook_again(web, mini_project: Path) -> None:
    from openpyxl import load_workbook

    from draftgen.workbook import write_data_workbook

    app, client = web
    companion = mini_project / "chi-tieu.xlsx"
    write_data_workbook(mini_project / "chi-tieu", companion)
    before = companion.read_bytes()
    new = VALUES.replace("huyen-b,THU_NS,2020,1.683.240", "huyen-b,THU_NS,2020,1.750.000")
    response = upload_values(client, new.encode(), name="gia-tri.csv")
    done = client.post(response.headers["Location"], data={"csrf_token": csrf(client)})
    assert done.status_code == 302
    assert "Đã cập nhật sổ Excel đi kèm chi-tieu.xlsx" in page(client.get("/dung"))
    sheet = load_workbook(companion)["gia-tri"]
    rows = {(r[0], r[1], r[2]): r[3] for r in sheet.iter_rows(min_row=2, values_only=True)}
    assert rows[("huyen-b", "THU_NS", "2020")] in (1750000, "1.750.000")
    kept = list((mini_project / "nhap-so-lieu").glob("*/truoc-khi-thay-chi-tieu.xlsx"))
    assert len(kept) == 1 and kept[0].read_bytes() == before


def test_serve_on_a_port_in_use_says_so_in_vietnamese_before_any_address(
        mini_project: Path) -> None:
    import socket

    from click.testing import CliRunner

    from draftgen.cli import main

    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen()
        port = busy.getsockname()[1]
        result = CliRunner().invoke(main, ["serve", "-p", str(mini_project), "--port", str(port)])
    assert result.exit_code == 2
    assert (f"Lỗi: không mở được cổng {port} trên 127.0.0.1: cổng đang được một chương trình "
            "khác dùng → chọn cổng khác bằng «--port CỔNG»") in result.output, result.output
    assert "không gian làm việc tại" not in result.output
    assert "Address already in use" not in result.output


def test_a_bad_term_for_the_forms_says_why(mini_project: Path) -> None:
    from click.testing import CliRunner

    from draftgen.cli import main

    for term, why in (("2099-2104", "năm phải từ 1930 đến 2100"),
                      ("2020-2019", "năm cuối phải sau năm đầu"), ("năm nay", "cần hai năm")):
        result = CliRunner().invoke(main, ["phieu", "-p", str(mini_project), "-u", "huyen-b",
                                           "--nhiem-ky", term])
        assert result.exit_code == 2
        assert f"Giá trị không hợp lệ cho '--nhiem-ky': nhiệm kỳ «{term}» không hợp lệ ({why}" \
            in result.output, result.output
