"""Scans that skip ahead to an anchor must find exactly what the plain scan finds."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from extract import dates, docrefs, textforms

# Pieces of text around 文号: issuers of many lengths, years in brackets of every kind, spaces.
_pieces = st.sampled_from([
    "根据", "依据", "印发", "青政发", "鲁知保发", "国务院办公厅关于", "市", "，", "。", "《", "》", " ",
    "\n", "〔2021〕", "[2019]", "（2022）", "【2020】", "(1998)", "〔 2023 〕", "5号", "第12号",
    " 3 号", "号", "12", "文件", "A", "知识产权局", "2021",
])


@given(st.lists(_pieces, max_size=40).map("".join))
def test_standalone_document_numbers_match_a_full_scan(text: str) -> None:
    doc_number, _, year_bracket = docrefs._patterns()
    fast = [m.span() for m in docrefs._standalone_numbers(text, doc_number, year_bracket)]
    assert fast == [m.span() for m in doc_number.finditer(text)]


# Pieces of dated prose: years and months in digits and numerals, spans, quarters, plans, the
# words around them, clause punctuation and spaces.
_date_pieces = st.sampled_from([
    "2021年", "2021", "年", "二〇二三年", "民国112年", "7月", "15日", "至", "-", " ", "\t", "底", "末",
    "截至", "自", "以来", "一季度", "第一季", "前三季度", "上半年", "年末", "比上年末", "今年", "“十四五”",
    "十四五", "期间", "，", "。", "；", "、", "（", "）", "\n", "全市", "受理", "5件", "11", "份", "度",
])


@given(st.lists(_date_pieces, max_size=40).map("".join))
def test_clause_by_clause_date_scan_matches_a_full_scan(text: str) -> None:
    for roc in (False, True):
        pattern = dates._pattern(roc)
        fast = [(m.span(), m.group()) for m in dates._date_matches(text, pattern)]
        assert fast == [(m.span(), m.group()) for m in pattern.finditer(text)]


# Punctuation, brackets, ASCII commas before digit runs of every length, and 年.
_break_pieces = st.sampled_from([
    "，", ",", "。", "；", ";", "：", "！", "？", "\n", "（", "）", "(", ")", "1", "12", "123", "1234", "年", "件",
    "全市", " ", "、",
])


@given(st.lists(_break_pieces, max_size=40).map("".join))
def test_phrase_break_positions_match_the_pattern(text: str) -> None:
    assert textforms.phrase_break_positions(text) == [m.start() for m in textforms.PHRASE_CLAUSE_BREAK_AT.finditer(text)]
