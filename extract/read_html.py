"""An HTML page to the article's text: one paragraph a line, tables as flattened rows.

Government sites wrap a paper in a lot of page furniture (top bar, logo and search, menus,
breadcrumb, sidebars of links, share buttons, a footer of record numbers, scripts).
trafilatura (Apache-2.0) finds the article's main text and keeps its headings, paragraphs,
lists and `<table>`s; this module turns that into text, with each table written as rows for
the table reader (`table_text`). The title and publication date come from the page's own
metadata (the ArticleTitle and PubDate `<meta>` of government CMSs, else what trafilatura
finds). The page is decoded by the charset it declares (GB2312/GBK read as GB18030, their
superset), else by the usual guess.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import regex

from .reading import InputError, decode_bytes
from .table_text import table_lines

_CHARSET = regex.compile(rb"""<meta[^>]{0,200}?charset\s*=\s*["']?\s*([A-Za-z0-9_\-]+)""", regex.I)
_XML_DECLARATION = regex.compile(r"^\s*<\?xml[^>]*>")
# Charsets pages declare, to the codec that reads them; GB2312 and GBK pages often carry
# characters outside their declared set, so both are read as GB18030.
_CODECS = {"gb2312": "gb18030", "gbk": "gb18030", "x-gbk": "gb18030", "gb18030": "gb18030", "cp936": "gb18030",
           "big5": "big5hkscs", "big5-hkscs": "big5hkscs", "utf-8": "utf-8", "utf8": "utf-8"}
_META_DATE = ("PubDate", "pubdate", "publishdate", "firstpublishedtime", "article:published_time", "citation_date")
# The words of a page's info and tool lines (发布时间：… 浏览次数：2386次 字号：[大 中 小],
# 【打印本页】【关闭窗口】, 分享到): a short element holding one is page furniture, removed
# before the main text is looked for, so that its counts never become figures.
_INFO_WORDS = ("发布时间", "发布日期", "浏览次数", "点击数", "点击量", "阅读次数", "访问量", "字号：", "字号:",
               "打印本页", "关闭窗口", "分享到")
_INFO_LINE = regex.compile("|".join(regex.escape(w) for w in _INFO_WORDS))
_INFO_MAX = 150  # longer elements are content that happens to hold such a word
_ISO_DAY = regex.compile(r"((?:19|20)\d\d)[-/.年](\d{1,2})[-/.月](\d{1,2})")


@dataclass(frozen=True)
class HtmlText:
    text: str
    encoding: str
    title: str | None
    published: str | None


def _decode(data: bytes, source: str) -> tuple[str, str]:
    declared = _CHARSET.search(data[:8192])
    if declared and not data.startswith((b"\xef\xbb\xbf", b"\xff\xfe", b"\xfe\xff")):
        name = declared.group(1).decode("ascii").lower()
        codec = _CODECS.get(name, name)
        try:
            return data.decode(codec), codec
        except (LookupError, UnicodeDecodeError):
            pass  # a wrong or unknown declaration: guess as for a text file
    decoded = decode_bytes(data, source)
    return decoded.text, decoded.encoding


def _iso_day(value: str | None) -> str | None:
    m = _ISO_DAY.search(value or "")
    if not m:
        return None
    year, month, day = int(m.group(1)), int(m.group(2)), int(m.group(3))
    if not (1 <= month <= 12 and 1 <= day <= 31):
        return None
    return f"{year:04d}-{month:02d}-{day:02d}"


def _meta(tree: Any, names: tuple[str, ...]) -> str | None:
    for name in names:
        for el in tree.iter("meta"):
            if (el.get("name") or el.get("property") or "").lower() == name.lower() and el.get("content"):
                return str(el.get("content")).strip()
    return None


def _text(el: Any) -> str:
    return regex.sub(r"\s+", lambda m: " " if "\n" not in m.group() else "", "".join(el.itertext())).strip()


def _main_lines(xml: str) -> list[str]:
    """The lines of trafilatura's XML: headings, paragraphs, list items, quotes, table rows."""
    from lxml import etree

    root = etree.fromstring(xml.encode("utf-8"))
    main = root.find("main")
    if main is None:
        return []
    lines: list[str] = []

    def walk(el: Any) -> None:
        for child in el:
            tag = child.tag
            if tag == "table":
                rows = [[_text(cell) for cell in row.iter("cell")] for row in child.iter("row")]
                width = max((len(r) for r in rows), default=0)
                lines.extend(table_lines([r + [""] * (width - len(r)) for r in rows]))
            elif tag in ("list", "quote", "div"):
                walk(child)
            elif tag in ("p", "head", "item", "code"):
                text = _text(child)
                if text:
                    lines.append(text)
    walk(main)
    return lines


def read_html(data: bytes, source: str) -> HtmlText:
    try:
        import lxml.html
        import trafilatura
    except ImportError:
        raise InputError(source, "reading HTML needs the formats extra: pip install 'wpx[formats]'") from None
    text, encoding = _decode(data, source)
    text = _XML_DECLARATION.sub("", text, count=1)
    try:
        tree = lxml.html.document_fromstring(text)
    except Exception as exc:  # lxml's ParserError and friends
        raise InputError(source, f"unreadable HTML ({type(exc).__name__})") from None
    # Read before trafilatura, which cleans the tree it is given.
    meta_title = _meta(tree, ("ArticleTitle",))
    head_title = tree.findtext(".//title")
    published = _iso_day(_meta(tree, _META_DATE))
    for el in list(tree.iter("div", "p", "span", "td", "li", "table", "ul")):
        words = el.text_content()
        if len(words) <= _INFO_MAX and _INFO_LINE.search(words):
            published = published or _iso_day(words)
            if el.getparent() is not None:
                el.drop_tree()
    # favor_precision: a page's info line (发布时间 … 浏览次数：2386次) and link lists stay out
    xml = trafilatura.extract(
        tree, output_format="xml", include_tables=True, include_comments=False, include_images=False,
        include_links=False, favor_precision=True, with_metadata=True, deduplicate=False,
    )
    lines = _main_lines(xml) if xml else []
    if not lines:
        raise InputError(source, "no article text found in the HTML page")
    from lxml import etree

    found = etree.fromstring(xml.encode("utf-8"))
    title = meta_title or found.get("title") or (head_title.strip() if head_title else None)
    published = published or _iso_day(found.get("date"))
    return HtmlText("\n".join(lines) + "\n", encoding, title or None, published)
