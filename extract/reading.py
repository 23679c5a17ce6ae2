"""Bytes to text: UTF-8 (with or without BOM), UTF-16 with BOM, GB18030/GBK and Big5.

Chinese government text often arrives as GBK; a file that is binary, empty or that no
candidate encoding decodes gets an `InputError` naming the file and the reason.
"""

from __future__ import annotations

import codecs
from dataclasses import dataclass
from pathlib import Path


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


_BOMS = (
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF32_LE, "utf-32"),  # before UTF-16 LE: it starts with the same two bytes
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)

# Legacy encodings tried when the bytes are not UTF-8, best first for mainland documents.
_LEGACY = ("gb18030", "big5")


def _cjk_score(text: str) -> float:
    """Share of characters that are common CJK, ASCII or CJK punctuation: a wrong legacy
    decoding yields rare ideographs and private-use characters instead."""
    if not text:
        return 0.0
    good = 0
    for ch in text:
        o = ord(ch)
        if o < 0x80 or 0x4E00 <= o <= 0x9FA5 or 0x3000 <= o <= 0x303F or 0xFF00 <= o <= 0xFFEF:
            good += 1
    return good / len(text)


def decode_bytes(data: bytes, source: str = "<bytes>") -> DecodedText:
    if not data.strip():
        raise InputError(source, "empty file")
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            try:
                text = data.decode(encoding)
            except UnicodeDecodeError as exc:
                raise InputError(source, f"invalid {encoding} after byte-order mark at byte {exc.start}") from None
            return _checked(text, encoding, source)
    if b"\x00" in data:
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
            raise InputError(
                source, f"not UTF-8 (invalid byte at {utf8_error.start}), GB18030 or Big5 text"
            ) from None
        score, encoding, text = max(candidates, key=lambda c: c[0])
        if score < 0.9:
            raise InputError(source, f"undecodable: best guess {encoding} gives mostly unusual characters")
        return _checked(text, encoding, source)


def _checked(text: str, encoding: str, source: str) -> DecodedText:
    if not text.strip():
        raise InputError(source, "empty file")
    controls = sum(1 for ch in text if ord(ch) < 32 and ch not in "\t\n\r\f\v")
    if controls > max(8, len(text) // 100):
        raise InputError(source, "binary file (control characters)")
    if any(0xD800 <= ord(ch) <= 0xDFFF for ch in text):
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
