from cleanse.byte_lattice import lost_side_by_side, pair_table, readings
from cleanse.passes.mojibake import lost_byte_options, lost_byte_template


def _slots(damaged: str, wrong: str) -> tuple[list, dict[int, int]]:
    slots, boundaries, _ = lost_byte_template(damaged, wrong, len(damaged))
    return slots, boundaries


def _left_raw(damaged: str):  # leaving a character of the damage as it stands costs much
    return lambda j, last: -100.0 * (len(damaged) - j)


def _favouring(chars: str):  # a toy model: the characters of ``chars`` are likely, the rest not
    return lambda before, char: 0.0 if char in chars else -5.0


def test_a_lost_lead_is_read_from_the_codec_and_the_model() -> None:
    original = "現在還是"  # 在 is A6 62: GBK cannot read A6 62 and reads `�b`
    damaged = original.encode("big5").decode("gbk", errors="replace")
    assert "\ufffdb" in damaged
    slots, boundaries = _slots(damaged, "gbk")
    found = readings(slots, "big5", "gbk", boundaries, _favouring(original), _left_raw(damaged),
                     lambda c: True, "")
    assert found[0].text == original and found[0].end == len(damaged)
    # every lead GBK could not read before b (A1-A7) is a reading, each its own bytes
    leads = lost_byte_options("gbk", b"b")
    assert {r.text[1] for r in found} == {bytes([x, 0x62]).decode("big5") for x in leads if x in pair_table("big5")}
    assert all(r.data.decode("big5") == r.text and r.end == found[0].end for r in found)


def test_readings_end_where_the_best_does_and_may_leave_the_rest() -> None:
    """A reading may stop at any character of the text: the rest is then scored as it
    stands by ``finish``; here the rest reads far better, so the readings stop early."""
    damaged = "現在還是".encode("big5").decode("gbk", errors="replace")
    slots, boundaries = _slots(damaged, "gbk")
    found = readings(slots, "big5", "gbk", boundaries, _favouring("現在"),
                     lambda j, last: 0.0 if j == 1 else -100.0, lambda c: True, "")
    assert found and all(r.end == 1 for r in found)


def test_two_lost_bytes_side_by_side_must_read_as_two_replacements() -> None:
    side_by_side = lost_side_by_side("gbk")
    assert (0xA8, 0xFC) in side_by_side  # 受 in Big5: GBK reads neither byte
    assert (0xB0, 0xA1) not in side_by_side  # 啊 in GBK: one character, not two U+FFFDs
    damaged = "再受窮".encode("big5").decode("gbk", errors="replace")
    assert "\ufffd\ufffd" in damaged
    slots, boundaries = _slots(damaged, "gbk")
    found = readings(slots, "big5", "gbk", boundaries, _favouring("再受窮"), _left_raw(damaged),
                     lambda c: True, "")
    assert found[0].text == "再受窮"
    for reading in found:  # every reading reads back as the damage
        assert reading.data.decode("gbk", errors="replace") == damaged[: reading.end]


def test_what_a_repair_may_not_write_is_never_read() -> None:
    damaged = "現在還是".encode("big5").decode("gbk", errors="replace")
    slots, boundaries = _slots(damaged, "gbk")
    found = readings(slots, "big5", "gbk", boundaries, _favouring("現在還是"), _left_raw(damaged),
                     lambda c: c != "在", "")
    assert found and all("在" not in r.text for r in found)


def test_the_pair_table_is_the_codecs_own() -> None:
    assert pair_table("big5")[0xA6][0x62] == "在" and 0x62 not in pair_table("gbk").get(0xA6, {})
