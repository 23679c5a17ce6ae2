"""The rule tables in extract/data/ are well formed: a typo there silently changes output."""

from __future__ import annotations

import typing
from decimal import Decimal, InvalidOperation
from importlib import resources

import pytest

from extract.models import Approx, QuantityKind
from extract.ruledata import read_table, units

TABLES = {
    "numerals.tsv": ["char", "kind", "value", "alone"],
    "units.tsv": ["surface", "unit", "kind", "scale", "currency"],
    "qualifiers.tsv": ["word", "position", "approx"],
    "roles.tsv": ["word", "role", "sign", "reach"],
    "unit_exceptions.tsv": ["word"],
}


def _raw_rows(name: str) -> tuple[list[str], list[list[str]]]:
    text = resources.files("extract").joinpath("data", name).read_text(encoding="utf-8")
    lines = [line for line in text.splitlines() if line.strip() and not line.startswith("#")]
    return lines[0].split("\t"), [line.split("\t") for line in lines[1:]]


@pytest.mark.parametrize("name", sorted(TABLES))
def test_header_and_row_width(name: str) -> None:
    header, rows = _raw_rows(name)
    assert header == TABLES[name]
    for row in rows:
        assert len(row) == len(header), f"{name}: {row!r} has {len(row)} cells, header has {len(header)}"
        assert row[0] == row[0].strip() and row[0], f"{name}: empty or padded key in {row!r}"


@pytest.mark.parametrize(("name", "key"), [("numerals.tsv", ["char"]), ("units.tsv", ["surface"]),
                                           ("qualifiers.tsv", ["word", "position"]), ("roles.tsv", ["word"]),
                                           ("unit_exceptions.tsv", ["word"])])
def test_no_duplicate_keys(name: str, key: list[str]) -> None:
    seen: set[tuple[str, ...]] = set()
    for row in read_table(name):
        k = tuple(row[c] for c in key)
        assert k not in seen, f"{name}: duplicate {k}"
        seen.add(k)


def test_numeral_kinds_and_values() -> None:
    allowed = {"digit": set(range(10)), "tens": {10, 100, 1000}, "magnitude": {10**4, 10**8, 10**12},
               "tens_digit": {20, 30, 40}}
    for row in read_table("numerals.tsv"):
        assert len(row["char"]) == 1, row
        assert row["alone"] in ("yes", "no"), row
        if row["kind"] == "point":
            assert row["value"] == "", row
            continue
        assert row["kind"] in allowed, row
        assert int(row["value"]) in allowed[row["kind"]], row


def test_units_have_known_kinds_and_decimal_scales() -> None:
    kinds = set(typing.get_args(QuantityKind)) - {"fraction"}
    for row in read_table("units.tsv"):
        assert row["kind"] in kinds, row
        try:
            scale = Decimal(row["scale"])
        except InvalidOperation:
            pytest.fail(f"units.tsv: scale {row['scale']!r} is not a decimal")
        assert scale > 0 and scale.is_finite(), row
        assert row["unit"], row
        if row["kind"] == "money":
            assert row["unit"] == "元", f"money is normalised to 元: {row}"
            assert len(row["currency"]) == 3 and row["currency"].isupper(), row
        else:
            assert row["currency"] == "", f"only money has a currency: {row}"


def test_surfaces_mapping_to_one_unit_agree_on_kind() -> None:
    kinds: dict[str, str] = {}
    for u in units().values():
        assert kinds.setdefault(u.unit, u.kind) == u.kind, f"unit {u.unit} has two kinds"


def test_qualifiers_use_the_output_vocabulary() -> None:
    approx = set(typing.get_args(Approx))
    for row in read_table("qualifiers.tsv"):
        assert row["position"] in {"prefix", "infix", "suffix", "closing"}, row
        assert row["approx"] in approx, row


def test_roles() -> None:
    for row in read_table("roles.tsv"):
        assert row["role"] in {"growth", "delta", "share"}, row
        assert row["sign"] in {"1", "-1", "0"}, row
        assert row["reach"] in {"adjacent", "clause"}, row
        assert (row["role"] == "share") == (row["sign"] == "0"), f"only shares are unsigned: {row}"


def test_every_unit_exception_shadows_a_unit() -> None:
    surfaces = list(units())
    for row in read_table("unit_exceptions.tsv"):
        word = row["word"]
        assert any(word.startswith(s) for s in surfaces), f"{word} begins with no unit: the row does nothing"
        assert word not in surfaces, f"{word} is both a unit and an exception"
