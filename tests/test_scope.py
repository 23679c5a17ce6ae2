"""The paper's own region, year and issuer when its header does not state them (extract/scope.py),
end to end through extract_text. Releases written for this suite, invented figures."""

from __future__ import annotations

import extract


def _info(text: str):  # type: ignore[no-untyped-def]
    return extract.extract_text(text).document


def test_a_release_takes_its_region_from_the_first_place_it_names_not_from_its_dateline() -> None:
    info = _info(
        "江西专利授权量稳步增长\n新华网南昌3月2日电 记者从江西省市场监督管理局获悉，2023年，全省发明专利授权量1.1万件。\n"
    )
    assert info.region == "江西省"  # 江西 in the headline; 南昌 is where the reporter files from


def test_a_release_naming_a_city_by_its_short_name_is_that_citys() -> None:
    assert _info("厦门海关查获侵权货物5万件\n2023年，厦门海关共查获侵权货物5万件。\n").region == "厦门市"


def test_a_national_release_has_no_region_even_when_it_lists_provinces() -> None:
    info = _info(
        "我国研发经费投入突破3万亿元\n国家统计局发布公报显示，2023年全国研发经费投入3.3万亿元，"
        "其中广东、江苏两省均超过3000亿元。\n"
    )
    assert info.region is None


def test_a_stated_region_read_too_greedily_is_cut_to_the_place_it_ends_with() -> None:
    text = "政府工作报告\n——2024年1月8日在芜湖市第十七届人民代表大会第三次会议上\n现在，我代表市人民政府作报告。2023年全市地区生产总值4741亿元。\n"
    info = _info(text)
    assert info.region == "芜湖市"
    assert info.issuer == "市人民政府"
    doc = extract.extract_text(text)
    figure = next(r for r in doc.records if r.type == "quantity")
    assert figure.agency == "芜湖市人民政府" and figure.agency_basis == "issuer"


def test_the_year_is_the_one_most_written_not_after_publication() -> None:
    text = (
        "知识产权工作新闻发布会召开\n发布时间：2024-04-20\n2023年，全市专利授权2.1万件；2023年商标注册3.4万件。"
        "2024年将继续推进。\n"
    )
    assert _info(text).year == 2023


def test_last_year_in_a_release_is_the_year_before_publication() -> None:
    text = "技术合同成交额创新高\n2022-03-18 09:30 来源：某日报\n去年，全省共登记技术合同1.6万项。\n"
    assert _info(text).year == 2021


def test_a_taiwan_release_counts_its_years_in_the_minguo_calendar() -> None:
    text = "專利申請概況\n112年智慧局受理專利申請7.2萬件，112年核准專利4.1萬件。\n"
    assert _info(text).year == 2023


def test_a_stated_county_or_district_stands() -> None:
    assert _info("2023年长兴县知识产权发展与保护状况白皮书\n全县专利授权3120件。\n").region == "长兴县"
    assert _info("2023年宁波市鄞州区知识产权保护状况\n全区专利授权8600件。\n").region == "宁波市鄞州区"
