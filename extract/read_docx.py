"""A Word (.docx) file to text: paragraphs and tables in document order, one paragraph a
line, each table as flattened rows for the table reader (`table_text`). Read with
python-docx (MIT), imported only when a .docx is read. A cell merged across columns is
written once (then `—` for the columns it covers), so the columns stay under their headers.
"""

from __future__ import annotations

import io
import zipfile
from typing import Any

from .reading import InputError
from .table_text import table_lines


def _rows(table: Any) -> list[list[str | None]]:
    rows: list[list[str | None]] = []
    for row in table.rows:
        cells: list[str | None] = []
        previous = None
        for cell in row.cells:
            # python-docx repeats a merged cell for each grid column it spans
            cells.append(None if cell._tc is previous else cell.text)
            previous = cell._tc
        rows.append(cells)
    return rows


def read_docx(data: bytes, source: str) -> str:
    try:
        import docx
        from docx.table import Table
        from docx.text.paragraph import Paragraph
    except ImportError:
        raise InputError(source, "reading Word files needs the formats extra: pip install 'wpx[formats]'") from None
    try:
        document = docx.Document(io.BytesIO(data))
    except zipfile.BadZipFile:
        raise InputError(source, "corrupt or truncated .docx (not a whole ZIP archive)") from None
    except KeyError as exc:
        raise InputError(source, f"not a Word document ({exc.args[0] if exc.args else 'part missing'})") from None
    except Exception as exc:  # python-docx and lxml raise several types for damaged parts
        raise InputError(source, f"corrupt .docx ({type(exc).__name__})") from None
    lines: list[str] = []
    for block in document.element.body.iterchildren():
        tag = block.tag.rsplit("}", 1)[-1]
        if tag == "p":
            text = Paragraph(block, document).text.strip()
            if text:
                lines.append(text)
        elif tag == "tbl":
            lines.extend(table_lines(_rows(Table(block, document))))
    if not lines:
        raise InputError(source, "the Word document has no text")
    return "\n".join(lines) + "\n"
