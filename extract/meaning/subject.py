"""Subject: whom a figure is about, when it is not the paper's own scope.

    分别为广东(3479.9亿元)、江苏(3005.9亿元)     -> 广东省, 江苏省
    德国以1,165件重返第5位                      -> 德国 (the figure and the ranking)
    依次是厦门、福州和泉州，…分别为59.29%、…     -> 厦门市, 福州市, 泉州市
    鄂州市公安局破获…，抓获犯罪嫌疑人4名         -> 鄂州市 (in a Hubei paper)
    全市专利授权5.2万件                          -> none: the paper's own scope

A subject is read from the words that open the figure's clause (a place, a country, a firm, a
zone, a local body, a group such as 外国人, a list of them), from the name before a bracketed
figure or right before an item's figure (济南市4.1万件、青岛市6.6万件), from a 分别 list pairing
names with figures in order, or, after 以上/合计, from the names listed before; it carries on
through the sentence until another clause names its own, and a growth or share takes its
level's. Places are written as the
gazetteer's full name (广东 -> 广东省), countries by their one canonical name, so that subjects
group across papers. The paper's own region (`DocumentIndex.region`, its short form) and the
relative words for it (全市, 我省, data/subject_words.tsv) mean no subject.

Tables: data/regions.tsv (cities), data/provinces.tsv (provinces with short names, read when
present; otherwise the provinces regions.tsv names), data/countries.tsv, data/subject_words.tsv.
The gazetteer and the paper's scope are read in subject_names.py, the names at a clause's
opening in subject_reader.py, and the rules are declared in subject_rules.py.
"""

from __future__ import annotations

from bisect import bisect_left

from .. import rx
from .index import DocumentIndex
from .rules import Facts, Rule
from .subject_names import Name, gazetteer
from .subject_reader import ITEM_LINK, Reader
from .subject_rules import (BRACKETED, CARRIED, EXAMPLE_NAMED, FROM_LEVEL, LIST_ITEM, LISTED_ABOVE,
                            RESPECTIVE)
from .words import HAN

__all__ = ["decide_subjects", "gazetteer"]  # gazetteer: tests import it from here

_RESPECTIVELY = rx.compile("分别")
_LIST_ROWS = 40  # rows of a list 以上 may sum up


def decide_subjects(ix: DocumentIndex, facts: list[Facts], ranking_facts: list[Facts]) -> None:
    """Set `subject` on every figure and ranking. Runs after the relation passes, so that a
    growth or share copies its level's subject along `of`."""
    if not ix.quantities and not ix.rankings:
        return
    reader = Reader(ix)
    paired = _respective(ix, reader)
    clauses = _Clauses(ix, reader)
    listed: dict[int, list[tuple[int, str]]] = {}  # sentence index -> (start, subject) of its figures, for 以上
    sentence_of_start = {s: i for i, (s, _) in enumerate(ix.structure.sentences)}  # of equal starts, the last

    def decide(pos: int, f: Facts, k: int | None) -> None:
        if k is not None and k in paired:
            f.set("subject", paired[k], RESPECTIVE)
            return
        if k is not None:
            name = _bracketed(ix, reader, k)
            if name is not None:
                if name.subject is not None:
                    f.set("subject", name.subject, BRACKETED)
                return
            name = _list_item(ix, reader, k)
            if name is not None:
                if name.subject is not None:
                    f.set("subject", name.subject, LIST_ITEM)
                return
        si = _sentence_index(ix, pos, sentence_of_start)
        s, e = ix.structure.sentences[si]
        own_start, own_stop = clauses.around(pos, s, e)
        own = clauses.entry(own_start, own_stop)
        if own is not None:
            _, name, names, by = own
            if by is LISTED_ABOVE:
                above = _listed_above(ix, pos, si, listed)
                if above:
                    f.set("subject", above, LISTED_ABOVE)
                return
            if name is None or name.kind != "same":  # 该市: the place named before carries on
                _apply(f, name, names, by)
                return
        carried = clauses.carried(own_start, s)
        level = facts[k].of if k is not None else None
        # the level's subject, unless a clause after the level names another (or the paper's own)
        if level is not None and facts[level].subject is not None \
                and (carried is None or carried[0] < ix.quantities[level].start):
            f.copy_from(facts[level], ("subject",), FROM_LEVEL)
        elif carried is not None:
            _, name, names, by = carried
            _apply(f, name, names, EXAMPLE_NAMED if by is EXAMPLE_NAMED else CARRIED)

    for k, q in enumerate(ix.quantities):
        decide(q.start, facts[k], k)
        if facts[k].subject is not None:
            listed.setdefault(ix.sentence_index(q.start), []).append((q.start, facts[k].subject or ""))
    for r, f in zip(ix.rankings, ranking_facts):
        decide(r.start, f, None)


def _sentence_index(ix: DocumentIndex, pos: int, of_start: dict[int, int]) -> int:
    """`ix.sentence_index(pos)`, found from the sentence start the index remembers for every figure."""
    start = ix.sentence_start(pos)
    return of_start[start] if start <= pos else 0  # before the first sentence: the first


_Entry = tuple[int, "Name | None", list["Name"], Rule]  # (clause start, name, names of a list, rule)


class _Clauses:
    """What each clause opens with, read only when a figure needs it, and what the clauses
    before a clause carry on into it (a later name replaces an earlier one; 以上 ends the
    carry; 该市 passes it on). Both are remembered, so a sentence is read once."""

    def __init__(self, ix: DocumentIndex, reader: Reader) -> None:
        self.ix, self.reader = ix, reader
        self.breaks = ix.breaks  # ，。；：！？, line ends and brackets; not a thousands comma (1,165件)
        self.entries: dict[int, _Entry | None] = {}
        self.carries: dict[int, _Entry | None] = {}

    # (compared, not max()/min(): those builtins parse keyword arguments, a cost here per figure)
    def around(self, pos: int, floor: int, ceiling: int) -> tuple[int, int]:
        """The clause holding `pos`, within [floor, ceiling)."""
        breaks = self.breaks
        i = bisect_left(breaks, pos)
        start = breaks[i - 1] + 1 if i > 0 and breaks[i - 1] >= floor else floor
        stop = breaks[i] if i < len(breaks) and breaks[i] < ceiling else ceiling
        return start, stop

    def entry(self, start: int, stop: int) -> _Entry | None:
        if start not in self.entries:
            ix = self.ix
            k = ix.first_quantity_at(start)
            figure = k if k < len(ix.quantities) and ix.quantities[k].start < stop else None
            found = self.reader.clause_subject(start, stop, figure)
            self.entries[start] = (start, *found) if found is not None else None
        return self.entries[start]

    def carried(self, start: int, floor: int) -> _Entry | None:
        if start in self.carries:
            return self.carries[start]
        breaks = self.breaks
        passed: list[int] = []
        result: _Entry | None = None
        current = start
        i = bisect_left(breaks, current) - 1  # the break before the current clause
        while True:
            if current in self.carries:
                result = self.carries[current]
                break
            if current <= floor or i < 0:
                break
            previous = breaks[i - 1] + 1 if i > 0 and breaks[i - 1] >= floor else floor
            passed.append(current)
            found = self.entry(previous, breaks[i])
            if found is not None and found[3] is LISTED_ABOVE:
                break
            if found is not None and (found[1] is None or found[1].kind != "same"):
                result = found
                break
            current, i = previous, i - 1  # at floor, the walk ends whatever the break
        for clause in passed:
            self.carries[clause] = result
        return result


def _apply(f: Facts, name: Name | None, names: list[Name], by: Rule) -> None:
    if len(names) > 1:
        subjects = [n.subject for n in names if n.subject]
        if len(subjects) == len(names):
            f.set("subject", "、".join(dict.fromkeys(subjects)), by)
        return
    if name is not None and name.subject is not None:
        f.set("subject", name.subject, by)


_HEAD_CUT = rx.compile(r"[，,。；;：:、）)\s]")
_HEAD_WORDS = rx.compile(r"为|是|和|及|与")


def _bracketed(ix: DocumentIndex, reader: Reader, k: int) -> Name | None:
    """广东(3479.9亿元), 其次为日本(4,013件): the name before the bracket the figure opens. The
    name's subject is None for the paper's own (本国人申请件数(72,170件)); None when the figure
    is not bracketed after a name."""
    text, q = ix.text, ix.quantities[k]
    if q.start == 0 or text[q.start - 1] not in "（(":
        return None
    close = q.end
    if close >= len(text) or text[close] not in "）)，,、":
        return None
    lo = max(ix.sentence_start(q.start), q.start - 24)
    head_end = q.start - 1
    head_start = lo
    for m in _HEAD_CUT.finditer(text, lo, head_end):
        head_start = m.end()
    starts = [head_start] + [m.end() for m in _HEAD_WORDS.finditer(text, head_start, head_end)]
    for start in starts:
        if head_end - start < 2:
            continue
        name = reader.name_at(start)
        if name is not None and name.kind != "same" and name.end <= head_end:
            return name
    return None




_ITEM_JOINERS = "、和及"
_LAST_JOINER = rx.compile(rf"[{_ITEM_JOINERS}][^{_ITEM_JOINERS}]*\Z")  # \Z: at the end searched to
_ITEM_REACH = 16


def _list_item(ix: DocumentIndex, reader: Reader, k: int) -> Name | None:
    """济南市4.1万件、青岛市6.6万件和烟台市2.1万件: a list item, a name right before its figure."""
    text, q = ix.text, ix.quantities[k]
    joiner = _LAST_JOINER.search(text, q.start - _ITEM_REACH if q.start > _ITEM_REACH else 0, q.start)
    if joiner is None:
        return None
    item = joiner.start()
    if text[item] != "、" and not (k > 0 and ix.quantities[k - 1].end == item):
        return None  # 和/及 join items only right after a figure (…4.1万件和烟台市2.1万件)
    name = reader.name_at(item + 1, q.start)
    if name is None or name.kind == "same":
        return None
    link = ITEM_LINK.match(text, name.end, q.start)
    return name if link is not None and link.end() == q.start else None


def _listed_above(ix: DocumentIndex, pos: int, si: int, listed: dict[int, list[tuple[int, str]]]) -> str | None:
    """以上登记量占…, 合计占全省的…: the subjects of the figures listed before, in the sentence
    and in the sentences before it back to the last full stop (the rows of a list end in ；),
    at most _LIST_ROWS of them."""
    sentences, text = ix.structure.sentences, ix.text
    found = [subject for start, subject in listed.get(si, []) if start < pos]
    j = si - 1
    while j >= 0 and si - j <= _LIST_ROWS:
        found = [subject for _, subject in listed.get(j, [])] + found
        if j == 0 or text[sentences[j - 1][1] - 1] not in "；;":
            break
        j -= 1
    unique = list(dict.fromkeys(found))
    return "、".join(unique) if len(unique) >= 2 else None


_RUN_JOINERS = ("、", "和", "及", "与", "，", ",")


def _respective(ix: DocumentIndex, reader: Reader) -> dict[int, str]:
    """依次是厦门、福州和泉州，占全省的比例分别为59.29%、33.25%和2.88%: each figure the name in its
    place. Names and figures must be as many."""
    text, qs = ix.text, ix.quantities
    out: dict[int, str] = {}
    for m in _RESPECTIVELY.finditer(text):
        s, e = ix.structure.sentence_at(m.start())
        first = ix.first_quantity_at(m.end())
        run = [first] if first < len(qs) and qs[first].start < e else []
        while run and run[-1] + 1 < len(qs) and qs[run[-1] + 1].start < e \
                and text[qs[run[-1]].end : qs[run[-1] + 1].start] in _RUN_JOINERS:
            run.append(run[-1] + 1)
        if len(run) < 2:
            continue
        names = _last_list(reader, s, m.start())
        if names is None or len(names) != len(run):
            continue
        for k, name in zip(run, names):
            if name.subject is not None:
                out[k] = name.subject
    return out


def _last_list(reader: Reader, start: int, end: int) -> list[Name] | None:
    """The last list of two or more names in text[start:end]."""
    text = reader.text
    best: list[Name] | None = None
    pos = max(start, end - 120)
    while pos < end:
        if HAN.match(text, pos) is None:
            pos += 1
            continue
        found = reader.names_from(pos)
        if found is not None and len(found[0]) >= 2 and found[1] <= end:
            best = found[0]
            pos = found[1]
            continue
        pos += 1
    return best
