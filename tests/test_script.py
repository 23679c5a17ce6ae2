"""Traditional script reads like simplified: numbers, units, qualifiers, roles and agencies,
with every record's text still the original characters."""

from __future__ import annotations

from decimal import Decimal

import extract
from extract.script import fold_traditional, is_traditional

TRADITIONAL = (
    "二○二二年香港特別行政區知識產權保護狀況報告\n"
    "香港特別行政區政府知識產權署\n"
    "（二○二三年三月十日）\n"
    "一、知識產權創造\n"
    "二○二二年，全港專利授權量8萬3,211件，同比增長5.2%；商標註冊申請量約3.6萬件，較上年下降1.8%。\n"
    "香港海關共查獲侵權物品逾120萬件，貨值約新台幣4,500萬元。\n"
)


def test_folding_keeps_length_and_leaves_simplified_text_alone() -> None:
    folded = fold_traditional(TRADITIONAL)
    assert len(folded) == len(TRADITIONAL)
    assert "专利授权量8万3,211件，同比增长5.2%" in folded
    simplified = "2022年，全市专利授权量10210件，同比增长18.2%。著作权登记3.1万件。"
    assert not is_traditional(simplified)
    assert fold_traditional(simplified) == simplified


def test_traditional_document_end_to_end() -> None:
    doc = extract.extract_text(TRADITIONAL)
    assert doc.document.title == "二○二二年香港特別行政區知識產權保護狀況報告"
    assert doc.document.issuer == "香港特別行政區政府知識產權署"
    assert (doc.document.published, doc.document.year, doc.document.region) == ("2023-03-10", 2022, "香港特别行政区")
    got = [(r.text, r.value, r.unit, r.approx, r.role, r.currency)
           for r in doc.records if r.type == "quantity"]
    assert got == [
        ("8萬3,211件", Decimal(83211), "件", None, "level", None),
        ("5.2%", Decimal("5.2"), "%", None, "growth", None),
        ("約3.6萬件", Decimal(36000), "件", "about", "level", None),
        ("1.8%", Decimal("-1.8"), "%", None, "growth", None),
        ("逾120萬件", Decimal(1200000), "件", "more_than", "level", None),
        ("約新台幣4,500萬元", Decimal(45000000), "元", "about", "level", "TWD"),
    ]
    customs = [r for r in doc.records if r.type == "quantity" and r.text == "逾120萬件"][0]
    assert customs.agency == "香港海关"
    assert customs.metric == "查获侵权物品"


def test_currency_named_before_the_amount() -> None:
    doc = extract.extract_text("涉案金额人民币1.5亿元，另查扣货值约美元300万元的货物。")
    got = [(r.text, r.value, r.currency, r.approx) for r in doc.records if r.type == "quantity"]
    assert got == [("人民币1.5亿元", Decimal(150000000), "CNY", None), ("约美元300万元", Decimal(3000000), "USD", "about")]
