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
