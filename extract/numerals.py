"""Every way a white paper writes a number, read into an exact `Decimal`.

    10210, 10,210, １０２１０        Arabic, thousands separators, full width (folded earlier)
    10.58万, 3千万, 4.78万亿, 8萬3,211   Arabic with Chinese magnitudes
    一千零五, 两万三, 壹佰贰拾, 二〇〇五   Chinese, colloquial, financial and positional forms
    一点五七, 三点五亿                 Chinese decimals
    三分之一, 3分之1                   fractions (parse_fraction)

Only an isolated numeral span is ever converted; finding the span is quantities.py's job, so
that 统一零售价 never turns into 统10售价.
"""

from __future__ import annotations

from decimal import Context, Decimal, InvalidOperation
from functools import cache

import regex

from .ruledata import numerals

# Enough digits for any figure a report states; longer digit runs are not figures.
MAX_DIGITS = 40
_CONTEXT = Context(prec=MAX_DIGITS + 20)
FRACTION_PLACES = Decimal("1e-10")


@cache
def _token_pattern() -> regex.Pattern[str]:
    table = numerals()
    cn = regex.escape("".join([*table.digits, *table.tens, *table.magnitudes, *table.points]))
    return regex.compile(rf"(?P<num>\d+(?:\.\d+)?)|(?P<cn>[{cn}])|(?P<other>.)", regex.S)


def _tokens(text: str) -> list[tuple[str, Decimal | int | None]] | None:
    table = numerals()
    out: list[tuple[str, Decimal | int | None]] = []
    for m in _token_pattern().finditer(text):
        if m.group("num"):
            if len(m.group("num")) > MAX_DIGITS:
                return None
            out.append(("num", Decimal(m.group("num"))))
        elif m.group("cn"):
            ch = m.group("cn")
            if ch in table.digits:
                out.append(("digit", table.digits[ch]))
            elif ch in table.tens:
                out.append(("tens", table.tens[ch]))
            elif ch in table.magnitudes:
                out.append(("mag", table.magnitudes[ch]))
            else:
                out.append(("point", None))
        else:
            return None
    return out


def parse_numeral(text: str) -> Decimal | None:
    """The exact value of a numeral span, or None when it is not a well-formed numeral.

    Never raises: any string goes in, a Decimal or None comes out.
    """
    cleaned = regex.sub(r"(?<=\d)[,，](?=\d{3})", "", text.strip())
    cleaned = cleaned.replace(" ", "")
    if not cleaned:
        return None
    try:
        tokens = _tokens(cleaned)
        if not tokens:
            return None
        value = _evaluate(tokens)
        return None if value is None else normalize(value)
    except (InvalidOperation, ArithmeticError, ValueError):
        return None


def _evaluate(tokens: list[tuple[str, Decimal | int | None]]) -> Decimal | None:
    kinds = [k for k, _ in tokens]
    if "point" in kinds:
        return _evaluate_decimal(tokens)
    if all(k == "digit" for k in kinds):
        # Positional: 二〇〇五 is 2005, 一二三 is 123.
        return Decimal("".join(str(v) for _, v in tokens))
    return _evaluate_integer(tokens)


def _evaluate_decimal(tokens: list[tuple[str, Decimal | int | None]]) -> Decimal | None:
    """一点五七, 十二点五万, 三点五亿: integer part, point, fraction digits, magnitudes."""
    i = [k for k, _ in tokens].index("point")
    before, after = tokens[:i], tokens[i + 1 :]
    whole = _evaluate(before) if before else Decimal(0)
    if whole is None:
        return None
    j = 0
    digits = ""
    while j < len(after) and after[j][0] == "digit":
        digits += str(after[j][1])
        j += 1
    if not digits:
        return None
    value = whole + Decimal("0." + digits)
    for kind, v in after[j:]:
        if kind not in ("mag", "tens"):
            return None
        value = _CONTEXT.multiply(value, Decimal(v))  # type: ignore[arg-type]
    return value


def _evaluate_integer(tokens: list[tuple[str, Decimal | int | None]]) -> Decimal | None:
    """Positional-value reading: 三亿五千万, 4.78万亿, 四万万, 8萬3,211, 两万三."""
    if tokens[0][0] == "mag" or not any(k in ("num", "digit", "tens") for k, _ in tokens):
        return None
    mul = _CONTEXT.multiply
    add = _CONTEXT.add
    above_wan = Decimal(0)  # amounts already multiplied by 亿 or more
    wan = Decimal(0)  # amounts already multiplied by 万
    small = Decimal(0)  # 十百千 groups below 万
    current: Decimal | None = None
    previous_kind = ""
    previous_value = 0
    zero_seen = False
    last = len(tokens) - 1
    for index, (kind, value) in enumerate(tokens):
        if kind in ("num", "digit"):
            if kind == "digit" and value == 0:
                zero_seen = True  # 一千零五: the zero only holds a place
                continue
            if current is not None:
                return None  # two numbers in a row (三五) is not one numeral
            current = Decimal(value)  # type: ignore[arg-type]
            if kind == "digit" and index == last and previous_kind in ("tens", "mag") and not zero_seen:
                # 两万三 is 23000 and 一百二 is 120: a final bare digit counts in the next lower unit.
                current = mul(current, Decimal(previous_value) / 10)
        elif kind == "tens":
            if previous_kind == "tens" and current is None:
                return None  # 千百 is not a numeral
            small = add(small, mul(current if current is not None else Decimal(1), Decimal(value)))  # type: ignore[arg-type]
            current = None
        elif kind == "mag":
            pending = add(small, current or Decimal(0))
            if pending == 0 and previous_kind == "mag":
                # Stacked magnitudes multiply what came before: 四万万, 4.78万亿.
                if wan and value > 10000:  # type: ignore[operator]
                    above_wan = add(above_wan, mul(wan, Decimal(value)))  # type: ignore[arg-type]
                    wan = Decimal(0)
                elif wan:
                    wan = mul(wan, Decimal(value))  # type: ignore[arg-type]
                else:
                    above_wan = mul(above_wan, Decimal(value))  # type: ignore[arg-type]
            elif value >= 100000000:  # type: ignore[operator]
                above_wan = mul(add(add(above_wan, wan), pending), Decimal(value))  # type: ignore[arg-type]
                wan = Decimal(0)
            else:
                wan = add(wan, mul(pending, Decimal(value)))  # type: ignore[arg-type]
            small = Decimal(0)
            current = None
        previous_kind = kind
        if kind in ("tens", "mag"):
            previous_value = int(value)  # type: ignore[arg-type]
            zero_seen = False
    return add(add(add(above_wan, wan), small), current or Decimal(0))


def parse_fraction(denominator: str, numerator: str) -> Decimal | None:
    """X分之Y: Y / X, rounded to 10 decimal places (三分之一 is 0.3333333333)."""
    d = parse_numeral(denominator)
    n = parse_numeral(numerator)
    if d is None or n is None or d == 0:
        return None
    return _CONTEXT.divide(n, d).quantize(FRACTION_PLACES, context=_CONTEXT).normalize(_CONTEXT)


def normalize(value: Decimal) -> Decimal:
    """Drop trailing zeros without switching to exponent notation (3666700.00 -> 3666700)."""
    if value == value.to_integral_value():
        return value.quantize(Decimal(1), context=_CONTEXT)
    return value.normalize(_CONTEXT)
