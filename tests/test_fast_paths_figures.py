"""The cheap checks the figure reader makes before a pattern: each must hold wherever the pattern
matches, so that skipping the pattern where it fails never changes what is read."""

from __future__ import annotations

import re

import regex
from hypothesis import given
from hypothesis import strategies as st

from extract import quantities
from extract.figure_patterns import PER_WORDS, patterns, scan_beyond_bmp
from extract.ruledata import alternation, read_table, units
from extract.unit_match import fit_unit, shadowed, unit_at

# Pieces of figures and what stands around them: numerals, magnitudes, approximation words,
# range joiners and (含), blanks, measure words, and the unit and exception words of the tables.
_figure_pieces = st.one_of(
    st.sampled_from([
        "10", "5", "3.5", "1,200", "一", "三", "两", "十", "百", "千", "万", "亿", "萬", "兆", "余", "多", "几", "来",
        "个", "個", "至", "到", "-", "—", "——", "～", "~", "(含)", "（含）", "(", "（", ")", " ", "\t", "\u3000",
        "之", "次", "成", "约", "以上", "，", "。", "全市", "人民群众", "省市场", "件次之",
    ]),
    st.sampled_from(sorted(units())),
    st.sampled_from(sorted(r["word"] for r in read_table("unit_exceptions.tsv"))),
)
_texts = st.lists(_figure_pieces, max_size=14).map("".join)


@given(_texts)
def test_range_connector_begins_only_with_a_blank_bracket_or_joiner(text: str) -> None:
    p = patterns()
    for i in range(len(text) + 1):
        if p.range_connector.match(text, i):
            assert text[i : i + 1] in p.range_first


@given(_texts)
def test_the_tail_after_a_numeral_is_empty_unless_a_scale_or_infix_begins_it(text: str) -> None:
    p = patterns()
    for i in range(len(text) + 1):
        tail = p.tail.match(text, i)
        if tail.group():
            assert text[i : i + 1] in p.tail_first


@given(_texts)
def test_every_beginning_of_an_unit_exception_match_is_a_known_head(text: str) -> None:
    p = patterns()
    for i in range(len(text) + 1):
        if exc := p.unit_exception.match(text, i):
            for k in range(i + 2, exc.end() + 1):
                assert text[i:k] in p.unit_exception_heads


@given(_texts)
def test_measure_words_and_blanks_are_looked_for_only_where_they_begin(text: str) -> None:
    for i in range(len(text) + 1):
        if quantities._MEASURE_BEFORE_SCALE.match(text, i):
            assert text[i : i + 1] in quantities._MEASURE_CHARS
        if quantities._SPACES.match(text, i):
            assert text[i : i + 1] in quantities._BLANK_CHARS


def _plain_unit_at(text: str, pos: int) -> re.Match[str] | None:
    """unit_at with every exception word tried at every inner position (no look at the heads first)."""
    p = patterns()
    unit_m = p.unit_at.match(text, pos)
    while unit_m is not None and len(unit_m.group()) > 1:
        end = unit_m.end()
        cut = next((k for k in range(pos + 1, end) if (exc := p.unit_exception.match(text, k)) and exc.end() > end), None)
        if cut is None:
            break
        unit_m = p.unit_at.match(text, pos, cut)
    return unit_m


@given(_texts)
def test_unit_reading_from_a_match_already_made_matches_the_plain_reading(text: str) -> None:
    p = patterns()
    for i in range(len(text) + 1):
        fitted = fit_unit(text, p.unit_at.match(text, i), p)
        plain = _plain_unit_at(text, i)
        assert (fitted and fitted.span()) == (plain and plain.span())
        found = unit_at(text, i, p)
        assert (found and found.span()) == (plain and plain.span())
        if plain:
            exc = p.unit_exception.match(text, plain.start())
            assert shadowed(text, plain, p) == (bool(exc) and exc.end() > plain.end())


_scan_pieces = st.one_of(_figure_pieces, st.sampled_from([
    "分之", "百分之", "千分之", "十万分之", "三分之一", "5分之2", "廿", "〇", "Ｏ", "兆", "点", "點", ",", ".", "٣", "５",
]))
# Digits beyond the BMP, some of which only regex reads as \d (its Unicode tables are newer).
_beyond_bmp_pieces = st.sampled_from(["\U00010d40", "\U00011f52", "\U0001e4f3", "\U0001d7d8", "\U000104a3"])


def _plain_scan() -> regex.Pattern[str]:
    """The scan as written before it had its lookahead and ran on re: numerals, fractions and
    per-words (百分之) read with p.number_at's pattern, on regex."""
    number = patterns().number_at.pattern
    return regex.compile(
        rf"(?P<pct>(?P<pct_word>{alternation(PER_WORDS)})(?P<pct_num>{number}))"
        rf"|(?P<num>{number})(?P<frac>分之(?P<numer>{number}))?"
    )


def _scan_matches(scan: re.Pattern[str] | regex.Pattern[str], text: str) -> list[tuple]:
    return [(m.span(), m.groups(), m.lastgroup) for m in scan.finditer(text)]


@given(st.lists(_scan_pieces, max_size=14).map("".join))
def test_the_scan_on_re_finds_what_the_plain_scan_finds(text: str) -> None:
    assert _scan_matches(patterns().scan, text) == _scan_matches(_plain_scan(), text)


@given(st.lists(st.one_of(_scan_pieces, _beyond_bmp_pieces), max_size=14).map("".join))
def test_the_scan_on_regex_finds_what_the_plain_scan_finds(text: str) -> None:
    assert _scan_matches(scan_beyond_bmp(), text) == _scan_matches(_plain_scan(), text)


def test_re_and_regex_read_digits_alike_within_the_bmp() -> None:
    # (why the scan may run on re wherever the text has no character beyond the BMP)
    bmp = "".join(map(chr, range(0x10000)))
    assert re.findall(r"\d", bmp) == regex.findall(r"\d", bmp)
    assert quantities._BEYOND_BMP.search(bmp) is None
    assert quantities._BEYOND_BMP.search("\U00010000") and quantities._BEYOND_BMP.search("\U0010ffff")


@given(st.lists(_scan_pieces, max_size=14).map("".join))
def test_the_last_group_of_a_scan_match_names_its_form(text: str) -> None:
    for m in patterns().scan.finditer(text):
        form = "pct" if m.group("pct") else "frac" if m.group("frac") else "num"
        assert m.lastgroup == form
        if form == "num":
            assert m.group("num") == m.group()


_half_pieces = st.sampled_from(["半", "半数", "一半", "近", "过", "超过", "超", "以上", "左右", "多", "年", "一", "占", "的", "，", "5", "%"])


@given(st.lists(_half_pieces, max_size=20).map("".join))
def test_halves_tried_near_each_half_match_a_full_scan(text: str) -> None:
    from extract import word_figures
    fast = [(m.span(), m.groups()) for m in word_figures.half_matches(text)]
    assert fast == [(m.span(), m.groups()) for m in word_figures._HALF.finditer(text)]


_table_pieces = st.sampled_from([" ", "\t", "  ", "\u3000", "领域", "立案（件）", "1286", "1852.47", "食品安全", "，", "\n", "a"])


@given(st.lists(_table_pieces, max_size=20).map("".join), st.integers(0, 30), st.integers(0, 60))
def test_table_rows_are_looked_for_only_where_a_cell_gap_may_stand(text: str, start: int, end: int) -> None:
    from extract import tables
    if tables._CELL_GAP.search(text, start, end):
        assert tables._may_hold_gap(text, start, end)
