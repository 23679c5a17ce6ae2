"""The review page as a reviewer uses it, in a real headless Chromium driven by Playwright:
filter the record table, click a span to select its row, follow `of` to the linked figure,
mark and correct figures, export the corrections and score them with `wpx score`.

Each step takes a screenshot and checks where things are on it (element boxes in the
1280 x 800 and 1920 x 1080 windows), not only that the page loaded. Skipped cleanly when
Playwright or a system Chromium is missing (`.ci/run` installs Debian's chromium)."""

from __future__ import annotations

import json
import shutil
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from extract.cli import app
from extract.output import load_document

sync_api = pytest.importorskip("playwright.sync_api", reason="playwright (the [test] extra) is not installed")
CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
pytestmark = pytest.mark.skipif(CHROMIUM is None, reason="no chromium on PATH (apt-get install chromium)")

ROOT = Path(__file__).resolve().parents[1]
REAL = ROOT / "corpus" / "qingdao-ip-2021.txt"
# How this machine's closed network wants Chromium started (see the environment notes).
FLAGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
         "--disable-component-update", "--disable-sync"]


@pytest.fixture(scope="module")
def review(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    tmp = tmp_path_factory.mktemp("review")
    out = tmp / "out"
    assert CliRunner().invoke(app, ["extract", str(REAL), "-o", str(out)]).exit_code == 0
    page = tmp / "review.html"
    result = CliRunner().invoke(app, ["show", str(out / "qingdao-ip-2021.json"), "--html", str(page), "--text", str(REAL)])
    assert result.exit_code == 0, result.output
    return {"page": page, "json": out / "qingdao-ip-2021.json", "doc": load_document(out / "qingdao-ip-2021.json"),
            "tmp": tmp}


@pytest.fixture(scope="module")
def browser():
    with sync_api.sync_playwright() as pw:
        chromium = pw.chromium.launch(executable_path=CHROMIUM, headless=True, args=FLAGS)
        yield chromium
        chromium.close()


def open_page(browser: Any, review: dict[str, Any], width: int = 1280, height: int = 800) -> Any:
    context = browser.new_context(viewport={"width": width, "height": height}, accept_downloads=True)
    page = context.new_page()
    page.goto(review["page"].as_uri())
    page.wait_for_selector("tr.rec")
    return page


def box(page: Any, selector: str) -> dict[str, float]:
    found = page.locator(selector).first.bounding_box()
    assert found is not None, f"{selector} is not displayed"
    return found


def visible_rows(page: Any) -> list[dict[str, str]]:
    return page.eval_on_selector_all(
        "tr.rec", "rows => rows.filter(r => r.offsetParent !== null)"
                  ".map(r => ({id: r.dataset.id, type: r.dataset.type, text: r.children[2].textContent}))")


def inside(inner: dict[str, float], outer: dict[str, float]) -> bool:
    return (inner["y"] >= outer["y"] - 1 and inner["y"] + inner["height"] <= outer["y"] + outer["height"] + 1
            and inner["x"] >= outer["x"] - 1)


def test_filter_by_type_legend_and_text(browser: Any, review: dict[str, Any], tmp_path: Path) -> None:
    doc = review["doc"]
    page = open_page(browser, review)
    assert len(visible_rows(page)) == len(doc.records)

    page.select_option("#type-filter", "date")
    rows = visible_rows(page)
    assert {r["type"] for r in rows} == {"date"}
    assert len(rows) == sum(1 for r in doc.records if r.type == "date")
    assert page.text_content("#shown-count") == str(len(rows))
    page.screenshot(path=str(tmp_path / "filter-type.png"))
    first = box(page, f'tr.rec[data-id="{rows[0]["id"]}"]')
    assert inside(first, box(page, "#tablebox"))  # the first date row is at the top of the table

    page.select_option("#type-filter", "")
    page.uncheck('.legend input[value="quantity"]')  # the legend hides quantities in text and table
    rows = visible_rows(page)
    assert rows and "quantity" not in {r["type"] for r in rows}
    grant = next(r for r in doc.records if r.text == "10210件")
    colour = page.eval_on_selector(f'mark[data-id="{grant.id}"]', "m => getComputedStyle(m).backgroundColor")
    assert colour == "rgba(0, 0, 0, 0)"
    page.check('.legend input[value="quantity"]')

    page.fill("#search", "发明专利授权")
    rows = visible_rows(page)
    assert grant.id in {r["id"] for r in rows}
    assert all(r.type == "quantity" for r in doc.records if r.id in {x["id"] for x in rows} and r.type != "ranking")
    page.screenshot(path=str(tmp_path / "filter-search.png"))
    assert (tmp_path / "filter-search.png").stat().st_size > 10_000


def test_click_span_selects_row_and_of_jumps(browser: Any, review: dict[str, Any], tmp_path: Path) -> None:
    doc = review["doc"]
    page = open_page(browser, review)
    rate = next(r for r in doc.records if r.type == "quantity" and r.text == "30.16%")
    level = next(r for r in doc.records if r.id == rate.of)
    page.locator(f'mark[data-id="{rate.id}"]').first.click()
    page.screenshot(path=str(tmp_path / "select.png"))
    row = f'tr.rec[data-id="{rate.id}"]'
    assert "selected" in page.get_attribute(row, "class").split()
    table, detail = box(page, "#tablebox"), box(page, "#detail")
    assert inside(box(page, row), table)  # scrolled into the visible part of the table
    assert detail["y"] + detail["height"] <= table["y"] + 1  # the panel sits above the table, never over it
    text_pane = box(page, "#text")
    assert text_pane["x"] + text_pane["width"] <= detail["x"] + 1  # and beside the text
    # The row shows `of` as the linked figure's text, not its id.
    of_cell = page.locator(f"{row} a.jump").first
    assert of_cell.text_content() == level.text == "8.75万件"
    assert page.locator('#detail-fields input[data-field="of"]').input_value() == level.id
    page.locator("#detail-fields a.jump").first.click()  # click to jump to the level it describes
    page.screenshot(path=str(tmp_path / "jump.png"))
    assert "selected" in page.get_attribute(f'tr.rec[data-id="{level.id}"]', "class").split()
    assert inside(box(page, f'tr.rec[data-id="{level.id}"]'), box(page, "#tablebox"))
    mark = box(page, f'mark[data-id="{level.id}"]')
    assert inside(mark, box(page, "#text"))  # the text pane scrolled to the level's span too

    page.click('#records th[data-col="3"]')  # sort by value, ascending
    values = page.eval_on_selector_all(
        "tr.rec.wpx-row-quantity", "rows => rows.map(r => parseFloat(r.children[3].textContent)).filter(v => !isNaN(v))")
    assert values == sorted(values) and len(values) > 100


def test_mark_correct_export_and_score(browser: Any, review: dict[str, Any], tmp_path: Path) -> None:
    doc = review["doc"]
    page = open_page(browser, review)
    grant = next(r for r in doc.records if r.text == "10210件")
    rate = next(r for r in doc.records if r.type == "quantity" and r.text == "18.2%")
    page.locator(f'tr.rec[data-id="{grant.id}"]').click()
    page.click("#mark-right")
    page.locator(f'tr.rec[data-id="{rate.id}"]').click()
    unit = page.locator('#detail-fields input[data-field="metric_key"]')
    unit.fill("发明专利授权量增长率")
    unit.press("Enter")
    page.click("#mark-right")
    page.screenshot(path=str(tmp_path / "marked.png"))
    assert page.text_content(f'tr.rec[data-id="{grant.id}"] td') == "✓"
    assert page.text_content(f'tr.rec[data-id="{rate.id}"] td') == "✎"
    assert page.text_content("#judged-count") == "2"

    page.reload()  # corrections survive a reload (local storage) until exported
    page.wait_for_selector("tr.rec")
    assert page.text_content("#judged-count") == "2"
    with page.expect_download() as download:
        page.click("#export")
    exported = Path(download.value.path()).read_text(encoding="utf-8")
    assert download.value.suggested_filename == "qingdao-ip-2021.corrections.jsonl"
    assert exported == page.locator("#export-text").input_value()
    lines = [json.loads(line) for line in exported.splitlines()]
    assert {tuple(sorted(line)) for line in lines} == {("document_sha256", "field", "new", "old", "record_id")}
    assert {line["document_sha256"] for line in lines} == {doc.document.sha256}
    fixed = [line for line in lines if line["old"] != line["new"]]
    assert fixed == [{"record_id": rate.id, "document_sha256": doc.document.sha256, "field": "metric_key",
                      "old": rate.metric_key, "new": "发明专利授权量增长率"}]
    assert {"record_id": grant.id, "document_sha256": doc.document.sha256, "field": "value",
            "old": 10210, "new": 10210} in lines

    corrections = tmp_path / "corrections.jsonl"
    corrections.write_text(exported, encoding="utf-8")
    result = CliRunner().invoke(app, ["score", str(review["json"]), str(corrections), "--format", "json"])
    assert result.exit_code == 0, result.output
    scores = json.loads(result.stdout)
    assert scores["records_judged"] == 2
    assert scores["fields"]["metric_key"] == {"right": 1, "judged": 2, "accuracy": 0.5, "wrong": [rate.id]}
    assert scores["fields"]["value"]["accuracy"] == 1.0


@pytest.mark.parametrize(("width", "height"), [(1280, 800), (1920, 1080)])
def test_layout_keeps_text_readable(browser: Any, review: dict[str, Any], tmp_path: Path, width: int, height: int) -> None:
    page = open_page(browser, review, width, height)
    page.screenshot(path=str(tmp_path / f"layout-{width}.png"))
    text, side = box(page, "#text"), box(page, "#side")
    assert text["width"] >= 420 and side["width"] >= 480
    assert text["x"] + text["width"] <= side["x"] + 1  # side by side, not stacked or overlapping
    assert page.evaluate("document.documentElement.scrollWidth") <= width  # no sideways scrolling of the page
    assert text["y"] + text["height"] <= height + 1  # the text pane fits the window and scrolls itself
