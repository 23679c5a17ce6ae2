"""metric_key: the same indicator gets the same key in every paper.

The metric is the phrase as the paper writes it; the key is what a database joins on, so it
leaves out what says where, whose or how a figure is stated and writes one indicator one way:

    全省新增国内发明专利授权 / 授权发明专利 / 发明专利授权量     -> 发明专利授权量
    广州累计申请专利 / 专利申请 / 受理专利申请                   -> 专利申请量
    查扣涉嫌侵权货物（物品）8000批次 / 查获侵权货物865批次        -> 扣留侵权货物·批次

The rules, in order (README, "metric_key"):
1. notes in brackets (R&D), (以案件计), pinyin glosses (quán), quotes, book titles and spaces go;
2. openings that say where, whose or when go: a year (2023年, 109年), a region of regions.tsv
   (浙江省, 广州), a body (…局, …总队), scope words (我国, 全市, 国内), framing words (新增, 累计,
   完成, 受理), and filler anywhere (各类, 涉嫌); folds write rarer forms one way
   (研究与试验发展 -> R&D, 端掉 -> 捣毁);
3. a growth of an indicator is that indicator (作品登记量增长率 -> 作品登记量);
4. the synonym table extract/data/metrics.tsv, looked up at every step of 2 (so 拥有注册商标 is
   found before 拥有 would go); else an IP action and its object make `object+action+量`
   (申请专利, 专利申请 -> 专利申请量);
5. after linking (`finish_keys`): the counting unit keeps indicators apart (批次 is not 件; the
   人 of a case flow is not its 件); a part that names a whole indicator of its own keys as that
   indicator, a part that names only a kind takes its whole's action (其中发明专利… under 专利申请
   -> 发明专利申请量); a change keys as the level it describes.

Different indicators stay apart because nothing here drops a word that names what is counted:
申请 and 授权, 件 and 批次, 民事 and 刑事 all stay in the key.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache, lru_cache

import regex

from .. import rx
from ..quantities import QuantityHit
from ..ruledata import alternation, read_table
from .rules import Facts, rule
from .words import BODY_NAME_CHAR, BODY_WORDS, HAN

UNIT_DIMENSION = rule("metric_key.unit_dimension", "metric_key", "the counting unit keeps indicators apart",
                      "查扣侵权货物1.2万批次、300万件 -> 扣留侵权货物·批次, 扣留侵权货物")
OWN_INDICATOR = rule("metric_key.part_names_indicator", "metric_key",
                     "a part that names a whole indicator keys as that indicator, not under its whole",
                     "专利申请5万件，其中发明专利申请1.2万件 -> 发明专利申请量")
PART_ACTION = rule("metric_key.part_takes_action", "metric_key", "a part naming only a kind takes its whole's action",
                   "受理专利申请5万件，其中发明专利1.2万件 -> 发明专利申请量")
BARE_OUTCOME = rule("metric_key.bare_outcome", "metric_key", "破案 right after the cases filed: those cases solved",
                    "立侵权假冒犯罪案件120起，破案96起 -> 破获侵权假冒犯罪案件")
BARE_ACTION = rule("metric_key.bare_action_measure", "metric_key",
                   "a bare 登记量/申请量 names the thing the paragraph counted that way before",
                   "完成作品登记27万件…；登记量较多的是… -> 作品登记量")

REGION_SUFFIX = rx.compile(r"(?:维吾尔|壮族|回族)?(?:自治区|特别行政区|省|市|地区|盟)$")
BRACKET_NOTE = rx.compile(r"[（(][^（）()]{0,12}[)）]")
MARKS = rx.compile(r"[\s“”‘’\"'《》〈〉「」『』*＊]")
YEAR_OPENING = rx.compile(r"^(?:(?:19|20)?\d{2,3}|[〇○零一二三四五六七八九]{4})年(?:度|底|末|初)?")
BODY_OPENING = rx.compile(
    rf"^(?:{BODY_NAME_CHAR}{{1,14}}?(?:{BODY_WORDS}|海关|警方))+"
    r"(?=(?:全年|共|累计|新增|受理|新收|审结|办结|查获|查扣|查处|查办|破获|侦破|抓获|扣留|立案|批准|起诉|完成|登记|授权|办理|"
    r"处理|捣毁|移送)\p{Han})"
)
# the last character of every body word above: a phrase with none of them opens with no body
_BODY_ENDING = rx.compile("[" + "".join(sorted({w[-1] for w in [*BODY_WORDS.split("|"), "海关", "警方"]})) + "]")


def _year_or_body_opening(phrase: str) -> regex.Match[str] | None:
    return YEAR_OPENING.match(phrase) or (BODY_OPENING.match(phrase) if _BODY_ENDING.search(phrase) else None)


# 陕西、河南等省（市）的作品登记量: the places listed are subjects, not the indicator; 商标方面，…
LIST_SCOPE = rx.compile(r"^(?:[^的，,]{0,30}等\p{Han}{0,4}的|\p{Han}{1,8}方面[，,]?)(?=\S{2})")
# 三种专利共申请: a total word between the thing and its action says nothing of the indicator
TOTAL_BEFORE_ACTION = rx.compile(r"(?:共计|合计|累计|总计|共)(?=申请|授权|登记|注册)")
# 专利申请件数, 授权数: the count of an action is its 量 (not inside a word: 申请数据 stays)
ACTION_COUNT = rx.compile(r"(?P<action>申请|授权|登记|注册)(?:件数|数量|数)$")
# 破案 names no cases: those the clause before filed (立…案件), solved
BARE_OUTCOMES = {"破案": "破获", "结案": "审结"}
FILED = rx.compile(r"^(?:立案|立|受理|新收)(?P<cases>\p{Han}{2,}案件)$")
ACTION_MEASURE = rx.compile(r"^(?:申请|授权|登记|注册)量$")


@dataclass(frozen=True)
class KeyWords:
    filler: regex.Pattern[str]
    folds: tuple[tuple[str, str], ...]  # longest first
    rate_tail: regex.Pattern[str]
    inverted: regex.Pattern[str]  # 申请专利: an action before its object
    action_end: regex.Pattern[str]  # 专利申请: a phrase ending on an IP action
    synonyms: dict[str, str]
    indicators: frozenset[str]  # every key metrics.tsv names
    attributes: dict[str, tuple[str, str]]  # word -> (key word, thing|case)


@cache
def region_names() -> list[str]:
    """City and province names of regions.tsv and their short forms (广州市 -> 广州)."""
    full: set[str] = set()
    for row in read_table("regions.tsv"):
        full.update((row["city"], row["province"]))
    names = set(full)
    for name in full:
        short = REGION_SUFFIX.sub("", name)
        if len(short) >= 2:
            names.add(short)
    names.update(r["word"] for r in read_table("key_words.tsv") if r["kind"] == "place")
    return sorted(names, key=len, reverse=True)


@cache
def key_words() -> KeyWords:
    rows = read_table("key_words.tsv")
    kind = lambda k: [r["word"] for r in rows if r["kind"] == k]  # noqa: E731
    objects = sorted(kind("object"), key=len, reverse=True)
    actions = kind("action")
    words = KeyWords(
        filler=rx.compile(alternation(kind("filler"))),
        folds=tuple(sorted(((r["word"], r["as"]) for r in rows if r["kind"] == "fold"),
                           key=lambda f: len(f[0]), reverse=True)),
        rate_tail=rx.compile(rf"(?<=\p{{Han}}{{2}})(?:{alternation(kind('rate_tail'))})$"),
        inverted=rx.compile(rf"^(?P<action>{alternation(actions)})(?P<object>{alternation(objects)})$"),
        action_end=rx.compile(rf"(?:{alternation(objects)})(?:{alternation(actions)})$"),
        synonyms={},
        indicators=frozenset(),
        attributes={r["word"]: (r["key"], r["of"]) for r in read_table("attribute_nouns.tsv")},
    )
    synonyms: dict[str, str] = {}
    for row in read_table("metrics.tsv"):
        for form in _forms(row["phrase"], words):
            synonyms.setdefault(form, row["metric_key"])
    object.__setattr__(words, "synonyms", synonyms)
    object.__setattr__(words, "indicators", frozenset(synonyms.values()))
    return words


def _clean(phrase: str, w: KeyWords) -> str:
    cleaner = w.filler.sub("", BRACKET_NOTE.sub("", MARKS.sub("", phrase)))
    while cleaner != phrase:  # (a (nested) note) goes whole; each pass makes the phrase shorter
        phrase, cleaner = cleaner, w.filler.sub("", BRACKET_NOTE.sub("", MARKS.sub("", cleaner)))
    phrase = ACTION_COUNT.sub(r"\g<action>量", TOTAL_BEFORE_ACTION.sub("", LIST_SCOPE.sub("", phrase)))
    for _ in range(2):  # a fold may make another's word: 查扣侵权货物物品 -> 查扣侵权货物 -> 扣留…
        for long, short in w.folds:
            if long in phrase:
                phrase = phrase.replace(long, short)
    return phrase


def _forms(phrase: str, w: KeyWords) -> list[str]:
    """The phrase, cleaned, then each shorter form as its openings go, longest first."""
    phrase = _clean(phrase, w)
    forms = [phrase]
    while True:
        m = _year_or_body_opening(phrase)
        end = m.end() if m else _opening(phrase, with_framing=True)
        if end == 0 or end >= len(phrase) - 2:  # 美国的申请 keeps its 美国
            break
        phrase = phrase[end:]
        forms.append(phrase)
    return forms


@cache
def _opening_words() -> tuple[frozenset[str], frozenset[str], int]:
    """Region and place names, and scope and framing words, as sets: a phrase's opening is
    looked up by its prefixes (a set lookup each), not by a regex of a thousand alternatives."""
    rows = read_table("key_words.tsv")
    places = frozenset(region_names())
    framing = frozenset(r["word"] for r in rows if r["kind"] in ("scope", "framing"))
    return places, framing, max(map(len, places | framing))


def _opening(phrase: str, with_framing: bool) -> int:
    """Length of the longest place (and, if asked, scope or framing word) opening the phrase,
    with a 省/市/区/县/地区 and a 的 after a place; 0 when none does."""
    places, framing, longest = _opening_words()
    for n in range(min(longest, len(phrase)), 0, -1):
        head = phrase[:n]
        if head in places:
            if phrase.startswith("地区", n):
                n += 2
            elif phrase[n:n + 1] in ("省", "市", "区", "县") and phrase[n:n + 1]:
                n += 1
            return n + 1 if phrase.startswith("的", n) else n
        if with_framing and head in framing:
            return n
    return 0


@cache
def _places() -> frozenset[str]:
    return frozenset(region_names()) | frozenset(r["word"] for r in read_table("key_words.tsv") if r["kind"] == "place")


def place_name(phrase: str) -> bool:
    """Is the phrase only a place's name (广东, 北京市, 德国, 中国大陆)?"""
    return phrase in _places() or (phrase[-1:] in "省市县区" and phrase[:-1] in _places())


def without_entity_opening(phrase: str) -> str:
    """A metric phrase without the year, region or body opening it (109年智慧局受理专利申请 ->
    受理专利申请, 广州每万人发明专利拥有量 -> 每万人发明专利拥有量): they are the figure's period,
    subject and agency. A phrase that is only a name stays as it is."""
    while True:
        m = _year_or_body_opening(phrase)
        end = m.end() if m else _opening(phrase, with_framing=False)
        if end == 0 or len(HAN.findall(phrase, end)) < 2:
            return phrase
        phrase = phrase[end:]


def key_of(metric: str) -> str:
    """The key of one metric phrase (rules 1-4 of the module docstring)."""
    return _key_of(metric)


@lru_cache(maxsize=8192)  # bounded: a batch process reads many papers
def _key_of(metric: str) -> str:
    w = key_words()
    if "·" in metric:  # a key already composed (受理…案件·批准逮捕): each part on its own
        composed = "·".join(_key_of(part) for part in metric.split("·") if part)
        return w.synonyms.get(composed, composed)
    forms = _forms(metric, w)
    for form in forms:
        tail = w.rate_tail.search(form)
        for candidate in ((form, form[: tail.start()]) if tail else (form,)):
            if candidate in w.synonyms:
                return w.synonyms[candidate]
    last = forms[-1]
    tail = w.rate_tail.search(last)
    if tail:
        last = last[: tail.start()]
    inverted = w.inverted.match(last)
    if inverted:  # 申请专利 -> 专利申请量
        last = inverted.group("object") + inverted.group("action")
    if w.action_end.search(last):
        last += "量"
    return w.synonyms.get(last, last) or metric


def attribute(word: str) -> tuple[str, str] | None:
    """(key word, thing|case) of an attribute noun (价值 -> 案值 of the thing counted)."""
    return key_words().attributes.get(word)


ACTION_END = rx.compile(r"(申请|授权|登记|注册)量?$")


def _action(key: str) -> str | None:
    m = ACTION_END.search(key)
    return m.group(1) if m else None


def _is_indicator(key: str) -> bool:
    """Does a part's key name a whole indicator (发明专利申请量, 审结知识产权民事一审案件) rather
    than a kind of its whole's (民事案件, 日本)?"""
    w = key_words()
    return key in w.indicators or w.action_end.search(key.removesuffix("量")) is not None \
        or (_stages().match(key) is not None and len(key) >= 6)


@cache
def _stages() -> regex.Pattern[str]:
    return rx.compile(alternation([r["word"] for r in read_table("case_stages.tsv")]))


def finish_keys(quantities: list[QuantityHit], facts: list[Facts], levels_first: list[int]) -> None:
    """Rule 5: after the relations are linked, parts, counting units and bare action measures.
    `levels_first` orders the figures so that a change is keyed after the level it copies."""
    from .metric import STAGE_KEY
    from .parts import PART_KEY  # the links this pass reads
    from .relations import KEY_FROM_LEVEL

    last_by_action: dict[str, str] = {}
    unit_groups = _unit_groups()
    for k in levels_first:
        q, f = quantities[k], facts[k]
        key = f.metric_key
        if not key:
            continue
        key_by = f.trace.get("metric_key")
        if f.of is not None and key_by == KEY_FROM_LEVEL.name:
            f.set("metric_key", facts[f.of].metric_key, KEY_FROM_LEVEL)
            continue
        if key_by == STAGE_KEY.name and "·" in key and _is_indicator(key.rsplit("·", 1)[1]):
            # 新收和审结知识产权民事一审案件: the stage names its own cases; no intake needed
            f.set("metric_key", key.rsplit("·", 1)[1], OWN_INDICATOR)
        elif key_by == PART_KEY.name and "·" in key:
            whole, part = key.rsplit("·", 1)
            if _is_indicator(part):
                f.set("metric_key", part, OWN_INDICATOR)
            elif _action(whole) and not _action(part) and part in _objects():
                f.set("metric_key", key_of(part + _action(whole)), PART_ACTION)
        key = f.metric_key or ""
        if key in BARE_OUTCOMES and k and quantities[k - 1].end >= q.start - len(f.metric or "") - 2:
            filed = FILED.match(facts[k - 1].metric_key or "")
            if filed:  # 立侵权假冒犯罪案件1926起，破案1678起
                f.set("metric_key", key_of(BARE_OUTCOMES[key] + filed.group("cases")), BARE_OUTCOME)
        if key[:2] in last_by_action and ACTION_MEASURE.match(key):
            f.set("metric_key", last_by_action[key[:2]], BARE_ACTION)
        elif key.endswith("量") and len(key) > 3 and _action(key):
            last_by_action[_action(key) or ""] = key
        group = unit_groups.get(q.unit or "", q.unit or "")
        key = f.metric_key or ""
        if (q.unit in ("批", "批次") or (key.endswith("批次") and len(key) > 4)) and not key.endswith("·批次"):
            f.set("metric_key", key.removesuffix("批次") + "·批次", UNIT_DIMENSION)
        elif group == "persons" and (key.endswith("案件") or _stages().search(key)) \
                and not key.endswith(("人", "人数", "人次")):
            f.set("metric_key", key + "·人", UNIT_DIMENSION)  # 受理审查逮捕…案件6924件13485人


@cache
def _objects() -> frozenset[str]:
    return frozenset(r["word"] for r in read_table("key_words.tsv") if r["kind"] == "object")


@cache
def _unit_groups() -> dict[str, str]:
    return {r["unit"]: r["group"] for r in read_table("unit_groups.tsv")}
