"""The region gazetteer (data/regions.tsv, data/provinces.tsv) is complete and consistent."""

from __future__ import annotations

from collections import Counter

import pytest

from extract.ruledata import read_table

MUNICIPALITIES = {"北京市", "天津市", "上海市", "重庆市"}
# Provincial-level divisions without prefecture rows in regions.tsv: the SARs and 台湾省.
NO_CITY_ROWS = {"香港特别行政区", "澳门特别行政区", "台湾省"}
SUFFIXES = ("市", "自治州", "地区", "盟")


def _cities() -> list[dict[str, str]]:
    return read_table("regions.tsv")


def _provinces() -> list[dict[str, str]]:
    return read_table("provinces.tsv")


def test_headers() -> None:
    assert set(_cities()[0]) == {"city", "province"}
    assert list(_provinces()[0]) == ["province", "short", "abbreviation", "capital"]


def test_34_provincial_divisions() -> None:
    rows = _provinces()
    assert len(rows) == 34
    names = [r["province"] for r in rows]
    assert len(set(names)) == 34
    kinds = Counter(
        "municipality" if n in MUNICIPALITIES else
        "sar" if n.endswith("特别行政区") else
        "region" if n.endswith("自治区") else
        "province" if n.endswith("省") else n
        for n in names
    )
    assert kinds == {"province": 23, "region": 5, "municipality": 4, "sar": 2}
    for column in ("short", "abbreviation"):
        values = [r[column] for r in rows]
        assert len(set(values)) == 34, f"duplicate {column}: {Counter(values).most_common(3)}"
    for r in rows:
        assert len(r["abbreviation"]) == 1, r
        assert r["province"].startswith(r["short"]), r
        assert r["capital"], r


def test_every_city_is_named_once_under_a_known_province() -> None:
    known = {r["province"] for r in _provinces()}
    counts = Counter(r["city"] for r in _cities())
    assert [c for c, n in counts.items() if n > 1] == []
    for r in _cities():
        assert r["province"] in known, r
        assert r["city"].endswith(SUFFIXES), r
        if r["city"] in MUNICIPALITIES or r["province"] in MUNICIPALITIES:
            assert r["city"] == r["province"], r


def test_every_mainland_division_has_cities_and_a_capital_among_them() -> None:
    by_province: dict[str, set[str]] = {}
    for r in _cities():
        by_province.setdefault(r["province"], set()).add(r["city"])
    for p in _provinces():
        if p["province"] in NO_CITY_ROWS:
            assert p["province"] not in by_province, p
            continue
        assert p["capital"] in by_province.get(p["province"], set()), p


def test_prefecture_count() -> None:
    # 293 prefecture-level cities, 30 autonomous prefectures, 7 地区, 3 盟, plus the 4 municipalities.
    cities = [r["city"] for r in _cities()]
    assert len(cities) == 337
    assert sum(c.endswith("自治州") for c in cities) == 30
    assert sum(c.endswith("地区") for c in cities) == 7
    assert sum(c.endswith("盟") for c in cities) == 3


def test_sorted_by_province_then_city() -> None:
    keys = [(r["province"], r["city"]) for r in _cities()]
    assert keys == sorted(keys)


@pytest.mark.parametrize(("city", "province"), [
    ("青岛市", "山东省"),
    ("延边朝鲜族自治州", "吉林省"),
    ("克拉玛依市", "新疆维吾尔自治区"),
    ("锡林郭勒盟", "内蒙古自治区"),
    ("大兴安岭地区", "黑龙江省"),
    ("三沙市", "海南省"),
    ("朝阳市", "辽宁省"),
    ("海南藏族自治州", "青海省"),
    ("重庆市", "重庆市"),
])
def test_known_cities(city: str, province: str) -> None:
    assert {r["city"]: r["province"] for r in _cities()}[city] == province


@pytest.mark.parametrize(("province", "column", "value"), [
    ("广西壮族自治区", "short", "广西"),
    ("内蒙古自治区", "short", "内蒙古"),
    ("广东省", "abbreviation", "粤"),
    ("山东省", "abbreviation", "鲁"),
    ("上海市", "abbreviation", "沪"),
    ("山东省", "capital", "济南市"),
    ("香港特别行政区", "capital", "香港特别行政区"),
])
def test_known_provinces(province: str, column: str, value: str) -> None:
    assert {r["province"]: r for r in _provinces()}[province][column] == value
