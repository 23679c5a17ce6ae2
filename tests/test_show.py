"""`wpx show`: the review page keeps the original text exactly, marks every record span,
and (in a real headless Chromium) its script builds the side table."""

from __future__ import annotations

import shutil
import subprocess
from decimal import Decimal
from html.parser import HTMLParser
from pathlib import Path

import pytest
from test_diff import PaperBuilder
from typer.testing import CliRunner

from extract.cli import app
from extract.models import Agency, AgencyMention, DocumentRef, Quantity
from extract.output import load_document, to_json
from extract.show import highlight, render_html

ROOT = Path(__file__).resolve().parents[1]
REAL = ROOT / "corpus" / "qingdao-ip-2021.txt"


class PageReader(HTMLParser):
    """Collects the marks, the text inside <pre id="text">, and the side-table rows."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.marks: list[dict[str, str]] = []
        self.rows: list[dict[str, str]] = []
        self.text = ""
        self.in_text = False
        self.pre_depth = 0
        self.record_count = ""
        self._in_count = False
        self.external: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {k: v or "" for k, v in attrs}
        if tag == "pre" and a.get("id") == "text":
            self.in_text = True
        if tag == "mark" and self.in_text:
            self.marks.append(a)
        if tag == "tr" and "rec" in a.get("class", "").split():
            self.rows.append(a)
        if a.get("id") == "record-count":
            self._in_count = True
        for key in ("src", "href"):
            if key in a:
                self.external.append(f"{tag} {key}={a[key]}")

    def handle_endtag(self, tag: str) -> None:
        if tag == "pre" and self.in_text:
            self.in_text = False
        if tag == "span":
            self._in_count = False

    def handle_data(self, data: str) -> None:
        if self.in_text:
            self.text += data
        if self._in_count:
            self.record_count += data


def read_page(page: str) -> PageReader:
    reader = PageReader()
    reader.feed(page)
    return reader


def tricky_doc():
    """Nested spans (an agency inside a document title), a crossing pair, and markup in the text."""
    p = PaperBuilder(2021)
    p.say("市市场监管局印发《青岛市市场监管局<b>工作要点</b>》；全市罚没款1285.6万元&同比增长12%。")
    p.figure("1285.6万元", "12856000", "元", key="罚没款", kind="money")
    rate = p.figure("12%", "12", "%", key=None, role="growth", kind="percent")
    doc = p.build()
    text = p.text
    agency_at = [i for i in range(len(text)) if text.startswith("市市场监管局", i)]
    title_start = text.index("《")
    title_end = text.index("》") + 1
    doc.records.append(DocumentRef(id=f"doc{title_start}-{title_end}", start=title_start, end=title_end,
                                   text=text[title_start:title_end], section="0", title=text[title_start + 1:title_end - 1]))
    doc.records.append(Agency(
        id=f"a{agency_at[0]}", start=agency_at[0], end=agency_at[0] + 6, text="市市场监管局", section="0",
        name="青岛市市场监督管理局", kind="government", parent_agency=None, in_gazetteer=True,
        mentions=[AgencyMention(start=i, end=i + 6, text="市市场监管局") for i in agency_at],
    ))
    # A span that crosses the 12% figure: it must be split, not break the nesting.
    cross = text.index("长12")
    doc.records.append(Quantity(id=f"q{cross}-{cross + 3}", start=cross, end=cross + 3, text=text[cross:cross + 3],
                                section="0", kind="count", value=Decimal(12), unit="件"))
    doc.records.sort(key=lambda r: (r.start, r.end))
    return doc, text, rate


def test_page_keeps_text_exact_and_marks_every_span() -> None:
    doc, text, rate_id = tricky_doc()
    page = render_html(doc, text)
    reader = read_page(page)
    assert reader.text == text  # every character, nothing added or lost, markup escaped
    assert "<b>工作要点</b>" not in page.split('<script type="application/json"')[0]
    assert "&lt;b&gt;工作要点&lt;/b&gt;" in page
    assert {m["data-id"] for m in reader.marks} == {r.id for r in doc.records}
    agency_marks = [m for m in reader.marks if m["data-type"] == "agency"]
    assert len(agency_marks) == 2  # one per mention, the second inside the title
    rate = next(m for m in reader.marks if m["data-id"] == rate_id)
    assert "role-growth" in rate["class"].split()
    fine = next(m for m in reader.marks if m["data-id"].startswith("q") and "元" in m["title"])
    assert "value: 12856000 元" in fine["title"] and "metric: 罚没款" in fine["title"]
    # 长12 opens first and ends inside 12%, so 12% is closed with it and reopened after.
    rate_marks = [m for m in reader.marks if m["data-id"] == rate_id]
    assert len(rate_marks) == 2 and "wpx-cont" in rate_marks[1]["class"].split()
    assert reader.external == []  # self-contained: nothing to fetch
    assert "</script>" not in page.split('id="wpx-records">')[1].split("</script>")[0]


def test_highlight_counts_marks_once_per_span() -> None:
    doc, text, _ = tricky_doc()
    _, marks = highlight(text, doc)
    spans = sum(len(r.mentions) if r.type == "agency" else 1 for r in doc.records)
    assert marks == spans


def test_show_json_finds_its_text_and_checks_it(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    out = tmp_path / "out"
    assert CliRunner().invoke(app, ["extract", str(REAL), "-o", str(out)]).exit_code == 0
    page = tmp_path / "review.html"
    result = CliRunner().invoke(app, ["show", str(out / "qingdao-ip-2021.json"), "--html", str(page),
                                      "--text", str(REAL)])
    assert result.exit_code == 0, result.output
    doc = load_document(out / "qingdao-ip-2021.json")
    reader = read_page(page.read_text(encoding="utf-8"))
    assert reader.text == REAL.read_text(encoding="utf-8")
    assert {m["data-id"] for m in reader.marks} == {r.id for r in doc.records}

    wrong = tmp_path / "other.txt"
    wrong.write_text("2021年某市白皮书\n全年查处案件5件。\n", encoding="utf-8")
    result = CliRunner().invoke(app, ["show", str(out / "qingdao-ip-2021.json"), "--html", str(page), "--text", str(wrong)])
    assert result.exit_code == 2
    assert result.stderr == f"wpx: error: {wrong}: is not the text qingdao-ip-2021.json was extracted from (sha256 differs)\n"

    monkeypatch.chdir(tmp_path)  # nowhere near a corpus folder
    lonely = tmp_path / "lonely"
    lonely.mkdir()
    (lonely / "x.json").write_text(to_json(doc), encoding="utf-8")
    result = CliRunner().invoke(app, ["show", str(lonely / "x.json"), "--html", str(page)])
    assert result.exit_code == 2
    assert result.stderr == (
        f"wpx: error: {lonely / 'x.json'}: cannot find the source text qingdao-ip-2021.txt; pass it with --text\n"
    )

    # After `wpx batch`, the manifest says where the inputs were.
    corpus = tmp_path / "papers"
    corpus.mkdir()
    shutil.copy(REAL, corpus / REAL.name)
    assert CliRunner().invoke(app, ["batch", str(corpus), "-o", str(tmp_path / "batch")]).exit_code == 0
    result = CliRunner().invoke(app, ["show", str(tmp_path / "batch" / "qingdao-ip-2021.json"), "--html", str(page)])
    assert result.exit_code == 0, result.output
    assert read_page(page.read_text(encoding="utf-8")).text == REAL.read_text(encoding="utf-8")


CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")


@pytest.mark.skipif(CHROMIUM is None, reason="no chromium on PATH (apt-get install chromium); skipping the browser test")
def test_page_in_headless_chromium(tmp_path: Path) -> None:
    page = tmp_path / "review.html"
    result = CliRunner().invoke(app, ["show", str(REAL), "--html", str(page)])  # a .txt: extracted first
    assert result.exit_code == 0, result.output
    out = tmp_path / "out"
    CliRunner().invoke(app, ["extract", str(REAL), "-o", str(out)])
    doc = load_document(out / "qingdao-ip-2021.json")

    profile = tmp_path / "profile"
    dom = subprocess.run(
        [CHROMIUM, "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
         "--disable-component-update", "--disable-sync", "--no-first-run", f"--user-data-dir={profile}",
         "--dump-dom", page.as_uri()],
        capture_output=True, text=True, timeout=120,
    ).stdout
    reader = read_page(dom)
    # The side table exists only if the page's script ran: one row per record, in order.
    assert [r["data-id"] for r in reader.rows] == [r.id for r in doc.records]
    assert reader.record_count == str(len(doc.records))
    assert {m["data-id"] for m in reader.marks} == {r.id for r in doc.records}
    grant = next(r for r in doc.records if r.text == "10210件")
    mark = next(m for m in reader.marks if m["data-id"] == grant.id)
    assert "value: 10210 件" in mark["title"] and mark["class"].startswith("wpx-quantity")
    assert reader.text == REAL.read_text(encoding="utf-8")
    assert reader.external == []
