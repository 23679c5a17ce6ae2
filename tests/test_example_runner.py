"""The example runner's own conventions, apart from the corpora it runs."""

from __future__ import annotations

import pytest
from test_examples import _actual_link, _case_spec, _expected_record, _label, _target


def test_links_name_their_target_by_text() -> None:
    text = "年末共有公共图书馆15个，文化馆15个，其中新建1个。"
    second = text.index("15个", text.index("15个") + 1)
    assert _label(text, second, second + 3) == "15个#2"
    assert _target(text, "15个#2") == "15个#2"
    assert _target(text, "15个#1") == _target(text, "15个") == "15个"
    assert _actual_link(text, f"q{second}-{second + 3}") == "15个#2"
    with pytest.raises(AssertionError):
        _target(text, "15个#3")
    with pytest.raises(AssertionError):
        _target(text, "16个")


def test_a_case_compares_its_own_fields() -> None:
    spec = {"record_type": "quantity", "fields": ["text", "metric", "of"], "nulls": ["of"]}
    case = {"text": "收入10亿元，增长5%。", "fields": ["text", "of"], "rule": "ignored for now"}
    own = _case_spec(spec, case)
    assert own["fields"] == ["text", "of"] and own["nulls"] == ["of"]
    assert _expected_record(own, {"text": "5%", "of": "10亿元"}, case["text"]) == {"text": "5%", "of": "10亿元"}
    with pytest.raises(AssertionError):  # metric is not compared by this case
        _expected_record(own, {"text": "5%", "metric": "收入"}, case["text"])
