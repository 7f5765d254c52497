# SPDX-License-Identifier: AGPL-3.0-or-later
"""Timestamp columns: every supported form, one reading per column, DST rule, invalid rows, speed-safe paths."""
from __future__ import annotations

from datetime import datetime, timedelta, timezone as dt_timezone
from zoneinfo import ZoneInfo

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings, strategies as st

from rpa_finder.errors import BadDataError, UsageError
from rpa_finder.ingest.timestamps import parse_timestamps

from conftest import dataset

HELSINKI = ZoneInfo("Europe/Helsinki")


def parse(values, **kwargs):
    raw = values if isinstance(values, pd.Series) else pd.Series(values, dtype="str")
    return parse_timestamps(raw, column="Aikaleima", file="loki.csv", **kwargs)


def local(text: str) -> pd.Timestamp:
    """Helsinki wall-clock time as a UTC instant (fold=0: the first reading, as the DST rule says)."""
    wall = datetime.fromisoformat(text).replace(tzinfo=HELSINKI)
    return pd.Timestamp(wall.astimezone(dt_timezone.utc))


@pytest.mark.parametrize("text, wall, fmt", [
    ("28.11.2026", "2026-11-28 00:00", "%d.%m.%Y"),
    ("28.11.2026 14:05", "2026-11-28 14:05", "%d.%m.%Y %H:%M"),
    ("28.11.2026 14:05:30", "2026-11-28 14:05:30", "%d.%m.%Y %H:%M:%S"),
    ("1.2.2026 9:05", "2026-02-01 09:05", "%d.%m.%Y %H:%M"),
    ("28.11.2026 klo 14.05", "2026-11-28 14:05", "%d.%m.%Y klo %H.%M"),
    ("28.11.2026 14.05.30", "2026-11-28 14:05:30", "%d.%m.%Y %H.%M.%S"),
    ("2026-11-28 14:05", "2026-11-28 14:05", "ISO 8601"),
    ("2026-11-28T14:05:30.250", "2026-11-28 14:05:30.250", "ISO 8601"),
    ("28/11/2026 14:05", "2026-11-28 14:05", "%d/%m/%Y %H:%M"),
    ("11/28/2026 2:05 PM", "2026-11-28 14:05", "%m/%d/%Y %I:%M %p"),
])
def test_each_naive_form_reads_as_helsinki_wall_clock(text, wall, fmt):
    parsed = parse([text, None, text])
    assert parsed.format == fmt
    assert parsed.values.iloc[0] == local(wall)
    assert parsed.values.isna().tolist() == [False, True, False]
    assert not parsed.invalid.any()  # a missing value is missing, not invalid
    assert str(parsed.values.dtype) == "datetime64[ns, UTC]"


@pytest.mark.parametrize("text, utc", [
    ("2026-11-28T14:05:30+02:00", "2026-11-28 12:05:30"),
    ("2026-11-28 14:05:30.123+0200", "2026-11-28 12:05:30.123"),
    ("2026-11-28T12:05:30Z", "2026-11-28 12:05:30"),
    ("2026-06-28T14:05:00-04:00", "2026-06-28 18:05:00"),
])
def test_iso_offsets_give_the_exact_instant(text, utc):
    parsed = parse([text])
    assert parsed.format == "ISO 8601"
    assert parsed.values.iloc[0] == pd.Timestamp(utc, tz="UTC")


def test_mixed_summer_and_winter_offsets_in_one_column():
    parsed = parse(["2026-06-28T14:00:00+03:00", "2026-11-28T14:00:00+02:00", "2026-11-28T14:00:00"])
    assert parsed.values.tolist() == [pd.Timestamp("2026-06-28 11:00", tz="UTC"),
                                      pd.Timestamp("2026-11-28 12:00", tz="UTC"), local("2026-11-28 14:00")]


def test_receipt_csv_with_real_mixed_offsets_matches_pandas():
    frame = pd.read_csv(dataset("receipt_wabo/receipt_WABO_CoSeLoG.csv.gz"), usecols=["time:timestamp"])
    raw = frame["time:timestamp"]
    parsed = parse_timestamps(raw, column="time:timestamp", file="receipt.csv")
    assert parsed.format == "ISO 8601"
    assert not parsed.invalid.any() and parsed.values.notna().all()
    expected = pd.to_datetime(raw, format="ISO8601", utc=True).astype("datetime64[ns, UTC]")
    pd.testing.assert_series_equal(parsed.values, expected, check_names=False)
    assert parsed.date_only is False and parsed.date_only_share < 0.01


def test_day_first_and_month_first_slashes_are_told_apart_by_a_day_over_12():
    assert parse(["03/04/2026", "13/04/2026"]).values.iloc[0] == local("2026-04-03 00:00")
    assert parse(["03/04/2026", "04/13/2026"]).values.iloc[0] == local("2026-03-04 00:00")


def test_ambiguous_slash_column_is_refused_naming_the_column():
    with pytest.raises(BadDataError, match=r"loki\.csv: column 'Aikaleima': .*'03/04/2026 10:00'.*--date-format") as info:
        parse(["03/04/2026 10:00", "05/06/2026 11:00", "07/08/2026 12:00"])
    assert "%d/%m/%Y %H:%M" in str(info.value) and "%m/%d/%Y %H:%M" in str(info.value)
    assert info.value.exit_code == 65


def test_same_day_and_month_everywhere_is_not_ambiguous():
    assert parse(["01/01/2026", "02/02/2026"]).values.iloc[1] == local("2026-02-02 00:00")


def test_explicit_format_wins_and_is_never_second_guessed():
    parsed = parse(["03/04/2026", "05/06/2026"], date_format="%m/%d/%Y")
    assert parsed.format == "%m/%d/%Y"
    assert parsed.values.iloc[0] == local("2026-03-04 00:00")
    # A value the explicit format does not fit is invalid even though another layout would read it.
    parsed = parse(["01.02.2026 10:00", "2026-02-01 10:00"], date_format="%d.%m.%Y %H:%M")
    assert parsed.invalid.tolist() == [False, True]
    assert parse(["45000.5"], date_format="excel").values.iloc[0] == local("2023-03-15 12:00")
    assert parse(["2026-11-28"], date_format="iso").format == "ISO 8601"
    assert parse(["28 Nov 2026"], date_format="%d %b %Y").values.iloc[0] == local("2026-11-28 00:00")


def test_explicit_format_that_reads_nothing_or_is_not_a_format():
    with pytest.raises(BadDataError, match="no value matches the date format"):
        parse(["2026-11-28"], date_format="%d.%m.%Y")
    with pytest.raises(UsageError, match="no % codes"):
        parse(["2026-11-28"], date_format="dd.mm.yyyy")


def test_dst_gap_and_repeated_hour_follow_the_documented_rule():
    parsed = parse(["29.3.2026 03:30", "25.10.2026 03:30"])
    # gap: read as winter time (03:30 EET = 01:30 UTC); repeated hour: first, summer-time occurrence.
    assert parsed.values.tolist() == [pd.Timestamp("2026-03-29 01:30", tz="UTC"),
                                      pd.Timestamp("2026-10-25 00:30", tz="UTC")]


def test_invalid_values_are_flagged_not_raised():
    good = [f"{day}.11.2026 10:00" for day in range(1, 21)]
    parsed = parse(good + ["31.02.2026 10:00", "28.11.2026 25:00", "eilen", "", "NULL"])
    assert parsed.invalid.tolist() == [False] * 20 + [True, True, True, False, False]
    assert parsed.values.iloc[20:].isna().all() and parsed.values.iloc[:20].notna().all()
    assert parsed.format == "%d.%m.%Y %H:%M"


def test_a_column_that_is_mostly_not_dates_is_refused():
    with pytest.raises(BadDataError, match=r"column 'Aikaleima'.*'eilen'.*pass --date-format"):
        parse(["28.11.2026", "eilen", "huomenna", "tänään"])
    with pytest.raises(BadDataError, match="no known date layout"):
        parse(["Hakemus", "Päätös"])


def test_date_only_detection_and_midnight_share():
    parsed = parse(["28.11.2026", "29.11.2026"])
    assert parsed.date_only is True and parsed.date_only_share == 1.0
    parsed = parse(["28.11.2026 00:00", "28.11.2026 14:05", "28.11.2026 14:06", "28.11.2026 00:00"])
    assert parsed.date_only is False and parsed.date_only_share == 0.5
    # midnight as written, before conversion: 00:00+02:00 is 22:00 UTC but still a written midnight
    assert parse(["2026-11-28T00:00:00+02:00"]).date_only_share == 1.0
    mixed = parse(["28.11.2026", "28.11.2026 14:05", "29.11.2026 10:00"])
    assert mixed.date_only is False and mixed.invalid.sum() == 0 and "also %d.%m.%Y" in mixed.format


def test_excel_serial_numbers():
    parsed = parse(pd.Series([45000.5, np.nan, 45000.0, 45000.25]))
    assert parsed.format == "Excel serial"
    assert parsed.values.iloc[0] == local("2023-03-15 12:00")
    assert parsed.values.iloc[2] == local("2023-03-15 00:00")
    assert parsed.values.iloc[3] == local("2023-03-15 06:00")
    assert parsed.invalid.tolist() == [False, False, False, False]
    assert parse(pd.Series(["45000,5"] * 3)).values.iloc[0] == local("2023-03-15 12:00")
    assert parse(pd.Series([45000.5] * 9 + [123.0])).invalid.tolist() == [False] * 9 + [True]
    with pytest.raises(BadDataError, match="not Excel serial dates"):
        parse(pd.Series([1, 2, 3]))


def test_typed_datetimes_naive_and_aware():
    naive = parse(pd.Series(pd.to_datetime(["2026-03-29 03:30", None])))
    assert naive.values.iloc[0] == pd.Timestamp("2026-03-29 01:30", tz="UTC") and naive.values.isna().iloc[1]
    aware = parse(pd.Series(pd.to_datetime(["2026-11-28 14:05"]).tz_localize("Europe/Helsinki")))
    assert aware.values.iloc[0] == pd.Timestamp("2026-11-28 12:05", tz="UTC")


def test_result_keeps_the_input_index_and_repeats_parse_once_correctly():
    raw = pd.Series(["28.11.2026 14:05", "1.2.2026 9:00"] * 500, index=np.arange(1000) * 3 + 7, dtype="str")
    parsed = parse(raw)
    assert parsed.values.index.equals(raw.index) and parsed.invalid.index.equals(raw.index)
    assert (parsed.values.iloc[1::2] == local("2026-02-01 09:00")).all()


# ------------------------------------------------------------------------------------------ properties
instants = st.datetimes(min_value=datetime(1990, 1, 1), max_value=datetime(2060, 12, 31))
offsets = st.integers(min_value=-12 * 4, max_value=14 * 4).map(lambda q: timedelta(minutes=15 * q))


@settings(max_examples=150, deadline=None)
@given(wall=instants, offset=offsets, form=st.sampled_from(["finnish", "iso_offset", "iso_naive"]))
def test_formatted_datetimes_parse_back_to_the_same_instant(wall, offset, form):
    wall = wall.replace(microsecond=wall.microsecond // 1000 * 1000)
    if form == "finnish":
        wall = wall.replace(microsecond=0)
        text, expected = f"{wall.day}.{wall.month}.{wall.year} klo {wall:%H.%M.%S}", local(wall.isoformat())
    elif form == "iso_naive":
        text, expected = wall.isoformat(timespec="milliseconds"), local(wall.isoformat())
    else:
        aware = wall.replace(tzinfo=dt_timezone(offset))
        text, expected = aware.isoformat(timespec="milliseconds"), pd.Timestamp(aware.astimezone(dt_timezone.utc))
    parsed = parse([text])
    assert not parsed.invalid.any()
    assert parsed.values.iloc[0] == expected, text


LAYOUTS = {"%d/%m/%Y %H:%M": "%d/%m/%Y %H:%M", "%m/%d/%Y %H:%M": "%m/%d/%Y %H:%M",
           "%d.%m.%Y %H:%M": "%d.%m.%Y %H:%M", "%Y-%m-%d %H:%M": "ISO 8601"}


@settings(max_examples=80, deadline=None)
@given(walls=st.lists(instants, min_size=1, max_size=30), layout=st.sampled_from(sorted(LAYOUTS)),
       late_day=st.integers(min_value=13, max_value=28))
def test_a_column_with_a_day_over_12_gets_the_right_layout(walls, layout, late_day):
    walls = [w.replace(second=0, microsecond=0) for w in walls]
    walls.append(walls[0].replace(day=late_day))
    parsed = parse([w.strftime(layout) for w in walls])
    assert parsed.format == LAYOUTS[layout]
    assert parsed.values.tolist() == [local(w.isoformat()) for w in walls]


def test_spreadsheet_quirks_non_breaking_space_padding_and_number_dates():
    parsed = parse(["28.11.2026\u00a014:05", " 28.11.2026 14:05 "])
    assert parsed.values.tolist() == [local("2026-11-28 14:05")] * 2
    numbers = parse(pd.Series([20261128, None]), date_format="%Y%m%d")
    assert numbers.values.iloc[0] == local("2026-11-28 00:00") and numbers.date_only
    cells = parse(pd.Series([datetime(2026, 11, 28, 14, 5), None], dtype=object))
    assert cells.values.iloc[0] == local("2026-11-28 14:05") and cells.values.isna().iloc[1]
    offset = parse(["28.11.2026 14:05 +0300"], date_format="%d.%m.%Y %H:%M %z")
    assert offset.values.iloc[0] == pd.Timestamp("2026-11-28 11:05", tz="UTC")
