"""Compiling the project's patterns: with the standard library's `re` where a pattern allows it,
with the `regex` module where it needs what only `regex` has.

Why two engines: a paper's figures are read by thousands of matches on short slices, and `re`
costs about a third of `regex` per call (0.15 µs against 0.45 µs for a pattern that fails at
once) and is several times faster on long literal alternations (the agency gazetteer: 0.5 ms
against 1.9 ms over the bundled paper). `regex` stays for what `re` cannot say: Unicode scripts
and categories (`\\p{Han}`, `\\p{P}`), lookbehinds of varying width, a group name used twice,
`overlapped` matching. (Writing `\\p{Han}` out as code point ranges for `re` was tried: `re`
takes 6-8 ms to compile each such class, which a cold start cannot afford.)

`compile` tries `re` and falls back to `regex` when `re` rejects the pattern or warns about it
(`[[` is a nested set to `regex`, two characters to `re`). `tests/test_rx.py` checks, for every
pattern compiled with `re`, that it finds what `regex` finds, over the bundled paper and over
generated text. A pattern that `re` runs slower (one scanned over the whole text with a
lookbehind first, a long alternation anchored at its end) asks for `engine="regex"`.
"""

from __future__ import annotations

import re
import warnings
from typing import Any, Literal

import regex

# flags both engines read the same way: IGNORECASE, MULTILINE, DOTALL, VERBOSE, UNICODE
_SHARED_FLAGS = re.I | re.M | re.S | re.X | re.U

# What re warns about as a possible set operation or nested set (regex's V1 syntax); only a
# pattern holding one needs the warnings caught, which costs more than compiling a small pattern.
_SET_OPERATIONS = ("[[", "--", "&&", "~~", "||")

# Every pattern compiled with `re` (pattern, flags), for the tests.
COMPILED_WITH_RE: list[tuple[str, int]] = []


def compile(pattern: str, flags: int = 0, *, engine: Literal["auto", "regex"] = "auto") -> Any:
    """The compiled pattern: `re`'s when `re` reads it the way `regex` does, else `regex`'s.
    (Typed Any: callers use the methods both engines share.)"""
    if engine == "auto" and not flags & ~_SHARED_FLAGS and "\\p{" not in pattern and "\\P{" not in pattern:
        try:
            if any(mark in pattern for mark in _SET_OPERATIONS):
                with warnings.catch_warnings():
                    warnings.simplefilter("error")  # "possible nested set": re reads [[ otherwise
                    compiled = re.compile(pattern, flags)
            else:
                compiled = re.compile(pattern, flags)
        except (re.error, FutureWarning, DeprecationWarning):
            pass
        else:
            COMPILED_WITH_RE.append((pattern, flags))
            return compiled
    return regex.compile(pattern, flags)
