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
from functools import cache, lru_cache

import regex

from . import rx
from .ruledata import numerals

# Enough digits for any figure a report states; longer digit runs are not figures.
MAX_DIGITS = 40
_CONTEXT = Context(prec=MAX_DIGITS + 20)
FRACTION_PLACES = Decimal("1e-10")
# Longer than any numeral a report writes (一千二百三十四万五千六百七十八亿… stays well under).
MAX_NUMERAL_CHARS = 64
_THOUSANDS = rx.compile(r"(?<=\d)[,，](?=\d{3})")


@cache
def _token_pattern() -> regex.Pattern[str]:
    table = numerals()
    cn = regex.escape(table.chars)
    return rx.compile(rf"(?P<num>\d+(?:\.\d+)?)|(?P<cn>[{cn}])|(?P<other>.)", regex.S)


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
            elif ch in table.tens_digits:  # 廿三 reads as 二十三
                out.append(("digit", table.tens_digits[ch] // 10))
                out.append(("tens", 10))
            elif ch in table.tens:
                out.append(("tens", table.tens[ch]))
            elif ch in table.magnitudes:
                out.append(("mag", table.magnitudes[ch]))
            else:
                out.append(("point", None))
        else:
            return None
    return out


@lru_cache(maxsize=8192)  # a report repeats its numerals; Decimal results are immutable
def parse_numeral(text: str) -> Decimal | None:
    """The exact value of a numeral span, or None when it is not a well-formed numeral.

    Never raises: any string goes in, a Decimal or None comes out.
    """
    cleaned = _THOUSANDS.sub("", text.strip()).replace(" ", "")
    if not cleaned or len(cleaned) > MAX_NUMERAL_CHARS:
        return None  # no figure is written with more characters; 1万万万… runs are not figures
    try:
        tokens = _tokens(cleaned)
        if not tokens:
            return None
        value = _evaluate(tokens)
        return None if value is None else normalize(value)
    except (InvalidOperation, ArithmeticError, ValueError, RecursionError):
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
    """Positional-value reading: 三亿五千万, 4.78万亿, 四万万, 8萬3,211, 两万三, 五兆六十二亿.

    Split at the largest magnitude present (its last occurrence, so stacked 万万 and 万亿
    multiply): left part times the magnitude, plus the right part read the same way.
    """
    if tokens[0][0] == "mag" or not any(k in ("num", "digit", "tens") for k, _ in tokens):
        return None
    mags = [(int(v), i) for i, (k, v) in enumerate(tokens) if k == "mag"]  # type: ignore[arg-type]
    if not mags:
        return _evaluate_small(tokens)
    top = max(v for v, _ in mags)
    at = max(i for v, i in mags if v == top)
    left, right = tokens[:at], tokens[at + 1 :]
    # The left part of 4.78万亿 is 4.78万: a magnitude below `top` may end it.
    left_value = _evaluate_integer(left) if left else None
    if left_value is None:
        return None
    whole = _CONTEXT.multiply(left_value, Decimal(top))
    zero_placeholder = bool(right) and right[0] == ("digit", 0)
    while right and right[0] == ("digit", 0):
        right = right[1:]  # 一亿零五百万: the zero only holds a place
    if not right:
        return whole
    if len(right) == 1 and not zero_placeholder and right[0][0] == "digit" and right[0][1] != 0 and tokens[at - 1][0] != "mag":
        # 两万三 is 23000, 九十二万四 is 924000: a final bare digit counts in the next lower unit.
        return _CONTEXT.add(whole, _CONTEXT.multiply(Decimal(right[0][1]), Decimal(top) / 10))  # type: ignore[arg-type]
    if right[0][0] == "mag":
        return None  # 四万亿万 and the like
    right_value = _evaluate_integer(right)
    if right_value is None or right_value >= top:
        return None  # 一万两万 is two numbers, not one
    return _CONTEXT.add(whole, right_value)


def _evaluate_small(tokens: list[tuple[str, Decimal | int | None]]) -> Decimal | None:
    """A group below 万: 一千零五, 三百二十, 一百二 (120), 千三 (1300), 4千, 零十 (10)."""
    if all(k == "digit" for k, _ in tokens) and len(tokens) > 1:
        if tokens[0][1] == 0 and len(tokens) == 2:
            return None
        return Decimal("".join(str(v) for _, v in tokens))  # positional inside a group: 二〇〇五万
    total = Decimal(0)
    current: Decimal | None = None
    last_tens: int | None = None
    zero_since_tens = False
    previous_kind = ""
    for index, (kind, value) in enumerate(tokens):
        if kind in ("num", "digit"):
            if kind == "digit" and value == 0:
                zero_since_tens = True  # 一千零五: the zero only holds a place
                previous_kind = kind
                continue
            if current is not None:
                return None  # two numbers in a row (三五, 3 4) are not one numeral
            current = Decimal(value)  # type: ignore[arg-type]
            if kind == "digit" and index == len(tokens) - 1 and last_tens and not zero_since_tens and previous_kind == "tens":
                current = _CONTEXT.multiply(current, Decimal(last_tens) / 10)  # 一百二 is 120
        elif kind == "tens":
            if last_tens is not None and int(value) >= last_tens:  # type: ignore[arg-type]
                return None  # 十百, 五十千: units must fall
            if previous_kind == "tens" and current is None:
                return None
            total = _CONTEXT.add(total, _CONTEXT.multiply(current if current is not None else Decimal(1), Decimal(value)))  # type: ignore[arg-type]
            current = None
            last_tens = int(value)  # type: ignore[arg-type]
            zero_since_tens = False
        previous_kind = kind
    return _CONTEXT.add(total, current or Decimal(0))


def parse_fraction(denominator: str, numerator: str) -> Decimal | None:
    """X分之Y: Y / X, rounded to 10 decimal places (三分之一 is 0.3333333333)."""
    d = parse_numeral(denominator)
    n = parse_numeral(numerator)
    if d is None or n is None or d == 0:
        return None
    return _CONTEXT.divide(n, d).quantize(FRACTION_PLACES, context=_CONTEXT).normalize(_CONTEXT)


_ONE = Decimal(1)


def normalize(value: Decimal) -> Decimal:
    """Drop trailing zeros without switching to exponent notation (3666700.00 -> 3666700)."""
    # (arguments passed by position: decimal parses keywords several times slower, and every
    # figure passes through here)
    if value == value.to_integral_value():
        return value.quantize(_ONE, None, _CONTEXT)
    return value.normalize(_CONTEXT)


def parse_ordinal(text: str) -> Decimal | None:
    """第N in either script: 第22 is 22, 第一百 is 100, 第3万 is 30000; None otherwise.

    The caller decides what the ordinal numbers (第22届 is an event, 第二位 a rank); this only
    reads the number, which must be a positive whole one.
    """
    stripped = text.strip()
    if not stripped.startswith("第"):
        return None
    value = parse_numeral(stripped[1:])
    if value is None or value <= 0 or value != value.to_integral_value():
        return None
    return value
