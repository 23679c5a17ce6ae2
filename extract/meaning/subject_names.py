"""The subject gazetteer: places, countries and the words of subject_words.tsv, read into
lookups and name patterns, and the paper's own scope (its region's written forms).

Tables: data/regions.tsv (cities), data/provinces.tsv (provinces with short names, read when
present; otherwise the provinces regions.tsv names), data/countries.tsv, data/subject_words.tsv.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

import regex

from .. import rx
from ..places import places
from ..ruledata import alternation, read_table
from .index import DocumentIndex


@dataclass(frozen=True, slots=True)
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
    not_a_name: frozenset[str]  # looked up by a name's endings
    not_a_name_lengths: tuple[int, ...]  # the lengths of those words
    kind_openers: tuple[str, ...]  # 各, 全, 国家级: a word so opened names a kind, not one
    opener: regex.Pattern[str]
    opener_firsts: frozenset[str]  # the first characters of the openers: no opener starts elsewhere
    opener_readings: dict[str, tuple[str, ...]]  # an opener -> it and the shorter openers it starts with
    longest_from: dict[str, int]  # first two characters of any table word -> its longest length
    # the same for each table: a lookup tries no length longer than its own table's words
    longest_place_from: dict[str, int]
    longest_country_from: dict[str, int]
    longest_word_from: dict[str, int]
    body_ends: frozenset[str]
    body_end: regex.Pattern[str]  # any of those characters
    any_end: regex.Pattern[str]  # any last character of a body, zone, firm, institution or 市
    pattern_ends: tuple[tuple[regex.Pattern[str], str, frozenset[str]], ...]  # pattern, kind, last characters
    suffixes: dict[str, tuple[str, ...]]  # zone, company, organisation -> their name endings


# A character of a firm's, zone's or institution's name: no 的 (市中级法院审理的某公司 is a case)
_NAME_CHAR = r"[^\P{Han}的]"
_PROVINCE_SUFFIX = rx.compile(r"(?:壮族自治区|回族自治区|维吾尔自治区|自治区|特别行政区|省|市)$")
_CITY_SUFFIX = rx.compile(r"(?:市|地区|盟)$")


def _places(words: dict[str, str]) -> tuple[dict[str, str], dict[str, str], dict[str, str]]:
    """Every written form of a place -> its full name; full name -> short form; city -> province."""
    place: dict[str, str] = {}
    short: dict[str, str] = {}
    ambiguous = {w for w, k in words.items() if k == "ambiguous_place"}
    # the gazetteer's tables, read once (extract/places.py): provinces with the short form papers write
    provinces = dict(places().province_short)
    province_of = dict(places().province_of_city)
    for city, province in province_of.items():
        provinces.setdefault(province, "")
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

    def longest_from(*tables: dict[str, str]) -> dict[str, int]:
        out: dict[str, int] = {}
        for word in (word for table in tables for word in table):
            out[word[:2]] = max(out.get(word[:2], 0), len(word))
        return out

    def last_chars(*kinds: str) -> frozenset[str]:
        return frozenset(w[-1] for kind in kinds for w in of_kind(kind))

    zone_long = rx.compile(rf"{_NAME_CHAR}{{0,8}}?(?:{alternation([z for z in zones if len(z) > 1])})")
    zone_short = rx.compile(rf"\p{{Han}}{{2,3}}(?:{alternation([z for z in zones if len(z) == 1])})(?![域内级间])")
    company = rx.compile(rf"{_NAME_CHAR}{{2,14}}?(?:{alternation(of_kind('company'))})(?:有限公司|公司)?")
    organisation = rx.compile(rf"{_NAME_CHAR}{{2,12}}?(?:{alternation(of_kind('organisation'))})")
    return Gazetteer(
        place=place,
        province_of=province_of,
        short=short,
        country=country,
        words=words,
        body=rx.compile(rf"(?P<place>\p{{Han}}{{2,6}}?|[省市区县州])(?:{alternation(of_kind('body'))}"
                           rf"|(?P<office>{alternation(of_kind('office'))}))"),
        zone_long=zone_long,
        # 义乌市, 胶州市: a county-level city the gazetteer (prefecture level) does not list; not
        # 市场, 市民, and not a known place with more words (广东省市…, 在惠州市)
        county_city=rx.compile(r"\p{Han}{2,3}市(?![场民级区值面委政长])"),
        zone_short=zone_short,
        company=company,
        organisation=organisation,
        not_a_name=frozenset(of_kind("not_a_name")),
        not_a_name_lengths=tuple(sorted({len(w) for w in of_kind("not_a_name")})),
        kind_openers=tuple(of_kind("kind_opener")),
        opener=rx.compile(alternation(openers)),
        opener_firsts=frozenset(w[0] for w in openers),
        opener_readings={w: tuple(o for o in sorted(openers, key=len, reverse=True) if w.startswith(o)) for w in openers},
        longest_from=longest_from(place, country, words),
        longest_place_from=longest_from(place),
        longest_country_from=longest_from(country),
        longest_word_from=longest_from(words),
        body_ends=last_chars("body", "office"),
        body_end=rx.compile("[" + "".join(sorted(last_chars("body", "office"))) + "]"),
        any_end=rx.compile("[" + "".join(sorted(last_chars("body", "office", "zone", "company", "organisation") | {"市"}))
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


_SOURCE_VERB = rx.compile(r"获悉|了解到|发布|通报|公布")


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
            hit = longest_word(text, pos, g.place, g.longest_place_from)
            if hit is not None:
                found.append(g.place[hit])
                pos += len(hit)
            else:
                pos += 1
    return found


def longest_word(text: str, pos: int, table: dict[str, str], longest_from: dict[str, int]) -> str | None:
    """The longest word of `table` starting at `pos`, or None; `longest_from` is the table's
    longest length for each first two characters."""
    longest = longest_from.get(text[pos : pos + 2], 0)
    for n in range(min(longest, len(text) - pos), 1, -1):
        word = text[pos : pos + n]
        if word in table:
            return word
    return None
