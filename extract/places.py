"""The gazetteer of places: provinces (full and short names) and prefecture-level cities, from
extract/data/provinces.tsv and regions.tsv, loaded once per process.

    广西 -> 广西壮族自治区;  厦门 -> 厦门市 (福建省);  马鞍山市 -> 马鞍山市 (安徽省)
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

import regex

from . import rx
from .ruledata import alternation, read_table

# Suffixes a city's short name drops (厦门市 -> 厦门, 延边朝鲜族自治州 keeps its full name).
_CITY_SUFFIX = ("市", "地区", "盟")


@dataclass(frozen=True)
class Places:
    province_of_city: dict[str, str]  # 厦门市 -> 福建省
    full_name: dict[str, str]  # every written form -> full name: 厦门 -> 厦门市, 广西 -> 广西壮族自治区
    provinces: frozenset[str]
    province_short: dict[str, str]  # 广西壮族自治区 -> 广西, in the table's order


@cache
def places() -> Places:
    province_of_city: dict[str, str] = {}
    full_name: dict[str, str] = {}
    provinces: set[str] = set()
    province_short: dict[str, str] = {}
    for row in read_table("provinces.tsv"):
        name = row["province"]
        provinces.add(name)
        province_short[name] = row.get("short") or ""
        full_name[name] = name
        if row.get("short"):
            full_name.setdefault(row["short"], name)
    for row in read_table("regions.tsv"):
        city, province = row["city"], row["province"]
        province_of_city[city] = province
        full_name.setdefault(city, city)
        for suffix in _CITY_SUFFIX:
            if city.endswith(suffix) and len(city) - len(suffix) >= 2:
                full_name.setdefault(city[: -len(suffix)], city)
    return Places(province_of_city, full_name, frozenset(provinces), province_short)


@cache
def place_pattern() -> regex.Pattern[str]:
    """Any written form of a place, longest first (built only where a paper states no region:
    the alternation of ~700 names costs some 50 ms to compile)."""
    return rx.compile(alternation(list(places().full_name)))


def known_place(name: str) -> str | None:
    """The full name of a place as written (厦门 -> 厦门市), or None."""
    return places().full_name.get(name)


def province_of(region: str | None) -> str | None:
    if not region:
        return None
    p = places()
    if region in p.provinces:
        return region
    return p.province_of_city.get(region)
