"""Detect a file's encoding and decode it to text, or say clearly why it cannot be.

BOMs decide first; then strict UTF-8; then the encodings Chinese text comes in
(GB18030, Big5, BOM-less UTF-16), charset-normalizer's guess first, each reading of
the file's start weighed by how plausible Chinese it is, the best that decodes the
whole file strictly chosen. A file cut off inside its last character (a truncated
download or copy) is read with U+FFFD for the fragment, which the unicode pass
removes and logs.
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
# The encodings tried when a file is not UTF-8, in this order where two read alike:
# each reading of the file's start is weighed by how plausible Chinese it is.
CANDIDATES = ["gb18030", "big5", "utf_16_le", "utf_16_be"]
SAMPLE_BYTES = 65_536
# A Han character counts as plausible when the language model's running text has it
# this often; ASCII and CJK punctuation always do.
COMMON_COUNT = 30
# A reading less plausible than this is not Chinese text (UTF-16 reads any even number
# of bytes: UTF-8 with stray bytes read so is Hangul and private-use characters).
MIN_PLAUSIBILITY = 0.5
PLAIN = regex.compile(r"[\x21-\x7e，。、；：？！“”‘’（）《》〈〉「」『』【】—…·～％]")
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


def _sample(data: bytes, encoding: str) -> str | None:
    """The start of ``data`` read strictly in ``encoding`` (a character cut at the end of
    the sample waits), or None when it does not read, or does not read as text."""
    try:
        text = codecs.getincrementaldecoder(encoding)().decode(data[:SAMPLE_BYTES], final=False)
    except (UnicodeDecodeError, LookupError):
        return None
    return text if "\x00" not in text and _looks_like_text(text) else None


def _plausibility(text: str) -> float:
    """The share of ``text``'s visible characters that Chinese text is made of: ASCII,
    CJK punctuation, and Han characters common in running text. The wrong
    codec reads rare characters, Hangul or symbols (`中国` in GBK read as Big5 is
    `笢弊`; `Hello 世界` read as UTF-16 is `䡥汬漠쫀뷧`): short files, where
    charset-normalizer's statistics are thin, are read right too."""
    from cleanse.langmodel import frequent_of
    from cleanse.rules import Rules
    from cleanse.text import is_han

    visible = len(text) - sum(1 for c in text if c.isspace())
    if not visible:
        return 0.0
    common = sum(1 for c in frequent_of(Rules(), COMMON_COUNT).findall(text) if is_han(c))
    return (common + len(PLAIN.findall(text))) / visible


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
            if not any(_starts_a_character(data[-cut:], encoding) for encoding in ("utf-8", *CANDIDATES)):
                continue  # no codec starts a character so: the file is not detected again
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
    order = list(dict.fromkeys(([best.encoding] if best is not None else []) + CANDIDATES))
    readings = []
    for rank, encoding in enumerate(order):
        sample = _sample(data, encoding)
        if sample is not None and (plausibility := _plausibility(sample)) >= MIN_PLAUSIBILITY:
            readings.append((plausibility, -rank, encoding))
    for _, _, encoding in sorted(readings, reverse=True):
        text = _strict(data, encoding)
        if text is not None and "\x00" not in text and _looks_like_text(text):
            return text, encoding.replace("_", "-")
    if b"\x00" in data:
        raise DecodeFailure("binary file (NUL bytes, no UTF-16 text found)")
    raise DecodeFailure("not decodable as UTF-8, UTF-16, GB18030 or Big5")
