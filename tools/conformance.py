"""Conformance report: peer test cases for numbers, percentages, ordinals and currency, run
through our normaliser and extractor. Run as `python tools/conformance.py`.

Reads `shared/conformance/recognizers-text/*.jsonl` beside the repository (or `$WPX_SHARED`);
prints a skip message and exits 0 when they are absent. The cases are read at run time and never
copied into the project. A case passes when we find exactly the expected values, in order (and,
for currency, the same ISO code); spans are not compared, because the peer's span conventions
(spaces, approximation words) differ from ours and our records keep their own provenance.

Scope. The peer cases come from chat, news and shopping text. Families that a government white
paper does not contain, or that this project reads differently by design, are counted apart and
listed with the reason (see OUT_OF_SCOPE). Everything else is in scope, including what we fail.
"""

from __future__ import annotations

import json
import os
import sys
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from pathlib import Path

import regex

from extract.numerals import parse_fraction, parse_numeral, parse_ordinal
from extract.quantities import find_quantities
from extract.repair import repair
from extract.ruledata import numerals

MODELS = ("NumberModel", "PercentModel", "OrdinalModel", "CurrencyModel")
TARGET = Decimal("90")

# (family name, why it is out of scope, test on the case) per model. A case in any family is
# reported as out of scope whatever our result.
_Rule = tuple[str, str, Callable[[dict], bool]]


def _input_has(pattern: str) -> Callable[[dict], bool]:
    compiled = regex.compile(pattern)
    return lambda case: bool(compiled.search(unicodedata.normalize("NFKC", case["input"])))


OUT_OF_SCOPE: dict[str, list[_Rule]] = {
    "NumberModel": [
        ("scientific", "exponent and power notation (2e5, 2^5, 1.1^+23) is not used in white papers",
         _input_has(r"\d\s*[eE]\s*[-+]?\d|\^")),
        ("informal-multipliers", "k/M suffixes, 打 (dozen) and 半百 are informal; reports write 万/亿",
         _input_has(r"\d\s*[kKmM]\b|打|半百")),
        ("bare-characters-in-words", "deciding whether a lone numeral character inside ordinary words "
         "(四川, 一看, 五台山, 一切) is a number: the pipeline never reads a numeral without a unit or "
         "万/亿 scale, so this word-sense question does not arise in white papers",
         lambda c: _lone_character_case(c)),
        ("comma-lists", "'1, 234, 567' read as three numbers and 2222.2222… split at dots: list "
         "punctuation in Western style, which white papers write with 、",
         _input_has(r"\d,\s+\d|\d\.\d+\.\d")),
        ("point-without-digits", "两百点两 / 一点两小时: 点 followed by 两 is colloquial time or a "
         "slip, not a decimal a report would print", _input_has(r"点两|點兩")),
    ],
    "PercentModel": [
        ("discounts", "折 discounts (75折, 打对折) are shop prices, not report figures",
         _input_has(r"折")),
        ("informal-multipliers", "k suffixes (百分之15k) are informal", _input_has(r"\d\s*[kK]")),
        ("urls", "percent-encoded URLs are not prose", _input_has(r"https?://")),
        ("ranges-by-design", "we record 5-20% and 二三十 as ranges (value..value_max), as issue 2 "
         "asks for 5-10家; the peer drops the lower end or the whole figure",
         _input_has(r"\d\s*-\s*\d+\s*%|二三十")),
        ("colloquial-tenths", "半成, 三成半 and 七成 六 (76%) are spoken forms", _input_has(r"半成|成半|成\s+\S")),
        ("letter-spaced", "numerals spaced out character by character (一 百 五 十 个 百 分 点, "
         "四点 五): folding such spacing is the repair stage's job; a space between a whole "
         "number and its unit (126 个, 十 成) stays in scope", lambda c: _letter_spaced(c)),
    ],
    "OrdinalModel": [],
    "CurrencyModel": [
        ("names-without-amount", "a currency name with no amount (人民币 美元) is not a figure",
         lambda c: any(e["value"] is None for e in c["expected"])),
        ("compound-change", "元角分 / 美元又美分 amounts spelled in several coins are shop talk",
         _input_has(r"[角毛分銭钱]|美分")),
        ("informal-or-exotic-units", "块 (colloquial yuan), 比特币, 奈拉 and sign-prefixed amounts "
         "($20, ￥300) are outside the currencies a Chinese government report states",
         _input_has(r"[块塊]|比特币|奈拉|[$¥￥]")),
        ("not-a-figure", "24-digit order numbers are codes, not money", _input_has(r"\d{20,}")),
        ("informal-negatives", "entity-name negatives marked unsupported in most peer ports",
         lambda c: not c["expected"] and "NotSupported" in c["notes"]),
    ],
}


def _letter_spaced(case: dict) -> bool:
    text = unicodedata.normalize("NFKC", case["input"]).strip()
    chars = regex.escape(numerals().chars)
    gaps = regex.findall(r"\s+", text)
    return (
        len(gaps) >= 2
        or regex.search(r"[点點分之]\s|\s[点點分之]", text) is not None
        or regex.search(rf"[{chars}0-9]\s+[{chars}0-9]", text) is not None
    )


def _lone_character_case(case: dict) -> bool:
    """Cases decided by a single Chinese numeral character standing in running text."""
    text = unicodedata.normalize("NFKC", case["input"])
    if regex.search(r"\d", text):
        return False
    chars = numerals().chars
    runs = regex.findall(rf"[{regex.escape(chars)}]+", text)
    non_numeral = regex.sub(rf"[{regex.escape(chars)}\s，,。.“”\"]", "", text)
    # Only cases where some lone character is a word, not a number, hinge on word sense.
    return bool(runs) and bool(non_numeral) and all(len(r) == 1 for r in runs) and len(case["expected"]) < len(runs)


# --- the readers under test ------------------------------------------------------------------

_SIGN = r"(?P<neg>[负負\-−－])?"


def _numeral_chars() -> str:
    return regex.escape(numerals().chars)


def _number_pattern() -> regex.Pattern[str]:
    ch = _numeral_chars()
    # A numeral run: numeral characters and Arabic digits, spaces between them (PDF spacing),
    # and 余/多/几 inside before a magnitude (五百余万: the peer keeps the base value).
    unit = rf"(?:[{ch}0-9]|(?<=[\d{ch}])[,.](?=\d)|\s+(?=[{ch}0-9余多几幾])|[余多几幾](?=\s*[{ch}]))"
    numeral = rf"(?:[{ch}0-9]|\.(?=\d)){unit}*"
    fraction = rf"(?:(?P<whole>{numeral})\s*又\s*)?(?P<den>{numeral})\s*分\s*之\s*(?P<nneg>[负負])?\s*(?P<num>{numeral})"
    slash = r"(?:(?P<swhole>\d+)\s+)?(?P<snum>\d+)\s*/\s*(?P<sden>\d+)"
    return regex.compile(rf"{_SIGN}(?:(?P<frac>{fraction})|(?P<slash>{slash})|(?P<plain>{numeral}))")


def _clean(numeral: str) -> str:
    out = regex.sub(r"\s+|[余多几幾]", "", numeral)
    return "0" + out if out.startswith(".") else out


def find_numbers(text: str) -> list[tuple[int, int, Decimal]]:
    """Every number in `text` with its value: the conformance reader for NumberModel. Not used by
    the pipeline, which only reads figures that carry a unit."""
    text = unicodedata.normalize("NFKC", text)
    out: list[tuple[int, int, Decimal]] = []
    for m in _number_pattern().finditer(text):
        value: Decimal | None
        after = text[m.end() : m.end() + 1]
        if after in ("%", "‰") or (m.group("plain") and m.group("plain") in "百佰" and text.startswith("分", m.end())):
            continue  # NumberModel leaves 二% and 百分点 to PercentModel
        if m.group("frac") and m.group("den")[0] in "百佰千仟万萬":
            # 百分之五十五: a per-cent word; the number is what follows it.
            value = parse_numeral(_clean(m.group("num")))
            if value is not None:
                out.append((m.start("num"), m.end(), value))
            continue
        if m.group("frac"):
            value = parse_fraction(_clean(m.group("den")), _clean(m.group("num")))
            if value is not None and m.group("nneg"):
                value = -value
            if value is not None and m.group("whole"):
                whole = parse_numeral(_clean(m.group("whole")))
                value = None if whole is None else whole + value
        elif m.group("slash"):
            value = parse_fraction(m.group("sden"), m.group("snum"))
            if value is not None and m.group("swhole"):
                value += Decimal(m.group("swhole"))
        else:
            raw = m.group("plain")
            if len(raw) == 1 and raw in "壹贰貳叁參肆伍陆陸柒捌玖拾佰仟":
                continue  # a lone financial form is a word (伍 in 队伍, 拾 in 收拾)
            value = parse_numeral(_clean(raw))
            if value is None and raw[-1] in "点點.":
                value = parse_numeral(_clean(raw[:-1]))  # 20点 (o'clock) is 20
        if value is None:
            continue
        if m.group("neg"):
            value = -value
        out.append((m.start(), m.end(), value))
    return out


def find_percents(text: str) -> list[Decimal]:
    """Percentages as the peer resolves them: % and 个百分点 as is, ‰ divided by ten."""
    values: list[Decimal] = []
    for hit in _quantities(text):
        if hit.kind != "percent" or hit.value is None:
            continue
        values.append(hit.value / 10 if hit.unit == "‰" else hit.value)
    return values


def find_ordinals(text: str) -> list[Decimal]:
    text = unicodedata.normalize("NFKC", text)
    ch = _numeral_chars()
    values: list[Decimal] = []
    for m in regex.finditer(rf"第[{ch}0-9]+", text):
        value = parse_ordinal(m.group())
        if value is not None:
            values.append(value)
    return values


def find_money(text: str) -> list[tuple[Decimal, str | None]]:
    return [(h.value, h.currency) for h in _quantities(text) if h.kind == "money" and h.value is not None]


def _quantities(text: str) -> list:
    clean = repair(unicodedata.normalize("NFKC", text)).text
    return find_quantities(clean, bytearray(len(clean) + 1))


# --- scoring -----------------------------------------------------------------------------------


def _same(a: Decimal, b: Decimal) -> bool:
    """Equal up to the peer's 15 significant digits for repeating fractions (1/3)."""
    return abs(a - b) <= Decimal("1e-9") * max(Decimal(1), abs(b))


def _expected_value(entity: dict) -> Decimal | None:
    raw = entity["value"]
    if raw is None:
        return None
    try:
        return Decimal(str(raw))
    except InvalidOperation:
        return None


def _passes(model: str, case: dict) -> bool:
    expected = [_expected_value(e) for e in case["expected"]]
    if model == "NumberModel":
        got = [v for _, _, v in find_numbers(case["input"])]
    elif model == "PercentModel":
        got = find_percents(case["input"])
    elif model == "OrdinalModel":
        got = find_ordinals(case["input"])
    else:
        money = find_money(case["input"])
        codes = [e["raw_resolution"].get("isoCurrency") for e in case["expected"]]
        if [c for _, c in money] != codes:
            return False
        got = [v for v, _ in money]
    if len(got) != len(expected):
        return False
    return all(e is not None and _same(g, e) for g, e in zip(got, expected))


@dataclass
class Score:
    cases: int = 0
    passed: int = 0
    in_scope: int = 0
    in_scope_passed: int = 0

    def rate(self, part: int, whole: int) -> Decimal:
        return (Decimal(100) * part / whole).quantize(Decimal("0.1")) if whole else Decimal(0)


def shared_dir() -> Path | None:
    env = os.environ.get("WPX_SHARED")
    candidates = [Path(env)] if env else []
    candidates.append(Path(__file__).resolve().parents[1].parent / "shared")
    for c in candidates:
        if (c / "conformance" / "recognizers-text").is_dir():
            return c / "conformance" / "recognizers-text"
    return None


def family_of(model: str, case: dict) -> str | None:
    for name, _, test in OUT_OF_SCOPE[model]:
        if test(case):
            return name
    return None


def run(verbose: bool = False) -> int:
    folder = shared_dir()
    if folder is None:
        print("conformance: skipped, ../shared/conformance/recognizers-text not found (set WPX_SHARED)")
        return 0
    below_target = []
    total = Score()
    for model in MODELS:
        path = folder / f"{model}.jsonl"
        if not path.exists():
            print(f"{model}: skipped, {path.name} not found")
            continue
        score = Score()
        families: dict[str, int] = {}
        failures: list[str] = []
        for line in path.read_text(encoding="utf-8").splitlines():
            if not line.strip():
                continue
            case = json.loads(line)
            ok = _passes(model, case)
            family = family_of(model, case)
            score.cases += 1
            score.passed += ok
            if family:
                families[family] = families.get(family, 0) + 1
            else:
                score.in_scope += 1
                score.in_scope_passed += ok
                if not ok:
                    failures.append(case["id"])
        for f in ("cases", "passed", "in_scope", "in_scope_passed"):
            setattr(total, f, getattr(total, f) + getattr(score, f))
        in_rate = score.rate(score.in_scope_passed, score.in_scope)
        print(
            f"{model:14} in scope {score.in_scope_passed}/{score.in_scope} = {in_rate}%"
            f"   all {score.passed}/{score.cases} = {score.rate(score.passed, score.cases)}%"
        )
        for name, why, _ in OUT_OF_SCOPE[model]:
            if families.get(name):
                print(f"    out of scope {families[name]:3} {name}: {why}")
        if verbose and failures:
            print("    in-scope failures: " + ", ".join(failures))
        if in_rate < TARGET:
            below_target.append(model)
    print(
        f"{'overall':14} in scope {total.in_scope_passed}/{total.in_scope} = "
        f"{total.rate(total.in_scope_passed, total.in_scope)}%"
        f"   all {total.passed}/{total.cases} = {total.rate(total.passed, total.cases)}%"
    )
    if below_target:
        print(f"below the {TARGET}% in-scope target: {', '.join(below_target)}")
    return 0


if __name__ == "__main__":
    sys.exit(run(verbose="-v" in sys.argv[1:]))
