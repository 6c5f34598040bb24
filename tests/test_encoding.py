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
