"""The subject and agency passes' cheap checks and shortcuts must find exactly what the plain
patterns and loops find (the plain versions are kept here, as they were written before)."""

from __future__ import annotations

from types import SimpleNamespace

from hypothesis import given
from hypothesis import strategies as st

from extract.meaning import subject_reader
from extract.meaning.subject_names import Gazetteer, Name, gazetteer
from extract.meaning.subject_reader import Reader

# Pieces of clause openings: places, bodies, zones, firms, institutions, county-level cities, the
# words of subject_words.tsv, generic words ending like names, openers, punctuation, digits, spaces.
_name_pieces = st.sampled_from([
    "青岛", "青岛市", "广东", "广东省", "济南市", "黄岛区", "义乌市", "胶州市", "德国", "日本", "美国",
    "公安局", "海关", "法院", "人民法院", "市场监管局", "高新区", "开发区", "经济技术开发区", "区", "县", "市",
    "公司", "有限公司", "集团", "中心", "大学", "研究所", "全市", "该市", "我省", "全国", "外国人", "以上", "合计",
    "示范区", "上市公司", "地区", "城市", "各", "国家", "某某", "其中", "另外", "近日", "截至", "组织", "的",
    "专利", "申请", "受理", "深圳湾", "鄂州", "，", "。", "、", "和", "（", "）", ":", " ", "\n", "5", "2021年",
    "4.1万件", "为", "以",
])
_clauses = st.lists(_name_pieces, max_size=30).map("".join)


def _reader(text: str) -> Reader:
    return Reader(SimpleNamespace(text=text, region="青岛市", d_starts=[]))  # type: ignore[arg-type]


def _plain_is_generic(word: str, suffix_len: int, g: Gazetteer) -> bool:
    return any(word.endswith(w) and len(w) > suffix_len for w in g.not_a_name) or word in g.not_a_name


class _PlainReader(Reader):
    """name_at as first written: the name's span first, then the suffix within it."""

    def name_at(self, pos: int, figure: int | None = None, in_list: bool = False) -> Name | None:
        text, g = self.text, self.g
        span = subject_reader._NAME_SPAN.match(text, pos)
        if span is None:
            return None
        stop = span.end()
        in_tables = text[pos : pos + 2] in g.longest_from
        if not in_tables and g.any_end.search(text, pos + 1, stop) is None:
            return None
        word = subject_reader.longest_word(text, pos, g.words) if in_tables else None
        if word is not None:
            named = self._word_name(pos, word)
            if named is not None:
                return named
        candidates = (self._table_names(pos) if in_tables else []) + self._pattern_names(pos, stop)
        if not candidates:
            return None
        return self._accept(max(candidates, key=lambda n: n.end), figure, in_list)


@given(_clauses)
def test_names_are_read_as_the_plain_reader_reads_them(text: str) -> None:
    fast, plain = _reader(text), _PlainReader(_reader(text).ix)
    for pos in range(len(text) + 1):
        for in_list in (False, True):
            assert fast.name_at(pos, len(text), in_list) == plain.name_at(pos, len(text), in_list)


@given(st.lists(_name_pieces, min_size=1, max_size=6).map("".join), st.integers(min_value=0, max_value=3))
def test_generic_words_are_found_by_their_endings(word: str, suffix_len: int) -> None:
    g = gazetteer()
    assert subject_reader._is_generic(word, suffix_len, g) == _plain_is_generic(word, suffix_len, g)
