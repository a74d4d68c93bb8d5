"""Vietnamese for the syntax errors of the two languages a project is written in: TOML
(draftgen.toml, kiem-tra-so-lieu.toml) and Jinja (templates and content files).

The parsers report in English; an editor reads what is wrong in Vietnamese, with the place.
A message we do not know is said as "cú pháp không hợp lệ" with the parser's own words kept
in brackets, so nothing is lost.
"""

from __future__ import annotations

import re

#: The names Jinja gives its tokens, as an editor types them.
TOKENS = {
    "end of print statement": "}}",
    "begin of print statement": "{{",
    "end of statement block": "%}",
    "begin of statement block": "{%",
    "end of template": "cuối mẫu",
    "end of comment": "#}",
    "name": "một tên",
    "string": "một chuỗi",
    "integer": "một số",
    "float": "một số",
}

_TOML = [
    (r"Invalid statement", "dòng không phải «khóa = giá trị» hay tên bảng [..]"),
    (r"Expected newline or end of document after a statement",
     "sau giá trị còn chữ thừa: mỗi khóa một dòng, chuỗi đặt trong ngoặc kép"),
    (r"Expected '=' after a key in a key/value pair", "thiếu dấu «=» sau tên khóa"),
    (r"Invalid value", "giá trị không hợp lệ: chuỗi phải đặt trong ngoặc kép, số viết 2020 "
                       "hay 7.16, đúng/sai viết true/false"),
    (r"Unterminated string", "chuỗi chưa có ngoặc kép đóng"),
    (r"Illegal character '\\n'", "chuỗi chưa có ngoặc kép đóng trước khi xuống dòng"),
    (r"Illegal character (.+)", "ký tự {0} không được có trong chuỗi"),
    (r"Cannot overwrite a value", "một khóa được khai báo hai lần"),
    (r"Cannot declare (.+) twice", "bảng {0} được khai báo hai lần"),
    (r"Expected '\]' at the end of a table declaration", "thiếu «]» ở cuối tên bảng"),
    (r"Expected '\]\]' at the end of an array declaration", "thiếu «]]» ở cuối tên mục"),
    (r"Unclosed array", "danh sách chưa có «]» đóng"),
    (r"Unclosed inline table", "bảng viết trên một dòng chưa có «}}» đóng"),
    (r"Invalid initial character for a key part", "tên khóa bắt đầu bằng ký tự không hợp lệ"),
    (r"Found invalid character (.+)", "ký tự {0} không hợp lệ ở đây"),
    (r"Expected (.+)", "thiếu {0}"),
    (r"Invalid date or datetime", "ngày giờ không hợp lệ (viết 2020-10-15)"),
    (r"Unescaped '\\' in a string",
     "dấu «\\» trong chuỗi ngoặc kép phải viết «\\\\» (hoặc dùng ngoặc đơn ')"),
    (r"Invalid hex value|Escaped character is not a Unicode scalar value",
     "mã ký tự sau «\\u» không hợp lệ"),
    (r"Cannot (?:mutate immutable|redefine) namespace (.+)", "không thể khai báo lại {0}"),
    (r"Duplicate inline table key (.+)", "khóa {0} lặp lại trong cùng một bảng"),
]
_TOML_PLACE = re.compile(r"\s*\(at (?:line (\d+), column (\d+)|end of document)\)\s*$")


def toml_error(detail: str) -> tuple[str, int | None, int | None]:
    """What a TOML parser's error says, in Vietnamese, and its line and column.

    >>> toml_error("Expected newline or end of document after a statement (at line 49, column 20)")
    ('sau giá trị còn chữ thừa: mỗi khóa một dòng, chuỗi đặt trong ngoặc kép', 49, 20)
    >>> toml_error("Cannot declare ('project',) twice (at line 5, column 9)")
    ("bảng ('project',) được khai báo hai lần", 5, 9)
    >>> toml_error("Unterminated string (at end of document)")
    ('chuỗi chưa có ngoặc kép đóng', None, None)
    >>> toml_error("Something new (at line 2, column 1)")
    ('cú pháp không hợp lệ (Something new)', 2, 1)
    """
    line = column = None
    place = _TOML_PLACE.search(detail)
    if place:
        if place[1]:
            line, column = int(place[1]), int(place[2])
        detail = detail[: place.start()].strip()
    return _translate(_TOML, detail), line, column


_JINJA = [
    (r"unexpected '(.)', expected '(.)'", "gặp «{0}» trong khi còn chờ «{1}» đóng ngoặc"),
    (r"unexpected '([)}\]])'", "«{0}» không có cặp mở tương ứng"),
    (r"unexpected char '(.+)' at \d+", "ký tự «{0}» không hợp lệ trong biểu thức"),
    (r"unexpected end of template, expected '(.+)'\.", "mẫu hết mà chưa có «{0}»"),
    (r"expected token '(.+)', got '(.+)'", "cần «{0}» nhưng gặp «{1}»"),
    (r"Unexpected end of template\. Jinja was looking for the following tags: (.+)\. "
     r"The innermost block that needs to be closed is '(.+)'\.",
     "mẫu hết mà khối {{% {1} %}} chưa đóng (cần một trong: {0})"),
    (r"Unexpected end of template\.", "mẫu hết đột ngột"),
    (r"Encountered unknown tag '(.+)'\. Jinja was looking for the following tags: (.+)\. "
     r"The innermost block that needs to be closed is '(.+)'\.",
     "thẻ {{% {0} %}} không đúng chỗ: khối {{% {2} %}} đang chờ một trong: {1}"),
    (r"Encountered unknown tag '(.+)'\. You probably made a nesting mistake\..*",
     "thẻ {{% {0} %}} không đúng chỗ: các khối lồng nhau sai thứ tự"),
    (r"Encountered unknown tag '(.+)'\.", "không có thẻ {{% {0} %}}"),
    (r"unexpected '([/<])'",
     "gặp «{0}» ở chỗ chờ biểu thức: có thể thiếu «}}}}» hoặc «%}}» trước khi hết đoạn"),
    (r"unexpected '(.+)'", "không chờ «{0}» ở đây"),
    (r"Expected an expression, got '(.+)'", "thiếu biểu thức trước «{0}»"),
    (r"tag name expected", "sau «{{%» phải là tên thẻ (if, for, set…)"),
    (r"expected name or number", "sau dấu chấm phải là tên hoặc số"),
    (r"expected subscript expression", "trong ngoặc vuông [ ] phải có chỉ số"),
    (r"Invalid character in identifier", "tên có ký tự không hợp lệ (tên viết không dấu)"),
    (r"missing end of comment tag", "ghi chú {{# … chưa có «#}}» đóng"),
    (r"invalid syntax for function call expression", "lời gọi hàm viết sai"),
    (r"non-default argument follows default argument",
     "đối số không có giá trị mặc định đứng sau đối số có"),
]


def jinja_syntax(message: str) -> str:
    """What Jinja's syntax error says, in Vietnamese.

    >>> jinja_syntax("unexpected '}'")
    '«}» không có cặp mở tương ứng'
    >>> jinja_syntax("expected token 'end of print statement', got 'x'")
    'cần «}}» nhưng gặp «x»'
    >>> jinja_syntax("Unexpected end of template. Jinja was looking for the following tags: "
    ...              "'endfor' or 'else'. The innermost block that needs to be closed is 'for'.")
    "mẫu hết mà khối {% for %} chưa đóng (cần một trong: 'endfor' hoặc 'else')"
    >>> jinja_syntax("Encountered unknown tag 'endif'.")
    'không có thẻ {% endif %}'
    """
    return _translate(_JINJA, message)


def _translate(table: list[tuple[str, str]], detail: str) -> str:
    for pattern, text in table:
        match = re.fullmatch(pattern, detail, flags=re.S)
        if match:
            words = [_words(g) for g in match.groups() if g is not None]
            return text.format(*words)
    return f"cú pháp không hợp lệ ({detail})"


def _words(part: str) -> str:
    part = TOKENS.get(part, part)
    return part.replace("' or '", "' hoặc '")
