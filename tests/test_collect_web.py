"""Returned forms with a qualitative result through the web workspace: the plan shows the
result, the merge says what it wrote."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from formkit import PLAN_WORDING, fill, with_qualitative

from draftgen.config import load_project
from draftgen.forms import write_forms
from draftgen.loader import load_dataset

pytest.importorskip("flask")


def test_the_web_plan_shows_a_qualitative_result_and_merges_it(mini_project: Path,
                                                              tmp_path: Path) -> None:
    from draftgen.web.app import create_app

    with_qualitative(mini_project)
    project = load_project(mini_project)
    form = write_forms(project, load_dataset(project), ["huyen-b"], tmp_path / "phieu")[0]
    fill(form, {("QUY_HOACH", "Kết quả"): "đạt"})
    app = create_app(mini_project, secret_key="khoa-thu")
    client = app.test_client()
    try:
        client.get("/")
        with client.session_transaction() as session:
            token = session["csrf"]
        response = client.post("/phieu/tai-len", data={
            "csrf_token": token, "tep": [(io.BytesIO(form.read_bytes()), "huyen-b.xlsx")]},
            content_type="multipart/form-data")
        assert response.status_code == 302
        plan = client.get(response.headers["Location"]).get_data(as_text=True)
        assert "Kết quả mục tiêu định tính mới (1)" in plan
        assert f"<td>{PLAN_WORDING}</td>" in plan and "<td>đạt</td>" in plan
        assert "Nhập 1 số liệu vào dự án" in plan
        done = client.post(response.headers["Location"] + "/nhap", data={"csrf_token": token})
        assert done.status_code == 302
        assert "Đã ghi số liệu mới vào: chi-tieu/muc-tieu.csv." in client.get(
            "/dung").get_data(as_text=True)
        assert load_dataset(load_project(mini_project)).target(
            "huyen-b", "QUY_HOACH", "2015-2020").result == "đạt"
    finally:
        app.extensions["draftgen"].runner.wait(60)
        app.extensions["draftgen"].staging.close()
