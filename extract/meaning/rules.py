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


# What a field is when no rule sets it: the trace names these, so every field has a rule.
UNSET = {
    "of": rule("of.none", "of", "the figure describes no other figure", "全市专利授权5.2万件 -> of none"),
    "parent": rule("parent.none", "parent", "the figure is no part of a whole", "全市专利授权5.2万件 -> parent none"),
    "subject": rule("subject.none", "subject", "the figure is about the paper's own scope", "全市… -> subject none"),
}


_UNSET_TRACE = {name: declared.name for name, declared in UNSET.items()}


@dataclass(slots=True)
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
    trace: dict[str, str] = field(default_factory=_UNSET_TRACE.copy)

    def set(self, field_name: str, value: Any, by: Rule) -> None:
        setattr(self, field_name, value)
        self.trace[field_name] = by.name

    def copy_from(self, other: "Facts", fields: tuple[str, ...], by: Rule) -> None:
        """Copy fields along a link this pass made (a growth takes its level's metric)."""
        for name in fields:
            self.set(name, getattr(other, name), by)


    def record_fields(self, record_id: list[str]) -> dict[str, Any]:
        """The fields a record takes from these facts; `record_id` maps figure indexes to ids."""
        return {
            "metric": self.metric,
            "metric_key": self.metric_key,
            "agency": self.agency,
            "agency_basis": self.agency_basis,
            "subject": self.subject,
            "period": self.period,
            "period_type": self.period_type,
            "of": record_id[self.of] if self.of is not None else None,
            "parent": record_id[self.parent] if self.parent is not None else None,
        }


# Every record field the trace explains, in the order `--explain` prints them.
TRACED_FIELDS = ("metric", "metric_key", "agency", "subject", "period", "period_type", "of", "parent")
