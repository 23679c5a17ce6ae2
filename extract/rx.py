"""Compiling the project's patterns: with the standard library's `re` where a pattern allows it,
with the `regex` module where it needs what only `regex` has.

Why two engines: a paper's figures are read by thousands of matches on short slices, and `re`
costs about a third of `regex` per call (0.15 µs against 0.45 µs for a pattern that fails at
once) and is several times faster on long literal alternations (the agency gazetteer: 0.5 ms
against 1.9 ms over the bundled paper). `regex` stays for what `re` cannot say: lookbehinds of
varying width, a group name used twice, `overlapped` matching, `\\P{Han}` inside a class.

`compile` writes the Unicode classes the patterns use (`\\p{Han}`, `\\p{P}`, `\\p{S}`) as the
code point ranges `regex` gives them (the table `data/char_classes.tsv`, made from the installed
`regex` by `python -m extract.rx --build`), tries `re`, and falls back to `regex` when `re`
rejects the pattern or warns about it. `tests/test_rx.py` checks, for every pattern compiled
with `re`, that it finds what `regex` finds, and that the table is the installed `regex`'s.
A pattern that `re` would run slower (a few large patterns scanned once over the whole text)
asks for `engine="regex"`.
"""

from __future__ import annotations

import re
import sys
import warnings
from functools import cache
from typing import Any, Literal

import regex

from .ruledata import read_table

CLASS_TABLE = "char_classes.tsv"
CLASSES = ("Han", "P", "S")  # the properties the patterns use; others send a pattern to regex
# flags both engines read the same way: IGNORECASE, MULTILINE, DOTALL, VERBOSE, UNICODE
_SHARED_FLAGS = re.IGNORECASE | re.MULTILINE | re.DOTALL | re.VERBOSE | re.UNICODE

# Every pattern compiled with `re`: (the pattern as written, as compiled, flags), for the tests.
COMPILED_WITH_RE: list[tuple[str, str, int]] = []


@cache
def _class_ranges() -> dict[str, str]:
    """Each property's code points as the body of a character class: `\\u3005\\u3007\\u3021-\\u3029…`."""
    out: dict[str, str] = {}
    for row in read_table(CLASS_TABLE):
        parts = []
        for span in row["ranges"].split():
            a, _, b = span.partition("-")
            parts.append(_escape(int(a, 16)) + (f"-{_escape(int(b, 16))}" if b else ""))
        out[row["class"]] = "".join(parts)
    return out


def _escape(code: int) -> str:
    return f"\\u{code:04x}" if code <= 0xFFFF else f"\\U{code:08x}"


def _plain(pattern: str) -> str | None:
    """The pattern with `\\p{X}` written as ranges, or None when it uses a property in a way a
    plain class cannot say (`\\P{Han}` inside a class, a property the table lacks)."""
    if "\\p" not in pattern and "\\P" not in pattern:
        return pattern
    ranges = _class_ranges()
    out: list[str] = []
    i, n = 0, len(pattern)
    in_class = False
    while i < n:
        ch = pattern[i]
        if ch == "\\" and i + 1 < n:
            nxt = pattern[i + 1]
            if nxt in "pP" and i + 2 < n and pattern[i + 2] == "{":
                close = pattern.find("}", i + 3)
                name = pattern[i + 3 : close] if close != -1 else ""
                if name not in ranges:
                    return None
                if nxt == "P" and in_class:
                    return None
                body = ranges[name]
                out.append(body if in_class else (f"[{body}]" if nxt == "p" else f"[^{body}]"))
                i = close + 1
                continue
            out.append(pattern[i : i + 2])
            i += 2
            continue
        if ch == "[" and not in_class:
            in_class = True
            out.append(ch)
            i += 1
            if i < n and pattern[i] == "^":
                out.append("^")
                i += 1
            if i < n and pattern[i] == "]":  # a ] first in a class is a character
                out.append("]")
                i += 1
            continue
        if ch == "]" and in_class:
            in_class = False
        out.append(ch)
        i += 1
    return "".join(out)


def compile(pattern: str, flags: int = 0, *, engine: Literal["auto", "regex"] = "auto") -> Any:
    """The compiled pattern: `re`'s when `re` reads it the way `regex` does, else `regex`'s.
    (Typed Any: callers use the methods both engines share.)"""
    if engine == "auto" and not flags & ~_SHARED_FLAGS:
        plain = _plain(pattern)
        if plain is not None:
            try:
                with warnings.catch_warnings():
                    warnings.simplefilter("error")  # "possible nested set": re reads [[ otherwise
                    compiled = re.compile(plain, flags)
            except (re.error, FutureWarning, DeprecationWarning):
                pass
            else:
                COMPILED_WITH_RE.append((pattern, plain, flags))
                return compiled
    return regex.compile(pattern, flags)


def build_table() -> str:
    """The class table from the installed `regex`, for `python -m extract.rx --build`."""
    lines = [f"# Unicode classes as the installed regex {regex.__version__} defines them (code point ranges, hex).",
             "# Rebuild: python -m extract.rx --build", "class\tranges"]
    for name in CLASSES:
        lines.append(f"{name}\t{' '.join(_ranges_of(name))}")
    return "\n".join(lines) + "\n"


def _ranges_of(name: str) -> list[str]:
    prop = regex.compile(rf"\p{{{name}}}")
    spans: list[str] = []
    start: int | None = None
    for code in range(0x110001):
        inside = code <= 0x10FFFF and not 0xD800 <= code <= 0xDFFF and prop.match(chr(code)) is not None
        if inside and start is None:
            start = code
        elif not inside and start is not None:
            spans.append(f"{start:04X}" if start == code - 1 else f"{start:04X}-{code - 1:04X}")
            start = None
    return spans


if __name__ == "__main__":
    if sys.argv[1:] == ["--build"]:
        from pathlib import Path

        path = Path(__file__).resolve().parent / "data" / CLASS_TABLE
        path.write_text(build_table(), encoding="utf-8")
        print(f"{path}: {', '.join(CLASSES)}")
    else:
        print("usage: python -m extract.rx --build", file=sys.stderr)
        sys.exit(2)
