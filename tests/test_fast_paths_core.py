"""Faster paths in the core stages must give exactly what the plain code gives."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from extract import repair

# Lines of a PDF export: text, blanks of every kind, page breaks, empty lines, a final break or none.
_line_pieces = st.sampled_from([
    "\n", "\n\n", " ", "  ", "\u3000", "\t", "\f", "\v", "\u00a0", "\ufeff", "全市", "受理案件", "。", "12", "\u2028", "x",
])


@given(st.lists(_line_pieces, max_size=40).map("".join))
def test_lines_split_on_newlines_match_the_line_pattern(text: str) -> None:
    assert repair._split_on_newlines(text) == repair._split_on_any_line_break(text)


# Heading numbers of every style, and what stands beside them in a paper.
_heading_pieces = st.sampled_from([
    "三、", "壹、", "（一）", "(2)", "3.1", "1.", "2、", "１．", "٣.", "十二、", "（", "）", "一", "、", " ", "\u3000",
    "全市", "受理", "5万", "件", "%", "\n", "²", "Ⅱ", "，",
])


@given(st.lists(_heading_pieces, max_size=12).map("".join), st.integers(min_value=0, max_value=40))
def test_headings_are_tried_only_where_one_can_open(text: str, start: int) -> None:
    from extract.ruledata import _HEADING_FIRST, heading_pattern

    start = min(start, len(text))
    if heading_pattern().match(text, start) is not None:
        first = text[start]
        assert first in _HEADING_FIRST or first.isdigit()


_cell_pieces = st.sampled_from(["专利", "12", "  ", " ", "\t", "\u3000\u3000", "：", ":", "批次", "，", "。", "2863"])


@given(st.lists(_cell_pieces, max_size=12).map("".join))
def test_table_and_label_lines_hold_their_marks(line: str) -> None:
    if repair._TABLE_LINE.fullmatch(line) is not None:
        assert any(ch in line for ch in repair._CELL_BLANKS)
    if repair._LABEL_LINE.fullmatch(line) is not None:
        assert any(ch in line for ch in repair._LABEL_COLONS)


def _closing_by_walking(text: str, open_at: int, limit: int = 200) -> int | None:
    depth = 0
    for i in range(open_at, min(len(text), open_at + limit)):
        if text[i] == "《":
            depth += 1
        elif text[i] == "》":
            depth -= 1
            if depth == 0:
                return i
        elif text[i] == "\n":
            return None
    return None


_title_pieces = st.sampled_from(["《", "》", "\n", "青岛市", "条例", "<", ">", "（", "）", "2021", "、"])


@given(st.lists(_title_pieces, max_size=30).map("".join), st.integers(min_value=1, max_value=60))
def test_a_titles_close_is_found_as_by_walking_the_text(body: str, limit: int) -> None:
    from extract.docrefs import _closing

    text = "根据《" + body
    assert _closing(text, 2, limit) == _closing_by_walking(text, 2, limit)
