"""The patterns compiled with the standard library's `re` (extract/rx.py) find exactly what the
`regex` module finds with the same pattern."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import regex
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from extract import extract_text, rx

CORPUS = Path(__file__).resolve().parent.parent / "corpus" / "qingdao-ip-2021.txt"
# characters white papers are written in, beside each pattern's own
COMMON = "0123456789.,%，。、；：！？（）()“”《》 \t\n年月日季度万亿元件个项家人次同比增长下降其中全市省国我共有为达到约近超过以上的和与及在对将局院厅会法海关区县"


def _patterns() -> list[tuple[str, int]]:
    extract_text(CORPUS.read_text(encoding="utf-8"))  # compiles the patterns built on first use
    return sorted(set(rx.COMPILED_WITH_RE))


PATTERNS = _patterns()


def _spans(matches: object) -> list[tuple[tuple[int, int], tuple[str | None, ...]]]:
    return [(m.span(), m.groups()) for m in matches]  # type: ignore[attr-defined]


def test_most_patterns_run_on_re() -> None:
    assert len(PATTERNS) > 150  # of about 250


@pytest.mark.parametrize(("pattern", "flags"), PATTERNS, ids=lambda p: str(p)[:40] if isinstance(p, str) else "")
def test_same_matches_over_the_bundled_paper(pattern: str, flags: int) -> None:
    text = CORPUS.read_text(encoding="utf-8")
    assert _spans(re.compile(pattern, flags).finditer(text)) == _spans(regex.compile(pattern, flags).finditer(text))


def test_what_re_cannot_read_goes_to_regex() -> None:
    assert isinstance(rx.compile(r"(?<=由|会同)局"), regex.Pattern)  # lookbehind of two widths
    assert isinstance(rx.compile(r"(?P<n>一)|(?P<n>二)"), regex.Pattern)  # a group name twice
    assert isinstance(rx.compile(r"[[:digit:]]"), regex.Pattern)  # re would read [[ as a nested set
    assert isinstance(rx.compile(r"年|月", engine="regex"), regex.Pattern)
    assert isinstance(rx.compile(r"\p{Han}+局"), regex.Pattern)  # a Unicode script
    assert isinstance(rx.compile(r"(?:全市|全省)(?:法院|检察院)[，。]"), re.Pattern)


@settings(max_examples=600, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.data())
def test_same_matches_on_generated_text(data: st.DataObject) -> None:
    pattern, flags = data.draw(st.sampled_from(PATTERNS))
    own = sorted({c for c in pattern if not c.isascii() or c.isalnum()} | set(COMMON))
    text = data.draw(st.text(alphabet=st.sampled_from(own), max_size=40))
    fast, reference = re.compile(pattern, flags), regex.compile(pattern, flags)
    assert _spans(fast.finditer(text)) == _spans(reference.finditer(text))
    for pos in range(len(text) + 1):
        a, b = fast.match(text, pos), reference.match(text, pos)
        assert (a and (a.span(), a.groups())) == (b and (b.span(), b.groups())), (pattern, text, pos)
