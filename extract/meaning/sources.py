"""The bodies a passage speaks through: the sources it cites (记者从X获悉, 据X统计, X发布/通报/
召开…发布会), the paper's issuer, and groups of bodies that report through one (全国海关 ->
海关总署, 湖北警方 -> 湖北省公安厅).

    記者15日從湖北省公安廳獲悉,2020年,湖北警方共破獲… -> source 湖北省公安厅
    国家统计局、科技部、财政部联合发布《…公报》 -> source 国家统计局
"""

from __future__ import annotations

from bisect import bisect_right
from dataclasses import dataclass
from functools import cache

import regex

from .. import rx
from ..agencies import AgencyHit, region_context
from ..places import known_place, places, province_of
from ..ruledata import alternation, read_table
from .index import DocumentIndex

# 据X统计, 记者从X获悉, 来源：X
_CITED_BEFORE = rx.compile(r"(?:据|(?:记者)?从|来源[:：]\s*)$")
_LEARNED_AFTER = rx.compile(r"^[^。；\n]{0,40}?(?:获悉|了解到|得知)")
# X发布了《…》, X11日发布消息称, X举行新闻发布会, X召开…发布会, X统计显示
_STATES_AFTER = rx.compile(
    r"^[^。；\n]{0,30}?(?:(?:发布|通报|公布|召开|举行|印发)[^。；\n]{0,25}?(?:发布会|白皮书|公报|报告|通报|消息|数据|情况|《)"
    r"|(?:统计|数据)显示|新闻发言人)"
)


@dataclass(frozen=True)
class Source:
    start: int
    agency: str
    section: str | None


def find_sources(ix: DocumentIndex) -> list[Source]:
    """Every body the text cites as the source of what follows, in order; a body its headline
    names (宁波海关打击侵权…) speaks for the passage."""
    text = ix.text
    out: list[Source] = []
    header_end = ix.structure.header_spans[-1][1] if ix.structure.header_spans else 0
    for hit in ix.agencies:
        if hit.entry.kind == "international":
            continue
        if hit.end <= header_end and not ix.issuer:
            if not out:
                out.append(Source(hit.start, hit.entry.canonical, None))
            continue
        before = text[max(0, hit.start - 5) : hit.start]
        after = text[hit.end : hit.end + 60]
        cited = _CITED_BEFORE.search(before) is not None
        if (cited and (before.endswith("据") or "来源" in before or _LEARNED_AFTER.match(after))) \
                or _STATES_AFTER.match(after):
            if out and out[-1].start == hit.start:
                continue
            out.append(Source(hit.start, hit.entry.canonical, ix.structure.section_at(hit.start)))
    return out


class SourceLookup:
    """The source in force at a position: the last one cited before it in its section, else
    (for a lede or title before the citation) the first one cited, when the paper names no issuer."""

    def __init__(self, ix: DocumentIndex, sources: list[Source], issuer: str | None) -> None:
        self.sources = sources
        self.starts = [s.start for s in sources]
        self.ix = ix
        self.issuer = issuer
        # A release that cites nobody speaks for the body it is about: the one it names most, if
        # it names it more than once or has no sections (a paper with sections names its bodies
        # where they act).
        unsectioned = all(section.id == "0" for section in ix.structure.sections)
        self.main_body = _main_body(ix, 1 if unsectioned else 2) if not sources and issuer is None else None

    def at(self, pos: int) -> str | None:
        i = bisect_right(self.starts, pos) - 1
        section = self.ix.structure.section_at(pos) if i >= 0 else None
        while i >= 0:
            if self.sources[i].section == section or self.sources[i].section in (None, "0"):
                return self.sources[i].agency
            i -= 1
        if self.issuer is None and self.sources:
            return self.sources[0].agency
        return None


def _main_body(ix: DocumentIndex, least: int) -> str | None:
    """A passage that cites no source and names no issuer speaks for the body it names most
    (the first of those named equally often)."""
    counts: dict[str, int] = {}
    for hit in ix.agencies:
        if hit.entry.kind != "international":
            counts[hit.entry.canonical] = counts.get(hit.entry.canonical, 0) + 1
    if not counts:
        return None
    best = max(counts, key=lambda name: counts[name])
    # only a body that dominates the passage: among many bodies none speaks for it
    return best if counts[best] * 2 >= sum(counts.values()) and counts[best] >= least else None


def issuer_body(ix: DocumentIndex) -> str | None:
    """The issuer's canonical name: the body its words name in the text, else as written with
    市/省 filled from the region."""
    issuer = ix.issuer
    if not issuer:
        return None
    name = issuer.split("（")[0].split("(")[0].strip()
    for hit in ix.agencies:
        if ix.text[hit.start : hit.end] == name or hit.entry.canonical == name:
            return hit.entry.canonical
    ctx = region_context(ix.region)
    if name.startswith("市") and ctx.city:
        return ctx.city + name[1:]
    if name.startswith("省") and ctx.province:
        return ctx.province + name[1:]
    return name


@dataclass(frozen=True)
class _Collective:
    pattern: regex.Pattern[str]
    table: dict[tuple[str, str], str]
    body: regex.Pattern[str]  # the body words alone: a clause with none near its start has no group
    reach: int  # the longest match: scope, level word and body


_GROUP_SCOPES = ("全国各级", "地方各级", "全国", "我国", "各级", "各地", "全省", "我省", "本省", "全市", "我市", "本市",
                 "全区", "全自治区")


@cache
def _collective() -> _Collective:
    rows = read_table("collective_bodies.tsv")
    table = {(r["scope"], r["body"]): r["canonical"] for r in rows}
    bodies = alternation([r["body"] for r in rows])
    # A place's name (湖北警方) is any run of characters here, checked against the gazetteer after
    # the match: cheaper than an alternation of every place.
    pattern = rx.compile(
        rf"(?P<scope>{alternation(list(_GROUP_SCOPES))}|\p{{Han}}{{2,9}}?)?(?:各级|两级|三级|各地)?(?P<body>{bodies})"
    )
    longest_scope = max(9, *map(len, _GROUP_SCOPES))
    return _Collective(pattern, table, rx.compile(bodies), longest_scope + 2 + max(len(r["body"]) for r in rows))


def collective_body(ix: DocumentIndex, pos: int, end: int) -> str | None:
    """全国海关 -> 海关总署; 全省公安机关 -> the paper's province's 公安厅; 湖北警方 -> 湖北省公安厅."""
    c = _collective()
    if c.body.search(ix.text, pos, min(end, pos + c.reach)) is None:
        return None  # most clauses: no body word at all, found at a fraction of the full pattern's cost
    m = c.pattern.match(ix.text, pos, end)
    if m is None:
        return None
    scope = m.group("scope") or ""
    body = m.group("body")
    ctx = region_context(ix.region)
    if scope in ("全国", "我国", "全国各级") or (scope in ("各级", "地方各级", "各地", "") and not ix.region):
        if scope == "" and body not in ("人民法院", "人民检察院"):
            return None  # a bare 法院 or 公安机关 names no group
        level, province, city = "national", None, None
    elif scope in ("全省", "我省", "本省", "全区", "全自治区") or (scope in ("各级", "地方各级", "各地") and ctx.province and not ctx.city):
        level, province, city = "province", ctx.province or province_of(ix.region), None
    elif scope in ("全市", "我市", "本市", "各级", "地方各级", "各地"):
        level, province, city = "city", ctx.province, ctx.city
        if city and province_of(city) == city:  # 天津市: a municipality's courts report as a province's
            level, province = "province", city
    else:
        place = known_place(scope)
        if place is None:
            return None
        if place in places().provinces:
            level, province, city = "province", place, None
        elif province_of(place) == place:
            level, province, city = "province", place, None
        else:
            level, province, city = "city", province_of(place), place
    template = c.table.get((level, body))
    if template is None:
        return None
    if "{province}" in template:
        if not province:
            return None
        template = template.replace("{province}", province)
    if "{city}" in template:
        if not city:
            return None
        template = template.replace("{city}", city)
    return template


__all__ = ["AgencyHit", "Source", "SourceLookup", "collective_body", "find_sources", "issuer_body"]
