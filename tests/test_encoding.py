import codecs

import pytest

from cleanse.encoding import DecodeFailure, decode_bytes

TEXT = "民族团结一家亲，南城社区党委立足“红石榴”品牌寓意，坚持党建引领。"
TRADITIONAL = "民族團結一家親，南城社區黨委立足「紅石榴」品牌寓意，堅持黨建引領。"


@pytest.mark.parametrize(
    "data, encoding",
    [
        (TEXT.encode("utf-8"), "utf-8"),
        (codecs.BOM_UTF8 + TEXT.encode("utf-8"), "utf-8"),
        (TEXT.encode("utf-16"), "utf-16"),
        (TEXT.encode("gbk"), "gb18030"),
        (TEXT.encode("gb18030"), "gb18030"),
        (TRADITIONAL.encode("big5"), "big5"),
        (TEXT.encode("utf-16-le"), "utf-16-le"),
    ],
)
def test_detects_and_decodes(data: bytes, encoding: str) -> None:
    text, found = decode_bytes(data)
    assert found == encoding
    assert text in (TEXT, TRADITIONAL)


def test_empty_file_is_empty_text() -> None:
    assert decode_bytes(b"") == ("", "utf-8")


@pytest.mark.parametrize("data", [bytes(range(256)) * 4, b"\x00\x01\x02\xff\xfe" * 50])
def test_binary_is_refused_with_a_cause(data: bytes) -> None:
    with pytest.raises(DecodeFailure, match="binary|not decodable"):
        decode_bytes(data)


@pytest.mark.parametrize("encoding, found, cut", [("utf-8", "utf-8", 1), ("utf-8", "utf-8", 2),
                                                  ("gbk", "gb18030", 1), ("big5", "big5", 1)])
def test_a_file_cut_inside_its_last_character_keeps_its_encoding(encoding: str, found: str, cut: int) -> None:
    """A truncated download: every character but the cut one is read, in the file's own
    encoding, and the fragment becomes U+FFFD (which the unicode pass removes and logs)."""
    whole = (TRADITIONAL if encoding == "big5" else TEXT).encode(encoding)
    text, detected = decode_bytes(whole[: len(whole) - cut])
    assert detected == found
    assert text == (TRADITIONAL if encoding == "big5" else TEXT)[:-1] + "\ufffd"


def test_bytes_that_are_not_a_cut_character_are_still_refused() -> None:
    data = TEXT.encode("utf-8") + b"\xff\xfe\x80"
    with pytest.raises(DecodeFailure, match="not decodable"):
        decode_bytes(data)


@pytest.mark.parametrize("text, encoding, found", [
    ("中国", "gbk", "gb18030"),
    ("会议", "gbk", "gb18030"),
    ("Hello 世界", "gbk", "gb18030"),
    ("新华社北京3月5日电", "gbk", "gb18030"),
    ("兩岸關係", "big5", "big5"),
    ("經濟發展", "big5", "big5"),
    ("兩岸關係", "gbk", "gb18030"),
    ("臺灣", "utf-16-le", "utf-16-le"),
])
def test_a_short_file_is_read_in_the_encoding_that_reads_as_chinese(text: str, encoding: str, found: str) -> None:
    """Two to ten characters give charset-normalizer little to go on (it read `中国` in
    GBK as Big5 `笢弊`, `Hello 世界` as UTF-16 `䡥汬漠쫀뷧`); the reading made of common
    characters wins."""
    assert decode_bytes(text.encode(encoding)) == (text, found)
