"""The read-only index of one document that every meaning rule looks things up in.

Built once per document from the stages before it (structure, figures, dates, agency mentions):
sentences, clauses, paragraphs and the blocks they continue, sections and the years their titles
name, bracket depth at each figure, and sorted starts for logarithmic lookups, so that long
documents stay linear.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from dataclasses import dataclass, field

from ..agencies import AgencyHit
from ..dates import DateHit
from ..quantities import QuantityHit
from ..rankings import RankingHit
from ..structure import Structure
from ..textforms import phrase_break_positions
from .words import (
    BRACKETS,
    COMPARISON_BEFORE,
    CONTINUATION_LEAD,
    HAN,
    INLINE_BRACKET,
    NAMES_ITS_YEAR,
    REACH,
    YEAR_OFFSETS,
    YEAR_IN_TITLE,
)


BRACKET_CHARACTERS = "".join(BRACKETS) + "".join(BRACKETS.values())


def positions(text: str, word: str) -> list[int]:
    """Where `word` starts in `text`, overlaps included: str.find runs at memory speed where a
    regex character class or alternation reads the whole text a character at a time."""
    out = []
    at = text.find(word)
    while at != -1:
        out.append(at)
        at = text.find(word, at + 1)
    return out


@dataclass(frozen=True)
class TableCell:
    """A figure read from a table: its row label and the column's period."""

    metric: str
    period: str | None


@dataclass
class DocumentIndex:
    text: str
    structure: Structure
    quantities: list[QuantityHit]
    rankings: list[RankingHit]
    dates: list[DateHit]
    agencies: list[AgencyHit]
    report_year: int | None
    table_cells: dict[tuple[int, int], TableCell] = field(default_factory=dict)  # (start, end) -> cell
    region: str | None = None  # the paper's own region (青岛市, 山东省), stated or inferred
    issuer: str | None = None  # the body that issued the paper, canonical

    def __post_init__(self) -> None:
        text, structure = self.text, self.structure
        self._sentence_start_at: dict[int, int] = {}
        self.agency_at = {a.start: a for a in self.agencies}
        self.ranking_starts = frozenset(r.start for r in self.rankings)
        # Where a word naming a year relative to the report year (去年, 今年…) is written at all
        # (what RELATIVE_YEAR_WORD finds overlapped, found a word at a time: a regex scan of the
        # whole text costs several times more)
        self._relative_year_starts = sorted({at for word in YEAR_OFFSETS for at in positions(text, word)})
        self.agency_ending = {a.end: a for a in self.agencies}
        self.q_starts = [q.start for q in self.quantities]
        self.d_starts = [d.start for d in self.dates]
        self._frames = [self._frames_what_follows(d) for d in self.dates]  # read once, asked per figure
        self.p_starts = [p[0] for p in structure.paragraphs]
        self.sentence_starts = [s for s, _ in structure.sentences]
        # A paragraph that plainly goes on from the one before (其中…, 2）其中…) belongs to its
        # block: dates and wholes are looked up from the block's start.
        self.block_starts: list[int] = []
        for s, _ in structure.paragraphs:
            goes_on = self.block_starts and CONTINUATION_LEAD.match(text, s) is not None
            self.block_starts.append(self.block_starts[-1] if goes_on else s)
        # Cut out of metric phrases: agency names, dates and other figures (优良率85.5%，提高…).
        self.cut_spans = sorted(
            [(a.start, a.end) for a in self.agencies] + [(d.start, d.end) for d in self.dates]
            + [(q.start, q.end) for q in self.quantities if not self.is_threshold(q)]
            + [(r.start, r.end) for r in self.rankings if r.rank_text.startswith("第") and r.start == r.end - len(r.rank_text)]
        )
        self.cut_starts = [s for s, _ in self.cut_spans]
        self._brackets = bracket_positions(text)
        inline = self._inline_brackets()
        self.breaks = [at for at in phrase_break_positions(text) if at not in inline]
        self.depth = self._bracket_depths()
        self.report_year_text = str(self.report_year) if self.report_year else None
        self.section_years: dict[str, str] = {}
        for section in structure.sections:
            m = YEAR_IN_TITLE.search(section.title)
            if m:
                self.section_years[section.id] = m.group(1)
        for section in structure.sections:  # subsections inherit their parent's year
            if section.id not in self.section_years and section.parent in self.section_years:
                self.section_years[section.id] = self.section_years[section.parent]

    # -- built once ------------------------------------------------------------------------
    def _inline_brackets(self) -> set[int]:
        """Positions of the brackets of 执业（助理）医师, 研究与试验发展（R&D）经费投入: a short
        bracket inside a name, not a clause of its own."""
        return inline_brackets(self.text, self._brackets)

    def _bracket_depths(self) -> list[int]:
        """Bracket depth at each quantity start: a part in （其中一审1400件） is one level down."""
        return bracket_depths(self.text, self._brackets, self.q_starts)

    # -- lookups ---------------------------------------------------------------------------
    def is_threshold(self, q: QuantityHit) -> bool:
        """5万元以上案件, 单笔1000万元以下的融资: the figure picks out a noun rather than
        stating an amount."""
        return q.approx in ("at_least", "at_most") and q.end < len(self.text) \
            and HAN.match(self.text, q.end) is not None

    def relative_year_between(self, lo: int, hi: int) -> bool:
        i = bisect_left(self._relative_year_starts, lo)
        return i < len(self._relative_year_starts) and self._relative_year_starts[i] < hi

    def ranking_at(self, pos: int) -> bool:
        """A ranking starts at `pos`, or right after a 的/，."""
        return pos in self.ranking_starts or (pos + 1 in self.ranking_starts and self.text[pos : pos + 1] in "的，,")

    def table_cell(self, q: QuantityHit) -> TableCell | None:
        return self.table_cells.get((q.start, q.end))

    def clause_start(self, pos: int, floor: int) -> int:
        """Start of the clause holding `pos`, not before `floor` and at most REACH back: a
        metric phrase is never longer, and the bound keeps long unpunctuated lines linear."""
        i = bisect_left(self.breaks, pos) - 1
        start = self.breaks[i] + 1 if i >= 0 else 0
        return max(start, floor, pos - REACH)

    def sentence_index(self, pos: int) -> int:
        return max(0, bisect_right(self.sentence_starts, pos) - 1)

    def sentence_start(self, pos: int) -> int:
        # Asked for the same figure by several rules: remembered per position.
        start = self._sentence_start_at.get(pos)
        if start is None:
            start = self._sentence_start_at[pos] = self.structure.sentences[self.sentence_index(pos)][0]
        return start

    def paragraph_start(self, pos: int) -> int:
        """Start of the block of paragraphs holding `pos` (continuations included)."""
        i = bisect_right(self.p_starts, pos) - 1
        return self.block_starts[i] if i >= 0 else 0

    def first_quantity_at(self, pos: int) -> int:
        """Index of the first figure starting at or after `pos`."""
        return bisect_left(self.q_starts, pos)

    def without_spans(self, start: int, end: int) -> str:
        """Text of [start, end) with agency mentions, dates and other figures cut out."""
        lo = bisect_left(self.cut_starts, start)
        hi = bisect_left(self.cut_starts, end, lo)
        if lo == hi:
            return self.text[start:end]  # nothing to cut: most phrases
        out = []
        pos = start
        for s, e in self.cut_spans[lo:hi]:
            if s >= pos:
                out.append(self.text[pos:s])
                pos = e
                if pos < end and self.text[pos] == "、":
                    pos += 1  # 申请公安部、国家烟草专卖局督办案件 -> 申请督办案件
        out.append(self.text[pos:end])
        return "".join(out)

    def past_dates(self, pos: int, end: int) -> int:
        """Past the dates that open a sentence (今年以来，二〇二三年一季度，…) to its subject."""
        i = bisect_left(self.d_starts, pos)
        while i < len(self.dates) and self.dates[i].start == pos and pos < end:
            pos = self.dates[i].end
            if self.text.startswith(("以来", "期间"), pos):
                pos += 2
            if pos < end and self.text[pos] in "，,":
                pos += 1
            i = bisect_left(self.d_starts, pos)
        return pos

    def date_before(self, pos: int) -> DateHit | None:
        """The last date stated before `pos` in the same paragraph, leaving out comparison
        bases (较二○二一年下跌…: 2021 is what the figure is compared with, not its period)."""
        par_start = self.paragraph_start(pos)
        i = bisect_left(self.d_starts, pos) - 1
        while i >= 0 and self.dates[i].start >= par_start:
            if self._frames[i]:
                return self.dates[i]
            i -= 1
        return None

    def _frames_what_follows(self, d: DateHit) -> bool:
        """Whether a date can be the period of what follows it: not the year of something
        published, not a comparison base."""
        if NAMES_ITS_YEAR.search(self.text, max(0, d.start - 3), d.start):
            return False  # 发布2022年度典型案例: the year belongs to what was published
        before = COMPARISON_BEFORE.search(self.text, max(0, d.start - 3), d.start)
        # 三是2024—2025年新建… is a period; 是2021年的1.4倍 a comparison
        return before is None or (before.group() == "是" and not self.text.startswith("的", d.end))

    def dated_between(self, start: int, end: int) -> bool:
        i = bisect_left(self.d_starts, start)
        return i < len(self.dates) and self.dates[i].start < end

    def default_year(self, pos: int) -> str | None:
        """The report year, or the year a section's title names (七、2023年工作打算)."""
        if not self.section_years:
            return self.report_year_text
        section_id = self.structure.section_at(pos)
        return self.section_years.get(section_id or "", self.report_year_text)

    def open_bracket_before(self, pos: int) -> str | None:
        return open_bracket_before(self.text, self._brackets, pos)


# -- brackets, read from the positions of every bracket in the text (`bracket_positions`) ------
def bracket_positions(text: str) -> list[int]:
    return sorted(at for ch in BRACKET_CHARACTERS for at in positions(text, ch))


def inline_brackets(text: str, brackets: list[int]) -> set[int]:
    """Where INLINE_BRACKET matches, both brackets of each match. Every match starts on an
    opening bracket: tried only there (a scan of the whole text with the pattern's lookbehind
    costs several times more), past what a match spans."""
    out: set[int] = set()
    done = 0
    for at in brackets:
        if at < done or text[at] not in BRACKETS:
            continue
        m = INLINE_BRACKET.match(text, at)
        if m is not None:
            out.update((at, m.end() - 1))
            done = m.end()
    return out


def bracket_depths(text: str, brackets: list[int], starts: list[int]) -> list[int]:
    """The bracket depth at each of `starts` (sorted): brackets opened and not closed before it
    in its paragraph. Read bracket by bracket (BRACKET_OR_BREAK's marks, but a line end matters
    only inside a bracket, and is looked for there)."""
    depths = [0] * len(starts)
    depth = 0
    done = 0  # starts before `done` have their depth
    last = 0  # just past the last bracket read
    for at in [*brackets, len(text)]:
        if depth:  # the starts up to this bracket stand at the depth so far…
            line_end = text.find("\n", last, at)
            upto = bisect_right(starts, at if line_end == -1 else line_end, done)
            depths[done:upto] = [depth] * (upto - done)
            done = upto
            if line_end != -1:
                depth = 0  # …unless a paragraph break closes whatever the export left open
        if not depth:
            done = bisect_right(starts, at, done)  # (at depth 0, as they are)
        if at < len(text):
            depth = depth + 1 if text[at] in BRACKETS else max(0, depth - 1)
            last = at + 1
    return depths


def open_bracket_before(text: str, brackets: list[int], pos: int) -> str | None:
    """The bracket left open before `pos` in its sentence (199 characters back at most)."""
    # Back to the last 。 or line end: only the brackets in between matter, the nearest first.
    lo = max(0, pos - 199)
    lo = max(lo, text.rfind("。", lo, pos) + 1, text.rfind("\n", lo, pos) + 1)
    depth = 0
    for i in range(bisect_left(brackets, pos) - 1, bisect_left(brackets, lo) - 1, -1):
        ch = text[brackets[i]]
        if ch not in BRACKETS:
            depth += 1
        elif depth == 0:
            return ch
        else:
            depth -= 1
    return None
