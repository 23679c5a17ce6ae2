"""Builders for the documents the format tests read: PDFs laid out line by line with reportlab's
built-in Chinese CID font (STSong-Light, no font file needed), government-site HTML pages and
.docx files made with python-docx. Each test states its own words; these only lay them out.

The PDF layout is done here rather than by reportlab's flowables so that a test decides where
a page ends: a sentence can be made to run across a page break, under a page number.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import regex

FONT = "STSong-Light"
PAGE_W, PAGE_H = 595.0, 842.0  # A4 in points
LEFT, RIGHT, TOP, BOTTOM = 72.0, 72.0, 90.0, 80.0
SIZE = 12.0
LEADING = 20.0


@dataclass
class Para:
    text: str
    indent: bool = True  # body paragraphs open with a two-character indent
    heading: bool = False  # a heading: bold-ish (larger), never indented


@dataclass
class Grid:
    rows: list[list[str]]
    widths: list[float] | None = None


@dataclass
class PageBreak:
    pass


@dataclass
class PdfSpec:
    blocks: list[Para | Grid | PageBreak]
    running_head: str | None = "2023年某市知识产权保护状况白皮书"
    first_page_number: int = 1
    number_style: str = "- {n} -"
    lines_per_page: int | None = None  # fewer body lines per page than fit: forces a break
    extra: dict[str, str] = field(default_factory=dict)


def _font() -> None:
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont

    if FONT not in pdfmetrics.getRegisteredFontNames():
        pdfmetrics.registerFont(UnicodeCIDFont(FONT))


def _wrap(text: str, width: float, first_indent: float, size: float) -> list[tuple[float, str]]:
    """Greedy character wrap (as Chinese typesetting does): (x offset, line text) pairs."""
    from reportlab.pdfbase.pdfmetrics import stringWidth

    lines: list[tuple[float, str]] = []
    current = ""
    indent = first_indent
    for token in regex.findall(r"[A-Za-z]+|.", text):  # a Latin word is never broken
        if stringWidth(current + token, FONT, size) > width - indent and current:
            lines.append((indent, current))
            current, indent = "", 0.0
        current += token
    if current:
        lines.append((indent, current))
    return lines


def build_pdf(path: Path, spec: PdfSpec) -> Path:
    from reportlab.pdfbase.pdfmetrics import stringWidth
    from reportlab.pdfgen import canvas

    _font()
    c = canvas.Canvas(str(path), pagesize=(PAGE_W, PAGE_H), invariant=1)
    width = PAGE_W - LEFT - RIGHT
    page = 0
    y = PAGE_H - TOP
    lines_on_page = 0

    def furniture() -> None:
        number = spec.first_page_number + page
        if spec.running_head:
            c.setFont(FONT, 9)
            c.drawCentredString(PAGE_W / 2, PAGE_H - 50, spec.running_head)
            c.line(LEFT, PAGE_H - 56, PAGE_W - RIGHT, PAGE_H - 56)
        c.setFont(FONT, 10)
        c.drawCentredString(PAGE_W / 2, 40, spec.number_style.format(n=number))

    def new_page() -> None:
        nonlocal page, y, lines_on_page
        furniture()
        c.showPage()
        page += 1
        y = PAGE_H - TOP
        lines_on_page = 0

    def room(height: float) -> None:
        full = spec.lines_per_page is not None and lines_on_page >= spec.lines_per_page
        if y - height < BOTTOM or full:
            new_page()

    for block in spec.blocks:
        if isinstance(block, PageBreak):
            new_page()
            continue
        if isinstance(block, Para):
            # "\n" in the text ends a line there, "\f" ends the page there; such a line is set
            # justified (to the right margin), as a line inside a paragraph is.
            size = SIZE + 2 if block.heading else SIZE
            indent = 2 * size if block.indent and not block.heading else 0.0
            for segment, stop in regex.findall(r"([^\n\f]*)([\n\f]?)", block.text):
                if not segment and not stop:
                    continue
                wrapped = _wrap(segment, width, indent, size)
                for k, (dx, line) in enumerate(wrapped):
                    room(LEADING)
                    c.setFont(FONT, size)
                    spread = 0.0
                    if stop and k == len(wrapped) - 1 and len(line) > 1:
                        spread = (width - dx - stringWidth(line, FONT, size)) / (len(line) - 1)
                    c.drawString(LEFT + dx, y - size, line, charSpace=spread)
                    y -= LEADING
                    lines_on_page += 1
                indent = 0.0
                if stop == "\f":
                    new_page()
            continue
        # a ruled table: every cell boxed, text left-aligned in its cell
        cols = len(block.rows[0])
        widths = block.widths or [width / cols] * cols
        row_h = LEADING + 4
        for row in block.rows:
            room(row_h)
            x = LEFT
            for cell, w in zip(row, widths):
                c.rect(x, y - row_h, w, row_h, stroke=1, fill=0)
                c.setFont(FONT, SIZE - 1)
                c.drawString(x + 4, y - row_h + 7, cell)
                x += w
            y -= row_h
            lines_on_page += 1
        y -= 8
    furniture()
    c.showPage()
    c.save()
    return path


def build_docx(path: Path, blocks: list[Para | Grid]) -> Path:
    import docx

    document = docx.Document()
    for block in blocks:
        if isinstance(block, Para):
            if block.heading:
                document.add_heading(block.text, level=2)
            else:
                document.add_paragraph(block.text)
        else:
            table = document.add_table(rows=len(block.rows), cols=len(block.rows[0]))
            for r, row in enumerate(block.rows):
                for k, cell in enumerate(row):
                    table.cell(r, k).text = cell
    document.save(str(path))
    return path


def gov_page(title: str, paragraphs: list[str], table: list[list[str]] | None = None,
             published: str = "2024-04-22", charset: str = "gbk") -> bytes:
    """An article page as a government site serves it: header with logo and search, nav menu,
    breadcrumb, sidebar of links, the article (title, publication line, body, a ruled table),
    share buttons, footer with the site's record numbers, and scripts. Encoded in `charset`,
    declared the old way (http-equiv) as such sites do."""
    import html as h

    rows = ""
    if table:
        rows = "<table border=\"1\" cellspacing=\"0\">" + "".join(
            "<tr>" + "".join(f"<td><p>{h.escape(c)}</p></td>" for c in row) + "</tr>" for row in table
        ) + "</table>"
    body = "".join(f"<p style=\"text-indent:2em\">{h.escape(p)}</p>" for p in paragraphs)
    page = f"""<!DOCTYPE html PUBLIC "-//W3C//DTD XHTML 1.0 Transitional//EN" "http://www.w3.org/TR/xhtml1/DTD/xhtml1-transitional.dtd">
<html xmlns="http://www.w3.org/1999/xhtml">
<head>
<meta http-equiv="Content-Type" content="text/html; charset={charset}" />
<title>{h.escape(title)}_某市人民政府门户网站</title>
<meta name="ArticleTitle" content="{h.escape(title)}">
<meta name="PubDate" content="{published} 09:30">
<meta name="ContentSource" content="某市知识产权局">
<link rel="stylesheet" href="/css/main.css">
<script type="text/javascript">var _hmt = _hmt || []; var visits = 12345; document.write("访问量12345次");</script>
<style>.nav li {{ float: left; }} .footer {{ color: #666; }}</style>
</head>
<body>
<div class="top-bar">欢迎访问某市人民政府门户网站 | 无障碍浏览 | 长者模式 | 2024年4月25日 星期四</div>
<div class="header"><div class="logo"><img src="/img/logo.png" alt="某市人民政府"></div>
<div class="search"><form action="/search"><input name="q" value="请输入关键字"><button>搜索</button></form></div></div>
<div class="nav"><ul><li><a href="/">首页</a></li><li><a href="/zwgk/">政务公开</a></li><li><a href="/zmhd/">政民互动</a></li>
<li><a href="/bsfw/">办事服务</a></li><li><a href="/sjfb/">数据发布（共128项）</a></li></ul></div>
<div class="main">
<div class="crumb">当前位置：<a href="/">首页</a> &gt; <a href="/zwgk/">政务公开</a> &gt; 白皮书</div>
<div class="left-side"><h3>热点专题</h3><ul><li><a href="/a/1.html">2023年全市新增就业3.2万人</a></li>
<li><a href="/a/2.html">一季度地区生产总值增长5.6%</a></li><li><a href="/a/3.html">第12期政策解读</a></li></ul>
<h3>相关链接</h3><ul><li><a href="http://www.cnipa.gov.cn">国家知识产权局</a></li></ul></div>
<div class="article">
<h1 class="article-title">{h.escape(title)}</h1>
<div class="article-info">发布时间：{published}　来源：某市知识产权局　浏览次数：2386次　字号：[大 中 小]</div>
<div class="TRS_Editor" id="zoom">{body}{rows}</div>
<div class="share">分享到：微信 微博　【打印本页】【关闭窗口】</div>
</div></div>
<div class="footer"><p>主办单位：某市人民政府办公厅　网站标识码：3702000001</p>
<p>鲁ICP备05001234号-1　鲁公网安备 37020202000123号</p><p>联系电话：0532-85911234　建议使用1366×768分辨率</p></div>
<script src="/js/stat.js"></script><script>console.log("共30个栏目");</script>
</body></html>
"""
    return page.encode(charset)
