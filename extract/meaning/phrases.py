"""Reading the phrase that names what a figure measures: the words before it, after it, and
the stable key of a phrase.

    全市共立案查处侵犯知识产权案件533件 -> 立案查处侵犯知识产权案件 (framing words stripped)
    选聘的40名技术调查官 -> 技术调查官 (the noun follows the figure)
"""

from __future__ import annotations

import calendar
from functools import lru_cache

from . import keys
from .index import DocumentIndex
from .words import (
    ACTION_ALONE,
    BULLET,
    FOLLOWING_NOUN,
    FROM_TO,
    FROM_TO_LAST,
    NAME_SEPARATOR,
    NOUNS_ENDING_IN_DE,
    OF_CUT,
    OF_CUT_MARK,
    PARTNER_OPENING,
    PREDICATE_START,
    SHARED_VERB,
    SPACE_BREAK,
    SPACE_IN_NAME,
    SUBJECT_GONG,
    SUBJECT_GONG_START,
    SUBJECT_VERB_END,
    TITLES,
    TRAILING_COPULA,
    TRAILING_YOU,
    words,
)


def key_of(metric: str) -> str:
    """The stable key of a metric phrase (the rules are in keys.py)."""
    return keys.key_of(metric)


def end_of(value: str) -> str:
    """The last day an ISO date, month or year covers: 2024 -> 2024-12-31, 2024-06 -> 2024-06-30."""
    if len(value) == 4:
        return f"{value}-12-31"
    if len(value) == 7:
        year, month = int(value[:4]), int(value[5:7])
        return f"{value}-{calendar.monthrange(year, month)[1]:02d}"
    return value


def complete_name(first: str, second: str) -> str:
    """申请量 + 授权量 -> 专利授权量 when the first is 专利申请量: the shared stem carries over."""
    if len(first) > len(second) and first[-1] == second[-1]:
        return first[: len(first) - len(second)] + second
    return second


def listed_names(names: str) -> list[str]:
    """The measures a 分别为 list names, each complete: 专利申请量和授权量 shares its stem
    (专利授权量); 操作系统、办公软件和杀毒软件采购金额 shares the tail the last name carries
    (items of one length, then a longer last one: 操作系统采购金额)."""
    items = [n for n in NAME_SEPARATOR.split(names) if n]
    if "的" in items[-1] and not any("的" in n for n in items[:-1]):
        # 涉及商标权、专利权和著作权的扣留批次: the verb and the 的-tail are shared by every name
        tail = items[-1][items[-1].index("的"):]
        verb = SHARED_VERB.match(items[0])
        lead = verb.group() if verb else ""
        return [(n if n.startswith(lead) else lead + n) + (tail if not n.endswith(tail) else "") for n in items]
    if len(items) == 2:
        paired = _paired_stages(items[0], items[1])
        if paired is not None:
            return paired
        joint = items[0][-2:]
        at = items[1].find(joint)
        if len(items[0]) >= 4 and 0 < at and at + 2 < len(items[1]) and not items[0].endswith(items[1][at + 2:]):
            # 侵犯著作权犯罪、侵犯商业秘密犯罪人数: both count 人数, the tail after their shared end
            return [items[0] + items[1][at + 2:], items[1]]
        stage = words().stage.match(items[1])
        if stage and stage.end() < len(items[1]) and words().stage.fullmatch(items[0][-2:] or ""):
            # 新收和审结知识产权民事一审案件: the first verb counts the same cases
            return [items[0] + items[1][stage.end():], items[1]]
        return [items[0], complete_name(items[0], items[1])]
    head, last = items[:-1], items[-1]
    width = len(head[0])
    if all(len(n) == width for n in head) and len(last) >= width + 2:
        tail = last[width:]
        return [n + tail for n in head] + [last]
    return items


def _paired_stages(first: str, second: str) -> list[str] | None:
    """新收和审结知识产权民事一审案件: two stages of one case type share what follows the second
    stage (新收知识产权民事一审案件, 审结知识产权民事一审案件); words before the first stage are
    its subject (地方各级人民法院共), not part of either name."""
    stage = words().stage
    lead = stage.match(second)
    ending = next((m for m in stage.finditer(first) if m.end() == len(first)), None)
    if lead is None or ending is None or len(second) - lead.end() < 2:
        return None
    return [ending.group() + second[lead.end():], second]


def after_subject(raw: str) -> str:
    # SUBJECT_GONG's words start at 1..12: most phrases have none there
    m = SUBJECT_GONG.match(raw) if SUBJECT_GONG_START.search(raw, 1, 13) else None
    if m and ACTION_ALONE.match(raw, m.end()):
        # 三种专利共申请13247件: what follows 共 is only the action; the words before name its object
        return raw[: m.end()].rstrip("共计有") + raw[m.end():]
    return raw[m.end():] if m else raw


def same_group(a: str, b: str) -> bool:
    groups = words().unit_group
    return a == b or (a in groups and groups.get(a) == groups.get(b))


class PhraseReader:
    """Reads metric phrases out of one document's text, remembering what it has stripped."""

    def __init__(self, index: DocumentIndex) -> None:
        self.ix = index
        self._stripped: dict[str, str] = {}  # phrase -> stripped metric, for this document only

    def strip(self, phrase: str) -> str:
        # The same phrases come back for a figure's metric, its rate name and its subject check.
        stripped = self._stripped.get(phrase)
        if stripped is None:
            stripped = self._stripped[phrase] = self._strip_uncached(phrase)
        return stripped

    @staticmethod
    @lru_cache(maxsize=16384)  # a function of the phrase alone: papers repeat their phrases
    def _strip_uncached(phrase: str) -> str:
        w = words()
        previous = None
        # a PDF's stray space inside a name (研究与试验发展 (R&D)经费支出) is not a word break
        phrase = BULLET.sub("", SPACE_BREAK.sub("", SPACE_IN_NAME.sub("", phrase.strip(" “”‘’\"、"))))
        while previous != phrase:
            previous = phrase
            phrase = PARTNER_OPENING.sub("", w.lead.sub("", phrase))
            named = keys.without_entity_opening(phrase)
            if w.trail.sub("", named):  # 美国年增: the place stays when nothing else names a measure
                phrase = named
            phrase = w.trail.sub("", phrase)
            phrase = TRAILING_YOU.sub("", phrase)
            phrase = TRAILING_COPULA.sub("", phrase)
            phrase = phrase.strip(" “”‘’\"、")
        return phrase

    def before(self, start: int, floor: int, previous_end: int | None, head_only: bool = True,
               clause: int | None = None) -> tuple[str, bool]:
        """The phrase before a figure, and whether it says the measured noun follows the figure
        (选聘的40名…, 等36个…, 和517家…). `clause` is ix.clause_start(start, floor) when the
        caller has it."""
        ix, text = self.ix, self.ix.text
        if clause is None:
            clause = ix.clause_start(start, floor)
        if clause == start and start and text[start - 1] in "）)":
            # 建成技术与创新支持中心（TISC）9家: the bracket belongs to the phrase.
            opening = text.rfind("（" if text[start - 1] == "）" else "(", max(floor, start - 30), start)
            if opening > floor:
                clause = ix.clause_start(opening, floor)
        if previous_end is not None and previous_end > clause:
            between = text[previous_end:start]
            comma = between.rfind("、")
            # 3项金奖、17项优秀奖: 金奖 is the last figure's noun; in …商标的箱包、服饰7.69万件 the
            # 、 joins the things this figure counts
            clause = previous_end + (comma + 1 if 0 <= comma <= 8 else 0)
        raw = ix.without_spans(clause, start)
        if "《" in raw:
            raw = TITLES.sub("", raw)
        w = words()
        if raw[-1:] in w.change_end_last:  # (the patterns ending in $ are tried only where they can match)
            raw = w.change_end.sub("", raw)  # 比上年上涨 ends the phrase; 增加值 keeps its 增加
        after = after_subject(raw)
        if after != raw and not self.strip(after):
            # 平均办理时间力争压缩至30日以内: nothing after 力争 names a measure; the subject does
            raw = SUBJECT_VERB_END.sub("", raw[: len(raw) - len(after)])
        else:
            raw = after
        if raw[-1:] in FROM_TO_LAST:
            raw = FROM_TO.sub("", raw)  # 再审率也由2011年的0.51%…: the rate, not a noun after 的
        if raw.endswith(NOUNS_ENDING_IN_DE):
            return self.strip(raw), False
        noun_follows = raw.endswith(("的", "等", "和", "与", "及", "、"))
        m = OF_CUT.match(raw) if head_only and OF_CUT_MARK.search(raw) else None
        if m and ("罪" in raw[m.end():] or self.strip(raw[m.end():]) in words().generic):
            m = None  # 销售假冒注册商标的商品罪(案件) is one name; …专用标志的企业 needs its 的-phrase
        if m:
            raw = raw[m.end():]
        if raw[-1:] in FROM_TO_LAST:
            raw = FROM_TO.sub("", raw)
        return self.strip(raw.rstrip("的等和与及、")), noun_follows

    def after(self, end: int) -> str:
        m = FOLLOWING_NOUN.match(self.ix.text, end)
        if not m or PREDICATE_START.match(m.group()):
            return ""
        return self.strip(m.group())
