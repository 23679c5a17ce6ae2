"""The subject rules, declared once, in the order they are tried: the name reader
(subject_reader.py) sets the clause rules, decide_subjects (subject.py) the others."""

from __future__ import annotations

from .rules import rule

BRACKETED = rule("subject.bracketed_figure", "subject", "a figure in brackets after a name: the name",
                 "分别为广东(3479.9亿元)、江苏(3005.9亿元) -> 广东省, 江苏省")
RESPECTIVE = rule("subject.respective_names", "subject", "names listed before 分别 pair with its figures in order",
                  "依次是厦门、福州和泉州，占全省的比例分别为59.29%、33.25%和2.88%")
LIST_ITEM = rule("subject.list_item", "subject", "an item of a 、 list: the name right before its figure",
                 "其中，济南市4.1万件、青岛市6.6万件 -> 济南市, 青岛市")
OPENING = rule("subject.clause_opening", "subject", "the clause opens with a place, country, firm, zone or group",
               "德国以1,165件重返第5位 -> 德国; 北京市1003091件 -> 北京市")
LOCAL_BODY = rule("subject.local_body", "subject", "the clause opens with another place's body: that place",
                  "鄂州市公安局破获…案，抓获犯罪嫌疑人4名 -> 鄂州市")
DIRECTED_BODY = rule("subject.directed_body", "subject", "the paper's body directs another place's body, which acts",
                     "省公安厅组织宜昌公安机关…破获…，抓获嫌疑人46人 -> 宜昌市")
NAMED_LIST = rule("subject.named_list", "subject", "the clause opens with a list of names: all of them",
                  "天津、贵州等省的作品登记量增长率均超过了100% -> 天津市、贵州省")
LISTED_ABOVE = rule("subject.listed_above", "subject", "以上/上述 after a list: the names of the list",
                    "北京市…；上海市…。以上登记量占…79.69% -> 北京市、上海市")
EXAMPLE_NAMED = rule("subject.example_named", "subject", "以X为例 opens the sentence: X",
                     "以泉州市为例，该市已举办了2场培训活动 -> 泉州市")
FROM_LEVEL = rule("subject.from_level", "subject", "a growth, share or multiple is about what its level is about",
                  "泉州市认定技术合同83项，同比增长27.69% -> 27.69%: 泉州市")
CARRIED = rule("subject.sentence_carry", "subject", "an earlier clause of the sentence named the subject",
               "日本位居外国人之首，三种专利共申请13,247件 -> 日本")
