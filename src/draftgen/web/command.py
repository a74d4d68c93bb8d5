"""``draftgen serve``: the web workspace on this machine or the office's server.

Bound to this machine (127.0.0.1) unless ``--host`` says otherwise; any other address
needs an access token (``--token`` or ``DRAFTGEN_TOKEN``), which editors type to log in.
Flask and waitress are imported only when the command runs.
"""

from __future__ import annotations

import sys
from pathlib import Path

import click

from .. import CONFIG_NAME
from ..errors import DraftgenError

LOCAL_HOSTS = {"127.0.0.1", "localhost", "::1"}
MIN_TOKEN = 12


def _project_dir(path: Path | None) -> Path:
    if path is not None:
        return path
    here = Path.cwd()
    return here if (here / CONFIG_NAME).is_file() else here / "data"


def check_access(host: str, token: str | None) -> str | None:
    """Why the server must not start with this host and token; None when it may.

    >>> check_access("127.0.0.1", None) is None
    True
    >>> print(check_access("0.0.0.0", None))  # doctest: +ELLIPSIS
    Máy chủ mở cho máy khác («--host 0.0.0.0») cần mã truy cập: ...
    >>> print(check_access("0.0.0.0", "ngan"))  # doctest: +ELLIPSIS
    Mã truy cập quá ngắn: ...
    """
    if token is not None and len(token) < MIN_TOKEN:
        return (f"Mã truy cập quá ngắn: cần ít nhất {MIN_TOKEN} ký tự (dùng chuỗi ngẫu "
                "nhiên, ví dụ lấy từ «python3 -c 'import secrets; print(secrets.token_urlsafe(16))'»).")
    if host not in LOCAL_HOSTS and not token:
        return (f"Máy chủ mở cho máy khác («--host {host}») cần mã truy cập: đặt «--token MÃ» "
                "hoặc biến môi trường DRAFTGEN_TOKEN; người dùng nhập mã này khi đăng nhập. "
                "Chỉ dùng trên máy này thì bỏ «--host».")
    return None


@click.command("serve", options_metavar="[TÙY CHỌN]")
@click.option("--project", "-p", "project_path", type=click.Path(path_type=Path), default=None,
              help=f"Thư mục dự án (có tệp {CONFIG_NAME}). Mặc định: thư mục hiện tại nếu có "
                   f"{CONFIG_NAME}, nếu không thì dự án mẫu ./data.")
@click.option("--host", default="127.0.0.1", show_default=True, metavar="ĐỊA_CHỈ",
              help="Địa chỉ lắng nghe. Mặc định chỉ máy này; «0.0.0.0» mở cho các máy trong "
                   "mạng (bắt buộc có --token).")
@click.option("--port", type=click.IntRange(1, 65535), default=8000, show_default=True,
              metavar="CỔNG", help="Cổng lắng nghe.")
@click.option("--token", envvar="DRAFTGEN_TOKEN", default=None, metavar="MÃ",
              help="Mã truy cập người dùng phải nhập để đăng nhập (hoặc biến môi trường "
                   "DRAFTGEN_TOKEN). Bắt buộc khi --host không phải máy này.")
@click.option("--jobs", "-j", "workers", type=click.IntRange(min=1), default=1,
              show_default=True, metavar="N", help="Số tiến trình dựng song song.")
@click.option("--max-upload", "max_upload", type=click.IntRange(1, 500), default=20,
              show_default=True, metavar="MB", help="Cỡ tối đa của một lần tải tệp lên.")
def serve(project_path: Path | None, host: str, port: int, token: str | None, workers: int,
          max_upload: int) -> None:
    """Mở không gian làm việc trên trình duyệt: mở dự án, tải số liệu và phiếu lên, xem
    kết quả kiểm tra, dựng văn bản, xem trước, tải .docx / PDF, đọc báo cáo thay đổi.

    Chạy xong, mở trình duyệt tại địa chỉ lệnh in ra (mặc định http://127.0.0.1:8000/).
    Dừng bằng Ctrl+C.
    """
    token = token or None
    refused = check_access(host, token)
    if refused:
        click.echo(f"Lỗi: {refused}", err=True)
        sys.exit(2)
    try:
        from waitress import create_server

        from . import create_app

        app = create_app(_project_dir(project_path), token=token, max_upload_mb=max_upload,
                         workers=workers,
                         trusted_hosts=sorted(LOCAL_HOSTS) if host in LOCAL_HOSTS else None)
    except DraftgenError as exc:
        click.echo(f"Lỗi: {exc}", err=True)
        sys.exit(2)
    try:
        try:  # bound first, so that the address is said only once it is really served
            server = create_server(app, host=host, port=port, threads=6, ident="draftgen",
                                   max_request_body_size=(max_upload + 1) * 1024 * 1024)
        except OSError as exc:
            click.echo(f"Lỗi: không mở được cổng {port} trên {host}: {_socket_error(exc)} → "
                       "chọn cổng khác bằng «--port CỔNG»", err=True)
            sys.exit(2)
        shown = f"[{host}]" if ":" in host else host
        click.echo(f"draftgen: không gian làm việc tại http://{shown}:{port}/ (dừng: Ctrl+C)")
        if token:
            click.echo("Cần đăng nhập bằng mã truy cập đã đặt.")
        sys.stdout.flush()
        server.run()
    finally:
        app.extensions["draftgen"].staging.close()


def _socket_error(exc: OSError) -> str:
    """Why a port could not be opened, in Vietnamese."""
    import errno

    return {errno.EADDRINUSE: "cổng đang được một chương trình khác dùng",
            errno.EACCES: "không có quyền mở cổng này (cổng dưới 1024 cần quyền quản trị)",
            errno.EADDRNOTAVAIL: "máy này không có địa chỉ đó"}.get(
                exc.errno, f"lỗi hệ thống {exc.errno}")
