"""Listing the store as a table, CSV or JSON, for a topic and as of a date."""

from __future__ import annotations

import datetime
import io
import json
from pathlib import Path

import pandas as pd

from briefgen.facts import load_store
from briefgen.facts.commands import list_command
from briefgen.facts.store import FRAME_COLUMNS

MINI = Path(__file__).resolve().parent / "roots" / "facts-mini"


def test_frame_is_one_row_per_visible_observation():
    frame = load_store(MINI).frame
    assert tuple(frame.columns) == (*FRAME_COLUMNS, "label_en", "label_fr")
    assert len(frame) == 8
    row = frame[(frame["id"] == "laoshan.robot_output") & (frame["period"] == "2022")].iloc[0]
    assert (row["value"], row["qualifier"], row["converted_value"], row["converted_unit"]) == (
        3_500_000_000, "more_than", 507_000_000, "USD")
    assert row["published"] == datetime.date(2023, 5, 10)
    assert len(load_store(MINI, as_of=datetime.date(2023, 12, 31)).frame) == 4


def test_frame_is_a_copy():
    store = load_store(MINI)
    frame = store.frame
    frame.loc[:, "value"] = 0
    assert list(store.frame["value"])[:2] == [120, 150]


def test_table_lists_each_observation_on_a_line():
    lines = list_command(MINI, "economy", None, "table").splitlines()
    assert lines[0].split() == ["id", "period", "value", "unit", "qualifier", "status", "source", "published"]
    assert lines[1].split() == ["laoshan.robotics_firms", "2022", "120", "count", "exact", "actual", "report_en", "2023-05-10"]
    assert len(lines) == 1 + 6
    assert list_command(MINI, None, datetime.date(2000, 1, 1), "table") == "no observations"


def test_csv_reads_back_with_pandas():
    frame = pd.read_csv(io.StringIO(list_command(MINI, None, None, "csv")), dtype=str, keep_default_na=False)
    assert tuple(frame.columns) == (*FRAME_COLUMNS, "label_en", "label_fr")
    assert len(frame) == 8
    opened = frame[frame["id"] == "laoshan.robotics_park_opened"].iloc[0]
    assert (opened["value"], opened["unit"], opened["quote"]) == ("2021-03", "date", "The robotics park, opened in March 2021")
    assert set(frame["topic"]) == {"economy", "park"}


def test_json_carries_labels_quotes_and_conversions():
    records = json.loads(list_command(MINI, None, datetime.date(2023, 12, 31), "json"))
    assert [(r["id"], r["period"]) for r in records] == [
        ("laoshan.robotics_firms", "2022"),
        ("laoshan.robotics_growth", "2022"),
        ("laoshan.robot_output", "2022"),
        ("laoshan.export_share", "2022"),
    ]
    firms, _, output, share = records
    assert firms["label"] == {"fr": "entreprises de robotique", "en": "robotics firms"}
    assert firms["also"] == [{"source": "report_fr", "quote": "En 2022, Laoshan comptait 120 entreprises de robotique"}]
    assert (firms["source"], firms["published"], firms["status"], firms["converted"]) == ("report_en", "2023-05-10", "actual", None)
    assert output["converted"] == {"value": 507_000_000, "unit": "USD"}
    assert (share["value"], share["unit"], share["qualifier"]) == (40, "percent", "nearly")


def test_also_quotes_from_sources_not_yet_published_are_hidden():
    """The French edition is dated May 2023, so on 10 May it may not have appeared yet."""
    day = load_store(MINI, as_of=datetime.date(2023, 5, 10))
    assert day.latest("laoshan.robotics_firms").also == ()
    assert set(day.sources) == {"report_en"}
    month_end = load_store(MINI, as_of=datetime.date(2023, 5, 31))
    assert [q.source_id for q in month_end.latest("laoshan.robotics_firms").also] == ["report_fr"]
