"""The subject gazetteer: written forms of places resolve to one full name, so that a subject
groups across papers (广东 and 广东省 are one subject)."""

from __future__ import annotations

from extract.meaning.subject import gazetteer


def test_a_province_short_form_gives_its_full_name() -> None:
    place = gazetteer().place
    assert place["广东"] == "广东省"
    assert place["广西"] == "广西壮族自治区"
    assert place["内蒙古"] == "内蒙古自治区"
    assert place["北京"] == "北京市"


def test_a_city_short_form_gives_its_full_name_and_province() -> None:
    g = gazetteer()
    assert g.place["厦门"] == "厦门市"
    assert g.province_of["厦门市"] == "福建省"


def test_a_province_wins_over_a_city_of_the_same_stem() -> None:
    assert gazetteer().place["吉林"] == "吉林省"


def test_a_city_short_form_that_is_a_common_word_needs_its_suffix() -> None:
    place = gazetteer().place
    assert "日照" not in place and place["日照市"] == "日照市"


def test_countries_have_one_canonical_name() -> None:
    country = gazetteer().country
    assert country["美利坚合众国"] == country["美国"] == "美国"
    assert country["中国大陆"] == "中国大陆"
