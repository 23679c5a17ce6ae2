"""The jieba tokenizer's cache file: a cached tokenizer cuts exactly as a freshly built one, and
a cache that is corrupt, stale, unwritable or not ours is passed over, never an error."""

from __future__ import annotations

import marshal
import tempfile
from pathlib import Path

import pytest

from extract.meaning import keys, segment

# (phrase, its words): domain words stay whole (object + action, a place, an agency's short name).
CUTS = [
    ("新增国内发明专利授权", ["新增", "国内", "发明专利授权"]),
    ("德国植物新品种申请", ["德国", "植物新品种申请"]),
    ("受理软件著作权登记", ["受理", "软件著作权登记"]),
]


def _reset() -> None:
    segment.tokenizer.cache_clear()
    segment.names_no_thing.cache_clear()


@pytest.fixture(autouse=True)
def cache_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    directory = tmp_path / "cache"
    monkeypatch.setenv("WPX_CACHE_DIR", str(directory))
    _reset()
    yield directory
    _reset()  # other test files get a tokenizer of their own cache dir


def _cuts() -> list[list[str]]:
    return [segment.words_of(phrase) for phrase, _ in CUTS]


def _no_build(monkeypatch: pytest.MonkeyPatch) -> None:
    def fail() -> None:
        raise AssertionError("built, not read from the cache")

    monkeypatch.setattr(segment, "_build", fail)


def test_cached_tokenizer_cuts_as_a_fresh_one(cache_dir: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    fresh = segment._build()
    assert _cuts() == [words for _, words in CUTS]
    assert segment.names_no_thing("加快推进")  # only verbs
    assert not segment.names_no_thing("专利申请")
    files = list(cache_dir.glob("segment-*.marshal"))
    assert len(files) == 1
    assert not list(cache_dir.glob("*.tmp"))  # the temp file was renamed, not left behind

    _reset()
    _no_build(monkeypatch)
    tok, tags = segment.tokenizer()
    assert (tok.FREQ, tok.total, tags) == fresh  # the whole dictionary, not only these phrases
    assert _cuts() == [words for _, words in CUTS]
    assert segment.names_no_thing("加快推进")
    assert not segment.names_no_thing("专利申请")


@pytest.mark.parametrize("damage", ["garbage", "truncated", "empty", "other key", "wrong shape"])
def test_a_bad_cache_file_is_rebuilt(cache_dir: Path, damage: str) -> None:
    segment.tokenizer()
    (path,) = cache_dir.glob("segment-*.marshal")
    good = path.read_bytes()
    key, _, total, tags = marshal.loads(good)
    bad = {
        "garbage": b"\x00not marshal\xff" * 10,
        "truncated": good[: len(good) // 2],
        "empty": b"",
        # a valid file of another key (as after an edit of a data table), that knows no word
        "other key": marshal.dumps(("0" * 32, {}, total, tags)),
        "wrong shape": marshal.dumps([key, tags]),
    }[damage]
    path.write_bytes(bad)

    _reset()
    assert _cuts() == [words for _, words in CUTS]
    assert marshal.loads(path.read_bytes())[0] == key  # written again, whole


def test_an_unwritable_cache_dir_still_works(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    not_a_dir = tmp_path / "file"
    not_a_dir.write_text("a file where the cache dir should be", encoding="utf-8")
    monkeypatch.setenv("WPX_CACHE_DIR", str(not_a_dir / "cache"))
    assert _cuts() == [words for _, words in CUTS]
    monkeypatch.setenv("WPX_CACHE_DIR", str(not_a_dir))
    _reset()
    assert _cuts() == [words for _, words in CUTS]
    assert not_a_dir.read_text(encoding="utf-8") == "a file where the cache dir should be"


def test_a_shared_default_dir_that_others_can_write_is_not_used(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """In the shared temp dir a `wpx` directory others can write to may hold anyone's file."""
    monkeypatch.delenv("WPX_CACHE_DIR")
    monkeypatch.setattr(tempfile, "gettempdir", lambda: str(tmp_path))
    shared = tmp_path / "wpx"
    shared.mkdir()
    shared.chmod(0o777)
    jieba = segment._import_jieba()
    key = segment._cache_key(jieba.__version__)
    _, total, tags = segment._build()
    planted: dict[str, int] = {}  # no word known: a phrase would fall apart into characters
    (shared / f"segment-{key}.marshal").write_bytes(marshal.dumps((key, planted, total, tags)))
    assert _cuts() == [words for _, words in CUTS]


def test_the_default_dir_is_made_private(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("WPX_CACHE_DIR")
    monkeypatch.setattr(tempfile, "gettempdir", lambda: str(tmp_path))
    segment.tokenizer()
    assert (tmp_path / "wpx").stat().st_mode & 0o077 == 0
    assert len(list((tmp_path / "wpx").glob("segment-*.marshal"))) == 1


def test_the_key_covers_every_table_the_domain_words_read(monkeypatch: pytest.MonkeyPatch) -> None:
    read: set[str] = set()
    real = segment.read_table

    def recording(name: str) -> list[dict[str, str]]:
        read.add(name)
        return real(name)

    monkeypatch.setattr(segment, "read_table", recording)
    monkeypatch.setattr(keys, "read_table", recording)
    keys.region_names.cache_clear()  # cached: it must read its tables again here
    segment._domain_words()
    keys.region_names.cache_clear()
    assert read == set(segment.DOMAIN_TABLES)


def test_the_key_changes_with_jiebas_version() -> None:
    assert segment._cache_key("0.42.1") != segment._cache_key("0.42.2")
    assert segment._cache_key("0.42.1") == segment._cache_key("0.42.1")
