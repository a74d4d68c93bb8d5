"""Strict parsing of numbers typed the Vietnamese way in text cells.

Vietnamese documents write a decimal comma and a thousands dot: ``7,8``, ``1.683.240``,
``34.178,9``. A value that could be read two ways is refused, never guessed.

>>> parse_number("7,8")
7.8
>>> parse_number("1.683.240")
1683240.0
>>> parse_number("34.178,9")
34178.9
>>> parse_number("95%")
95.0
>>> parse_number("-2,5")
-2.5
>>> parse_number("7.8")
Traceback (most recent call last):
...
draftgen.errors.FormatError: không rõ số «7.8»: dấu chấm chỉ dùng để ngăn hàng nghìn (1.683.240) → viết số thập phân bằng dấu phẩy: «7,8»
"""

from __future__ import annotations

import math
import re
import unicodedata

from .errors import FormatError

# Grammar of a Vietnamese number: optional sign, integer part either plain digits or
# groups of three separated by dots, optional decimal comma part, optional percent sign.
_PLAIN = re.compile(r"^[+-]?\d+(,\d+)?%?$")
_GROUPED = re.compile(r"^[+-]?\d{1,3}(\.\d{3})+(,\d+)?%?$")
_SPACES = str.maketrans("", "", " \u00a0\u202f\u2009")


def parse_number(text: str | float | int) -> float:
    """Read a number written the Vietnamese way; refuse anything ambiguous.

    Numbers already numeric (an Excel number cell) are returned as float.

    >>> parse_number(" 1.234 ")
    1234.0
    >>> parse_number(12)
    12.0
    >>> parse_number("1,683.5")
    Traceback (most recent call last):
    ...
    draftgen.errors.FormatError: không rõ số «1,683.5»: dấu phẩy là dấu thập phân, dấu chấm ngăn hàng nghìn → viết theo kiểu Việt Nam, ví dụ «1.683,5»
    >>> parse_number("abc")
    Traceback (most recent call last):
    ...
    draftgen.errors.FormatError: «abc» không phải là số → nhập một số, ví dụ «7,16» hoặc «1.683.240»
    """
    if isinstance(text, bool):
        raise FormatError(f"«{text}» không phải là số", hint="nhập một số")
    if isinstance(text, (int, float)):
        value = float(text)
        if math.isnan(value) or math.isinf(value):
            raise FormatError("ô trống hoặc không phải là số", hint="nhập một số")
        return value
    raw = unicodedata.normalize("NFC", str(text)).strip()
    compact = raw.translate(_SPACES).replace("\u2212", "-")
    if compact == "":
        raise FormatError("ô trống", hint="nhập một số")
    if _PLAIN.match(compact) or _GROUPED.match(compact):
        digits = compact.rstrip("%").replace(".", "").replace(",", ".")
        return float(digits)
    if "," in compact and "." in compact and compact.rfind(",") < compact.rfind("."):
        raise FormatError(
            f"không rõ số «{raw}»: dấu phẩy là dấu thập phân, dấu chấm ngăn hàng nghìn",
            hint="viết theo kiểu Việt Nam, ví dụ «1.683,5»",
        )
    if re.match(r"^[+-]?\d+\.\d+%?$", compact):
        example = compact.replace(".", ",")
        raise FormatError(
            f"không rõ số «{raw}»: dấu chấm chỉ dùng để ngăn hàng nghìn (1.683.240)",
            hint=f"viết số thập phân bằng dấu phẩy: «{example}»",
        )
    raise FormatError(
        f"«{raw}» không phải là số", hint="nhập một số, ví dụ «7,16» hoặc «1.683.240»"
    )


def thousands_dot(text: object) -> str | None:
    """Text typed with a dot between thousands, as typed without its spaces; else None.

    A number cell has no typed text: it never has one.

    >>> thousands_dot("5.450"), thousands_dot(" 1.683.240,5 "), thousands_dot("5,45")
    ('5.450', '1.683.240,5', None)
    >>> thousands_dot(5450.0) is None
    True
    """
    if not isinstance(text, str):
        return None
    compact = unicodedata.normalize("NFC", text).translate(_SPACES).replace("\u2212", "-")
    return compact if _GROUPED.match(compact) else None
