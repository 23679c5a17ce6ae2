"""Rankings: where a place or body stands among others.

    均居全省首位            -> rank 1, scope 全省
    位列副省级城市第二位    -> rank 2, scope 副省级城市
    位列全国第5             -> rank 5, scope 全国
    居全国前列              -> rank null, scope 全国
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

import regex

from . import rx
from .numerals import parse_numeral
from .ruledata import alternation, read_table


@dataclass
class RankingHit:
    start: int
    end: int
    rank: int | None
    rank_text: str
    scope: str | None
    population_start: int | None = None  # where 在…中 names the field ranked within
    rank_max: int | None = None  # 位居第三至八位: the upper end of a range of ranks


_POPULATION = rx.compile(r"在(?P<field>[^，。；]{2,24}?)中[，,]?$")


@cache
def _pattern() -> tuple[regex.Pattern[str], dict[str, int | None]]:
    rows = read_table("rank_words.tsv")
    verbs = [r["word"] for r in rows if r["kind"] == "verb"]
    named = {r["word"]: (int(r["rank"]) if r["rank"] else None) for r in rows if r["kind"] == "rank"}
    numbered = (r"第(?P<n>\d{1,3}|[一二三四五六七八九十两]{1,3})"
                r"(?:(?:至|到|-|—|~)第?(?P<n2>\d{1,3}|[一二三四五六七八九十两]{1,3}))?(?:位|名)?")
    pattern = rx.compile(
        rf"(?P<verb>{alternation(verbs)})(?P<scope>\p{{Han}}{{0,12}}?)的?"
        rf"(?P<rank>{numbered}|{alternation(list(named))})"
    )
    return pattern, named


def find_rankings(text: str, blocked: bytearray) -> list[RankingHit]:
    pattern, named = _pattern()
    hits: list[RankingHit] = []
    for m in pattern.finditer(text):
        if blocked[m.start()]:
            continue
        rank_text = m.group("rank")
        rank_max: int | None = None
        if m.group("n"):
            value = parse_numeral(m.group("n"))
            if value is None:
                continue
            rank: int | None = int(value)
            if m.group("n2"):  # 位居第三至八位: a range of ranks, or nothing
                upper = parse_numeral(m.group("n2"))
                if upper is None or upper <= value:
                    continue
                rank_max = int(upper)
        else:
            rank = named[rank_text]
        scope = m.group("scope") or None
        population = _POPULATION.search(text, max(0, m.start() - 30), m.start())
        if population:
            scope = scope or population.group("field")  # 在全省90个县（市、区）中排名第17位
        hits.append(RankingHit(m.start("verb"), m.end(), rank, rank_text, scope,
                               population.start() if population else None, rank_max))
        # 分别居西部第2位和第1位: the next rank shares the verb and the scope
        for extra in _MORE_RANKS.finditer(text, m.end(), min(len(text), m.end() + 40)):
            if extra.start() != hits[-1].end:
                break
            value = parse_numeral(extra.group("n"))
            if value is None:
                break
            hits.append(RankingHit(extra.start("rank"), extra.end(), int(value), extra.group("rank"), scope))
    hits.extend(_listed_ranks(text, blocked, {h.start for h in hits}))
    return sorted(hits, key=lambda h: h.start)


# 最多的是美术作品…；第二是摄影作品…件: an ordinal opening a clause that counts something ranks it
_LISTED_RANK = rx.compile(r"(?:^|(?<=[；;。，,\n]))第(?P<n>\d{1,2}|[一二三四五六七八九十]{1,2})(?:是|为)", engine="regex")
_CLAUSE_COUNTS = rx.compile(r"[^；;。\n]*?\d")


def _listed_ranks(text: str, blocked: bytearray, taken: set[int]) -> list[RankingHit]:
    out = []
    for m in _LISTED_RANK.finditer(text):
        if blocked[m.start()] or m.start() in taken or _CLAUSE_COUNTS.match(text, m.end()) is None:
            continue  # 第二是加强宣传: an item of a list of work, no figure ranked
        value = parse_numeral(m.group("n"))
        if value is not None:
            out.append(RankingHit(m.start(), m.end("n"), int(value), text[m.start() : m.end("n")], None))
    return out


_MORE_RANKS = rx.compile(r"(?:和|、|及)(?P<rank>第(?P<n>\d{1,3}|[一二三四五六七八九十两]{1,3})(?:位|名)?)")
