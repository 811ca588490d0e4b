"""Vietnamese number and date formats, held to Babel's CLDR `vi` data."""

from __future__ import annotations

from datetime import date
from decimal import ROUND_HALF_UP, localcontext

import pytest
from babel.numbers import format_decimal

from generator.formatting import vi_date, vi_number, vi_percent
from generator.site.render import relative_url


@pytest.mark.parametrize("value", [0, 1, 12, 999, 1000, 1234.5, 1234567.891, 0.5, 0.05, 100.0, 74.39, 47705.6,
                                   -1234.5, 12.0004, 1e7])
def test_numbers_match_babel_vi_rounding_half_up(value):
    with localcontext(rounding=ROUND_HALF_UP):
        assert vi_number(value) == format_decimal(value, format="#,##0.###", locale="vi")
        for decimals in (0, 1, 2):
            pattern = "#,##0" + ("." + "0" * decimals if decimals else "")
            assert vi_number(value, decimals) == format_decimal(value, format=pattern, locale="vi")


def test_examples():
    assert vi_number(1234.5) == "1.234,5" and vi_number(0.05, 1) == "0,1" and vi_number(2.5, 0) == "3"
    assert vi_percent(98.62, 2) == "98,62%" and vi_percent(None) == "—"
    assert vi_date(date(2016, 12, 29)) == "29/12/2016"


@pytest.mark.parametrize(("source", "target", "href"), [
    ("index.md", "nhiem-vu/1.1.md", "nhiem-vu/1.1/"),
    ("nhiem-vu/1.1.md", "co-quan/cong-an.md", "../../co-quan/cong-an/"),
    ("nhiem-vu/index.md", "nhiem-vu/2.4.md", "../nhiem-vu/2.4/"),
    ("nhiem-vu/1.1.md", "index.md", "../../"),
    ("index.md", "index.md", "./"),
    ("kh-a/index.md", "tai-ve/tiendo.xlsx", "../tai-ve/tiendo.xlsx"),
])
def test_relative_links_between_pages(source, target, href):
    assert relative_url(source, target) == href
