"""metric_key: one indicator, one key across papers; different indicators, different keys."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from extract.meaning.keys import key_of, place_name, without_entity_opening
from extract.ruledata import read_table

# Characters of metric phrases, framing and scope words, places and brackets, so that random
# strings hit the rules rather than only falling through them.
ALPHABET = "".join(sorted(set("全市省国我新增累计共受理完成预计实现申请授权登记注册发明专利商标作品量数件批次"
                              "（）()“”《》、的等各类涉嫌查扣获侵权货物广州浙江美国109年局厅总队增长率")))


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=ALPHABET, max_size=24))
def test_key_of_never_fails_and_is_stable(phrase: str) -> None:
    key = key_of(phrase)
    assert isinstance(key, str)
    assert key_of(key) == key  # a key is its own key: keying twice changes nothing


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=30))
def test_key_of_any_string(phrase: str) -> None:
    key_of(phrase)
    without_entity_opening(phrase)
    place_name(phrase)


@pytest.mark.parametrize(
    ("variants", "key"),
    [
        (["发明专利授权量", "授权发明专利", "全省新增国内发明专利授权", "2023年浙江省发明专利授权"], "发明专利授权量"),
        (["专利申请", "申请专利", "广州累计申请专利", "受理专利申请", "112年智慧局受理专利申请"], "专利申请量"),
        (["研究与试验发展（R&D）经费支出", "全社会研发经费投入", "R&D经费"], "R&D经费"),
        (["查扣涉嫌侵权货物（物品）", "查获侵权货物", "检获怀疑侵权物品"], "扣留侵权货物"),
        (["端掉制假售假窝点", "捣毁“黑窝点”", "摧毁生产、销售窝点"], "捣毁制假售假窝点"),
        (["抓获犯罪嫌疑人", "抓获嫌疑人", "抓获涉案人员"], "抓获犯罪嫌疑人"),
        (["作品登记量增长率", "作品自愿登记量", "完成作品登记"], "作品登记量"),
        (["破获各类侵权(quán)假冒犯罪案件", "破获侵犯知识产权和制售假冒伪劣商品犯罪案件"], "破获侵权假冒犯罪案件"),
    ],
)
def test_variants_of_one_indicator_meet(variants: list[str], key: str) -> None:
    assert {key_of(v) for v in variants} == {key}


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("发明专利申请", "发明专利授权"),
        ("专利申请", "发明专利申请"),
        ("审结知识产权民事一审案件", "审结知识产权刑事一审案件"),
        ("新收知识产权民事一审案件", "审结知识产权民事一审案件"),
        ("商标注册申请", "核准商标注册"),
        ("有效发明专利", "发明专利授权"),
        ("美国的申请", "日本的申请"),
    ],
)
def test_different_indicators_stay_apart(a: str, b: str) -> None:
    assert key_of(a) != key_of(b)


def test_key_words_table_is_well_formed() -> None:
    kinds = {"scope", "framing", "filler", "fold", "object", "action", "rate_tail", "place"}
    seen: set[str] = set()
    for row in read_table("key_words.tsv"):
        assert row["kind"] in kinds, row
        assert (row["as"] != "") == (row["kind"] == "fold"), row  # only a fold says what it becomes
        assert row["word"] not in seen, f"key_words.tsv: {row['word']} twice"
        seen.add(row["word"])


def test_every_synonym_row_keys_as_its_key() -> None:
    """A row of metrics.tsv is read through the key rules: its phrase must come out as its key."""
    for row in read_table("metrics.tsv"):
        assert key_of(row["phrase"]) == row["metric_key"], row
