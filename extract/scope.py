"""The paper's own region, report year and issuer when its header does not state them: a news
release, a press conference, an excerpt.

    来源:福建日报 … 记者从省科技厅获悉,去年,全省共登记技术合同… -> 福建省, the year before publication
    ——2019年1月6日在马鞍山市第十六届人民代表大会… -> 马鞍山市 (a stated region read too greedily)
    国家统计局、科技部、财政部联合发布《2020年全国科技经费投入统计公报》 -> national (no region)

Region: the header's, cut to the known place it ends with; else the first known place in the
title and opening lines (a dateline's city is where the reporter is, not the paper's scope),
unless the opening speaks for the whole country (全国, 我国, a national body) first.
Year: the header's; else the year most often written in the text, not after publication; else
the year before publication when the text says 去年.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

import regex

from . import rx
from .places import known_place, place_pattern
from .textforms import ROC_BARE_YEAR, ROC_EPOCH

# Words no place name holds: 去年全省, 日在…
_NOT_A_PLACE = rx.compile(r"[全本我去今年月日在的和与]")
# A place no table lists: a county, district or county-level city (长兴县, 鄞州区, 诸暨市)
_NAMED_PLACE = rx.compile(r"[^省市]{2,4}(?:县|区|市|旗)")
# A place with its own figure or in a list (浙江(12.3万件)、江苏…, 北京市1003091件, 日本以…件,
# 宁夏、青海等省): a part the paper lists, not its scope
_LISTED_PLACE = rx.compile(r"(?:省|市)?(?:[(（]?\d|以\d|[、和及等])")
_OPENING = 300
_BODY_READ = 20000  # characters in which a release names its scope
# 中新网广州1月11日电, 新华社北京3月5日电: where the reporter files from
_DATELINE = rx.compile(r"(?:网|社|报|台)\s*(?P<place>\p{Han}{2,4}?)\s*\d{1,2}月\d{1,2}日(?:电|讯)")
# Words that make the opening national: 全国, 我国, and bodies of the central government.
_NATIONAL = rx.compile(r"全国|我国|国家\p{Han}{1,6}?(?:局|部|委|署|院)|最高人民(?:法院|检察院)|海关总署|公安部|国务院")
_YEAR = rx.compile(r"(?<!\d)((?:19|20)\d\d)年")
_PUBLISHED = rx.compile(r"(?<!\d)((?:19|20)\d\d)[-/.年](\d{1,2})[-/.月](\d{1,2})")
# 109年智慧局受理…: a Taiwan paper's bare 民国 years (109 is 2020)
_ROC_YEAR = rx.compile(rf"(?<!\d)({ROC_BARE_YEAR})年")
_ROC_EPOCH = ROC_EPOCH
_LAST_YEAR = rx.compile(r"去年|上一年|上年度")
# An issuer named by what a title or speaker says of it: 国家版权局关于…的通报, 我代表市人民政府
_TITLE_ISSUER = rx.compile(r"^(?P<body>\p{Han}{3,20}?(?:局|部|委员会|署|院|厅|办公室|政府))关于")
_SPEAKS_FOR = rx.compile(r"我代表(?P<body>\p{Han}{2,12}?(?:人民政府|政府|委员会|法院|检察院))")


@dataclass(frozen=True)
class Scope:
    region: str | None
    year: int | None
    issuer: str | None  # as written (市人民政府); the agency stage resolves it


def _stated_region(stated: str) -> str | None:
    """A header's region, checked: 宁波市鄞州区 and 长兴县 stand; 日在马鞍山市 is cut to the known
    place it ends with; 去年全省 names no place. (Dictionary lookups only: a paper with a header
    never builds the place pattern.)"""
    for j in range(len(stated), 1, -1):  # a known place it starts with (宁波市鄞州区)
        full = known_place(stated[:j])
        if full:
            rest = stated[j:]
            return full + rest if rest.endswith(("区", "县")) else full
    for i in range(1, len(stated) - 1):  # a known place it ends with (日在马鞍山市)
        full = known_place(stated[i:])
        if full:
            return full
    if _NOT_A_PLACE.search(stated) or _NAMED_PLACE.fullmatch(stated) is None:
        return None
    return stated


def _region(text: str, stated: str | None, title: str | None) -> str | None:
    if stated and _stated_region(stated):
        return _stated_region(stated)
    opening = text[:_OPENING]
    datelines = [(m.start("place"), m.end("place")) for m in _DATELINE.finditer(opening)]
    national = _NATIONAL.search(opening)
    for m in place_pattern().finditer(opening):
        if any(s <= m.start() < e for s, e in datelines):
            continue
        if national is not None and national.start() < m.start():
            return None  # 我国…, 国家统计局…发布: the country's paper, places are its parts
        if _is_word(opening, m) and not _listed(opening, m):
            return known_place(m.group())
    if national is not None:
        return None
    body = text[:_BODY_READ]  # enough of a release to see whom it is about; long papers state their region
    counts = Counter(known_place(m.group()) for m in place_pattern().finditer(body)
                     if _is_word(body, m) and not _listed(body, m))
    return counts.most_common(1)[0][0] if counts else None


def _listed(text: str, m: regex.Match[str]) -> bool:
    return _LISTED_PLACE.match(text, m.end()) is not None or text[max(0, m.start() - 1) : m.start()] in ("、", "和", "及")


def _is_word(text: str, m: regex.Match[str]) -> bool:
    """A place name, not characters inside another word: 广州 in 广州市, not 州 names inside 贵州茅台…"""
    return len(m.group()) >= 2


def _year(text: str, stated: int | None, published: str | None) -> int | None:
    if stated:
        return stated
    pub = _PUBLISHED.search(published or "") or _PUBLISHED.search(text[:_OPENING])
    pub_year = int(pub.group(1)) if pub else None
    years = Counter(int(y) for y in _YEAR.findall(text) if pub_year is None or int(y) <= pub_year)
    if years:
        top = max(years.values())
        return max(y for y, n in years.items() if n == top)
    if pub_year and _LAST_YEAR.search(text):
        return pub_year - 1
    roc = Counter(int(y) for y in _ROC_YEAR.findall(text))
    if roc:
        return _ROC_EPOCH + roc.most_common(1)[0][0]
    return pub_year


def _issuer(text: str, stated: str | None, title: str | None) -> str | None:
    if stated:
        return stated
    m = _TITLE_ISSUER.match(title or "")
    if m:
        return m.group("body")
    m = _SPEAKS_FOR.search(text, 0, 2000)
    return m.group("body") if m else None


def infer_scope(text: str, title: str | None, region: str | None, year: int | None, issuer: str | None,
                published: str | None) -> Scope:
    return Scope(_region(text, region, title), _year(text, year, published), _issuer(text, issuer, title))
