"""Tie every figure to what it measures, who states it, when, and the whole it is part of.

    青岛海关……共采取知识产权保护扣留措施1908批次，扣留侵权货物58.6万件，同比分别增长21.3%和11.6%。
      1908批次: metric 采取知识产权保护扣留措施, agency 青岛海关, period 2021 (flow)
      21.3%: growth `of` 1908批次; 11.6%: growth `of` 58.6万件 (分别 pairs in order)
    受理知识产权纠纷案件53件……其中：特许经营合同纠纷45件…技术合同纠纷8件
      45件 and 8件: `parent` 53件

Works on repaired-text offsets; the pipeline turns hit indexes into record ids.
"""

from __future__ import annotations

import calendar
from bisect import bisect_left, bisect_right
from decimal import Decimal
from dataclasses import dataclass
from functools import cache

import regex

from .agencies import AgencyHit
from .dates import DateHit
from .numerals import parse_numeral
from .quantities import QuantityHit
from .rankings import RankingHit
from .ruledata import alternation, match_heading, read_table, role_words
from .structure import Structure

# A thousands comma inside a figure (1,562件) is not a clause break.
_CLAUSE_BREAK_AT = regex.compile(r"[，。；;：:！!？?\n（）()]|,(?!\d{3}(?!\d))")
_REACH = 80  # characters a metric phrase or a subject may stand before its figure
_BRACKETS = {"（": "）", "(": ")"}
_STOCK_WORDS_LIST = ("有效", "拥有", "总量", "存栏", "现有", "保有", "余额", "总数", "有效量", "年末", "年底", "常住人口")
# Words right before a figure that make it a stock even when the metric phrase lies elsewhere
# (增加到现有的45家).
_STOCK_CLAUSE_WORDS_LIST = ("现有", "年末", "年底", "存栏", "保有")
_FLOW_WORDS_LIST = ("新增", "新认定", "新获", "申请", "授权", "受理", "查处", "办理", "审结", "查办", "发放", "组织")
# Words that make an amount a rule rather than money spent: 分别给予5至50万元资助, 最高奖补100万元
_POLICY_WORDS_LIST = ("给予", "最高", "不超过", "每件", "每项", "每家", "标准", "并处", "处以", "可处", "一般处", "依法处")
_CUMULATIVE_WORDS_LIST = ("累计",)
_WITHIN_YEAR_LIST = ("年内", "全年", "当年")  # 年内累计组织…30余场: the year's total, a flow
_STOCK_WORDS = regex.compile("|".join(_STOCK_WORDS_LIST))
_STOCK_CLAUSE_WORDS = regex.compile("|".join(_STOCK_CLAUSE_WORDS_LIST))
_FLOW_WORDS = regex.compile("|".join(_FLOW_WORDS_LIST))
_POLICY_WORDS = regex.compile("|".join(_POLICY_WORDS_LIST))
_CUMULATIVE_WORDS = regex.compile("|".join(_CUMULATIVE_WORDS_LIST))
_WITHIN_YEAR = regex.compile("|".join(_WITHIN_YEAR_LIST))
# Verbs whose object a year qualifies: 发布2022年度典型案例 dates the cases, not the sentence
_NAMES_ITS_YEAR = regex.compile(r"(?:发布|公布|评选|评出|表彰|印发|编制|出台|修订)$")
# 全年/年内 opening a sentence: the year's flow, whatever stock date the sentence before gave
_FULL_STOP = regex.compile(r"[。！？!?\n]")
_YEAR_WHOLE_OPENING = regex.compile(r"(?:全年|年内|当年|本年度)")
# 近三年累计…, 三年累计…: a running total over a stated number of years
_YEAR_COUNT = r"(?:[两二三四五六七八九十]|\d{1,2})"  # the 三 of 近三年, the 5 of 5年来
_YEARS_COUNTED = regex.compile(rf"(?P<n>{_YEAR_COUNT})年(?:来|以来|间)?[，,]?(?:累计|共计|共)")
# 近三年来，… / 近三年累计，…: a sentence framed by a number of years counts over all of them
_YEARS_FRAME = regex.compile(
    rf"(?:(?:近|过去|最近)(?P<n>{_YEAR_COUNT})年(?:来|以来|间)?(?:累计|共计)?[，,]?"
    rf"|(?P<n>{_YEAR_COUNT})年(?:来|以来)[，,]?)"
)
# 2021年至2023年，…共受理…: a span with a total word is a cumulative figure
_TOTAL_WORDS = regex.compile(r"共计|共|累计|合计|总计")
# 服务机构达到418家, 专利代理师执业人数为286人: bodies and people standing at the year end, unless
# the phrase says they are new (新建…工作站)
_STANDING_END = regex.compile(r"(?:服务机构|机构|组织|执业人数|从业人数|人数|会员|网点|工作站|服务站|基地|园区)$")
_BUILT = regex.compile(r"(?:新|建成|建设|设立|成立|获批|认定|培育|引进)")
_REACHED_END = regex.compile(r"(?:达到|达|为|共有|拥有|现有|有)了?(?:约|近|超过)?$")
# 涉案金额在100万元以上的案件: the word joining an amount to its threshold
_THRESHOLD_LINK = regex.compile(r"(?:在|为|达到|达|超过|均在)$")
# 在17件案件中适用惩罚性赔偿: what happened among the cases counted
_AMONG_THESE = regex.compile(r"\p{Han}{1,6}?中(?P<what>\p{Han}{2,})")
# A change whose own clause names a measure other than a comparison (…，推动发案数下降5%)
_COMPARISON_WORDS = regex.compile(r"比|较|同期|相比|上年|去年|高于|低于|高出|低出|快于|慢于|进度|平均|水平")
# 经网上提交的申请约占申请总数的…: the part before 占 is what a share measures
_SHARE_OF = regex.compile(r"(?:约|近|超过|不到|不足|仅|已)?占(?!比)\p{Han}*$")
# 执业（助理）医师, 研究与试验发展（R&D）经费投入: a short bracket inside a name
_INLINE_BRACKET = regex.compile(r"[（(](?<=[\p{Han}A-Za-z].)[^，。；、,;\d（）()\s]{1,8}[)）](?=\p{Han})")
# 经审查批准逮捕 is the 批准逮捕 stage
_AFTER_REVIEW = regex.compile(r"^(?:经审查|经审理|经|依法)")
# Between the years of a list (2021年、2022年、2023年，…分别…)
_LIST_JOINERS = ("、", "和", "及", "与", "，")
# 按常住地分，城镇居民人均…: averages of groups are not parts of the overall average
_AVERAGE = regex.compile(r"人均|平均|均值|每万人|每千人")
# The verb closing a subject (平均办理时间力争…): dropped when the subject is the measure
_SUBJECT_VERB_END = regex.compile(r"(?:共有|共计|共|将力争|力争|将)$")
# 抓获犯罪嫌疑人19名，涉案金额…: people have no 涉案金额; the amount is the cases'
_PERSON_UNITS = frozenset(("名", "人", "人次", "位"))
# 全市公安机关共破获…: every body of the area, not the one named before
_COLLECTIVE_SUBJECT = regex.compile(
    r"全[市省区县国州](?:各级|两级|三级)?\p{Han}{0,4}?(?:法院|检察院|检察机关|公安机关|海关|部门|系统)"
)
# …保安警察第二总队查获…: a body no table or pattern knows opening a sentence
_UNKNOWN_BODY_OPENING = regex.compile(
    r"[^\s\p{P}\d的和与在对将了为把被等共以]{2,16}?(?:总队|支队|大队|分局|局|署|厅|委员会|办公室|法庭|法院|检察院)"
    r"(?=全年|共|累计|\p{Han}{2})"
)
# 成立知识产权检察办公室以来，…共受理…: since an event, a running total
_SINCE_EVENT = regex.compile(r"以来[，,]")
# 由最初的5家增加到…: the starting level of a change, not a figure of the period
_BASELINE = regex.compile(r"(?:较|比)(?P<year>(?:19|20)\d\d)年(?:底|末)?的$")
_STARTING_LEVEL = regex.compile(r"(?:由|从)(?:最初|原来|过去)的?$")


@dataclass
class Facts:
    metric: str | None = None
    metric_key: str | None = None
    agency: str | None = None
    period: str | None = None
    period_type: str | None = None
    of: int | None = None  # index into the quantity list
    baseline: bool = False  # 较2020年的38.7万件: the base a change is measured from
    parent: int | None = None


@dataclass(frozen=True)
class _Words:
    lead: regex.Pattern[str]
    trail: regex.Pattern[str]
    verb_end: regex.Pattern[str]
    change_end: regex.Pattern[str]
    synonyms: dict[str, str]
    measure_verb: regex.Pattern[str]
    generic: frozenset[str]
    stage: regex.Pattern[str]
    attributes: frozenset[str]
    attributes_longest_first: tuple[str, ...]
    stages: dict[str, str]
    unit_group: dict[str, str]


@cache
def _words() -> _Words:
    framing = read_table("metric_framing.tsv")
    lead = [r["word"] for r in framing if r["position"] == "lead"]
    trail = [r["word"] for r in framing if r["position"] == "trail"]
    whole = [r["word"] for r in read_table("whole_nouns.tsv")]
    verbs = [r["word"] for r in read_table("metric_verbs.tsv")]
    return _Words(
        lead=regex.compile(rf"^(?:(?!{alternation(whole)})(?:{alternation(lead)}))+"),
        trail=regex.compile(rf"(?:{alternation(trail)})+$"),
        verb_end=regex.compile(rf"(?:{alternation(verbs)})$"),
        change_end=regex.compile(
            rf"(?:年均|年平均)?(?:同比|环比|较上年同期|比上年同期|较上年末|比上年末|较上年底|比上年底|较上年|比上年|与上年相比)?(?:分别)?"
            rf"(?:{alternation([r.word for r in role_words() if r.role == 'growth'])})(?:了|分别)?$"
        ),
        synonyms={r["phrase"]: r["metric_key"] for r in read_table("metrics.tsv")},
        measure_verb=regex.compile(alternation([r["word"] for r in read_table("measure_verbs.tsv")])),
        generic=frozenset(r["word"] for r in read_table("generic_nouns.tsv")),
        stage=regex.compile(alternation([r["word"] for r in read_table("case_stages.tsv")])),
        stages={r["word"]: r["stage"] for r in read_table("case_stages.tsv")},
        attributes=frozenset(r["word"] for r in read_table("attribute_nouns.tsv")),
        attributes_longest_first=tuple(sorted((r["word"] for r in read_table("attribute_nouns.tsv")), key=len, reverse=True)),
        unit_group={r["unit"]: r["group"] for r in read_table("unit_groups.tsv")},
    )


# Openers of a sentence before its subject: 2021年，市文化和旅游局…; 其中，青岛知识产权法庭…
_SUBJECT_LEAD = regex.compile(
    r"(?:(?:截至|截止)?\d{4}年(?:度|底|末)?(?:\d{1,2}月)?(?:\d{1,2}日)?(?:至\d{1,2}日)?[，,]?"
    r"|其中[，,：:]?|同时[，,]?|此外[，,]?|另外[，,]?|近年来[，,]?|下一步[，,]?|今后[，,]?|目前[，,]?|当前[，,]?"
    rf"|(?:近|过去)?{_YEAR_COUNT}年(?:来|以来|间)?(?:累计)?[，,]|年内[，,]?|全年[，,]?)*"
    r"(?:[^，。；\d]{1,6}的)?"  # 2021年，获批成立的国家海外知识产权纠纷应对指导中心青岛分中心…
)
_FOLLOWING_NOUN = regex.compile(
    r"(?:国家和地区|[\p{Han}A-Za-z“”‘’]|\d+强){1,14}?(?=[，。；、：,;:（）()和与及的]|\d(?!\d*强)|中[，,]|被|为|是|在|向|对|担任|参加|入选|进行|"
    r"提供|新获|获|发放|开展|实施|参与|作为|通过|联合|制定|印发|下发|出台|签署|发布|申报|获批|完成|实现|"
    r"成为|建立|设立|举办|具有|具备|拥有|享有|负责|承担|$)"
)
# …品牌注册商标的箱包 -> 箱包: the head noun after the last 的/等, when it says enough (等业务 keeps
# what the 等 lists).
_OF_CUT = regex.compile(r".*[的等](?=(?:\p{Han}|、){3}|\p{Han}{2}$)(?!业务|工作|活动|事项|情况|方面)")
# 由最初的5家增加到现有的45家: the subject stands before 由.
_NEW_PREFIX = regex.compile(r"^(?:新增|新认定|新登记|新获批|新获|新批准|新核准|当年)")
# 总数达到118个 after 新获批地理标志保护产品3个: a bare total of the things just counted
_BARE_TOTALS = frozenset(("总数", "总量", "总计", "合计", "总额"))
_FROM_TO = regex.compile(r"(?:由|从)(?:最初|原来|年初|上年|过去)?的?$")
_CHANGED_TO = regex.compile(r"^(?:增加|增长|提高|提升|减少|下降|上升|扩大)(?:到|至)(?:现有|目前|现在)?的?$")
_TITLES = regex.compile(r"《[^《》]*》")
# List bullets a bulletin puts before each line: —, ●, ▲, 1）
_BULLET_MARK = r"(?:[—–\-●○▲△■□◆◇·•※]+|\d{1,2}[）)])"
_BULLET = regex.compile(rf"^(?:{_BULLET_MARK}|\d{{1,2}}[、])\s*")
_HAN = regex.compile(r"\p{Han}")
_COUNTED_UNIT = regex.compile(r"人数|件数|案件数")
_SCOPE_MARK = regex.compile(r"[（()）。\n；;]")  # the only characters that can end a 其中 list
_COMPLEMENT = regex.compile(r"(?:被)?(?:认定为|确定为|评为|列为|新获评|获评|为)(?P<what>[^，。；（(]{2,30})")
# Verbs that pick out what they count (遴选18项…, 选聘40名…): the metric keeps the verb.
_SELECTING = regex.compile(r"(?:遴选|选聘|聘任|任命|推荐|评选|认定|培育|开设|设立|举办)$")
# 专利申请量和授权量分别为…, 著作权、商标权和专利权案件分别为…: the measures named, in order, for
# the figures that follow
_NAME_CHAR = r"(?:涉及|[^，。；、和与及\d])"  # 涉及 is a verb, not 涉 + 及
_LISTED_NAMES = regex.compile(
    rf"(?:^|(?<=[，。；,\s]))(?:其中)?(?:全[市省区县])?"
    rf"(?P<names>{_NAME_CHAR}{{2,14}}?(?:、{_NAME_CHAR}{{1,14}}?)*[和与及、]{_NAME_CHAR}{{1,14}}?)"
    r"(?:分别为|分别是|分别达到|分别达)$"
)
_NAME_SEPARATOR = regex.compile(r"[、和与]|(?<!涉)及")
_SHARED_VERB = regex.compile(r"^(?:涉及|来自|属于|针对)")


def _end_of(value: str) -> str:
    """The last day an ISO date, month or year covers: 2024 -> 2024-12-31, 2024-06 -> 2024-06-30."""
    if len(value) == 4:
        return f"{value}-12-31"
    if len(value) == 7:
        year, month = int(value[:4]), int(value[5:7])
        return f"{value}-{calendar.monthrange(year, month)[1]:02d}"
    return value


_ASCII_BRACKET = regex.compile(r"[（(][\x21-\x7e]{1,10}[)）]")


def _key_of(metric: str) -> str:
    """The stable key of a metric phrase: its synonym, without an ASCII abbreviation in
    brackets (研究与试验发展（R&D）经费投入 and 研究与试验发展经费投入 are one measure)."""
    plain = _ASCII_BRACKET.sub("", metric)
    return _words().synonyms.get(plain, plain)


def _complete_name(first: str, second: str) -> str:
    """申请量 + 授权量 -> 专利授权量 when the first is 专利申请量: the shared stem carries over."""
    if len(first) > len(second) and first[-1] == second[-1]:
        return first[: len(first) - len(second)] + second
    return second


def _listed_names(names: str) -> list[str]:
    """The measures a 分别为 list names, each complete: 专利申请量和授权量 shares its stem
    (专利授权量); 操作系统、办公软件和杀毒软件采购金额 shares the tail the last name carries
    (items of one length, then a longer last one: 操作系统采购金额)."""
    items = [n for n in _NAME_SEPARATOR.split(names) if n]
    if "的" in items[-1] and not any("的" in n for n in items[:-1]):
        # 涉及商标权、专利权和著作权的扣留批次: the verb and the 的-tail are shared by every name
        tail = items[-1][items[-1].index("的"):]
        verb = _SHARED_VERB.match(items[0])
        lead = verb.group() if verb else ""
        return [(n if n.startswith(lead) else lead + n) + (tail if not n.endswith(tail) else "") for n in items]
    if len(items) == 2:
        return [items[0], _complete_name(items[0], items[1])]
    head, last = items[:-1], items[-1]
    width = len(head[0])
    if all(len(n) == width for n in head) and len(last) >= width + 2:
        tail = last[width:]
        return [n + tail for n in head] + [last]
    return items


_LABEL_COLON = regex.compile(r"(?:^|(?<=[。；\n]))(?P<label>[^，。；：:\n]{2,14})[：:][ \t]*(?:约|近|超过)?$")
# Plan-review words that say which value of an indicator a figure is, not which indicator.
_PLAN_WORDS = frozenset(["完成值", "实际完成值", "目标值", "规划目标", "基数", "基期值", "预期值", "现状值"])
_PLAN_WORDS_BEFORE = regex.compile(r"(?:完成值|目标值|规划目标|基数)(?:为|是|达到)?$")
_RATE_NAME = regex.compile(r"(?:率|比例|比重|占比|收比|案比)$")
_BARE_SHARE_WORDS = frozenset(["占比", "比例", "比重", "率"])
_NAMED_REFERENTS = regex.compile(
    r"^(?P<names>\p{Han}{1,6}(?:(?:和|与|及|、)\p{Han}{1,6})+?)(?:同比|环比|比上年|较上年)?分别"
)
_BEFORE_RESPECTIVELY = regex.compile(r"^(?P<names>\p{Han}{2,24}?)(?:则|也|还|均|都)?分别")
_COMPARISON_BEFORE = regex.compile(r"(?:较|比|与|同|相比|对比|和|是)$")
# 是2021年的1.4倍, 是上年的2倍: a multiple of an earlier level of the same thing
_COMPARED_TO = regex.compile(r"是[^，。；]{0,12}?的(?:约|近)?$")
_YEAR_IN_TITLE = regex.compile(r"((?:19|20)\d\d)年")
# A sentence that opens on the year's end states stocks: 年末全市共有公共图书馆15个，文化馆15个
_STOCK_OPENING = regex.compile(r"^(?:\d{4}年)?(?:年末|年底|末|全[市省县区]?共有|共有)")
# Openings of a paragraph that continue the one before without naming a subject.
_CONTINUATION_LEAD = regex.compile(
    rf"(?:{_BULLET_MARK}\s*)?"  # a bulletin's bullet before the words
    r"(?:(?:\d{4}年(?:\d{1,2}月)?(?:\d{1,2}日)?[，,]?)|全年|年内|同期)?(?:全[市省区县]?共|共|累计|同时|此外|另外|还|并|其中)"
)
_BRACKET_OR_BREAK = regex.compile(r"[（()）\n]")
_CHANGE_WORD = regex.compile(r"增长|下降|上升|减少|增加")
_AMONG_NAMED = regex.compile(r"(?<=^|[。\n])[ \t\u3000]*在?(?P<whole>[^，。；\n]{2,20}?)中[，,]")
# 按经营地分，… / 从进出口环节看，… / 分产业看，…: a breakdown of the whole just stated
_BREAKDOWN_OPENER = regex.compile(r"(?<=^|[。\n；;])[ \t\u3000]*(?:按|从|分)[^，。；\n]{1,10}?(?:分|看|来看|划分)[，,]")
_AMONG = regex.compile(r"\p{Han}{0,10}中[，,]")  # 选聘的1316名仲裁员中，…
# 品种有6个 measures 品种; 拥有/现有/具有 keep their 有.
_TRAILING_YOU = regex.compile(r"(?<![拥现具所享共])有$")
# 失业率为2.85% measures 失业率; 行为/作为/认为 keep their 为.
_TRAILING_COPULA = regex.compile(
    r"(?:约为|分别为|(?<![行作认成因])为|突破|保持在|稳定在|控制在|维持在|(?<![统设会审估预合总共累])计"
    r"|(?:提高|提升|增加|增长|上升|下降|降低|减少|缩短|压缩|扩大)(?:到|至))$"
)
# 全省法院共新收…案件: the phrase after the subject's 共 is what was counted (公共/总共 are words).
_SUBJECT_GONG = regex.compile(
    r"^.{1,12}?(?:(?<![公总一合])(?:共有|共计|共)(?![同享建赢识])|将力争|力争|(?<![即])将(?!军|来))(?=\p{Han}{2})"
)


def _after_subject(raw: str) -> str:
    m = _SUBJECT_GONG.match(raw)
    return raw[m.end():] if m else raw


# 争议标的 is a noun, not 争议标 + 的.
_NOUNS_ENDING_IN_DE = ("标的", "目的")
# Words after a figure that start a predicate, not the name of what was counted.
_PREDICATE_START = regex.compile(r"^(?:参加|增加|增长|达到|印发|制定|出台|签署|发布|联合|被|为|是|在|向|对)")


def _same_group(a: str, b: str) -> bool:
    groups = _words().unit_group
    return a == b or (a in groups and groups.get(a) == groups.get(b))


class Linker:
    def __init__(
        self,
        text: str,
        structure: Structure,
        quantities: list[QuantityHit],
        rankings: list[RankingHit],
        dates: list[DateHit],
        agencies: list[AgencyHit],
        report_year: int | None,
        presets: dict[int, tuple[str, str | None]] | None = None,
    ) -> None:
        self.text = text
        self.structure = structure
        self.quantities = quantities
        self.rankings = rankings
        self.dates = dates
        self.agencies = agencies
        self.report_year = report_year
        self.presets = presets or {}  # id(hit) -> (metric, period) read from a table row
        self.agency_at = {a.start: a for a in agencies}
        self.agency_ending = {a.end: a for a in agencies}
        # State one pass hands to a later step of the same pass
        self._pending_names: list[str] = []  # the names still to pair in 申请量和授权量分别为…
        self._whole_hints: dict[int, str] = {}  # 在X中 marker -> the whole X names
        self._paired_ranks: dict[int, int] = {}  # ranking index -> figure index (分别居…)
        self._stripped: dict[str, str] = {}  # phrase -> stripped metric, for this document only
        self.depth = self._bracket_depths()
        # Sorted starts for bisect: every lookup stays logarithmic, so long documents stay linear.
        self._q_starts = [q.start for q in quantities]
        self._d_starts = [d.start for d in dates]
        self._p_starts = [p[0] for p in structure.paragraphs]
        # A paragraph that plainly goes on from the one before (其中…, 2）其中…) belongs to its
        # block: dates and wholes are looked up from the block's start.
        self._block_starts: list[int] = []
        for s, _ in structure.paragraphs:
            goes_on = self._block_starts and _CONTINUATION_LEAD.match(text, s) is not None
            self._block_starts.append(self._block_starts[-1] if goes_on else s)
        # Cut out of metric phrases: agency names, dates and other figures (优良率85.5%，提高…).
        self._cut_spans = sorted(
            [(a.start, a.end) for a in agencies] + [(d.start, d.end) for d in dates]
            + [(q.start, q.end) for q in quantities if not self._is_threshold(q)]
        )
        self._cut_starts = [s for s, _ in self._cut_spans]
        inline = self._inline_brackets()
        self._breaks = [m.start() for m in _CLAUSE_BREAK_AT.finditer(text) if m.start() not in inline]
        self._section_years: dict[str, str] = {}
        self._report_year_text = str(report_year) if report_year else None
        for section in structure.sections:
            m = _YEAR_IN_TITLE.search(section.title)
            if m:
                self._section_years[section.id] = m.group(1)
        for section in structure.sections:  # subsections inherit their parent's year
            if section.id not in self._section_years and section.parent in self._section_years:
                self._section_years[section.id] = self._section_years[section.parent]

    # -- helpers -------------------------------------------------------------------------
    def _is_threshold(self, q: QuantityHit) -> bool:
        """5万元以上案件, 单笔1000万元以下的融资: the figure picks out a noun rather than
        stating an amount."""
        return q.approx in ("at_least", "at_most") and q.end < len(self.text) \
            and _HAN.match(self.text, q.end) is not None

    def _inline_brackets(self) -> set[int]:
        """Positions of the brackets of 执业（助理）医师, 研究与试验发展（R&D）经费投入: a short
        bracket inside a name, not a clause of its own."""
        out: set[int] = set()
        for m in _INLINE_BRACKET.finditer(self.text):
            out.update((m.start(), m.end() - 1))
        return out

    def _bracket_depths(self) -> list[int]:
        """Bracket depth at each quantity start: a part in （其中一审1400件） is one level down."""
        depths: list[int] = []
        depth = 0
        marks = _BRACKET_OR_BREAK.finditer(self.text)
        mark = next(marks, None)
        for q in self.quantities:
            while mark is not None and mark.start() < q.start:
                ch = mark.group()
                if ch in "（(":
                    depth += 1
                elif ch in "）)":
                    depth = max(0, depth - 1)
                else:
                    depth = 0  # a paragraph break closes whatever the export left open
                mark = next(marks, None)
            depths.append(depth)
        return depths

    def _clause_start(self, pos: int, floor: int) -> int:
        """Start of the clause holding `pos`, not before `floor` and at most _REACH back: a
        metric phrase is never longer, and the bound keeps long unpunctuated lines linear."""
        i = bisect_left(self._breaks, pos) - 1
        start = self._breaks[i] + 1 if i >= 0 else 0
        return max(start, floor, pos - _REACH)

    def _strip(self, phrase: str) -> str:
        # The same phrases come back for a figure's metric, its rate name and its subject check.
        stripped = self._stripped.get(phrase)
        if stripped is None:
            stripped = self._stripped[phrase] = self._strip_uncached(phrase)
        return stripped

    def _strip_uncached(self, phrase: str) -> str:
        w = _words()
        previous = None
        phrase = _BULLET.sub("", phrase.strip(" “”‘’\"、"))
        while previous != phrase:
            previous = phrase
            phrase = w.lead.sub("", phrase)
            phrase = w.trail.sub("", phrase)
            phrase = _TRAILING_YOU.sub("", phrase)
            phrase = _TRAILING_COPULA.sub("", phrase)
            phrase = phrase.strip(" “”‘’\"、")
        return phrase

    def _without_spans(self, start: int, end: int) -> str:
        """Text of [start, end) with agency mentions and dates cut out."""
        out = []
        pos = start
        lo = bisect_left(self._cut_starts, start)
        hi = bisect_left(self._cut_starts, end)
        for s, e in self._cut_spans[lo:hi]:
            if s >= pos:
                out.append(self.text[pos:s])
                pos = e
                if pos < end and self.text[pos] == "、":
                    pos += 1  # 申请公安部、国家烟草专卖局督办案件 -> 申请督办案件
        out.append(self.text[pos:end])
        return "".join(out)

    def metric_before(
        self, start: int, floor: int, previous_end: int | None, head_only: bool = True
    ) -> tuple[str, bool]:
        """The phrase before a figure, and whether it says the measured noun follows the figure
        (选聘的40名…, 等36个…, 和517家…)."""
        clause = self._clause_start(start, floor)
        if clause == start and start and self.text[start - 1] in "）)":
            # 建成技术与创新支持中心（TISC）9家: the bracket belongs to the phrase.
            opening = self.text.rfind("（" if self.text[start - 1] == "）" else "(", max(floor, start - 30), start)
            if opening > floor:
                clause = self._clause_start(opening, floor)
        if previous_end is not None and previous_end > clause:
            between = self.text[previous_end:start]
            comma = between.rfind("、")
            # 3项金奖、17项优秀奖: 金奖 is the last figure's noun; in …商标的箱包、服饰7.69万件 the
            # 、 joins the things this figure counts
            clause = previous_end + (comma + 1 if 0 <= comma <= 8 else 0)
        raw = _TITLES.sub("", self._without_spans(clause, start))
        raw = _words().change_end.sub("", raw)  # 比上年上涨 ends the phrase; 增加值 keeps its 增加
        after = _after_subject(raw)
        if after != raw and not self._strip(after):
            # 平均办理时间力争压缩至30日以内: nothing after 力争 names a measure; the subject does
            raw = _SUBJECT_VERB_END.sub("", raw[: len(raw) - len(after)])
        else:
            raw = after
        if raw.endswith(_NOUNS_ENDING_IN_DE):
            return self._strip(raw), False
        noun_follows = raw.endswith(("的", "等", "和", "与", "及", "、"))
        m = _OF_CUT.match(raw) if head_only else None
        if m and ("罪" in raw[m.end():] or self._strip(raw[m.end():]) in _words().generic):
            m = None  # 销售假冒注册商标的商品罪(案件) is one name; …专用标志的企业 needs its 的-phrase
        if m:
            raw = raw[m.end():]
        raw = _FROM_TO.sub("", raw)
        return self._strip(raw.rstrip("的等和与及、")), noun_follows

    def metric_after(self, end: int) -> str:
        m = _FOLLOWING_NOUN.match(self.text, end)
        if not m or _PREDICATE_START.match(m.group()):
            return ""
        return self._strip(m.group())

    # -- agencies ------------------------------------------------------------------------
    def agency_for_sentences(self) -> list[str | None]:
        """The responsible body for each sentence: its own subject, else the last subject of
        the paragraph. Where a paper indents its paragraphs, an unindented one is the PDF
        continuing the paragraph before it and keeps that paragraph's body; a new paragraph
        that names no body has none. Nothing carries across a section."""
        structure = self.structure
        indents = structure.paragraph_indents
        body = indents[len(structure.header_spans):]
        uses_indent = bool(body) and sum(1 for i in body if i >= 2) >= 0.3 * len(body)
        result: list[str | None] = []
        carried: str | None = None  # the body that opened the last paragraph that named one
        current: str | None = None  # the body of the sentence being read
        section = None
        paragraph_index = -1
        for s, e in structure.sentences:
            sec = structure.section_at(s)
            new_paragraph = False
            while paragraph_index + 1 < len(structure.paragraphs) and structure.paragraphs[paragraph_index + 1][0] <= s:
                paragraph_index += 1
                new_paragraph = True
            if sec != section:
                carried = None
                section = sec
            if new_paragraph:
                # 其中，…/同时，… plainly go on from the paragraph before, however indented
                continuation = _CONTINUATION_LEAD.match(self.text, s) is not None
                if uses_indent and not continuation:
                    continuation = indents[paragraph_index] < 2
                if not continuation:
                    carried = None
                current = carried
            # A clause after ；continues its sentence: 省公安厅…督办案件4起 there is not a new subject.
            starts_sentence = s == 0 or self.text[s - 1] in "。！？!?\n"
            opening = self._past_dates(s, e)
            lead = _SUBJECT_LEAD.match(self.text, opening, e)
            hit = self.agency_at.get(lead.end() if lead else opening)
            if hit is not None and not starts_sentence and hit.entry.kind != "international" \
                    and _words().measure_verb.match(self.text, hit.end) is not None:
                starts_sentence = True  # …审结3046件；思明区法院受理2107件: a new body acts after ；
            if hit is not None and starts_sentence and hit.entry.kind != "international":
                current = hit.entry.canonical
                if new_paragraph:
                    carried = current
            elif hit is None and starts_sentence and (
                _COLLECTIVE_SUBJECT.match(self.text, lead.end() if lead else opening, e)
                or _UNKNOWN_BODY_OPENING.match(self.text, lead.end() if lead else opening, e)
            ):
                # 全市公安机关共破获…: every body of the city; …保安警察第二总队查获…: a body no rule
                # knows. Either way not the one named before.
                current = None
            result.append(current)
        return result

    def _past_dates(self, pos: int, end: int) -> int:
        """Past the dates that open a sentence (今年以来，二〇二三年一季度，…) to its subject."""
        i = bisect_left(self._d_starts, pos)
        while i < len(self.dates) and self.dates[i].start == pos and pos < end:
            pos = self.dates[i].end
            if self.text.startswith(("以来", "期间"), pos):
                pos += 2
            if pos < end and self.text[pos] in "，,":
                pos += 1
            i = bisect_left(self._d_starts, pos)
        return pos

    def _sentence_index(self, pos: int) -> int:
        return max(0, bisect_right(self.structure._sentence_starts, pos) - 1)

    # -- periods -------------------------------------------------------------------------
    def _date_before(self, pos: int) -> DateHit | None:
        """The last date stated before `pos` in the same paragraph, leaving out comparison
        bases (较二○二一年下跌…: 2021 is what the figure is compared with, not its period)."""
        par_start = self._paragraph_start(pos)
        i = bisect_left(self._d_starts, pos) - 1
        while i >= 0 and self.dates[i].start >= par_start:
            d = self.dates[i]
            if _NAMES_ITS_YEAR.search(self.text, max(0, d.start - 3), d.start):
                i -= 1
                continue  # 发布2022年度典型案例: the year belongs to what was published
            before = _COMPARISON_BEFORE.search(self.text, max(0, d.start - 3), d.start)
            if before is None or (before.group() == "是" and not self.text.startswith("的", d.end)):
                return d  # 三是2024—2025年新建… is a period; 是2021年的1.4倍 a comparison
            i -= 1
        return None

    def _default_year(self, pos: int) -> str | None:
        """The report year, or the year a section's title names (七、2023年工作打算)."""
        if not self._section_years:
            return self._report_year_text
        section_id = self.structure.section_at(pos)
        return self._section_years.get(section_id or "", self._report_year_text)

    def _paragraph_start(self, pos: int) -> int:
        i = bisect_right(self._p_starts, pos) - 1
        return self._block_starts[i] if i >= 0 else 0

    def period_for(
        self, q_start: int, metric: str | None, clause: str, sentence: str = "", sentence_start: int = -1
    ) -> tuple[str | None, str]:
        year = self._default_year(q_start)
        date = self._date_before(q_start)
        sentence_like = self.text[sentence_start:q_start] if sentence_start >= 0 else clause
        if date is not None and date.year_inferred and date.qualifier == "year_end" \
                and _FULL_STOP.search(self.text, date.end, q_start):
            date = None  # 年末全县…。家禽出栏…: a bare 年末 frames its own sentence (…；… included) only
        if date is not None and date.start < sentence_start and date.qualifier in ("as_of", "year_end") \
                and _YEAR_WHOLE_OPENING.match(sentence) and not _CUMULATIVE_WORDS.search(clause):
            # 截至2023年底，…达到23家。全年共聘请…42名: the new sentence counts the year's flow
            return date.value[:4], "flow"
        if date is not None and date.start < q_start - len(clause) and not date.value_end \
                and (date.granularity in ("day", "month") or date.qualifier in ("as_of", "year_end")) \
                and _YEAR_WHOLE_OPENING.search(clause):
            # 2023年4月26日，…，全年组织开展宣传活动120余场 / 年末…达X户，全年新登记Y户: the whole year
            return date.value[:4], "flow"
        metric = metric or ""
        is_flow_metric = _FLOW_WORDS.search(metric) is not None
        if date is not None and date.qualifier == "as_of" and date.granularity == "day":
            since = self._date_before(date.start)
            if since is not None and since.qualifier == "since" and date.start - since.end < 8 \
                    and since.value[:4] == date.value[:4]:
                # 2023年以来，截至11月底，受理…8426件: the year to the end of November
                return f"{since.value[:4]}-01/{date.value[:7]}", "flow"
        if date is not None and date.qualifier == "since":
            if year and date.value == year:  # 2023年以来 in the 2023 paper: this year so far
                return year, "flow"
            end = year or date.value[:4]
            return f"{date.value}/{end}", "cumulative"
        stock_metric = _STOCK_WORDS.search(metric) is not None  # 有效注册商标累计达…: still a stock
        frame = _YEARS_FRAME.match(sentence)
        if frame is not None and not stock_metric and (date is None or date.start < sentence_start):
            counted = self._years_counted(frame.group(), date, year, _YEARS_FRAME)
            if counted is not None:
                return counted, "cumulative"
        if date is not None and date.value_end and date.granularity == "year" and date.start >= sentence_start \
                and not stock_metric and date.qualifier in ("span", None) \
                and _TOTAL_WORDS.search(sentence_like) and not _WITHIN_YEAR.search(clause):
            return f"{date.value}/{date.value_end}", "cumulative"  # 2021年至2023年，…共受理…
        if not stock_metric and _CUMULATIVE_WORDS.search(clause) is not None and not _WITHIN_YEAR.search(clause) is not None:
            counted = self._years_counted(clause, date, year)
            if counted is not None:
                return counted, "cumulative"
            if date is not None and date.value_end:  # 2021—2023年，全县累计投入…
                return f"{date.value}/{date.value_end}", "cumulative"
            if date is not None and date.qualifier == "as_of":  # 截至3月底…累计达1356件
                return date.value, "cumulative"
            end = date.value[:4] if date is not None else year
            # 累计达144个: a running total at the end of the year (no start stated)
            return (f"{end}-12-31" if end and len(end) == 4 else end), "cumulative"
        if date is not None and date.qualifier == "as_of" and not is_flow_metric:
            return date.value, "stock"
        if date is not None and date.qualifier == "year_end" and not is_flow_metric:
            return f"{date.value[:4]}-12-31", "stock"  # 2022年末，全市常住人口…
        if not is_flow_metric and _STOCK_OPENING.match(sentence):
            return (f"{year}-12-31" if year else None), "stock"
        standing = not is_flow_metric and _STANDING_END.search(metric) is not None and not _BUILT.match(metric) \
            and _REACHED_END.search(clause) is not None
        if _STOCK_WORDS.search(metric) is not None or _STOCK_CLAUSE_WORDS.search(clause) is not None or standing:
            if date is not None and date.qualifier == "as_of":
                return date.value, "stock"
            if date is not None and not date.value_end:
                # 规划目标为2025年达到25件: the stock at 2025's end; 二季度末…突破10万件: at that day
                return _end_of(date.value), "stock"
            return (f"{year}-12-31" if year else None), "stock"
        if date is not None:
            if date.value_end:
                return f"{date.value}/{date.value_end}", "flow"
            if date.qualifier == "as_of":
                return date.value[:4], "flow"
            return date.value, "flow"
        return year, "flow"

    @staticmethod
    def _years_counted(
        clause: str, date: DateHit | None, year: str | None, pattern: regex.Pattern[str] = _YEARS_COUNTED
    ) -> str | None:
        """三年累计 in the mid-term review of a 2021—2025 plan: the plan's first three years;
        近三年累计 elsewhere: the three years up to the report year."""
        m = pattern.search(clause)
        n = parse_numeral(m.group("n")) if m else None
        if n is None or not 1 < n <= 20:
            return None
        if date is not None and date.value_end:
            first, last = int(date.value[:4]), int(date.value_end[:4])
            if first + int(n) - 1 <= last:
                return f"{first}/{first + int(n) - 1}"
            return None
        if year is None or not year.isdigit():
            return None
        return f"{int(year) - int(n) + 1}/{year}"

    # -- the whole pass ----------------------------------------------------------------
    def link(self) -> tuple[list[Facts], list[Facts]]:
        sentence_agency = self.agency_for_sentences()
        facts = [Facts() for _ in self.quantities]
        previous: QuantityHit | None = None
        previous_facts: Facts | None = None
        for i, q in enumerate(self.quantities):
            f = facts[i]
            si = self._sentence_index(q.start)
            sentence_start = self.structure.sentences[si][0]
            f.agency = sentence_agency[si]
            clause_at = self._clause_start(q.start, sentence_start)
            clause_body = self.agency_at.get(clause_at)
            if clause_body is None and self.text.startswith("其中", clause_at):  # …，其中南昌知识产权法庭受理…
                clause_lead = _SUBJECT_LEAD.match(self.text, clause_at, q.start)
                clause_body = self.agency_at.get(clause_lead.end()) if clause_lead else None
            if clause_body is not None and clause_body.entry.kind != "international" \
                    and _words().measure_verb.match(self.text, clause_body.end) is not None:
                f.agency = clause_body.entry.canonical  # …，湖里区法院受理1653件: the clause names its body
            named = self.agency_ending.get(q.start - 1) if q.start and self.text[q.start - 1] == "等" else None
            if named is not None and not self._partner_list(named):
                # 省市场监管局等十七部门: the count is of that body and its peers
                f.agency = named.entry.canonical
            preset = self.presets.get(id(q))
            if preset is not None:  # a table cell: row label and column name say what it is
                f.metric = preset[0] or None
                f.metric_key = _key_of(preset[0]) if preset[0] else None
                period, period_type = self.period_for(q.start, f.metric, "", "")
                f.period = preset[1] or period
                if preset[1] and (len(preset[1]) == 10 or _STOCK_WORDS.search(f.metric or "")):
                    # 2023年末…情况 over the table, or a stock row under year columns: year-end stocks
                    f.period, period_type = _end_of(preset[1]), "stock"
                f.period_type = "other" if q.role == "share" else period_type
                continue
            same_clause_prev = (
                previous.end
                if previous is not None and previous.end > self._clause_start(q.start, sentence_start) - 1
                and previous.end <= q.start
                else None
            )
            # A share keeps its whole phrase: 企业持有的商标约占三分之二 is not a share of all 商标
            metric, noun_follows = self.metric_before(
                q.start, sentence_start, same_clause_prev, head_only=q.role != "share"
            )
            following = self.metric_after(q.end)
            among = _AMONG_THESE.match(following) if self.text[max(0, q.start - 1) : q.start] == "在" else None
            if among:  # 在17件案件中适用惩罚性赔偿: the cases are where 适用惩罚性赔偿 happened
                following = among.group("what")
            if len(following) >= 2 and (
                noun_follows or len(metric) < 2 or _words().verb_end.search(metric)
                or (len(metric) <= 3 and len(following) >= 4)
            ):
                verb = _SELECTING.search(metric) if not noun_follows else None
                # 遴选18项关键核心技术专利组合 measures what was selected: 遴选关键核心技术专利组合
                metric = verb.group() + following if verb else following
            if metric in _words().generic:
                # 12家单位被认定为…培育单位, 确定…等20个项目为…导航项目: the sentence says which
                complement = _COMPLEMENT.match(self.text, q.end + len(metric), min(len(self.text), q.end + 60))
                if complement:
                    what = self._strip(_TITLES.sub("", self._without_spans(complement.start("what"), complement.end("what"))))
                    metric = regex.sub(r"[“”\"]", "", what) or metric
            if not metric and previous_facts is not None and previous is not None \
                    and previous.start >= sentence_start and self.text[previous.end : q.start] in ("", "、", "和", "及", "与"):
                metric = previous_facts.metric or ""  # 52件86人, 494期、3027篇: the same things counted
            listed = _LISTED_NAMES.search(self.text, max(sentence_start, q.start - 40), q.start)
            if listed:  # 专利申请量和授权量分别为5.2万件和2.8万件: the first figure is the 申请量
                metric, *self._pending_names = _listed_names(listed.group("names"))
            elif self._pending_names and previous is not None \
                    and self.text[previous.end : q.start] in ("和", "、", "及", "与"):
                metric = self._pending_names.pop(0)
            else:
                self._pending_names = []
            if not metric:
                label = _LABEL_COLON.search(self.text, max(sentence_start, q.start - _REACH), q.start)
                if label:  # 查扣批次：2863批次
                    metric = self._strip(label.group("label"))
            near = max(sentence_start, q.start - _REACH)  # every look back is bounded: long lines stay linear
            if metric in _PLAN_WORDS or (not metric and _PLAN_WORDS_BEFORE.search(self.text, near, q.start)) \
                    or (not metric and previous is None or not metric and previous.start < sentence_start):
                # 有效注册商标量。2023年完成值为51.2万件: the indicator is the clause before
                metric = self._heading_clause(sentence_start) or metric
            if _CHANGED_TO.match(metric) and previous_facts is not None:
                metric = previous_facts.metric or ""  # …由最初的5家增加到现有的45家
            if not metric and previous_facts is not None and previous is not None and previous.start >= sentence_start:
                metric = previous_facts.metric or ""  # 通过…品种有6个，累计达144个
                if "累计" in self.text[max(sentence_start, q.start - 8) : q.start]:
                    metric = _NEW_PREFIX.sub("", metric)  # 新增备案374项，累计达2438项: all of them
            if q.role == "share":
                part = _SHARE_OF.search(metric)
                if part and part.start() >= 2:  # 经网上提交的申请约占申请总数的…: the part is the measure
                    metric = metric[: part.start()]
            if metric in _BARE_TOTALS and previous_facts is not None and previous is not None \
                    and previous.start >= sentence_start and previous_facts.metric:
                metric = _NEW_PREFIX.sub("", previous_facts.metric) + metric
            f.metric = metric or None
            f.metric_key = _key_of(metric) if metric else None
            clause = self.text[self._clause_start(q.start, sentence_start) : q.start]
            # the sentence opening (年末…, 全县共有…) decides stocks: its first words are enough
            sentence = self.text[sentence_start : min(q.start, sentence_start + 12)]
            f.period, f.period_type = self.period_for(q.start, f.metric, clause, sentence, sentence_start)
            near_text = self.text[near : q.start]
            if f.period_type == "flow" and _SINCE_EVENT.search(near_text) and self._date_before(q.start) is None:
                f.period, f.period_type = (f"{f.period[:4]}-12-31" if f.period else None), "cumulative"
            if _STARTING_LEVEL.search(self.text, max(sentence_start, q.start - 6), q.start):
                f.period, f.period_type = None, "other"
            baseline = _BASELINE.search(self.text, max(sentence_start, q.start - 10), q.start)
            if baseline and previous_facts is not None:
                # 51.2万件，较2020年的38.7万件增长32.3%: the base is the same indicator, in 2020
                f.metric, f.metric_key = previous_facts.metric, previous_facts.metric_key
                year = baseline.group("year")
                stock = previous_facts.period_type == "stock"
                f.period, f.period_type = (f"{year}-12-31", "stock") if stock else (year, previous_facts.period_type)
                f.baseline = True
            if q.kind in ("fraction", "multiple") or q.role == "share":
                f.period_type = "other"
            elif self._is_threshold(q):
                f.period_type = "other"  # 5万元以上案件: measures the 案件 it picks out
                f.metric = self._threshold_measure(q.start, sentence_start) or following or f.metric
                f.metric_key = _key_of(f.metric) if f.metric else None  # 5万元以上案件: a threshold, not an amount
            elif q.kind == "money" and _POLICY_WORDS.search(clause) is not None:
                f.period_type = "other"
            if f.period_type != "other" or q.kind != "money":
                previous, previous_facts = q, f
        # Parts first, so that keys carried to later figures (…纠纷·争议标的) already name their
        # whole; changes last, so that they copy final keys.
        self._year_lists(facts)
        self._link_parts(facts)
        self._carry_subjects(facts)
        self._link_multiples(facts)
        self._link_changes(facts)
        ranking_facts = self._link_rankings(sentence_agency, facts)
        return facts, ranking_facts

    def _link_multiples(self, facts: list[Facts]) -> None:
        """受理案件137件，是2021年的1.4倍: the multiple describes the 137件 (its `of`)."""
        qs = self.quantities
        for i, q in enumerate(qs):
            if q.kind != "multiple" or q.role != "level":
                continue
            sentence_start = self.structure.sentences[self._sentence_index(q.start)][0]
            if not _COMPARED_TO.search(self.text, max(sentence_start, q.start - 16), q.start):
                continue
            level = next((j for j in range(i - 1, bisect_left(self._q_starts, sentence_start) - 1, -1)
                          if qs[j].role == "level" and qs[j].kind != "multiple"), None)
            if level is None:
                continue
            f = facts[i]
            f.of, f.metric, f.metric_key = level, facts[level].metric, facts[level].metric_key
            f.agency = f.agency or facts[level].agency
            f.period, f.period_type = facts[level].period, "other"

    def _heading_clause(self, sentence_start: int) -> str | None:
        """The short sentence that opens the paragraph (有效注册商标量。) when it is a bare
        indicator name."""
        start = self._paragraph_start(sentence_start)
        stop = self.text.find("。", start, sentence_start)
        if stop == -1 or stop - start > 24:
            return None
        name = self.text[start:stop]
        heading = match_heading(name)
        if heading:
            name = name[heading.end():]
        name = self._strip(name.strip())
        if 2 <= len(name) <= 20 and not any(ch in name for ch in "，,；"):
            return name
        return None

    def _carry_subjects(self, facts: list[Facts]) -> None:
        """兽药企业申请专利48项，获得专利证书58项: the second key is 兽药企业获得专利证书. The
        metric stays as written; only the key takes the subject, within one 。 sentence."""
        verb = _words().measure_verb
        subject: str | None = None
        intake: str | None = None
        thing: tuple[str, str] | None = None  # (key, unit) of the last thing counted
        sentence_end = -1
        for q, f in zip(self.quantities, facts):
            if q.start > sentence_end:
                subject = None
                intake = None
                thing = None
                stop = self.text.find("。", q.start)
                sentence_end = stop if stop != -1 else len(self.text)
            if not f.metric or q.role != "level":
                continue
            if f.metric in _words().attributes:
                if thing and thing[1] != q.unit and f.metric_key == f.metric:
                    f.metric_key = f"{thing[0]}·{f.metric}"  # 走私卷烟·案值
                continue
            if q.unit not in _PERSON_UNITS:  # 抓获犯罪嫌疑人19名，涉案金额…: the amount is the cases'
                thing = (f.metric_key or f.metric, q.unit)
            staged = _AFTER_REVIEW.sub("", f.metric)  # 经审查批准逮捕 is the 批准逮捕 stage
            stage = _words().stage.match(staged)
            if stage and _words().stages[stage.group()] == "intake":
                intake = f.metric
            elif stage and intake and f.metric_key in (f.metric, staged):
                f.metric_key = f"{intake}·{staged}"  # 受理…审查逮捕案件·批准逮捕
                continue
            m = verb.search(f.metric)
            if m is None:
                continue
            if m.start() >= 2:
                subject = f.metric[: m.start()]
            elif m.start() == 0 and subject and f.metric_key == f.metric:
                f.metric_key = subject + f.metric

    def _link_changes(self, facts: list[Facts]) -> None:
        """growth/delta/share -> the level figure they describe (`of`)."""
        qs = self.quantities
        i = 0
        while i < len(qs):
            q = qs[i]
            if q.role == "level":
                i += 1
                continue
            # A run of changes joined by 和/、: 同比分别增长21.3%和11.6%
            run = [i]
            while run[-1] + 1 < len(qs) and qs[run[-1] + 1].role == q.role and \
                    self.text[qs[run[-1]].end : qs[run[-1] + 1].start] in ("和", "、", "及", "与", "，"):
                run.append(run[-1] + 1)
            sentence_start = self.structure.sentences[self._sentence_index(q.start)][0]
            lead = self.text[max(sentence_start, q.start - 12) : q.start]
            if q.unit == "百分点":
                # 优良率85.5%，比上年提高2.3个百分点: a change in points is a change of a rate.
                levels = [
                    j for j in range(i - 1, bisect_left(self._q_starts, sentence_start) - 1, -1)
                    if qs[j].unit == "%" and qs[j].role in ("level", "share") and self.depth[j] == self.depth[i]
                ]
            else:
                levels = [
                    j for j in range(i - 1, bisect_left(self._q_starts, sentence_start) - 1, -1)
                    if qs[j].role == "level" and self.depth[j] == self.depth[i] and not facts[j].baseline
                ]
            if "分别" in lead and len(run) > 1 and not levels:
                # 美国及日本的申请则分别占16.8%和10.2%: no figure to hang them on; the names say what
                names = self._names_before_respectively(q.start, sentence_start)
                if len(names) == len(run):
                    for k, name in zip(run, names):
                        facts[k].metric, facts[k].metric_key = name, _key_of(name)
                    i = run[-1] + 1
                    continue
            referents = self._referents(q.start, sentence_start) if "分别" in lead else []
            if "分别" in lead and len(run) > 1 and len(referents) == len(run) and len(levels) >= len(run):
                pairs = list(zip(run, self._match_referents(referents, levels, facts)))
            elif "分别" in lead and len(run) > 1 and len(levels) >= len(run):
                # 分别占起诉总人数的A和B over 46件107人、17件41人: the shares are of the persons
                counted = _COUNTED_UNIT.search(self.text, max(sentence_start, q.start - 16), q.start)
                if counted:
                    group = "persons" if counted.group() == "人数" else "cases"
                    hinted = [j for j in levels if _words().unit_group.get(qs[j].unit) == group]
                    if len(hinted) >= len(run):
                        levels = hinted
                pairs = list(zip(run, reversed(levels[: len(run)])))
            else:
                named = self._level_named_by_unit(q.start, sentence_start, levels)
                pairs = [(k, named if named is not None else levels[0]) for k in run] if levels else []
            linked = pairs
            if "分别" not in lead:
                linked = [(k, level) for k, level in pairs if not self._names_its_own_subject(k, level, sentence_start, facts)]
            for k, level in linked:
                own_rate = self._named_rate(k, sentence_start) if qs[k].role == "share" else None
                if own_rate is not None:
                    # 批捕率为63.8%: a rate with its own name measures that, not the count before it;
                    # a long name (…涉及侵权投诉的比例) has its own subject and stands alone.
                    facts[k].metric, facts[k].metric_key = own_rate, _key_of(own_rate)
                    if len(own_rate) <= 4 and own_rate.endswith("率"):  # 结收比 relates two counts
                        facts[k].of = level
                        facts[k].agency = facts[k].agency or facts[level].agency
                    continue
                facts[k].of = level
                facts[k].metric = facts[level].metric
                facts[k].metric_key = facts[level].metric_key
                facts[k].agency = facts[k].agency or facts[level].agency
                facts[k].period = facts[level].period
                if qs[k].role != "share":
                    # a change of a rate (优良率…提高2.3个百分点) is still a change over the year
                    level_type = facts[level].period_type
                    facts[k].period_type = "flow" if level_type == "other" else level_type
            if not pairs:
                for k in run:
                    self._metric_from_previous_clause(k, facts, sentence_start)
            i = run[-1] + 1

    def _names_its_own_subject(self, k: int, level: int, sentence_start: int, facts: list[Facts]) -> bool:
        """…不少于1200起，推动侵权假冒犯罪案件发案数下降5%以上: a change whose own clause names
        another measure is a change of that measure, not of the figure before it."""
        q = self.quantities[k]
        clause_at = self._clause_start(q.start, sentence_start)
        if q.role not in ("growth", "delta") or self.quantities[level].end >= clause_at or q.start - clause_at < 6:
            return False  # 同比增长18.2%: too short a clause to name a measure of its own
        own, _ = self.metric_before(q.start, sentence_start, None, head_only=False)
        if len(own) < 4 or _COMPARISON_WORDS.search(own) or own == facts[level].metric:
            return False
        facts[k].metric, facts[k].metric_key = own, _key_of(own)
        return True

    def _named_rate(self, k: int, sentence_start: int) -> str | None:
        """The rate's own name when the words before the figure give one (批捕率, 结案率,
        每千件商标中涉及侵权投诉的比例), else None."""
        own, _ = self.metric_before(self.quantities[k].start, sentence_start, None, head_only=False)
        if own in _BARE_SHARE_WORDS or not _RATE_NAME.search(own) or own.startswith("占"):
            return None  # 占全市地区生产总值的比重为5.21%: the share of the figure before
        return own

    def _partner_list(self, last: AgencyHit) -> bool:
        """市检察院与市市场监督管理局、宁波海关等12家单位…: bodies joined to the subject by 与
        are its partners; the subject still states the figure."""
        first = last
        while first.start and self.text[first.start - 1] == "、" and first.start - 1 in self.agency_ending:
            first = self.agency_ending[first.start - 1]
        return self.text[max(0, first.start - 2) : first.start].endswith(("与", "会同", "联合"))

    def _level_named_by_unit(self, pos: int, sentence_start: int, levels: list[int]) -> int | None:
        """…1530批次、62.4万件，其中寄递渠道扣留批次占84.7%: the clause names the unit of the figure
        it describes (批次), not the nearest one."""
        own = self.text[self._clause_start(pos, sentence_start) : pos]
        return next((j for j in levels if len(self.quantities[j].unit) >= 2 and self.quantities[j].unit in own), None)

    def _year_lists(self, facts: list[Facts]) -> None:
        """2021年、2022年、2023年，…分别受理…152件、177件、203件: each figure takes its year."""
        i = 0
        while i < len(self.dates):
            run = [i]
            while run[-1] + 1 < len(self.dates) and self.text[self.dates[run[-1]].end : self.dates[run[-1] + 1].start] in _LIST_JOINERS:
                run.append(run[-1] + 1)
            i = run[-1] + 1
            if len(run) < 2 or any(self.dates[j].granularity != "year" or self.dates[j].value_end for j in run):
                continue
            _, sentence_end = self.structure.sentence_at(self.dates[run[0]].start)
            after = self.dates[run[-1]].end
            respectively = self.text.find("分别", after, sentence_end)
            if respectively == -1:
                continue
            figures = [k for k in range(bisect_left(self._q_starts, respectively), bisect_left(self._q_starts, sentence_end))
                       if self.quantities[k].role == "level"]
            if len(figures) != len(run):
                continue
            for k, j in zip(figures, run):
                if facts[k].period_type == "flow":
                    facts[k].period = self.dates[j].value

    def _names_before_respectively(self, pos: int, sentence_start: int) -> list[str]:
        clause = self.text[self._clause_start(pos, sentence_start) : pos]
        m = _BEFORE_RESPECTIVELY.match(clause)
        if not m or not _NAME_SEPARATOR.search(m.group("names")):
            return []
        return _listed_names(m.group("names"))

    def _referents(self, pos: int, sentence_start: int) -> list[str]:
        """批次和数量同比分别增长…: the things the changes are of, named before 分别."""
        clause = self.text[self._clause_start(pos, sentence_start) : pos]
        m = _NAMED_REFERENTS.match(clause)
        if not m:
            return []
        return [w for w in regex.split(r"和|与|及|、", m.group("names")) if w]

    def _match_referents(self, referents: list[str], levels: list[int], facts: list[Facts]) -> list[int]:
        """Each named referent takes the figure whose unit or metric it names (批次 -> 2863批次);
        the rest take the remaining figures in order."""
        qs = self.quantities
        candidates = sorted(levels[: len(referents) + 2])
        chosen: list[int | None] = []
        for name in referents:
            hit = next((j for j in candidates if j not in chosen
                        and (qs[j].unit == name or name in (facts[j].metric or ""))), None)
            chosen.append(hit)
        rest = [j for j in candidates if j not in chosen and qs[j].kind != "money"]
        return [c if c is not None else rest.pop(0) if rest else levels[0] for c in chosen]

    def _metric_from_previous_clause(self, k: int, facts: list[Facts], sentence_start: int) -> None:
        """同比增长65.63% with no figure before it: the subject of the clause that precedes."""
        q = self.quantities[k]
        own, _ = self.metric_before(q.start, sentence_start, None)
        if own:
            return
        clause_start = self._clause_start(q.start, sentence_start)
        prev_start = self._clause_start(max(sentence_start, clause_start - 1), sentence_start)
        raw = self._without_spans(prev_start, max(prev_start, clause_start - 1))
        cut = _CHANGE_WORD.search(raw)
        if cut:
            raw = raw[: cut.start()]
        m = _OF_CUT.match(raw)
        if m:
            raw = raw[m.end():]
        metric = self._strip(raw)
        if metric:
            facts[k].metric = metric
            facts[k].metric_key = _key_of(metric)

    def _link_parts(self, facts: list[Facts]) -> None:
        """其中 lists, bracketed breakdowns and N名…中 make children of a whole (`parent`)."""
        text = self.text
        qs = self.quantities
        scopes: list[tuple[int, int, int, bool]] = []  # (start, end, marker, at_sentence_start)
        self._whole_hints.clear()
        for m in regex.finditer(r"其中", text):
            k = m.start()
            depth = 0
            end = len(text)
            opened_before = self._open_bracket_before(k)
            # 其中：A…；B… lists across semicolons; 其中A…、B…；next thing stops at the semicolon
            colon_list = text.startswith(("其中：", "其中:"), k)
            semicolon: int | None = None
            for mark in _SCOPE_MARK.finditer(text, k, min(len(text), k + 600)):
                j, ch = mark.start(), mark.group()
                if opened_before is not None and ch == _BRACKETS[opened_before] and depth == 0:
                    end = j
                    break
                if ch in "（(":
                    depth += 1
                elif ch in "）)":
                    depth = max(0, depth - 1)
                elif depth == 0 and ch in "。\n":
                    end = j
                    break
                elif depth == 0 and ch in "；;" and semicolon is None:
                    semicolon = j
            # 其中 that opens a sentence or a ；-clause describes what the clause before stated
            at_start = k == 0 or text[k - 1] in "。\n；;" or (text[k - 1] in "，," and k >= 2 and text[k - 2] in "。；;")
            if semicolon is not None and not colon_list and not at_start and semicolon < end \
                    and not any(qs[j].role == "level" and qs[j].kind not in ("percent", "fraction")
                                for j in range(bisect_left(self._q_starts, k), bisect_left(self._q_starts, semicolon))):
                end = semicolon  # 其中美术作品占比过半；软件登记量…: a part with no figure ends its clause
            elif semicolon is not None and not colon_list and semicolon < end \
                    and _words().stage.match(text, semicolon + 1) is not None:
                end = semicolon  # …，其中移送公安机关5件；办结案件43件: the next stage of the whole, not a part
            scopes.append((k, end, k, at_start))
        # Both openers stand at a sentence start: trying them there only keeps the pass cheap.
        sentence_starts = [st for st, _ in self.structure.sentences]
        shared_whole: set[int] = set()  # 按权利类型分，A…、B…、C…: every part is of one whole
        for m in filter(None, (_BREAKDOWN_OPENER.match(text, st) for st in sentence_starts)):
            shared_whole.add(m.start())
            # 按经营地分，城镇…，乡村…: the parts of the figure the sentence before stated
            stop = text.find("。", m.end(), m.end() + 600)
            scopes.append((m.end(), stop if stop != -1 else min(len(text), m.end() + 600), m.start(), True))
        for m in filter(None, (_AMONG_NAMED.match(text, st) for st in sentence_starts)):
            # 在民事一审案件中，著作权案件13256件: the parts of a whole named in the sentence before.
            end = m.end()
            stop = text.find("。", end, end + 600)
            scopes.append((end, stop if stop != -1 else min(len(text), end + 600), m.start(), True))
            self._whole_hints[m.start()] = m.group("whole")
        for i, q in enumerate(qs):
            nxt = q.end
            if nxt < len(text) and text[nxt] in _BRACKETS:
                close = text.find(_BRACKETS[text[nxt]], nxt)
                if close != -1 and close - nxt < 200:
                    scopes.append((nxt, close, nxt, False))
            m = _AMONG.match(text[nxt : nxt + 14])
            if m and q.role == "level":
                end = nxt + m.end()
                stop = end
                while stop < len(text) and text[stop] not in "。；;\n":
                    stop += 1
                scopes.append((end, stop, end, False))
        scopes.sort(key=lambda s: s[1] - s[0])
        for start, end, marker, at_start in scopes:
            children = [
                i for i in range(bisect_left(self._q_starts, start), bisect_left(self._q_starts, end))
                if qs[i].role == "level" and facts[i].parent is None and facts[i].period_type != "other"
            ]
            filled: dict[int, Decimal] = {}
            first_whole: int | None = None  # the parts of one list share their whole
            for c in children:
                if first_whole is not None and marker in shared_whole and _same_group(qs[first_whole].unit, qs[c].unit):
                    parent: int | None = first_whole
                else:
                    parent = self._find_parent(c, marker, at_start, facts)
                if parent is not None and _AVERAGE.search(facts[parent].metric or ""):
                    parent = None  # 按常住地分，城镇居民人均…: averages of groups do not add up to it
                if parent is not None:
                    whole = qs[parent].value
                    so_far = filled.get(parent, Decimal(0))
                    if whole is not None and so_far >= whole and so_far > 0:
                        continue  # 19+4 already make the 23: what follows is not a part
                    if qs[c].value is not None:
                        filled[parent] = so_far + qs[c].value
                    facts[c].parent = parent
                    first_whole = parent if first_whole is None else first_whole
                    # 受理…53件，其中特许经营合同纠纷45件 / 审结…43件，其中特许经营合同纠纷37件: the
                    # part's key names its whole, so the two 特许经营合同纠纷 stay apart
                    if facts[parent].metric_key and facts[c].metric_key and \
                            facts[c].metric_key != facts[parent].metric_key:
                        facts[c].metric_key = f"{facts[parent].metric_key}·{facts[c].metric_key}"
                    # 年末户籍总人口…。其中，城镇人口…: a part is counted when its whole is,
                    # unless it names its own time (累计完成…，其中2023年当年完成…).
                    if not self._dated_between(marker, qs[c].start):
                        facts[c].period, facts[c].period_type = facts[parent].period, facts[parent].period_type

    def _threshold_measure(self, start: int, floor: int) -> str | None:
        """涉案金额在100万元以上的案件, 案值10万元以上的案件: the threshold is of the amount
        named right before it, not of the 案件 it picks out."""
        before = _THRESHOLD_LINK.sub("", self.text[self._clause_start(start, floor) : start])
        return next((w for w in _words().attributes_longest_first if before.endswith(w)), None)

    def _dated_between(self, start: int, end: int) -> bool:
        i = bisect_left(self._d_starts, start)
        return i < len(self.dates) and self.dates[i].start < end

    def _open_bracket_before(self, pos: int) -> str | None:
        depth = 0
        for j in range(pos - 1, max(-1, pos - 200), -1):
            ch = self.text[j]
            if ch in "）)":
                depth += 1
            elif ch in "（(":
                if depth == 0:
                    return ch
                depth -= 1
            elif ch in "。\n":
                return None
        return None

    def _find_parent(self, child: int, marker: int, at_start: bool, facts: list[Facts]) -> int | None:
        qs = self.quantities
        c = qs[child]
        text = self.text
        sentence_start = marker
        # The whole of a mid-sentence 其中 is in the same clause chain: after the last ；/。
        while sentence_start > 0 and marker - sentence_start < 600 and text[sentence_start - 1] not in "。；;\n":
            sentence_start -= 1
        floor = sentence_start
        if at_start:
            floor = self._paragraph_start(marker)
            if floor == sentence_start:  # 其中 opens a paragraph: the PDF broke after the whole
                floor = self._paragraph_start(max(0, floor - 1))
        last = bisect_left(self._q_starts, marker)
        candidates = [
            j for j in range(max(bisect_left(self._q_starts, floor), last - 40), last)
            if qs[j].end <= marker and qs[j].role == "level"
            and _same_group(qs[j].unit, c.unit) and facts[j].period_type != "other" and j != child
            and (qs[j].value is None or c.value is None or qs[j].value >= c.value)
        ]
        if not candidates:
            return None
        child_metric = set(facts[child].metric or "")

        def score(j: int) -> tuple[int, int]:
            return (len(child_metric & set(facts[j].metric or "")), qs[j].start)

        hint = self._whole_hints.get(marker)
        if hint is not None:
            # 在民事一审案件中 names its whole; 在审理的某专利侵权案中 names a case, not a whole
            candidates = [j for j in candidates if len(set(hint) & set(facts[j].metric or "")) >= 3]
            if not candidates:
                return None
        in_sentence = [j for j in candidates if qs[j].start >= sentence_start]
        pool = in_sentence or candidates
        if hint is not None:  # the figure the hint names best, then the usual order
            return max(pool, key=lambda j: (len(set(hint) & set(facts[j].metric or "")), *score(j)))
        return max(pool, key=score)

    def _link_rankings(self, sentence_agency: list[str | None], quantity_facts: list[Facts]) -> list[Facts]:
        out: list[Facts] = []
        previous: RankingHit | None = None
        for index, r in enumerate(self.rankings):
            if "分别" in self.text[max(0, r.start - 4) : r.start]:
                # 产品66个、地理标志478件，分别居西部第2位和第1位: ranks pair with the figures in order
                group = [index]
                while group[-1] + 1 < len(self.rankings) and \
                        self.rankings[group[-1] + 1].start - self.rankings[group[-1]].end <= 1:
                    group.append(group[-1] + 1)
                si = self._sentence_index(r.start)
                lo = bisect_left(self._q_starts, self.structure.sentences[si][0])
                hi = bisect_left(self._q_starts, r.start)
                levels = [j for j in range(lo, hi) if self.quantities[j].role == "level"]
                if len(group) > 1 and len(levels) >= len(group):
                    self._paired_ranks.update(zip(group, levels[-len(group):]))
            paired = self._paired_ranks.get(index)
            if paired is not None:
                f = quantity_facts[paired]
                out.append(Facts(metric=f.metric, metric_key=f.metric_key, agency=f.agency,
                                 period=f.period, period_type="other"))
                previous = r
                continue
            si = self._sentence_index(r.start)
            sentence_start = self.structure.sentences[si][0]
            clause_start = self._clause_start(r.start, sentence_start)
            if previous is not None and clause_start <= previous.start < r.start and out:
                # 排名全国第17位、居西部第3位: a second ranking of the same thing
                clause_start = previous.end
                if self.text[clause_start : r.start].strip("、和及与") == "":
                    out.append(Facts(metric=out[-1].metric, metric_key=out[-1].metric_key,
                                     agency=out[-1].agency, period=out[-1].period, period_type="other"))
                    previous = r
                    continue
            previous = r
            metric = self._strip(self._without_spans(clause_start, r.start))
            if not metric:
                # 驰名商标总量达152件，位列全省第一位 / 金奖数量仅次于深圳市，位列…第二位
                prev_clause = self._clause_start(max(sentence_start, clause_start - 1), sentence_start)
                lo = bisect_left(self._q_starts, prev_clause)
                hi = bisect_left(self._q_starts, clause_start)
                if hi > lo and quantity_facts[hi - 1].metric:
                    metric = quantity_facts[hi - 1].metric or ""
                else:
                    raw = self._without_spans(prev_clause, max(prev_clause, clause_start - 1))
                    metric = self._strip(regex.split(r"仅次于|达到|达|为|是", raw)[0])
            year = self._default_year(r.start)
            out.append(Facts(
                metric=metric or None,
                metric_key=_key_of(metric) if metric else None,
                agency=sentence_agency[si],
                period=year,
                period_type="other",
            ))
        return out
