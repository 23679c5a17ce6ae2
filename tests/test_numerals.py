"""Properties of the number normaliser, with cn2an as the independent oracle for Chinese forms."""

from __future__ import annotations

from decimal import Decimal

import cn2an
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from extract.numerals import normalize, parse_fraction, parse_numeral, parse_ordinal
from extract.quantities import find_quantities
from extract.whole_numerals import WORD_BEFORE_ONE as _WORD_BEFORE_ONE

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


# --- Exact or absent ---------------------------------------------------------------------------
# A numeral written in any form papers use, with random text around it, gives either a figure
# with exactly its value (signed, when a minus or a fall word stands before it; as either end of
# a range) or no value at all: never a value read from a piece of it.

_FULL_WIDTH = str.maketrans("0123456789,", "０１２３４５６７８９，")
# Text around the numeral: report words, punctuation, range joiners, approximation words and
# brackets, but no numeral character or digit (those would make a longer, different numeral).
_AROUND = st.text(
    alphabet=st.sampled_from(list("全年共受理审结涉及企业合同金额元件家名人次项个省市会员领域从至到近约超过逾余多以上左右第数几负，。；、（）()《》“”-—~ 　ABCdiǎn\n,.·点个")),
    max_size=12,
)


def _written(n: int, form: str) -> str:
    if form == "arabic":
        return str(n)
    if form == "thousands":
        return f"{n:,}"
    if form == "full_width":
        return f"{n:,}".translate(_FULL_WIDTH)
    if form == "ideographic_comma":  # ASCII digits, full-width comma between thousands
        return f"{n:,}".replace(",", "，")
    if form == "chinese":
        return cn2an.an2cn(n, "low")
    if form == "tens_digit":  # 一百廿三: 廿/卅/卌 for 二十/三十/四十
        return cn2an.an2cn(n, "low").replace("二十", "廿").replace("三十", "卅").replace("四十", "卌")
    if form == "financial":
        return cn2an.an2cn(n, "up")
    if form == "financial_variants":  # 参/參, 弍, 萬/億 as other papers write them
        return cn2an.an2cn(n, "up").replace("叁", "参").replace("贰", "弍").replace("万", "萬").replace("亿", "億")
    if form == "traditional":
        return cn2an.an2cn(n, "low").replace("万", "萬").replace("亿", "億").replace("两", "兩")
    if form == "wan":  # Arabic with 万
        return f"{normalize(Decimal(n) / 10000)}万"
    if form == "ge_yi":  # 三个亿, where the value allows it
        if n % 10**8 == 0 and 1 <= n // 10**8 <= 9:
            return cn2an.an2cn(n // 10**8, "low") + "个亿"
        return cn2an.an2cn(n, "low")
    if form == "letter_spaced":  # 一 百 五 十: a PDF export's character spacing
        return " ".join(cn2an.an2cn(n, "low"))
    raise AssertionError(form)


_FORMS = ["arabic", "thousands", "full_width", "ideographic_comma", "chinese", "tens_digit", "financial",
          "financial_variants", "traditional", "wan", "ge_yi", "letter_spaced"]


def _exact_or_absent(text: str, start: int, end: int, expected: Decimal) -> None:
    import extract  # the whole pipeline: repair, structure, blocking, quantities

    for r in extract.extract_text(text).records:
        if r.type != "quantity" or r.end <= start or r.start >= end or r.value is None:
            continue
        assert r.start <= start and r.end >= end, f"{text!r}: {r.text!r} reads part of the numeral"
        assert expected in (abs(r.value), abs(r.value_max or 0)), f"{text!r}: {r.text!r} = {r.value}, want {expected}"


@settings(max_examples=300, deadline=None)
@given(st.one_of(st.integers(min_value=0, max_value=10**12), st.integers(min_value=1, max_value=9).map(lambda k: k * 10**8)),
       st.sampled_from(_FORMS), st.sampled_from(["件", "家", "元", "名", "万元"]),
       _AROUND, _AROUND)
def test_numerals_are_read_exactly_or_not_at_all(n: int, form: str, unit: str, prefix: str, suffix: str) -> None:
    numeral = _written(n, form)
    if unit == "万元" and not numeral[-1].isdigit():
        unit = "元"  # 一百亿零一 + 万元 is one numeral, 一百亿零一万, read rightly as such
    text = prefix + numeral + unit + suffix
    expected = Decimal(n) * (10000 if unit == "万元" else 1)
    _exact_or_absent(text, len(prefix), len(prefix) + len(numeral), expected)


@settings(max_examples=200, deadline=None)
@given(st.integers(min_value=0, max_value=9999), st.integers(min_value=1, max_value=99), _AROUND, _AROUND)
def test_decimals_with_notes_are_read_exactly_or_not_at_all(whole: int, fraction: int, prefix: str, suffix: str) -> None:
    value = Decimal(f"{whole}.{fraction:02d}").normalize()
    written = cn2an.an2cn(f"{value:f}", "low")
    numeral = written.replace("点", "點(diǎn)", 1) if "点" in written else written
    text = prefix + numeral + "亿元" + suffix
    _exact_or_absent(text, len(prefix), len(prefix) + len(numeral), normalize(value * 100000000))


@settings(max_examples=200, deadline=None)
@given(st.integers(min_value=1, max_value=8), st.integers(min_value=1, max_value=9), st.sampled_from(["十", "百", "千", "百万", "千万", "百亿", "万", "亿"]),
       st.sampled_from(["至", "到", "-", "—", "——", "~", "〜", "(含)-"]), _AROUND, _AROUND)
def test_ranges_sharing_a_multiplier_are_read_exactly_or_not_at_all(low: int, step: int, scale: str, joiner: str, prefix: str, suffix: str) -> None:
    high = min(low + step, 9)
    lower, upper = cn2an.an2cn(low, "low"), cn2an.an2cn(high, "low")
    numeral = f"{lower}{joiner}{upper}{scale}"
    text = prefix + numeral + "元" + suffix
    factor = parse_numeral("一" + scale)
    assert factor is not None
    import extract

    for r in extract.extract_text(text).records:
        if r.type != "quantity" or r.end <= len(prefix) or r.start >= len(prefix) + len(numeral) or r.value is None:
            continue
        # 统一到3个平台: a 一 that ends a word before it (统一, 同一) is no lower end, and the upper
        # end stands alone
        word_one = low == 1 and prefix[-1:] in _WORD_BEFORE_ONE and prefix[-1:] != "第"
        assert (abs(r.value), abs(r.value_max or 0)) in {(low * factor, high * factor), (high * factor, low * factor)} or (
            low == high and abs(r.value) == low * factor
        ) or (word_one and r.value_max is None and abs(r.value) == high * factor), f"{text!r}: {r.text!r} = {r.value}..{r.value_max}"


@pytest.mark.parametrize("text", ["气温零下5到10℃", "气温零下5至零下3℃"])
def test_ranges_around_zero_degrees_are_unresolved(text: str) -> None:
    hits = find_quantities(text, bytearray(len(text) + 1))
    assert [(h.value, h.value_max, h.unresolved is not None) for h in hits] == [(None, None, True)]
