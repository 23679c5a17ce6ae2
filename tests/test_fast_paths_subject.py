"""The subject and agency passes' cheap checks and shortcuts must find exactly what the plain
patterns and loops find (the plain versions are kept here, as they were written before)."""

from __future__ import annotations

from types import SimpleNamespace

from hypothesis import given
from hypothesis import strategies as st

from extract.meaning import subject_reader
from extract.meaning.subject_names import Gazetteer, Name, gazetteer
from extract.meaning.subject_reader import Reader

# Pieces of clause openings: places, bodies, zones, firms, institutions, county-level cities, the
# words of subject_words.tsv, generic words ending like names, openers, punctuation, digits, spaces.
_name_pieces = st.sampled_from([
    "青岛", "青岛市", "广东", "广东省", "济南市", "黄岛区", "义乌市", "胶州市", "德国", "日本", "美国",
    "公安局", "海关", "法院", "人民法院", "市场监管局", "高新区", "开发区", "经济技术开发区", "区", "县", "市",
    "公司", "有限公司", "集团", "中心", "大学", "研究所", "全市", "该市", "我省", "全国", "外国人", "以上", "合计",
    "示范区", "上市公司", "地区", "城市", "各", "国家", "某某", "其中", "另外", "近日", "截至", "组织", "的",
    "专利", "申请", "受理", "深圳湾", "鄂州", "，", "。", "、", "和", "（", "）", ":", " ", "\n", "5", "2021年",
    "4.1万件", "为", "以",
])
_clauses = st.lists(_name_pieces, max_size=30).map("".join)


def _reader(text: str) -> Reader:
    return Reader(SimpleNamespace(text=text, region="青岛市", d_starts=[]))  # type: ignore[arg-type]


def _plain_is_generic(word: str, suffix_len: int, g: Gazetteer) -> bool:
    return any(word.endswith(w) and len(w) > suffix_len for w in g.not_a_name) or word in g.not_a_name


def _plain_longest_word(text: str, pos: int, table: dict[str, str]) -> str | None:
    """longest_word as first written: up to the longest word of any table."""
    longest = gazetteer().longest_from.get(text[pos : pos + 2], 0)
    for n in range(min(longest, len(text) - pos), 1, -1):
        if text[pos : pos + n] in table:
            return text[pos : pos + n]
    return None


class _PlainReader(Reader):
    """name_at as first written: the name's span first, then the suffix within it, and every
    lookup up to the longest word of any table."""

    def _table_names(self, pos: int) -> list[Name]:
        text, g = self.text, self.g
        candidates: list[Name] = []
        place = _plain_longest_word(text, pos, g.place)
        if place is not None:
            candidates.append(Name(pos + len(place), self.scope.resolve_place(g.place[place]), "place"))
        country = _plain_longest_word(text, pos, g.country)
        if country is not None:
            candidates.append(Name(pos + len(country), g.country[country], "country"))
        return candidates

    def name_at(self, pos: int, figure: int | None = None, in_list: bool = False) -> Name | None:
        text, g = self.text, self.g
        span = subject_reader._NAME_SPAN.match(text, pos)
        if span is None:
            return None
        stop = span.end()
        in_tables = text[pos : pos + 2] in g.longest_from
        if not in_tables and g.any_end.search(text, pos + 1, stop) is None:
            return None
        word = _plain_longest_word(text, pos, g.words) if in_tables else None
        if word is not None:
            named = self._word_name(pos, word)
            if named is not None:
                return named
        candidates = (self._table_names(pos) if in_tables else []) + self._pattern_names(pos, stop)
        if not candidates:
            return None
        return self._accept(max(candidates, key=lambda n: n.end), figure, in_list)


@given(_clauses)
def test_names_are_read_as_the_plain_reader_reads_them(text: str) -> None:
    fast, plain = _reader(text), _PlainReader(_reader(text).ix)
    for pos in range(len(text) + 1):
        for in_list in (False, True):
            assert fast.name_at(pos, len(text), in_list) == plain.name_at(pos, len(text), in_list)


@given(_clauses)
def test_each_table_is_looked_up_as_far_as_its_own_longest_word(text: str) -> None:
    g = gazetteer()
    for table, longest_from in ((g.place, g.longest_place_from), (g.country, g.longest_country_from),
                                (g.words, g.longest_word_from)):
        for pos in range(len(text) + 1):
            assert subject_reader.longest_word(text, pos, table, longest_from) == _plain_longest_word(text, pos, table)


@given(st.lists(_name_pieces, min_size=1, max_size=6).map("".join), st.integers(min_value=0, max_value=3))
def test_generic_words_are_found_by_their_endings(word: str, suffix_len: int) -> None:
    g = gazetteer()
    assert subject_reader._is_generic(word, suffix_len, g) == _plain_is_generic(word, suffix_len, g)


@given(_clauses)
def test_openers_start_only_with_their_first_characters(text: str) -> None:
    g = gazetteer()
    for pos in range(len(text)):
        if g.opener.match(text, pos):
            assert text[pos] in g.opener_firsts


class _PlainOpenings(Reader):
    """openings as first written: every clause walked through the general loop."""

    def openings(self, start: int, end: int) -> list[int]:
        text, ix, g = self.text, self.ix, self.g
        m = subject_reader._HEADING_NUMBER.match(text, start, end) \
            if text[start : start + 1] in subject_reader._HEADING_START else None
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
            for word in g.opener_readings[opener.group()]:
                nxt = pos + len(word)
                if nxt < end and text[nxt] in "，,：:":
                    nxt += 1
                todo.append(nxt)
        return seen


@given(_clauses, st.data())
def test_clause_openings_are_found_as_the_plain_loop_finds_them(text: str, data: st.DataObject) -> None:
    end = len(text)
    date_starts = sorted(data.draw(st.sets(st.integers(min_value=0, max_value=max(0, end - 1)), max_size=3)))
    ix = SimpleNamespace(text=text, region="青岛市", d_starts=date_starts,
                         past_dates=lambda pos, stop: min(stop, pos + 5))  # a date of five characters
    fast, plain = Reader(ix), _PlainOpenings(ix)  # type: ignore[arg-type]
    for start in range(end):
        assert fast.openings(start, end) == plain.openings(start, end)


@given(st.lists(st.tuples(st.integers(0, 30), st.integers(1, 6)), max_size=6), st.integers(0, 40), st.integers(0, 40))
def test_dates_are_passed_only_where_one_starts(spans: list[tuple[int, int]], pos: int, end: int) -> None:
    from extract.meaning.index import DocumentIndex
    dates = sorted({start: SimpleNamespace(start=start, end=start + n) for start, n in spans}.values(), key=lambda d: d.start)
    ix = SimpleNamespace(text="2021年，以来，" * 6, dates=dates, d_starts=[d.start for d in dates])
    if pos not in frozenset(ix.d_starts):
        assert DocumentIndex.past_dates(ix, pos, end) == pos  # type: ignore[arg-type]


@given(st.lists(st.tuples(st.integers(0, 60), st.integers(0, 40)), max_size=8),
       st.lists(st.integers(0, 120), max_size=40))
def test_sections_of_sentences_match_a_lookup_of_each(spans: list[tuple[int, int]], offsets: list[int]) -> None:
    from extract.meaning.attribution import sections_at
    from extract.structure import Structure
    sections = [SimpleNamespace(start=start, end=start + n, id=str(i)) for i, (start, n) in enumerate(sorted(spans))]
    structure = SimpleNamespace(sections=sections, _section_starts=[s.start for s in sections])
    structure.section_at = lambda pos: Structure.section_at(structure, pos)  # type: ignore[arg-type]
    for ordered in (sorted(offsets), offsets):
        assert sections_at(structure, ordered) == [structure.section_at(o) for o in ordered]  # type: ignore[arg-type]


@given(_clauses, st.integers(min_value=0, max_value=20))
def test_bodies_are_looked_for_only_where_a_body_word_ends(text: str, reach: int) -> None:
    g = gazetteer()
    for pos in range(len(text)):
        if g.body.match(text, pos, pos + reach):
            assert g.body_end.search(text, pos + 1, pos + reach)
            assert not g.body_ends.isdisjoint(g.any_end.findall(text, pos + 1, pos + reach))


def test_every_suffix_a_pattern_is_tried_for_is_a_suffix_found_first() -> None:
    g = gazetteer()
    for last in g.body_ends.union(*(ends for _, _, ends in g.pattern_ends), "市"):
        assert g.any_end.fullmatch(last)
    for last in g.body_ends:
        assert g.body_end.fullmatch(last)


def _index(starts: list[int]) -> SimpleNamespace:
    """A document index of sentences starting at `starts`, with its own sentence lookups."""
    from extract.meaning.index import DocumentIndex
    sentences = [(s, s + 1) for s in sorted(starts)]
    ix = SimpleNamespace(structure=SimpleNamespace(sentences=sentences, sections=[]), agencies=[],
                         sentence_starts=[s for s, _ in sentences], _sentence_start_at={})
    ix.sentence_index = lambda pos: DocumentIndex.sentence_index(ix, pos)  # type: ignore[arg-type]
    ix.sentence_start = lambda pos: DocumentIndex.sentence_start(ix, pos)  # type: ignore[arg-type]
    return ix


@given(st.lists(st.integers(0, 50), min_size=1, max_size=10), st.lists(st.integers(0, 60), max_size=20))
def test_a_sentence_body_is_found_by_its_start_as_by_its_index(starts: list[int], positions: list[int]) -> None:
    import pytest

    from extract.meaning import attribution
    ix = _index(starts)  # equal starts included
    bodies = [attribution.Attribution(f"body{i}", "sentence", attribution.SENTENCE_BODY) for i in range(len(starts))]
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(attribution, "agency_by_sentence", lambda _: bodies)
        patch.setattr(attribution, "issuer_body", lambda _: None)
        patch.setattr(attribution, "find_sources", lambda _: [])
        who = attribution.Attributor(ix)  # type: ignore[arg-type]
    for pos in positions:
        assert who.of_sentence(ix, pos) is bodies[ix.sentence_index(pos)]  # type: ignore[arg-type]


@given(st.lists(st.integers(0, 50), min_size=1, max_size=10), st.lists(st.integers(0, 60), max_size=20))
def test_a_sentence_index_is_found_from_its_start(starts: list[int], positions: list[int]) -> None:
    from extract.meaning import subject
    ix = _index(starts)
    of_start = {s: i for i, (s, _) in enumerate(ix.structure.sentences)}
    for pos in positions:
        assert subject._sentence_index(ix, pos, of_start) == ix.sentence_index(pos)  # type: ignore[arg-type]


_joiner_pieces = st.sampled_from(["、", "和", "及", "市", "青岛", "4.1万件", "，", "与", "\n", " ", "的"])


@given(st.lists(_joiner_pieces, max_size=20).map("".join), st.integers(0, 80))
def test_the_last_item_joiner_is_found_as_by_looking_back_for_each(text: str, end: int) -> None:
    from extract.meaning import subject
    end = min(end, len(text))
    lo = max(0, end - subject._ITEM_REACH)
    found = subject._LAST_JOINER.search(text, lo, end)
    assert (found.start() if found else -1) == max(text.rfind(j, lo, end) for j in subject._ITEM_JOINERS)


@given(st.lists(st.integers(0, 15), max_size=8, unique=True).map(sorted), st.integers(0, 18), st.integers(0, 18),
       st.integers(0, 18))
def test_a_clause_is_found_as_by_bounding_its_breaks(breaks: list[int], pos: int, floor: int, ceiling: int) -> None:
    from extract.meaning import subject
    from bisect import bisect_left
    clauses = subject._Clauses(SimpleNamespace(breaks=breaks), None)  # type: ignore[arg-type]
    i = bisect_left(breaks, pos)
    plain = (max(floor, breaks[i - 1] + 1) if i > 0 else floor, min(ceiling, breaks[i]) if i < len(breaks) else ceiling)
    assert clauses.around(pos, floor, ceiling) == plain


class _PlainCarry(SimpleNamespace):
    """_Clauses.carried as first written: a search of the breaks at every clause walked back."""

    def carried(self, start: int, floor: int) -> object:
        from bisect import bisect_left
        from extract.meaning.subject import LISTED_ABOVE
        passed: list[int] = []
        result = None
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


@given(st.lists(st.integers(1, 15), min_size=1, max_size=8, unique=True).map(sorted),
       st.lists(st.sampled_from([None, "place", "same", "above"]), min_size=20, max_size=20), st.data())
def test_what_clauses_carry_is_found_as_by_the_plain_walk(breaks: list[int], kinds: list[str | None],
                                                          data: st.DataObject) -> None:
    from extract.meaning import subject
    somewhere = st.integers(0, 18) | st.sampled_from(breaks) | st.sampled_from(breaks).map(lambda b: b + 1)
    asked = data.draw(st.lists(st.tuples(somewhere, somewhere), max_size=8))  # floors at and after breaks

    def entry(start: int, stop: int) -> object:  # what the clause opening at `start` names
        kind = kinds[start]
        if kind is None:
            return None
        rule = subject.LISTED_ABOVE if kind == "above" else subject.CARRIED
        return (start, Name(start + 1, kind, kind), [], rule)

    fast = subject._Clauses(SimpleNamespace(breaks=breaks), None)  # type: ignore[arg-type]
    fast.entry = entry  # type: ignore[method-assign]
    plain = _PlainCarry(breaks=breaks, carries={}, entry=entry)
    for start, floor in asked:
        assert fast.carried(start, floor) == plain.carried(start, floor)
