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


@given(st.lists(_break_pieces, max_size=40).map("".join), st.integers(min_value=0, max_value=120))
def test_figure_break_positions_match_the_pattern(text: str, end: int) -> None:
    expected = [m.start() for m in textforms.FIGURE_CLAUSE_BREAK_AT.finditer(text, 0, end)]
    assert textforms.figure_break_positions(text, end) == expected


# --- cheap checks run before a pattern: each must hold wherever the pattern matches ----------
_phrase_pieces = st.sampled_from([
    "全市", "共", "共有", "将", "力争", "受理", "申请", "分别为", "分别达到", "分别是", "和", "、", "：", ":", " ", "\t",
    "约", "近", "超过", "同比", "增长", "下降", "了", "分别", "由", "从", "最初", "上年", "的", "市公安局", "支队",
    "海关", "警方", "法院", "委员会", "办公室", "专利", "案件", "，", "。", "中", "在", "按", "看", "2021年", "5",
])
_phrases = st.lists(_phrase_pieces, max_size=12).map("".join)


@given(_phrases)
def test_checks_before_phrase_patterns_never_skip_a_match(phrase: str) -> None:
    from extract.meaning import keys, metric, parts, words
    if words.LABEL_COLON.search(phrase):
        assert metric._ends_in_colon(phrase)
    if words.LISTED_NAMES.search(phrase):
        assert phrase.endswith(words.RESPECTIVELY_ENDINGS)
    if words.SUBJECT_GONG.match(phrase):
        assert any(ch in phrase[1:13] for ch in words.SUBJECT_GONG_STARTS)
    if keys.BODY_OPENING.match(phrase):
        assert keys._BODY_ENDING.search(phrase)
    if words.words().change_end.search(phrase):
        assert phrase[-1:] in words.words().change_end_last
    if words.FROM_TO.search(phrase):
        assert phrase[-1:] in words.FROM_TO_LAST
    if words.UNKNOWN_BODY_OPENING.match(phrase):
        assert words.BODY_LAST_CHAR.search(phrase, 0, words.UNKNOWN_BODY_REACH)
    if words.AMONG_NAMED.match(phrase):
        assert parts._may_name_a_whole(phrase, 0)
    if words.BREAKDOWN_OPENER.match(phrase):
        assert parts._may_open(phrase, 0, words.BREAKDOWN_FIRST)


_line_pieces = st.sampled_from(["1", "23", "456", " ", "\u3000", "\u00a0", "(", "（", "diǎn", ")", "）", "一", "百",
                                "点", "万", "件", "，", "%", "."])


@given(st.lists(_line_pieces, max_size=20).map("".join))
def test_lines_without_a_space_or_bracket_have_nothing_to_drop(line: str) -> None:
    from extract import repair
    note, spaced = repair._numeral_drops()
    if repair._DROP_MARK.search(line) is None:
        assert not any(p.search(line) for p in (repair._NUMBER_SPACE, note, spaced))


_group_pieces = st.sampled_from(["全国", "全省", "我市", "各级", "两级", "湖北", "内蒙古", "人民法院", "法院", "海关", "公安机关",
                                 "警方", "检察机关", "共", "查获", "，", "受理", "的"])


@given(st.lists(_group_pieces, max_size=10).map("".join))
def test_collective_bodies_are_looked_for_only_where_a_body_word_is(text: str) -> None:
    from extract.meaning import sources
    c = sources._collective()
    if c.pattern.match(text):
        assert c.body.search(text, 0, min(len(text), c.reach))


@given(_phrases)
def test_subunits_are_looked_for_only_where_a_unit_word_is(text: str) -> None:
    from extract import agencies
    if agencies._SUBUNIT.match(text):
        assert agencies._SUBUNIT_END.search(text, 0, agencies._SUBUNIT_REACH)
