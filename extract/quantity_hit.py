"""The record of one figure as the readers find it, before it becomes a Quantity."""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal


@dataclass(slots=True)
class QuantityHit:
    start: int  # repaired-text offsets
    end: int
    kind: str
    value: Decimal | None
    unit: str
    value_max: Decimal | None = None
    approx: str | None = None
    role: str = "level"
    currency: str | None = None
    unresolved: str | None = None
    sign: int = 1
    numeral_start: int = 0
    qualifier_words: list[str] = field(default_factory=list)
