"""Project settings for the writing rules that vary between documents.

The house rules of STYLE-VI part B are the defaults; a project changes them in the
``[style]`` table of its TOML file::

    [style]
    zero_pad_counts = false      # "3 nhà máy" thay vì "03 nhà máy"
    rate_change = "percent"      # "tăng 9%" thay vì "tăng 9 điểm phần trăm"
    ordinal_separator = ","      # "Một là, …" thay vì "Một là: …"
    annual_word = "hàng năm"

>>> Style()
Style(zero_pad_counts=True, rate_change='points', ordinal_separator=':', \
annual_word='hằng năm', pad_dates=True, target_word='mục tiêu', max_decimals=2)
>>> Style.from_mapping({"rate_change": "percent", "ordinal_separator": ","}).rate_change
'percent'
>>> Style.from_mapping({"rate_chnage": "percent"})
Traceback (most recent call last):
...
draftgen.errors.ConfigError: Khóa không hợp lệ trong [style]: 'rate_chnage'. Các khóa hợp lệ: \
'zero_pad_counts', 'rate_change', 'ordinal_separator', 'annual_word', 'pad_dates', \
'target_word', 'max_decimals' → có phải ý bạn là «rate_change»?
"""

from __future__ import annotations

import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass, fields
from typing import Any, Literal

from draftgen.errors import ConfigError, suggest

__all__ = ["Style", "DEFAULT_STYLE"]

RateChange = Literal["points", "percent"]

# Allowed values of the settings that take one of a few strings.
_CHOICES: dict[str, tuple[str, ...]] = {
    "rate_change": ("points", "percent"),
    "ordinal_separator": (":", ","),
    "annual_word": ("hằng năm", "hàng năm"),
    "target_word": ("mục tiêu", "chỉ tiêu"),
}
_BOOLS = ("zero_pad_counts", "pad_dates")
_MAX_DECIMALS_RANGE = range(0, 7)


@dataclass(frozen=True)
class Style:
    """The writing rules a project may change; the defaults are STYLE-VI part B.

    zero_pad_counts
        Counts 1 to 9 written with two digits in prose: ``03 nhà máy``, ``08/19 tỉnh``.
    rate_change
        ``"points"``: a change of a rate in percentage points (``tăng 7,27 điểm phần trăm``);
        ``"percent"``: the seeds' common ``tăng 9%``.
    ordinal_separator
        ``":"`` gives ``Một là:``, ``","`` gives ``Một là,``.
    annual_word
        ``"hằng năm"`` (default, the correct form) or ``"hàng năm"``.
    pad_dates
        The Nghị định 30 padding of days below 10 and of months 1 and 2 (``06/5/2021``).
    target_word
        The word in the note after a result: ``(mục tiêu 29,44%)`` or ``(chỉ tiêu 70%)``.
    max_decimals
        Decimals kept when an indicator has no fixed number of decimals (trailing zeros trimmed).
    """

    zero_pad_counts: bool = True
    rate_change: RateChange = "points"
    ordinal_separator: Literal[":", ","] = ":"
    annual_word: Literal["hằng năm", "hàng năm"] = "hằng năm"
    pad_dates: bool = True
    target_word: Literal["mục tiêu", "chỉ tiêu"] = "mục tiêu"
    max_decimals: int = 2

    def __post_init__(self) -> None:
        for name in _BOOLS:
            _check_bool(name, getattr(self, name))
        for name, allowed in _CHOICES.items():
            _check_choice(name, getattr(self, name), allowed)
        _check_max_decimals(self.max_decimals)

    @classmethod
    def from_mapping(cls, mapping: Mapping[str, Any] | None) -> Style:
        """Build a Style from the ``[style]`` table of the project file.

        Unknown keys and bad values raise :class:`~draftgen.errors.ConfigError` with a
        Vietnamese message naming the key and the allowed values. Strings are NFC-normalised,
        so ``"hằng năm"`` typed in decomposed Unicode is accepted.

        >>> Style.from_mapping({"zero_pad_counts": False}).zero_pad_counts
        False
        >>> Style.from_mapping(None) == Style()
        True
        >>> Style.from_mapping({"annual_word": "hăng năm"})
        Traceback (most recent call last):
        ...
        draftgen.errors.ConfigError: Giá trị không hợp lệ cho style.annual_word: 'hăng năm'. \
Giá trị cho phép: 'hằng năm', 'hàng năm'
        """
        if mapping is None:
            return cls()
        if not isinstance(mapping, Mapping):
            raise ConfigError(
                f"Bảng [style] phải là một bảng khóa = giá trị, không phải {mapping!r}"
            )
        known = [f.name for f in fields(cls)]
        values: dict[str, Any] = {}
        for key, value in mapping.items():
            if key not in known:
                raise ConfigError(
                    f"Khóa không hợp lệ trong [style]: {key!r}. "
                    f"Các khóa hợp lệ: {', '.join(repr(k) for k in known)}",
                    hint=suggest(key, known),
                )
            if isinstance(value, str):
                value = unicodedata.normalize("NFC", value)
            values[key] = value
        return cls(**values)


def _check_bool(name: str, value: object) -> None:
    if not isinstance(value, bool):
        raise ConfigError(
            f"Giá trị không hợp lệ cho style.{name}: {value!r}. Giá trị cho phép: true, false"
        )


def _check_choice(name: str, value: object, allowed: tuple[str, ...]) -> None:
    if value not in allowed:
        raise ConfigError(
            f"Giá trị không hợp lệ cho style.{name}: {value!r}. "
            f"Giá trị cho phép: {', '.join(repr(a) for a in allowed)}"
        )


def _check_max_decimals(value: object) -> None:
    if isinstance(value, bool) or not isinstance(value, int) or value not in _MAX_DECIMALS_RANGE:
        raise ConfigError(
            f"Giá trị không hợp lệ cho style.max_decimals: {value!r}. "
            f"Giá trị cho phép: số nguyên từ {_MAX_DECIMALS_RANGE.start} "
            f"đến {_MAX_DECIMALS_RANGE.stop - 1}"
        )


DEFAULT_STYLE = Style()
