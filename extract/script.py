"""Traditional script read as simplified, one character for one, so offsets do not move.

    2022年全市專利授權量8萬3,211件，同比增長5.2%   ->   …专利授权量8万3,211件，同比增长5.2%

Only the repaired text that the extractors read is folded; every record's `text` is still the
original surface. The character table comes from OpenCC's TSCharacters dictionary (the
`opencc-python-reimplemented` package), keeping the one-to-one mappings whose source is not
itself a standard simplified character (著 in 著作权 stays 著).
"""

from __future__ import annotations

from functools import cache
from importlib import resources

from . import rx

# Characters that only traditional text uses, and often: a simplified document has none, so a
# few of them mark a document (or a quoted passage) worth folding.
_MARKERS = rx.compile("[們這個與為國會區時對經過還進開關發學點當產權專萬億兩條實際總額數據報統計]")
_MIN_MARKERS = 1  # folding a simplified text is a no-op, so one marker is enough
_ALSO_SIMPLIFIED = {"於": "于", "後": "后", "裡": "里", "裏": "里"}


@cache
def _table() -> dict[int, int]:
    """Code point map traditional -> simplified, loaded once per process on first use."""
    path = resources.files("opencc").joinpath("dictionary").joinpath("TSCharacters.txt")
    table: dict[int, int] = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        source, _, targets = line.partition("\t")
        target = targets.split(" ")[0] if targets else ""
        if len(source) != 1 or len(target) != 1 or source == target:
            continue
        try:
            source.encode("gb2312")
            continue  # also a standard simplified character: 著, 乾, 余 keep their own reading
        except UnicodeEncodeError:
            table[ord(source)] = ord(target)
    # Traditional forms that GB2312 also lists but that a simplified text writes otherwise.
    table.update({ord(t): ord(s) for t, s in _ALSO_SIMPLIFIED.items()})
    return table


def is_traditional(text: str) -> bool:
    markers = 0
    for _ in _MARKERS.finditer(text):
        markers += 1
        if markers >= _MIN_MARKERS:
            return True
    return False


def fold_traditional(text: str) -> str:
    """The text with traditional characters replaced by simplified ones; same length."""
    if not is_traditional(text):
        return text
    return text.translate(_table())
