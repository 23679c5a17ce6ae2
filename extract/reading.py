"""Bytes to text: UTF-8 (with or without BOM), UTF-16 with BOM, GB18030/GBK and Big5.

Chinese government text often arrives as GBK; a file that is binary, empty or that no
candidate encoding decodes gets an `InputError` naming the file and the reason.
"""

from __future__ import annotations

import codecs
import hashlib
from dataclasses import dataclass, field
from pathlib import Path

import regex


class InputError(Exception):
    """A file that cannot be read as a document. str() is the one-line message for users."""

    def __init__(self, source: str, reason: str) -> None:
        super().__init__(f"{source}: {reason}")
        self.source = source
        self.reason = reason


@dataclass(frozen=True)
class DecodedText:
    text: str
    encoding: str
    # The hash of the input bytes as they were read (the file's identity, whatever its encoding).
    sha256: str = field(default="", compare=False)


_BOMS = (
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF32_LE, "utf-32"),  # before UTF-16 LE: it starts with the same two bytes
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)

# Legacy encodings tried when the bytes are not UTF-8, best first for mainland documents.
_LEGACY = ("gb18030", "big5")


# Common CJK ideographs, ASCII, CJK punctuation and full-width forms. Counted with one regex
# pass: a per-character Python loop costs ~0.1 s per MB.
_USUAL = regex.compile(r"[\x00-\x7f\u4e00-\u9fa5\u3000-\u303f\uff00-\uffef]+")
_CONTROL = regex.compile(r"[\x00-\x08\x0e-\x1f]")
_SURROGATE = regex.compile(r"[\ud800-\udfff]")


def _cjk_score(text: str) -> float:
    """Share of characters that are common CJK, ASCII or CJK punctuation: a wrong legacy
    decoding yields rare ideographs and private-use characters instead."""
    if not text:
        return 0.0
    return sum(m.end() - m.start() for m in _USUAL.finditer(text)) / len(text)


def _utf16_without_bom(data: bytes) -> tuple[DecodedText | None, str | None]:
    """UTF-16 saved without a byte-order mark (some Windows tools). In such a file the NUL
    bytes (high bytes of ASCII characters, low bytes of some ideographs) sit mostly at one
    parity. Returns the text when it reads as usual text; otherwise the name of the encoding
    the bytes look like (for the error message), or None when they do not look like UTF-16."""
    if len(data) % 2 or len(data) < 4:
        return None, None
    even, odd = data[0::2].count(0), data[1::2].count(0)
    if max(even, odd) == 0 or min(even, odd) > max(even, odd) // 8:
        return None, None
    encoding = "utf-16-le" if odd > even else "utf-16-be"
    try:
        text = data.decode(encoding)
    except UnicodeDecodeError:
        return None, encoding
    if "\x00" not in text and _cjk_score(text) >= 0.9:
        return DecodedText(text, encoding), encoding
    return None, encoding


def decode_bytes(data: bytes, source: str = "<bytes>") -> DecodedText:
    decoded = _decode(data, source)
    return DecodedText(decoded.text, decoded.encoding, hashlib.sha256(data).hexdigest())


def _decode(data: bytes, source: str) -> DecodedText:
    if not data.strip():
        raise InputError(source, "empty file")
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            try:
                text = data.decode(encoding)
            except UnicodeDecodeError as exc:
                raise InputError(
                    source, f"invalid {encoding} after byte-order mark ({exc.reason} at byte {exc.start})"
                ) from None
            return _checked(text, encoding, source)
    if b"\x00" in data:
        utf16, looks_like = _utf16_without_bom(data)
        if utf16 is not None:
            return _checked(utf16.text, utf16.encoding, source)
        if looks_like:
            raise InputError(
                source, f"looks like {looks_like.upper()} without a byte-order mark but does not decode as text; "
                "save it as UTF-8"
            )
        raise InputError(source, "binary file (contains NUL bytes)")
    try:
        return _checked(data.decode("utf-8"), "utf-8", source)
    except UnicodeDecodeError as utf8_error:
        if utf8_error.reason == "unexpected end of data" and len(data) - utf8_error.start < 4:
            # A file cut off mid-character: keep every complete character and mark the cut
            # with U+FFFD rather than reading the whole file as some legacy encoding.
            text = data[: utf8_error.start].decode("utf-8") + "\ufffd"
            return _checked(text, "utf-8", source)
        candidates: list[tuple[float, str, str]] = []
        for encoding in _LEGACY:
            try:
                text = data.decode(encoding)
            except UnicodeDecodeError:
                continue
            candidates.append((_cjk_score(text), encoding, text))
        if not candidates:
            bad = data[utf8_error.start]
            raise InputError(
                source,
                f"not UTF-8 (invalid byte 0x{bad:02X} at offset {utf8_error.start}), GB18030 or Big5 text",
            ) from None
        score, encoding, text = max(candidates, key=lambda c: c[0])
        if score < 0.9:
            raise InputError(source, f"undecodable: best guess {encoding} gives mostly unusual characters")
        return _checked(text, encoding, source)


def reject_surrogates(text: str, source: str) -> None:
    """Unpaired surrogates cannot be written as UTF-8 JSON: refuse them up front (a str from an
    API caller may carry them; decoded files never do)."""
    m = _SURROGATE.search(text)
    if m:
        raise InputError(source, f"text contains an unpaired surrogate (U+{ord(m.group()):04X} at {m.start()})")


def _checked(text: str, encoding: str, source: str) -> DecodedText:
    if not text.strip():
        raise InputError(source, "empty file")
    controls = len(_CONTROL.findall(text))
    if controls > max(8, len(text) // 100):
        raise InputError(source, "binary file (control characters)")
    if _SURROGATE.search(text):
        raise InputError(source, "text contains unpaired surrogates")
    return DecodedText(text, encoding)


def read_document(path: str | Path) -> DecodedText:
    p = Path(path)
    name = str(path)
    if p.is_dir():
        raise InputError(name, "is a directory, not a file")
    try:
        data = p.read_bytes()
    except FileNotFoundError:
        raise InputError(name, "no such file") from None
    except PermissionError:
        raise InputError(name, "permission denied") from None
    except OSError as exc:
        raise InputError(name, f"cannot read ({exc.strerror or exc})") from None
    return decode_bytes(data, name)
