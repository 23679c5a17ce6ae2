"""Word boundaries for metric phrases, with jieba and a compact dictionary.

jieba's full dictionary costs about 0.75 s and 90 MB to load, more than a whole cold `wpx
extract`; the words a metric phrase needs are common ones and the domain's own. So the tokenizer
loads `extract/data/jieba_compact.txt` (jieba's own dictionary cut to its frequent words and its
less frequent verbs, adverbs, prepositions and conjunctions, with their part-of-speech tags) and then the domain vocabulary of
`extract/data/` as user words (metric phrases and keys, the objects and actions of key_words.tsv,
agency names, regions), tagged as nouns, so that 专利申请 or 知识产权局 stay one word.

It is loaded lazily, once per process, the first time the linker asks about a phrase; only the
phrase read before a figure is segmented, never the whole text. Rebuild the compact dictionary
from the installed jieba with `python -m extract.meaning.segment --build`.

Building the prefix dictionary is 25-60 ms of Python loops in every new process, so, as jieba
does for its own dictionary, the built one is cached with `marshal` in a file of `WPX_CACHE_DIR`
(else `wpx/` under the system temp dir) named by a hash of all it is built from: the dictionary's
and the domain tables' bytes, the source of the code that reads them, jieba's and wpx's versions.
A cache that cannot be read or written is passed over: the tokenizer is then built as without one.

    names_no_thing("落地推进") -> True    only verbs: the measured noun follows the figure
    words_of("新增国内发明专利授权") -> ["新增", "国内", "发明专利授权"]   a domain word stays whole
"""

from __future__ import annotations

import hashlib
import marshal
import os
import sys
import tempfile
from functools import cache, lru_cache
from importlib import resources
from pathlib import Path
from typing import Any

from .. import __version__, ruledata
from ..ruledata import read_table
from . import keys
from .keys import region_names

DICTIONARY = "jieba_compact.txt"
MIN_FREQUENCY = 1000  # jieba words at least this frequent go into the compact dictionary
FUNCTION_MIN_FREQUENCY = 30  # and verbs, adverbs, prepositions… at least this frequent
DOMAIN_FREQUENCY = 20000  # high enough that a domain word wins over its parts
# Tags of words a metric phrase may not end on: verbs, prepositions, conjunctions, adverbs
# (jieba's ICTCLAS tags; vn, a verbal noun such as 登记 in 作品登记, is a noun here).
FUNCTION_TAGS = frozenset({"v", "vd", "p", "c", "d", "u", "ud", "uj", "ul", "uz", "ug", "uv"})
# The tables _domain_words reads (region_names reads regions.tsv and key_words.tsv): the cache key
# hashes their bytes, so a table added there must be named here (tests/test_segment.py checks).
DOMAIN_TABLES = ("metrics.tsv", "key_words.tsv", "agencies.tsv", "regions.tsv",
                 "attribute_nouns.tsv", "generic_nouns.tsv", "whole_nouns.tsv")
CACHE_FORMAT = 1  # bump when the cached tuple changes shape

Built = tuple[dict[str, int], int, dict[str, str]]  # jieba's FREQ and total, and each word's tag


def _domain_words() -> set[str]:
    words: set[str] = set()
    for row in read_table("metrics.tsv"):
        words.update((row["phrase"], row["metric_key"]))
    key_rows = read_table("key_words.tsv")
    actions = [r["word"] for r in key_rows if r["kind"] == "action"]
    for row in key_rows:
        if row["kind"] in ("object", "place"):
            words.add(row["word"])
        if row["kind"] == "object":  # 专利申请, 作品登记: an indicator's name is one noun
            words.update(row["word"] + a for a in actions)
    for row in read_table("agencies.tsv"):
        words.add(row["canonical"])
        words.update(a for a in row.get("aliases", "").split("|") if a and "{" not in a)
    words.update(region_names())  # read once for the keys as well
    for table in ("attribute_nouns.tsv", "generic_nouns.tsv", "whole_nouns.tsv"):
        words.update(row["word"] for row in read_table(table))
    return {w for w in words if len(w) >= 2 and " " not in w and "{" not in w}


def _import_jieba() -> Any:
    """Import jieba here, not at the top: extraction paths that never link never pay for it.
    jieba imports pkg_resources (over 100 ms) only to find its own dictionary files, which the
    compact dictionary replaces; it falls back to plain paths when that import fails."""
    if "jieba" in sys.modules or "pkg_resources" in sys.modules:
        import jieba

        return jieba
    sys.modules["pkg_resources"] = None  # type: ignore[assignment]  # makes `import pkg_resources` fail
    try:
        import jieba
    finally:
        del sys.modules["pkg_resources"]
    return jieba


def _build() -> Built:
    """The prefix dictionary of the compact dictionary and the domain words, its total, the tags."""
    freq: dict[str, int] = {}
    tags: dict[str, str] = {}
    total = 0
    text = resources.files("extract").joinpath("data").joinpath(DICTIONARY).read_text(encoding="utf-8")
    prefix = freq.setdefault
    for line in text.splitlines():
        if not line or line[0] == "#":
            continue
        word, count, tag = line.split(" ")
        n = int(count)
        freq[word] = n
        tags[word] = tag
        total += n
        for i in range(1, len(word)):  # jieba's prefix dictionary: every prefix is a key
            prefix(word[:i], 0)
    for word in _domain_words():
        if freq.get(word, 0) < DOMAIN_FREQUENCY:
            total += DOMAIN_FREQUENCY - freq.get(word, 0)
            freq[word] = DOMAIN_FREQUENCY
            for i in range(1, len(word)):
                freq.setdefault(word[:i], 0)
        tags[word] = "n"
    return freq, total, tags


def cache_dir() -> tuple[Path, bool]:
    """WPX_CACHE_DIR, else `wpx` in the system temp dir (where jieba keeps its own cache); and
    whether it is that shared default, where only a directory of our own is used."""
    chosen = os.environ.get("WPX_CACHE_DIR")
    return (Path(chosen), False) if chosen else (Path(tempfile.gettempdir()) / "wpx", True)


def _cache_key(jieba_version: str) -> str:
    """A hash of everything the built dictionary depends on: data bytes, the code that reads
    them (a changed rule in a checkout must not meet a stale cache), the versions."""
    digest = hashlib.sha256(f"wpx {__version__} jieba {jieba_version} format {CACHE_FORMAT}".encode())
    data = resources.files("extract").joinpath("data")
    sources = [(name, data.joinpath(name).read_bytes()) for name in (DICTIONARY, *DOMAIN_TABLES)]
    sources += [(m.__name__, Path(m.__file__).read_bytes()) for m in (sys.modules[__name__], keys, ruledata)]
    for name, content in sources:
        digest.update(b"\0%s\0%d\0" % (name.encode(), len(content)))
        digest.update(content)
    return digest.hexdigest()[:32]


def _own(directory: Path) -> bool:
    """A directory only this user can have written to: the default one is in a shared temp dir,
    where another user's file must not decide our word boundaries."""
    if not hasattr(os, "getuid"):
        return True
    st = directory.stat()
    return st.st_uid == os.getuid() and not st.st_mode & 0o022


def _load(path: Path, key: str, shared: bool) -> Built | None:
    """The cached dictionary when the file is there, ours and whole; None otherwise."""
    try:
        if shared and not _own(path.parent):
            return None
        # one read, then loads: marshal.load on a file reads it object by object, 5x slower here
        loaded = marshal.loads(path.read_bytes())
    except (OSError, EOFError, ValueError, TypeError):  # absent, unreadable, truncated, corrupt
        return None
    if not (isinstance(loaded, tuple) and len(loaded) == 4 and loaded[0] == key
            and isinstance(loaded[1], dict) and isinstance(loaded[2], int) and isinstance(loaded[3], dict)):
        return None
    return loaded[1], loaded[2], loaded[3]


def _store(path: Path, key: str, built: Built, shared: bool) -> None:
    """Write the cache atomically (a temp file, then os.replace), or not at all."""
    tmp = None
    try:
        path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
        if shared and not _own(path.parent):
            return
        fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=path.name + ".", suffix=".tmp")
        with os.fdopen(fd, "wb") as f:
            f.write(marshal.dumps((key, *built)))
        os.replace(tmp, path)
        tmp = None
    except (OSError, ValueError):  # read-only, full or no directory: run without a cache
        pass
    finally:
        if tmp is not None:
            try:
                os.unlink(tmp)
            except OSError:
                pass


@cache
def tokenizer() -> tuple[Any, dict[str, str]]:
    """The jieba tokenizer on the compact dictionary and the domain words, and each word's tag.
    Built once per process, on first use, or read from the cache file."""
    jieba = _import_jieba()
    jieba.setLogLevel(60)
    try:
        key = _cache_key(jieba.__version__)
    except (OSError, AttributeError, TypeError):  # a source not readable as a file: no cache
        key = None
    directory, shared = cache_dir()
    path = directory / f"segment-{key}.marshal"
    built = _load(path, key, shared) if key else None
    if built is None:
        built = _build()
        if key:
            _store(path, key, built, shared)
    freq, total, tags = built
    tok = jieba.Tokenizer()
    tok.FREQ, tok.total, tok.initialized = freq, total, True  # never jieba's own dictionary or cache
    return tok, tags


def words_of(phrase: str) -> list[str]:
    """The words of a short phrase (no HMM: unknown words fall apart into characters rather than
    being guessed, so that a boundary is only ever a dictionary's)."""
    tok, _ = tokenizer()
    return list(tok.cut(phrase, HMM=False))


def last_word(phrase: str) -> tuple[str, str]:
    """The last word of a phrase and its tag ("x" when the dictionary has none)."""
    words = words_of(phrase)
    if not words:
        return "", "x"
    return words[-1], tokenizer()[1].get(words[-1], "x")


@lru_cache(maxsize=8192)  # bounded: a batch process reads many papers
def names_no_thing(phrase: str) -> bool:
    """网上售卖, 落地推进: the phrase ends on a verb, preposition, conjunction or adverb and has
    no noun of its own (经费投入 has 经费: it names what is measured)."""
    words = words_of(phrase)
    if not words:
        return False
    tags = tokenizer()[1]
    if len(words[-1]) < 2 or tags.get(words[-1], "x") not in FUNCTION_TAGS:
        return False
    return not any(len(w) >= 2 and tags.get(w, "x")[:1] in ("n", "x") or tags.get(w) == "vn" for w in words)


def build(target: Path, min_frequency: int = MIN_FREQUENCY) -> int:
    """Write the compact dictionary from the installed jieba's full one: words at least
    `min_frequency` frequent, and function words `FUNCTION_MIN_FREQUENCY` frequent. Returns the
    number of entries."""
    jieba = _import_jieba()

    source = Path(jieba.__file__).with_name("dict.txt")
    kept = []
    for line in source.read_text(encoding="utf-8").splitlines():
        word, count, tag = line.split(" ")
        # the words a phrase may end on (verbs, adverbs…) matter most: keep rarer ones of them
        # (a single character needs no entry: jieba always allows one, and no rule reads its tag)
        if int(count) >= min_frequency or (tag in FUNCTION_TAGS and int(count) >= FUNCTION_MIN_FREQUENCY and len(word) > 1):
            kept.append(f"{word} {count} {tag}")
    header = (f"# jieba {jieba.__version__} dict.txt (MIT licence, https://github.com/fxsjy/jieba), cut to words of "
              f"frequency >= {min_frequency}, verbs, adverbs, prepositions and conjunctions of frequency >= "
              f"{FUNCTION_MIN_FREQUENCY}: word frequency tag.\n"
              f"# Rebuild: python -m extract.meaning.segment --build\n")
    target.write_text(header + "\n".join(kept) + "\n", encoding="utf-8")
    return len(kept)


if __name__ == "__main__":
    if sys.argv[1:] == ["--build"]:
        path = Path(__file__).resolve().parents[1] / "data" / DICTIONARY
        print(f"{path}: {build(path)} entries")
    else:
        print("usage: python -m extract.meaning.segment --build", file=sys.stderr)
        sys.exit(2)
