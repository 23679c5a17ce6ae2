"""Scans that skip ahead to an anchor must find exactly what the plain scan finds."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from extract import docrefs

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
