"""The meaning layer's faster scans and cheap checks must find exactly what the plain pattern
or loop finds (the house style of tests/test_fast_paths.py: texts generated from pieces)."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from extract.meaning import index, parts, words

# Brackets of both widths, inline brackets (（助理）, (quán)), line ends, full stops, the
# relative-year words and their longer forms, Han and Latin letters, digits and spaces.
_bracket_pieces = st.sampled_from([
    "（", "）", "(", ")", "\n", "。", "，", "、", "执业", "助理", "医师", "R&D", "quán", "侵權", "中", " ", "\t", "1",
    "23", "件", "今年", "去年", "上年度", "本年度", "前年", "年", "上", "本", "比", "其中", "a",
])
_bracket_texts = st.lists(_bracket_pieces, max_size=40).map("".join)


@given(_bracket_texts)
def test_relative_year_words_are_found_word_by_word(text: str) -> None:
    found = sorted({at for word in words.YEAR_OFFSETS for at in index.positions(text, word)})
    assert found == [m.start() for m in words.RELATIVE_YEAR_WORD.finditer(text, overlapped=True)]


@given(_bracket_texts)
def test_bracket_positions_are_every_bracket(text: str) -> None:
    assert index.bracket_positions(text) == [at for at, ch in enumerate(text) if ch in "（()）"]


@given(_bracket_texts)
def test_inline_brackets_tried_at_opening_brackets_match_a_full_scan(text: str) -> None:
    expected: set[int] = set()
    for m in words.INLINE_BRACKET.finditer(text):
        expected.update((m.start(), m.end() - 1))
    assert index.inline_brackets(text, index.bracket_positions(text)) == expected


def _depths_by_every_mark(text: str, starts: list[int]) -> list[int]:
    """The plain reading: every bracket and line end in order."""
    depths: list[int] = []
    depth = 0
    marks = words.BRACKET_OR_BREAK.finditer(text)
    mark = next(marks, None)
    for start in starts:
        while mark is not None and mark.start() < start:
            ch = mark.group()
            if ch in "（(":
                depth += 1
            elif ch in "）)":
                depth = max(0, depth - 1)
            else:
                depth = 0
            mark = next(marks, None)
        depths.append(depth)
    return depths


@given(_bracket_texts, st.lists(st.integers(min_value=0, max_value=200), max_size=12))
def test_bracket_depths_read_bracket_by_bracket_match_every_mark(text: str, raw_starts: list[int]) -> None:
    starts = sorted(s for s in raw_starts if s < len(text))
    expected = _depths_by_every_mark(text, starts)
    assert index.bracket_depths(text, index.bracket_positions(text), starts) == expected


def test_a_figure_on_a_bracket_stands_before_it() -> None:
    assert index.bracket_depths("（a（b\nc", index.bracket_positions("（a（b\nc"), [0, 1, 2, 3, 5]) == [0, 1, 1, 2, 0]


def _open_bracket_by_characters(text: str, pos: int) -> str | None:
    depth = 0
    for j in range(pos - 1, max(-1, pos - 200), -1):
        ch = text[j]
        if ch in "）)":
            depth += 1
        elif ch in "（(":
            if depth == 0:
                return ch
            depth -= 1
        elif ch in "。\n":
            return None
    return None


@given(st.lists(_bracket_pieces, max_size=120).map("".join), st.integers(min_value=0, max_value=400))
def test_open_bracket_before_reads_only_brackets(text: str, pos: int) -> None:
    pos = min(pos, len(text))
    assert index.open_bracket_before(text, index.bracket_positions(text), pos) == _open_bracket_by_characters(text, pos)


# --- parts ------------------------------------------------------------------------------------
_parts_pieces = st.sampled_from([
    "中", "，", ",", "。", "；", ";", "\n", "其中", "仲裁员", "选聘的", "1316名", "按", "从", "分", "看", "经营地",
    " ", "\u3000", "\t", "在", "民事案件", "、",
])
_parts_texts = st.lists(_parts_pieces, max_size=30).map("".join)


@given(_parts_texts)
def test_among_is_tried_only_where_its_word_is_near(text: str) -> None:
    if words.AMONG.match(text):
        assert text.find(words.AMONG_WORD, 0, words.AMONG_REACH + 1) != -1


@given(_parts_texts)
def test_breakdown_openings_as_a_set_are_may_open(text: str) -> None:
    for st_ in range(len(text) + 1):
        assert (text[st_ : st_ + 1] in parts._BREAKDOWN_OPENS) == parts._may_open(text, st_, words.BREAKDOWN_FIRST)


_mark_pieces = st.sampled_from([
    "其中", "当中", "其", "中", "当", "，", ",", "；", ";", "。", "\n", "按", "从", "分", "看", "来看", "划分", "经营地", "活动类型",
    "城镇", "12件", "、", " ",
])


@given(st.lists(_mark_pieces, max_size=30).map("".join))
def test_among_marks_found_word_by_word_match_a_full_scan(text: str) -> None:
    assert parts.among_marks(text) == [m.start() for m in parts.AMONG_MARK.finditer(text)]


@given(st.lists(_mark_pieces, max_size=30).map("".join))
def test_mid_sentence_breakdowns_tried_after_a_comma_match_a_full_scan(text: str) -> None:
    found = [m.span() for m in parts.mid_sentence_breakdowns(text)]
    assert found == [m.span() for m in parts.MID_SENTENCE_BREAKDOWN.finditer(text)]


def _clause_chain_start_by_characters(text: str, marker: int) -> int:
    start = marker
    while start > 0 and marker - start < 600 and text[start - 1] not in "。；;\n":
        start -= 1
    return start


@given(st.lists(_parts_pieces, max_size=400).map("".join), st.integers(min_value=0, max_value=1200))
def test_clause_chain_start_found_by_rfind(text: str, marker: int) -> None:
    marker = min(marker, len(text))
    assert parts._clause_chain_start(text, marker) == _clause_chain_start_by_characters(text, marker)


# --- phrases ----------------------------------------------------------------------------------
_phrase_pieces = st.sampled_from([
    "全市", "共", "共有", "共计", "将", "力争", "公共", "受理", "申请", "的", "等", "、", "业务", "商标", "案件", "企业",
    "专用标志", "销售", "罪", "，", "2021年", "5", " ", "A", "即将", "将军",
])
_phrases = st.lists(_phrase_pieces, max_size=14).map("".join)


@given(_phrases)
def test_checks_before_phrase_patterns_never_skip_a_match(phrase: str) -> None:
    if words.SUBJECT_GONG.match(phrase):
        assert words.SUBJECT_GONG_START.search(phrase, 1, 13)
    if words.OF_CUT.match(phrase):
        assert words.OF_CUT_MARK.search(phrase)


# The noun after a figure: Han words, 国家和地区, ages and rankings (30岁以下, 百强), marks, the
# verbs that end it, digits, Latin letters and quotes.
_noun_pieces = st.sampled_from([
    "技术", "调查官", "国家", "和", "地区", "国家和地区", "的", "企业", "30", "岁", "歲", "以下", "以上", "百", "强", "5",
    "，", "。", "、", "：", "（", ")", "中", "中，", "被", "认定", "为", "担任", "参", "参加", "新获", "获批", "承担", "A", "b",
    "“", "”", " ", "与", "及",
])
# FOLLOWING_NOUN as it was written before its end got a cheap first check
_FOLLOWING_NOUN_AS_WRITTEN = (
    r"(?:国家和地区|\d+[岁歲](?:以下|以上)|[\p{Han}A-Za-z“”‘’]|\d+强){1,14}?(?=[，。；、：,;:（）()和与及的]|\d(?!\d*(?:强|[岁歲]))|中[，,]|被|为|是|在|向|对|担任|参加|入选|进行|"
    r"提供|新获|获|发放|开展|实施|参与|作为|通过|联合|制定|印发|下发|出台|签署|发布|申报|获批|完成|实现|"
    r"成为|建立|设立|举办|具有|具备|拥有|享有|负责|承担|$)"
)


@given(st.lists(_noun_pieces, max_size=16).map("".join))
def test_following_noun_with_its_end_checked_first_matches_the_plain_pattern(text: str) -> None:
    import regex

    plain = regex.compile(f"{words.FOLLOWING_NOUN_UNIT}{{1,14}}?{words.NOUN_END}")
    as_written = regex.compile(_FOLLOWING_NOUN_AS_WRITTEN)
    for pos in range(len(text) + 1):
        found = words.FOLLOWING_NOUN.match(text, pos)
        span = found.span() if found else None
        for other in (plain, as_written):
            expected = other.match(text, pos)
            assert span == (expected.span() if expected else None)


_base_pieces = st.sampled_from(["较", "比", "2020年", "2021年", "去年", "上年", "同期", "底", "末", "的", "增长", "38.7万件", "，", "与"])


@given(st.lists(_base_pieces, max_size=8).map("".join))
def test_baselines_are_looked_for_only_after_a_base_word(text: str) -> None:
    from extract.meaning import relations
    if words.BASELINE.search(text) or relations.LAST_YEARS_BASE.search(text):
        assert words.BASE_MARK.search(text)


# --- period rules: each is tried only where what it needs is met -------------------------------
# Sentences built as papers write them: a date or frame, a subject, words of stock, flow or
# running total, a verb, a figure.
_period_sentence = st.tuples(
    st.sampled_from(["", "2021年，", "2023年", "截至2021年底，", "截至3月底，", "2018年以来，", "2023年以来，截至11月底，",
                     "2021年至2023年，", "2021—2023年，", "年末", "2022年末，", "上半年，", "近三年来，", "去年", "今年以来，",
                     "全年", "年内", "二〇二三年一季度，", "“十四五”期间，", "成立以来，"]),
    st.sampled_from(["", "全市", "全县共有", "市知识产权局", "其中，", "，", "全年", "当年"]),
    st.sampled_from(["", "累计", "共", "合计", "三年累计", "年内累计", "新增", "有效", "拥有", "新组建"]),
    st.sampled_from(["受理案件", "发明专利", "注册商标", "机构", "工程技术研究中心", "投入", "总量", "人口", "专利授权"]),
    st.sampled_from(["", "达到", "达", "为", "共有", "创2014年以来最高，"]),
    st.sampled_from(["120件", "5.2万件", "45家", "12个", "3亿元", "15%", "1545个"]),
    st.sampled_from(["。", "，", "；", "，同比增长5%。", "\n"]),
).map("".join)
_period_texts = st.lists(_period_sentence, min_size=1, max_size=6).map("".join)


def _rules_met_and_applying(texts: list[str]) -> list[tuple[set[str], set[str]]]:
    """For every figure of the texts: the rules its needs allow, and the rules that apply."""
    from unittest import mock

    from extract import extract_text
    from extract.meaning import period

    seen: list[tuple[set[str], set[str]]] = []
    plain = period.rules_for

    def recording(context: period.PeriodContext) -> tuple[period.PeriodRule, ...]:
        allowed = plain(context)
        applying = {declared.name for declared, apply in period.PERIOD_RULES if apply(context) is not None}
        seen.append(({declared.name for declared, _ in allowed}, applying))
        return allowed

    with mock.patch.object(period, "rules_for", recording):
        for text in texts:
            extract_text(text)
    return seen


@settings(deadline=None)  # (the first texts load the segmenter and the tables)
@given(_period_texts)
def test_period_rules_apply_only_where_their_needs_are_met(text: str) -> None:
    for allowed, applying in _rules_met_and_applying([text]):
        assert applying <= allowed


def test_period_rules_apply_only_where_their_needs_are_met_in_the_bundled_papers() -> None:
    from pathlib import Path

    papers = sorted((Path(__file__).resolve().parents[1] / "corpus").glob("*.txt"))
    seen = _rules_met_and_applying([paper.read_text(encoding="utf-8") for paper in papers])
    assert len(seen) > 200
    for allowed, applying in seen:
        assert applying <= allowed
