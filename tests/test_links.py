"""Links between figures (`of`, `parent`), agency records, and the arithmetic audit."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import extract
from extract.audit import audit
from extract.models import Quantity

HEADER = "2022年青岛市知识产权保护状况白皮书\n三、保护\n"


def quantities(text: str) -> dict[str, Quantity]:
    doc = extract.extract_text(HEADER + text)
    return {r.text: r for r in doc.records if isinstance(r, Quantity)}


def by_id(text: str) -> tuple[dict[str, Quantity], dict[str, Quantity]]:
    doc = extract.extract_text(HEADER + text)
    qs = [r for r in doc.records if isinstance(r, Quantity)]
    return {q.text: q for q in qs}, {q.id: q for q in qs}


def test_distributive_growth_pairs_in_order() -> None:
    q, ids = by_id("青岛海关共采取扣留措施2150批次，扣留侵权货物63.2万件，同比分别增长12.4%和8.9%。")
    assert ids[q["12.4%"].of].text == "2150批次"
    assert ids[q["8.9%"].of].text == "63.2万件"
    assert q["8.9%"].metric == "扣留侵权货物"
    assert q["12.4%"].agency == q["8.9%"].agency == "青岛海关"


def test_growth_after_bracketed_parts_describes_the_whole() -> None:
    q, ids = by_id("青岛知识产权法庭共受理各类案件1820件（其中一审1503件，二审317件），同比增长7.3%。")
    assert ids[q["7.3%"].of].text == "1820件"
    assert ids[q["1503件"].parent].text == "1820件"
    assert ids[q["317件"].parent].text == "1820件"
    assert q["1820件"].parent is None


def test_qizhong_list_links_parts_of_the_same_unit() -> None:
    q, ids = by_id(
        "青岛仲裁办共受理知识产权纠纷案件61件，争议标的5230万余元，其中：特许经营合同纠纷50件，"
        "争议标的3900万余元；技术合同纠纷11件，争议标的1330万余元。"
    )
    assert ids[q["50件"].parent].text == "61件"
    assert ids[q["11件"].parent].text == "61件"
    assert ids[q["3900万余元"].parent].text == "5230万余元"
    assert ids[q["1330万余元"].parent].text == "5230万余元"
    assert q["61件"].agency == "青岛仲裁委员会办公室"


def test_persons_counted_in_another_unit_are_parts() -> None:
    q, ids = by_id("联合司法机关处置涉烟违法分子280人次，其中，刑事拘留150人，逮捕80人，判刑50人。")
    for part in ("150人", "80人", "50人"):
        assert ids[q[part].parent].text == "280人次"


def test_share_points_at_its_part() -> None:
    q, ids = by_id("青岛仲裁办选聘的1200名仲裁员中，知识产权领域仲裁员150名，占比12.5%。")
    assert ids[q["150名"].parent].text == "1200名"
    assert ids[q["12.5%"].of].text == "150名"
    assert q["12.5%"].role == "share"
    assert q["12.5%"].period_type == "other"


def test_agency_carries_to_the_next_paragraph_but_not_the_next_section() -> None:
    q = quantities(
        "市烟草专卖局部署专项治理行动。\n2022年，全市共查获涉烟案件1650起。\n"
        "四、运用\n2022年，全市专利权质押融资登记金额31.5亿元。\n"
    )
    assert q["1650起"].agency == "青岛市烟草专卖局"
    assert q["31.5亿元"].agency is None


def test_subject_after_semicolon_does_not_replace_the_paragraph_body() -> None:
    q = quantities("市烟草专卖局破获网络涉烟案件6起；省公安厅督办案件3起；查获假烟12.4万支。")
    assert q["3起"].agency == "青岛市烟草专卖局"
    assert q["12.4万支"].agency == "青岛市烟草专卖局"


def test_agency_records_collect_mentions_and_resolve_the_city() -> None:
    doc = extract.extract_text(HEADER + "市公安局会同市检察院开展行动。市公安局抓获犯罪嫌疑人35名。")
    agencies = {r.name: r for r in doc.records if r.type == "agency"}
    assert set(agencies) == {"青岛市公安局", "青岛市人民检察院"}
    assert [m.text for m in agencies["青岛市公安局"].mentions] == ["市公安局", "市公安局"]
    assert agencies["青岛市公安局"].in_gazetteer


def test_audit_is_clean_when_parts_add_up() -> None:
    doc = extract.extract_text(
        HEADER + "青岛仲裁办共受理知识产权纠纷案件61件，其中：特许经营合同纠纷50件，技术合同纠纷11件。"
    )
    assert doc.audit == []


def test_audit_flags_a_planted_sum_error() -> None:
    doc = extract.extract_text(
        HEADER + "青岛仲裁办共受理知识产权纠纷案件61件，其中：特许经营合同纠纷50件，技术合同纠纷13件。"
    )
    assert len(doc.audit) == 1
    finding = doc.audit[0]
    assert finding.check == "parts_sum"
    assert finding.expected == Decimal(61) and finding.found == Decimal(63)


def test_audit_allows_the_rounding_of_approximate_parts() -> None:
    doc = extract.extract_text(
        HEADER + "争议标的4598万余元，其中：特许经营合同纠纷争议标的3185万余元；技术合同纠纷争议标的1414万余元。"
    )
    assert doc.audit == []


def test_audit_flags_a_share_that_does_not_match_its_parts() -> None:
    doc = extract.extract_text(HEADER + "青岛仲裁办选聘的1200名仲裁员中，知识产权领域仲裁员150名，占比15.5%。")
    assert [f.check for f in doc.audit] == ["share"]
    assert doc.audit[0].expected == Decimal("12.50")


def test_growth_checked_against_the_prior_year() -> None:
    prior = extract.extract_text(HEADER.replace("2022", "2021") + "2021年，全市发明专利授权量10000件。")
    good = extract.extract_text(HEADER + "2022年，全市发明专利授权量11500件，同比增长15%。")
    bad = extract.extract_text(HEADER + "2022年，全市发明专利授权量11500件，同比增长25%。")
    assert audit(good, prior) == []
    findings = audit(bad, prior)
    assert [f.check for f in findings] == ["growth_vs_prior"]
    assert findings[0].expected == Decimal("15.00")


def test_bundled_document_arithmetic_holds_and_section_two_is_keyed() -> None:
    path = Path(__file__).resolve().parents[1] / "corpus" / "qingdao-ip-2021.txt"
    doc = extract.extract_file(path)
    assert doc.audit == []
    q = {r.text: r for r in doc.records if isinstance(r, Quantity) and r.section == "2"}
    assert (q["10210件"].metric_key, q["10210件"].period, q["10210件"].period_type) == ("发明专利授权量", "2021", "flow")
    assert (q["39.15万件"].metric_key, q["39.15万件"].period_type) == ("有效注册商标", "stock")
    assert q["10.58万件"].metric_key == "商标申请量"
    assert q["1.2万余头"].metric == "存栏原种猪"


def test_keys_keep_apart_the_same_stage_or_attribute_of_different_things() -> None:
    q = quantities(
        "市两级检察机关受理侵犯知识产权审查逮捕案件48件79人，批准逮捕30件44人。"
        "受理生产、销售伪劣商品审查逮捕案件39件51人，批准逮捕16件22人。"
        "市烟草专卖局查获假冒注册商标卷烟210.5万支，案值236.4万元；走私卷烟1820.3万支，案值1532.8万元。"
    )
    assert q["30件"].metric == q["16件"].metric == "批准逮捕"
    assert q["30件"].metric_key == "侵犯知识产权审查逮捕案件·批准逮捕"
    assert q["16件"].metric_key == "生产、销售伪劣商品审查逮捕案件·批准逮捕"
    assert q["236.4万元"].metric_key == "查获假冒注册商标卷烟·案值"
    assert q["1532.8万元"].metric_key == "走私卷烟·案值"


def test_a_part_key_names_its_whole() -> None:
    q = quantities(
        "青岛仲裁办受理知识产权纠纷案件61件，其中：特许经营合同纠纷50件，技术合同纠纷11件。"
        "审结知识产权纠纷案件40件，其中：特许经营合同纠纷33件，技术合同纠纷7件。"
    )
    # 受理 is how an intake is stated and leaves the key; 审结 names another stage and stays
    assert q["50件"].metric_key == "知识产权纠纷案件·特许经营合同纠纷"
    assert q["33件"].metric_key == "审结知识产权纠纷案件·特许经营合同纠纷"


def test_counts_that_restate_a_list_are_not_figures() -> None:
    q = quantities("强化仲裁员和办案秘书两支队伍建设，与南京、苏州两市签署协议，联合烟台、威海等五市开展执法。")
    assert list(q) == ["五市"]
    assert q["五市"].value == 5


# Issue 10: the audit raises no false alarms. A part of one breakdown (分资金来源看) is no whole
# of the next (分执行部门看), and last year's total (相比2021年的…) is no whole of this year's parts.
STATS_HEADER = "2022年某市科技经费投入统计公报\n"


def test_audit_quiet_when_one_breakdown_follows_another() -> None:
    doc = extract.extract_text(
        STATS_HEADER + "公报显示，分资金来源看，政府资金投入86.4亿元，企业资金投入412.7亿元。"
        "分执行部门看，各类企业研发经费支出398.5亿元，比上年增长9.1%；高等学校经费支出61.2亿元，"
        "增长4.3%；政府属研究机构经费支出38.6亿元，增长6.0%。"
    )
    q = {r.text: r for r in doc.records if isinstance(r, Quantity)}
    assert [q[t].parent for t in ("398.5亿元", "61.2亿元", "38.6亿元")] == [None, None, None]
    assert doc.audit == []


def test_audit_quiet_when_the_parts_follow_last_years_total() -> None:
    doc = extract.extract_text(
        STATS_HEADER + "2022年全市共完成作品登记8.6万件，相比2021年的7.9万件增长8.9%。从作品类型看，登记量最多的是"
        "美术作品4.1万件，占登记总量的47.7%；第二是摄影作品3.3万件，占登记总量的38.4%；第三是文字作品0.8万件，"
        "占登记总量的9.3%。"
    )
    q = {r.text: r for r in doc.records if isinstance(r, Quantity)}
    assert {q[t].parent for t in ("4.1万件", "3.3万件", "0.8万件")} == {q["8.6万件"].id}
    assert doc.audit == []


def test_audit_quiet_when_a_country_states_its_share_of_the_total() -> None:
    # A country's figure of the same indicator is about that country, not a restatement of the
    # paper's total; and a name before a bracket is not carried into the next sentence.
    doc = extract.extract_text(
        "2023年商标注册申请概况\n一、总体情况\n全年受理商标注册申请9.4万件，其中，本国人申请（7.2万件）、"
        "外国人申请（2.2万件）。\n二、外国申请人\n商标注册申请前三位国家中，日本以4,575件居首，美国（4,013件）次之，"
        "德国（3,814件）第三。\n"
    )
    q = {r.text: r for r in doc.records if isinstance(r, Quantity)}
    assert [q[t].subject for t in ("4,575件", "4,013件", "3,814件")] == ["日本", "美国", "德国"]
    assert q["4,013件"].metric_key == q["9.4万件"].metric_key == "商标申请量"
    assert doc.audit == []
