"""Bytes to text: every encoding a white paper arrives in is decoded to the exact text, and
every file that is not a document gets one `InputError` naming the file and the reason."""

from __future__ import annotations

import subprocess
from decimal import Decimal
import sys
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import extract
from extract.reading import InputError, decode_bytes, read_document

ROOT = Path(__file__).resolve().parents[1]

SIMPLIFIED = "2021年，全市专利授权量8万3,211件，同比增长18.2%；知识产权质押融资额达36.5亿元。"
TRADITIONAL = "「專利授權量8萬3,211件」"
TRADITIONAL_LONG = "二零二一年，本市專利授權量達8萬3,211件，較上年增長百分之十二點五。"


# --- encodings that must decode to the exact text ------------------------------------------


@pytest.mark.parametrize(
    ("data", "text", "encoding"),
    [
        (SIMPLIFIED.encode("utf-8"), SIMPLIFIED, "utf-8"),
        (b"\xef\xbb\xbf" + SIMPLIFIED.encode("utf-8"), SIMPLIFIED, "utf-8-sig"),
        (SIMPLIFIED.encode("utf-16"), SIMPLIFIED, "utf-16"),  # BOM written by the codec
        (b"\xfe\xff" + SIMPLIFIED.encode("utf-16-be"), SIMPLIFIED, "utf-16"),
        (SIMPLIFIED.encode("utf-16-le"), SIMPLIFIED, "utf-16-le"),  # no BOM, from a Windows tool
        (SIMPLIFIED.encode("gb18030"), SIMPLIFIED, "gb18030"),
        (SIMPLIFIED.encode("gbk"), SIMPLIFIED, "gb18030"),  # GBK is a subset of GB18030
        (TRADITIONAL.encode("big5"), TRADITIONAL, "big5"),
        (TRADITIONAL_LONG.encode("big5"), TRADITIONAL_LONG, "big5"),
    ],
    ids=["utf8", "utf8-bom", "utf16-bom-le", "utf16-bom-be", "utf16-le-no-bom", "gb18030", "gbk", "big5", "big5-long"],
)
def test_each_encoding_decodes_to_the_exact_text(data: bytes, text: str, encoding: str) -> None:
    decoded = decode_bytes(data, "report.txt")
    assert decoded.text == text
    assert decoded.encoding == encoding


def test_big5_figures_are_extracted_with_offsets_into_the_decoded_text(tmp_path: Path) -> None:
    text = f"二零二一年香港知識產權狀況報告\n\n本年度{TRADITIONAL}，較上年增長12.5%。\n"
    path = tmp_path / "hk.txt"
    path.write_bytes(text.encode("big5"))
    doc = extract.extract_file(path)
    assert doc.document.encoding == "big5"
    quantities = [r for r in doc.records if r.type == "quantity"]
    assert [(q.text, q.value) for q in quantities] == [("8萬3,211件", 83211), ("12.5%", Decimal("12.5"))]
    assert text[quantities[0].start : quantities[0].end] == "8萬3,211件"


def test_crlf_text_keeps_its_line_breaks_and_gives_the_same_figures_as_lf() -> None:
    lf = "全市专利授权量10210件，\n同比增长18.2%。\n商标注册量3.6万件。\n"
    crlf = lf.replace("\n", "\r\n")
    decoded = decode_bytes(crlf.encode("utf-8"), "win.txt")
    assert decoded.text == crlf  # offsets are into the text as it was, \r included
    records_lf = [(r.text, r.value) for r in extract.extract_text(lf).records if r.type == "quantity"]
    doc = extract.extract_text(decoded.text)
    records_crlf = [(r.text, r.value) for r in doc.records if r.type == "quantity"]
    assert records_crlf == records_lf == [("10210件", 10210), ("18.2%", Decimal("18.2")), ("3.6万件", 36000)]
    for r in doc.records:
        assert crlf[r.start : r.end] == r.text


def test_utf8_cut_off_mid_character_keeps_every_whole_character() -> None:
    data = "发明专利授权量10210件".encode("utf-8")
    cut = data[:-1]  # the last 件 loses its final byte
    decoded = decode_bytes(cut, "cut.txt")
    assert decoded.text == "发明专利授权量10210\ufffd"
    assert decoded.encoding == "utf-8"


def test_file_on_disk_is_read_through_read_document(tmp_path: Path) -> None:
    path = tmp_path / "gb.txt"
    path.write_bytes(SIMPLIFIED.encode("gb18030"))
    assert read_document(path).text == SIMPLIFIED


# --- bad input: one InputError naming the file and the reason -------------------------------


@pytest.mark.parametrize(
    ("data", "reason"),
    [
        (b"", "empty file"),
        (b" \r\n\t\n", "empty file"),
        (b"\xef\xbb\xbf", "empty file"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x01\x00", "binary file"),
        (bytes(range(1, 32)) * 20 + "专利".encode("utf-8"), "binary file (control characters)"),
        (b"\xed\xa0\x80", "not UTF-8 (invalid byte 0xED at offset 0)"),  # a lone surrogate, UTF-8-style
        ("专利".encode("utf-8") + b"\xed\xa0\x80" + "授权".encode("utf-8"), "not UTF-8 (invalid byte 0xED at offset 6)"),
        ("Résumé".encode("latin-1"), "not UTF-8 (invalid byte 0xE9 at offset 1)"),
        (b"\xff\xfe\x00\xd8", "invalid utf-16 after byte-order mark (unexpected end of data at byte 2)"),
        (b"\xff\xfe\x00\xdc\x41\x00", "invalid utf-16 after byte-order mark (illegal encoding at byte 2)"),
        (b"\xff\xfe" + "专利".encode("utf-16-le") + b"\x00", "invalid utf-16 after byte-order mark (truncated data"),
    ],
    ids=["empty", "blank", "bom-only", "png", "controls", "lone-surrogate", "surrogate-inside", "latin1",
         "utf16-lone-high-surrogate", "utf16-lone-low-surrogate", "utf16-odd-length"],
)
def test_bad_bytes_get_one_line_error_naming_the_file(data: bytes, reason: str) -> None:
    with pytest.raises(InputError) as info:
        decode_bytes(data, "reports/2021.txt")
    message = str(info.value)
    assert message.startswith("reports/2021.txt: ")
    assert reason in message
    assert "\n" not in message
    assert info.value.source == "reports/2021.txt"


def test_directory_and_missing_path_get_input_errors(tmp_path: Path) -> None:
    with pytest.raises(InputError, match=r"is a directory, not a file$") as info:
        read_document(tmp_path)
    assert info.value.source == str(tmp_path)
    missing = tmp_path / "2021年白皮书.txt"
    with pytest.raises(InputError, match=r"2021年白皮书\.txt: no such file$"):
        extract.extract_file(missing)


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.binary(max_size=600))
def test_any_bytes_either_decode_or_raise_input_error(data: bytes) -> None:
    try:
        decoded = decode_bytes(data, "fuzz.bin")
    except InputError as exc:
        assert str(exc).startswith("fuzz.bin: ") and "\n" not in str(exc)
        return
    assert decoded.text.strip()
    assert not any(0xD800 <= ord(ch) <= 0xDFFF for ch in decoded.text)
    doc = extract.extract_text(decoded.text)  # whatever decodes must also extract
    for r in doc.records:
        assert decoded.text[r.start : r.end] == r.text


_DOC_CHARS = st.sampled_from(list("专利商标授权申请量件万亿元同比增长全市年月日，。；、（）《》“”0123456789.% \n"))


@settings(max_examples=150, deadline=None)
@given(st.lists(_DOC_CHARS, min_size=1, max_size=200).map("".join))
def test_utf8_and_utf16_round_trip_exactly(text: str) -> None:
    if not text.strip():
        return
    assert decode_bytes(text.encode("utf-8")).text == text
    assert decode_bytes(text.encode("utf-16")).text == text


# --- the CLI: one stderr line, exit 2 -------------------------------------------------------


def _cli(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "extract", *args], capture_output=True, text=True, cwd=ROOT, timeout=60
    )


@pytest.mark.parametrize("case", ["missing", "directory", "empty", "binary", "surrogate"])
def test_cli_bad_input_prints_one_error_line_and_exits_2(tmp_path: Path, case: str) -> None:
    path = tmp_path / f"{case}.txt"
    if case == "directory":
        path.mkdir()
    elif case == "empty":
        path.write_bytes(b"")
    elif case == "binary":
        path.write_bytes(b"\x7fELF\x02\x01\x01\x00\x00\x00\x00\x00")
    elif case == "surrogate":
        path.write_bytes(b"\xed\xa0\x80\xed\xb0\x80")
    result = _cli("extract", str(path), "-o", str(tmp_path / "out"))
    assert result.returncode == 2
    lines = result.stderr.splitlines()
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith(f"wpx: error: {path}: ")
    assert not (tmp_path / "out").exists() or not any((tmp_path / "out").iterdir())


def test_reject_surrogates_names_the_source_and_position() -> None:
    from extract.reading import reject_surrogates

    reject_surrogates("专利𝄞10件", "api")  # a paired (astral) character is fine
    with pytest.raises(InputError, match=r"^api: text contains an unpaired surrogate \(U\+DC00 at 4\)$"):
        reject_surrogates("专利10\udc00件", "api")
