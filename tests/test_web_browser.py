"""The web workspace in a real browser: headless Chromium (Debian's chromium and
chromium-driver) driven by selenium through a real ``draftgen serve`` process on a free
local port. Skipped, with the reason, where Chromium or its driver is not installed."""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
import zipfile
from pathlib import Path

import pytest
from docx import Document
from formkit import fill
from openpyxl import load_workbook
from projectkit import mini_project_at

from draftgen.config import load_project
from draftgen.forms import write_forms
from draftgen.loader import load_dataset
from draftgen.workbook import write_data_workbook

# DRAFTGEN_CHROMIUM / DRAFTGEN_CHROMEDRIVER choose other programs
CHROMIUM = os.environ.get("DRAFTGEN_CHROMIUM") or shutil.which("chromium") or "/usr/bin/chromium"
DRIVER = (os.environ.get("DRAFTGEN_CHROMEDRIVER") or shutil.which("chromedriver")
          or "/usr/bin/chromedriver")

if not (os.path.exists(CHROMIUM) and os.path.exists(DRIVER)):
    pytest.skip("Chromium hoặc chromedriver chưa cài (apt-get install chromium "
                "chromium-driver): bỏ qua kiểm thử trên trình duyệt thật",
                allow_module_level=True)
webdriver = pytest.importorskip("selenium.webdriver", reason="selenium chưa cài")

from selenium.webdriver.common.by import By  # noqa: E402
from selenium.webdriver.support.ui import WebDriverWait  # noqa: E402


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture
def project(tmp_path: Path) -> Path:
    """The small test project, its data as one workbook."""
    root = mini_project_at(tmp_path / "du-an")
    write_data_workbook(root / "chi-tieu", root / "so-lieu.xlsx")
    shutil.rmtree(root / "chi-tieu")
    config = root / "draftgen.toml"
    config.write_text(config.read_text(encoding="utf-8").replace(
        'data = "chi-tieu"', 'data = "so-lieu.xlsx"'), encoding="utf-8")
    return root


@pytest.fixture
def server(project: Path, tmp_path: Path):
    port = free_port()
    log = (tmp_path / "serve.log").open("w")
    proc = subprocess.Popen([sys.executable, "-m", "draftgen.cli", "serve", "-p", str(project),
                             "--port", str(port)], stdout=log, stderr=subprocess.STDOUT)
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 40
    while True:
        try:
            with urllib.request.urlopen(url + "/", timeout=2) as response:
                if response.status == 200:
                    break
        except OSError:
            pass
        if proc.poll() is not None or time.monotonic() > deadline:
            proc.kill()
            pytest.fail("draftgen serve did not start: "
                        + (tmp_path / "serve.log").read_text(encoding="utf-8"))
        time.sleep(0.3)
    yield url
    proc.terminate()
    try:
        proc.wait(10)
    except subprocess.TimeoutExpired:
        proc.kill()
    log.close()


@pytest.fixture
def browser(tmp_path: Path):
    from selenium.webdriver.chrome.options import Options
    from selenium.webdriver.chrome.service import Service

    downloads = tmp_path / "tai-ve"
    downloads.mkdir()
    options = Options()
    options.binary_location = CHROMIUM
    for flag in ("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                 "--disable-background-networking", "--disable-component-update",
                 "--disable-sync", "--no-first-run", "--window-size=1366,768",
                 f"--user-data-dir={tmp_path / 'chromium'}"):
        options.add_argument(flag)
    options.add_experimental_option("prefs", {"download.default_directory": str(downloads),
                                              "download.prompt_for_download": False})
    driver = webdriver.Chrome(service=Service(DRIVER), options=options)
    driver.set_window_size(1366, 768)
    # the page itself 1366×768, as on an office screen
    driver.execute_cdp_cmd("Emulation.setDeviceMetricsOverride", {
        "width": 1366, "height": 768, "deviceScaleFactor": 1, "mobile": False})
    driver.downloads = downloads
    yield driver
    driver.quit()


def shot(driver, tmp_path: Path, name: str) -> Path:
    """A screenshot of the window (1366×768), also into DRAFTGEN_SCREENSHOTS if set."""
    path = tmp_path / f"{name}.png"
    driver.save_screenshot(str(path))
    extra = os.environ.get("DRAFTGEN_SCREENSHOTS")
    if extra:
        Path(extra).mkdir(parents=True, exist_ok=True)
        shutil.copyfile(path, Path(extra) / path.name)
    return path


def wait_text(driver, css: str, words: str) -> str:
    """The text of the first element matching ``css`` once it holds ``words`` (a click
    that loads a page returns before the page is there)."""
    def holds(d):
        for element in d.find_elements(By.CSS_SELECTOR, css):
            try:
                text = element.text
            except Exception:  # replaced by the next page meanwhile
                return False
            if words in text:
                return text
        return False

    return WebDriverWait(driver, 30, poll_frequency=0.3).until(holds)


def find(driver, element_id: str):
    """The element once the page that has it is there."""
    return WebDriverWait(driver, 30, poll_frequency=0.3).until(
        lambda d: d.find_elements(By.ID, element_id))[0]


def click(driver, element_id: str) -> None:
    find(driver, element_id).click()


def wait_for_build(driver) -> str:
    def finished(d):
        try:
            state = d.find_element(By.ID, "trang-thai").get_attribute("data-state")
        except Exception:  # between two loads of the page
            return False
        return state if state != "running" else False

    return WebDriverWait(driver, 120, poll_frequency=0.5).until(finished)


def download(driver, link_text_href: str) -> Path:
    before = set(driver.downloads.iterdir())
    driver.find_element(By.CSS_SELECTOR, f'a[href="{link_text_href}"]').click()

    def arrived(_):
        new = [p for p in driver.downloads.iterdir() if p not in before
               and p.suffix == ".docx" and not p.name.startswith(".")]
        return new[0] if new else False

    return WebDriverWait(driver, 30, poll_frequency=0.3).until(arrived)


def text_of(path: Path) -> str:
    return "\n".join(p.text for p in Document(str(path)).paragraphs)


def test_an_editor_updates_the_data_builds_and_downloads_the_document(
        server: str, browser, project: Path, tmp_path: Path) -> None:
    driver = browser
    driver.get(server + "/")
    assert driver.find_element(By.TAG_NAME, "h1").text == "Dự án thử"
    shot(driver, tmp_path, "1-tong-quan")

    # a changed workbook: the district's budget revenue for 2020
    changed = tmp_path / "so-lieu moi.xlsx"
    book = load_workbook(project / "so-lieu.xlsx")
    sheet = book["gia-tri"]
    for row in sheet.iter_rows(min_row=2):
        if (row[0].value, row[1].value, str(row[2].value)) == ("huyen-b", "THU_NS", "2020"):
            row[3].value = 1750000
    book.save(changed)

    driver.find_element(By.LINK_TEXT, "Số liệu và phiếu").click()
    find(driver, "tep-so-lieu").send_keys(str(changed))
    driver.find_element(By.ID, "nut-tai-so-lieu").click()
    wait_text(driver, "#thay-doi-so-lieu", "huyen-b THU_NS 2020 1.683.240 1.750.000")
    shot(driver, tmp_path, "2-xac-nhan")
    driver.find_element(By.ID, "nut-xac-nhan").click()
    wait_text(driver, ".msg.tin", "Đã thay «so-lieu.xlsx»")

    click(driver, "nut-dung")
    assert wait_for_build(driver) == "done"
    lines = driver.find_element(By.ID, "tung-don-vi").text
    assert lines.count("đã dựng") == 3, lines
    shot(driver, tmp_path, "3-dung-xong")

    click(driver, "den-van-ban")
    wait_text(driver, "h1", "Văn bản đã dựng")
    shot(driver, tmp_path, "4-van-ban")
    docx = download(driver, "/van-ban/bao-cao/huyen-b/tai-ve/docx")
    assert "Thu ngân sách đạt 1.750.000 triệu đồng." in text_of(docx)

    # a returned form: the unit corrects the figure again
    p = load_project(project)
    form = write_forms(p, load_dataset(p), ["huyen-b"], tmp_path / "phieu")[0]
    fill(form, {("THU_NS", "2020"): 1800000}, person="Nguyễn Thị Lan")
    driver.find_element(By.LINK_TEXT, "Số liệu và phiếu").click()
    find(driver, "tep-phieu").send_keys(str(form))
    driver.find_element(By.ID, "nut-tai-phieu").click()
    plan = wait_text(driver, "main", "Số liệu thay đổi (1)")
    assert "Nguyễn Thị Lan" in plan and "1.750.000 1.800.000" in plan
    click(driver, "nut-nhap")
    wait_text(driver, ".msg.tin", "Đã nhập 1 số liệu.")
    click(driver, "nut-dung")
    assert wait_for_build(driver) == "done"
    assert "đã dựng" in driver.find_element(By.ID, "tung-don-vi").text
    driver.find_element(By.LINK_TEXT, "Đọc báo cáo thay đổi").click()
    report = wait_text(driver, "article.report", "1.800.000")
    assert "1.750.000" in report
    shot(driver, tmp_path, "5-bao-cao-thay-doi")
    driver.find_element(By.LINK_TEXT, "Văn bản").click()
    wait_text(driver, "h1", "Văn bản đã dựng")
    tracked = download(driver, "/van-ban/bao-cao/huyen-b/tai-ve/thay-doi")
    xml = zipfile.ZipFile(tracked).read("word/document.xml").decode("utf-8")
    assert "<w:ins " in xml and "1.800.000" in xml and "1.750.000" in xml
    docx = download(driver, "/van-ban/bao-cao/huyen-b/tai-ve/docx")
    assert "Thu ngân sách đạt 1.800.000 triệu đồng." in text_of(docx)

    driver.get(server + "/van-ban/bao-cao/huyen-b/xem")
    wait_text(driver, "h1", "huyện B")
    shot(driver, tmp_path, "6-xem-truoc")
