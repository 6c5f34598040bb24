"""cleanse.clean_record: one record in, the same record with cleaned text and a change summary out."""

from __future__ import annotations

import pytest

from cleanse import clean_record, clean_text
from tests.conftest import seed_text


def test_the_text_is_cleaned_as_the_pipeline_cleans_it_and_other_fields_are_kept() -> None:
    text = seed_text("002")
    record = {"id": "002", "lang": "zh", "text": text}
    cleaned = clean_record(record)
    assert cleaned["text"] == clean_text(text)
    assert cleaned["id"] == "002" and cleaned["lang"] == "zh"
    assert record["text"] == text  # the input record is not modified
    summary = cleaned["cleanse"]
    assert summary["passes"]["gbk_repair"]["edits"] == 5
    assert summary["edits"] == sum(c["edits"] for c in summary["passes"].values())


def test_metadata_extracted_from_a_portal_page_is_in_the_summary() -> None:
    metadata = clean_record({"text": seed_text("001")})["cleanse"]["metadata"]
    assert metadata.get("title") and metadata.get("source")


def test_another_text_key_and_summary_key() -> None:
    cleaned = clean_record({"body": "民 族 团 结\n"}, text_key="body", summary_key="changes")
    assert cleaned["body"] == clean_text("民 族 团 结\n") and "changes" in cleaned


def test_bytes_are_decoded_like_a_file_and_the_encoding_named() -> None:
    cleaned = clean_record({"text": "民族团结，繁荣发展。\n".encode("gb18030")})
    assert cleaned["text"] == "民族团结，繁荣发展。\n"
    assert cleaned["cleanse"]["encoding"] == "gb18030"


def test_undecodable_bytes_come_back_unchanged_with_an_error_unless_strict() -> None:
    record = {"text": bytes(range(256)) * 4}
    cleaned = clean_record(record)
    assert cleaned["text"] == record["text"] and cleaned["cleanse"]["error"]
    with pytest.raises(ValueError):
        clean_record(record, strict=True)


@pytest.mark.parametrize("record,error", [({"body": "x"}, KeyError), ({"text": 3}, TypeError)])
def test_a_record_without_text_is_a_clear_error(record: dict, error: type[Exception]) -> None:
    with pytest.raises(error, match="text"):
        clean_record(record)


def test_a_pandas_column_is_cleaned_record_by_record() -> None:
    pd = pytest.importorskip("pandas")
    frame = pd.DataFrame({"id": [1, 2], "text": ["民 族 团 结\n", "發(fā)展\n"]})
    cleaned = pd.DataFrame([clean_record(r) for r in frame.to_dict("records")])
    assert list(cleaned["text"]) == [clean_text(t) for t in frame["text"]]
    assert list(cleaned["id"]) == [1, 2]
