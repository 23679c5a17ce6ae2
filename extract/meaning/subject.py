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
"""

from __future__ import annotations

from bisect import bisect_left
from dataclasses import dataclass
from functools import cache
from importlib import resources

import regex

from ..ruledata import alternation, read_table
from .index import DocumentIndex
from .rules import Facts, Rule, rule
from .words import HAN

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

_LIST_ROWS = 40  # rows of a list 以上 may sum up
_SEPARATOR = "，,。；;：:！!？?\n"
_HEADING_NUMBER = regex.compile(r"[ \t\u3000]*(?:[一二三四五六七八九十]{1,3}[、.．]|[（(][一二三四五六七八九十\d]{1,3}[)）]"
                                r"|\d{1,2}[、.．)）]|[—–\-●○▲△■□◆◇·•※]+)?[ \t\u3000]*")
_HEADING_START = frozenset("一二三四五六七八九十（(0123456789—–-●○▲△■□◆◇·•※ \t\u3000")
_EXAMPLE = regex.compile(r"以(?=\p{Han}{2,12}?为例)")
_FOR_EXAMPLE_END = "为例"


@dataclass(frozen=True)
class Name:
    """A name found at a position: the subject it gives (None: the paper's own scope)."""

    end: int
    subject: str | None
    kind: str  # place, country, group, company, zone, county_city, organisation, body, national, own, same


@dataclass(frozen=True)
class Gazetteer:
    place: dict[str, str]  # written form -> full name: 厦门 -> 厦门市, 广东 -> 广东省
    province_of: dict[str, str]  # city -> province
    short: dict[str, str]  # full name -> short form: 广东省 -> 广东
    country: dict[str, str]
    words: dict[str, str]  # subject_words.tsv: word -> kind
    body: regex.Pattern[str]
    zone_long: regex.Pattern[str]
    zone_short: regex.Pattern[str]
    county_city: regex.Pattern[str]
    company: regex.Pattern[str]
    organisation: regex.Pattern[str]
    not_a_name: tuple[str, ...]
    kind_openers: tuple[str, ...]  # 各, 全, 国家级: a word so opened names a kind, not one
    opener: regex.Pattern[str]
    opener_readings: dict[str, tuple[str, ...]]  # an opener -> it and the shorter openers it starts with
    longest_from: dict[str, int]  # first two characters of any table word -> its longest length
    body_ends: frozenset[str]
    any_end: regex.Pattern[str]  # any last character of a body, zone, firm, institution or 市
    pattern_ends: tuple[tuple[regex.Pattern[str], str, frozenset[str]], ...]  # pattern, kind, last characters
    suffixes: dict[str, tuple[str, ...]]  # zone, company, organisation -> their name endings


def _has_table(name: str) -> bool:
    return resources.files("extract").joinpath("data").joinpath(name).is_file()


# A character of a firm's, zone's or institution's name: no 的 (市中级法院审理的某公司 is a case)
_NAME_CHAR = r"[^\P{Han}的]"
# Units that count institutions: 省级工程技术研究中心50个 counts centres of a kind, no one centre
_INSTITUTION_UNITS = frozenset("个家所座处间")
_PROVINCE_SUFFIX = regex.compile(r"(?:壮族自治区|回族自治区|维吾尔自治区|自治区|特别行政区|省|市)$")
# Kinds of names a list of names goes on with (西海岸新区、高新区分别…)
_LISTED_KINDS = frozenset(["place", "country", "group", "zone", "county_city", "company", "body"])
_CITY_SUFFIX = regex.compile(r"(?:市|地区|盟)$")


def _places(words: dict[str, str]) -> tuple[dict[str, str], dict[str, str], dict[str, str]]:
    """Every written form of a place -> its full name; full name -> short form; city -> province."""
    place: dict[str, str] = {}
    short: dict[str, str] = {}
    ambiguous = {w for w, k in words.items() if k == "ambiguous_place"}
    provinces: dict[str, str] = {}
    if _has_table("provinces.tsv"):  # the lead's table: full names with the short form papers write
        provinces = {r["province"]: r.get("short") or "" for r in read_table("provinces.tsv")}
    province_of: dict[str, str] = {}
    for r in read_table("regions.tsv"):
        provinces.setdefault(r["province"], "")
        city = r["city"]
        province_of[city] = r["province"]
        place[city] = city
        stem = _CITY_SUFFIX.sub("", city)
        if stem != city and len(stem) >= 2 and stem not in ambiguous:
            place.setdefault(stem, city)
            short.setdefault(city, stem)
    for province, written in provinces.items():
        place[province] = province  # a province's name wins over a city's of the same stem (吉林)
        stem = written or _PROVINCE_SUFFIX.sub("", province)
        if len(stem) >= 2 and stem != province:
            place[stem] = province
            short[province] = stem
    return place, short, province_of


@cache
def gazetteer() -> Gazetteer:
    words = {r["word"]: r["kind"] for r in read_table("subject_words.tsv")}
    place, short, province_of = _places(words)
    country = {r["name"]: r["canonical"] for r in read_table("countries.tsv")}

    def of_kind(kind: str) -> list[str]:
        return [w for w, k in words.items() if k == kind]

    zones = of_kind("zone")
    openers = of_kind("opener")
    longest_from: dict[str, int] = {}
    for word in [*place, *country, *words]:
        longest_from[word[:2]] = max(longest_from.get(word[:2], 0), len(word))

    def last_chars(*kinds: str) -> frozenset[str]:
        return frozenset(w[-1] for kind in kinds for w in of_kind(kind))

    zone_long = regex.compile(rf"{_NAME_CHAR}{{0,8}}?(?:{alternation([z for z in zones if len(z) > 1])})")
    zone_short = regex.compile(rf"\p{{Han}}{{2,3}}(?:{alternation([z for z in zones if len(z) == 1])})(?![域内级间])")
    company = regex.compile(rf"{_NAME_CHAR}{{2,14}}?(?:{alternation(of_kind('company'))})(?:有限公司|公司)?")
    organisation = regex.compile(rf"{_NAME_CHAR}{{2,12}}?(?:{alternation(of_kind('organisation'))})")
    return Gazetteer(
        place=place,
        province_of=province_of,
        short=short,
        country=country,
        words=words,
        body=regex.compile(rf"(?P<place>\p{{Han}}{{2,6}}?|[省市区县州])(?:{alternation(of_kind('body'))}"
                           rf"|(?P<office>{alternation(of_kind('office'))}))"),
        zone_long=zone_long,
        # 义乌市, 胶州市: a county-level city the gazetteer (prefecture level) does not list; not
        # 市场, 市民, and not a known place with more words (广东省市…, 在惠州市)
        county_city=regex.compile(r"\p{Han}{2,3}市(?![场民级区值面委政长])"),
        zone_short=zone_short,
        company=company,
        organisation=organisation,
        not_a_name=tuple(of_kind("not_a_name")),
        kind_openers=tuple(of_kind("kind_opener")),
        opener=regex.compile(alternation(openers)),
        opener_readings={w: tuple(o for o in sorted(openers, key=len, reverse=True) if w.startswith(o)) for w in openers},
        longest_from=longest_from,
        body_ends=last_chars("body", "office"),
        any_end=regex.compile("[" + "".join(sorted(last_chars("body", "office", "zone", "company", "organisation") | {"市"}))
                              + "]"),
        # a pattern is tried only where its name's last character stands close enough
        pattern_ends=((zone_long, "zone", last_chars("zone")), (zone_short, "zone", last_chars("zone")),
                      (company, "company", last_chars("company")),
                      (organisation, "organisation", last_chars("organisation"))),
        suffixes={kind: tuple(of_kind(kind)) for kind in ("zone", "company", "organisation")},
    )


class Scope:
    """The paper's own scope: its region's written forms, and whether it is below the nation."""

    def __init__(self, ix: DocumentIndex) -> None:
        g = gazetteer()
        homes = [ix.region] if ix.region else _headline_places(ix)
        self.places: set[str] = set()
        for home in homes:
            full = g.place.get(home, home)
            self.places.update({home, full, g.short.get(full, full)})
        # a body of the province above a city's paper states figures about the city (山东省市场
        #监管局认定…35家 in Qingdao's paper): its figures are not the province's
        self.provinces_above = {g.province_of[p] for p in self.places if p in g.province_of}
        national = {"全国", "中国", "中华人民共和国"}
        self.below_nation = bool(self.places) and not (self.places & national)

    def resolve_place(self, full: str) -> str | None:
        return None if full in self.places else full


_SOURCE_VERB = regex.compile(r"获悉|了解到|发布|通报|公布")


def _headline_places(ix: DocumentIndex) -> list[str]:
    """When the paper's region is not known: the places its headline names (a first line with no
    full stop, before a body), or the places before the source verb of its first sentence
    (记者从湖北省公安厅获悉，…; 广东省市场监管局11日发布消息称…)."""
    text, structure = ix.text, ix.structure
    spans: list[tuple[int, int]] = []
    if len(structure.paragraphs) > 1:
        s, e = structure.paragraphs[0]
        if e - s <= 60 and "。" not in text[s:e]:
            spans.append((s, e))
    if structure.sentences:
        s, e = structure.sentences[0]
        verb = _SOURCE_VERB.search(text, s, min(e, s + 80))
        if verb is not None:
            spans.append((s, verb.start()))
    g = gazetteer()
    found: list[str] = []
    for start, end in spans:
        pos = start
        while pos < end:
            hit = _longest(text, pos, g.place)
            if hit is not None:
                found.append(g.place[hit])
                pos += len(hit)
            else:
                pos += 1
    return found


# The words a name can span: up to 20 characters before punctuation, a digit or a space.
_NAME_SPAN = regex.compile(r"[^\p{P}\p{S}\d\s]{2,20}")


def _longest(text: str, pos: int, table: dict[str, str]) -> str | None:
    longest = gazetteer().longest_from.get(text[pos : pos + 2], 0)
    for n in range(min(longest, len(text) - pos), 1, -1):
        word = text[pos : pos + n]
        if word in table:
            return word
    return None


def _holds_a_place(stem: str, g: Gazetteer) -> bool:
    """广东省市…, 在惠州市: a known place inside the words before 市 (a county-level city's name
    holds none)."""
    return any(stem[i : i + n] in g.place for i in range(len(stem)) for n in range(2, len(stem) - i + 1))


def _is_generic(word: str, suffix_len: int, g: Gazetteer) -> bool:
    """示范区, 上市公司, 重点地区: a word ending like a name that names no particular one."""
    return any(word.endswith(w) and len(w) > suffix_len for w in g.not_a_name) or word in g.not_a_name


class Reader:
    """Names at clause openings of one document, with its scope."""

    def __init__(self, ix: DocumentIndex) -> None:
        self.ix = ix
        self.text = ix.text
        self.g = gazetteer()
        self.scope = Scope(ix)
        self.above_words = tuple(w for w, k in self.g.words.items() if k == "above")
        self.date_starts = frozenset(ix.d_starts)

    # -- names -----------------------------------------------------------------------------
    def name_at(self, pos: int, figure: int | None = None, in_list: bool = False) -> Name | None:
        """The longest name starting at `pos`, resolved to a subject. An institution (中心) is
        a name only in a row (the name, then its figure starting at `figure`), a county-level
        city (义乌市) there or in a list of names (`in_list`)."""
        text, g = self.text, self.g
        span = _NAME_SPAN.match(text, pos)
        if span is None:
            return None  # punctuation, a digit: no name starts here
        stop = span.end()
        in_tables = text[pos : pos + 2] in g.longest_from  # else no table word starts here
        if not in_tables and g.any_end.search(text, pos + 1, stop) is None:
            return None  # nor does a pattern's suffix end the words before the next punctuation
        word = _longest(text, pos, g.words) if in_tables else None
        if word is not None:
            kind = g.words[word]
            if kind in ("own_scope", "own_group"):
                return Name(pos + len(word), None, "own")
            if kind == "same_as_before":
                return Name(pos + len(word), None, "same")
            if kind == "national":
                return Name(pos + len(word), "全国" if self.scope.below_nation else None, "national")
            if kind == "group":
                return Name(pos + len(word), word, "group")
        candidates: list[Name] = []
        place = _longest(text, pos, g.place) if in_tables else None
        if place is not None:
            candidates.append(Name(pos + len(place), self.scope.resolve_place(g.place[place]), "place"))
        country = _longest(text, pos, g.country) if in_tables else None
        if country is not None:
            candidates.append(Name(pos + len(country), g.country[country], "country"))
        # the patterns below end in a suffix (公安局, 开发区, 公司, 中心, 市): tried only when one
        # of its last characters stands in the words before the next punctuation
        window = set(text[pos + 1 : stop])
        body = g.body.match(text, pos, min(stop, pos + 14)) if window & g.body_ends else None
        if body is not None:
            resolved = self._body(body)
            if resolved is not None:
                candidates.append(resolved)
        for pattern, kind, ends in g.pattern_ends:
            if not window & ends:
                continue
            m = pattern.match(text, pos, stop)
            if m is not None and not self._generic_start(m.group()) \
                    and not _is_generic(m.group(), self._suffix_len(m.group(), kind), g):
                candidates.append(Name(m.end(), m.group(), kind))
        m = g.county_city.match(text, pos, min(stop, pos + 4)) if "市" in window else None
        if m is not None and not self._generic_start(m.group()) and not _is_generic(m.group(), 1, g) \
                and m.group()[-2:] not in g.words and not _holds_a_place(m.group()[:-1], g):  # 占全市, 较该市
            candidates.append(Name(m.end(), m.group(), "county_city"))
        if not candidates:
            return None
        best = max(candidates, key=lambda n: n.end)
        in_row = figure is not None and _ITEM_LINK.fullmatch(text, best.end, figure) is not None
        if best.kind == "organisation" and not in_row:
            return None  # 吉林大学, 知识产权保护中心 acting: an institution, a subject only in a list's row
        if best.kind == "county_city" and not (in_row or in_list):
            return None  # 提请市…, 报请市…: a verb before 市 reads like a county-level city's name
        if best.kind == "place" and best.subject is None:
            return Name(best.end, None, "own")
        return best

    def _suffix_len(self, word: str, kind: str) -> int:
        return max((len(w) for w in self.g.suffixes[kind] if word.endswith(w)), default=0)

    def _generic_start(self, word: str) -> bool:
        """各开发区, 全市公司, 国家高新区: a kind of place or firm, not one of them. 某某集团公司
        is one firm whose name a paper withholds."""
        return word.startswith(self.g.kind_openers) and not word.startswith("某某")

    def _body(self, m: regex.Match[str]) -> Name | None:
        """鄂州市公安局 -> 鄂州市; 深圳湾海关 -> 深圳湾海关; 国家知识产权局, 基层法院 -> not a place's."""
        g, raw = self.g, m.group("place")
        if len(raw) == 1:  # 省公安厅, 市法院: the paper's own body
            return Name(m.end(), None, "body")
        if raw in g.place:
            if m.group("office"):
                return Name(m.end(), None, "body")  # 杭州海关: an office, not the city's
            full = g.place[raw]
            return Name(m.end(), None if full in self.scope.provinces_above else self.scope.resolve_place(full), "body")
        stem = _longest(raw, 0, g.place)
        if stem is not None and len(stem) < len(raw):
            # a body named after a part of a place (深圳湾海关 in Shenzhen's paper): a body of
            # its own, below the paper's scope
            return Name(m.end(), m.group(), "body")
        if regex.search(r"\p{Han}{2,3}[区县旗]$", raw) and not _is_generic(raw, 1, g) and not self._generic_start(raw):
            return Name(m.end(), raw, "body")
        return None

    def names_from(self, pos: int, figure: int | None = None) -> tuple[list[Name], int] | None:
        """A name, or a list of names joined by 、和及与, at `pos`; `figure` as for name_at."""
        first = self.name_at(pos, figure, in_list=True)
        if first is None:
            return None
        names = [first]
        text = self.text
        while names[-1].end < len(text) and text[names[-1].end] in "、和及与" and len(names) < 40:
            nxt = self.name_at(names[-1].end + 1, in_list=True)
            if nxt is None or nxt.kind not in _LISTED_KINDS or nxt.subject is None:
                break
            names.append(nxt)
        if len(names) == 1 and first.kind == "county_city" \
                and (figure is None or _ITEM_LINK.fullmatch(text, first.end, figure) is None):
            return None
        return names, names[-1].end

    # -- openings --------------------------------------------------------------------------
    def openings(self, start: int, end: int) -> list[int]:
        """Where a clause's subject may stand: past heading numbers, dates and opener words
        (其中，近日，此前, 截至2月底，…), every way of reading them (另外国人 is 另 + 外国人)."""
        text, ix, g = self.text, self.ix, self.g
        m = _HEADING_NUMBER.match(text, start, end) if text[start : start + 1] in _HEADING_START else None
        todo = [m.end() if m else start]
        seen: list[int] = []
        while todo and len(seen) < 8:
            pos = todo.pop(0)
            if pos in seen or pos >= end:
                continue
            seen.append(pos)
            if pos in self.date_starts:
                todo.append(ix.past_dates(pos, end))
            opener = g.opener.match(text, pos, end)
            if opener is None:
                continue
            for word in g.opener_readings[opener.group()]:  # 另外 is also 另 (另外国人)
                nxt = pos + len(word)
                if nxt < end and text[nxt] in "，,：:":
                    nxt += 1
                todo.append(nxt)
        return seen

    def clause_subject(self, start: int, end: int, figure: int | None) -> tuple[Name | None, list[Name], Rule] | None:
        """What the clause [start, end) opens with: (name, the names of a list, rule), or None.
        `figure` is the index of the clause's first figure."""
        text = self.text
        if start >= end or text[start].isdigit():
            return None  # the clause opens on its figure (广东(3479.9亿元)): no name before it
        for pos in self.openings(start, end):
            if text[pos] == "以" and _EXAMPLE.match(text, pos, end) is not None:
                found = self.names_from(pos + 1)
                if found and text.startswith(_FOR_EXAMPLE_END, found[1]):
                    return found[0][0], found[0], EXAMPLE_NAMED
            if text.startswith(self.above_words, pos):
                return None, [], LISTED_ABOVE
            q = self.ix.quantities[figure] if figure is not None else None
            found = self.names_from(pos, q.start if q is not None else None)
            if found is None:
                continue
            names = found[0]
            if q is not None and names[0].kind in ("company", "zone", "organisation") and q.unit in _INSTITUTION_UNITS \
                    and _ITEM_LINK.fullmatch(text, names[0].end, q.start) is not None:
                continue  # 新组建工程技术研究中心50个: a count of a kind of body
            if len(names) > 1:
                return None, names, NAMED_LIST
            name = names[0]
            if name.subject is None and name.kind in ("body", "own"):
                # the paper's own body directing another place's (省公安厅组织宜昌公安机关…)
                body = self.g.body.match(text, pos, min(len(text), pos + 14))
                directed = self._directed(body.end()) if body is not None else None
                if directed is not None:
                    return directed, [directed], DIRECTED_BODY
            return name, [name], LOCAL_BODY if name.kind == "body" else OPENING
        return None

    def _directed(self, pos: int) -> Name | None:
        """组织宜昌公安机关…: the place whose body the paper's own directs."""
        text, g = self.text, self.g
        if g.words.get(text[pos : pos + 2]) == "directs":
            found = self.name_at(pos + 2)
            if found is not None and found.subject is not None and found.kind in ("body", "place"):
                return found
        return None


def decide_subjects(ix: DocumentIndex, facts: list[Facts], ranking_facts: list[Facts]) -> None:
    """Set `subject` on every figure and ranking. Runs after the relation passes, so that a
    growth or share copies its level's subject along `of`."""
    if not ix.quantities and not ix.rankings:
        return
    reader = Reader(ix)
    paired = _respective(ix, reader)
    clauses = _Clauses(ix, reader)
    listed: dict[int, list[tuple[int, str]]] = {}  # sentence index -> (start, subject) of its figures, for 以上

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
        si = ix.sentence_index(pos)
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

    def around(self, pos: int, floor: int, ceiling: int) -> tuple[int, int]:
        """The clause holding `pos`, within [floor, ceiling)."""
        i = bisect_left(self.breaks, pos)
        start = max(floor, self.breaks[i - 1] + 1) if i > 0 else floor
        stop = min(ceiling, self.breaks[i]) if i < len(self.breaks) else ceiling
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
        passed: list[int] = []
        result: _Entry | None = None
        current = start
        while True:
            if current in self.carries:
                result = self.carries[current]
                break
            i = bisect_left(self.breaks, current) - 1
            if current <= floor or i < 0:
                break
            previous = max(floor, self.breaks[i - 1] + 1) if i > 0 else floor
            passed.append(current)
            found = self.entry(previous, self.breaks[i])
            if found is not None and found[3] is LISTED_ABOVE:
                break
            if found is not None and (found[1] is None or found[1].kind != "same"):
                result = found
                break
            current = previous
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


_HEAD_CUT = regex.compile(r"[，,。；;：:、）)\s]")
_HEAD_WORDS = regex.compile(r"为|是|和|及|与")


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


_ITEM_LINK = regex.compile(r"(?:以|为|：|:|有|共|达到|达)?")


def _list_item(ix: DocumentIndex, reader: Reader, k: int) -> Name | None:
    """济南市4.1万件、青岛市6.6万件和烟台市2.1万件: a list item, a name right before its figure."""
    text, q = ix.text, ix.quantities[k]
    lo = max(0, q.start - 16)
    item = max(text.rfind("、", lo, q.start), text.rfind("和", lo, q.start), text.rfind("及", lo, q.start))
    if item == -1 or (text[item] != "、" and not (k > 0 and ix.quantities[k - 1].end == item)):
        return None  # 和/及 join items only right after a figure (…4.1万件和烟台市2.1万件)
    name = reader.name_at(item + 1, q.start)
    if name is None or name.kind == "same":
        return None
    link = _ITEM_LINK.match(text, name.end, q.start)
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
    for m in regex.finditer("分别", text):
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
