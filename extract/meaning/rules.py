"""Named rules and the trace of which rule set each field of a figure.

A rule is a value: its name, the field it decides, when it applies and an example of the words
it reads. Each field module declares its rules with `rule(...)`, in the order they are tried,
and sets a field only through `Facts.set(field, value, RULE)`, so that the trace always names
the rule behind a value (`wpx extract FILE --explain`). `tests/test_rules.py` checks that every
declared rule fires on at least one example of the corpora.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True)
class Rule:
    name: str  # field.rule_name, unique
    field: str  # the field it decides: agency, metric, metric_key, period, subject, of, parent
    when: str  # when it applies, in one line
    example: str  # words of the kind it reads, and what it sets


RULES: dict[str, Rule] = {}


def rule(name: str, field_name: str, when: str, example: str) -> Rule:
    """Declare a rule; the declaration order within a module is the order it is tried in."""
    if name in RULES:
        raise ValueError(f"rule {name!r} declared twice")
    declared = Rule(name=name, field=field_name, when=when, example=example)
    RULES[name] = declared
    return declared


@dataclass
class Facts:
    """What the meaning layer decides about one figure, with the rule behind each field."""

    metric: str | None = None
    metric_key: str | None = None
    agency: str | None = None
    agency_basis: str | None = None
    subject: str | None = None
    period: str | None = None
    period_type: str | None = None
    of: int | None = None  # index into the quantity list
    baseline: bool = False  # 较2020年的38.7万件: the base a change is measured from
    parent: int | None = None
    trace: dict[str, str] = field(default_factory=dict)

    def set(self, field_name: str, value: Any, by: Rule) -> None:
        setattr(self, field_name, value)
        self.trace[field_name] = by.name

    def copy_from(self, other: "Facts", fields: tuple[str, ...], by: Rule) -> None:
        """Copy fields along a link this pass made (a growth takes its level's metric)."""
        for name in fields:
            self.set(name, getattr(other, name), by)


# Every record field the trace explains, in the order `--explain` prints them.
TRACED_FIELDS = ("metric", "metric_key", "agency", "subject", "period", "period_type", "of", "parent")
