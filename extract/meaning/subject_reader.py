"""The name reader: the names at clause openings of one document (a place, a country, a firm,
a zone, a local body, a group, a list of them), resolved against the paper's own scope."""

from __future__ import annotations

import regex

from .. import rx
from .index import DocumentIndex
from .rules import Rule
from .subject_names import Gazetteer, Name, Scope, gazetteer, longest_word
from .subject_rules import DIRECTED_BODY, EXAMPLE_NAMED, LISTED_ABOVE, LOCAL_BODY, NAMED_LIST, OPENING

_HEADING_NUMBER = rx.compile(r"[ \t\u3000]*(?:[一二三四五六七八九十]{1,3}[、.．]|[（(][一二三四五六七八九十\d]{1,3}[)）]"
                                r"|\d{1,2}[、.．)）]|[—–\-●○▲△■□◆◇·•※]+)?[ \t\u3000]*")
_HEADING_START = frozenset("一二三四五六七八九十（(0123456789—–-●○▲△■□◆◇·•※ \t\u3000")
_EXAMPLE = rx.compile(r"以(?=\p{Han}{2,12}?为例)")
_FOR_EXAMPLE_END = "为例"
# Units that count institutions: 省级工程技术研究中心50个 counts centres of a kind, no one centre
_INSTITUTION_UNITS = frozenset("个家所座处间")
# Kinds of names a list of names goes on with (西海岸新区、高新区分别…)
_LISTED_KINDS = frozenset(["place", "country", "group", "zone", "county_city", "company", "body"])
# The words between an item's name and its figure (济南市4.1万件, 青岛市为6.6万件)
ITEM_LINK = rx.compile(r"(?:以|为|：|:|有|共|达到|达)?")

# 鄞州区, 长兴县: a district or county named by two or three characters and its suffix
_COUNTY_NAME = rx.compile(r"\p{Han}{2,3}[区县旗]$")
# How far a body's name (its place and its body word) is looked for
_BODY_REACH = 14
# The words a name can span: up to 20 characters before punctuation, a digit or a space.
NAME_REACH = 20
_NAME_SPAN = rx.compile(rf"[^\p{{P}}\p{{S}}\d\s]{{2,{NAME_REACH}}}", engine="regex")


def _holds_a_place(stem: str, g: Gazetteer) -> bool:
    """广东省市…, 在惠州市: a known place inside the words before 市 (a county-level city's name
    holds none)."""
    return any(stem[i : i + n] in g.place for i in range(len(stem)) for n in range(2, len(stem) - i + 1))


def _is_generic(word: str, suffix_len: int, g: Gazetteer) -> bool:
    """示范区, 上市公司, 重点地区: a word ending like a name that names no particular one (a
    not_a_name word longer than the name's suffix ends it, or is all of it)."""
    return word in g.not_a_name or any(word[-n:] in g.not_a_name for n in g.not_a_name_lengths
                                       if suffix_len < n <= len(word))


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
        in_tables = text[pos : pos + 2] in g.longest_from  # else no table word starts here
        # a pattern's suffix (公安局, 开发区, 公司, 中心, 市) must end the words before the next
        # punctuation: looked for first within a name's reach, which is cheaper than finding
        # where those words stop
        suffix = g.any_end.search(text, pos + 1, pos + NAME_REACH)
        if not in_tables and suffix is None:
            return None
        span = _NAME_SPAN.match(text, pos)
        if span is None:
            return None  # punctuation, a digit: no name starts here
        stop = span.end()
        patterned = suffix is not None and suffix.start() < stop  # else the first suffix stands past the punctuation
        if not in_tables and not patterned:
            return None
        word = longest_word(text, pos, g.words, g.longest_word_from) if in_tables else None
        if word is not None:
            named = self._word_name(pos, word)
            if named is not None:
                return named
        candidates = (self._table_names(pos) if in_tables else []) + (self._pattern_names(pos, stop) if patterned else [])
        if not candidates:
            return None
        return self._accept(max(candidates, key=lambda n: n.end), figure, in_list)

    def _word_name(self, pos: int, word: str) -> Name | None:
        """A subject_words.tsv word at `pos` that is a name by itself (全市, 该市, 全国, 外国人)."""
        kind = self.g.words[word]
        if kind in ("own_scope", "own_group"):
            return Name(pos + len(word), None, "own")
        if kind == "same_as_before":
            return Name(pos + len(word), None, "same")
        if kind == "national":
            return Name(pos + len(word), "全国" if self.scope.below_nation else None, "national")
        if kind == "group":
            return Name(pos + len(word), word, "group")
        return None

    def _table_names(self, pos: int) -> list[Name]:
        """The longest place and the longest country starting at `pos`."""
        text, g = self.text, self.g
        candidates: list[Name] = []
        place = longest_word(text, pos, g.place, g.longest_place_from)
        if place is not None:
            candidates.append(Name(pos + len(place), self.scope.resolve_place(g.place[place]), "place"))
        country = longest_word(text, pos, g.country, g.longest_country_from)
        if country is not None:
            candidates.append(Name(pos + len(country), g.country[country], "country"))
        return candidates

    def _pattern_names(self, pos: int, stop: int) -> list[Name]:
        """The bodies, zones, firms, institutions and county-level cities starting at `pos`."""
        text, g = self.text, self.g
        candidates: list[Name] = []
        # the patterns below end in a suffix (公安局, 开发区, 公司, 中心, 市): tried only when one
        # of its last characters stands in the words before the next punctuation
        ends_here = set(g.any_end.findall(text, pos + 1, stop))
        body = g.body.match(text, pos, min(stop, pos + _BODY_REACH)) if not g.body_ends.isdisjoint(ends_here) else None
        if body is not None:
            resolved = self._body(body)
            if resolved is not None:
                candidates.append(resolved)
        for pattern, kind, ends in g.pattern_ends:
            if ends.isdisjoint(ends_here):
                continue
            m = pattern.match(text, pos, stop)
            if m is not None and not self._generic_start(m.group()) \
                    and not _is_generic(m.group(), self._suffix_len(m.group(), kind), g):
                candidates.append(Name(m.end(), m.group(), kind))
        m = g.county_city.match(text, pos, min(stop, pos + 4)) if "市" in ends_here else None
        if m is not None and not self._generic_start(m.group()) and not _is_generic(m.group(), 1, g) \
                and m.group()[-2:] not in g.words and not _holds_a_place(m.group()[:-1], g):  # 占全市, 较该市
            candidates.append(Name(m.end(), m.group(), "county_city"))
        return candidates

    def _accept(self, best: Name, figure: int | None, in_list: bool) -> Name | None:
        """The longest name found, kept only where its kind may be a subject."""
        in_row = figure is not None and ITEM_LINK.fullmatch(self.text, best.end, figure) is not None
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
        stem = longest_word(raw, 0, g.place, g.longest_place_from)
        if stem is not None and len(stem) < len(raw):
            # a body named after a part of a place (深圳湾海关 in Shenzhen's paper): a body of
            # its own, below the paper's scope
            return Name(m.end(), m.group(), "body")
        if _COUNTY_NAME.search(raw) and not _is_generic(raw, 1, g) and not self._generic_start(raw):
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
                and (figure is None or ITEM_LINK.fullmatch(text, first.end, figure) is None):
            return None
        return names, names[-1].end

    # -- openings --------------------------------------------------------------------------
    def openings(self, start: int, end: int) -> list[int]:
        """Where a clause's subject may stand: past heading numbers, dates and opener words
        (其中，近日，此前, 截至2月底，…), every way of reading them (另外国人 is 另 + 外国人)."""
        text, ix, g = self.text, self.ix, self.g
        m = _HEADING_NUMBER.match(text, start, end) if text[start : start + 1] in _HEADING_START else None
        first = m.end() if m else start
        if first < end and first not in self.date_starts and text[first] not in g.opener_firsts:
            return [first]  # most clauses: nothing to pass
        todo = [first]
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
        q = self.ix.quantities[figure] if figure is not None else None
        for pos in self.openings(start, end):
            if text[pos] == "以" and _EXAMPLE.match(text, pos, end) is not None:
                found = self.names_from(pos + 1)
                if found and text.startswith(_FOR_EXAMPLE_END, found[1]):
                    return found[0][0], found[0], EXAMPLE_NAMED
            if text.startswith(self.above_words, pos):
                return None, [], LISTED_ABOVE
            found = self.names_from(pos, q.start if q is not None else None)
            if found is None:
                continue
            names = found[0]
            if q is not None and names[0].kind in ("company", "zone", "organisation") and q.unit in _INSTITUTION_UNITS \
                    and ITEM_LINK.fullmatch(text, names[0].end, q.start) is not None:
                continue  # 新组建工程技术研究中心50个: a count of a kind of body
            if len(names) > 1:
                return None, names, NAMED_LIST
            name = names[0]
            if name.subject is None and name.kind in ("body", "own") \
                    and self.g.body_end.search(text, pos + 1, pos + _BODY_REACH):  # else no body ends here
                # the paper's own body directing another place's (省公安厅组织宜昌公安机关…)
                body = self.g.body.match(text, pos, min(len(text), pos + _BODY_REACH))
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

