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
    return decode_bytes(_read_bytes(path), str(path))


def _read_bytes(path: str | Path) -> bytes:
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
    return data


# --- formats: text, PDF, HTML, Word ------------------------------------------------------
# The format is told by the file's bytes; the name only decides what a file that is none of
# them was meant to be (a .pdf that is not a PDF is an error, not text). The readers load
# their libraries (the `formats` extra) only when such a file is read.

FORMATS = ("text", "pdf", "html", "docx")
_HTML_START = regex.compile(rb"\s*(?:<\?xml[^>]*>\s*)?(?:<!--.*?-->\s*)*<(?:!doctype\s+html|html[\s>]|head[\s>]|body[\s>]|meta\s)", regex.I | regex.S)
_OLE2 = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"


@dataclass(frozen=True)
class SourceText:
    """A source file read as the text the rules run on, with what the reader found."""

    text: str
    encoding: str
    format: str
    name: str | None = None
    source_sha256: str | None = None
    pages: tuple[int, ...] = ()  # offset in `text` where each page starts (PDF)
    title: str | None = None  # stated by the file itself (an HTML page's title)
    published: str | None = None  # ISO date an HTML page states


def sniff_format(data: bytes, name: str = "") -> str:
    """text, pdf, html or docx, from the bytes; an InputError for what wpx does not read."""
    suffix = Path(name).suffix.lower()
    if b"%PDF-" in data[:1024]:
        return "pdf"
    if data.startswith(b"PK\x03\x04"):
        if b"word/" in data[:4096] or suffix == ".docx" or b"[Content_Types].xml" in data[:4096]:
            return "docx"
        raise InputError(name, "a ZIP archive, not a document")
    if data.startswith(_OLE2):
        raise InputError(name, "a Word 97-2003 (.doc) or other OLE file: save it as .docx")
    if suffix == ".pdf":
        raise InputError(name, "not a PDF (no %PDF- header)")
    if suffix == ".docx":
        raise InputError(name, "not a .docx (not a ZIP archive)")
    head = data[:4096]
    for bom in (codecs.BOM_UTF8,):
        if head.startswith(bom):
            head = head[len(bom):]
    if _HTML_START.match(head) or (suffix in (".html", ".htm", ".xhtml") and head.lstrip().startswith(b"<")):
        return "html"
    return "text"


def read_source_bytes(data: bytes, name: str) -> SourceText:
    """Any supported file's bytes to the text the rules read."""
    import hashlib

    sha = hashlib.sha256(data).hexdigest()
    if not data.strip():
        raise InputError(name, "empty file")
    fmt = sniff_format(data, name)
    if fmt == "pdf":
        from .read_pdf import read_pdf

        text, pages = read_pdf(data, name)
        return SourceText(text, "pdf", "pdf", Path(name).name, sha, tuple(pages))
    if fmt == "html":
        from .read_html import read_html

        page = read_html(data, name)
        return SourceText(page.text, page.encoding, "html", Path(name).name, sha, (), page.title, page.published)
    if fmt == "docx":
        from .read_docx import read_docx

        return SourceText(read_docx(data, name), "utf-8", "docx", Path(name).name, sha)
    decoded = decode_bytes(data, name)
    return SourceText(decoded.text, decoded.encoding, "text", Path(name).name, sha)


def read_source(path: str | Path) -> SourceText:
    return read_source_bytes(_read_bytes(path), str(path))
