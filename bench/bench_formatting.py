"""Cost per formatted number and per phrase, in microseconds per call.

A large batch formats hundreds of thousands of figures, so these must stay cheap. Run:

    python bench/bench_formatting.py [--number N]

It also checks that no babel Locale is built while formatting (the ``vi`` locale is parsed
once, when draftgen.formatting is imported).
"""

from __future__ import annotations

import argparse
import timeit
from collections.abc import Callable
from unittest import mock

from babel import Locale

from draftgen import formatting as fmt
from draftgen import phrases as ph
from draftgen.filters import make_filters
from draftgen.model import Fact, Indicator, Kind, Target, TargetKind
from draftgen.style import Style

STYLE = Style()
FILTERS = make_filters(STYLE)
GRDP = Indicator("GRDP_BQ", "GRDP bình quân đầu người", "triệu đồng", "kinh tế", Kind.LEVEL, 1)
FACT_2015 = Fact(30.3, GRDP, "2015")
FACT_2020 = Fact(48.5, GRDP, "2020")
RANGE = Target(TargetKind.RANGE, 30, 35, "30 - 35")

CASES: list[tuple[str, Callable[[], object]]] = [
    ("format_number(1683240)", lambda: fmt.format_number(1683240)),
    ("format_number(34178.9)", lambda: fmt.format_number(34178.9)),
    ("format_number(224.252, decimals=3)", lambda: fmt.format_number(224.252, decimals=3)),
    ("format_percent(7.16)", lambda: fmt.format_percent(7.16)),
    ("format_count(3, unit='nhà máy')", lambda: fmt.format_count(3, unit="nhà máy")),
    ("format_scaled(101.5e12, unit='đồng')", lambda: fmt.format_scaled(101.5e12, unit="đồng")),
    ("format_date('2021-05-06')", lambda: fmt.format_date("2021-05-06")),
    ("change(82, 69.9, since=2015)", lambda: ph.change(82, 69.9, since=2015)),
    ("times(48.5, 30.3, since=2015)", lambda: ph.times(48.5, 30.3, since=2015)),
    (
        "from_to(25.95, 7.89, ...)",
        lambda: ph.from_to(25.95, 7.89, start_period=2015, end_period=2020, unit="%"),
    ),
    ("annual_average(6 values)", lambda: ph.annual_average([100, 106, 112, 119, 126, 134])),
    ("vs_target(34.5, range)", lambda: ph.vs_target(34.5, RANGE, unit="triệu đồng")),
    ("assess(32, range)", lambda: ph.assess(32, RANGE)),
    ("filter qty(Fact)", lambda: FILTERS["qty"](FACT_2020)),
    ("filter change(Fact, Fact)", lambda: FILTERS["change"](FACT_2020, FACT_2015)),
]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--number", type=int, default=3000, help="calls per measurement")
    args = parser.parse_args()

    built = AssertionError("a babel Locale was built during a call")
    with mock.patch.object(Locale, "__init__", side_effect=built):
        for _, call in CASES:
            call()

    width = max(len(name) for name, _ in CASES)
    print(f"{'call':<{width}}  µs/call")
    for name, call in CASES:
        best = min(timeit.repeat(call, number=args.number, repeat=3))
        print(f"{name:<{width}}  {best / args.number * 1e6:7.2f}")


if __name__ == "__main__":
    main()
