"""Government bodies: a gazetteer of canonical names plus patterns for bodies it lacks.

    市市场监管局（知识产权局）组织开展…   -> 青岛市市场监督管理局 (in a Qingdao paper)
    省公安厅                               -> 山东省公安厅 (province from data/regions.tsv)
    即墨区法院                             -> not in the gazetteer: recognised by pattern

The gazetteer (data/agencies.tsv) writes `{city}`/`{province}` where the paper writes 市/省,
so one row serves every city's paper.
"""

from __future__ import annotations

from bisect import bisect_left
from dataclasses import dataclass
from functools import cache

import regex

from . import rx
from .ruledata import alternation, read_table


@dataclass(frozen=True)
class AgencyEntry:
    canonical: str
    kind: str
    parent: str | None
    in_gazetteer: bool


@dataclass(slots=True)
class AgencyHit:
    start: int
    end: int
    entry: AgencyEntry


@dataclass(frozen=True)
class RegionContext:
    city: str | None  # 青岛市
    city_short: str | None  # 青岛
    province: str | None  # 山东省
    county: str | None = None  # 长兴县: a county's paper writes 县公安局


@cache
def _provinces() -> dict[str, str]:
    return {row["city"]: row["province"] for row in read_table("regions.tsv")}


def region_context(region: str | None) -> RegionContext:
    if not region:
        return RegionContext(None, None, None)
    if region.endswith("省") or region.endswith("自治区"):
        return RegionContext(None, None, region)
    if region.endswith(("县", "旗")) or (region.endswith("区") and not region.endswith("自治区")):
        if "市" in region[:-1]:  # 宁波市鄞州区: a district paper also writes 市 for its city
            city = region[: region.index("市") + 1]
            return RegionContext(city, city[:-1], _provinces().get(city), region)
        return RegionContext(None, None, None, region)
    if region.endswith("特别行政区"):  # 香港特别行政区: the region is the city
        return RegionContext(region, region[: -len("特别行政区")], None)
    city = region if region.endswith("市") else region + "市"
    return RegionContext(city, city[:-1], _provinces().get(city))


def _province_names() -> list[str]:
    from .places import places  # the gazetteer of places, loaded once

    p = places()
    return [n for n, full in p.full_name.items() if full in p.provinces and len(n) >= 2]


def _fill(template: str, ctx: RegionContext) -> str | None:
    """Fill {city}/{province}; None when the document's region does not say."""
    out = template
    for key, value in (("{cityshort}", ctx.city_short), ("{city}", ctx.city), ("{province}", ctx.province)):
        if key in out:
            if value is None:
                return None
            out = out.replace(key, value)
    return out


# Suffixes that end the name of a body, for bodies the gazetteer does not list.
_SUFFIX = alternation([
    "海关", "中级人民法院", "中级法院", "高级人民法院", "人民法院", "法院", "人民检察院", "检察院", "知识产权法庭", "法庭",
    "管理委员会", "委员会", "管委会", "管委", "办公室", "人民政府", "政府", "公安厅", "厅", "局", "中院", "署", "总队", "支队",
])
_BODY = r"[^\s\p{P}的和与在对将了为把被等共]"  # 及 stays: 经济及科技发展局
# Characters that end a word standing right before a body's name (会同市…, 由省…, 联合市…).
_BEFORE_A_BODY = "由与和及同在向被是将对经并为请合导促求据持织头称"
# Verbs that join a partner body to a sentence's subject (市公安局联合市执法支队…).
_PARTNER_VERBS = "联合|会同|协同|配合|指导|组织|牵头|督促"


@cache
def _compiled(ctx: RegionContext) -> tuple[regex.Pattern[str], dict[str, AgencyEntry], regex.Pattern[str]]:
    aliases: dict[str, AgencyEntry] = {}
    for row in read_table("agencies.tsv"):
        canonical = _fill(row["canonical"], ctx)
        parent = _fill(row["parent"], ctx) if row["parent"] else None
        for alias in row["aliases"].split("|"):
            name = _fill(alias.strip(), ctx)
            if not name:
                continue
            if canonical is None:
                continue  # 市版权局 in a province's paper: which city's is for the patterns to say
            entry = AgencyEntry(canonical, row["kind"], parent, True)
            aliases.setdefault(name, entry)
    gazetteer = rx.compile(alternation(list(aliases)))
    places = [p for p in (ctx.city, ctx.city_short, ctx.province) if p]
    prefix = "|".join(
        # (runs of plain names written as tries: the same matches, tried faster)
        ([f"(?:{alternation(places)})"] if places else [])
        + [f"(?:{alternation(['香港特别行政区', '澳门特别行政区', '香港', '澳门', '台湾'])})",
           # a place name is not a verb: 联合市…支队 is 联合 + 市…支队
           rf"(?!{_PARTNER_VERBS})\p{{Han}}{{2,3}}[区县]", rf"(?!{_PARTNER_VERBS})\p{{Han}}{{2,3}}市(?![场民])",
           # a province by its name (湖北省, 内蒙古自治区) or the short name papers write (内蒙古公安厅)
           f"(?:{alternation(_province_names())})",
           r"市(?![场民])", "省", "国家",
           *([regex.escape(ctx.county[-1]) + r"(?![域内级份]|市(?!场))"] if ctx.county else []),
           # another city's customs office or court: 郑州海关, 苏州中院
           r"(?!全国|全省|全市|全区|各地|我国|我省|我市|本市|本省)\p{Han}{2}(?=中院|知识产权法庭|海关(?!系统|知识|监管|保护|执法|业务|总署|法|工作|特殊|关员|备案|领域))"]
    )
    pattern = rx.compile(
        rf"(?:(?<=由|与|和|及|、|会同|联合|在|向|被|是|将|对|经|同|据|从|共和国|其中|^)|(?<!\p{{Han}}))"
        rf"(?P<name>(?!全年|年内|今年|去年|当年|本年|同期)(?:{prefix}){_BODY}{{0,16}}?(?:{_SUFFIX}))(?!\p{{Han}}{{0,1}}(?:局|院|厅|会))",
        regex.M,
    )
    return gazetteer, aliases, pattern


_DISTRICT_COURT = rx.compile(r"^(?P<place>\p{Han}{2,3}[区县])(?P<body>法院|检察院)$")


def _resolve_pattern_name(name: str, ctx: RegionContext) -> str:
    district = _DISTRICT_COURT.match(name)
    if district:  # 思明区法院 is 厦门市思明区人民法院 in Xiamen's paper
        full = f"{district.group('place')}人民{district.group('body')}"
        return (ctx.city or "") + full
    if ctx.county and name[0] == ctx.county[-1]:  # 县公安局 in 长兴县's paper
        city_body = _compiled(ctx)[1].get("市" + name[1:]) if ctx.city else None
        if city_body is not None and city_body.canonical.startswith(ctx.city or ""):
            # 区市场监管局 in 鄞州区's paper: the district's own 市场监督管理局, named as the city's is
            return ctx.county + city_body.canonical[len(ctx.city or ""):]
        if name[1:] in ("法院", "检察院"):
            return f"{ctx.county}人民{name[1:]}"
        return ctx.county + name[1:]
    if name.startswith("市") and ctx.city:
        return ctx.city + name[1:]
    if name.startswith("省") and ctx.province:
        return ctx.province + name[1:]
    return _full_province(name)


def _full_province(name: str) -> str:
    """内蒙古公安厅 -> 内蒙古自治区公安厅: a province's short name written out in full."""
    for short, full in _province_short_names():
        if name.startswith(short) and not name.startswith(full) \
                and name[len(short) : len(short) + 1] not in ("省", "市", "区", "县", "州", "盟"):
            return full + name[len(short):]
    return name


@cache
def _province_short_names() -> tuple[tuple[str, str], ...]:
    from .places import places

    p = places()
    return tuple((short, full) for short, full in p.full_name.items() if full in p.provinces and short != full)


def find_agencies(
    text: str, region: str | None, blocked: bytearray | None = None, issuer: str | None = None
) -> list[AgencyHit]:
    ctx = region_context(region)
    gazetteer, aliases, pattern = _compiled(ctx)
    hits: list[AgencyHit] = []
    taken = bytearray(len(text) + 1)
    for m in gazetteer.finditer(text):
        if blocked is not None and blocked[m.start()]:
            continue
        if _inside_other_name(text, m):
            continue
        hit = _with_subunit(text, AgencyHit(m.start(), m.end(), aliases[m.group()]))
        hits.append(hit)
        taken[hit.start : hit.end] = b"\x01" * (hit.end - hit.start)
    for m in _pattern_matches(text, pattern):
        s, e = m.start("name"), m.end("name")
        if taken[s] or taken[e - 1] or (blocked is not None and blocked[s]):
            continue
        name = m.group("name")
        kind = _pattern_kind(name)
        hit = _with_subunit(text, AgencyHit(s, e, AgencyEntry(_resolve_pattern_name(name, ctx), kind, None, False)))
        hits.append(hit)
        taken[hit.start : hit.end] = b"\x01" * (hit.end - hit.start)
    hits.extend(_issuer_mentions(text, issuer, hits, taken, blocked))
    hits = list({(h.start, h.end): h for h in sorted(hits, key=lambda h: (h.start, h.end))}.values())
    return _with_abbreviations(text, hits, taken, blocked)


# 本局, 我院, 本关: the paper's own issuer speaking of itself.
_SELF_REFERENCE = rx.compile(rf"(?<=^|[^\p{{Han}}]|[{_BEFORE_A_BODY}年月日])(?:本|我)(?P<suffix>局|院|署|关|会|厅|委|办)")
_ISSUER_SUFFIX = rx.compile(rf"(?:{_SUFFIX}|会|委|办)$")


def _issuer_mentions(
    text: str, issuer: str | None, hits: list[AgencyHit], taken: bytearray, blocked: bytearray | None
) -> list[AgencyHit]:
    """The issuer named in full (when no table row or pattern knows it), as 本局, or by a short
    form of its own characters (經科局 for 經濟及科技發展局, 市监局 for 市场监督管理局)."""
    name = (issuer or "").split("（")[0].split("(")[0].strip()
    suffix = _ISSUER_SUFFIX.search(name) if name else None
    if suffix is None or len(name) < 4:
        return []
    known = next((h.entry for h in hits if h.entry.canonical == name), None)
    if known is None:  # 中华人民共和国黄埔海关 over 黄埔海关: the body the paper also names shortly
        full = text.find(name)
        known = next((h.entry for h in hits if full != -1 and full <= h.start and h.end == full + len(name)), None)
    entry = known or AgencyEntry(name, _pattern_kind(name), None, False)
    out: list[AgencyHit] = []
    core = _own_words(name)
    for hit in hits:  # 市监局 read by the patterns as a body of its own
        if not hit.entry.in_gazetteer and _is_short_form(text[hit.start : hit.end], name, core):
            hit.entry = entry

    def add(start: int, end: int) -> None:
        if not (taken[start] or taken[end - 1] or (blocked is not None and blocked[start])):
            out.append(AgencyHit(start, end, entry))
            taken[start:end] = b"\x01" * (end - start)

    by_start = sorted(hits, key=lambda h: h.start)
    starts = [h.start for h in by_start]
    at = text.find(name)
    while at != -1:
        end = at + len(name)
        inside = by_start[bisect_left(starts, at) : bisect_left(starts, end)]
        for hit in inside:  # 香港特别行政区政府 read inside 香港特别行政区政府知识产权署: the issuer wins
            if hit.end <= end:
                hit.entry = entry
                hit.start, hit.end = at, end
        if not any(h.start == at and h.end == end for h in inside):
            add(at, end)
        at = text.find(name, end)
    last = name[-1]
    for m in _SELF_REFERENCE.finditer(text):
        if last == m.group("suffix"):
            add(m.start(), m.end())
    # A short form: 2–4 characters of the name, in order, ending on its last one.
    at = text.find(last)
    while at != -1:
        for width in (4, 3):
            start = at - width + 1
            if start < 0:
                continue
            short = text[start : at + 1]
            before = text[start - 1] if start else ""
            if _is_short_form(short, name, core) and not (before and _HAN_CHAR.match(before) and before not in _BEFORE_A_BODY):
                add(start, at + 1)
                break
        at = text.find(last, at + 1)
    return out


_PLACE_PREFIX = rx.compile(r"^\p{Han}*?(?:特别行政区|自治区|省|市|区|县)")


def _own_words(name: str) -> str:
    """The body's own words, without its place and its kind: 经济及科技发展 of
    澳门特别行政区经济及科技发展局."""
    place = _PLACE_PREFIX.match(name)
    suffix = _ISSUER_SUFFIX.search(name)
    return name[place.end() if place else 0 : suffix.start() if suffix else len(name)]


def _is_short_form(short: str, name: str, core: str) -> bool:
    """經科局 of 經濟及科技發展局: each character found in order, the first ones not adjacent in
    the name (a plain tail like 发展局 is a word, not a short form), and one of them from the
    body's own words: 江西法院 (every court of the province) is no short form of 江西省高级人民法院."""
    if short == name or not _HAN_CHAR.match(short[0]) or short in name:
        return False
    if not any(ch in core for ch in short[:-1]):
        return False
    pos = -1
    for ch in short:
        pos = name.find(ch, pos + 1)
        if pos == -1:
            return False
    return True


# A unit inside a listed body: 市公安局经济犯罪侦查支队, 国家统计局甘肃调查总队. Its name runs on
# from the parent's without a break; a verb or conjunction there starts a new phrase instead
# (市公安局联合市执法支队…).
_SUBUNIT_WORDS = ("总队", "支队", "大队", "调查队", "分局", "派出所")
_SUBUNIT = rx.compile(
    rf"(?!{_PARTNER_VERBS}|和|与|及|在|对){_BODY}{{0,10}}?(?:{'|'.join(_SUBUNIT_WORDS)})"
    r"(?!\p{Han}{0,1}(?:局|院|厅|会))"
)
# Checked first, cheaply: a unit word's last character within the pattern's reach.
_SUBUNIT_END = rx.compile("[" + "".join(sorted({w[-1] for w in _SUBUNIT_WORDS})) + "]")
_SUBUNIT_REACH = 10 + max(len(w) for w in _SUBUNIT_WORDS)


def _with_subunit(text: str, hit: AgencyHit) -> AgencyHit:
    if _SUBUNIT_END.search(text, hit.end, hit.end + _SUBUNIT_REACH) is None:
        return hit
    m = _SUBUNIT.match(text, hit.end)
    if m is None:
        return hit
    name = hit.entry.canonical + m.group()
    return AgencyHit(hit.start, m.end(), AgencyEntry(name, _pattern_kind(name), hit.entry.canonical, False))


_SUFFIX_AT = rx.compile(_SUFFIX)
_COLLECTIVE = "全本各两该一二三四五六七八九十"
_HAN_CHAR = rx.compile(r"\p{Han}")


def _inside_other_name(text: str, m: regex.Match[str]) -> bool:
    """An alias inside another word (公安部门 is no mention of 公安部), or a 市/省 alias that is the
    tail of another name: 全省法院 (every court of the province),
    五市市场监管局 (five cities' bureaus), 诸暨市人民检察院 (a county-level city's procuratorate)."""
    alias = m.group()
    if alias.endswith("部") and text[m.end() : m.end() + 1] in ("门", "署"):
        return True  # 公安部门 (police departments), 公安部署: not 公安部
    if alias[0] not in "市省区县" or not m.start():
        return False
    before = text[m.start() - 1]
    if before in _COLLECTIVE:
        return True
    return ("检察院" in alias or "法院" in alias) and _HAN_CHAR.match(before) is not None \
        and before not in _BEFORE_A_BODY
# The longest prefix + body a pattern name has before its suffix (city name + 12 characters).
_NAME_REACH = 28


def _pattern_matches(text: str, pattern: regex.Pattern[str]) -> list[regex.Match[str]]:
    """The pattern's matches, tried only just before each agency suffix (局, 法院, 海关 …):
    the same result as finditer over the whole text at a fraction of the cost."""
    out: list[regex.Match[str]] = []
    covered = 0
    for suffix in _SUFFIX_AT.finditer(text):
        end = suffix.end()
        m = pattern.search(text, max(covered, end - _NAME_REACH), min(len(text), end + 3))
        while m is not None and m.end("name") < end:
            out.append(m)
            covered = m.end()
            m = pattern.search(text, covered, min(len(text), end + 3))
        if m is not None and m.end("name") >= end:
            out.append(m)
            covered = m.end()
    return out


def _pattern_kind(name: str) -> str:
    for suffix, kind in (("海关", "customs"), ("法院", "court"), ("中院", "court"), ("法庭", "court"),
                         ("检察院", "procuratorate"), ("署", "bureau"),
                         ("政府", "government"), ("中心", "center"), ("委", "government"), ("局", "bureau"),
                         ("厅", "bureau"), ("办", "office"), ("办公室", "office"),
                         ("总队", "bureau"), ("支队", "bureau")):
        if name.endswith(suffix):
            return kind
    return "other"


# 澳门特别行政区经济及科技发展局（以下简称“经科局”）: the short name is the body from then on.
_ABBREVIATION_OPENERS = "（("
_ABBREVIATION = rx.compile(rf"[{_ABBREVIATION_OPENERS}]以下简称[“\"]?(?P<abbr>[^”\"）)，,]{{2,10}})[”\"]?[)）]")


def _with_abbreviations(
    text: str, hits: list[AgencyHit], taken: bytearray, blocked: bytearray | None
) -> list[AgencyHit]:
    short: dict[str, AgencyEntry] = {}
    for hit in hits:
        # (most names are followed by no bracket: the pattern is tried only after one)
        m = _ABBREVIATION.match(text, hit.end) if text[hit.end : hit.end + 1] in _ABBREVIATION_OPENERS else None
        if m:
            short.setdefault(m.group("abbr"), hit.entry)
    if not short:
        return hits
    for hit in hits:
        taken[hit.start : hit.end] = b"\x01" * (hit.end - hit.start)
    extra = []
    for m in regex.finditer(alternation(list(short)), text):
        if taken[m.start()] or (blocked is not None and blocked[m.start()]):
            continue
        if text[max(0, m.start() - 5) : m.start()].endswith(("简称“", "简称\"", "简称")):
            continue  # the definition itself
        extra.append(AgencyHit(m.start(), m.end(), short[m.group()]))
    return sorted(hits + extra, key=lambda h: h.start)
