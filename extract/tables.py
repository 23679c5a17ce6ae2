"""Flattened tables: rows of cells separated by runs of spaces, as PDF exports leave them.

       领域        立案（件）   结案（件）   罚没款（万元）
       食品安全      1286        1203         1852.47      -> 1286 件 (食品安全立案), 1852.47万元 …

A cell is a figure when its column header (or the cell itself, or a 单位：… caption line) gives
the unit; a cell with no unit anywhere is left alone rather than guessed. The metric is the row
label and the column name; a column headed by a year gives the period.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

import regex

from . import rx
from .numerals import normalize, parse_numeral
from .quantities import QuantityHit
from .ruledata import units

# A table line: three or more short cells separated by runs of two or more blanks.
_GAP_SPACE, _GAP_TAB = " ", "\t"
_CELL_GAP = rx.compile(f"[{_GAP_SPACE}{_GAP_TAB}]{{2,}}", engine="regex")
_MAX_CELL = 20
_NUMBER_CELL = rx.compile(r"(?P<sign>[-+－−])?(?P<num>\d[\d,]*(?:\.\d+)?)(?P<pct>%)?")
_UNIT_IN_HEADER = rx.compile(r"[（(](?:单位[：:])?(?P<unit>[^（）()]{1,6})[)）]$")
_UNIT_CAPTION = rx.compile(r"单位[：:]\s*(?P<unit>[^\s，。；]{1,6})")
_YEAR_HEADER = rx.compile(r"^((?:19|20)\d\d)年?(?:度)?$")
_GROWTH_HEADER = rx.compile(r"同比|增长|增幅|增速|变化")
_SHARE_HEADER = rx.compile(r"率|占比|比重|比例")
# Columns that hold the row's figure without naming a measure of their own.
_PLAIN_COLUMNS = frozenset(["数量", "数值", "数据", "指标值", "本期", "本年", "合计"])
_SCALES = {"万": Decimal(10000), "亿": Decimal(100000000), "千": Decimal(1000), "百": Decimal(100)}


@dataclass
class TableHit:
    hit: QuantityHit
    metric: str
    period: str | None


@dataclass
class _Cell:
    start: int
    end: int
    text: str


def _cells(text: str, start: int, end: int) -> list[_Cell]:
    cells = []
    pos = start
    for gap in _CELL_GAP.finditer(text, start, end):
        if gap.start() > pos:
            cells.append(_Cell(pos, gap.start(), text[pos : gap.start()]))
        pos = gap.end()
    if end > pos:
        cells.append(_Cell(pos, end, text[pos:end].rstrip()))
    return cells


def _is_number(cell: str) -> bool:
    return _NUMBER_CELL.fullmatch(cell) is not None


def _may_hold_gap(text: str, start: int, end: int) -> bool:
    """Whether a _CELL_GAP may stand in text[start:end]: two blanks or more hold a tab or two spaces."""
    return text.find(_GAP_TAB, start, end) >= 0 or text.find(_GAP_SPACE * 2, start, end) >= 0


def _row(text: str, start: int, end: int) -> list[_Cell] | None:
    if not _may_hold_gap(text, start, end):
        return None  # one cell at most: no row (most paragraphs are prose)
    cells = _cells(text, start, end)
    if len(cells) < 3 or any(len(c.text) > _MAX_CELL for c in cells):
        return None
    return cells


def _unit(surface: str) -> tuple[str, str, Decimal, str | None] | None:
    """件 -> (件, count, 1, None); 万元 -> (元, money, 10000, CNY); % -> (%, percent, 1, None)."""
    table = units()
    scale = Decimal(1)
    if surface and surface[0] in _SCALES and surface[1:] in table:
        scale, surface = _SCALES[surface[0]], surface[1:]
    unit = table.get(surface)
    if unit is None:
        return None
    return unit.unit, unit.kind, scale * unit.scale, unit.currency


def _unit_ending(column: str) -> str | None:
    """检查户次 counts 户次, 立案数 does not name a unit: the longest unit the header ends with,
    of two characters or more so that a name is not misread by its last character."""
    table = units()
    for size in (3, 2):
        if len(column) > size and column[-size:] in table:
            return column[-size:]
    return None


_YEAR_END_CAPTION = rx.compile(r"((?:19|20)\d\d)年(?:末|底)")


def _cell_unit(number: regex.Match[str], column: str, label: str, caption_unit: str | None) -> str | None:
    """The unit a cell's figure is in: its own %, its column header, its row label or the caption."""
    if number.group("pct"):
        return "%"
    in_header = _UNIT_IN_HEADER.search(column)
    in_label = _UNIT_IN_HEADER.search(label)  # 专利授权量（件）  28600
    return (in_header.group("unit") if in_header else None) or _unit_ending(column) \
        or (in_label.group("unit") if in_label else None) or caption_unit


def _column_role(name: str, kind: str) -> str:
    """The role a column's header gives its figures: level, growth, delta or share."""
    if _GROWTH_HEADER.search(name):
        return "growth" if kind in ("percent", "multiple") else "delta"
    if _SHARE_HEADER.search(name) and kind == "percent":
        return "share"
    return "level"


def _read_cell(cell: _Cell, column: str, label: str, caption_unit: str | None,
               caption_year_end: str | None) -> TableHit | None:
    """The figure a cell holds, with its metric and period (None when it holds none)."""
    m = _NUMBER_CELL.fullmatch(cell.text)
    if m is None:
        return None
    unit_text = _cell_unit(m, column, label, caption_unit)
    resolved = _unit(unit_text) if unit_text else None
    if resolved is None:
        return None  # no unit anywhere: not guessed
    unit, kind, scale, currency = resolved
    value = parse_numeral(m.group("num"))
    if value is None:
        return None
    if m.group("sign") and m.group("sign") != "+":
        value = -value
    name = _UNIT_IN_HEADER.sub("", column).strip()
    year = _YEAR_HEADER.match(name)
    role = _column_role(name, kind)
    hit = QuantityHit(cell.start, cell.end, kind, normalize(value * scale), unit,
                      role=role, currency=currency, numeral_start=cell.start)
    label_name = _UNIT_IN_HEADER.sub("", label).strip()
    metric = label_name if year or not name or name in _PLAIN_COLUMNS else f"{label_name}{name}"
    return TableHit(hit, metric, year.group(1) if year else caption_year_end)


def _read_row(row: list[_Cell], header: list[_Cell] | None, caption_unit: str | None,
              caption_year_end: str | None) -> list[TableHit]:
    """The figures in a row's cells."""
    hits: list[TableHit] = []
    label = row[0].text
    for i, cell in enumerate(row[1:], start=1):
        column = header[i].text if header is not None and i < len(header) else ""
        hit = _read_cell(cell, column, label, caption_unit, caption_year_end)
        if hit is not None:
            hits.append(hit)
    return hits


def find_table_quantities(
    text: str, paragraphs: list[tuple[int, int]], blocked: bytearray
) -> tuple[list[TableHit], list[tuple[int, int]]]:
    """Figures read from table rows, and the spans of the rows read (to keep the prose reader
    off them)."""
    hits: list[TableHit] = []
    spans: list[tuple[int, int]] = []
    header: list[_Cell] | None = None
    caption_unit: str | None = None
    caption_year_end: str | None = None  # 表11  2023年末市场主体分类型情况: the cells are stocks then
    for s, e in paragraphs:
        caption = _UNIT_CAPTION.search(text, s, e)
        row = _row(text, s, e)
        if row is None:
            header = None
            caption_unit = caption.group("unit") if caption else (caption_unit if e - s < 40 else None)
            if e - s < 40:
                year_end = _YEAR_END_CAPTION.search(text, s, e)
                caption_year_end = f"{year_end.group(1)}-12-31" if year_end else None
            else:
                caption_year_end = None
            continue
        numeric = [c for c in row[1:] if _is_number(c.text)]
        if not numeric:
            header = row  # 领域  立案（件）  结案（件）
            continue
        if len(numeric) < 2 or blocked[s]:
            continue
        spans.append((s, e))
        hits.extend(_read_row(row, header, caption_unit, caption_year_end))
    return hits, spans
