"""Word tables and patterns the meaning rules read: one definition each, named for what it finds.

Plain word lists live in `extract/data/` (one table each); what is left here are patterns
composed from them and the few structural patterns (clause breaks, brackets, bullets) that
are about punctuation rather than words.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

import regex

from .. import rx
from ..ruledata import alternation, read_table, role_words
from ..textforms import LIST_JOINERS  # noqa: F401 (read through this module)


REACH = 80  # characters a metric phrase or a subject may stand before its figure
BRACKETS = {"（": "）", "(": ")"}
def _words_of(table: str, column: str, value: str) -> tuple[str, ...]:
    return tuple(r["word"] for r in read_table(table) if r[column] == value)


def _period_words(kind: str) -> regex.Pattern[str]:
    return rx.compile(alternation(_words_of("period_words.tsv", "kind", kind)))


# 总量/总数/每万人 are stocks unless the metric names a flow (著作权登记总量 is a year's count)
STOCK_TOTAL = _period_words("stock_total")
STRONG_STOCK = _period_words("stock")
STOCK_WORDS = rx.compile(f"{STRONG_STOCK.pattern}|{STOCK_TOTAL.pattern}")
# 今年/去年/上年/前年 framing a figure, as years before the report year; a comparison base
# (比上年, 较去年同期, 与上年相比) is not one
YEAR_OFFSETS = {**dict.fromkeys(_words_of("period_words.tsv", "kind", "this_year"), 0),
                **dict.fromkeys(_words_of("period_words.tsv", "kind", "last_year"), 1),
                **dict.fromkeys(_words_of("period_words.tsv", "kind", "year_before_last"), 2)}
# the words alone, to find cheaply where any is written
RELATIVE_YEAR_WORD = rx.compile(alternation(YEAR_OFFSETS), engine="regex")  # read with overlapped=True
RELATIVE_YEAR = rx.compile(
    rf"(?<![比较與与同和及较于])(?P<word>{alternation(YEAR_OFFSETS)})(?!同期|相比|以来)(?P<part>底|末|上半年|下半年)?")
STOCK_CLAUSE_WORDS = _period_words("stock_clause")
FLOW_WORDS = _period_words("flow")
POLICY_WORDS = _period_words("policy")
CUMULATIVE_WORDS = _period_words("cumulative")
WITHIN_YEAR = _period_words("within_year")
# Verbs whose object a year qualifies: 发布2022年度典型案例 dates the cases, not the sentence
NAMES_ITS_YEAR = rx.compile(r"(?:发布|公布|评选|评出|表彰|印发|编制|出台|修订)$")
# 全年/年内 opening a sentence: the year's flow, whatever stock date the sentence before gave
FULL_STOP = rx.compile(r"[。！？!?\n]")
YEAR_WHOLE_OPENING = rx.compile(r"(?:全年|年内|当年|本年度)")
# 近三年累计…, 三年累计…: a running total over a stated number of years
YEAR_COUNT = r"(?:[两二三四五六七八九十]|\d{1,2})"  # the 三 of 近三年, the 5 of 5年来
YEARS_COUNTED = rx.compile(rf"(?P<n>{YEAR_COUNT})年(?:来|以来|间)?[，,]?(?:累计|共计|共)")
# 近三年来，… / 近三年累计，…: a sentence framed by a number of years counts over all of them
YEARS_FRAME = rx.compile(
    rf"(?:(?:近|过去|最近)(?P<n>{YEAR_COUNT})年(?:来|以来|间)?(?:累计|共计)?[，,]?"
    rf"|(?P<n>{YEAR_COUNT})年(?:来|以来)[，,]?)"
)
# 2021年至2023年，…共受理…: a span with a total word is a cumulative figure
TOTAL_WORDS = rx.compile(r"共计|共|累计|合计|总计")
# 服务机构达到418家, 专利代理师执业人数为286人: bodies and people standing at the year end, unless
# the phrase says they are new (新建…工作站)
STANDING_END = rx.compile(rf"(?:{alternation(_words_of('period_words.tsv', 'kind', 'standing'))})$")
BUILT = rx.compile(alternation(_words_of("period_words.tsv", "kind", "built")))
REACHED_END = rx.compile(r"(?:达到|达|为|共有|拥有|现有|有)了?(?:约|近|超过)?$")
# 涉案金额在100万元以上的案件: the word joining an amount to its threshold
THRESHOLD_LINK = rx.compile(r"(?:在|为|达到|达|超过|均在)$")
# 在17件案件中适用惩罚性赔偿: what happened among the cases counted
AMONG_THESE = rx.compile(r"\p{Han}{1,6}?中(?P<what>\p{Han}{2,})")
# A change whose own clause names a measure other than a comparison (…，推动发案数下降5%)
COMPARISON_WORDS = rx.compile(r"比|较|同期|相比|上年|去年|高于|低于|高出|低出|快于|慢于|进度|平均|水平")
# 经网上提交的申请约占申请总数的…: the part before 占 is what a share measures
SHARE_OF = rx.compile(r"(?:约|近|超过|不到|不足|仅|已)?占(?!比)\p{Han}*$")
# 执业（助理）医师, 研究与试验发展（R&D）经费投入: a short bracket inside a name
# (and a pinyin gloss a converter left in: 侵權(quán)假冒, 生產(chǎn)、銷售)
OPENING_BRACKET = "[" + "".join(BRACKETS) + "]"  # every INLINE_BRACKET match starts on one
INLINE_BRACKET = rx.compile(
    rf"{OPENING_BRACKET}(?<=[\p{{Han}}A-Za-z][ \t]?.)[^，。；、,;\d（）()\s]{{1,8}}[)）](?=\p{{Han}})"
    rf"|(?<=\p{{Han}}){OPENING_BRACKET}[a-zāáǎàēéěèīíǐìōóǒòūúǔùüǖǘǚǜ]{{1,7}}[)）]"
)
# 经审查批准逮捕 is the 批准逮捕 stage
AFTER_REVIEW = rx.compile(r"^(?:经审查|经审理|经|依法)")
# Between the years of a list (2021年、2022年、2023年，…分别…)
# 按常住地分，城镇居民人均…: averages of groups are not parts of the overall average
AVERAGE = rx.compile(r"人均|平均|均值|每万人|每千人")
# The verb closing a subject (平均办理时间力争…): dropped when the subject is the measure
SUBJECT_VERB_END = rx.compile(r"(?:共有|共计|共|将力争|力争|将)$")
# 抓获犯罪嫌疑人19名，涉案金额…: people have no 涉案金额; the amount is the cases'
PERSON_UNITS = frozenset(_words_of("link_words.tsv", "set", "person_unit"))
# 全市公安机关共破获…: every body of the area, not the one named before
COLLECTIVE_SUBJECT = rx.compile(
    r"全[市省区县国州](?:各级|两级|三级)?\p{Han}{0,4}?(?:法院|检察院|检察机关|公安机关|海关|部门|系统)"
)
# The words that end a body's name, and a character a body's name can hold (no punctuation,
# digit or function word): shared by the readers of a sentence's body and of a metric's opening.
BODY_WORDS = "总队|支队|大队|分局|局|署|厅|委员会|办公室|法庭|法院|检察院"
BODY_NAME_CHAR = r"[^\s\p{P}\d的和与在对将了为把被等共以]"
# …保安警察第二总队查获…: a body no table or pattern knows opening a sentence
UNKNOWN_BODY_OPENING = rx.compile(
    rf"{BODY_NAME_CHAR}{{2,16}}?(?:{BODY_WORDS})"
    r"(?=全年|共|累计|\p{Han}{2})"
)
# Checked first, cheaply: the last characters of those body words, and how far from the
# opening the pattern can reach (16 characters and a 3-character body word)
BODY_LAST_CHAR = rx.compile("[" + "".join(sorted({w[-1] for w in BODY_WORDS.split("|")})) + "]")
UNKNOWN_BODY_REACH = 16 + max(len(w) for w in BODY_WORDS.split("|"))
# 成立知识产权检察办公室以来，…共受理…: since an event, a running total
SINCE_EVENT = rx.compile(r"以来[，,]")
# 由最初的5家增加到…: the starting level of a change, not a figure of the period
BASE_MARKS = "较比"  # the words a base opens with (BASELINE, relations.LAST_YEARS_BASE)
BASE_MARK = rx.compile(f"[{BASE_MARKS}]")
BASELINE = rx.compile(rf"[{BASE_MARKS}](?P<year>(?:19|20)\d\d)年(?:底|末)?的$")
STARTING_LEVEL = rx.compile(r"(?:由|从)(?:最初|原来|过去)的?$")


@dataclass(frozen=True)
class Words:
    lead: regex.Pattern[str]
    trail: regex.Pattern[str]
    verb_end: regex.Pattern[str]
    change_end: regex.Pattern[str]
    change_end_last: frozenset[str]  # the characters a phrase change_end matches can end on
    synonyms: dict[str, str]
    measure_verb: regex.Pattern[str]
    generic: frozenset[str]
    stage: regex.Pattern[str]
    attributes: frozenset[str]
    attributes_longest_first: tuple[str, ...]
    stages: dict[str, str]
    unit_group: dict[str, str]


@cache
def words() -> Words:
    framing = read_table("metric_framing.tsv")
    lead = [r["word"] for r in framing if r["position"] == "lead"]
    trail = [r["word"] for r in framing if r["position"] == "trail"]
    whole = [r["word"] for r in read_table("whole_nouns.tsv")]
    verbs = [r["word"] for r in read_table("metric_verbs.tsv")]
    growth = [r.word for r in role_words() if r.role == "growth"]
    return Words(
        lead=rx.compile(rf"^(?:(?!{alternation(whole)})(?:{alternation(lead)}))+"),
        trail=rx.compile(rf"(?:{alternation(trail)})+$", engine="regex"),
        verb_end=rx.compile(rf"(?:{alternation(verbs)})$"),
        change_end=rx.compile(
            rf"(?:年均|年平均)?(?:同比|环比|较上年同期|比上年同期|较上年末|比上年末|较上年底|比上年底|较上年|比上年|与上年相比)?(?:分别)?"
            rf"(?:{alternation(growth)})(?:了|分别)?$",
            engine="regex",
        ),
        change_end_last=frozenset({w[-1] for w in growth} | {"了", "别"}),
        synonyms={r["phrase"]: r["metric_key"] for r in read_table("metrics.tsv")},
        measure_verb=rx.compile(alternation([r["word"] for r in read_table("measure_verbs.tsv")])),
        generic=frozenset(r["word"] for r in read_table("generic_nouns.tsv")),
        stage=rx.compile(alternation([r["word"] for r in read_table("case_stages.tsv")])),
        stages={r["word"]: r["stage"] for r in read_table("case_stages.tsv")},
        attributes=frozenset(r["word"] for r in read_table("attribute_nouns.tsv")),
        attributes_longest_first=tuple(sorted((r["word"] for r in read_table("attribute_nouns.tsv")), key=len, reverse=True)),
        unit_group={r["unit"]: r["group"] for r in read_table("unit_groups.tsv")},
    )



# Openers of a sentence before its subject: 2021年，市文化和旅游局…; 其中，青岛知识产权法庭…
SUBJECT_LEAD = rx.compile(
    r"(?:(?:截至|截止)?\d{4}年(?:度|底|末)?(?:\d{1,2}月)?(?:\d{1,2}日)?(?:至\d{1,2}日)?[，,]?"
    r"|其中[，,：:]?|同时[，,]?|此外[，,]?|另外[，,]?|近年来[，,]?|下一步[，,]?|今后[，,]?|目前[，,]?|当前[，,]?"
    rf"|(?:近|过去)?{YEAR_COUNT}年(?:来|以来|间)?(?:累计)?[，,]|年内[，,]?|全年[，,]?)*"
    r"(?:[^，。；\d]{1,6}的)?"  # 2021年，获批成立的国家海外知识产权纠纷应对指导中心青岛分中心…
)
# The noun after a figure (40名技术调查官，): words up to a mark, a digit, 中， or a verb that ends it
FOLLOWING_NOUN_UNIT = r"(?:国家和地区|\d+[岁歲](?:以下|以上)|[\p{Han}A-Za-z“”‘’]|\d+强)"
NOUN_END_MARKS = "，。；、：,;:（）()和与及的"
NOUN_END_WORDS = (
    "中，", "中,", "被", "为", "是", "在", "向", "对", "担任", "参加", "入选", "进行", "提供", "新获", "获", "发放", "开展", "实施",
    "参与", "作为", "通过", "联合", "制定", "印发", "下发", "出台", "签署", "发布", "申报", "获批", "完成", "实现", "成为", "建立",
    "设立", "举办", "具有", "具备", "拥有", "享有", "负责", "承担",
)
NOUN_END = rf"(?=[{NOUN_END_MARKS}]|\d(?!\d*(?:强|[岁歲]))|{'|'.join(NOUN_END_WORDS)}|$)"
# Where NOUN_END can hold at all, checked first at each step: one character class instead of
# fifty alternatives (the lazy loop tries the end after every character of the noun)
NOUN_END_FIRST = rf"(?=[{NOUN_END_MARKS}\d{''.join(sorted({w[0] for w in NOUN_END_WORDS}))}]|$)"
FOLLOWING_NOUN = rx.compile(rf"{FOLLOWING_NOUN_UNIT}{{1,14}}?{NOUN_END_FIRST}{NOUN_END}")
# …品牌注册商标的箱包 -> 箱包: the head noun after the last 的/等, when it says enough (等业务 keeps
# what the 等 lists).
OF_CUT_MARKS = "的等"  # the words OF_CUT cuts after: a phrase with neither has no head noun to cut to
OF_CUT = rx.compile(rf".*[{OF_CUT_MARKS}](?=(?:\p{{Han}}|、){{3}}|\p{{Han}}{{2}}$)(?!业务|工作|活动|事项|情况|方面)")
OF_CUT_MARK = rx.compile(f"[{OF_CUT_MARKS}]")
# 由最初的5家增加到现有的45家: the subject stands before 由.
NEW_PREFIX = rx.compile(r"^(?:新增|新认定|新登记|新获批|新获|新批准|新核准|当年)")
# 总数达到118个 after 新获批地理标志保护产品3个: a bare total of the things just counted
BARE_TOTALS = frozenset(_words_of("link_words.tsv", "set", "bare_total"))
FROM_TO = rx.compile(r"(?:也|亦|则|更)?(?:由|从)(?:最初|原来|年初|上年|过去)?的?$")
FROM_TO_LAST = frozenset("由从初来年去的")  # a phrase FROM_TO cuts ends on one of these
# 是全国平均水平（15.8件）的3倍: the bracket holds the same measure's average of a larger area
AVERAGE_LEVEL = rx.compile(r"(?:平均水平|平均值|均值|平均)$")
CHANGED_TO = rx.compile(r"^(?:增加|增长|提高|提升|减少|下降|上升|扩大|降低|急升|急增|攀升|回落|跌)(?:(?:到|至|为)(?:现有|目前|现在)?的?)?$")
TITLES = rx.compile(r"《[^《》]*》")
# List bullets a bulletin puts before each line: —, ●, ▲, 1）
BULLET_MARK = r"(?:[—–\-●○▲△■□◆◇·•※]+|\d{1,2}[）)])"
BULLET = rx.compile(rf"^(?:{BULLET_MARK}|\d{{1,2}}[、]|[一二三四五六七八九十]{{1,3}}、)\s*")  # …, 2、, 二、: a list or heading mark
HAN = rx.compile(r"\p{Han}")
COUNTED_UNIT = rx.compile(r"人数|件数|案件数")
SCOPE_MARK = rx.compile(r"[（()）。\n；;]")  # the only characters that can end a 其中 list
COMPLEMENT = rx.compile(r"(?:被)?(?:认定为|确定为|评为|列为|新获评|获评|为)(?P<what>[^，。；（(]{2,30})")
# Verbs that pick out what they count (遴选18项…, 选聘40名…): the metric keeps the verb.
SELECTING = rx.compile(r"(?:遴选|选聘|聘任|任命|推荐|评选|认定|培育|开设|设立|举办|销毁|收缴|没收|缴获)$")
# …人数，更由9人急升至29人: a clause that opens on 由/从 goes on about the subject before it
FROM_TO_OPENING = rx.compile(r"[ \t]*(?:也|亦|则|更|均|已)?(?:由|从)")
# 联合市场监管部门销毁侵权货物: a body working with the one that counts is not the measure
PARTNER_OPENING = rx.compile(r"^(?:联合|会同|协同|配合)[^，。；、的]{2,16}?(?:部门|机关|单位|机构)(?=\p{Han}{2})")
# 三种专利共申请: an IP action alone after 共
ACTION_ALONE = rx.compile(r"(?:申请|授权|登记|注册)$")
# 专利申请量和授权量分别为…, 著作权、商标权和专利权案件分别为…: the measures named, in order, for
# the figures that follow
NAME_CHAR = r"(?:涉及|[^，。；、和与及\d])"  # 涉及 is a verb, not 涉 + 及
RESPECTIVELY_ENDINGS = ("分别为", "分别是", "分别达到", "分别达")  # (a phrase ending otherwise is no such list)
LISTED_NAMES = rx.compile(
    rf"(?:^|(?<=[，。；,\s]))(?:其中)?(?:全[市省区县])?"
    rf"(?P<names>{NAME_CHAR}{{2,14}}?(?:、{NAME_CHAR}{{1,14}}?)*[和与及、]{NAME_CHAR}{{1,14}}?)"
    rf"(?:{'|'.join(RESPECTIVELY_ENDINGS)})$",
    engine="regex",
)
NAME_SEPARATOR = rx.compile(r"[、和与]|(?<!涉)及")
SHARED_VERB = rx.compile(r"^(?:涉及|来自|属于|针对)")

SPACE_IN_NAME = rx.compile(r"(?<=\p{Han})[ \t\u3000]+(?=[（(A-Za-z])")
# 科技 全年研究与试验发展…: a space left between a heading word and the sentence ends the phrase
SPACE_BREAK = rx.compile(r"^.*\p{Han}[ \t\u3000]+(?=\p{Han})")
# 登记量较多的分别是：北京市…: the words before a list of places name what it measures
LIST_HEADING = rx.compile(r"(?:分别为|分别是|依次为|依次是|分别达)[：:]?")
LIST_JOINER = rx.compile(r"^(?:分别为|分别是|依次为|依次是|其次为|其次是|其次|次为|为|是|和|及|与|、)")
# 经费投入超过百亿元的市有3个，分别为…: the places are counted by an amount over a threshold
COUNTED_OVER_THRESHOLD = rx.compile(
    r"(?P<what>[^，。；,;]{2,30}?)(?:超过|逾|达到|突破|高于|在)[^，。；,;]{1,12}?的\p{Han}{1,4}(?:[（(][^）)]{1,4}[）)])?"
    r"(?:有|共有|达)[^，。；,;]{0,8}[，,：:]?$"
)
AMONG_TOP = rx.compile(
    r"[ \t\u3000]*(?P<whole>[^，。；,;\n]{2,16}?)前[\d一二三四五六七八九十]+(?:大|位|名)?\p{Han}{0,4}?(?:[（(][^）)]{1,6}[）)])?中[，,]"
)
RANKED_FEW = rx.compile(r"(?:较多|最多|较高|最高|较大|最大|居前|排名前列|位居前列)的?$")
ASCII_BRACKET = rx.compile(r"[（(][\x21-\x7e]{1,10}[)）]")

LABEL_QUALIFIERS = ("约", "近", "超过")  # may stand between a label's colon and its figure
LABEL_COLON = rx.compile(rf"(?:^|(?<=[。；\n]))(?P<label>[^，。；：:\n]{{2,14}})[：:][ \t]*(?:{'|'.join(LABEL_QUALIFIERS)})?$")
# Plan-review words that say which value of an indicator a figure is, not which indicator.
PLAN_WORDS = frozenset(_words_of("link_words.tsv", "set", "plan_value"))
PLAN_WORDS_BEFORE = rx.compile(r"(?:完成值|目标值|规划目标|基数)(?:为|是|达到)?$")
RATE_NAME = rx.compile(r"(?:率|比例|比重|占比|收比|案比|强度|之比[)）]?)$")  # 投入强度(与营业收入之比)
BARE_SHARE_WORDS = frozenset(_words_of("link_words.tsv", "set", "bare_share"))
NAMED_REFERENTS = rx.compile(
    r"^(?P<names>\p{Han}{1,6}(?:(?:和|与|及|、)\p{Han}{1,6})+?)(?:同比|环比|比上年|较上年)?分别"
)
BEFORE_RESPECTIVELY = rx.compile(r"^(?P<names>\p{Han}{2,24}?)(?:则|也|还|均|都)?分别")
COMPARISON_BEFORE = rx.compile(r"(?:较|比|与|同|相比|对比|和|是)$")
# 是2021年的1.4倍, 是上年的2倍: a multiple of an earlier level of the same thing
COMPARED_TO = rx.compile(r"是[^，。；]{0,12}?的(?:约|近)?$")
YEAR_IN_TITLE = rx.compile(r"((?:19|20)\d\d)年")
# A sentence that opens on the year's end states stocks: 年末全市共有公共图书馆15个，文化馆15个
STOCK_OPENING = rx.compile(r"^(?:\d{4}年)?(?:年末|年底|末|全[市省县区]?共有|共有)")
# Openings of a paragraph that continue the one before without naming a subject.
CONTINUATION_LEAD = rx.compile(
    rf"(?:{BULLET_MARK}\s*)?"  # a bulletin's bullet before the words
    r"(?:(?:\d{4}年(?:\d{1,2}月)?(?:\d{1,2}日)?[，,]?)|全年|年内|同期)?(?:全[市省区县]?共|共|累计|同时|此外|另外|还|并|其中)"
)
BRACKET_OR_BREAK = rx.compile(r"[（()）\n]")
CHANGE_WORD = rx.compile(r"增长|下降|上升|减少|增加")
AMONG_NAMED = rx.compile(r"(?<=^|[。\n])[ \t\u3000]*在?(?P<whole>[^，。；\n]{2,20}?)中[，,]")
# 按经营地分，… / 从进出口环节看，… / 分产业看，…: a breakdown of the whole just stated
BREAKDOWN_FIRST = "按从分"  # the word a breakdown opens with (after spaces)
BREAKDOWN_OPENER = rx.compile(rf"(?<=^|[。\n；;])[ \t\u3000]*(?:{'|'.join(BREAKDOWN_FIRST)})[^，。；\n]{{1,10}}?(?:分|看|来看|划分)[，,]")
# 选聘的1316名仲裁员中，…: 中 within AMONG_REACH characters after the figure
AMONG_WORD, AMONG_REACH = "中", 10
AMONG = rx.compile(rf"\p{{Han}}{{0,{AMONG_REACH}}}{AMONG_WORD}[，,]")
# 品种有6个 measures 品种; 拥有/现有/具有 keep their 有.
TRAILING_YOU = rx.compile(r"(?<![拥现具所享共])有$")
# 失业率为2.85% measures 失业率; 行为/作为/认为 keep their 为.
TRAILING_COPULA = rx.compile(
    r"(?:约为|分别为|(?<![行作认成因])为|突破|保持在|稳定在|控制在|维持在|(?<![统设会审估预合总共累])计"
    r"|(?:提高|提升|增加|增长|上升|下降|降低|减少|缩短|压缩|扩大)(?:到|至))$",
    engine="regex",
)
# 全省法院共新收…案件: the phrase after the subject's 共 is what was counted (公共/总共 are words).
SUBJECT_GONG = rx.compile(
    r"^.{1,12}?(?:(?<![公总一合])(?:共有|共计|共)(?![同享建赢识])|将力争|力争|(?<![即])将(?!军|来))(?=\p{Han}{2})"
)
SUBJECT_GONG_STARTS = "共将力"  # how its words begin: a phrase with none of them at 1..12 cannot match
SUBJECT_GONG_START = rx.compile(f"[{SUBJECT_GONG_STARTS}]")



# 争议标的 is a noun, not 争议标 + 的.
NOUNS_ENDING_IN_DE = _words_of("link_words.tsv", "set", "noun_in_de")
# Words after a figure that start a predicate, not the name of what was counted.
PREDICATE_START = rx.compile(r"^(?:参加|增加|增长|达到|印发|制定|出台|签署|发布|联合|被|为|是|在|向|对)")
