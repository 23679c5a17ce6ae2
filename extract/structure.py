"""Header, section tree, paragraphs and sentences of a repaired white paper.

    2021年青岛市知识产权保护状况白皮书          <- title
    青岛市知识产权工作领导小组办公室            <- issuer
    (2022年4月26日)                             <- published
    一、加强政策引领，增强知识产权发展动能      <- section 1
       （一）行政保护更加有力                   <- section 3.1 (inside 三、)

Offsets here are into the repaired text; the pipeline maps them back to the original.
"""

from __future__ import annotations

from bisect import bisect_right
from dataclasses import dataclass, field

import regex

from . import rx
from .numerals import parse_numeral
from .repair import RepairedText
from .ruledata import match_heading
from .textforms import ROC_BARE_YEAR, ROC_EPOCH, YEAR_NUMERAL

_SENTENCE_END = frozenset("。！？；!?;")
_OPENERS = {"“": "”", "‘": "’", "「": "」", "『": "』", "《": "》", "（": "）", "(": ")", "【": "】", "〈": "〉"}
_CLOSERS = frozenset(_OPENERS.values())
# A quote that never closes must not swallow the rest of a paragraph.
_MAX_QUOTED_SENTENCE = 400
_SENTENCE_MARKS = rx.compile(
    "[" + regex.escape("".join(sorted(_SENTENCE_END | set(_OPENERS) | _CLOSERS))) + "]"
)

_DATE_LINE = rx.compile(
    r"[（(]?\s*(?:中华)?((?:\d{4}|[〇○零一二三四五六七八九]{4}|民国\d{1,3})年(?:\d{1,2}|[一二三四五六七八九十]{1,3})月"
    r"(?:(?:\d{1,2}|[一二三四五六七八九十]{1,3})日)?)\s*[)）]?\s*(?:发布|印发)?$"
)
_REPORT_WORDS = rx.compile(r"报告|白皮书|公报|年报|状况|年鉴|综述|通报")
_YEAR = rx.compile(rf"({YEAR_NUMERAL})\s*年")
_ROC_BARE_YEAR = rx.compile(rf"(?<!\d)({ROC_BARE_YEAR})\s*年")
_ROC_EPOCH = ROC_EPOCH
_REGION = rx.compile(
    r"(?:中国)?(\p{Han}{2,8}?(?:特别行政区|特別行政區|自治区|自治區|自治州|省|市|县|縣|区|區)"
    # 宁波市鄞州区…: a district or county of the city (not 社区, 园区 and other kinds of 区)
    r"(?:(?!社区|园区|小区|景区|片区|辖区|地区|市区|城区|山区)\p{Han}{1,3}?(?<![社园小景片辖地市城山])[区县](?!域|级|内|委))?)"
)
_ISSUER_TAIL = rx.compile(r"(办公室|辦公室|局|署|委员会|委員會|政府|小组|小組|厅|廳|院|中心|办|辦|部|法院|海关|海關|队|隊)$")


@dataclass
class SectionSpan:
    id: str
    level: int
    number: str | None
    title: str
    start: int  # repaired offsets
    end: int
    parent: str | None


@dataclass
class Structure:
    title: str | None
    issuer: str | None
    published: str | None
    year: int | None
    region: str | None
    header_spans: list[tuple[int, int]]
    sections: list[SectionSpan]
    paragraphs: list[tuple[int, int]]
    paragraph_indents: list[int]
    sentences: list[tuple[int, int]]
    issuer_name: str | None = None  # the issuer as the rules read it (folded to simplified)
    _section_starts: list[int] = field(default_factory=list)
    _sentence_starts: list[int] = field(default_factory=list)

    def section_at(self, pos: int) -> str | None:
        """Id of the innermost section containing repaired offset `pos`."""
        i = bisect_right(self._section_starts, pos) - 1
        while i >= 0:
            s = self.sections[i]
            if s.start <= pos < s.end:
                return s.id
            i -= 1
        return None

    def sentence_at(self, pos: int) -> tuple[int, int]:
        i = bisect_right(self._sentence_starts, pos) - 1
        if i < 0:
            return (0, 0)
        return self.sentences[i]


def iso_date_from_header(text: str) -> str | None:
    m = _DATE_LINE.search(text)
    if not m:
        return None
    y, rest = m.group(1).split("年", 1)
    month_text, _, day_text = rest.rstrip("日").partition("月")
    roc = y.startswith("民国")  # 中华民国113年6月: Taiwan's calendar, 1911 + 113
    year, month = (int(p) if p.isdigit() else int(parse_numeral(p) or 0) for p in (y[2:] if roc else y, month_text))
    year += _ROC_EPOCH if roc else 0
    if not 1 <= month <= 12:
        return None
    if not day_text:  # （2023年3月）: a month is all the header gives
        return f"{year:04d}-{month:02d}"
    day = int(day_text) if day_text.isdigit() else int(parse_numeral(day_text) or 0)
    return f"{year:04d}-{month:02d}-{day:02d}" if 1 <= day <= 31 else None


def split_sentences(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """Sentences of text[start:end], split on 。！？； outside quotes and brackets.

    Only the characters that matter are visited (one regex scan), and open brackets are
    counted per closer, so 100 000 unclosed （ followed by 100 000 ” stays linear.
    """
    out: list[tuple[int, int]] = []
    stack: list[str] = []
    pending: dict[str, int] = dict.fromkeys(_CLOSERS, 0)  # how many of each closer `stack` holds
    sentence_start = start
    for m in _SENTENCE_MARKS.finditer(text, start, end):
        ch = m.group()
        if ch in _OPENERS:
            closer = _OPENERS[ch]
            stack.append(closer)
            pending[closer] += 1
        elif ch in _CLOSERS:
            if pending[ch]:
                while True:
                    popped = stack.pop()
                    pending[popped] -= 1
                    if popped == ch:
                        break
        else:
            i = m.start()
            if not stack or i - sentence_start > _MAX_QUOTED_SENTENCE:
                out.append((sentence_start, i + 1))
                sentence_start = i + 1
                stack.clear()
                pending = dict.fromkeys(_CLOSERS, 0)
    if sentence_start < end:
        out.append((sentence_start, end))
    return out


_DIGIT_RUN = rx.compile(r"\d+")


def _heading_number(style: str, numbering: str) -> list[int] | None:
    """The printed number(s) of a heading: 三、 -> [3], （一） -> [1], 3.1 -> [3, 1]."""
    digits = _DIGIT_RUN.findall(numbering)
    if digits:
        return [int(d) for d in digits]
    if style == "cn_formal":  # 壹、贰、参: 参 is the everyday character the fold gives for 參
        numbering = numbering.replace("参", "叁")
    value = parse_numeral(numbering.strip("、（）() "))
    return [int(value)] if value is not None else None


def _sections(text: str, paragraphs: list[tuple[int, int]]) -> list[SectionSpan]:
    """The section tree. Numbering styles nest in the order the document first uses them
    (一、 then （一） then 1. then （1）), so 1. is a top level in a paper that starts with it
    and a third level under 一、/（一）. Ids are the printed numbers: 三、（一） is 3.1."""
    preamble = SectionSpan("0", 0, None, "(preamble)", 0, len(text), None)
    sections: list[SectionSpan] = [preamble]
    style_level: dict[str, int] = {}
    stack: list[SectionSpan] = []  # open sections, outermost first
    used: dict[str, int] = {"0": 1}  # id -> times seen
    for s, e in paragraphs:
        m = match_heading(text, s, e)
        if not m:
            continue
        style = m.lastgroup or ""
        numbers = _heading_number(style, m.group())
        if style == "dotted":
            base = style_level.get("arabic", 1)
            level = base + len(numbers or [0, 0]) - 1
        else:
            if style not in style_level:
                style_level[style] = (stack[-1].level + 1) if stack else 1
            level = style_level[style]
        while stack and stack[-1].level >= level:
            stack.pop().end = s
        parent = stack[-1] if stack else None
        if style == "dotted" and numbers:
            sid = ".".join(str(n) for n in numbers)
        else:
            own = str(numbers[-1]) if numbers else str(len(sections))
            sid = f"{parent.id}.{own}" if parent else own
        if sid in used:  # numbering that restarts (an annex) still gets unique ids
            used[sid] += 1
            sid = f"{sid}-{used[sid]}"
        used[sid] = used.get(sid, 0) + 1
        title = text[m.end() : e].strip()
        if "。" in title:  # (1) 专利。2022年，…: an inline heading ends at its full stop
            title = title[: title.index("。")]
        section = SectionSpan(sid, level, m.group().strip(), title, s, len(text), parent.id if parent else None)
        sections.append(section)
        stack.append(section)
    if len(sections) > 1:
        preamble.end = sections[1].start
    return sections


def _header_count(text: str, paragraphs: list[tuple[int, int]], header_lines: int) -> int:
    """How many leading paragraphs are the header. When no body follows them (a one-line text
    such as 全年共受理3件), the short lines are sentences, not a title: only lines that name a
    report, a body or a date stay header."""
    if header_lines < len(paragraphs):
        return header_lines
    count = 0
    for s, e in paragraphs[:header_lines]:
        line = text[s:e]
        if not (_REPORT_WORDS.search(line) or _ISSUER_TAIL.search(line) or _DATE_LINE.search(line)):
            break
        count += 1
    return count


def _title_index(header_texts: list[str]) -> int:
    """Which header line is the title."""
    # The title is the first line that names a report; a paper may open with its issuer
    # (經濟部智慧財產局 / 中華民國111年年報).
    if header_texts and _ISSUER_TAIL.search(header_texts[0]) and not _REPORT_WORDS.search(header_texts[0]):
        return next((i for i, t in enumerate(header_texts) if _REPORT_WORDS.search(t)), 0)
    return 0


def _published_and_issuer(
    header_texts: list[str], header_original: list[str], title_index: int
) -> tuple[str | None, str | None, str | None]:
    """The header's publication date, and its issuer as read and as written."""
    published = None
    issuer = None
    issuer_original = None
    for i, (line, as_written) in enumerate(zip(header_texts, header_original)):
        if i == title_index:
            continue
        date = iso_date_from_header(line)
        if date and published is None:
            published = date
            # 成都市市场监督管理局（成都市知识产权局）      2024年4月12日: issuer and date on one line
            before = _DATE_LINE.search(line)
            head = line[: before.start()].strip() if before else ""
            if issuer is None and head and _ISSUER_TAIL.search(head.rstrip("）)").split("（")[0] or head):
                issuer = head
                in_original = _DATE_LINE.search(as_written)
                issuer_original = as_written[: in_original.start()].strip() if in_original else head
        elif issuer is None and _ISSUER_TAIL.search(line):
            issuer, issuer_original = line, as_written
    return published, issuer, issuer_original


def _report_year(title: str, header_texts: list[str], title_index: int) -> int | None:
    """The year the report covers, from its title or else another header line."""
    ym = _YEAR.search(title)
    # （2023年度） on a line of its own: the year of the report, when the title has none
    year_lines = [title] + [t for i, t in enumerate(header_texts) if i != title_index]
    year_match = next((m for m in map(_YEAR.search, year_lines) if m), None)
    if ym is None and any("民国" in t for t in header_texts):
        # 經濟部智慧財產局112年年報 over a 中華民國113年6月 line: the title's bare year is 民国 too
        year_match = _ROC_BARE_YEAR.search(title) or year_match
    if year_match and year_match.re is _ROC_BARE_YEAR:
        return _ROC_EPOCH + int(year_match.group(1))
    if year_match:
        y = year_match.group(1)
        if y.startswith("民国"):  # Taiwan's calendar: 民国111年 is 2022
            return _ROC_EPOCH + int(y[2:]) if y[2:].isdigit() else _ROC_EPOCH + int(parse_numeral(y[2:]) or 0)
        return int(y) if y.isdigit() else int(parse_numeral(y) or 0) or None
    return None


def _title_region(title: str) -> str | None:
    """The region a title names."""
    ym = _YEAR.search(title)
    # 2021年青岛市…白皮书 and 烟台市2022年…公报: the region may stand on either side of the year.
    rm = _REGION.search(title[ym.end():] if ym else title)
    if rm is None and ym is not None:
        rm = _REGION.search(title[: ym.start()])
    return rm.group(1) if rm else None


def parse_structure(repaired: RepairedText) -> Structure:
    """The header, sections, paragraphs and sentences of a repaired text."""
    text = repaired.text
    starts = repaired.paragraph_starts
    paragraphs = [(s, (starts[i + 1] - 1) if i + 1 < len(starts) else len(text)) for i, s in enumerate(starts)]
    header = paragraphs[: _header_count(text, paragraphs, repaired.header_lines)]
    header_texts = [text[s:e] for s, e in header]
    # Title and issuer are reported as written (traditional stays traditional); the repaired
    # lines are what the rules read.
    header_original = [repaired.original[slice(*repaired.span(s, e))].strip() for s, e in header]

    title_index = _title_index(header_texts)
    title = header_texts[title_index] if header_texts else None
    published, issuer, issuer_original = _published_and_issuer(header_texts, header_original, title_index)
    year = _report_year(title, header_texts, title_index) if title else None
    region = _title_region(title) if title else None
    if region is None and issuer:
        rm = _REGION.search(issuer)
        region = rm.group(1) if rm else None

    sections = _sections(text, paragraphs[len(header):])
    sentences: list[tuple[int, int]] = []
    for s, e in paragraphs:
        sentences.extend(split_sentences(text, s, e))
    return Structure(
        title=header_original[title_index] if header_original else None,
        issuer=issuer_original,
        issuer_name=issuer,
        published=published,
        year=year,
        region=region,
        header_spans=header,
        sections=sections,
        paragraphs=paragraphs,
        paragraph_indents=repaired.paragraph_indents,
        sentences=sentences,
        _section_starts=[sec.start for sec in sections],
        _sentence_starts=[s for s, _ in sentences],
    )
