"""Properties of the number normaliser, with cn2an as the independent oracle for Chinese forms."""

from __future__ import annotations

from decimal import Decimal

import cn2an
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from extract.numerals import normalize, parse_fraction, parse_numeral, parse_ordinal
from extract.quantities import find_quantities

# cn2an writes integers up to 16 digits (九千九百九十九万……亿……).
integers = st.integers(min_value=0, max_value=10**16 - 1)
numeral_chars = st.text(alphabet="零〇一二两三四五六七八九十百千万亿壹贰叁肆伍陆柒捌玖拾佰仟萬億兩點点0123456789.,", max_size=20)


@given(integers)
def test_chinese_integers_agree_with_cn2an(n: int) -> None:
    assert parse_numeral(cn2an.an2cn(n, "low")) == n


@given(integers)
def test_financial_integers_agree_with_cn2an(n: int) -> None:
    assert parse_numeral(cn2an.an2cn(n, "up")) == n


@given(integers)
def test_traditional_magnitudes_read_the_same(n: int) -> None:
    written = cn2an.an2cn(n, "low").replace("万", "萬").replace("亿", "億")
    assert parse_numeral(written) == n


@given(st.decimals(min_value=0, max_value=10**8, places=4, allow_nan=False, allow_infinity=False))
def test_chinese_decimals_agree_with_cn2an(d: Decimal) -> None:
    written = cn2an.an2cn(f"{d:f}", "low")
    assert parse_numeral(written) == d


@given(st.integers(min_value=0, max_value=10**12))
def test_arabic_with_thousands_separators(n: int) -> None:
    assert parse_numeral(f"{n:,}") == n
    assert parse_numeral(str(n)) == n


@given(st.decimals(min_value=0, max_value=10**9, places=4, allow_nan=False, allow_infinity=False))
def test_wan_and_yi_scaling_is_exact(d: Decimal) -> None:
    text = f"{d:f}"
    assert parse_numeral(text + "万") == d * 10000
    assert parse_numeral(text + "亿") == d * 100000000
    assert parse_numeral(text + "万亿") == d * 1000000000000


@given(st.decimals(min_value=0, max_value=10**6, places=2, allow_nan=False, allow_infinity=False))
def test_results_never_carry_float_artefacts(d: Decimal) -> None:
    value = parse_numeral(f"{d:f}万")
    assert value is not None
    assert "E" not in str(value) and "e" not in str(value)
    assert value == value.normalize() or value == value.to_integral_value()


@given(st.text(max_size=40))
def test_parse_numeral_never_raises(text: str) -> None:
    result = parse_numeral(text)
    assert result is None or isinstance(result, Decimal)


@given(numeral_chars)
def test_parse_numeral_never_raises_on_numeral_soup(text: str) -> None:
    result = parse_numeral(text)
    assert result is None or isinstance(result, Decimal)


@given(st.text(max_size=30), st.text(max_size=30))
def test_parse_fraction_never_raises(den: str, num: str) -> None:
    result = parse_fraction(den, num)
    assert result is None or isinstance(result, Decimal)


@given(st.integers(min_value=1, max_value=10**6))
def test_ordinals_read_both_scripts(n: int) -> None:
    assert parse_ordinal(f"第{n}") == n
    assert parse_ordinal("第" + cn2an.an2cn(n, "low")) == n


@settings(max_examples=300)
@given(st.text(alphabet=st.sampled_from(list("0123456789.,%万亿千百十一二三四五两余多近约超过以上左右至到-件元人家次名个成倍分之同比增长下降占比率第届年月日“”《》，。；\n ")), max_size=60))
def test_find_quantities_never_raises_and_stays_in_bounds(text: str) -> None:
    for hit in find_quantities(text, bytearray(len(text) + 1)):
        assert 0 <= hit.start < hit.end <= len(text)
        assert hit.value is None or isinstance(hit.value, Decimal)


@given(st.text(max_size=60))
def test_find_quantities_never_raises_on_any_text(text: str) -> None:
    for hit in find_quantities(text, bytearray(len(text) + 1)):
        assert 0 <= hit.start < hit.end <= len(text)


@pytest.mark.parametrize(
    ("den", "num", "expected"),
    [("三", "一", "0.3333333333"), ("3", "1", "0.3333333333"), ("五", "一", "0.2"), ("一千", "一", "0.001"), ("四", "三", "0.75")],
)
def test_fractions(den: str, num: str, expected: str) -> None:
    assert parse_fraction(den, num) == Decimal(expected)


def test_fraction_by_zero_is_none() -> None:
    assert parse_fraction("零", "一") is None


def test_normalize_keeps_plain_notation() -> None:
    assert str(normalize(Decimal("3666700.00"))) == "3666700"
    assert str(normalize(Decimal("1E+3"))) == "1000"
    assert str(normalize(Decimal("0.50"))) == "0.5"
