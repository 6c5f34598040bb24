"""Detect a file's encoding and decode it to text, or say clearly why it cannot be.

BOMs decide first; then strict UTF-8; then charset-normalizer, limited to the
encodings Chinese text comes in, and the answer is checked by decoding strictly. A
file cut off inside its last character (a truncated download or copy) is read with
U+FFFD for the fragment, which the unicode pass removes and logs.
"""

from __future__ import annotations

import codecs

import regex

BOMS = (
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)
CANDIDATES = ["gb18030", "big5", "utf_16_le", "utf_16_be"]
FALLBACKS = ["gb18030", "big5"]
CONTROL = regex.compile(r"[\x00-\x08\x0b\x0e-\x1f\x7f]")
MAX_CONTROL_SHARE = 0.01


class DecodeFailure(ValueError):
    """The bytes are not text in any encoding cleanse reads."""


def _looks_like_text(text: str) -> bool:
    if not text:
        return True
    return len(CONTROL.findall(text)) / len(text) <= MAX_CONTROL_SHARE


def _strict(data: bytes, encoding: str) -> str | None:
    try:
        return data.decode(encoding)
    except (UnicodeDecodeError, LookupError):
        return None


def _starts_a_character(fragment: bytes, encoding: str) -> bool:
    """Are these bytes the start of a character of ``encoding``, cut off?"""
    try:
        return codecs.getincrementaldecoder(encoding)().decode(fragment, final=False) == ""
    except UnicodeError:  # not a start, or a UTF-16 decoder without its byte-order mark
        return False


def decode_bytes(data: bytes) -> tuple[str, str]:
    """Return ``(text, encoding)``; raise ``DecodeFailure`` with a one-line cause."""
    try:
        return _detect(data)
    except DecodeFailure:
        for cut in (1, 2, 3):  # a file cut off inside its last character?
            if len(data) <= cut or data[-cut] < 0x80:
                continue
            try:
                text, encoding = _detect(data[:-cut])
            except DecodeFailure:
                continue
            if _starts_a_character(data[-cut:], encoding):
                return text + "\ufffd", encoding
        raise


def _detect(data: bytes) -> tuple[str, str]:
    if not data:
        return "", "utf-8"
    for bom, encoding in BOMS:
        if data.startswith(bom):
            text = _strict(data, encoding)
            if text is None:
                raise DecodeFailure(f"starts with a {encoding} byte-order mark but is not valid {encoding}")
            return text.lstrip("\ufeff"), encoding.replace("-sig", "")
    text = _strict(data, "utf-8")
    if text is not None and "\x00" not in text:
        return text, "utf-8"
    from charset_normalizer import from_bytes  # imported here: most corpora are UTF-8

    best = from_bytes(data, cp_isolation=CANDIDATES).best()
    tried = [best.encoding] if best is not None else []
    for encoding in tried + [e for e in FALLBACKS if e not in tried]:
        text = _strict(data, encoding)
        if text is not None and "\x00" not in text and _looks_like_text(text):
            return text, encoding.replace("_", "-")
    if b"\x00" in data:
        raise DecodeFailure("binary file (NUL bytes, no UTF-16 text found)")
    raise DecodeFailure("not decodable as UTF-8, UTF-16, GB18030 or Big5")
