"""Vietnamese for the words click writes itself: help headings, its own options, and the
errors it reports for a mistyped command line.

click translates these strings with :mod:`gettext`; we give its modules a translator that
knows the Vietnamese of the strings a user of draftgen can meet, and leaves the others as
they are.
"""

from __future__ import annotations

import click.core
import click.decorators
import click.exceptions
import click.formatting
import click.parser
import click.types

MESSAGES = {
    "Usage:": "Cách dùng:",
    "Options": "Tùy chọn",
    "Commands": "Các lệnh",
    "Show this message and exit.": "Hiện hướng dẫn này rồi thoát.",
    "Show the version and exit.": "Hiện phiên bản rồi thoát.",
    "Error: {message}": "Lỗi: {message}",
    "Try '{command} {option}' for help.": "Gõ «{command} {option}» để xem hướng dẫn.",
    "No such command {name!r}.": "Không có lệnh {name!r}.",
    "No such option {name!r}.": "Không có tùy chọn {name!r}.",
    "Missing command.": "Thiếu tên lệnh.",
    "Missing argument": "Thiếu đối số",
    "Missing option": "Thiếu tùy chọn",
    "Missing parameter": "Thiếu tham số",
    "Invalid value for {param_hint}: {message}": "Giá trị không hợp lệ cho {param_hint}: {message}",
    "Invalid value: {message}": "Giá trị không hợp lệ: {message}",
    "Option {name!r} does not take a value.": "Tùy chọn {name!r} không nhận giá trị.",
    "Aborted!": "Đã dừng.",
    "{value!r} is not a valid {number_type}.": "{value!r} không phải là số hợp lệ.",
    "{value} is not in the range {range}.": "{value} không nằm trong khoảng {range}.",
    "default: {default}": "mặc định: {default}",
}
PLURAL_MESSAGES = {
    "Did you mean {possibility}?": "Có phải ý bạn là {possibility}?",
    "(Did you mean one of: {possibilities}?)": "(Có phải ý bạn là một trong: {possibilities}?)",
    "Option {name!r} requires an argument.": "Tùy chọn {name!r} cần một giá trị.",
    "Option {name!r} requires {nargs} arguments.": "Tùy chọn {name!r} cần {nargs} giá trị.",
    "Got unexpected extra argument ({args})": "Thừa đối số ({args})",
    "Got unexpected extra arguments ({args})": "Thừa đối số ({args})",
}


def gettext(message: str) -> str:
    """The Vietnamese of one of click's messages, or the message itself.

    >>> gettext("Usage:"), gettext("something else")
    ('Cách dùng:', 'something else')
    """
    return MESSAGES.get(message, message)


def ngettext(singular: str, plural: str, n: int) -> str:
    """The Vietnamese of one of click's messages that vary with a number."""
    chosen = singular if n == 1 else plural
    return PLURAL_MESSAGES.get(chosen, chosen)


def install() -> None:
    """Let click speak Vietnamese (for the messages above)."""
    for module in (click.core, click.decorators, click.exceptions, click.formatting,
                   click.parser, click.types):
        if hasattr(module, "_"):
            module._ = gettext
        if hasattr(module, "ngettext"):
            module.ngettext = ngettext
