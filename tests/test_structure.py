"""Header fields and the section tree for the numbering styles reports use."""

from __future__ import annotations

import pytest

import extract


@pytest.mark.parametrize(
    ("date_line", "published"),
    [("(2022年4月26日)", "2022-04-26"), ("2023年3月", "2023-03"), ("（二○二三年三月十日）", "2023-03-10"),
     ("2023年3月发布", "2023-03")],
)
def test_publication_date_forms(date_line: str, published: str) -> None:
    doc = extract.extract_text(f"2022年烟台市知识产权保护状况白皮书\n烟台市市场监督管理局\n{date_line}\n一、总体\n全市专利授权量5120件。\n")
    assert doc.document.published == published
    assert (doc.document.year, doc.document.region, doc.document.issuer) == (2022, "烟台市", "烟台市市场监督管理局")


def test_region_before_the_year_in_the_title() -> None:
    doc = extract.extract_text("烟台市2022年国民经济和社会发展统计公报\n烟台市统计局\n一、综合\n全年地区生产总值9515.9亿元。\n")
    assert (doc.document.region, doc.document.year) == ("烟台市", 2022)


def test_chinese_numbering_nests_and_ids_are_the_printed_numbers() -> None:
    doc = extract.extract_text(
        "2022年某市白皮书\n某市知识产权局\n一、创造\n全市专利授权量5120件。\n三、保护\n（二）司法保护\n全市法院受理案件812件。\n"
    )
    sections = {s.id: (s.level, s.number, s.title, s.parent) for s in doc.sections}
    assert sections["1"] == (1, "一、", "创造", None)
    assert sections["3"] == (1, "三、", "保护", None)
    assert sections["3.2"] == (2, "（二）", "司法保护", "3")
    q = {r.text: r.section for r in doc.records if r.type == "quantity"}
    assert q == {"5120件": "1", "812件": "3.2"}


def test_arabic_numbering_as_top_level_with_dotted_and_parenthesised_children() -> None:
    doc = extract.extract_text(
        "2022年河南省知识产权保护状况\n河南省知识产权局\n1. 创造质量\n(1) 专利。全省专利授权量12.46万件。\n"
        "3. 保护力度\n3.1 行政保护\n全省查处违法案件3156件。\n"
    )
    sections = {s.id: (s.level, s.title, s.parent) for s in doc.sections}
    assert sections["1"] == (1, "创造质量", None)
    assert sections["1.1"] == (2, "专利", "1")
    assert sections["3.1"] == (2, "行政保护", "3")
    q = {r.text: r.section for r in doc.records if r.type == "quantity"}
    assert q == {"12.46万件": "1.1", "3156件": "3.1"}


def test_a_figure_at_the_start_of_a_line_is_not_a_heading() -> None:
    doc = extract.extract_text("2022年某市白皮书\n某市知识产权局\n一、创造\n全市专利\n1.2万件获得授权。\n")
    assert [s.id for s in doc.sections] == ["0", "1"]
    assert [r.value for r in doc.records if r.type == "quantity"] == [12000]


def test_issuer_and_date_on_one_line() -> None:
    doc = extract.extract_text(
        "成都市知识产权工作简报\n（2024年第3期）\n成都市市场监督管理局（成都市知识产权局）      2024年4月12日\n"
        "一、主要指标\n全市商标注册量2.64万件。\n"
    )
    assert doc.document.issuer == "成都市市场监督管理局（成都市知识产权局）"
    assert (doc.document.published, doc.document.year, doc.document.region) == ("2024-04-12", 2024, "成都市")


def test_a_district_issuer_gives_city_and_district() -> None:
    doc = extract.extract_text("宁波市鄞州区市场监督管理局\n2023年度商标品牌建设工作情况报告\n一、概况\n全区新增注册商标5200件。\n")
    assert doc.document.region == "宁波市鄞州区"


def test_a_community_is_not_a_district() -> None:
    doc = extract.extract_text("杭州市社区矫正工作2023年度报告\n一、概况\n全年新接收社区矫正对象1200人。\n")
    assert doc.document.region == "杭州市"


def test_a_taiwan_title_year_and_roc_publication_line() -> None:
    doc = extract.extract_text("經濟部智慧財產局112年年報\n經濟部智慧財產局\n中華民國113年6月\n一、專利\n全年公告發證之專利共計54120件。\n")
    assert (doc.document.year, doc.document.published) == (2023, "2024-06")


@pytest.mark.parametrize("text", ["全年共受理3件", "同比下降3.2个百分点", "全年共受理3件\n同比下降3.2个百分点"])
def test_short_lines_with_no_body_are_sentences_not_a_title(text: str) -> None:
    doc = extract.extract_text(text)
    assert doc.document.title is None
    assert [r.type for r in doc.records] == ["quantity"] * (text.count("\n") + 1)


def test_a_lone_title_line_is_still_the_title() -> None:
    doc = extract.extract_text("2021年青岛市知识产权保护状况白皮书")
    assert doc.document.title == "2021年青岛市知识产权保护状况白皮书"
    assert [r for r in doc.records if r.type == "quantity"] == []
