"""wpx: Chinese government white papers in, typed and verifiable records out.

    >>> import extract
    >>> doc = extract.extract_text("2021年，全市发明专利授权量10210件，同比增长18.2%。")
    >>> [(r.text, r.value) for r in doc.records if r.type == "quantity"]
    [('10210件', Decimal('10210')), ('18.2%', Decimal('18.2'))]
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

__version__ = "0.2.0"

if TYPE_CHECKING:
    from pathlib import Path

    from .models import Document

__all__ = ["__version__", "extract_text", "extract_file"]


def extract_text(text: str, **metadata: Any) -> "Document":
    """Extract every record from a decoded document. `metadata` (source, region, year, title,
    issuer, published) overrides what the header says."""
    from .pipeline import extract_text as _extract_text

    return _extract_text(text, **metadata)


def extract_file(path: "str | Path", **metadata: Any) -> "Document":
    """Read a file (UTF-8, GB18030, Big5 …) and extract it; raises `InputError` on bad input."""
    from .pipeline import extract_file as _extract_file

    return _extract_file(path, **metadata)
