"""PDF, HTML and Word sources: each test builds its own document (tests/docbuild.py), reads it
the way a user would, and checks the figures, their pages, that the page furniture gives no
figure, and that the offsets point into the text kept beside the output."""

from __future__ import annotations

import hashlib
import json
import subprocess
import sys
from collections import Counter
from decimal import Decimal
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import extract
from extract.pipeline import extract_source
from extract.reading import InputError, read_source, sniff_format
from extract.repair import repair
from extract.table_text import CELL_GAP, EMPTY_CELL, cell_text, table_lines

from docbuild import Grid, PageBreak, Para, PdfSpec, build_docx, build_pdf, gov_page

ROOT = Path(__file__).resolve().parents[1]

TITLE = "2023年某市知识产权保护状况白皮书（节选）"
HEAD = "某市知识产权保护状况白皮书·2023"

# Page 37: a heading and a paragraph; the next paragraph runs over the page break right
# before its figure (1286件 opens page 38, under the page number 37).
# Page 38: the rest of that sentence, a 年度 × 指标 table, a paragraph.
# Page 39: a last paragraph.
PDF_BLOCKS: list[Para | Grid | PageBreak] = [
    Para(TITLE, indent=False, heading=True),
    Para("二、知识产权保护持续加强", indent=False, heading=True),
    Para("2023年，市市场监管局（知识产权局）共办理专利侵权纠纷行政裁决案件46件，结案率达到93.5%，"
         "办案周期进一步压缩。"),
    Para("司法保护主导作用更加突出，全市法院坚持严格保护，依法从严惩处恶意侵权行为，新收知识产权民事一审案件\f"
         "1286件，同比增长6.7%；审结1203件。"),
    Para("表1　2021—2023年全市专利和商标主要指标", indent=False),
    Grid([
        ["指标", "2021年", "2022年", "2023年"],
        ["发明专利授权量（件）", "2856", "3170", "3642"],
        ["商标注册量（件）", "40215", "42876", "45633"],
        ["质押融资额（亿元）", "12.6", "15.3", "18.9"],
    ], widths=[170, 95, 95, 91]),
    Para("市场监管部门全年查处商标侵权假冒案件312件，罚没款586.4万元。"),
    PageBreak(),
    Para("全年开展知识产权宣传活动85场次，培训企业知识产权管理人员4200人次。"),
]


def _quantities(doc: extract.Document) -> list[tuple[str, Decimal | None, str, str | None, str | None, int | None]]:
    return [(r.text, r.value, r.unit, r.metric, r.period, r.page)
            for r in doc.records if r.type == "quantity"]


@pytest.fixture(scope="module")
def paper_pdf(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("pdf") / "ip-2023.pdf"
    return build_pdf(path, PdfSpec(PDF_BLOCKS, running_head=HEAD, first_page_number=37, number_style="{n}"))


def test_pdf_figures_carry_their_page_and_the_page_furniture_gives_none(paper_pdf: Path) -> None:
    source = read_source(paper_pdf)
    doc = extract_source(source)
    text = source.text
    assert source.format == "pdf" and len(source.pages) == 3
    figures = {(t, v, u): page for t, v, u, _, _, page in _quantities(doc)}
    assert figures == {
        ("46件", Decimal(46), "件"): 1,
        ("93.5%", Decimal("93.5"), "%"): 1,
        ("1286件", Decimal(1286), "件"): 2,  # not 371286件: the page number stays out
        ("6.7%", Decimal("6.7"), "%"): 2,
        ("1203件", Decimal(1203), "件"): 2,
        ("2856", Decimal(2856), "件"): 2,
        ("3170", Decimal(3170), "件"): 2,
        ("3642", Decimal(3642), "件"): 2,
        ("40215", Decimal(40215), "件"): 2,
        ("42876", Decimal(42876), "件"): 2,
        ("45633", Decimal(45633), "件"): 2,
        ("12.6", Decimal(1260000000), "元"): 2,
        ("15.3", Decimal(1530000000), "元"): 2,
        ("18.9", Decimal(1890000000), "元"): 2,
        ("312件", Decimal(312), "件"): 2,
        ("586.4万元", Decimal(5864000), "元"): 2,
        ("85场次", Decimal(85), "场次"): 3,
        ("4200人次", Decimal(4200), "人次"): 3,
    }
    # the sentence broken across the page reads as one, and no head or number is in the text
    assert "新收知识产权民事一审案件1286件，同比增长6.7%" in text
    assert HEAD not in text and "白皮书·" not in text
    assert not any(line.strip() in ("37", "38", "39") for line in text.splitlines())
    for record in doc.records:
        assert text[record.start : record.end] == record.text
        assert record.page is not None


def test_pdf_table_cells_take_row_and_column_headers_as_metric_and_period(paper_pdf: Path) -> None:
    doc = extract.extract_file(paper_pdf)
    cells = {(m, p): v for t, v, u, m, p, _ in _quantities(doc) if t[0].isdigit() and "件" not in t and "%" not in t}
    assert cells[("发明专利授权量", "2021")] == Decimal(2856)
    assert cells[("发明专利授权量", "2023")] == Decimal(3642)
    assert cells[("商标注册量", "2022")] == Decimal(42876)
    assert cells[("质押融资额", "2023")] == Decimal(1890000000)


def test_pdf_cli_keeps_the_text_beside_the_output_and_show_uses_it(paper_pdf: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    done = subprocess.run([sys.executable, "-m", "extract", "extract", str(paper_pdf), "-o", str(out)],
                          capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    data = json.loads((out / "ip-2023.json").read_text(encoding="utf-8"))
    kept = (out / "ip-2023.txt").read_text(encoding="utf-8")
    info = data["document"]
    assert info["format"] == "pdf"
    assert info["sha256"] == hashlib.sha256(paper_pdf.read_bytes()).hexdigest()
    assert info["text_sha256"] == hashlib.sha256(kept.encode("utf-8")).hexdigest()
    assert info["title"] == TITLE
    for record in data["records"]:
        assert kept[record["start"] : record["end"]] == record["text"]
    page = tmp_path / "review.html"
    shown = subprocess.run([sys.executable, "-m", "extract", "show", str(out / "ip-2023.json"), "--html", str(page)],
                           capture_output=True, text=True)
    assert shown.returncode == 0, shown.stderr
    assert "新收知识产权民事一审案件<mark" in page.read_text(encoding="utf-8")


def test_the_bundled_paper_laid_out_as_a_pdf_gives_the_same_quantities(tmp_path: Path) -> None:
    text = (ROOT / "corpus" / "qingdao-ip-2021.txt").read_text(encoding="utf-8")
    paragraphs = [p for p in repair(text).text.split("\n") if p.strip()]
    # the header lines are set flush, body paragraphs indented, as the paper prints them
    blocks: list[Para | Grid | PageBreak] = [Para(p, indent=i >= 3) for i, p in enumerate(paragraphs)]
    pdf = build_pdf(tmp_path / "qingdao-ip-2021.pdf", PdfSpec(blocks, running_head="2021年青岛市知识产权保护状况白皮书"))

    def figures(doc: extract.Document) -> Counter[tuple[str, Decimal | None, str, str]]:
        return Counter(("".join(r.text.split()), r.value, r.unit, r.role) for r in doc.records if r.type == "quantity")

    from_text = extract.extract_file(ROOT / "corpus" / "qingdao-ip-2021.txt")
    from_pdf = extract.extract_file(pdf)
    assert len(from_pdf.document and read_source(pdf).pages) > 5
    assert figures(from_pdf) == figures(from_text)
    assert from_pdf.document.title == from_text.document.title
    assert from_pdf.document.published == from_text.document.published


# --- HTML ---------------------------------------------------------------------------------

HTML_PARAGRAPHS = [
    "2023年，全市知识产权工作以建设知识产权强市为目标，全面加强知识产权创造、运用、保护、管理和服务。",
    "全年专利授权量达到1.28万件，同比增长12.5%；其中发明专利授权量3642件。",
    "市市场监管局查处商标侵权案件156件，罚没款382.6万元。",
]
HTML_TABLE = [["指标", "2022年", "2023年"], ["专利授权量（件）", "11378", "12800"], ["商标注册量（件）", "42876", "45633"]]


def test_html_page_gives_the_article_and_its_table_without_the_site_around_it(tmp_path: Path) -> None:
    path = tmp_path / "art_2024_1088.html"
    path.write_bytes(gov_page("2023年某市知识产权保护状况白皮书", HTML_PARAGRAPHS, HTML_TABLE, charset="gbk"))
    source = read_source(path)
    doc = extract_source(source)
    assert (source.format, source.encoding) == ("html", "gb18030")
    assert doc.document.title == "2023年某市知识产权保护状况白皮书"
    assert doc.document.published == "2024-04-22"
    got = sorted((t, v, m, p) for t, v, _, m, p, _ in _quantities(doc))
    assert got == sorted([
        ("1.28万件", Decimal(12800), "专利授权量", "2023"),
        ("12.5%", Decimal("12.5"), "专利授权量", "2023"),
        ("3642件", Decimal(3642), "发明专利授权量", "2023"),
        ("156件", Decimal(156), "查处商标侵权案件", "2023"),
        ("382.6万元", Decimal(3826000), "罚没款", "2023"),
        ("11378", Decimal(11378), "专利授权量", "2022"),
        ("12800", Decimal(12800), "专利授权量", "2023"),
        ("42876", Decimal(42876), "商标注册量", "2022"),
        ("45633", Decimal(45633), "商标注册量", "2023"),
    ])
    # menus, sidebar, info line, footer and scripts are not in the text
    for furniture in ("首页", "数据发布", "热点专题", "浏览次数", "ICP备", "联系电话", "访问量", "console", "分享到"):
        assert furniture not in source.text
    for record in doc.records:
        assert source.text[record.start : record.end] == record.text
        assert record.page is None


def test_html_is_recognised_by_its_bytes_and_its_declared_charset(tmp_path: Path) -> None:
    page = gov_page("2022年某区统计公报", HTML_PARAGRAPHS[1:], charset="utf-8")
    path = tmp_path / "download.txt"  # saved under the wrong name
    path.write_bytes(page)
    assert sniff_format(page, path.name) == "html"
    doc = extract.extract_file(path)
    assert doc.document.format == "html" and doc.document.encoding == "utf-8"
    assert [r.text for r in doc.records if r.type == "quantity"][:2] == ["1.28万件", "12.5%"]


# --- Word ---------------------------------------------------------------------------------


def test_docx_paragraphs_and_tables_in_document_order(tmp_path: Path) -> None:
    path = build_docx(tmp_path / "report.docx", [
        Para("2023年某市知识产权保护状况白皮书", heading=True),
        Para("全年专利授权量达到1.28万件，同比增长12.5%。"),
        Grid(HTML_TABLE),
        Para("市市场监管局查处商标侵权案件156件，罚没款382.6万元。"),
    ])
    source = read_source(path)
    doc = extract_source(source)
    assert source.format == "docx"
    assert source.text.splitlines() == [
        "2023年某市知识产权保护状况白皮书",
        "全年专利授权量达到1.28万件，同比增长12.5%。",
        "指标    2022年    2023年",
        "专利授权量（件）    11378    12800",
        "商标注册量（件）    42876    45633",
        "市市场监管局查处商标侵权案件156件，罚没款382.6万元。",
    ]
    assert [(t, v, m, p) for t, v, _, m, p, _ in _quantities(doc)] == [
        ("1.28万件", Decimal(12800), "专利授权量", "2023"),
        ("12.5%", Decimal("12.5"), "专利授权量", "2023"),
        ("11378", Decimal(11378), "专利授权量", "2022"),
        ("12800", Decimal(12800), "专利授权量", "2023"),
        ("42876", Decimal(42876), "商标注册量", "2022"),
        ("45633", Decimal(45633), "商标注册量", "2023"),
        ("156件", Decimal(156), "查处商标侵权案件", "2023"),
        ("382.6万元", Decimal(3826000), "罚没款", "2023"),
    ]


# --- files that cannot be read ------------------------------------------------------------


def _bad_files(folder: Path, pdf: Path) -> dict[str, str]:
    """name -> the reason the one-line error must give."""
    from reportlab.lib import pdfencrypt
    from reportlab.pdfgen import canvas

    c = canvas.Canvas(str(folder / "scan.pdf"))
    c.rect(100, 100, 300, 300, fill=1)  # a page that is a picture only
    c.showPage()
    c.save()
    c = canvas.Canvas(str(folder / "locked.pdf"), encrypt=pdfencrypt.StandardEncryption("secret"))
    c.drawString(100, 700, "2023")
    c.showPage()
    c.save()
    data = pdf.read_bytes()
    (folder / "cut.pdf").write_bytes(data[: len(data) // 2])
    (folder / "damaged.pdf").write_bytes(data[:1500] + b"\x00\x13garbage" * 200 + b"\n%%EOF\n")
    (folder / "cut.docx").write_bytes(build_docx(folder / "whole.docx", [Para("全年专利授权量1.28万件。")]).read_bytes()[:2000])
    (folder / "whole.docx").unlink()
    (folder / "old.docx").write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 600)
    return {
        "scan.pdf": "PDF has no text layer (a scan? wpx does no OCR)",
        "locked.pdf": "encrypted PDF (needs a password)",
        "cut.pdf": "truncated PDF (no end-of-file marker)",
        "damaged.pdf": "corrupt PDF",
        "cut.docx": "corrupt or truncated .docx (not a whole ZIP archive)",
        "old.docx": "a Word 97-2003 (.doc) or other OLE file: save it as .docx",
    }


def test_unreadable_files_get_one_line_and_a_batch_goes_on(paper_pdf: Path, tmp_path: Path) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    reasons = _bad_files(folder, paper_pdf)
    for name, reason in reasons.items():
        with pytest.raises(InputError) as caught:
            read_source(folder / name)
        assert caught.value.reason.startswith(reason), name
        done = subprocess.run([sys.executable, "-m", "extract", "extract", str(folder / name), "-o", str(tmp_path / "o")],
                              capture_output=True, text=True)
        assert done.returncode == 2
        assert done.stderr.count("\n") == 1 and done.stderr.startswith(f"wpx: error: {folder / name}: {reason}")
    (folder / "good.pdf").write_bytes(paper_pdf.read_bytes())
    batch = subprocess.run([sys.executable, "-m", "extract", "batch", str(folder), "-o", str(tmp_path / "b"), "--jobs", "1"],
                           capture_output=True, text=True)
    assert batch.returncode == 1
    manifest = {e["source"]: e for e in json.loads((tmp_path / "b" / "manifest.json").read_text())["documents"]}
    assert manifest["good.pdf"]["status"] == "ok" and manifest["good.pdf"]["text"] == "good.txt"
    assert (tmp_path / "b" / "good.txt").is_file()
    assert {n for n, e in manifest.items() if e["status"] == "failed"} == set(reasons)


def test_a_text_run_does_not_load_the_format_libraries() -> None:
    probe = (
        "import sys, extract; extract.extract_file('corpus/qingdao-ip-2021.txt'); "
        "print(sorted(m for m in ('pdfplumber', 'pdfminer', 'trafilatura', 'docx', 'lxml', 'extract.read_pdf') if m in sys.modules))"
    )
    done = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, cwd=ROOT)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "[]"


# --- tables written for the table reader --------------------------------------------------


@settings(max_examples=200, deadline=None)
@given(st.lists(st.lists(st.one_of(st.none(), st.text(max_size=12)), min_size=1, max_size=6), max_size=6))
def test_table_rows_keep_every_cell_apart(rows: list[list[str | None]]) -> None:
    lines = table_lines(rows)
    kept = [row for row in rows if any(cell_text(c) != EMPTY_CELL for c in row)]
    assert len(lines) == len(kept)
    for line, row in zip(lines, kept):
        cells = line.split(CELL_GAP)
        assert len(cells) == len(row)
        for cell in cells:
            assert cell and not any(ch.isspace() and ch != "\u00a0" for ch in cell)


def test_cell_blanks_go_between_chinese_and_stay_between_latin() -> None:
    assert cell_text(" 专利\n授权量 （件） ") == "专利授权量（件）"
    assert cell_text("PCT 国际申请") == "PCT国际申请"
    assert cell_text("Hong  Kong") == "Hong\u00a0Kong"
    assert cell_text("") == cell_text(None) == EMPTY_CELL


def test_a_batch_into_its_own_folder_does_not_take_its_texts_for_inputs(paper_pdf: Path, tmp_path: Path) -> None:
    from extract.batch import run_batch

    folder = tmp_path / "papers"
    folder.mkdir()
    (folder / "ip-2023.pdf").write_bytes(paper_pdf.read_bytes())
    first = run_batch(folder, folder, jobs=1)
    assert [e["status"] for e in first.entries] == ["ok"] and (folder / "ip-2023.txt").is_file()
    second = run_batch(folder, folder, jobs=1)
    assert [(e["source"], e["status"]) for e in second.entries] == [("ip-2023.pdf", "skipped")]


def test_a_table_running_over_a_page_break_keeps_its_header(tmp_path: Path) -> None:
    rows = [["地区", "2022年", "2023年"]] + [[f"第{i}区专利授权量（件）", str(1000 + i), str(2000 + i)] for i in range(1, 7)]
    pdf = build_pdf(tmp_path / "districts.pdf", PdfSpec([Para("全市各区专利授权情况如下。"), Grid(rows)], lines_per_page=4))
    doc = extract.extract_file(pdf)
    got = [(t, m, p, page) for t, _, _, m, p, page in _quantities(doc)]
    # page 1 holds four lines: the sentence, the header and two rows; the third row opens page 2
    assert got[2:6] == [
        ("1002", "第2区专利授权量", "2022", 1), ("2002", "第2区专利授权量", "2023", 1),
        ("1003", "第3区专利授权量", "2022", 2), ("2003", "第3区专利授权量", "2023", 2),
    ]
    assert len(got) == 12 and got[-1] == ("2006", "第6区专利授权量", "2023", 2)
